//! The receiver's answer to an `assistant-request` webhook: which assistant takes the call (or
//! that the call is rejected), and an optional cap on its duration. Parsing, validation, a typed
//! assistant configuration, and writing.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use alloc::collections::BTreeMap;
use core::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{self, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::raw_json::{self, JsonKind};
use crate::{BuildError, ParseError};

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
        crate::finite::to_json(self)
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
    if raw_json::is_blank(body) {
        return Ok(AssistantResponse::use_default());
    }
    let raw = raw_json::parse_body(body)?;
    let names = ["error", "assistant", "assistant_id", "assistant_override", "max_duration_seconds"];
    let Some(fields) = raw_json::object_fields(raw, &names) else {
        let kind = JsonKind::of(raw).described();
        return Err(invalid(format!("the body is {kind}, not an object")));
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
            raw_json::whole_u64(raw).ok_or_else(|| {
                let kind = JsonKind::of(raw).described();
                invalid(format!("max_duration_seconds is {kind}, not a whole non-negative number"))
            })
        })
        .transpose()?;

    let mode = match (assistant, assistant_id, assistant_override) {
        (Some(_), Some(_), _) => return Err(invalid("assistant and assistant_id exclude each other".into())),
        (_, None, Some(_)) => return Err(invalid("assistant_override needs assistant_id".into())),
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
    raw_json::as_str(raw).ok_or_else(|| invalid(raw_json::not_text(raw, key)))
}

fn object<'a>(raw: &'a RawValue, key: &str) -> Result<AssistantBlock<'a>, ParseError> {
    match JsonKind::of(raw) {
        JsonKind::Object => Ok(AssistantBlock(Block::Raw(raw))),
        kind => Err(invalid(format!("{key} is {}, not an object", kind.described()))),
    }
}

fn invalid(reason: String) -> ParseError {
    ParseError::InvalidResponse { reason }
}

/// An assistant configuration as a receiver sets it: a transient `assistant`, or the blocks of an
/// `assistant_override`.
///
/// Every field is optional, because the protocol accepts partial configurations (only
/// `first_message`, or an `llm_config` with only `messages`). Keys this model does not type are
/// kept in [`extra`](Self::extra) as their exact JSON text ([`Extra`]), at this level and in the
/// nested blocks, so a configuration read and written back loses nothing the platform might use:
/// `18446744073709551617` stays that text. One limit of the typed view: a field set to `null`
/// reads as `None` and is left out when written. [`AssistantBlock::raw`] keeps the exact bytes of
/// the whole block.
///
/// Reading follows the crate's JSON rules: if a key repeats, its last occurrence counts (earlier
/// ones are not read); `min_messages_threshold` follows the exact whole-number rule. Writing never
/// writes a key twice: a typed field's name in `extra` is [`BuildError::DuplicateKey`] from
/// [`AssistantResponse::to_json`] (and an error from any serializer).
///
/// Raw JSON fields (`tts_config`, `stt_config`, `metadata`, a schema, `extra` values) compare by
/// their text.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{AssistantConfig, ChatMessage, LlmConfig};
///
/// let mut llm = LlmConfig::default();
/// llm.messages = Some(vec![ChatMessage::new("system", "You are speaking with John Smith.")]);
/// let mut config = AssistantConfig::default();
/// config.llm_config = Some(llm);
/// assert_eq!(
///     serde_json::to_string(&config)?,
///     r#"{"llm_config":{"messages":[{"role":"system","content":"You are speaking with John Smith."}]}}"#
/// );
///
/// let parsed: AssistantConfig =
///     serde_json::from_str(r#"{"first_message": "Hi", "voicemail": {"on": true}, "n": 18446744073709551617}"#)?;
/// assert_eq!(parsed.first_message.as_deref(), Some("Hi"));
/// assert_eq!(parsed.extra["voicemail"].get(), r#"{"on": true}"#);
/// assert_eq!(serde_json::to_string(&parsed)?, r#"{"first_message":"Hi","n":18446744073709551617,"voicemail":{"on": true}}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct AssistantConfig {
    /// The assistant's display name.
    pub name: Option<String>,
    /// What the assistant says when the call is answered.
    pub first_message: Option<String>,
    /// The language model: provider, model and prompt messages.
    pub llm_config: Option<LlmConfig>,
    /// Text-to-speech settings (provider-specific, kept raw).
    pub tts_config: Option<Box<RawValue>>,
    /// Speech-to-text settings (provider-specific, kept raw).
    pub stt_config: Option<Box<RawValue>>,
    /// The structured analysis run after the call, reported in `end-of-call-report`.
    pub analysis_plan: Option<AnalysisPlan>,
    /// The receiver's own data, kept raw.
    pub metadata: Option<Box<RawValue>>,
    /// Every other key, kept as its exact JSON text for the round trip.
    pub extra: Extra,
}

