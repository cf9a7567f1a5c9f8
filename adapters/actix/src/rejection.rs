//! Why the extractor refused a request, as a response.

use core::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};
use hmsovereign_webhooks::WebhookError;

/// A request the [`Webhook`](crate::Webhook) extractor refused; as a response (it is a
/// [`ResponseError`]), the status of [`status_code`](ResponseError::status_code) and the
/// [`Display`](fmt::Display) text as a `text/plain` body.
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
    /// No [`WebhookConfig`](crate::WebhookConfig) was registered as app data
    /// (`App::new().app_data(web::Data::new(config))`). 500: a bug in the app, not the request.
    NotConfigured,
    /// The request failed verification, or its authentic body is not a valid event: the status
    /// is [`WebhookError::status_code`].
    Webhook(WebhookError),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BodyTooLarge { limit } => write!(f, "body too large; at most {limit} bytes are accepted"),
            Self::BodyUnreadable => f.write_str("body could not be read"),
            Self::NotConfigured => f.write_str("webhook route not configured"),
            Self::Webhook(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl core::error::Error for Rejection {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Webhook(error) => Some(error),
            Self::BodyTooLarge { .. } | Self::BodyUnreadable | Self::NotConfigured => None,
        }
    }
}

impl<E: Into<WebhookError>> From<E> for Rejection {
    fn from(error: E) -> Self {
        Self::Webhook(error.into())
    }
}

impl ResponseError for Rejection {
    /// 413 for [`BodyTooLarge`](Self::BodyTooLarge), 400 for
    /// [`BodyUnreadable`](Self::BodyUnreadable), 500 for [`NotConfigured`](Self::NotConfigured),
    /// and [`WebhookError::status_code`] otherwise (401 for every verification failure, 400 for an
    /// invalid body).
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyUnreadable => StatusCode::BAD_REQUEST,
            Self::NotConfigured => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Webhook(error) => {
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).insert_header(ContentType::plaintext()).body(self.to_string())
    }
}
