#![doc = include_str!("../README.md")]
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

#[cfg(feature = "alloc")]
mod assistant_response;
#[cfg(feature = "alloc")]
mod build_error;
mod dedupe;
mod delivery;
mod error;
#[cfg(feature = "alloc")]
mod event;
mod event_type;
#[cfg(feature = "alloc")]
mod finite;
mod headers;
mod hex;
#[cfg(feature = "http")]
mod http;
mod key;
#[cfg(feature = "alloc")]
mod message;
#[cfg(feature = "alloc")]
mod open_enum;
#[cfg(feature = "alloc")]
mod parse_error;
#[cfg(feature = "alloc")]
mod raw;
#[cfg(feature = "alloc")]
mod raw_json;
#[cfg(feature = "alloc")]
mod report;
mod sign;
mod time;
#[cfg(feature = "alloc")]
mod tool_calls;
#[cfg(feature = "alloc")]
mod tool_response;
mod verify;
#[cfg(feature = "alloc")]
mod wire;

// Not public API: crate-private functions for this repository's fuzz targets and constant-time
// check, compiled only with the `__internals` feature.
#[cfg(feature = "__internals")]
#[doc(hidden)]
#[path = "internals.rs"]
pub mod __internals;

#[cfg(feature = "alloc")]
pub use assistant_response::{
    AnalysisPlan, AssistantBlock, AssistantConfig, AssistantMode, AssistantResponse, ChatMessage, Extra,
    LlmConfig, StructuredDataPlan, parse_assistant_response,
};
#[cfg(feature = "alloc")]
pub use build_error::BuildError;
pub use dedupe::{Deduplicator, Fingerprint, FingerprintBuilder};
pub use delivery::{
    DEFAULT_MIN_MESSAGES_THRESHOLD, TemplateValues, UrlSource, WebhookEvents, WebhookTarget, WebhookUrls,
    analysis_threshold_met,
};
pub use error::VerifyError;
#[cfg(feature = "alloc")]
pub use event::{AssistantRequest, Event, StatusUpdate, UnknownEvent, parse_event};
pub use event_type::EventType;
pub use headers::{EVENT_HEADER, Headers, SIGNATURE_HEADER, TIMESTAMP_HEADER, USER_ASSISTANT_HEADER};
pub use key::SigningKey;
#[cfg(feature = "alloc")]
pub use message::{Call, Common, Customer, PhoneNumber};
#[cfg(feature = "alloc")]
pub use open_enum::{CallStatus, CallType, EndReason, Role};
#[cfg(feature = "alloc")]
pub use parse_error::{ParseError, WebhookError};
#[cfg(feature = "alloc")]
pub use raw::RawJson;
#[cfg(feature = "alloc")]
pub use report::{EndOfCallReport, TranscriptMessage};
pub use sign::SignedHeaders;
pub use time::UnixTime;
#[cfg(feature = "alloc")]
pub use tool_calls::{Arguments, ArgumentsError, Function, ToolCall, ToolCalls};
#[cfg(feature = "alloc")]
pub use tool_response::{
    Resolution, ResolvedCall, ToolCallResult, ToolOutcome, ToolResponse, ToolResponseShape,
    ToolResultsBuilder, direct_tool_response, error_tool_response, parse_tool_response, simple_tool_response,
};
pub use verify::{DEFAULT_TOLERANCE, Verified, Verifier};
