//! [`Verifier::verify_event`]: verification, then parsing: a method of the auth layer's
//! [`Verifier`] that belongs to this layer, because it returns the model's [`Event`].

use crate::auth::headers::Headers;
use crate::auth::unix_time::UnixTime;
use crate::auth::verifier::Verifier;
use crate::model::event::Event;
use crate::model::parse_error::WebhookError;
use crate::model::parse_event::parse_event;

impl<const N: usize> Verifier<N> {
    /// Verifies a request and then parses its body into an [`Event`].
    ///
    /// The signature and age are checked first, exactly as [`Verifier::verify`] does; nothing in
    /// the body is read before the request is known to be authentic. Then the body is parsed as
    /// [`parse_event`] does, with the `X-Webhook-Event` header from `headers`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Verify`] if the request is not authentic and fresh (answer 401,
    /// malformed headers included); [`WebhookError::Parse`] if it is authentic but its body is not
    /// a valid event (answer 400 and log it: the platform sent it). [`WebhookError::status_code`]
    /// gives the status.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{
    ///     Event, Headers, SigningKey, UnixTime, Verifier, VerifyError, WebhookError,
    /// };
    ///
    /// let verifier = Verifier::new("whsec_test_secret_12345")?;
    /// let body = br#"{"message":{"type":"assistant-request","call":{"id":"c1","status":"ringing"},
    ///     "customer":{"number":"+31612345678"}}}"#;
    /// // The platform's side, for this example.
    /// let signed = SigningKey::new("whsec_test_secret_12345")?.sign(UnixTime::from_secs(1_700_000_000), body);
    /// let headers = Headers::new()
    ///     .with_timestamp(signed.timestamp())
    ///     .with_signature(signed.signature())
    ///     .with_event("assistant-request");
    ///
    /// let now = UnixTime::from_secs(1_700_000_003);
    /// let Event::AssistantRequest(request) = verifier.verify_event(&headers, body, now)? else {
    ///     unreachable!()
    /// };
    /// assert_eq!(request.common.customer_number(), Some("+31612345678"));
    ///
    /// // A tampered body fails verification before it is parsed.
    /// assert_eq!(
    ///     verifier.verify_event(&headers, b"not json", now),
    ///     Err(WebhookError::Verify(VerifyError::SignatureMismatch))
    /// );
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn verify_event<'a>(
        &self,
        headers: &Headers<'_>,
        body: &'a [u8],
        now: UnixTime,
    ) -> Result<Event<'a>, WebhookError> {
        self.verify(headers, body, now)?;
        Ok(parse_event(body, headers.event())?)
    }
}
