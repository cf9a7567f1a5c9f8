#![doc = include_str!("../README.md")]
#![no_std]
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
// Unit tests build their inputs and expected values with plain arithmetic; an overflow there
// panics and fails the test, which is the right outcome for a test.
#![cfg_attr(test, allow(clippy::arithmetic_side_effects))]
// Unit tests link `std` and use it directly; the library itself uses only `core` (and `alloc`).
#![cfg_attr(test, allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(test)]
extern crate std;

mod error;
mod event_type;
mod headers;
mod hex;
mod key;
#[cfg(feature = "alloc")]
mod parse_error;
mod sign;
mod time;
mod verify;

// Not public API: crate-private functions for this repository's fuzz targets and constant-time
// check, compiled only with the `__internals` feature.
#[cfg(feature = "__internals")]
#[doc(hidden)]
#[path = "internals.rs"]
pub mod __internals;

pub use error::VerifyError;
pub use event_type::EventType;
pub use headers::{EVENT_HEADER, Headers, SIGNATURE_HEADER, TIMESTAMP_HEADER, USER_ASSISTANT_HEADER};
pub use key::SigningKey;
#[cfg(feature = "alloc")]
pub use parse_error::{ParseError, WebhookError};
pub use sign::SignedHeaders;
pub use time::UnixTime;
pub use verify::{DEFAULT_TOLERANCE, Verified, Verifier};
