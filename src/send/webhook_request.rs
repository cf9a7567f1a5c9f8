//! [`WebhookRequest`]: one signed webhook delivery, as the platform sends it.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::auth::signed_headers::SignedHeaders;
use crate::auth::signing_key::SigningKey;
use crate::auth::unix_time::UnixTime;
use crate::model::event::Event;
use crate::send::request_error::RequestError;

/// `Content-Type` of every delivery.
const CONTENT_TYPE: &str = "application/json";
/// The platform's informational `User-Assistant` value.
const USER_ASSISTANT: &str = "HMS-Sovereign/1.0";

/// One webhook delivery ready to send: an HTTP `POST` of [`body`](Self::body) with
/// [`headers`](Self::headers), signed with a [`SigningKey`] at a [`UnixTime`] the caller passes in.
///
/// The headers are those the platform sends, in this order and spelling (HTTP header names are
/// case-insensitive):
///
/// | name | value |
/// |---|---|
/// | `Content-Type` | `application/json` |
/// | `User-Assistant` | `HMS-Sovereign/1.0` |
/// | `X-Webhook-Event` | the event type, e.g. `tool-calls` (left out if a raw body was given none) |
/// | `X-Webhook-Timestamp` | the signing time in decimal seconds, e.g. `1700000000` |
/// | `X-Webhook-Signature` | `sha256=` and the 64 lowercase hex digits of HMAC-SHA256(secret, `timestamp.body`) |
///
/// The body is signed exactly as it is held and must be sent byte for byte. Nothing here is
/// secret (the key is not kept), so `Debug` shows everything, the body as lossy UTF-8.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{Call, Common, Event, SigningKey, StatusUpdate, UnixTime, WebhookRequest};
///
/// let event = Event::from(StatusUpdate::new(Common::new(Call::new("c1").with_status("in-progress"))));
/// let key = SigningKey::new("whsec_test_secret_12345")?;
/// let request = WebhookRequest::new(&event, &key, UnixTime::from_secs(1_700_000_000))?;
///
/// assert_eq!(request.body(), br#"{"message":{"type":"status-update","call":{"id":"c1","status":"in-progress"}}}"#);
/// let headers: Vec<(&str, &str)> = request.headers().collect();
/// assert_eq!(headers[..4], [
///     ("Content-Type", "application/json"),
///     ("User-Assistant", "HMS-Sovereign/1.0"),
///     ("X-Webhook-Event", "status-update"),
///     ("X-Webhook-Timestamp", "1700000000"),
/// ]);
/// assert_eq!(headers[4].0, "X-Webhook-Signature");
/// assert!(headers[4].1.starts_with("sha256="));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WebhookRequest {
    body: Vec<u8>,
    event_type: Option<String>,
    signed: SignedHeaders,
}

impl WebhookRequest {
    /// The HTTP method of every delivery.
    pub const METHOD: &'static str = "POST";

    /// The delivery of `event`: its body as [`Event::to_vec`] writes it, signed with `key` as sent
    /// at `timestamp`, with `X-Webhook-Event` naming its type.
    ///
    /// # Errors
    ///
    /// [`RequestError::InvalidEventHeader`] if the event is an unknown one whose type cannot be a
    /// header value (see the variant). The four known types never fail.
    pub fn new(event: &Event<'_>, key: &SigningKey, timestamp: UnixTime) -> Result<Self, RequestError> {
        Self::from_body(event.to_vec(), Some(event.event_type().as_str()), key, timestamp)
    }

