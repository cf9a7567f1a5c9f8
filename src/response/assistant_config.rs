//! The assistant configuration a receiver sets in its answer to an `assistant-request`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::delivery::analysis_plan::analysis_threshold_met;
use crate::model::json_values::Whole;

/// An assistant configuration as a receiver sets it: a transient `assistant`, or the blocks of an
/// `assistant_override`.
///
/// Every field is optional, because the protocol accepts partial configurations (only
/// `first_message`, or an `llm_config` with only `messages`). Keys this model does not type are
/// kept in [`extra`](Self::extra), at this level and in the nested blocks, so a configuration read
/// and written back loses nothing the platform might use. Two limits of the typed view: a field
/// set to `null` reads as `None` and is left out when written, and extra values are re-written
/// (same JSON value, not necessarily the same bytes or key order). [`AssistantBlock::raw`](crate::response::assistant_response::AssistantBlock::raw) keeps
/// the exact bytes.
///
/// Raw JSON fields (`tts_config`, `stt_config`, `metadata`, a schema) compare by their text.
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
/// let parsed: AssistantConfig = serde_json::from_str(r#"{"first_message": "Hi", "voicemail": {"on": true}}"#)?;
/// assert_eq!(parsed.first_message.as_deref(), Some("Hi"));
/// assert_eq!(parsed.extra["voicemail"], serde_json::json!({"on": true}));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssistantConfig {
    /// The assistant's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the assistant says when the call is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// The language model: provider, model and prompt messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_config: Option<LlmConfig>,
    /// Text-to-speech settings (provider-specific, kept raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tts_config: Option<Box<RawValue>>,
    /// Speech-to-text settings (provider-specific, kept raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stt_config: Option<Box<RawValue>>,
    /// The structured analysis run after the call, reported in `end-of-call-report`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_plan: Option<AnalysisPlan>,
    /// The receiver's own data, kept raw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Box<RawValue>>,
    /// Every other key, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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

fn same_raw(a: Option<&RawValue>, b: Option<&RawValue>) -> bool {
    a.map(RawValue::get) == b.map(RawValue::get)
}

/// The language model block of an assistant configuration (`llm_config`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LlmConfig {
    /// The provider, e.g. `openai` (an open set: any text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The model, e.g. `gpt-4o`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The prompt messages, e.g. a system message describing the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<ChatMessage>>,
    /// Every other key (e.g. `temperature`), kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A prompt message, `{"role": …, "content": …}`, as in `llm_config.messages` and the analysis
/// plan's messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChatMessage {
    /// `system`, `user` or `assistant` (an open set: any text).
    pub role: String,
    /// The text (may contain template placeholders in an analysis plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Every other key, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ChatMessage {
    /// A message with `role` and `content`.
    #[must_use]
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        Self { role: role.into(), content: Some(content.into()), extra: Map::new() }
    }
}

/// The analysis plan of an assistant (`analysis_plan`): after the call, a model fills a JSON
/// Schema from the transcript, and the result is the `analysis` of the `end-of-call-report`.
///
/// It runs only when the conversation has at least
/// [`min_messages_threshold`](Self::min_messages_threshold) messages (2 when unset); see
/// [`analysis_threshold_met`](crate::analysis_threshold_met) and
/// [`TemplateValues`](crate::TemplateValues) for the rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnalysisPlan {
    /// The schema and prompt of the structured analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_data_plan: Option<StructuredDataPlan>,
    /// The fewest conversation messages for which the analysis runs (unset: 2). Read from a whole
    /// non-negative number (`5` or `5.0`).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "whole_u64_option")]
    pub min_messages_threshold: Option<u64>,
    /// Every other key, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AnalysisPlan {
    /// Whether the analysis runs for a conversation of `message_count` messages: at least
    /// `min_messages_threshold`, or 2 when it is unset.
    #[must_use]
    pub fn runs_for(&self, message_count: u64) -> bool {
        analysis_threshold_met(message_count, self.min_messages_threshold)
    }
}

fn whole_u64_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Ok(Option::<Whole>::deserialize(deserializer)?.map(|whole| whole.0))
}

/// The structured part of an analysis plan (`structured_data_plan`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StructuredDataPlan {
    /// Whether the structured analysis runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The JSON Schema the analysis fills, kept raw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Box<RawValue>>,
    /// The prompt, with the placeholders `{{schema}}`, `{{transcript}}` and `{{ended_reason}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<ChatMessage>>,
    /// Every other key, kept for the round trip.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PartialEq for StructuredDataPlan {
    fn eq(&self, other: &Self) -> bool {
        self.enabled == other.enabled
            && same_raw(self.schema.as_deref(), other.schema.as_deref())
            && self.messages == other.messages
            && self.extra == other.extra
    }
}
