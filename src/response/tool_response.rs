//! The receiver's answer to a `tool-calls` webhook: parsing it into one of the four shapes,
//! resolving it against the calls of the request, and writing each shape.

use alloc::borrow::Cow;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::fmt;

use serde_json::value::RawValue;

use crate::model::parse_error::ParseError;
use crate::response::tool_response_reader;
use crate::response::tool_response_shape::ToolResponseShape;

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
    pub(crate) tool_call_id: Cow<'a, str>,
    pub(crate) outcome: EntryOutcome<'a>,
}

#[derive(Clone, Debug)]
pub(crate) enum EntryOutcome<'a> {
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
    outcomes: Outcomes<'s, 'r>,
    missing_ids: Vec<&'r str>,
    unknown_ids: Vec<&'s str>,
}

impl<'s, 'r> Resolution<'s, 'r> {
    /// The outcome of each answered request id, in request order. A request id that occurs twice
    /// gets its outcome twice.
    #[must_use]
    pub fn outcomes(&self) -> &[ResolvedCall<'s, 'r>] {
        self.outcomes.as_slice()
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
        self.outcomes
            .as_slice()
            .iter()
            .find(|call| call.tool_call_id == tool_call_id)
            .map(|call| call.outcome)
    }
}

/// The outcomes of a [`Resolution`], in request order: the first few kept in place (a tool-calls
/// request has one or two calls as a rule, and resolving them then allocates nothing), any more
/// on the heap.
#[derive(Clone)]
struct Outcomes<'s, 'r>(OutcomeStore<'s, 'r>);

/// How many outcomes a [`Resolution`] holds without allocating.
const INLINE_OUTCOMES: usize = 2;

#[derive(Clone)]
enum OutcomeStore<'s, 'r> {
    Inline(heapless::Vec<ResolvedCall<'s, 'r>, INLINE_OUTCOMES>),
    Heap(Vec<ResolvedCall<'s, 'r>>),
}

impl<'s, 'r> Outcomes<'s, 'r> {
    fn as_slice(&self) -> &[ResolvedCall<'s, 'r>] {
        match &self.0 {
            OutcomeStore::Inline(calls) => calls,
            OutcomeStore::Heap(calls) => calls,
        }
    }

    fn push(&mut self, call: ResolvedCall<'s, 'r>) {
        match &mut self.0 {
            OutcomeStore::Inline(calls) => {
                if let Err(call) = calls.push(call) {
                    let mut spilled = Vec::with_capacity(INLINE_OUTCOMES.saturating_mul(4));
                    spilled.extend(calls.iter().copied());
                    spilled.push(call);
                    self.0 = OutcomeStore::Heap(spilled);
                }
            }
            OutcomeStore::Heap(calls) => calls.push(call),
        }
    }
}

impl Default for Outcomes<'_, '_> {
    fn default() -> Self {
        Self(OutcomeStore::Inline(heapless::Vec::new()))
    }
}

impl<'s, 'r> FromIterator<ResolvedCall<'s, 'r>> for Outcomes<'s, 'r> {
    fn from_iter<I: IntoIterator<Item = ResolvedCall<'s, 'r>>>(calls: I) -> Self {
        let mut outcomes = Self::default();
        for call in calls {
            outcomes.push(call);
        }
        outcomes
    }
}

impl PartialEq for Outcomes<'_, '_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Outcomes<'_, '_> {}

impl fmt::Debug for Outcomes<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
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
    /// See [`Resolution`] for the rules. Runs in O((n + m) log m) for n request ids and m entries (in
    /// O(n) for up to 16 entries, searched in place).
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
    // A response answers a handful of calls: up to this many entries are searched in place (no
    // map to build), which is still linear in the number of request ids.
    const SEARCHED: usize = 16;
    if entries.len() > SEARCHED {
        return resolve_through_maps(entries, request_ids);
    }
    let mut answered = [false; SEARCHED];
    let mut outcomes = Outcomes::default();
    let mut missing_ids = Vec::new();
    for tool_call_id in request_ids {
        let found =
            entries.iter().zip(answered.iter_mut()).find(|(entry, _)| entry.tool_call_id() == tool_call_id);
        match found {
            Some((entry, answered)) => {
                *answered = true;
                outcomes.push(ResolvedCall { tool_call_id, outcome: entry.outcome() });
            }
            None => missing_ids.push(tool_call_id),
        }
    }
    let unknown_ids = entries
        .iter()
        .zip(answered)
        .filter(|&(_, answered)| !answered)
        .map(|(entry, _)| entry.tool_call_id())
        .collect();
    Resolution { outcomes, missing_ids, unknown_ids }
}

/// [`resolve_entries`] for many entries: O((n + m) log m).
fn resolve_through_maps<'s, 'r, I>(entries: &'s [ToolCallResult<'_>], request_ids: I) -> Resolution<'s, 'r>
where
    I: IntoIterator<Item = &'r str>,
{
    let by_id: BTreeMap<&str, ToolOutcome<'_>> =
        entries.iter().map(|entry| (entry.tool_call_id(), entry.outcome())).collect();
    let mut requested = BTreeSet::new();
    let mut outcomes = Outcomes::default();
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
    tool_response_reader::parse(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::build_error::BuildError;
    use crate::response::tool_response_builder::{ToolResultsBuilder, direct_tool_response};
    use alloc::string::String;

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
