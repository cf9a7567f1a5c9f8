//! An [axum] 0.8 extractor for [HMS Sovereign](https://hmsovereign.com) webhooks, built on
//! [`hmsovereign_webhooks`].
//!
//! Put a [`WebhookConfig`] (the [`Verifier`] and a body-size limit) in the router's state and take
//! a [`Webhook`] as a handler argument. Before the handler runs, the extractor
//!
//! 1. reads the raw body, refusing one over the limit (413) without reading past it;
//! 2. verifies the signature and the age of the request against the current time (`401` for every
//!    verification failure, see below);
//! 3. parses the body into an [`Event`], checking it against the `X-Webhook-Event` header
//!    (`400` for an authentic body that is not a valid event).
//!
//! The handler then matches on [`Webhook::event`]. A failure at any step is a [`Rejection`]: a
//! response with the status of [`Rejection::status_code`] and a one-line `text/plain` reason.
//!
//! # Example
//!
//! A receiver that answers `tool-calls` and acknowledges everything else, served on a loopback
//! port, and one signed request sent to it:
//!
//! ```
//! use std::sync::Arc;
//!
//! use axum::{Router, http::StatusCode, response::{IntoResponse, Response}, routing::post};
//! use hmsovereign_webhooks::{Event, SigningKey, UnixTime, Verifier};
//! use hmsovereign_webhooks_axum::{Rejection, Webhook, WebhookConfig};
//!
//! async fn webhook(hook: Webhook) -> Result<Response, Rejection> {
//!     Ok(match hook.event()? {
//!         Event::ToolCalls(calls) => format!("{} tool calls", calls.tool_calls.len()).into_response(),
//!         _ => StatusCode::NO_CONTENT.into_response(),
//!     })
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = WebhookConfig::new(Verifier::new("whsec_demo")?);
//! let app = Router::new().route("/webhooks", post(webhook)).with_state(Arc::new(config));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let addr = listener.local_addr()?;
//! tokio::spawn(async move { axum::serve(listener, app).await });
//!
//! // The platform's side: a signed `tool-calls` request.
//! let body = r#"{"message":{"type":"tool-calls","call":{"id":"c1"},"tool_call_list":[]}}"#;
//! let signed = SigningKey::new("whsec_demo")?.sign(UnixTime::now(), body.as_bytes());
//! let answer = reqwest::Client::new()
//!     .post(format!("http://{addr}/webhooks"))
//!     .header("x-webhook-timestamp", signed.timestamp())
//!     .header("x-webhook-signature", signed.signature())
//!     .body(body)
//!     .send()
//!     .await?;
//! assert_eq!(answer.status(), 200);
//! assert_eq!(answer.text().await?, "0 tool calls");
//! # Ok(())
//! # }
//! ```
//!
//! The state may be `Arc<WebhookConfig>` itself, as here, or any state `S` for which
//! `Arc<WebhookConfig>: FromRef<S>` (derive [`FromRef`](axum::extract::FromRef) on the app's state
//! struct, or write the three-line impl).
//!
//! # Why the event is parsed twice
//!
//! An [`Event`] borrows its text from the body. A value holding both the body and an event that
//! borrows from it is self-referential, which safe Rust cannot express (this crate forbids
//! `unsafe`), and copying every string into an owned event would give up the zero-copy model.
//! So the extractor owns the body and parses it once to *validate* it — an unparseable body is
//! refused with 400 before the handler runs, like a forged one — and [`Webhook::event`] parses
//! the same bytes again, borrowing from `&self`. Parsing is a pure function of the bytes and the
//! event header, so the second parse gives the same event; it costs as much as the first, which
//! is less than the HMAC over the body and far less than the network round trip. It still returns
//! a `Result` rather than assuming that, so no code path can panic.
//!
//! # Status codes
//!
//! The adapters use the core crate's one mapping: [`VerifyError::status_code`],
//! [`ParseError::status_code`] and [`WebhookError::status_code`]. In short: **401** for every
//! request that fails verification (unsigned, malformed signature or timestamp header, forged or
//! altered, stale or early), **400** for an authentic request whose body is not a valid event,
//! **413** for a body over the limit.
//!
//! [`Verifier`]: hmsovereign_webhooks::Verifier
//! [`Event`]: hmsovereign_webhooks::Event
//! [`VerifyError::status_code`]: hmsovereign_webhooks::VerifyError::status_code
//! [`ParseError::status_code`]: hmsovereign_webhooks::ParseError::status_code
//! [`WebhookError::status_code`]: hmsovereign_webhooks::WebhookError::status_code
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod config;
mod extract;
mod rejection;

pub use config::{DEFAULT_BODY_LIMIT, WebhookConfig};
pub use extract::Webhook;
pub use rejection::Rejection;

// The repository README's axum example, compiled and run as a doctest of this crate. (The README
// is not part of this package; only a doctest run in the repository reads it.)
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod readme {}
