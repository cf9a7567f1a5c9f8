//! The assistant configuration a receiver sets in its answer to an `assistant-request`.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{self, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::delivery::analysis_plan::analysis_threshold_met;
use crate::model::json_helpers;
use crate::model::json_values::LossyStr;
use crate::response::build_error::BuildError;

/// An assistant configuration as a receiver sets it: a transient `assistant`, or the blocks of an
/// `assistant_override`.
///
/// Every field is optional, because the protocol accepts partial configurations (only
/// `first_message`, or an `llm_config` with only `messages`). Keys this model does not type are
/// kept in [`extra`](Self::extra) as their exact JSON text ([`Extra`]), at this level and in the
/// nested blocks, so a configuration read and written back loses nothing the platform might use:
/// `18446744073709551617` stays that text. One limit of the typed view: a field set to `null`
/// reads as `None` and is left out when written. [`AssistantBlock::raw`](crate::response::assistant_response::AssistantBlock::raw) keeps the
/// exact bytes of the whole block.
///
/// Reading follows the crate's JSON rules: if a key repeats, its last occurrence counts (earlier
/// ones are not read); `min_messages_threshold` follows the exact whole-number rule. Writing never
/// writes a key twice: a typed field's name in `extra` is [`BuildError::DuplicateKey`] from
/// [`AssistantResponse::to_json`](crate::response::assistant_response::AssistantResponse::to_json)
/// (and an error from any serializer).
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
        let json = crate::response::finite::to_json(value)?;
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
            while let Some(key) = map.next_key::<LossyStr<'de>>()? {
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
        analysis_threshold_met(message_count, self.min_messages_threshold)
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
            Some(raw) => Some(json_helpers::whole_u64(&raw).ok_or_else(|| {
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
