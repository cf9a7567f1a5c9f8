//! The one place that turns a body into the request the platform would send.
//!
//! Every sending command (`sign`, `trigger`, `call`, `demo`) goes through [`build_request`]. When
//! the library grows a sender API (an event, a key and a time in, the request's headers and body
//! out), this function is the only one to switch over to it.

use hmsovereign_webhooks::{
    EVENT_HEADER, SIGNATURE_HEADER, SigningKey, TIMESTAMP_HEADER, USER_ASSISTANT_HEADER, UnixTime,
};

/// `Content-Type` as the platform sends it.
pub(crate) const CONTENT_TYPE: &str = "application/json";
/// The platform's `User-Assistant` value (sic: informational, receivers never need it).
pub(crate) const USER_ASSISTANT: &str = "HMS-Sovereign/1.0";

/// A webhook request ready to send: method, URL, headers in sending order, the body bytes.
#[derive(Clone, Debug)]
pub(crate) struct OutgoingRequest {
    pub(crate) method: &'static str,
    pub(crate) url: String,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl OutgoingRequest {
    /// The value of header `name` (exact name as built here).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(header, _)| *header == name).map(|(_, value)| value.as_str())
    }
}

/// The request that delivers `body` (sent byte for byte) to `url` as an event of type `event_type`
/// (`None`: no `X-Webhook-Event` header), signed with `key` at `time`.
///
/// Headers: `content-type`, `user-assistant`, `x-webhook-event`, `x-webhook-timestamp`,
/// `x-webhook-signature` (`sha256=` and the HMAC-SHA256 of `timestamp.body`, by
/// [`SigningKey::sign`]).
pub(crate) fn build_request(
    url: &str,
    body: Vec<u8>,
    event_type: Option<&str>,
    key: &SigningKey,
    time: UnixTime,
) -> OutgoingRequest {
    let signed = key.sign(time, &body);
    let mut headers =
        vec![("content-type", CONTENT_TYPE.to_owned()), (USER_ASSISTANT_HEADER, USER_ASSISTANT.to_owned())];
    if let Some(event_type) = event_type {
        headers.push((EVENT_HEADER, event_type.to_owned()));
    }
    headers.push((TIMESTAMP_HEADER, signed.timestamp().to_owned()));
    headers.push((SIGNATURE_HEADER, signed.signature().to_owned()));
    OutgoingRequest { method: "POST", url: url.to_owned(), headers, body }
}
