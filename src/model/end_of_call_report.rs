//! The `end-of-call-report` event: what happened on a call, sent once it is over.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::time::Duration;

use serde::Deserialize;

use serde_json::value::RawValue;

use crate::model::json_values::{CowStr, Whole};
use crate::model::open_sets::{EndReason, Role};
use crate::model::parse_error::ParseError;
use crate::model::raw_json::RawJson;

event_fields! {
    /// An `end-of-call-report` event: the call's duration, summary and optional structured analysis.
    ///
    /// `duration_seconds` and `summary` are required. The duration is a non-negative whole number of
    /// seconds; a number written with a zero fraction or an exponent (`84.0`, `1e2`) is accepted when
    /// its value is a whole number no larger than 2^53, the range in which such numbers are exact.
    /// Everything else is optional, `null` meaning absent. The receiver's response is ignored (any 2xx
    /// acknowledges).
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct EndOfCallReport<'a>, read into end_of_call_report: EndOfCallReportWire, with common {
        /// `duration_seconds`: how long the call lasted.
        pub duration_seconds: u64 = "duration_seconds" as Whole => required;
        /// `summary`: a summary of the conversation (may be empty).
        pub summary: Cow<'a, str> = "summary" as CowStr<'a> => required;
        /// `analysis`: the structured analysis, shaped by the assistant's analysis plan, kept as raw
        /// JSON (any JSON value; `None` when absent or `null`). See [`EndOfCallReport::analysis_as`].
        pub analysis: Option<RawJson<'a>> = "analysis" as &'a RawValue => optional;
        /// `messages`: the transcript, in order; empty when absent or `null`.
        pub messages: Vec<TranscriptMessage<'a>> = "messages" as Vec<WireTranscriptMessage<'a>> => list;
        /// `recording_url`: where the call's recording can be fetched.
        pub recording_url: Option<Cow<'a, str>> = "recording_url" as CowStr<'a> => optional;
        /// `end_reason`: why the call ended.
        // Shared with `status-update`: before `message.type` is known, the reader puts it there.
        pub end_reason: Option<EndReason<'a>> = "end_reason" as CowStr<'a> => optional or status_update;
        /// `started_at`: when the call started (ISO 8601 text).
        pub started_at: Option<Cow<'a, str>> = "started_at" as CowStr<'a> => optional;
        /// `ended_at`: when the call ended (ISO 8601 text).
        pub ended_at: Option<Cow<'a, str>> = "ended_at" as CowStr<'a> => optional;
    }
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
}

object_fields! {
    /// One turn of an end-of-call report's transcript: `{role, content}`.
    ///
    /// `role` is required (an open set: `system`, `user`, `assistant`, or any other text);
    /// `content` is optional.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub struct TranscriptMessage<'a>, read as WireTranscriptMessage {
        /// Who spoke.
        pub role: Role<'a> = "role" as CowStr<'a> => required;
        /// What was said.
        pub content: Option<Cow<'a, str>> = "content" as CowStr<'a> => optional;
    }
}
