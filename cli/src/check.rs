//! Sending one event and judging the receiver's answer by the protocol's rules: shared by
//! `trigger`, `call` and `demo` (and meant for `audit`).
//!
//! Rule ids (stable; `--json` prints them):
//!
//! | rule | broken when |
//! |---|---|
//! | `status-2xx` | the answer's status is not 2xx |
//! | `deadline` | no full answer within the event's deadline (5 s assistant-request, 10 s tool-calls) |
//! | `timeout` | no full answer within `--timeout` (events without a deadline) |
//! | `http` | the answer is not readable HTTP, or the connection closed without one |
//! | `tool-response` | a tool-calls answer that is not one of the four response shapes |
//! | `tool-call-ids` | an object-shape tool-calls answer without a result for a requested id |
//! | `assistant-response` | an assistant-request answer that is not a valid response |
//!
//! Warnings: `unknown-tool-call-id` (an answered id the request did not contain).

use std::time::Duration;

use hmsovereign_webhooks::{
    AssistantMode, ToolOutcome, ToolResponse, parse_assistant_response, parse_tool_response,
};
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::fixtures::{EventKind, RequestedCall};
use crate::output::{Out, Style, human_duration, truncate};
use crate::request::OutgoingRequest;
use crate::send::{Exchange, SendError, send};

/// How long to wait for events whose answer has no deadline (status-update, end-of-call-report).
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// One broken rule, or one warning.
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub(crate) rule: &'static str,
    pub(crate) detail: String,
}

/// What one delivery showed.
#[derive(Debug)]
pub(crate) struct Report {
    pub(crate) event: EventKind,
    pub(crate) url: String,
    pub(crate) status: Option<u16>,
    pub(crate) latency: Duration,
    pub(crate) deadline: Option<Duration>,
    /// Human lines describing the parsed answer (label, text).
    pub(crate) answer_lines: Vec<(String, String)>,
    /// The parsed answer for `--json`.
    pub(crate) answer: Map<String, Value>,
    pub(crate) violations: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
}

impl Report {
    fn violation(&mut self, rule: &'static str, detail: String) {
        self.violations.push(Finding { rule, detail });
    }

    pub(crate) fn ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// Prints the report: a block of lines, or one JSON object (with `step` when part of a call).
    pub(crate) fn print(&self, out: &Out, step: Option<usize>) {
        if out.json() {
            let findings = |list: &[Finding]| -> Vec<Value> {
                list.iter().map(|finding| json!({"rule": finding.rule, "detail": finding.detail})).collect()
            };
            let mut object = Map::new();
            if let Some(step) = step {
                object.insert("step".into(), json!(step));
            }
            object.insert("event".into(), json!(self.event.as_str()));
            object.insert("url".into(), json!(self.url));
            object.insert("status".into(), json!(self.status));
            object.insert("latency_ms".into(), json!(self.latency.as_millis()));
            object.insert("deadline_ms".into(), json!(self.deadline.map(|deadline| deadline.as_millis())));
            object.insert("answer".into(), Value::Object(self.answer.clone()));
            object.insert("violations".into(), Value::Array(findings(&self.violations)));
            object.insert("warnings".into(), Value::Array(findings(&self.warnings)));
            object.insert("ok".into(), json!(self.ok()));
            out.object(&Value::Object(object));
            return;
        }
        let status = match self.status {
            Some(code) => {
                let reason = axum::http::StatusCode::from_u16(code)
                    .ok()
                    .and_then(|status| status.canonical_reason())
                    .unwrap_or("");
                let text = format!("{code} {reason}").trim_end().to_owned();
                out.paint(if (200..300).contains(&code) { Style::Good } else { Style::Bad }, &text)
            }
            None => out.paint(Style::Bad, "no answer"),
        };
        out.line(&format!("  {:<10}{status}", "status"));
        let latency = match self.deadline {
            Some(deadline) => {
                format!("{} (deadline {})", human_duration(self.latency), human_duration(deadline))
            }
            None => human_duration(self.latency),
        };
        out.line(&format!("  {:<10}{latency}", "latency"));
        for (label, text) in &self.answer_lines {
            out.line(&format!("  {label:<10}{text}"));
        }
        for finding in &self.warnings {
            out.line(&format!(
                "  {} [{}] {}",
                out.paint(Style::Warn, "warning"),
                finding.rule,
                finding.detail
            ));
        }
        for finding in &self.violations {
            out.line(&format!(
                "  {} [{}] {}",
                out.paint(Style::Bad, "violation"),
                finding.rule,
                finding.detail
            ));
        }
        if self.ok() {
            out.line(&format!("  {} {}", out.paint(Style::Good, "ok"), ok_text(self.event)));
        }
    }
}

