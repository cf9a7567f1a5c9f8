//! A webhook receiver for a dental practice, built on axum and this crate's `Webhook` extractor:
//! one route, `POST /webhooks`, that verifies every request before it reads it and answers each
//! event as the protocol asks.
//!
//! Shared by `examples/axum_receiver.rs` (which serves it), `examples/walkthrough.rs` (which plays
//! a call against it) and `tests/axum_receiver.rs`.
//!
//! | outcome | status |
//! |---|---|
//! | `assistant-request` | 200, the assistant for the call (JSON) |
//! | `tool-calls` | 200, one result or error per tool call (JSON, object shape) |
//! | `status-update`, `end-of-call-report`, unknown event types | 204, no body |
//! | not authentic or not fresh (any `VerifyError`) | 401, the reason as text |
//! | authentic, but the body is not a valid event | 400, the reason as text |
//! | body over [`BODY_LIMIT`] | 413, the limit as text |
//!
//! The rejections and their statuses are the extractor's ([`Rejection`]).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use hmsovereign_webhooks::{
    AssistantConfig, AssistantRequest, AssistantResponse, ChatMessage, Deduplicator, EndOfCallReport, Event,
    Fingerprint, LlmConfig, StatusUpdate, ToolCall, ToolCalls, ToolResultsBuilder, UnixTime, Verifier,
};
use hmsovereign_webhooks_axum::{DEFAULT_BODY_LIMIT, Rejection, Webhook, WebhookConfig};
use serde::Deserialize;

/// The route the platform posts to (the assistant's `webhook_url` ends in it).
pub(crate) const PATH: &str = "/webhooks";

/// The largest body accepted: the extractor's default, 1 MiB (see [`DEFAULT_BODY_LIMIT`]: the
/// longest calls' end-of-call-reports must fit). The extractor answers 413 above it, before
/// verifying.
pub(crate) const BODY_LIMIT: usize = DEFAULT_BODY_LIMIT;

/// The calls' length cap sent with every assistant: 10 minutes.
pub(crate) const MAX_CALL_SECONDS: u64 = 600;

/// The receiver's state: the verifier, and what it has learnt about calls (standing in for a
/// database).
#[derive(Debug)]
pub(crate) struct Receiver {
    webhooks: Arc<WebhookConfig>,
    calls: Mutex<Calls>,
}

#[derive(Debug, Default)]
struct Calls {
    by_id: BTreeMap<String, CallRecord>,
    /// Deliveries already handled: the platform may deliver a webhook again.
    seen: Deduplicator<1024>,
}

/// What the receiver stored about one call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CallRecord {
    /// The caller's number, from the first event that had one.
    pub(crate) customer_number: Option<String>,
    /// Every `call.status` a `status-update` reported, in order of arrival.
    pub(crate) statuses: Vec<String>,
    /// The names of the tools run for the call, in order.
    pub(crate) tools_run: Vec<String>,
    /// The end-of-call report, once it arrived.
    pub(crate) report: Option<CallReport>,
}

/// The parts of an end-of-call report the practice keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CallReport {
    /// How long the call lasted.
    pub(crate) duration_seconds: u64,
    /// The platform's summary of the call.
    pub(crate) summary: String,
    /// Why the call ended.
    pub(crate) end_reason: Option<String>,
    /// The structured analysis; `None` if the report had none or it did not fit the schema.
    pub(crate) analysis: Option<CallAnalysis>,
}

/// The structured analysis, in the shape of the schema in the assistant's analysis plan.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub(crate) struct CallAnalysis {
    /// The caller's mood, 1 (angry) to 10 (delighted).
    pub(crate) sentiment: u8,
    /// What the call was mostly about.
    pub(crate) primary_topic: String,
    /// Whether the caller got an answer.
    pub(crate) question_answered: bool,
    /// `Good`, `Average` or `Poor`.
    pub(crate) conversation_quality: String,
}

impl Receiver {
    /// A receiver that accepts webhooks signed with `verifier`'s secrets.
    pub(crate) fn new(verifier: Verifier) -> Arc<Self> {
        let webhooks = Arc::new(WebhookConfig::new(verifier).with_body_limit(BODY_LIMIT));
        Arc::new(Self { webhooks, calls: Mutex::default() })
    }

    /// What the receiver stored about the call `call_id`, if anything.
    pub(crate) fn call(&self, call_id: &str) -> Option<CallRecord> {
        self.calls().by_id.get(call_id).cloned()
    }

