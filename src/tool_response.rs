//! The receiver's answer to a `tool-calls` webhook: parsing it into one of the four shapes,
//! resolving it against the calls of the request, and writing each shape.

use alloc::borrow::Cow;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::raw_json::{self, JsonKind};
use crate::{BuildError, ParseError};

/// Which of the four accepted shapes a tool-call response has.
///
/// The protocol accepts four shapes and tells them apart in a fixed order, the first match
/// winning:
///
/// 1. [`Object`](Self::Object): an object whose `results` is an array — one outcome per
///    tool-call id (other top-level keys are then ignored, even `error` or `result`);
/// 2. [`Error`](Self::Error): an object whose only key is `error`, a string — every call failed;
/// 3. [`Simple`](Self::Simple): an object whose only key is `result` — every call gets that value;
/// 4. [`Direct`](Self::Direct): any other JSON value, which is itself the result of every call:
///    `{}`, `[]`, scalars, `{"error": 5}`, `{"results": "x"}`, `{"result": 1, "extra": 2}`, …
///
/// Data that looks like shapes 1–3 can therefore only be returned through the object or simple
/// shape. The set is closed: [`Direct`](Self::Direct) is the catch-all.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, ToolResponseShape};
///
/// let shape = |body: &str| parse_tool_response(body.as_bytes()).map(|r| r.shape());
/// assert_eq!(shape(r#"{"results": [], "error": "x"}"#)?, ToolResponseShape::Object);
/// assert_eq!(shape(r#"{"error": "x"}"#)?, ToolResponseShape::Error);
/// assert_eq!(shape(r#"{"result": null}"#)?, ToolResponseShape::Simple);
/// assert_eq!(shape(r#"{"error": 5}"#)?, ToolResponseShape::Direct);
/// assert_eq!(shape(r#"{"result": 1, "extra": 2}"#)?, ToolResponseShape::Direct);
/// assert_eq!(ToolResponseShape::Simple.as_str(), "simple");
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ToolResponseShape {
    /// `{"results": [{"tool_call_id": …, "result": …}, {"tool_call_id": …, "error": "…"}]}`.
    Object,
    /// `{"error": "…"}`.
    Error,
    /// `{"result": …}`.
    Simple,
    /// Any other JSON value.
    Direct,
}

impl ToolResponseShape {
    /// The shape's name: `object`, `error`, `simple` or `direct`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::Error => "error",
            Self::Simple => "simple",
            Self::Direct => "direct",
        }
    }
}

