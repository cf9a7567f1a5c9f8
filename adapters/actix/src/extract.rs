//! The extractor.

use core::future::{Future, poll_fn};
use core::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{FromRequest, HttpRequest};
use futures_core::Stream;
use hmsovereign_webhooks::{EVENT_HEADER, Event, Headers, UnixTime, Verified, parse_event};

use crate::config::WebhookConfig;
use crate::rejection::Rejection;

/// A webhook request that is authentic, fresh and carries a valid event: the raw body, what
/// verification established, and the event on demand ([`event`](Self::event)).
///
/// As an extractor it consumes the request payload. See the [crate documentation](crate) for the
/// checks, the statuses and why the event is parsed on demand.
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

impl FromRequest for Webhook {
    type Error = Rejection;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejection>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let payload = payload.take();
        Box::pin(async move {
            let config = request.app_data::<Data<WebhookConfig>>().ok_or(Rejection::NotConfigured)?;
            let body = read_body(request.headers(), payload, config.body_limit()).await?;
            let headers = headers(request.headers());
            let verified = config.verifier().verify(&headers, &body, UnixTime::now())?;
            // Validated here, so that a handler only ever sees a body that parses.
            parse_event(&body, headers.event())?;
            let event_header = request.headers().get(EVENT_HEADER).cloned();
            Ok(Self { body, verified, event_header })
        })
    }
}

/// The webhook headers of actix-web's own `HeaderMap` (not the `http` crate's, so the core crate's
/// `Headers::from_http` does not take it). Where a header occurs more than once, the first value
/// counts, as with `HeaderMap::get`.
fn headers(map: &HeaderMap) -> Headers<'_> {
    Headers::from_fn(|name| map.get(name).map(HeaderValue::as_bytes))
}

/// The whole body, or [`Rejection::BodyTooLarge`] as soon as it is known to exceed `limit`: from a
/// `Content-Length` before reading anything, or while reading.
async fn read_body(headers: &HeaderMap, mut payload: Payload, limit: usize) -> Result<Bytes, Rejection> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Rejection::BodyTooLarge { limit });
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = poll_fn(|cx| Pin::new(&mut payload).poll_next(cx)).await {
        let chunk = chunk.map_err(|_| Rejection::BodyUnreadable)?;
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(Rejection::BodyTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
