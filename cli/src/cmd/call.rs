//! `hms-webhooks call --url URL`: a whole call, or a scenario file, each step checked as `trigger`
//! checks it.
//!
//! Scenario format (JSON):
//!
//! ```json
//! {
//!   "call_id": "optional; replaces message.call.id of every fixture step",
//!   "pause_ms": 0,
//!   "steps": [
//!     {"event": "assistant-request"},
//!     {"event": "status-update", "set": {"message.call.status": "in-progress"}},
//!     {"event": "tool-calls", "body": {"message": {"type": "tool-calls", "...": "..."}}},
//!     {"event": "end-of-call-report", "body_file": "report.json"}
//!   ]
//! }
//! ```
//!
//! Each step names its `event` and takes its body from one of: the built-in fixture (default),
//! changed by `set` (an object of PATH → JSON value, the `--set` path syntax); `body` (a JSON
//! value, written compactly); or `body_file` (a path relative to the scenario file, sent byte for
//! byte). `call_id` applies to fixture steps only.

use std::path::Path;
use std::time::Duration;

use hmsovereign_webhooks::UnixTime;
use serde_json::json;

use crate::check::{deliver, print_heading};
use crate::cmd::trigger::{checked_calls, fixture_body, timeout, verdict};
use crate::failure::Failure;
use crate::fixtures::EventKind;
use crate::json::Json;
use crate::output::{Out, Style};
use crate::request::build_request;
use crate::secret::{Secret, signing_key};

/// Play a whole call against a receiver: assistant-request, status in-progress, tool-calls,
/// status ended, end-of-call-report.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to POST every event, http:// or https://.
    #[arg(long, value_name = "URL")]
    url: String,
    /// The webhook secret (else HMS_WEBHOOK_SECRET).
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// Play these steps instead of the built-in call (format: see the README).
    #[arg(long, value_name = "FILE")]
    scenario: Option<String>,
    /// How long to wait for each answer, in seconds (default: each event's deadline).
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
}

/// One step of a scenario, its body ready.
#[derive(Debug)]
pub(crate) struct Step {
    pub(crate) event: EventKind,
    pub(crate) body: Vec<u8>,
}

/// The call id of the built-in call (the platform's sample call).
const CALL_ID: &str = "5c4d030f-43e3-4e65-899e-8148521e660f";

/// The built-in call, as a scenario.
fn builtin() -> Result<Json, Failure> {
    let scenario = json!({
        "call_id": CALL_ID,
        "steps": [
            {"event": "assistant-request"},
            {"event": "status-update", "set": {"message.call.status": "in-progress"}},
            {"event": "tool-calls"},
            {"event": "status-update", "set": {"message.call.status": "ended", "message.end_reason": "user_hangup"}},
            {"event": "end-of-call-report"}
        ]
    });
    Json::parse(scenario.to_string().as_bytes())
        .map_err(|error| Failure::usage(format!("built-in call: {error}")))
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let key = signing_key(&args.secret)?;
    let (scenario, base) = match &args.scenario {
        Some(path) => {
            let text = std::fs::read(path)
                .map_err(|error| Failure::usage(format!("cannot read {path}: {error}")))?;
            let value = Json::parse(&text)
                .map_err(|error| Failure::usage(format!("scenario {path} is not JSON: {error}")))?;
            (value, Path::new(path).parent().map(Path::to_path_buf))
        }
        None => (builtin()?, None),
    };
    let (steps, pause) = load(&scenario, &mut |file| read_relative(base.as_deref(), file))?;
    play(&args.url, &key, &steps, pause, timeout(args.timeout)?, out)
}

/// Sends every step in order and prints each report, then a summary.
pub(crate) fn play(
    url: &str,
    key: &hmsovereign_webhooks::SigningKey,
    steps: &[Step],
    pause: Duration,
    timeout: Option<Duration>,
    out: &Out,
) -> Result<(), Failure> {
    let mut reports = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        if index > 0 && !pause.is_zero() {
            std::thread::sleep(pause);
        }
        let calls = checked_calls(step.event, &step.body, false)
            .map_err(|error| Failure::usage(format!("step {}: {error}", index + 1)))?;
        let request = build_request(url, step.body.clone(), Some(step.event.as_str()), key, UnixTime::now())?;
        print_heading(out, &request, step.event, &calls, Some((index + 1, steps.len())));
        let report = deliver(&request, step.event, &calls, timeout)?;
        report.print(out, Some(index + 1));
        reports.push(report);
    }
    let violations: usize = reports.iter().map(|report| report.violations.len()).sum();
    let warnings: usize = reports.iter().map(|report| report.warnings.len()).sum();
    let summary = format!("call: {} steps, {violations} violation(s), {warnings} warning(s)", reports.len());
    out.line(&out.paint(if violations == 0 { Style::Good } else { Style::Bad }, &summary));
    out.object(&json!({"summary": {"steps": reports.len(), "violations": violations, "warnings": warnings, "ok": violations == 0}}));
    verdict(&reports)
}

