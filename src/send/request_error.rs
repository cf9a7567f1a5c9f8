//! The error of the sender's side: a request that cannot be sent as asked.

use alloc::string::String;
use core::fmt;

/// Why a [`WebhookRequest`](crate::send::webhook_request::WebhookRequest) could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestError {
    /// The event type cannot travel as an `X-Webhook-Event` header value: it must be printable
    /// ASCII (spaces and tabs allowed inside, not at either end), so that the receiver reads back
    /// the same text. Only the type of an unknown event, or one given with a raw body, can be so.
    InvalidEventHeader {
        /// The event type, as given.
        event_type: String,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEventHeader { event_type } => write!(
                f,
                "event type {event_type:?} cannot be sent as an X-Webhook-Event header value \
                 (printable ASCII only, no surrounding whitespace)"
            ),
        }
    }
}

impl core::error::Error for RequestError {}
