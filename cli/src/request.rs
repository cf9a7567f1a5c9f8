//! The one place that turns a body into the request the platform would send.
//!
//! Every sending command (`sign`, `trigger`, `call`, `demo`, `audit`) goes through
//! [`build_request`], which is the crate's own sender side ([`WebhookRequest`]): the CLI signs and
//! frames requests exactly as a Rust sender using the library would.

use hmsovereign_webhooks::{
    EVENT_HEADER, SIGNATURE_HEADER, SigningKey, TIMESTAMP_HEADER, USER_ASSISTANT_HEADER, UnixTime,
    WebhookRequest,
};

use crate::failure::Failure;

/// The header names as this tool writes them on the wire: lowercase, as the platform's SDK spells
/// them (HTTP header names are case-insensitive).
const WIRE_NAMES: [&str; 5] =
    ["content-type", USER_ASSISTANT_HEADER, EVENT_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER];

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
/// (`None`: no `X-Webhook-Event` header), signed with `key` at `time`: the crate's
/// [`WebhookRequest::from_body`], with its headers in its order (`content-type`, `user-assistant`,
/// `x-webhook-event`, `x-webhook-timestamp`, `x-webhook-signature`).
///
/// # Errors
/// A usage failure when `event_type` cannot be a header value (not printable ASCII, or blank at
/// either end), which keeps a typed `--event` from injecting headers.
pub(crate) fn build_request(
    url: &str,
    body: Vec<u8>,
    event_type: Option<&str>,
    key: &SigningKey,
    time: UnixTime,
) -> Result<OutgoingRequest, Failure> {
    let request = WebhookRequest::from_body(body, event_type, key, time)
        .map_err(|error| Failure::usage(format!("cannot send this event: {error}")))?;
    let headers = request
        .headers()
        .map(|(name, value)| {
            let wire = WIRE_NAMES.into_iter().find(|lower| lower.eq_ignore_ascii_case(name)).unwrap_or(name);
            (wire, value.to_owned())
        })
        .collect();
    Ok(OutgoingRequest {
        method: WebhookRequest::METHOD,
        url: url.to_owned(),
        headers,
        body: request.into_body(),
    })
}
