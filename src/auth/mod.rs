//! Verification and signing, with no allocator, ever: the webhook headers and the strict syntax of
//! their values, hex, the streaming SHA-256 and the precomputed HMAC key, signing, verifying, and
//! the adapter for the `http` crate's header map.
//!
//! Imports nothing from the other layers.

pub(crate) mod header_syntax;
pub(crate) mod headers;
pub(crate) mod hex;
#[cfg(feature = "http")]
pub(crate) mod http_headers;
pub(crate) mod key_error;
pub(crate) mod sha256_stream;
pub(crate) mod signed_headers;
pub(crate) mod signing_key;
pub(crate) mod unix_time;
pub(crate) mod verifier;
pub(crate) mod verify_error;
