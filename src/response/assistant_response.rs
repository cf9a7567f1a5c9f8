//! The receiver's answer to an `assistant-request` webhook: which assistant takes the call (or
//! that the call is rejected), and an optional cap on its duration. Parsing, validation, a typed
//! assistant configuration, and writing.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::model::json_helpers::{self, JsonKind};
use crate::model::parse_error::ParseError;
use crate::response::assistant_config::AssistantConfig;
use crate::response::build_error::BuildError;

/// A response to an `assistant-request` webhook: a [mode](AssistantMode) and an optional call
/// duration cap.
///
/// The protocol's bodies, and what they mean:
///
/// | body | mode |
/// |---|---|
/// | `{}`, or an empty or whitespace-only body | [`Default`](AssistantMode::Default): the number's default assistant |
/// | `{"assistant": {...}}` | [`Transient`](AssistantMode::Transient): a one-off configuration, possibly partial |
/// | `{"assistant_id": "…"}` | [`Reference`](AssistantMode::Reference): a saved assistant |
/// | `{"assistant_id": "…", "assistant_override": {...}}` | [`Hybrid`](AssistantMode::Hybrid): a saved assistant, each top-level key of the override replacing that whole block |
/// | `{"error": "…"}` | [`Reject`](AssistantMode::Reject): the call is refused, the text is spoken to the caller |
///
/// `max_duration_seconds` (a whole number of seconds) may accompany every mode but `Reject`.
///
/// Parsed responses ([`parse_assistant_response`]) borrow from the body; responses built with the
/// constructors own their configuration. Both serialize to the body the platform expects
/// ([`to_json`](Self::to_json)). The constructors cannot express the invalid combinations
/// (`assistant` with `assistant_id`, `assistant_override` without it).
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_assistant_response, AssistantConfig, AssistantMode, AssistantResponse};
///
/// // Build: greet a known caller by name, and cap the call at 5 minutes.
/// let mut config = AssistantConfig::default();
/// config.first_message = Some("Hello John, great to hear from you!".into());
/// let body = AssistantResponse::transient(config).with_max_duration_seconds(300).to_json()?;
/// assert_eq!(
///     body,
///     r#"{"assistant":{"first_message":"Hello John, great to hear from you!"},"max_duration_seconds":300}"#
/// );
///
/// // Parse: the transient block is available raw, and typed on demand.
/// let response = parse_assistant_response(body.as_bytes())?;
/// assert_eq!(response.max_duration_seconds(), Some(300));
/// let AssistantMode::Transient(block) = response.mode() else { unreachable!() };
/// assert_eq!(block.raw().map(|raw| raw.get()), Some(r#"{"first_message":"Hello John, great to hear from you!"}"#));
/// assert_eq!(block.to_config()?.first_message.as_deref(), Some("Hello John, great to hear from you!"));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct AssistantResponse<'a> {
    mode: AssistantMode<'a>,
    max_duration_seconds: Option<u64>,
}

/// Which assistant takes the call, or that the call is rejected. See [`AssistantResponse`].
///
/// The protocol's modes exclude each other by construction: a transient configuration cannot
/// name a saved assistant, and an override always comes with the id of the assistant it changes.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_assistant_response, AssistantMode};
///
/// let body = br#"{"assistant_id": "asst_1", "assistant_override": {"first_message": "Hoi!"}}"#;
/// match parse_assistant_response(body)?.mode() {
///     AssistantMode::Hybrid { assistant_id, assistant_override } => {
///         assert_eq!(assistant_id, "asst_1");
///         assert_eq!(assistant_override.to_config()?.first_message.as_deref(), Some("Hoi!"));
///     }
///     other => panic!("unexpected mode {other:?}"),
/// }
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub enum AssistantMode<'a> {
    /// Use the default assistant of the called number.
    #[default]
    Default,
    /// Use this configuration for this call only. It may be partial (only `first_message`, or an
    /// `llm_config` with only `messages`).
    Transient(AssistantBlock<'a>),
    /// Use the saved assistant with this id (the empty string is passed on as is).
    Reference {
        /// The saved assistant's id.
        assistant_id: Cow<'a, str>,
    },
    /// Use the saved assistant with this id, with each top-level key of the override replacing
    /// that whole block of the saved configuration (a shallow merge).
    Hybrid {
        /// The saved assistant's id.
        assistant_id: Cow<'a, str>,
        /// The blocks that replace the saved assistant's.
        assistant_override: AssistantBlock<'a>,
    },
    /// Do not take the call; the platform speaks `message` to the caller.
    Reject {
        /// The text spoken to the caller.
        message: Cow<'a, str>,
    },
}