impl fmt::Display for ToolResponseShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed tool-call response, borrowing from the body: result values are the body's raw JSON
/// bytes (never re-serialized), ids and messages are borrowed unless they contain escapes.
///
/// Made by [`parse_tool_response`]; see [`ToolResponseShape`] for how the shape is chosen, and
/// [`resolve`](Self::resolve) for the outcome of each call of the request.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, ToolOutcome, ToolResponseShape};
///
/// let body = br#"{"results": [{"tool_call_id": "tool_1", "result": {"name": "Jan"}}]}"#;
/// let response = parse_tool_response(body)?;
/// assert_eq!(response.shape(), ToolResponseShape::Object);
///
/// let resolution = response.resolve(["tool_1", "tool_2"]);
/// assert_eq!(resolution.outcomes()[0].tool_call_id, "tool_1");
/// match resolution.outcomes()[0].outcome {
///     ToolOutcome::Result(raw) => assert_eq!(raw.get(), r#"{"name": "Jan"}"#),
///     ToolOutcome::Error(message) => panic!("tool failed: {message}"),
/// }
/// assert_eq!(resolution.missing_ids(), ["tool_2"]);
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Debug)]
pub enum ToolResponse<'a> {
    /// The object shape: one entry per tool-call id, in the order of the body. Ids are unique.
    Object(Vec<ToolCallResult<'a>>),
    /// The error shape: every call failed with this message.
    Error(Cow<'a, str>),
    /// The simple shape: every call gets the value of `result` (which may be `null`).
    Simple(&'a RawValue),
    /// The direct shape: every call gets the whole body (without surrounding whitespace).
    Direct(&'a RawValue),
}

/// One entry of an object-shape tool response: a tool-call id and its result or error.
#[derive(Clone, Debug)]
pub struct ToolCallResult<'a> {
    tool_call_id: Cow<'a, str>,
    outcome: EntryOutcome<'a>,
}

#[derive(Clone, Debug)]
enum EntryOutcome<'a> {
    Result(&'a RawValue),
    Error(Cow<'a, str>),
}

impl ToolCallResult<'_> {
    /// The id of the tool call this entry answers (`tool_call_id`).
    #[must_use]
    pub fn tool_call_id(&self) -> &str {
        &self.tool_call_id
    }

    /// The entry's result (raw JSON) or error message.
    #[must_use]
    pub fn outcome(&self) -> ToolOutcome<'_> {
        match &self.outcome {
            EntryOutcome::Result(raw) => ToolOutcome::Result(raw),
            EntryOutcome::Error(message) => ToolOutcome::Error(message),
        }
    }
}

/// What one tool call got: a result (raw JSON, exactly as the body has it) or an error message.
///
/// Equality compares the raw JSON text byte for byte (`{"a":1}` and `{ "a": 1 }` differ), and
/// error messages after unescaping.
#[derive(Clone, Copy, Debug)]
pub enum ToolOutcome<'s> {
    /// The call succeeded with this JSON value (any type, `null` included).
    Result(&'s RawValue),
    /// The call failed with this message.
    Error(&'s str),
}

impl PartialEq for ToolOutcome<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Result(a), Self::Result(b)) => a.get() == b.get(),
            (Self::Error(a), Self::Error(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for ToolOutcome<'_> {}

/// The outcome of one tool call of the request, as resolved by [`ToolResponse::resolve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedCall<'s, 'r> {
    /// The request's tool-call id.
    pub tool_call_id: &'r str,
    /// Its result or error.
    pub outcome: ToolOutcome<'s>,
}

/// A tool response matched against the request's tool-call ids.
///
/// For the object shape, entries are matched to request ids by exact, case-sensitive comparison:
/// a request id with no entry is *missing* (and has no outcome), an entry whose id is not in the
/// request is *unknown*. The error, simple and direct shapes answer every call of the request, so
/// nothing is missing or unknown.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, ToolOutcome};
///
/// let response = parse_tool_response(br#"{"results": [
///     {"tool_call_id": "b", "error": "busy"},
///     {"tool_call_id": "z", "result": 1}
/// ]}"#)?;
/// let resolution = response.resolve(["a", "b"]);
/// assert_eq!(resolution.outcome_of("b"), Some(ToolOutcome::Error("busy")));
/// assert_eq!(resolution.missing_ids(), ["a"]);
/// assert_eq!(resolution.unknown_ids(), ["z"]);
/// assert!(!resolution.is_exact());
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution<'s, 'r> {
    outcomes: Vec<ResolvedCall<'s, 'r>>,
    missing_ids: Vec<&'r str>,
    unknown_ids: Vec<&'s str>,
}

impl<'s, 'r> Resolution<'s, 'r> {
    /// The outcome of each answered request id, in request order. A request id that occurs twice
    /// gets its outcome twice.
    #[must_use]
    pub fn outcomes(&self) -> &[ResolvedCall<'s, 'r>] {
        &self.outcomes
    }

    /// The request ids the response does not answer, in request order.
    #[must_use]
    pub fn missing_ids(&self) -> &[&'r str] {
        &self.missing_ids
    }

    /// The response's ids that are not in the request, in response order.
    #[must_use]
    pub fn unknown_ids(&self) -> &[&'s str] {
        &self.unknown_ids
    }

    /// Whether every request id has an outcome and the response names no other id.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.missing_ids.is_empty() && self.unknown_ids.is_empty()
    }

    /// The outcome of the request id `tool_call_id`, if it has one.
    #[must_use]
    pub fn outcome_of(&self, tool_call_id: &str) -> Option<ToolOutcome<'s>> {
        self.outcomes.iter().find(|call| call.tool_call_id == tool_call_id).map(|call| call.outcome)
    }
}

impl<'a> ToolResponse<'a> {
    /// Which of the four shapes this response has.
    #[must_use]
    pub const fn shape(&self) -> ToolResponseShape {
        match self {
            Self::Object(_) => ToolResponseShape::Object,
            Self::Error(_) => ToolResponseShape::Error,
            Self::Simple(_) => ToolResponseShape::Simple,
            Self::Direct(_) => ToolResponseShape::Direct,
        }
    }

