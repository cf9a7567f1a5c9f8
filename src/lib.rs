#![doc = include_str!("../docs/crate.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Panic freedom: the library never unwraps, panics, indexes unchecked or overflows silently.
// (Set here rather than in Cargo.toml so that tests, examples and benches are not held to it.)
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
// no_std hygiene: name items by the smallest crate that has them (library code only).
#![warn(clippy::std_instead_of_core, clippy::std_instead_of_alloc, clippy::alloc_instead_of_core)]
// Unit tests build their inputs and expected values with plain arithmetic; an overflow there
// panics and fails the test, which is the right outcome for a test.
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]
// Unit tests link `std` and use it directly; the library itself uses only `core` (and `alloc`).
#![cfg_attr(test, allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

// The layers, lowest first; each imports only from those above it in this list.
mod auth;
mod delivery;
#[cfg(feature = "alloc")]
mod model;
#[cfg(feature = "alloc")]
mod response;
#[cfg(feature = "alloc")]
mod send;

// Not public API: crate-private functions for this repository's fuzz targets and constant-time
// check, compiled only with the `__internals` feature.
#[cfg(feature = "__internals")]
#[doc(hidden)]
#[path = "internals.rs"]
pub mod __internals;

pub use auth::headers::{EVENT_HEADER, Headers, SIGNATURE_HEADER, TIMESTAMP_HEADER, USER_ASSISTANT_HEADER};
pub use auth::key_error::KeyError;
pub use auth::signed_headers::SignedHeaders;
pub use auth::signing_key::SigningKey;
pub use auth::unix_time::UnixTime;
pub use auth::verifier::{DEFAULT_TOLERANCE, Verified, Verifier};
pub use auth::verify_error::VerifyError;

pub use delivery::analysis_plan::{DEFAULT_MIN_MESSAGES_THRESHOLD, TemplateValues, analysis_threshold_met};
pub use delivery::deduplicator::Deduplicator;
pub use delivery::event_subscription::WebhookEvents;
pub use delivery::event_type::EventType;
pub use delivery::fingerprint::{Fingerprint, FingerprintBuilder};
pub use delivery::webhook_urls::{UrlSource, WebhookTarget, WebhookUrls};

#[cfg(feature = "alloc")]
pub use model::{
    assistant_request::AssistantRequest,
    common::{Call, Common, Customer, PhoneNumber},
    end_of_call_report::{EndOfCallReport, TranscriptMessage},
    event::Event,
    open_sets::{CallStatus, CallType, EndReason, Role},
    parse_error::{ParseError, WebhookError},
    parse_event::parse_event,
    raw_json::RawJson,
    status_update::StatusUpdate,
    tool_calls::{Arguments, ArgumentsError, Function, ToolCall, ToolCalls},
    unknown_event::UnknownEvent,
};

#[cfg(feature = "alloc")]
pub use response::{
    assistant_config::{AnalysisPlan, AssistantConfig, ChatMessage, Extra, LlmConfig, StructuredDataPlan},
    assistant_response::{AssistantBlock, AssistantMode, AssistantResponse, parse_assistant_response},
    build_error::BuildError,
    tool_response::{
        Resolution, ResolvedCall, ToolCallResult, ToolOutcome, ToolResponse, parse_tool_response,
    },
    tool_response_builder::{
        ToolResultsBuilder, direct_tool_response, error_tool_response, simple_tool_response,
    },
    tool_response_shape::ToolResponseShape,
};

#[cfg(feature = "alloc")]
pub use send::{request_error::RequestError, webhook_request::WebhookRequest};