    /// The delivery of a body the caller brings, sent byte for byte whatever it holds (it is not
    /// checked to be JSON, nor to match `event_type`: a test may want to send a broken one),
    /// signed with `key` as sent at `timestamp`. `event_type` is the `X-Webhook-Event` value, or
    /// `None` to send no such header.
    ///
    /// # Errors
    ///
    /// [`RequestError::InvalidEventHeader`] if `event_type` cannot be a header value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{SigningKey, UnixTime, WebhookRequest};
    ///
    /// let key = SigningKey::new("whsec_test_secret_12345")?;
    /// let request = WebhookRequest::from_body(
    ///     br#"{"message":{"type":"status-update"}}"#.to_vec(),
    ///     Some("status-update"),
    ///     &key,
    ///     UnixTime::from_secs(1_700_000_000),
    /// )?;
    /// assert_eq!(
    ///     request.signature(),
    ///     "sha256=09a6634fdc9688fdc77b1b2997e7d4abbeef50439bee0292c555d21be39b1675"
    /// );
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn from_body(
        body: impl Into<Vec<u8>>,
        event_type: Option<&str>,
        key: &SigningKey,
        timestamp: UnixTime,
    ) -> Result<Self, RequestError> {
        if let Some(bad) = event_type.filter(|event_type| !is_header_value(event_type)) {
            return Err(RequestError::InvalidEventHeader { event_type: bad.to_owned() });
        }
        let body = body.into();
        let signed = key.sign(timestamp, &body);
        Ok(Self { body, event_type: event_type.map(ToOwned::to_owned), signed })
    }

    /// The body to send, byte for byte.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, taken out of the request.
    #[must_use]
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// The `X-Webhook-Event` value, if the request has one.
    #[must_use]
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// The `X-Webhook-Timestamp` value: the signing time in decimal seconds.
    #[must_use]
    pub fn timestamp(&self) -> &str {
        self.signed.timestamp()
    }

    /// The `X-Webhook-Signature` value: `sha256=` and 64 lowercase hex digits.
    #[must_use]
    pub fn signature(&self) -> &str {
        self.signed.signature()
    }

    /// The two authenticating header values together.
    #[must_use]
    pub const fn signed_headers(&self) -> &SignedHeaders {
        &self.signed
    }

    /// Every header to send, as (name, value) pairs in the order of the [type's table](Self).
    pub fn headers(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        [
            Some(("Content-Type", CONTENT_TYPE)),
            Some(("User-Assistant", USER_ASSISTANT)),
            self.event_type().map(|event_type| ("X-Webhook-Event", event_type)),
            Some(("X-Webhook-Timestamp", self.timestamp())),
            Some(("X-Webhook-Signature", self.signature())),
        ]
        .into_iter()
        .flatten()
    }

    /// The value of the header `name`, matched case-insensitively (`x-webhook-event`,
    /// [`EVENT_HEADER`](crate::auth::headers::EVENT_HEADER), `X-Webhook-Event` all find it).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().find(|(header, _)| header.eq_ignore_ascii_case(name)).map(|(_, value)| value)
    }
}

/// Whether `value` is sent and received unchanged as an HTTP field value (RFC 9110, section 5.5):
/// visible ASCII, with spaces and tabs only inside (receivers trim them at either end). Not
/// `obs-text`: bytes beyond ASCII are read differently by different HTTP stacks.
fn is_header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    let visible_or_blank = |byte: &u8| matches!(byte, b' ' | b'\t' | 0x21..=0x7e);
    let blank = |byte: Option<&u8>| matches!(byte, Some(b' ' | b'\t'));
    bytes.iter().all(visible_or_blank) && !blank(bytes.first()) && !blank(bytes.last())
}

impl fmt::Debug for WebhookRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookRequest")
            .field("event_type", &self.event_type)
            .field("timestamp", &self.timestamp())
            .field("signature", &self.signature())
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values() {
        for good in ["tool-calls", "", "a b", "a\tb", "~!x"] {
            assert!(is_header_value(good), "{good:?}");
        }
        for bad in [" a", "a ", "\ta", "a\t", "a\nb", "a\rb", "é", "a\u{7f}", "\0", " "] {
            assert!(!is_header_value(bad), "{bad:?}");
        }
    }

    #[test]
    fn without_event_header() {
        let key = SigningKey::new("k").unwrap();
        let request = WebhookRequest::from_body(&b"x"[..], None, &key, UnixTime::from_secs(7)).unwrap();
        let names: std::vec::Vec<_> = request.headers().map(|(name, _)| name).collect();
        assert_eq!(names, ["Content-Type", "User-Assistant", "X-Webhook-Timestamp", "X-Webhook-Signature"]);
        assert_eq!(request.header("x-webhook-event"), None);
        assert_eq!(request.header("X-WEBHOOK-TIMESTAMP"), Some("7"));
        assert_eq!(request.signed_headers(), &key.sign(UnixTime::from_secs(7), b"x"));
    }
}
