//! The `end-of-call-report` event: what happened on a call, sent once it is over.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::time::Duration;

use serde::{Deserialize, Serialize};

use crate::message::{Common, owned};
use crate::open_enum::{EndReason, Role};
use crate::parse_error::ParseError;
use crate::raw::RawJson;

/// An `end-of-call-report` event: the call's duration, summary and optional structured analysis.
///
/// `duration_seconds` and `summary` are required. The duration is a non-negative whole number of
/// seconds; a number written with a zero fraction or an exponent (`84.0`, `1e2`) is accepted when
/// its value is a whole number no larger than 2^53, the range in which such numbers are exact.
/// Everything else is optional, `null` meaning absent. The receiver's response is ignored (any 2xx
/// acknowledges).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EndOfCallReport<'a> {
    /// The fields every known event carries.
    pub common: Common<'a>,
    /// `duration_seconds`: how long the call lasted.
    pub duration_seconds: u64,
    /// `summary`: a summary of the conversation (may be empty).
    pub summary: Cow<'a, str>,
    /// `analysis`: the structured analysis, shaped by the assistant's analysis plan, kept as raw
    /// JSON (any JSON value; `None` when absent or `null`). See [`EndOfCallReport::analysis_as`].
    pub analysis: Option<RawJson<'a>>,
    /// `messages`: the transcript, in order; empty when absent or `null`.
    pub messages: Vec<TranscriptMessage<'a>>,
    /// `recording_url`: where the call's recording can be fetched.
    pub recording_url: Option<Cow<'a, str>>,
    /// `end_reason`: why the call ended.
    pub end_reason: Option<EndReason<'a>>,
    /// `started_at`: when the call started (ISO 8601 text).
    pub started_at: Option<Cow<'a, str>>,
    /// `ended_at`: when the call ended (ISO 8601 text).
    pub ended_at: Option<Cow<'a, str>>,
}

impl EndOfCallReport<'_> {
    /// `duration_seconds` as a [`Duration`].
    #[must_use]
    pub const fn duration(&self) -> Duration {
        Duration::from_secs(self.duration_seconds)
    }

    /// Deserializes the analysis into the caller's type: `None` when the report has none.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if the analysis does not have the shape `T` expects.
    pub fn analysis_as<'s, T: Deserialize<'s>>(&'s self) -> Result<Option<T>, ParseError> {
        self.analysis.as_ref().map(RawJson::deserialize).transpose()
    }

    /// The same report with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> EndOfCallReport<'static> {
        EndOfCallReport {
            common: self.common.into_owned(),
            duration_seconds: self.duration_seconds,
            summary: owned(self.summary),
            analysis: self.analysis.map(RawJson::into_owned),
            messages: self.messages.into_iter().map(TranscriptMessage::into_owned).collect(),
            recording_url: self.recording_url.map(owned),
            end_reason: self.end_reason.map(EndReason::into_owned),
            started_at: self.started_at.map(owned),
            ended_at: self.ended_at.map(owned),
        }
    }
}

/// One turn of an end-of-call report's transcript: `{role, content}`.
///
/// `role` is required (an open set: `system`, `user`, `assistant`, or any other text);
/// `content` is optional.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct TranscriptMessage<'a> {
    /// Who spoke.
    pub role: Role<'a>,
    /// What was said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Cow<'a, str>>,
}

impl TranscriptMessage<'_> {
    /// The same turn with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> TranscriptMessage<'static> {
        TranscriptMessage { role: self.role.into_owned(), content: self.content.map(owned) }
    }
}
