//! The business side of a small user app, free of any HTTP framework: what a dental practice does
//! for each of the four events. Shared by the axum and the actix-web user apps (the actix crate
//! includes this file by path), so the two differ only in their glue.

use std::sync::{Mutex, PoisonError};

use serde_json::value::RawValue;

use hmsovereign_webhooks::{
    AssistantConfig, AssistantRequest, AssistantResponse, EndOfCallReport, StatusUpdate, ToolCalls,
    ToolResultsBuilder,
};

/// The practice's state: a log of every side effect, standing in for a database.
#[derive(Debug, Default)]
pub(crate) struct Practice {
    effects: Mutex<Vec<String>>,
}

#[derive(serde::Deserialize)]
struct Slot<'a> {
    date: &'a str,
}

impl Practice {
    /// `assistant-request`: greets a known caller by number.
    pub(crate) fn greet(&self, request: &AssistantRequest<'_>) -> AssistantResponse<'static> {
        let mut config = AssistantConfig::default();
        config.first_message = Some(match request.common.customer_number() {
            Some(number) => format!("Welcome back, {number}!"),
            None => "Welcome!".to_owned(),
        });
        self.record(format!("assistant-request {}", request.common.call.id));
        AssistantResponse::transient(config).with_max_duration_seconds(600)
    }

    /// `tool-calls`: one result or error per call, as the JSON body of the answer (written as it
    /// is by a framework's JSON response).
    pub(crate) fn run_tools(&self, calls: &ToolCalls<'_>) -> Box<RawValue> {
        let mut results = ToolResultsBuilder::new();
        for call in &calls.tool_calls {
            self.record(format!("tool {} {}", call.id, call.name()));
            let outcome = match call.name() {
                "check_availability" => match call.arguments_as::<Slot<'_>>() {
                    Ok(slot) => results.result(&call.id, &format!("{} 10:00", slot.date)),
                    Err(error) => results.error(&call.id, &error.to_string()),
                },
                other => results.error(&call.id, &format!("unknown tool {other}")),
            };
            // Only a repeated tool-call id fails here; the first outcome for it stands.
            let _ = outcome;
        }
        // The builder writes valid JSON, so this cannot fail.
        RawValue::from_string(results.finish()).unwrap()
    }

    /// `status-update`: records the new status.
    pub(crate) fn status(&self, update: &StatusUpdate<'_>) {
        let status = update.common.call.status.as_ref().map_or("?", |status| status.as_str());
        self.record(format!("status {} {status}", update.common.call.id));
    }

    /// `end-of-call-report`: stores the summary.
    pub(crate) fn report(&self, report: &EndOfCallReport<'_>) {
        self.record(format!(
            "report {} {} s: {}",
            report.common.call.id, report.duration_seconds, report.summary
        ));
    }

    /// Every side effect so far, in order.
    pub(crate) fn effects(&self) -> Vec<String> {
        self.effects.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn record(&self, effect: String) {
        self.effects.lock().unwrap_or_else(PoisonError::into_inner).push(effect);
    }
}
