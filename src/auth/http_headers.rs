//! Adapters for the `http` crate's types (used by axum, hyper, tower, reqwest, …).

use crate::auth::headers::Headers;

impl<'a> Headers<'a> {
    /// The webhook headers of an `http::HeaderMap` (names are matched case-insensitively, as the
    /// map does). Where a header occurs more than once, the first value counts, as with
    /// `HeaderMap::get`.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Headers, SigningKey, UnixTime, Verifier};
    ///
    /// let body = br#"{"message":{"type":"status-update"}}"#;
    /// let signed = SigningKey::new("whsec_demo")?.sign(UnixTime::from_secs(1_700_000_000), body);
    /// let request = http::Request::post("/webhooks")
    ///     .header("X-Webhook-Timestamp", signed.timestamp())
    ///     .header("X-Webhook-Signature", signed.signature())
    ///     .header("X-Webhook-Event", "status-update")
    ///     .body(body.to_vec())?;
    ///
    /// let verifier = Verifier::new("whsec_demo")?;
    /// let headers = Headers::from_http(request.headers());
    /// assert_eq!(headers.event(), Some(&b"status-update"[..]));
    /// verifier.verify(&headers, request.body(), UnixTime::from_secs(1_700_000_001))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_http(map: &'a http::HeaderMap) -> Self {
        Self::from_fn(|name| map.get(name).map(http::HeaderValue::as_bytes))
    }
}

impl<'a> From<&'a http::HeaderMap> for Headers<'a> {
    fn from(map: &'a http::HeaderMap) -> Self {
        Self::from_http(map)
    }
}

// The constants must be valid `http` header names (lowercase, no spaces): checked at compile time
// of the tests below, so `HeaderName::from_static` on them cannot panic for users.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::headers::{EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
    use http::{HeaderMap, HeaderName, HeaderValue};

    #[test]
    fn constants_are_valid_static_header_names() {
        for name in
            [TIMESTAMP_HEADER, SIGNATURE_HEADER, EVENT_HEADER, crate::auth::headers::USER_ASSISTANT_HEADER]
        {
            assert_eq!(HeaderName::from_static(name).as_str(), name);
        }
    }

    #[test]
    fn reads_values_case_insensitively_and_takes_the_first_duplicate() {
        let mut map = HeaderMap::new();
        map.insert("X-Webhook-Timestamp", HeaderValue::from_static("1700000000"));
        map.append("x-webhook-signature", HeaderValue::from_static("first"));
        map.append("x-webhook-signature", HeaderValue::from_static("second"));
        map.insert("x-webhook-event", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let headers = Headers::from(&map);
        assert_eq!(headers.timestamp(), Some(&b"1700000000"[..]));
        assert_eq!(headers.signature(), Some(&b"first"[..]));
        assert_eq!(headers.event(), Some(&b"caf\xe9"[..]));
        assert_eq!(Headers::from_http(&HeaderMap::new()), Headers::new());
    }
}