const ASSISTANT_KEYS: [&str; 7] =
    ["name", "first_message", "llm_config", "tts_config", "stt_config", "analysis_plan", "metadata"];

impl AssistantConfig {
    /// [`BuildError::DuplicateKey`] if an `extra` key of this configuration or of a nested block
    /// is the name of a typed field of that block.
    pub(crate) fn check_keys(&self) -> Result<(), BuildError> {
        self.extra.check(&ASSISTANT_KEYS)?;
        if let Some(llm) = &self.llm_config {
            llm.check_keys()?;
        }
        if let Some(plan) = &self.analysis_plan {
            plan.extra.check(&PLAN_KEYS)?;
            if let Some(data) = &plan.structured_data_plan {
                data.extra.check(&DATA_PLAN_KEYS)?;
                data.messages.iter().flatten().try_for_each(|m| m.extra.check(&MESSAGE_KEYS))?;
            }
        }
        Ok(())
    }
}

impl PartialEq for AssistantConfig {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.first_message == other.first_message
            && self.llm_config == other.llm_config
            && same_raw(self.tts_config.as_deref(), other.tts_config.as_deref())
            && same_raw(self.stt_config.as_deref(), other.stt_config.as_deref())
            && self.analysis_plan == other.analysis_plan
            && same_raw(self.metadata.as_deref(), other.metadata.as_deref())
            && self.extra == other.extra
    }
}

impl Serialize for AssistantConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "name", self.name.as_ref())?;
        entry(&mut map, "first_message", self.first_message.as_ref())?;
        entry(&mut map, "llm_config", self.llm_config.as_ref())?;
        entry(&mut map, "tts_config", self.tts_config.as_ref())?;
        entry(&mut map, "stt_config", self.stt_config.as_ref())?;
        entry(&mut map, "analysis_plan", self.analysis_plan.as_ref())?;
        entry(&mut map, "metadata", self.metadata.as_ref())?;
        self.extra.write(&mut map, &ASSISTANT_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for AssistantConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (fields, extra) = read_object(deserializer, &ASSISTANT_KEYS, "an assistant configuration")?;
        let [name, first_message, llm_config, tts_config, stt_config, analysis_plan, metadata] = fields;
        Ok(Self {
            name: decode(name, "name")?,
            first_message: decode(first_message, "first_message")?,
            llm_config: decode(llm_config, "llm_config")?,
            tts_config: raw_field(tts_config),
            stt_config: raw_field(stt_config),
            analysis_plan: decode(analysis_plan, "analysis_plan")?,
            metadata: raw_field(metadata),
            extra,
        })
    }
}

fn same_raw(a: Option<&RawValue>, b: Option<&RawValue>) -> bool {
    a.map(RawValue::get) == b.map(RawValue::get)
}

/// The keys of a configuration block that no typed field has, each with its exact JSON text.
///
/// Reading keeps every such key (the last occurrence of a repeated one) with its value's bytes
/// as received, so a number out of `f64` range, a lone surrogate escape or any depth survives the
/// round trip. Values are compared by their text. A key that is the name of a typed field of the
/// same block is refused when writing ([`BuildError::DuplicateKey`]); a key with a lone surrogate
/// escape is read with U+FFFD in its place (keys are `String`s).
#[derive(Clone, Debug, Default)]
pub struct Extra(BTreeMap<String, Box<RawValue>>);