fn ok_text(event: EventKind) -> &'static str {
    match event {
        EventKind::AssistantRequest => "valid assistant-request answer within the 5 s deadline",
        EventKind::ToolCalls => "valid tool-calls answer within the 10 s deadline, every call answered",
        EventKind::StatusUpdate | EventKind::EndOfCallReport => "acknowledged with 2xx",
    }
}

/// The line printed before a delivery.
pub(crate) fn print_heading(
    out: &Out,
    request: &OutgoingRequest,
    event: EventKind,
    calls: &[RequestedCall],
    step: Option<(usize, usize)>,
) {
    let prefix = step.map(|(index, total)| format!("[{index}/{total}] ")).unwrap_or_default();
    let extra = if event == EventKind::ToolCalls {
        let names: Vec<&str> = calls.iter().map(|call| call.name.as_str()).collect();
        format!(
            "  ({} tool call{}: {})",
            calls.len(),
            if calls.len() == 1 { "" } else { "s" },
            names.join(", ")
        )
    } else {
        String::new()
    };
    out.line(&format!(
        "{prefix}{} {} {}{extra}",
        request.method,
        request.url,
        out.paint(Style::Bold, event.as_str())
    ));
}

/// Sends `request` (an event of type `event` whose tool calls are `calls`) and judges the answer.
///
/// # Errors
///
/// [`Failure::Connection`] or [`Failure::Usage`] when no exchange took place.
pub(crate) fn deliver(
    request: &OutgoingRequest,
    event: EventKind,
    calls: &[RequestedCall],
    timeout: Option<Duration>,
) -> Result<Report, Failure> {
    let deadline = event.event_type().response_deadline();
    let wait = timeout.or(deadline).unwrap_or(DEFAULT_TIMEOUT);
    let mut report = Report {
        event,
        url: request.url.clone(),
        status: None,
        latency: Duration::ZERO,
        deadline,
        answer_lines: Vec::new(),
        answer: Map::new(),
        violations: Vec::new(),
        warnings: Vec::new(),
    };
    match send(request, wait) {
        Ok(exchange) => judge(&mut report, &exchange, calls),
        Err(SendError::Timeout(elapsed)) => {
            report.latency = elapsed;
            match deadline {
                Some(limit) => report.violation(
                    "deadline",
                    format!("no answer within the {} {} deadline", human_duration(limit), event.as_str()),
                ),
                None => report
                    .violation("timeout", format!("no answer within the {} timeout", human_duration(wait))),
            }
        }
        Err(SendError::Broken(reason, elapsed)) => {
            report.latency = elapsed;
            report.violation("http", reason);
        }
        Err(SendError::Connection(reason)) => return Err(Failure::Connection(reason)),
        Err(SendError::BadUrl(reason)) => return Err(Failure::Usage(reason)),
    }
    Ok(report)
}

fn judge(report: &mut Report, exchange: &Exchange, calls: &[RequestedCall]) {
    report.status = Some(exchange.status);
    report.latency = exchange.latency;
    if let Some(deadline) = report.deadline
        && exchange.latency > deadline
    {
        report.violation(
            "deadline",
            format!(
                "answered after {}, past the {} {} deadline",
                human_duration(exchange.latency),
                human_duration(deadline),
                report.event.as_str()
            ),
        );
    }
    if !(200..300).contains(&exchange.status) {
        report.violation(
            "status-2xx",
            format!("HTTP {}: every webhook must be answered with a 2xx status", exchange.status),
        );
        if !exchange.body.is_empty() {
            let text = String::from_utf8_lossy(&exchange.body);
            report.answer_lines.push(("body".into(), truncate(text.trim(), 200)));
        }
        return;
    }
    match report.event {
        EventKind::ToolCalls => judge_tools(report, &exchange.body, calls),
        EventKind::AssistantRequest => judge_assistant(report, &exchange.body),
        EventKind::StatusUpdate | EventKind::EndOfCallReport => {}
    }
}

