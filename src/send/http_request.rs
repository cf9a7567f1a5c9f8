//! [`WebhookRequest::into_http`] (feature `http`): the delivery as an `http::Request`, for any
//! client built on the `http` crate (hyper, reqwest, tower).

use alloc::vec::Vec;

use crate::send::webhook_request::WebhookRequest;

impl WebhookRequest {
    /// The delivery as an `http::Request` to `uri`: method `POST`, every header of
    /// [`headers`](Self::headers), and the body.
    ///
    /// # Errors
    ///
    /// The `http` crate's error if `uri` is not a valid URI. (The header values are valid by
    /// construction.)
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{SigningKey, UnixTime, WebhookRequest};
    ///
    /// let key = SigningKey::new("whsec_test_secret_12345")?;
    /// let request = WebhookRequest::from_body(&b"{}"[..], Some("status-update"), &key, UnixTime::from_secs(1_700_000_000))?;
    /// let http = request.into_http("http://127.0.0.1:8080/webhooks")?;
    /// assert_eq!(http.method(), http::Method::POST);
    /// assert_eq!(http.headers()["x-webhook-timestamp"], "1700000000");
    /// assert_eq!(http.body(), b"{}");
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn into_http<U>(self, uri: U) -> Result<http::Request<Vec<u8>>, http::Error>
    where
        http::Uri: TryFrom<U>,
        <http::Uri as TryFrom<U>>::Error: Into<http::Error>,
    {
        let mut builder = http::Request::builder().method(http::Method::POST).uri(uri);
        for (name, value) in self.headers() {
            builder = builder.header(name, value);
        }
        builder.body(self.into_body())
    }
}