/// An assistant configuration block of a response (`assistant` or `assistant_override`): the
/// exact bytes of a parsed body, or a typed [`AssistantConfig`] to be written.
#[derive(Clone, Debug)]
pub struct AssistantBlock<'a>(Block<'a>);

#[derive(Clone, Debug)]
enum Block<'a> {
    /// Always a JSON object (checked when parsed).
    Raw(&'a RawValue),
    Config(Box<AssistantConfig>),
}

impl<'a> AssistantBlock<'a> {
    /// A block holding `config`.
    #[must_use]
    pub fn from_config(config: AssistantConfig) -> Self {
        Self(Block::Config(Box::new(config)))
    }

    /// The block's exact bytes (a JSON object) if it was parsed from a body; `None` if it was
    /// built from an [`AssistantConfig`].
    #[must_use]
    pub fn raw(&self) -> Option<&'a RawValue> {
        match self.0 {
            Block::Raw(raw) => Some(raw),
            Block::Config(_) => None,
        }
    }

    /// The block as a typed configuration: parsed from the raw bytes, or a copy of the one it
    /// was built from.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidResponse`] if a field the model types has another JSON type (e.g. a
    /// numeric `first_message`). The mode itself is valid regardless; [`raw`](Self::raw) still
    /// gives the bytes.
    pub fn to_config(&self) -> Result<AssistantConfig, ParseError> {
        match &self.0 {
            Block::Raw(raw) => serde_json::from_str(raw.get())
                .map_err(|e| ParseError::InvalidResponse { reason: format!("assistant configuration: {e}") }),
            Block::Config(config) => Ok((**config).clone()),
        }
    }
}

impl From<AssistantConfig> for AssistantBlock<'_> {
    fn from(config: AssistantConfig) -> Self {
        Self::from_config(config)
    }
}

impl Serialize for AssistantBlock<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Block::Raw(raw) => raw.serialize(serializer),
            Block::Config(config) => config.serialize(serializer),
        }
    }
}

impl<'a> AssistantResponse<'a> {
    /// `{}`: the called number's default assistant takes the call. The same as
    /// [`AssistantResponse::default()`].
    #[must_use]
    pub const fn use_default() -> Self {
        Self { mode: AssistantMode::Default, max_duration_seconds: None }
    }

    /// `{"assistant": config}`: this configuration, for this call only.
    #[must_use]
    pub fn transient(config: AssistantConfig) -> Self {
        Self { mode: AssistantMode::Transient(config.into()), max_duration_seconds: None }
    }

    /// `{"assistant_id": id}`: the saved assistant `assistant_id`.
    #[must_use]
    pub fn reference(assistant_id: impl Into<Cow<'a, str>>) -> Self {
        Self {
            mode: AssistantMode::Reference { assistant_id: assistant_id.into() },
            max_duration_seconds: None,
        }
    }

    /// `{"assistant_id": id, "assistant_override": config}`: the saved assistant, with each
    /// top-level block set in `assistant_override` replacing the saved one.
    #[must_use]
    pub fn hybrid(assistant_id: impl Into<Cow<'a, str>>, assistant_override: AssistantConfig) -> Self {
        Self {
            mode: AssistantMode::Hybrid {
                assistant_id: assistant_id.into(),
                assistant_override: assistant_override.into(),
            },
            max_duration_seconds: None,
        }
    }

