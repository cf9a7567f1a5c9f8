//! Thin wrappers over the CLI's parsers of untrusted input, for the fuzz targets in the
//! repository's `fuzz/` package. **Not public API**: hidden from the docs, changed at will.
//!
//! Each wrapper calls the very function the command uses and returns plain data (bytes, strings)
//! so the fuzz targets need none of the CLI's private types.

use crate::cmd::call;
use crate::cmd::verify::parse_request;
use crate::fixtures::apply_set;
use crate::json::Json;

/// What `verify --request` reads from a raw HTTP/1.1 request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The first `X-Webhook-Timestamp` value.
    pub timestamp: Option<Vec<u8>>,
    /// The first `X-Webhook-Signature` value.
    pub signature: Option<Vec<u8>>,
    /// The first `X-Webhook-Event` value.
    pub event: Option<Vec<u8>>,
    /// The body.
    pub body: Vec<u8>,
}

/// The raw request reader of `verify --request`.
///
/// # Errors
///
/// The command's one-line message when the bytes are not a usable request.
pub fn request(bytes: &[u8]) -> Result<Request, String> {
    parse_request(bytes)
        .map(|captured| Request {
            timestamp: captured.timestamp,
            signature: captured.signature,
            event: captured.event,
            body: captured.body,
        })
        .map_err(|failure| failure.to_string())
}

/// One `--set` applied to a document read with the CLI's own JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Set {
    /// The document before, written compactly.
    pub before: Vec<u8>,
    /// The document after (the same bytes when the assignment was refused).
    pub after: Vec<u8>,
    /// `Err` with the command's message when the assignment was refused.
    pub result: Result<(), String>,
}

/// Reads `document` and applies `--set assignment` (`PATH=VALUE`) to it.
///
/// # Errors
///
/// The JSON error's text when `document` is not JSON (nothing is applied then).
pub fn set(document: &[u8], assignment: &str) -> Result<Set, String> {
    let mut value = Json::parse(document).map_err(|error| error.to_string())?;
    let before = value.to_vec().map_err(|error| error.to_string())?;
    let result = apply_set(&mut value, assignment).map_err(|failure| failure.to_string());
    let after = value.to_vec().map_err(|error| error.to_string())?;
    Ok(Set { before, after, result })
}

/// A scenario as `call --scenario` reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The pause between steps, in milliseconds.
    pub pause_ms: u128,
    /// Each step's event type (its protocol name) and body.
    pub steps: Vec<(&'static str, Vec<u8>)>,
}

/// Reads a scenario file's bytes; `read_file` gives each `body_file`'s bytes (or why it cannot).
///
/// # Errors
///
/// The command's one-line message (every one starts with `scenario`).
pub fn scenario(
    bytes: &[u8],
    read_file: &mut dyn FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<Scenario, String> {
    let value = Json::parse(bytes).map_err(|error| format!("scenario is not JSON: {error}"))?;
    let (steps, pause) = call::load(&value, read_file).map_err(|failure| failure.to_string())?;
    Ok(Scenario {
        pause_ms: pause.as_millis(),
        steps: steps.into_iter().map(|step| (step.event.as_str(), step.body)).collect(),
    })
}
