//! [`Event`]: one parsed webhook, of a known type or not.

use crate::delivery::event_type::EventType;
use crate::model::assistant_request::AssistantRequest;
use crate::model::common::{Call, Common};
use crate::model::end_of_call_report::EndOfCallReport;
use crate::model::status_update::StatusUpdate;
use crate::model::tool_calls::ToolCalls;
use crate::model::unknown_event::UnknownEvent;

/// One webhook event, parsed from a body `{"message": {...}}` according to `message.type`.
///
/// The four types the protocol defines have a typed case each; any other type (the platform may
/// add some) is [`Event::Unknown`], which keeps the type's text and the raw message and is never
/// an error. Text is borrowed from the body wherever it needed no unescaping; use
/// [`Event::into_owned`] to keep an event beyond the body's lifetime.
///
/// The event serializes back to its wire form `{"message": {...}}`, with the fields this crate
/// models (unknown fields of known events are not kept; an unknown event's message is written
/// back verbatim). Parsing that output gives an equal event.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{CallStatus, Event, parse_event};
///
/// let body = br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"},
///     "end_reason":"user_hangup"}}"#;
/// match parse_event(body, Some(b"status-update"))? {
///     Event::StatusUpdate(update) => {
///         assert_eq!(update.common.call.id, "c1");
///         assert_eq!(update.common.call.status, Some(CallStatus::Ended));
///         assert_eq!(update.end_reason.as_ref().map(|reason| reason.as_str()), Some("user_hangup"));
///     }
///     Event::Unknown(other) => println!("ignoring a {} event", other.event_type),
///     _ => {}
/// }
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// `assistant-request`: an inbound call is ringing; the response configures it (5 s deadline).
    AssistantRequest(AssistantRequest<'a>),
    /// `tool-calls`: the assistant asks for tool results (10 s deadline for synchronous tools).
    ToolCalls(ToolCalls<'a>),
    /// `status-update`: the call's status changed; the response is ignored.
    StatusUpdate(StatusUpdate<'a>),
    /// `end-of-call-report`: the call is over; the response is ignored.
    EndOfCallReport(EndOfCallReport<'a>),
    /// Any other `message.type`, kept unparsed.
    Unknown(UnknownEvent<'a>),
}

impl<'a> Event<'a> {
    /// The event's type (`message.type`).
    #[must_use]
    pub fn event_type(&self) -> EventType<'_> {
        match self {
            Self::AssistantRequest(_) => EventType::AssistantRequest,
            Self::ToolCalls(_) => EventType::ToolCalls,
            Self::StatusUpdate(_) => EventType::StatusUpdate,
            Self::EndOfCallReport(_) => EventType::EndOfCallReport,
            Self::Unknown(unknown) => EventType::Other(&unknown.event_type),
        }
    }

    /// The fields every known event carries; `None` for an unknown event.
    #[must_use]
    pub const fn common(&self) -> Option<&Common<'a>> {
        match self {
            Self::AssistantRequest(event) => Some(&event.common),
            Self::ToolCalls(event) => Some(&event.common),
            Self::StatusUpdate(event) => Some(&event.common),
            Self::EndOfCallReport(event) => Some(&event.common),
            Self::Unknown(_) => None,
        }
    }

    /// The call the event belongs to; `None` for an unknown event.
    #[must_use]
    pub const fn call(&self) -> Option<&Call<'a>> {
        match self.common() {
            Some(common) => Some(&common.call),
            None => None,
        }
    }

    /// `message.timestamp`, if the event is known and carries one.
    #[must_use]
    pub fn timestamp(&self) -> Option<&str> {
        self.common().and_then(|common| common.timestamp.as_deref())
    }

    /// The same event with all text copied, so it no longer borrows the body (e.g. to hand it to
    /// another task).
    #[must_use]
    pub fn into_owned(self) -> Event<'static> {
        match self {
            Self::AssistantRequest(event) => Event::AssistantRequest(event.into_owned()),
            Self::ToolCalls(event) => Event::ToolCalls(event.into_owned()),
            Self::StatusUpdate(event) => Event::StatusUpdate(event.into_owned()),
            Self::EndOfCallReport(event) => Event::EndOfCallReport(event.into_owned()),
            Self::Unknown(event) => Event::Unknown(event.into_owned()),
        }
    }
}