    /// Matches the response against the ids of the request's `tool_call_list`, in that order.
    ///
    /// See [`Resolution`] for the rules. Runs in O((n + m) log m) for n request ids and m entries.
    pub fn resolve<'r, I>(&self, request_ids: I) -> Resolution<'_, 'r>
    where
        I: IntoIterator<Item = &'r str>,
    {
        let shared = match self {
            Self::Object(entries) => return resolve_entries(entries, request_ids),
            Self::Error(message) => ToolOutcome::Error(message),
            Self::Simple(raw) | Self::Direct(raw) => ToolOutcome::Result(raw),
        };
        Resolution {
            outcomes: request_ids
                .into_iter()
                .map(|tool_call_id| ResolvedCall { tool_call_id, outcome: shared })
                .collect(),
            missing_ids: Vec::new(),
            unknown_ids: Vec::new(),
        }
    }
}

fn resolve_entries<'s, 'r, I>(entries: &'s [ToolCallResult<'_>], request_ids: I) -> Resolution<'s, 'r>
where
    I: IntoIterator<Item = &'r str>,
{
    let by_id: BTreeMap<&str, ToolOutcome<'_>> =
        entries.iter().map(|entry| (entry.tool_call_id(), entry.outcome())).collect();
    let mut requested = BTreeSet::new();
    let mut outcomes = Vec::new();
    let mut missing_ids = Vec::new();
    for tool_call_id in request_ids {
        requested.insert(tool_call_id);
        match by_id.get(tool_call_id) {
            Some(&outcome) => outcomes.push(ResolvedCall { tool_call_id, outcome }),
            None => missing_ids.push(tool_call_id),
        }
    }
    let unknown_ids =
        entries.iter().map(ToolCallResult::tool_call_id).filter(|id| !requested.contains(id)).collect();
    Resolution { outcomes, missing_ids, unknown_ids }
}

/// Parses the body of a receiver's answer to a `tool-calls` webhook.
///
/// The body must be one JSON text (UTF-8; only space, tab, LF and CR around it). The shape is
/// chosen as [`ToolResponseShape`] describes. In the object shape every element of `results` must
/// be an object with a string `tool_call_id` and exactly one of the keys `result` (any JSON value,
/// `null` included) or `error` (a string); other keys of an element are ignored, and no two
/// elements may have the same `tool_call_id` (even one the request does not have). If a key
/// repeats within one object, its last value counts.
///
/// The crate's JSON reading rules hold (see [`parse_event`](crate::parse_event#json-reading)): in
/// the text this parser reads (ids and error messages) each lone surrogate escape such as
/// `"\ud800"` becomes U+FFFD, and ids are matched and compared for duplicates after that; results
/// keep their exact bytes, whatever they hold (`1e400`, any depth); a key with a lone surrogate
/// equals none of the names above, so it is another key.
///
/// # Errors
///
/// - [`ParseError::EmptyBody`] if the body is empty or only whitespace;
/// - [`ParseError::InvalidJson`] if it is not one JSON text;
/// - [`ParseError::InvalidResponse`] if it has the object shape and an element breaks the rules
///   above. The reason names the
///   element, e.g. ``results[1]: duplicate tool_call_id `t1` (first in results[0])``.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, ParseError, ToolResponse};
///
/// let response = parse_tool_response(br#"{"error": "Contact not found"}"#)?;
/// assert!(matches!(response, ToolResponse::Error(ref message) if message == "Contact not found"));
///
/// let direct = parse_tool_response(br#"{"name": "Jan"}"#)?;
/// assert!(matches!(direct, ToolResponse::Direct(raw) if raw.get() == r#"{"name": "Jan"}"#));
///
/// assert_eq!(parse_tool_response(b" \n").unwrap_err(), ParseError::EmptyBody);
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_tool_response(body: &[u8]) -> Result<ToolResponse<'_>, ParseError> {
    if raw_json::is_blank(body) {
        return Err(ParseError::EmptyBody);
    }
    let raw = raw_json::parse_body(body)?;
    match classify(raw) {
        Classified::Object(results) => parse_results(results).map(ToolResponse::Object),
        Classified::Error(message) => raw_json::as_str(message)
            .map(ToolResponse::Error)
            .ok_or_else(|| invalid(raw_json::not_text(message, "error"))),
        Classified::Simple(value) => Ok(ToolResponse::Simple(value)),
        Classified::Direct => Ok(ToolResponse::Direct(raw)),
    }
}