impl Extra {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value` written as JSON, replacing an earlier value.
    ///
    /// # Errors
    ///
    /// [`BuildError::NonFiniteNumber`] if `value` holds a NaN or an infinity (never a silent
    /// `null`); [`BuildError::Serialize`] if it cannot be written as JSON.
    pub fn insert_value<T: Serialize + ?Sized>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<(), BuildError> {
        let json = crate::finite::to_json(value)?;
        let raw = RawValue::from_string(json).map_err(|e| BuildError::serialize(&e))?;
        self.0.insert(key.into(), raw);
        Ok(())
    }

    fn check(&self, typed: &[&str]) -> Result<(), BuildError> {
        match self.0.keys().find(|key| typed.contains(&key.as_str())) {
            Some(key) => Err(BuildError::DuplicateKey { key: key.clone() }),
            None => Ok(()),
        }
    }

    fn write<M: SerializeMap>(&self, map: &mut M, typed: &[&str]) -> Result<(), M::Error> {
        for (key, value) in &self.0 {
            if typed.contains(&key.as_str()) {
                return Err(ser::Error::custom(format!(
                    "key `{key}` is both a typed field and an `extra` entry; it would be written twice"
                )));
            }
            map.serialize_entry(key, value)?;
        }
        Ok(())
    }
}

impl core::ops::Deref for Extra {
    type Target = BTreeMap<String, Box<RawValue>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl core::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().zip(&other.0).all(|((ka, va), (kb, vb))| ka == kb && va.get() == vb.get())
    }
}

impl FromIterator<(String, Box<RawValue>)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, Box<RawValue>)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// Writes `key: value` if the value is set.
fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// The known keys' raw values (in the order of their names) and the other keys of an object.
type RawObject<const N: usize> = ([Option<Box<RawValue>>; N], Extra);

/// Reads a JSON object: the last occurrence of each of `names` as raw JSON (earlier ones are
/// never decoded, so one of the wrong type is no error), every other key into an [`Extra`].
fn read_object<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
    names: &'static [&'static str; N],
    expecting: &'static str,
) -> Result<RawObject<N>, D::Error> {
    struct ObjectVisitor<const N: usize> {
        names: &'static [&'static str; N],
        expecting: &'static str,
    }
    impl<'de, const N: usize> de::Visitor<'de> for ObjectVisitor<N> {
        type Value = RawObject<N>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut fields: [Option<Box<RawValue>>; N] = core::array::from_fn(|_| None);
            let mut extra = Extra::default();
            while let Some(key) = map.next_key::<raw_json::CowStr<'de>>()? {
                let value: Box<RawValue> = map.next_value()?;
                match self.names.iter().position(|name| *name == key.0).and_then(|i| fields.get_mut(i)) {
                    Some(slot) => *slot = Some(value),
                    None => {
                        extra.0.insert(key.0.into_owned(), value);
                    }
                }
            }
            Ok((fields, extra))
        }
    }
    deserializer.deserialize_map(ObjectVisitor { names, expecting })
}

/// A typed field from its raw JSON: absent or `null` is `None`.
fn decode<T: de::DeserializeOwned, E: de::Error>(
    raw: Option<Box<RawValue>>,
    key: &str,
) -> Result<Option<T>, E> {
    match raw {
        Some(raw) if raw.get() != "null" => serde_json::from_str(raw.get()).map(Some).map_err(|e| {
            // Without the position: it would be within this field's value, not the body.
            let text = alloc::string::ToString::to_string(&e);
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            E::custom(format!("{key}: {}", text.strip_suffix(&suffix).unwrap_or(&text)))
        }),
        _ => Ok(None),
    }
}

/// A raw field: absent or `null` is `None`.
fn raw_field(raw: Option<Box<RawValue>>) -> Option<Box<RawValue>> {
    raw.filter(|raw| raw.get() != "null")
}

/// The language model block of an assistant configuration (`llm_config`).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct LlmConfig {
    /// The provider, e.g. `openai` (an open set: any text).
    pub provider: Option<String>,
    /// The model, e.g. `gpt-4o`.
    pub model: Option<String>,
    /// The prompt messages, e.g. a system message describing the caller.
    pub messages: Option<Vec<ChatMessage>>,
    /// Every other key (e.g. `temperature`), kept as its exact JSON text.
    pub extra: Extra,
}

const LLM_KEYS: [&str; 3] = ["provider", "model", "messages"];

impl LlmConfig {
    fn check_keys(&self) -> Result<(), BuildError> {
        self.extra.check(&LLM_KEYS)?;
        self.messages.iter().flatten().try_for_each(|m| m.extra.check(&MESSAGE_KEYS))
    }
}

impl Serialize for LlmConfig {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "provider", self.provider.as_ref())?;
        entry(&mut map, "model", self.model.as_ref())?;
        entry(&mut map, "messages", self.messages.as_ref())?;
        self.extra.write(&mut map, &LLM_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for LlmConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ([provider, model, messages], extra) =
            read_object(deserializer, &LLM_KEYS, "an llm_config object")?;
        Ok(Self {
            provider: decode(provider, "provider")?,
            model: decode(model, "model")?,
            messages: decode(messages, "messages")?,
            extra,
        })
    }
}

/// A prompt message, `{"role": …, "content": …}`, as in `llm_config.messages` and the analysis
/// plan's messages.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ChatMessage {
    /// `system`, `user` or `assistant` (an open set: any text).
    pub role: String,
    /// The text (may contain template placeholders in an analysis plan).
    pub content: Option<String>,
    /// Every other key, kept as its exact JSON text.
    pub extra: Extra,
}

const MESSAGE_KEYS: [&str; 2] = ["role", "content"];

impl ChatMessage {
    /// A message with `role` and `content`.
    #[must_use]
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        Self { role: role.into(), content: Some(content.into()), extra: Extra::new() }
    }
}

impl Serialize for ChatMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("role", &self.role)?;
        entry(&mut map, "content", self.content.as_ref())?;
        self.extra.write(&mut map, &MESSAGE_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ChatMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ([role, content], extra) = read_object(deserializer, &MESSAGE_KEYS, "a message object")?;
        Ok(Self {
            role: decode(role, "role")?.ok_or_else(|| de::Error::missing_field("role"))?,
            content: decode(content, "content")?,
            extra,
        })
    }
}

/// The analysis plan of an assistant (`analysis_plan`): after the call, a model fills a JSON
/// Schema from the transcript, and the result is the `analysis` of the `end-of-call-report`.
///
/// It runs only when the conversation has at least
/// [`min_messages_threshold`](Self::min_messages_threshold) messages (2 when unset); see
/// [`analysis_threshold_met`](crate::analysis_threshold_met) and
/// [`TemplateValues`](crate::TemplateValues) for the rules.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct AnalysisPlan {
    /// The schema and prompt of the structured analysis.
    pub structured_data_plan: Option<StructuredDataPlan>,
    /// The fewest conversation messages for which the analysis runs (unset: 2). Read under the
    /// exact whole-number rule (`5`, `5.0`, `5e0`; not `5.0000000000000001`).
    pub min_messages_threshold: Option<u64>,
    /// Every other key, kept as its exact JSON text.
    pub extra: Extra,
}

const PLAN_KEYS: [&str; 2] = ["structured_data_plan", "min_messages_threshold"];

impl AnalysisPlan {
    /// Whether the analysis runs for a conversation of `message_count` messages: at least
    /// `min_messages_threshold`, or 2 when it is unset.
    #[must_use]
    pub fn runs_for(&self, message_count: u64) -> bool {
        crate::analysis_threshold_met(message_count, self.min_messages_threshold)
    }
}

impl Serialize for AnalysisPlan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "structured_data_plan", self.structured_data_plan.as_ref())?;
        entry(&mut map, "min_messages_threshold", self.min_messages_threshold.as_ref())?;
        self.extra.write(&mut map, &PLAN_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for AnalysisPlan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ([data, threshold], extra) = read_object(deserializer, &PLAN_KEYS, "an analysis_plan object")?;
        let min_messages_threshold = match raw_field(threshold) {
            None => None,
            Some(raw) => Some(raw_json::whole_u64(&raw).ok_or_else(|| {
                de::Error::custom(format!(
                    "min_messages_threshold: {} is not a whole non-negative number",
                    raw.get()
                ))
            })?),
        };
        Ok(Self {
            structured_data_plan: decode(data, "structured_data_plan")?,
            min_messages_threshold,
            extra,
        })
    }
}

/// The structured part of an analysis plan (`structured_data_plan`).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct StructuredDataPlan {
    /// Whether the structured analysis runs.
    pub enabled: Option<bool>,
    /// The JSON Schema the analysis fills, kept raw.
    pub schema: Option<Box<RawValue>>,
    /// The prompt, with the placeholders `{{schema}}`, `{{transcript}}` and `{{ended_reason}}`.
    pub messages: Option<Vec<ChatMessage>>,
    /// Every other key, kept as its exact JSON text.
    pub extra: Extra,
}

const DATA_PLAN_KEYS: [&str; 3] = ["enabled", "schema", "messages"];

impl Serialize for StructuredDataPlan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "enabled", self.enabled.as_ref())?;
        entry(&mut map, "schema", self.schema.as_ref())?;
        entry(&mut map, "messages", self.messages.as_ref())?;
        self.extra.write(&mut map, &DATA_PLAN_KEYS)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for StructuredDataPlan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ([enabled, schema, messages], extra) =
            read_object(deserializer, &DATA_PLAN_KEYS, "a structured_data_plan object")?;
        Ok(Self {
            enabled: decode(enabled, "enabled")?,
            schema: raw_field(schema),
            messages: decode(messages, "messages")?,
            extra,
        })
    }
}

impl PartialEq for StructuredDataPlan {
    fn eq(&self, other: &Self) -> bool {
        self.enabled == other.enabled
            && same_raw(self.schema.as_deref(), other.schema.as_deref())
            && self.messages == other.messages
            && self.extra == other.extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