    /// `{"error": message}`: reject the call; the platform speaks `message` to the caller.
    #[must_use]
    pub fn reject(message: impl Into<Cow<'a, str>>) -> Self {
        Self { mode: AssistantMode::Reject { message: message.into() }, max_duration_seconds: None }
    }

    /// Caps the call at `seconds`. A rejected call is never answered, so on a
    /// [`Reject`](AssistantMode::Reject) response this changes nothing (the platform would not
    /// read the cap either).
    #[must_use]
    pub fn with_max_duration_seconds(mut self, seconds: u64) -> Self {
        if !matches!(self.mode, AssistantMode::Reject { .. }) {
            self.max_duration_seconds = Some(seconds);
        }
        self
    }

    /// The mode: which assistant takes the call, or that it is rejected.
    #[must_use]
    pub fn mode(&self) -> &AssistantMode<'a> {
        &self.mode
    }

    /// The mode, by value.
    #[must_use]
    pub fn into_mode(self) -> AssistantMode<'a> {
        self.mode
    }

    /// The cap on the call's duration in seconds, if any (always `None` for `Reject`).
    #[must_use]
    pub const fn max_duration_seconds(&self) -> Option<u64> {
        self.max_duration_seconds
    }

    /// The saved assistant's id, for the `Reference` and `Hybrid` modes.
    #[must_use]
    pub fn assistant_id(&self) -> Option<&str> {
        match &self.mode {
            AssistantMode::Reference { assistant_id } | AssistantMode::Hybrid { assistant_id, .. } => {
                Some(assistant_id)
            }
            _ => None,
        }
    }

    /// The response body (compact JSON). Keys are written in the order `error`, `assistant`,
    /// `assistant_id`, `assistant_override`, `max_duration_seconds`; a raw block is written
    /// verbatim.
    ///
    /// # Errors
    ///
    /// [`BuildError::DuplicateKey`] if an `extra` key of a built configuration (or of a block in
    /// it) is also a typed field of that block: the body would name the key twice.
    /// [`BuildError::NonFiniteNumber`] or [`BuildError::Serialize`] if the configuration cannot be
    /// written as JSON (never, for configurations made of this crate's types: their numbers are
    /// integers and their other values raw JSON).
    pub fn to_json(&self) -> Result<String, BuildError> {
        let blocks = match &self.mode {
            AssistantMode::Transient(block) => [Some(block), None],
            AssistantMode::Hybrid { assistant_override, .. } => [Some(assistant_override), None],
            _ => [None, None],
        };
        for block in blocks.into_iter().flatten() {
            if let Block::Config(config) = &block.0 {
                config.check_keys()?;
            }
        }
        crate::response::finite::to_json(self)
    }
}

impl Serialize for AssistantResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.mode {
            AssistantMode::Default => {}
            AssistantMode::Transient(block) => map.serialize_entry("assistant", block)?,
            AssistantMode::Reference { assistant_id } => map.serialize_entry("assistant_id", assistant_id)?,
            AssistantMode::Hybrid { assistant_id, assistant_override } => {
                map.serialize_entry("assistant_id", assistant_id)?;
                map.serialize_entry("assistant_override", assistant_override)?;
            }
            AssistantMode::Reject { message } => map.serialize_entry("error", message)?,
        }
        if let Some(seconds) = self.max_duration_seconds {
            map.serialize_entry("max_duration_seconds", &seconds)?;
        }
        map.end()
    }
}

