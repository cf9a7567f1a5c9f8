//! The sender's side (needs `alloc`): an event, a key and a time in, the request the platform
//! sends out — its body bytes and every header — as [`WebhookRequest`], and with the `http`
//! feature an `http::Request`.
//!
//! Builds on `model` (the event and its writer) and `auth` (signing); imports nothing from
//! `response`.
//!
//! The crate docs' "Send a webhook" section has the example.
//!
//! [`WebhookRequest`]: webhook_request::WebhookRequest

#[cfg(feature = "http")]
pub(crate) mod http_request;
pub(crate) mod request_error;
pub(crate) mod webhook_request;
