//! An event of a type this crate does not know.

use alloc::borrow::Cow;

use crate::model::common::owned;
use crate::model::raw_json::RawJson;

/// An event whose `message.type` this crate does not know.
///
/// The protocol's event types are an open set: a new type must not break a receiver. Only
/// `message.type` is read (it must be a string); the rest of the message is kept as raw JSON and
/// not checked. Answer such events with a 2xx.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent<'a> {
    /// `message.type`, unescaped (any text, even empty).
    pub event_type: Cow<'a, str>,
    /// The whole `message` object, as received.
    pub message: RawJson<'a>,
}

impl UnknownEvent<'_> {
    /// The same event with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> UnknownEvent<'static> {
        UnknownEvent { event_type: owned(self.event_type), message: self.message.into_owned() }
    }
}
