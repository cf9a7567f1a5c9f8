//! The extractor.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use hmsovereign_webhooks::{Event, Headers, UnixTime, Verified, parse_event};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::config::WebhookConfig;
use crate::rejection::Rejection;

/// A webhook request that is authentic, fresh and carries a valid event: the raw body, what
/// verification established, and the event on demand ([`event`](Self::event)).
///
/// As an extractor it consumes the request body, so it must be the handler's last argument. See
/// the [crate documentation](crate) for the checks, the statuses and why the event is parsed on
/// demand.
#[derive(Clone, Debug)]
pub struct Webhook {
    body: Bytes,
    verified: Verified,
    event_header: Option<HeaderValue>,
}

impl Webhook {
    /// The event, parsed from the body with its text borrowed from `self`.
    ///
    /// # Errors
    ///
    /// None in practice: the extractor parsed the same bytes with the same `X-Webhook-Event`
    /// header before the handler ran and refused the request if that failed. The `Result` (a
    /// [`Rejection`] answering 400) keeps this free of any panic; use `?` in a handler that
    /// returns `Result<_, Rejection>`.
    pub fn event(&self) -> Result<Event<'_>, Rejection> {
        Ok(parse_event(&self.body, self.event_header.as_ref().map(HeaderValue::as_bytes))?)
    }

    /// The raw body, exactly as received and verified.
    #[must_use]
    pub const fn body(&self) -> &Bytes {
        &self.body
    }

    /// The raw body, for keeping it (e.g. to store the delivery).
    #[must_use]
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// What verification established: the signed timestamp and which configured secret matched.
    #[must_use]
    pub const fn verified(&self) -> Verified {
        self.verified
    }
}

impl<S> FromRequest<S> for Webhook
where
    S: Send + Sync,
    Arc<WebhookConfig>: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = Arc::<WebhookConfig>::from_ref(state);
        let (parts, body) = request.into_parts();
        let body = read_body(&parts.headers, body, config.body_limit()).await?;
        let headers = Headers::from_http(&parts.headers);
        let verified = config.verifier().verify(&headers, &body, UnixTime::now())?;
        // Validated here, so that a handler only ever sees a body that parses.
        parse_event(&body, headers.event())?;
        let event_header = parts.headers.get(hmsovereign_webhooks::EVENT_HEADER).cloned();
        Ok(Self { body, verified, event_header })
    }
}

/// The whole body, or [`Rejection::BodyTooLarge`] as soon as it is known to exceed `limit`: from a
/// `Content-Length` before reading anything, or while reading.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Rejection> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Rejection::BodyTooLarge { limit });
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Rejection::BodyTooLarge { limit })
        }
        Err(_) => Err(Rejection::BodyUnreadable),
    }
}
