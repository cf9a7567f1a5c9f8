//! The sender's side (needs `alloc`): an event, a key and a time in, the request the platform
//! sends out — its body bytes and every header — as [`WebhookRequest`], and with the `http`
//! feature an `http::Request`.
//!
//! Builds on `model` (the event and its writer) and `auth` (signing); imports nothing from
//! `response`.
//!
//! # Send a webhook
//!
//! Build an event with the model's constructors, sign it with the receiver's secret at the current
//! time, and send the body with every header over any HTTP client. The receiver verifies and parses
//! exactly these bytes:
//!
//! ```
//! use hmsovereign_webhooks::{
//!     Arguments, Call, CallType, Common, Customer, Event, Function, Headers, SigningKey, ToolCall,
//!     ToolCalls, UnixTime, Verifier, WebhookRequest,
//! };
//!
//! // The event: a tool call on an inbound call.
//! let event = Event::from(ToolCalls::new(
//!     Common::new(Call::new("c1").with_type(CallType::InboundPhoneCall).with_status("in-progress"))
//!         .with_timestamp("2025-12-13T12:00:00.000Z")
//!         .with_customer(Customer::new().with_number("+31612345678")),
//!     [ToolCall::new("t1", Function::new("lookup_contact").with_arguments(Arguments::from_json(r#"{"query":"John"}"#)?))],
//! ));
//!
//! // Signed at the time the caller passes in (the crate reads no clock).
//! let key = SigningKey::new("whsec_test_secret_12345")?;
//! let now = UnixTime::from_secs(1_700_000_000);
//! let request = WebhookRequest::new(&event, &key, now)?;
//!
//! // What goes on the wire: POST, these headers, these bytes.
//! for (name, value) in request.headers() {
//!     println!("{name}: {value}");
//! }
//! assert_eq!(request.header("x-webhook-event"), Some("tool-calls"));
//! assert_eq!(request.header("X-Webhook-Timestamp"), Some("1700000000"));
//!
//! // The receiver's side, with the same secret.
//! let headers = Headers::from_fn(|name| request.header(name).map(str::as_bytes));
//! let received = Verifier::new("whsec_test_secret_12345")?.verify_event(&headers, request.body(), now)?;
//! assert_eq!(received, event);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! [`WebhookRequest`]: webhook_request::WebhookRequest

#[cfg(feature = "http")]
pub(crate) mod http_request;
pub(crate) mod request_error;
pub(crate) mod webhook_request;