/// Reads a `body_file` of a scenario from the file system, relative to the scenario's folder.
fn read_relative(base: Option<&Path>, file: &str) -> Result<Vec<u8>, String> {
    let path = base.map_or_else(|| Path::new(file).to_path_buf(), |dir| dir.join(file));
    std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Reads a `body_file`: its bytes, or the one-line reason it cannot be read.
pub(crate) type ReadFile<'f> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'f;

/// Reads a scenario: its steps with their bodies, and the pause between steps. `read_file` reads
/// each `body_file` (the CLI: from the file system, relative to the scenario's folder).
pub(crate) fn load(scenario: &Json, read_file: &mut ReadFile<'_>) -> Result<(Vec<Step>, Duration), Failure> {
    let bad = |reason: String| Failure::usage(format!("scenario: {reason}"));
    let Json::Object(object) = scenario else {
        return Err(bad("expected an object with `steps`".into()));
    };
    for (key, _) in object {
        if !matches!(key.as_str(), "call_id" | "pause_ms" | "steps") {
            return Err(bad(format!("unknown key `{key}` (expected call_id, pause_ms, steps)")));
        }
    }
    let call_id = match scenario.get("call_id") {
        None | Some(Json::Null) => None,
        Some(Json::String(id)) => Some(id.as_str()),
        Some(_) => return Err(bad("`call_id` must be a string".into())),
    };
    let pause = match scenario.get("pause_ms") {
        None | Some(Json::Null) => Duration::ZERO,
        Some(value) => Duration::from_millis(
            value
                .as_u64()
                .filter(|ms| *ms <= 60_000)
                .ok_or_else(|| bad("`pause_ms` must be 0..=60000".into()))?,
        ),
    };
    let Some(Json::Array(list)) = scenario.get("steps") else {
        return Err(bad("`steps` must be an array".into()));
    };
    if list.is_empty() || list.len() > 100 {
        return Err(bad("`steps` must hold 1 to 100 steps".into()));
    }
    let mut steps = Vec::new();
    for (index, entry) in list.iter().enumerate() {
        let bad = |reason: String| Failure::usage(format!("scenario step {}: {reason}", index + 1));
        let Json::Object(fields) = entry else {
            return Err(bad("expected an object".into()));
        };
        for (key, _) in fields {
            if !matches!(key.as_str(), "event" | "set" | "body" | "body_file") {
                return Err(bad(format!("unknown key `{key}` (expected event, set, body, body_file)")));
            }
        }
        let name = entry
            .get("event")
            .and_then(Json::as_str)
            .ok_or_else(|| bad("`event` must be a string".into()))?;
        let event = EventKind::from_name(name).ok_or_else(|| {
            bad(format!("unknown event `{name}` (expected assistant-request, tool-calls, status-update, end-of-call-report)"))
        })?;
        let sources = ["set", "body", "body_file"].iter().filter(|key| entry.get(key).is_some()).count();
        if sources > 1 {
            return Err(bad("give at most one of `set`, `body`, `body_file`".into()));
        }
        let body = if let Some(value) = entry.get("body") {
            value.to_vec().map_err(|error| bad(error.to_string()))?
        } else if let Some(file) = entry.get("body_file") {
            let file = file.as_str().ok_or_else(|| bad("`body_file` must be a string".into()))?;
            read_file(file).map_err(bad)?
        } else {
            let sets = match entry.get("set") {
                None => Vec::new(),
                Some(Json::Object(map)) => assignments(map),
                Some(_) => return Err(bad("`set` must be an object of PATH: value".into())),
            };
            fixture_body(event, call_id, &sets).map_err(|error| bad(error.to_string()))?
        };
        steps.push(Step { event, body });
    }
    Ok((steps, pause))
}

/// A `set` object as `--set` assignments (values as JSON text).
fn assignments(map: &[(String, Json)]) -> Vec<String> {
    map.iter().map(|(path, value)| format!("{path}={value}")).collect()
}

/// The built-in call's steps (for `demo`).
pub(crate) fn builtin_steps() -> Result<Vec<Step>, Failure> {
    load(&builtin()?, &mut |file| read_relative(None, file)).map(|(steps, _)| steps)
}
