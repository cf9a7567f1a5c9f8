//! Writing tool-call responses in each shape.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};

use serde::Serialize;

use crate::model::json_helpers;
use crate::response::build_error::BuildError;
use crate::response::tool_response_reader::classify;
use crate::response::tool_response_shape::ToolResponseShape;

/// Writes an object-shape tool response: one result or error per tool-call id.
///
/// The protocol matches outcomes to calls by `tool_call_id`, so each id may be given one outcome
/// only; a second one is refused with [`BuildError::DuplicateToolCallId`]. What it writes parses
/// back (with [`parse_tool_response`](crate::response::tool_response::parse_tool_response)) to the same outcomes, in the same order.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, BuildError, ToolResultsBuilder};
///
/// let mut results = ToolResultsBuilder::new();
/// results
///     .result("tool_1", &serde_json::json!({"name": "Jan"}))?
///     .error("tool_2", "Contact not found")?;
/// assert_eq!(
///     results.error("tool_1", "again").unwrap_err(),
///     BuildError::DuplicateToolCallId { id: "tool_1".into() }
/// );
/// let body = results.finish();
/// assert_eq!(
///     body,
///     r#"{"results":[{"tool_call_id":"tool_1","result":{"name":"Jan"}},{"tool_call_id":"tool_2","error":"Contact not found"}]}"#
/// );
/// assert!(parse_tool_response(body.as_bytes())?.resolve(["tool_1", "tool_2"]).is_exact());
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ToolResultsBuilder {
    /// The elements written so far, comma-separated, without the surrounding `{"results":[`/`]}`.
    elements: String,
    ids: BTreeSet<String>,
}

#[derive(Serialize)]
struct ResultElement<'a, T: ?Sized> {
    tool_call_id: &'a str,
    result: &'a T,
}

#[derive(Serialize)]
struct ErrorElement<'a> {
    tool_call_id: &'a str,
    error: &'a str,
}

impl ToolResultsBuilder {
    /// An empty builder; [`finish`](Self::finish) on it writes `{"results":[]}`.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives the call `tool_call_id` the result `value` (any `Serialize` value, e.g. a struct,
    /// a `serde_json::Value`, or a `&RawValue` written verbatim).
    ///
    /// # Errors
    ///
    /// [`BuildError::DuplicateToolCallId`] if the id already has an outcome;
    /// [`BuildError::NonFiniteNumber`] if `value` holds a NaN or an infinity (never written as a
    /// silent `null`); [`BuildError::Serialize`] if `value` cannot be written as JSON. In every case
    /// the builder is unchanged.
    pub fn result<T: Serialize + ?Sized>(
        &mut self,
        tool_call_id: &str,
        value: &T,
    ) -> Result<&mut Self, BuildError> {
        self.push(tool_call_id, &ResultElement { tool_call_id, result: value })
    }

    /// Gives the call `tool_call_id` the error `message`.
    ///
    /// # Errors
    ///
    /// [`BuildError::DuplicateToolCallId`] if the id already has an outcome (the builder is then
    /// unchanged).
    pub fn error(&mut self, tool_call_id: &str, message: &str) -> Result<&mut Self, BuildError> {
        self.push(tool_call_id, &ErrorElement { tool_call_id, error: message })
    }

    fn push<T: Serialize>(&mut self, tool_call_id: &str, element: &T) -> Result<&mut Self, BuildError> {
        if self.ids.contains(tool_call_id) {
            return Err(BuildError::DuplicateToolCallId { id: tool_call_id.to_string() });
        }
        let json = crate::response::finite::to_json(element)?;
        if !self.elements.is_empty() {
            self.elements.push(',');
        }
        self.elements.push_str(&json);
        self.ids.insert(tool_call_id.to_string());
        Ok(self)
    }

    /// How many tool calls have an outcome so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no tool call has an outcome yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether the call `tool_call_id` already has an outcome.
    #[must_use]
    pub fn contains(&self, tool_call_id: &str) -> bool {
        self.ids.contains(tool_call_id)
    }

    /// The response body (compact JSON, UTF-8). Use `.into_bytes()` for bytes.
    #[must_use]
    pub fn finish(self) -> String {
        format!("{{\"results\":[{}]}}", self.elements)
    }
}

/// Writes a simple-shape tool response, `{"result": value}`: every call of the request gets
/// `value`.
///
/// # Errors
///
/// [`BuildError::NonFiniteNumber`] if `value` holds a NaN or an infinity;
/// [`BuildError::Serialize`] if `value` cannot be written as JSON.
///
/// # Examples
///
/// ```
/// let body = hmsovereign_webhooks::simple_tool_response(&["a", "b"])?;
/// assert_eq!(body, r#"{"result":["a","b"]}"#);
/// # Ok::<(), hmsovereign_webhooks::BuildError>(())
/// ```
pub fn simple_tool_response<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    #[derive(Serialize)]
    struct Simple<'a, T: ?Sized> {
        result: &'a T,
    }
    crate::response::finite::to_json(&Simple { result: value })
}

/// Writes a direct-shape tool response: `value` itself is the body, and every call of the
/// request gets it.
///
/// # Errors
///
/// - [`BuildError::AmbiguousDirect`] if the written value would be read as another shape: an
///   object with an array `results`, an object whose only key is `result`, or whose only key is
///   a string `error`. [`simple_tool_response`] sends any value unambiguously.
/// - [`BuildError::NonFiniteNumber`] if `value` holds a NaN or an infinity.
/// - [`BuildError::Serialize`] if `value` cannot be written as JSON.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{direct_tool_response, BuildError, ToolResponseShape};
///
/// assert_eq!(direct_tool_response(&serde_json::json!({"name": "Jan"}))?, r#"{"name":"Jan"}"#);
/// assert_eq!(
///     direct_tool_response(&serde_json::json!({"result": 1})),
///     Err(BuildError::AmbiguousDirect { shape: ToolResponseShape::Simple })
/// );
/// # Ok::<(), BuildError>(())
/// ```
pub fn direct_tool_response<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    let body = crate::response::finite::to_json(value)?;
    // The shape alone decides: a body of another shape is refused even if it is malformed (an
    // object shape with a bad element is read as an error, not as a result).
    let raw = json_helpers::parse_body(body.as_bytes())
        .map_err(|e| BuildError::Serialize { reason: e.to_string() })?;
    match classify(raw).shape() {
        ToolResponseShape::Direct => Ok(body),
        shape => Err(BuildError::AmbiguousDirect { shape }),
    }
}

/// Writes an error-shape tool response, `{"error": message}`: every call of the request failed
/// with `message`.
///
/// # Examples
///
/// ```
/// let body = hmsovereign_webhooks::error_tool_response("Contact \"Jan\" not found");
/// assert_eq!(body, r#"{"error":"Contact \"Jan\" not found"}"#);
/// ```
#[must_use]
pub fn error_tool_response(message: &str) -> String {
    // `Value`'s `Display` writes a JSON string with the needed escapes, and cannot fail.
    format!("{{\"error\":{}}}", serde_json::Value::from(message))
}
