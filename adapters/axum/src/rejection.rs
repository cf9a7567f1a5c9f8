//! Why the extractor refused a request, as a response.

use core::fmt;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmsovereign_webhooks::WebhookError;

/// A request the [`Webhook`](crate::Webhook) extractor refused; as a response, the status of
/// [`status_code`](Self::status_code) and the [`Display`](fmt::Display) text as a
/// `text/plain` body.
///
/// The text names the reason (which header is missing, that the signature does not match, how
/// old the timestamp is, where the JSON is broken); it never contains the body or a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// The body is longer than the configured limit (its `Content-Length` says so, or reading it
    /// went past the limit). 413.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (the client went away, or sent a broken chunked encoding). 400.
    BodyUnreadable,
    /// The request failed verification, or its authentic body is not a valid event: the status
    /// is [`WebhookError::status_code`].
    Webhook(WebhookError),
}

impl Rejection {
    /// The response status: 413 for [`BodyTooLarge`](Self::BodyTooLarge), 400 for
    /// [`BodyUnreadable`](Self::BodyUnreadable), and [`WebhookError::status_code`] otherwise
    /// (401 for every verification failure, 400 for an invalid body).
    #[must_use]
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyUnreadable => StatusCode::BAD_REQUEST,
            Self::Webhook(error) => {
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodyTooLarge { limit } => write!(f, "body too large; at most {limit} bytes are accepted"),
            Self::BodyUnreadable => f.write_str("body could not be read"),
            Self::Webhook(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl core::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Webhook(error) => Some(error),
            Self::BodyTooLarge { .. } | Self::BodyUnreadable => None,
        }
    }
}

impl<E: Into<WebhookError>> From<E> for Rejection {
    fn from(error: E) -> Self {
        Self::Webhook(error.into())
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        (self.status_code(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], self.to_string())
            .into_response()
    }
}