/// A body's shape, told apart as [`ToolResponseShape`] describes, with the value that shape reads
/// (`results`, `error` or `result`), not checked further.
enum Classified<'a> {
    Object(&'a RawValue),
    Error(&'a RawValue),
    Simple(&'a RawValue),
    Direct,
}

impl Classified<'_> {
    const fn shape(&self) -> ToolResponseShape {
        match self {
            Self::Object(_) => ToolResponseShape::Object,
            Self::Error(_) => ToolResponseShape::Error,
            Self::Simple(_) => ToolResponseShape::Simple,
            Self::Direct => ToolResponseShape::Direct,
        }
    }
}

fn classify(raw: &RawValue) -> Classified<'_> {
    let Some(fields) = raw_json::object_fields(raw, &["results", "error", "result"]) else {
        return Classified::Direct;
    };
    let [results, error, result] = fields.values;
    if let Some(results) = results.filter(|r| JsonKind::of(r) == JsonKind::Array) {
        return Classified::Object(results);
    }
    let only = |key: Option<&RawValue>, others: [Option<&RawValue>; 2]| {
        key.is_some() && others.iter().all(Option::is_none) && !fields.other_keys
    };
    if only(error, [results, result])
        && let Some(message) = error.filter(|e| JsonKind::of(e) == JsonKind::String)
    {
        return Classified::Error(message);
    }
    if let (Some(value), true) = (result, only(result, [results, error])) {
        return Classified::Simple(value);
    }
    Classified::Direct
}

fn parse_results(results: &RawValue) -> Result<Vec<ToolCallResult<'_>>, ParseError> {
    // Cannot fail: `results` is a valid JSON array.
    let elements: Vec<&RawValue> =
        serde_json::from_str(results.get()).map_err(|e| invalid(format!("results: {e}")))?;
    let mut entries: Vec<ToolCallResult<'_>> = Vec::with_capacity(elements.len());
    let mut seen: BTreeMap<Cow<'_, str>, usize> = BTreeMap::new();
    for (index, element) in elements.into_iter().enumerate() {
        let entry = parse_element(index, element)?;
        if let Some(first) = seen.insert(entry.tool_call_id.clone(), index) {
            return Err(invalid(format!(
                "results[{index}]: duplicate tool_call_id `{}` (first in results[{first}])",
                entry.tool_call_id
            )));
        }
        entries.push(entry);
    }
    Ok(entries)
}

fn parse_element(index: usize, element: &RawValue) -> Result<ToolCallResult<'_>, ParseError> {
    let Some(fields) = raw_json::object_fields(element, &["tool_call_id", "result", "error"]) else {
        let kind = JsonKind::of(element).described();
        return Err(invalid(format!("results[{index}] is {kind}, not an object")));
    };
    let [id, result, error] = fields.values;
    let tool_call_id = match id {
        None => return Err(invalid(format!("results[{index}] has no tool_call_id"))),
        Some(id) => raw_json::as_str(id)
            .ok_or_else(|| invalid(raw_json::not_text(id, &format!("results[{index}].tool_call_id"))))?,
    };
    let outcome = match (result, error) {
        (Some(result), None) => EntryOutcome::Result(result),
        (None, Some(error)) => EntryOutcome::Error(
            raw_json::as_str(error)
                .ok_or_else(|| invalid(raw_json::not_text(error, &format!("results[{index}].error"))))?,
        ),
        (Some(_), Some(_)) => {
            return Err(invalid(format!("results[{index}] has both result and error")));
        }
        (None, None) => return Err(invalid(format!("results[{index}] has neither result nor error"))),
    };
    Ok(ToolCallResult { tool_call_id, outcome })
}

fn invalid(reason: String) -> ParseError {
    ParseError::InvalidResponse { reason }
}

