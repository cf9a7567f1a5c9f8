//! Whether an assistant subscribes to an event type (`webhook_events`).

use crate::delivery::event_type::EventType;

/// The events an assistant subscribes to (`webhook_events`).
///
/// Absent or `null` means every event the protocol defines (`assistant-request`, `tool-calls`,
/// `status-update`, `end-of-call-report`); an event type this crate does not know is not among
/// them. A list names its events exactly: types this crate does not know are kept and matched by
/// their name (case-sensitive), and an empty list subscribes to nothing.
///
/// `S` is any string type (`&str`, `String`, …), so the list can be borrowed from a parsed
/// configuration as is.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{EventType, WebhookEvents};
///
/// assert!(WebhookEvents::<&str>::from_option(None).includes(EventType::EndOfCallReport));
/// assert!(!WebhookEvents::<&str>::All.includes(EventType::Other("transcript")));
///
/// let list = ["tool-calls", "transcript"];
/// let events = WebhookEvents::from_option(Some(&list[..]));
/// assert!(events.includes(EventType::ToolCalls));
/// assert!(events.includes(EventType::Other("transcript")));
/// assert!(!events.includes(EventType::StatusUpdate));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WebhookEvents<'a, S = &'a str> {
    /// No list: the four event types the protocol defines.
    #[default]
    All,
    /// Exactly the events named in the list.
    Only(&'a [S]),
}

impl<'a, S> WebhookEvents<'a, S> {
    /// The filter for a `webhook_events` value: `None` (absent or `null`) is [`All`](Self::All).
    #[must_use]
    pub const fn from_option(list: Option<&'a [S]>) -> Self {
        match list {
            Some(list) => Self::Only(list),
            None => Self::All,
        }
    }
}

impl<S: AsRef<str>> WebhookEvents<'_, S> {
    /// Whether events of type `event` are delivered.
    #[must_use]
    pub fn includes(&self, event: EventType<'_>) -> bool {
        match self {
            Self::All => !matches!(event, EventType::Other(_)),
            Self::Only(list) => list.iter().any(|name| name.as_ref() == event.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_filter() {
        for event in EventType::KNOWN {
            assert!(WebhookEvents::<&str>::All.includes(event));
            assert!(!WebhookEvents::<&str>::Only(&[]).includes(event));
        }
        let list = ["status-update", "Tool-Calls", "transcript"];
        let only = WebhookEvents::from_option(Some(&list[..]));
        assert!(only.includes(EventType::StatusUpdate));
        assert!(!only.includes(EventType::ToolCalls));
        assert!(only.includes(EventType::Other("transcript")));
        assert!(!only.includes(EventType::Other("transcripts")));
        assert_eq!(WebhookEvents::<&str>::from_option(None), WebhookEvents::All);
    }
}
