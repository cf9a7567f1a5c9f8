//! Writing an event back in wire form: `{"message": {"type": …, …}}`, each field under the key its
//! [`event_fields!`] row declares, the same key the reader reads.

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::model::event::Event;

impl Serialize for Event<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut envelope = serializer.serialize_struct("Webhook", 1)?;
        match self {
            Self::Unknown(unknown) => envelope.serialize_field("message", &unknown.message)?,
            known => envelope.serialize_field("message", &KnownMessage(known))?,
        }
        envelope.end()
    }
}

/// The `message` object of a known event, in wire form; absent optional fields are left out.
struct KnownMessage<'e, 'a>(&'e Event<'a>);

impl Serialize for KnownMessage<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.0.event_type().as_str())?;
        match self.0 {
            Event::AssistantRequest(event) => event.write_fields(&mut map)?,
            Event::ToolCalls(event) => event.write_fields(&mut map)?,
            Event::StatusUpdate(event) => event.write_fields(&mut map)?,
            Event::EndOfCallReport(event) => event.write_fields(&mut map)?,
            Event::Unknown(_) => {}
        }
        map.end()
    }
}

impl Event<'_> {
    /// The body that delivers this event, exactly as the platform writes it: `{"message":{…}}`,
    /// compact, `message.type` first, then each field the event has under its key (absent
    /// optional fields and an empty transcript left out), each key once. An unknown event's
    /// message is written as it was given or received.
    ///
    /// Raw values (`analysis`, `assistant`, tool `arguments`, an unknown event's message) are
    /// written byte for byte as they were given or received. The model holds no floating-point
    /// number of its own, so nothing is ever written as a NaN or an infinity (nor silently as
    /// `null` instead of one). [`parse_event`](crate::model::parse_event::parse_event) reads the
    /// body back as an equal event.
    ///
    /// To sign and send it, see [`WebhookRequest::new`](crate::send::webhook_request::WebhookRequest::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, Common, Event, StatusUpdate, parse_event};
    ///
    /// let event = Event::from(StatusUpdate::new(Common::new(Call::new("c1").with_status("ended")))
    ///     .with_end_reason("user_hangup"));
    /// let body = event.to_vec();
    /// assert_eq!(
    ///     body,
    ///     br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"},"end_reason":"user_hangup"}}"#
    /// );
    /// assert_eq!(parse_event(&body, Some(b"status-update"))?, event);
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let written = serde_json::to_vec(self);
        // Cannot fail: every key is a string, every value a string, a u64 or raw JSON, and a
        // `Vec` takes every byte.
        debug_assert!(written.is_ok(), "{written:?}");
        written.unwrap_or_default()
    }

    /// The body of [`Event::to_vec`], as text.
    #[must_use]
    pub fn to_json(&self) -> String {
        let written = serde_json::to_string(self);
        // Cannot fail, as in `to_vec`.
        debug_assert!(written.is_ok(), "{written:?}");
        written.unwrap_or_default()
    }
}