/// Writes an object-shape tool response: one result or error per tool-call id.
///
/// The protocol matches outcomes to calls by `tool_call_id`, so each id may be given one outcome
/// only; a second one is refused with [`BuildError::DuplicateToolCallId`]. What it writes parses
/// back (with [`parse_tool_response`]) to the same outcomes, in the same order.
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
        let json = crate::finite::to_json(element)?;
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
    crate::finite::to_json(&Simple { result: value })
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
    let body = crate::finite::to_json(value)?;
    // The shape alone decides: a body of another shape is refused even if it is malformed (an
    // object shape with a bad element is read as an error, not as a result).
    let raw =
        raw_json::parse_body(body.as_bytes()).map_err(|e| BuildError::Serialize { reason: e.to_string() })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(body: &str) -> String {
        match parse_tool_response(body.as_bytes()) {
            Err(ParseError::InvalidResponse { reason }) => reason,
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn shapes_in_order() {
        for (body, shape) in [
            (r#"{"results":[],"error":"x"}"#, ToolResponseShape::Object),
            (r#"{"error":"x"}"#, ToolResponseShape::Error),
            (r#"{"\u0065rror":"x"}"#, ToolResponseShape::Error),
            (r#"{"result":null}"#, ToolResponseShape::Simple),
            (r#"{"error":5}"#, ToolResponseShape::Direct),
            (r#"{"error":"x","code":1}"#, ToolResponseShape::Direct),
            (r#"{"results":"x"}"#, ToolResponseShape::Direct),
            (r#"{"result":1,"extra":2}"#, ToolResponseShape::Direct),
            (r#"{"result":1,"error":"x"}"#, ToolResponseShape::Direct),
            ("{}", ToolResponseShape::Direct),
            ("[]", ToolResponseShape::Direct),
            ("null", ToolResponseShape::Direct),
            (" 7 ", ToolResponseShape::Direct),
        ] {
            assert_eq!(parse_tool_response(body.as_bytes()).unwrap().shape(), shape, "{body}");
        }
    }

    #[test]
    fn element_errors_name_the_element() {
        assert_eq!(reason(r#"{"results":[1]}"#), "results[0] is a number, not an object");
        assert_eq!(reason(r#"{"results":[{"result":1}]}"#), "results[0] has no tool_call_id");
        assert_eq!(
            reason(r#"{"results":[{"tool_call_id":null,"result":1}]}"#),
            "results[0].tool_call_id is null, not a string"
        );
        assert_eq!(
            reason(r#"{"results":[{"tool_call_id":"a","result":1,"error":null}]}"#),
            "results[0] has both result and error"
        );
        assert_eq!(
            reason(r#"{"results":[{"tool_call_id":"a"}]}"#),
            "results[0] has neither result nor error"
        );
        assert_eq!(
            reason(r#"{"results":[{"tool_call_id":"a","error":["x"]}]}"#),
            "results[0].error is an array, not a string"
        );
        assert_eq!(
            reason(
                r#"{"results":[{"tool_call_id":"a","result":1},{"tool_call_id":"b","result":1},{"tool_call_id":"\u0061","error":"e"}]}"#
            ),
            "results[2]: duplicate tool_call_id `a` (first in results[0])"
        );
    }

    #[test]
    fn values_are_borrowed_raw_bytes() {
        let body = br#"{"results":[{"tool_call_id":"t1","result": { "n" : 1.50 } ,"note":"x"}]}"#;
        let response = parse_tool_response(body).unwrap();
        let ToolResponse::Object(entries) = &response else { panic!("{response:?}") };
        assert!(matches!(entries[0].tool_call_id, Cow::Borrowed("t1")));
        assert_eq!(
            entries[0].outcome(),
            ToolOutcome::Result(serde_json::from_str(r#"{ "n" : 1.50 }"#).unwrap())
        );
    }

    #[test]
    fn builder_is_unchanged_after_a_refusal() {
        let mut builder = ToolResultsBuilder::new();
        builder.result("a", &1).unwrap();
        let mut bad = BTreeMap::new();
        bad.insert((1, 2), 3);
        assert!(matches!(builder.result("b", &bad), Err(BuildError::Serialize { .. })));
        assert_eq!(builder.error("a", "x").unwrap_err(), BuildError::DuplicateToolCallId { id: "a".into() });
        assert_eq!(builder.len(), 1);
        assert!(!builder.contains("b"));
        assert_eq!(builder.finish(), r#"{"results":[{"tool_call_id":"a","result":1}]}"#);
        assert_eq!(ToolResultsBuilder::new().finish(), r#"{"results":[]}"#);
    }

    #[test]
    fn direct_refuses_other_shapes() {
        let refused = |v: serde_json::Value| direct_tool_response(&v).unwrap_err();
        assert_eq!(
            refused(serde_json::json!({"results": []})),
            BuildError::AmbiguousDirect { shape: ToolResponseShape::Object }
        );
        assert_eq!(
            refused(serde_json::json!({"results": [1]})),
            BuildError::AmbiguousDirect { shape: ToolResponseShape::Object }
        );
        assert_eq!(
            refused(serde_json::json!({"error": "x"})),
            BuildError::AmbiguousDirect { shape: ToolResponseShape::Error }
        );
        assert_eq!(
            refused(serde_json::json!({"result": [1]})),
            BuildError::AmbiguousDirect { shape: ToolResponseShape::Simple }
        );
        assert_eq!(direct_tool_response(&serde_json::json!({"error": 5})).unwrap(), r#"{"error":5}"#);
        assert_eq!(direct_tool_response("text").unwrap(), r#""text""#);
    }
}