fn judge_tools(report: &mut Report, body: &[u8], calls: &[RequestedCall]) {
    let response = match parse_tool_response(body) {
        Ok(response) => response,
        Err(error) => {
            report.violation(
                "tool-response",
                format!("the tool-calls answer is not a valid tool response: {error}"),
            );
            return;
        }
    };
    let shape = response.shape();
    report.answer_lines.push(("shape".into(), shape.as_str().into()));
    report.answer.insert("shape".into(), json!(shape.as_str()));
    let resolution = response.resolve(calls.iter().map(|call| call.id.as_str()));
    let name_of = |id: &str| calls.iter().find(|call| call.id == id).map_or("", |call| call.name.as_str());
    let mut outcomes = Vec::new();
    for resolved in resolution.outcomes() {
        let name = name_of(resolved.tool_call_id);
        let (label, text, entry) = match resolved.outcome {
            ToolOutcome::Result(raw) => (
                "result",
                raw.get().to_owned(),
                json!({"tool_call_id": resolved.tool_call_id, "name": name, "result": raw.get()}),
            ),
            ToolOutcome::Error(message) => (
                "error",
                message.to_owned(),
                json!({"tool_call_id": resolved.tool_call_id, "name": name, "error": message}),
            ),
        };
        report
            .answer_lines
            .push((label.into(), format!("{} {name} → {}", resolved.tool_call_id, truncate(&text, 160))));
        outcomes.push(entry);
    }
    report.answer.insert("outcomes".into(), Value::Array(outcomes));
    if let ToolResponse::Error(message) = &response {
        report.answer.insert("error".into(), json!(message));
    }
    for id in resolution.missing_ids() {
        let name = name_of(id);
        report.violation(
            "tool-call-ids",
            format!("no result for tool call {id} ({name}): an object-shape answer must answer every tool_call_id of the request"),
        );
    }
    for id in resolution.unknown_ids() {
        report.warnings.push(Finding {
            rule: "unknown-tool-call-id",
            detail: format!("the answer names tool_call_id {id}, which the request did not contain"),
        });
    }
    report.answer.insert("missing_ids".into(), json!(resolution.missing_ids()));
    report.answer.insert("unknown_ids".into(), json!(resolution.unknown_ids()));
}

fn judge_assistant(report: &mut Report, body: &[u8]) {
    let response = match parse_assistant_response(body) {
        Ok(response) => response,
        Err(error) => {
            report.violation(
                "assistant-response",
                format!("the assistant-request answer is not valid: {error}"),
            );
            return;
        }
    };
    let (mode, detail) = match response.mode() {
        AssistantMode::Default => ("default", "the number's default assistant".to_owned()),
        AssistantMode::Transient(block) => (
            "transient",
            format!(
                "a configuration for this call only: {}",
                truncate(block.raw().map_or("{}", |raw| raw.get()), 120)
            ),
        ),
        AssistantMode::Reference { assistant_id } => ("reference", format!("saved assistant {assistant_id}")),
        AssistantMode::Hybrid { assistant_id, assistant_override } => (
            "hybrid",
            format!(
                "saved assistant {assistant_id} with override {}",
                truncate(assistant_override.raw().map_or("{}", |raw| raw.get()), 120)
            ),
        ),
        AssistantMode::Reject { message } => {
            ("reject", format!("call rejected; the caller hears: {message}"))
        }
    };
    report.answer_lines.push(("mode".into(), format!("{mode}: {detail}")));
    report.answer.insert("mode".into(), json!(mode));
    report.answer.insert("assistant_id".into(), json!(response.assistant_id()));
    report.answer.insert("max_duration_seconds".into(), json!(response.max_duration_seconds()));
    if let AssistantMode::Reject { message } = response.mode() {
        report.answer.insert("error".into(), json!(message));
    }
    if let Some(id) = response.assistant_id() {
        report.answer_lines.push(("assistant".into(), id.to_owned()));
    }
    let cap = response
        .max_duration_seconds()
        .map_or_else(|| "none (the assistant's own)".to_owned(), |secs| format!("{secs} s"));
    report.answer_lines.push(("max call".into(), cap));
}
