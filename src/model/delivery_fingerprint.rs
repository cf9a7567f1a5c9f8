//! [`Event::delivery_fingerprint`]: the delivery layer's fingerprint of a parsed event.

use crate::delivery::fingerprint::Fingerprint;
use crate::model::event::Event;

impl Event<'_> {
    /// The fingerprint of this delivery, to recognise the platform delivering it again.
    ///
    /// The key, hashed part by part as [`Fingerprint`] describes:
    /// - for the four known types: the event type, `call.id`, `call.status`, `message.timestamp`
    ///   (absent parts count as absent), and for `tool-calls` also the number of tool calls and
    ///   each tool call's id, in order;
    /// - for an unknown type: the event type and the whole message text as received.
    ///
    /// The platform stamps each message when it creates it, so a retry repeats the timestamp while
    /// a new message of the same call gets a new one. Two messages that agree on every part of the
    /// key are taken for one delivery.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Deduplicator, parse_event};
    ///
    /// let body = br#"{"message":{"type":"status-update","timestamp":"2025-12-13T12:05:00.000Z",
    ///     "call":{"id":"c1","status":"ended"}}}"#;
    /// let mut seen = Deduplicator::<1024>::new();
    /// assert!(seen.insert(parse_event(body, None)?.delivery_fingerprint()));
    /// // The same delivery again, e.g. after a timeout on the platform's side:
    /// assert!(!seen.insert(parse_event(body, None)?.delivery_fingerprint()));
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn delivery_fingerprint(&self) -> Fingerprint {
        let builder = Fingerprint::builder().part(self.event_type().as_str());
        let Some(common) = self.common() else {
            let message = match self {
                Event::Unknown(unknown) => unknown.message.as_str(),
                _ => "",
            };
            return builder.part(message).finish();
        };
        let mut builder = builder
            .part(&*common.call.id)
            .optional_part(common.call.status.as_ref().map(|status| status.as_str()))
            .optional_part(common.timestamp.as_deref());
        if let Event::ToolCalls(event) = self {
            builder = builder.part(&(event.tool_calls.len() as u64).to_le_bytes());
            for call in &event.tool_calls {
                builder = builder.part(&*call.id);
            }
        }
        builder.finish()
    }
}