/// Parses and validates the body of a receiver's answer to an `assistant-request` webhook.
///
/// The rules, in order:
///
/// 1. an empty or whitespace-only body (space, tab, LF, CR) means the default assistant;
/// 2. otherwise the body must be one JSON text, and an object;
/// 3. a key `error` rejects the call if it is a string — nothing else in the body is looked at;
/// 4. `assistant` must be an object, `assistant_id` a string, `assistant_override` an object and
///    `max_duration_seconds` a whole non-negative number (`300`, or `300.0` / `3e2` up to 2^53);
///    `null` is the wrong type for each;
/// 5. `assistant` and `assistant_id` exclude each other, and `assistant_override` needs
///    `assistant_id`;
/// 6. the mode is `Hybrid` (id and override), `Reference` (id), `Transient` (assistant) or
///    `Default`. Other keys are ignored (so a top-level `first_message` is `Default`).
///
/// The crate's JSON reading rules hold (see [`parse_event`](crate::parse_event#json-reading)): if a
/// key repeats, its last value counts; each lone surrogate escape in `error` or `assistant_id`
/// becomes U+FFFD, and a key with one is just another key; `max_duration_seconds` follows the exact
/// whole-number rule. What is inside `assistant` and `assistant_override` is not checked here: see
/// [`AssistantBlock::to_config`].
///
/// # Errors
///
/// - [`ParseError::InvalidJson`] if the body is not one JSON text;
/// - [`ParseError::InvalidResponse`] if it breaks rules 2–5; the reason names the key, e.g.
///   ``max_duration_seconds is null, not a whole non-negative number``.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_assistant_response, AssistantMode, ParseError};
///
/// let response = parse_assistant_response(br#"{"assistant_id": "a1", "max_duration_seconds": 300.0}"#)?;
/// assert_eq!(response.assistant_id(), Some("a1"));
/// assert_eq!(response.max_duration_seconds(), Some(300));
///
/// // `error` wins over everything, even keys that would be invalid.
/// let response = parse_assistant_response(br#"{"error": "We are closed.", "assistant": 1}"#)?;
/// assert!(matches!(response.mode(), AssistantMode::Reject { message } if message == "We are closed."));
///
/// assert_eq!(
///     parse_assistant_response(br#"{"assistant_override": {}}"#).unwrap_err(),
///     ParseError::InvalidResponse { reason: "assistant_override needs assistant_id".into() }
/// );
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_assistant_response(body: &[u8]) -> Result<AssistantResponse<'_>, ParseError> {
    if json_helpers::is_blank(body) {
        return Ok(AssistantResponse::use_default());
    }
    let raw = json_helpers::parse_body(body)?;
    let names = ["error", "assistant", "assistant_id", "assistant_override", "max_duration_seconds"];
    let Some(fields) = json_helpers::object_fields(raw, &names) else {
        let kind = JsonKind::of(raw).described();
        return Err(ParseError::response_reason(format!("the body is {kind}, not an object")));
    };
    let [error, assistant, assistant_id, assistant_override, max_duration] = fields.values;

    if let Some(error) = error {
        let message = string(error, "error")?;
        return Ok(AssistantResponse::reject(message));
    }
    let assistant = assistant.map(|raw| object(raw, "assistant")).transpose()?;
    let assistant_id = assistant_id.map(|raw| string(raw, "assistant_id")).transpose()?;
    let assistant_override = assistant_override.map(|raw| object(raw, "assistant_override")).transpose()?;
    let max_duration_seconds = max_duration
        .map(|raw| {
            json_helpers::whole_u64(raw).ok_or_else(|| {
                let kind = JsonKind::of(raw).described();
                ParseError::response_reason(format!(
                    "max_duration_seconds is {kind}, not a whole non-negative number"
                ))
            })
        })
        .transpose()?;

    let mode = match (assistant, assistant_id, assistant_override) {
        (Some(_), Some(_), _) => {
            return Err(ParseError::response_reason("assistant and assistant_id exclude each other".into()));
        }
        (_, None, Some(_)) => {
            return Err(ParseError::response_reason("assistant_override needs assistant_id".into()));
        }
        (None, Some(assistant_id), Some(block)) => {
            AssistantMode::Hybrid { assistant_id, assistant_override: block }
        }
        (None, Some(assistant_id), None) => AssistantMode::Reference { assistant_id },
        (Some(block), None, None) => AssistantMode::Transient(block),
        (None, None, None) => AssistantMode::Default,
    };
    Ok(AssistantResponse { mode, max_duration_seconds })
}

fn string<'a>(raw: &'a RawValue, key: &str) -> Result<Cow<'a, str>, ParseError> {
    json_helpers::as_str(raw).ok_or_else(|| ParseError::response_reason(json_helpers::not_text(raw, key)))
}

