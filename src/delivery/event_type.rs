//! The event types, an open set: a type this crate does not know is kept, never an error.

use core::fmt;
use core::time::Duration;

/// The type of a webhook event: `message.type` in the body, and the `X-Webhook-Event` header.
///
/// An open set: the platform may add event types, and a type this crate does not know is kept as
/// [`EventType::Other`] with its text, never treated as an error.
///
/// # Examples
///
/// ```
/// use core::time::Duration;
/// use hmsovereign_webhooks::EventType;
///
/// let ty = EventType::from_name("tool-calls");
/// assert_eq!(ty, EventType::ToolCalls);
/// assert_eq!(ty.response_deadline(), Some(Duration::from_secs(10)));
/// assert_eq!(EventType::from_name("transcript").as_str(), "transcript");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventType<'a> {
    /// `assistant-request`: before an inbound call is answered; the response configures the call.
    AssistantRequest,
    /// `tool-calls`: the assistant calls one or more of the receiver's tools.
    ToolCalls,
    /// `status-update`: the call changed status (`in-progress`, `ended`, `ended-with-error`).
    StatusUpdate,
    /// `end-of-call-report`: after the call, with duration, summary and optional analysis.
    EndOfCallReport,
    /// A type this crate does not know, with its text.
    Other(&'a str),
}

impl<'a> EventType<'a> {
    /// The four event types the protocol defines, in the order of a call.
    pub const KNOWN: [EventType<'static>; 4] = [
        EventType::AssistantRequest,
        EventType::ToolCalls,
        EventType::StatusUpdate,
        EventType::EndOfCallReport,
    ];

    /// The event type named `name` (exact, case-sensitive match, as the platform sends it).
    #[must_use]
    pub fn from_name(name: &'a str) -> Self {
        match name {
            "assistant-request" => Self::AssistantRequest,
            "tool-calls" => Self::ToolCalls,
            "status-update" => Self::StatusUpdate,
            "end-of-call-report" => Self::EndOfCallReport,
            other => Self::Other(other),
        }
    }

    /// The type's name as it appears in `message.type` and `X-Webhook-Event`.
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        match self {
            Self::AssistantRequest => "assistant-request",
            Self::ToolCalls => "tool-calls",
            Self::StatusUpdate => "status-update",
            Self::EndOfCallReport => "end-of-call-report",
            Self::Other(name) => name,
        }
    }

    /// Whether the platform uses the receiver's response body: true for `assistant-request` and
    /// `tool-calls`. For `status-update` and `end-of-call-report` any 2xx acknowledges and the body
    /// is ignored. Unknown types: `false` (acknowledge with 2xx).
    #[must_use]
    pub const fn response_used(&self) -> bool {
        matches!(self, Self::AssistantRequest | Self::ToolCalls)
    }

    /// How long the platform waits for the response: 5 s for `assistant-request` (then the call
    /// goes on with the default configuration), 10 s for synchronous `tool-calls`; `None` where the
    /// response is not used.
    #[must_use]
    pub const fn response_deadline(&self) -> Option<Duration> {
        match self {
            Self::AssistantRequest => Some(Duration::from_secs(5)),
            Self::ToolCalls => Some(Duration::from_secs(10)),
            _ => None,
        }
    }
}

impl fmt::Display for EventType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for ty in EventType::KNOWN {
            assert_eq!(EventType::from_name(ty.as_str()), ty);
        }
        assert_eq!(EventType::from_name("Tool-Calls"), EventType::Other("Tool-Calls"));
    }

    #[test]
    fn deadlines() {
        assert_eq!(EventType::AssistantRequest.response_deadline(), Some(Duration::from_secs(5)));
        assert_eq!(EventType::ToolCalls.response_deadline(), Some(Duration::from_secs(10)));
        assert_eq!(EventType::StatusUpdate.response_deadline(), None);
        assert_eq!(EventType::EndOfCallReport.response_deadline(), None);
        assert!(!EventType::Other("x").response_used());
        assert!(EventType::ToolCalls.response_used());
    }
}