    fn calls(&self) -> MutexGuard<'_, Calls> {
        // A panic while the lock was held cannot leave `Calls` half-updated in a way that matters
        // here, so a poisoned lock is used as it is.
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The router's state: the receiver, and the verifier and body limit the `Webhook` extractor takes
/// from it.
#[derive(Clone, Debug)]
struct App {
    receiver: Arc<Receiver>,
    webhooks: Arc<WebhookConfig>,
}

impl FromRef<App> for Arc<WebhookConfig> {
    fn from_ref(app: &App) -> Self {
        app.webhooks.clone()
    }
}

/// The router: `POST /webhooks`. Serve it with `axum::serve`.
pub(crate) fn router(receiver: Arc<Receiver>) -> Router {
    let webhooks = receiver.webhooks.clone();
    Router::new().route(PATH, post(webhook)).with_state(App { receiver, webhooks })
}

/// The current time, as the extractor reads it for the age check.
pub(crate) fn now() -> UnixTime {
    UnixTime::now()
}

/// The one handler. The `Webhook` extractor has read the raw body (never `Json<…>`: the signature
/// covers the bytes exactly as sent), verified it and checked that it parses before this runs;
/// taking it as a `Result` lets the receiver log a rejection before answering with it.
async fn webhook(State(app): State<App>, hook: Result<Webhook, Rejection>) -> Response {
    let receiver = app.receiver;
    let hook = match hook {
        Ok(hook) => hook,
        // 401: forged, altered, signed with another secret, unsigned, replayed or stale; 400:
        // authentic, so the platform sent it, but not a valid event (a protocol change or a bug);
        // 413: over the body limit. The reason is no secret, and it helps whoever sets this up.
        Err(rejection) => {
            log(&format!("{}: {rejection}", rejection.status_code().as_u16()));
            return rejection.into_response();
        }
    };
    let event = match hook.event() {
        Ok(event) => event,
        Err(rejection) => return rejection.into_response(),
    };
    // The platform may deliver a webhook again (after a timeout, say): the fingerprint recognises
    // a repeat, so that storing is done once. (Tools are run again: make them idempotent.)
    let delivery = event.delivery_fingerprint();
    match event {
        Event::AssistantRequest(request) => receiver.assistant_request(&request),
        Event::ToolCalls(calls) => receiver.tool_calls(&calls),
        Event::StatusUpdate(update) => {
            receiver.status_update(&update, delivery);
            StatusCode::NO_CONTENT.into_response()
        }
        Event::EndOfCallReport(report) => {
            receiver.end_of_call_report(&report, delivery);
            StatusCode::NO_CONTENT.into_response()
        }
        // Event types this crate does not know (the platform may add some): acknowledge them.
        other => {
            log(&format!("204: ignored a {} event", other.event_type()));
            StatusCode::NO_CONTENT.into_response()
        }
    }
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

impl Receiver {
    /// An inbound call is ringing: greet a known patient by name (the platform waits 5 s for this
    /// answer, then takes the number's default assistant).
    fn assistant_request(&self, request: &AssistantRequest<'_>) -> Response {
        let call_id = &request.common.call.id;
        let number = request.common.customer_number();
        self.calls().by_id.entry(call_id.to_string()).or_default().customer_number =
            number.map(str::to_owned);

        let patient = number.and_then(patient_by_number);
        let mut config = AssistantConfig::default();
        config.first_message = Some(match patient {
            Some(name) => {
                format!("Hello {name}, welcome back to Dental Care Utrecht! How can I help you today?")
            }
            None => "Hello, welcome to Dental Care Utrecht! How can I help you today?".to_owned(),
        });
        if let (Some(name), Some(number)) = (patient, number) {
            let mut llm = LlmConfig::default();
            llm.messages = Some(vec![ChatMessage::new(
                "system",
                format!(
                    "You are the receptionist of Dental Care Utrecht. The caller is {name}, an existing \
                     patient, calling from {number}. Use the tools to check availability and book."
                ),
            )]);
            config.llm_config = Some(llm);
        }
        log(&format!(
            "assistant-request for call {call_id}: caller {} is {}",
            number.unwrap_or("(no number)"),
            patient.unwrap_or("not a known patient")
        ));
        match AssistantResponse::transient(config).with_max_duration_seconds(MAX_CALL_SECONDS).to_json() {
            Ok(body) => json(StatusCode::OK, body),
            Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        }
    }

    /// The assistant wants tool results: one outcome per tool-call id (the platform waits 10 s).
    /// A tool that fails, or arguments a tool cannot use, give that call an error, not the whole
    /// request: the assistant can tell the caller.
    fn tool_calls(&self, event: &ToolCalls<'_>) -> Response {
        let mut results = ToolResultsBuilder::new();
        for call in &event.tool_calls {
            let outcome = run_tool(call);
            log(&format!(
                "tool-calls for call {}: {}({}) -> {}",
                event.common.call.id,
                call.name(),
                call.function.arguments.as_str(),
                match &outcome {
                    Ok(value) => value.to_string(),
                    Err(message) => format!("error: {message}"),
                }
            ));
            let written = match &outcome {
                Ok(value) => results.result(&call.id, value).map(drop),
                Err(message) => results.error(&call.id, message).map(drop),
            };
            // The only possible failure is a repeated tool-call id: its first outcome stands.
            if let Err(error) = written {
                log(&format!("tool-calls: {error}"));
            }
        }
        let mut calls = self.calls();
        let record = calls.by_id.entry(event.common.call.id.to_string()).or_default();
        record.tools_run.extend(event.tool_calls.iter().map(|call| call.name().to_owned()));
        json(StatusCode::OK, results.finish())
    }

    fn status_update(&self, update: &StatusUpdate<'_>, delivery: Fingerprint) {
        let call_id = &update.common.call.id;
        let status = update.common.call.status.as_ref().map_or("(none)", |status| status.as_str());
        let mut calls = self.calls();
        if !calls.seen.insert(delivery) {
            log(&format!("status-update for call {call_id}: a repeated delivery, already handled"));
            return;
        }
        log(&format!("status-update for call {call_id}: {status}"));
        calls.by_id.entry(call_id.to_string()).or_default().statuses.push(status.to_owned());
    }

    fn end_of_call_report(&self, report: &EndOfCallReport<'_>, delivery: Fingerprint) {
        let call_id = &report.common.call.id;
        let analysis = match report.analysis_as::<CallAnalysis>() {
            Ok(analysis) => analysis,
            // The report itself is fine; only the analysis does not have the expected shape.
            Err(error) => {
                log(&format!("end-of-call-report for call {call_id}: analysis not stored: {error}"));
                None
            }
        };
        let mut calls = self.calls();
        if !calls.seen.insert(delivery) {
            log(&format!("end-of-call-report for call {call_id}: a repeated delivery, already stored"));
            return;
        }
        log(&format!(
            "end-of-call-report for call {call_id}: {} s, {}",
            report.duration_seconds,
            match &analysis {
                Some(analysis) => format!(
                    "sentiment {}/10, topic \"{}\", answered: {}, quality {}",
                    analysis.sentiment,
                    analysis.primary_topic,
                    analysis.question_answered,
                    analysis.conversation_quality
                ),
                None => "no analysis".to_owned(),
            }
        ));
        calls.by_id.entry(call_id.to_string()).or_default().report = Some(CallReport {
            duration_seconds: report.duration_seconds,
            summary: report.summary.to_string(),
            end_reason: report.end_reason.as_ref().map(|reason| reason.as_str().to_owned()),
            analysis,
        });
    }
}

/// The practice's patients, by phone number (standing in for a CRM).
fn patient_by_number(number: &str) -> Option<&'static str> {
    match number {
        "+31612345678" => Some("Jan"),
        "+31687654321" => Some("Sanne"),
        _ => None,
    }
}

/// The free slots in the diary on `date` (the same every day, for the example).
const FREE_SLOTS: [&str; 3] = ["09:30", "11:00", "15:00"];

/// `check_availability {date, service}`.
#[derive(Deserialize)]
struct AvailabilityQuery {
    date: String,
    service: String,
}

/// `book_appointment {date, time, service}`.
#[derive(Deserialize)]
struct Booking {
    date: String,
    time: String,
    service: String,
}

/// Runs one tool call: its result, or the error message the assistant gets.
fn run_tool(call: &ToolCall<'_>) -> Result<serde_json::Value, String> {
    let bad_arguments = |error| format!("{}: unusable arguments: {error}", call.name());
    match call.name() {
        "check_availability" => {
            let query: AvailabilityQuery = call.arguments_as().map_err(bad_arguments)?;
            Ok(serde_json::json!({"date": query.date, "service": query.service, "free_slots": FREE_SLOTS}))
        }
        "book_appointment" => {
            let booking: Booking = call.arguments_as().map_err(bad_arguments)?;
            if FREE_SLOTS.contains(&booking.time.as_str()) {
                let reference = format!("DCU-{}-{}", booking.date, booking.time.replace(':', ""));
                Ok(serde_json::json!({"booked": true, "reference": reference, "service": booking.service}))
            } else {
                Err(format!(
                    "{} on {} is taken; free that day: {}",
                    booking.time,
                    booking.date,
                    FREE_SLOTS.join(", ")
                ))
            }
        }
        other => Err(format!("unknown tool `{other}`")),
    }
}

/// The receiver's log, one line per request.
fn log(line: &str) {
    println!("  receiver | {line}");
}