fn object<'a>(raw: &'a RawValue, key: &str) -> Result<AssistantBlock<'a>, ParseError> {
    match JsonKind::of(raw) {
        JsonKind::Object => Ok(AssistantBlock(Block::Raw(raw))),
        kind => Err(ParseError::response_reason(format!("{key} is {}, not an object", kind.described()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::assistant_config::AnalysisPlan;

    fn reason(body: &str) -> String {
        match parse_assistant_response(body.as_bytes()) {
            Err(ParseError::InvalidResponse { reason }) => reason,
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn reasons_name_the_key() {
        assert_eq!(reason("[]"), "the body is an array, not an object");
        assert_eq!(reason(r#"{"error":null}"#), "error is null, not a string");
        assert_eq!(reason(r#"{"assistant":"x"}"#), "assistant is a string, not an object");
        assert_eq!(reason(r#"{"assistant_id":1}"#), "assistant_id is a number, not a string");
        assert_eq!(
            reason(r#"{"assistant_id":"a","assistant_override":[]}"#),
            "assistant_override is an array, not an object"
        );
        assert_eq!(
            reason(r#"{"max_duration_seconds":-1}"#),
            "max_duration_seconds is a number, not a whole non-negative number"
        );
        assert_eq!(
            reason(r#"{"assistant":{},"assistant_id":"a"}"#),
            "assistant and assistant_id exclude each other"
        );
        assert_eq!(
            reason(r#"{"assistant":{},"assistant_override":{}}"#),
            "assistant_override needs assistant_id"
        );
    }

    #[test]
    fn type_errors_come_before_combination_errors() {
        assert_eq!(
            reason(r#"{"assistant":{},"assistant_id":"a","max_duration_seconds":"5"}"#),
            "max_duration_seconds is a string, not a whole non-negative number"
        );
    }

    #[test]
    fn reject_has_no_duration() {
        let response = AssistantResponse::reject("closed").with_max_duration_seconds(5);
        assert_eq!(response.max_duration_seconds(), None);
        assert_eq!(response.to_json().unwrap(), r#"{"error":"closed"}"#);
        let parsed = parse_assistant_response(br#"{"max_duration_seconds":5,"error":"closed"}"#).unwrap();
        assert_eq!(parsed.max_duration_seconds(), None);
    }

    #[test]
    fn blank_body_is_default() {
        let response = parse_assistant_response(b" \r\n\t").unwrap();
        assert!(matches!(response.mode(), AssistantMode::Default));
        assert_eq!(response.max_duration_seconds(), None);
        assert_eq!(AssistantResponse::default().to_json().unwrap(), "{}");
    }

    #[test]
    fn min_messages_threshold_accepts_whole_floats() {
        let plan: AnalysisPlan = serde_json::from_str(r#"{"min_messages_threshold": 5.0}"#).unwrap();
        assert_eq!(plan.min_messages_threshold, Some(5));
        let error = serde_json::from_str::<AnalysisPlan>(r#"{"min_messages_threshold": 2.5}"#).unwrap_err();
        assert_eq!(
            std::string::ToString::to_string(&error),
            "min_messages_threshold: 2.5 is not a whole non-negative number"
        );
        // The exact whole-number rule, and the last of repeated keys.
        for bad in ["5.0000000000000001", "1e-400", "1e400", "9007199254740993.0"] {
            let text = format!(r#"{{"min_messages_threshold": {bad}}}"#);
            assert!(serde_json::from_str::<AnalysisPlan>(&text).is_err(), "{bad}");
        }
        let plan: AnalysisPlan =
            serde_json::from_str(r#"{"min_messages_threshold": "x", "min_messages_threshold": 5e0}"#)
                .unwrap();
        assert_eq!(plan.min_messages_threshold, Some(5));
        assert!(!plan.runs_for(4));
        assert!(plan.runs_for(5));
        assert!(AnalysisPlan::default().runs_for(2));
        assert!(!AnalysisPlan::default().runs_for(1));
    }
}
