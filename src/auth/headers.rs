//! The webhook's HTTP headers: their names and a framework-neutral view of their values. Their
//! syntax is in [`header_syntax`](crate::auth::header_syntax).

/// Name of the header carrying the signature, `sha256=` + 64 lowercase hex digits.
///
/// HTTP header names are case-insensitive; the constants are lowercase, as HTTP/2 and the
/// `http` crate require.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";
/// Name of the header carrying the signing time in decimal Unix seconds.
pub const TIMESTAMP_HEADER: &str = "x-webhook-timestamp";
/// Name of the header naming the event type (`tool-calls`, …), equal to the body's `message.type`.
pub const EVENT_HEADER: &str = "x-webhook-event";
/// Name of the informational header `HMS-Sovereign/1.0` that the platform sends (spelt
/// `User-Assistant` by the platform, not `User-Agent`). Never required by this crate.
pub const USER_ASSISTANT_HEADER: &str = "user-assistant";

/// The values of the webhook headers of one request, borrowed from whatever header map the HTTP
/// framework uses, so the crate depends on none.
///
/// Values are raw bytes: HTTP header values need not be UTF-8, and the timestamp enters the
/// signature exactly as received. A header that is absent is `None`, which verification reports
/// as its own error rather than as an invalid signature.
///
/// Header values are not secret: the signature is a MAC that an eavesdropper sees anyway, so
/// `Debug` shows them.
///
/// # Examples
///
/// From any map with a lookup by name (here a slice of pairs standing in for the framework's map):
///
/// ```
/// use hmsovereign_webhooks::Headers;
///
/// let request: &[(&str, &str)] = &[
///     ("x-webhook-timestamp", "1700000000"),
///     ("x-webhook-signature", "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"),
/// ];
/// let headers = Headers::from_fn(|name| {
///     request.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_bytes())
/// });
/// assert_eq!(headers.timestamp(), Some(&b"1700000000"[..]));
/// assert_eq!(headers.event(), None);
/// ```
///
/// Or value by value:
///
/// ```
/// use hmsovereign_webhooks::Headers;
///
/// let headers = Headers::new().with_timestamp("1700000000").with_signature("sha256=00");
/// assert_eq!(headers.signature(), Some(&b"sha256=00"[..]));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Headers<'a> {
    timestamp: Option<&'a [u8]>,
    signature: Option<&'a [u8]>,
    event: Option<&'a [u8]>,
}

impl<'a> Headers<'a> {
    /// No headers at all.
    #[must_use]
    pub const fn new() -> Self {
        Self { timestamp: None, signature: None, event: None }
    }

    /// Looks each webhook header up by its lowercase name ([`TIMESTAMP_HEADER`],
    /// [`SIGNATURE_HEADER`], [`EVENT_HEADER`]) with `get`, which should match names
    /// case-insensitively as HTTP requires (most header maps do).
    #[must_use]
    pub fn from_fn<F>(mut get: F) -> Self
    where
        F: FnMut(&'static str) -> Option<&'a [u8]>,
    {
        Self { timestamp: get(TIMESTAMP_HEADER), signature: get(SIGNATURE_HEADER), event: get(EVENT_HEADER) }
    }

    /// Sets the `X-Webhook-Timestamp` value.
    #[must_use]
    pub fn with_timestamp<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.timestamp = Some(value.as_ref());
        self
    }

    /// Sets the `X-Webhook-Signature` value.
    #[must_use]
    pub fn with_signature<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.signature = Some(value.as_ref());
        self
    }

    /// Sets the `X-Webhook-Event` value.
    #[must_use]
    pub fn with_event<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.event = Some(value.as_ref());
        self
    }

    /// The `X-Webhook-Timestamp` value, if present.
    #[must_use]
    pub const fn timestamp(&self) -> Option<&'a [u8]> {
        self.timestamp
    }

    /// The `X-Webhook-Signature` value, if present.
    #[must_use]
    pub const fn signature(&self) -> Option<&'a [u8]> {
        self.signature
    }

    /// The `X-Webhook-Event` value, if present.
    #[must_use]
    pub const fn event(&self) -> Option<&'a [u8]> {
        self.event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_fn_asks_for_lowercase_names() {
        let mut asked = std::vec::Vec::new();
        let headers = Headers::from_fn(|name| {
            asked.push(name);
            (name == TIMESTAMP_HEADER).then_some(&b"1"[..])
        });
        assert_eq!(asked, [TIMESTAMP_HEADER, SIGNATURE_HEADER, EVENT_HEADER]);
        assert_eq!(headers, Headers::new().with_timestamp("1"));
    }
}
