//! `hms-webhooks audit --url URL`: a battery of requests that shows, from outside, whether a
//! receiver in any language verifies and answers as the protocol asks.
//!
//! Every check has a stable id (see [`checks::CHECKS`]); each is `pass`, `warn` or `fail`. A
//! refusal is any 4xx; a 5xx to a request that must be refused is a refusal with a warning (the
//! receiver crashed on bad input). Exit 0 when no check fails, 1 when any does, 2 on a usage error
//! or when no connection could be made at all.
//!
//! Requests go one at a time with a short pause between them; 18 probes send at most 19
//! requests (the large-body probe sends a second, smaller report after a 413).

mod bodies;
pub(crate) mod checks;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmsovereign_webhooks::{SIGNATURE_HEADER, SigningKey, TIMESTAMP_HEADER};

use crate::check::{Report, deliver};
use crate::failure::Failure;
use crate::fixtures::{EventKind, validate};
use crate::json::Json;
use crate::output::{Out, Style, human_duration, truncate};
use crate::request::{OutgoingRequest, build_request};
use crate::secret::{Secret, secrets, signing_key};
use crate::send::{SendError, send};
use checks::CHECKS;

/// The pause between two requests.
const PAUSE: Duration = Duration::from_millis(100);
/// How long past an event's deadline the audit still waits, to tell "slow" from "no answer".
const GRACE: Duration = Duration::from_secs(5);
/// How long to wait for an answer to the other requests.
const WAIT: Duration = Duration::from_secs(10);
/// How far the stale and future timestamps are from now: twice the usual 5-minute window.
const SKEW: Duration = Duration::from_secs(600);
/// Signs the `rejects-wrong-secret` request (another one if it happens to be the real secret).
const WRONG_SECRETS: [&str; 2] = ["whsec_hms_audit_not_your_secret", "whsec_hms_audit_not_your_secret_2"];

/// Check a receiver: which of the protocol's rules it keeps, one row per check.
///
/// Sends about 20 requests, one at a time, and prints a scorecard: each check's verdict, why,
/// and how to fix it. Exit 0 when no check fails (warnings allowed), 1 when any fails, 2 on a
/// usage error or no connection.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The receiver's webhook URL, http:// or https://.
    #[arg(long, value_name = "URL")]
    url: String,
    /// The webhook secret the receiver verifies with (else HMS_WEBHOOK_SECRET).
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// Run only these checks (ids, comma-separated or repeated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    only: Vec<String>,
    /// Leave out these checks (ids, comma-separated or repeated).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    skip: Vec<String>,
}

/// A check's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// One row of the scorecard.
#[derive(Debug)]
struct Row {
    check: &'static str,
    verdict: Verdict,
    detail: String,
}

/// One request (or two, for the large body) and the checks judged from its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Probe {
    AssistantRequest,
    ToolCalls,
    StatusUpdate,
    EndOfCallReport,
    Tampered,
    WrongSecret,
    Unsigned,
    MissingTimestamp,
    Stale,
    Future,
    MalformedTimestamp,
    RawBytes,
    Unicode,
    UppercaseHex,
    UnknownEvent,
    UnknownFields,
    LargeBody,
    InvalidJson,
}

impl Probe {
    const ALL: [Self; 18] = [
        Self::AssistantRequest,
        Self::ToolCalls,
        Self::StatusUpdate,
        Self::EndOfCallReport,
        Self::Tampered,
        Self::WrongSecret,
        Self::Unsigned,
        Self::MissingTimestamp,
        Self::Stale,
        Self::Future,
        Self::MalformedTimestamp,
        Self::RawBytes,
        Self::Unicode,
        Self::UppercaseHex,
        Self::UnknownEvent,
        Self::UnknownFields,
        Self::LargeBody,
        Self::InvalidJson,
    ];

    /// The checks judged from this probe's answer, in scorecard order.
    const fn checks(self) -> &'static [&'static str] {
        match self {
            Self::AssistantRequest => {
                &["accepts-assistant-request", "valid-assistant-response", "meets-assistant-request-deadline"]
            }
            Self::ToolCalls => &["accepts-tool-calls", "valid-tool-response", "meets-tool-calls-deadline"],
            Self::StatusUpdate => &["accepts-status-update"],
            Self::EndOfCallReport => &["accepts-end-of-call-report"],
            Self::Tampered => &["rejects-tampered-body"],
            Self::WrongSecret => &["rejects-wrong-secret"],
            Self::Unsigned => &["rejects-unsigned"],
            Self::MissingTimestamp => &["rejects-missing-timestamp"],
            Self::Stale => &["rejects-stale"],
            Self::Future => &["rejects-future"],
            Self::MalformedTimestamp => &["rejects-malformed-timestamp"],
            Self::RawBytes => &["verifies-raw-bytes"],
            Self::Unicode => &["accepts-unicode"],
            Self::UppercaseHex => &["accepts-uppercase-hex"],
            Self::UnknownEvent => &["accepts-unknown-event"],
            Self::UnknownFields => &["accepts-unknown-fields"],
            Self::LargeBody => &["accepts-large-body"],
            Self::InvalidJson => &["no-crash-on-invalid-json"],
        }
    }
}

/// The checks to run: `--only` (else all) without `--skip`, in scorecard order.
fn selection(only: &[String], skip: &[String]) -> Result<Vec<&'static str>, Failure> {
    let known = |id: &String| -> Result<(), Failure> {
        if CHECKS.iter().any(|check| check.id == id) {
            Ok(())
        } else {
            let ids: Vec<&str> = CHECKS.iter().map(|check| check.id).collect();
            Err(Failure::usage(format!("unknown check `{id}`; the checks are: {}", ids.join(", "))))
        }
    };
    only.iter().chain(skip).try_for_each(known)?;
    let chosen: Vec<&'static str> = CHECKS
        .iter()
        .map(|check| check.id)
        .filter(|id| only.is_empty() || only.iter().any(|wanted| wanted == id))
        .filter(|id| !skip.iter().any(|unwanted| unwanted == id))
        .collect();
    if chosen.is_empty() {
        return Err(Failure::usage("--only and --skip leave no check to run"));
    }
    Ok(chosen)
}

/// Runs the audit and prints the scorecard; the exit code is the audit's verdict.
pub(crate) fn run(args: Args, out: &Out) -> ExitCode {
    match audit(&args, out) {
        Ok(code) => code,
        Err(failure) => {
            let kind = match &failure {
                Failure::Violation(_) => "violation",
                Failure::Usage(_) => "usage",
                Failure::Connection(_) => "connection",
            };
            out.error(kind, &failure.to_string());
            failure.exit_code()
        }
    }
}

fn audit(args: &Args, out: &Out) -> Result<ExitCode, Failure> {
    let chosen = selection(&args.only, &args.skip)?;
    let key = signing_key(&args.secret)?;
    let secret =
        secrets(&args.secret)?.into_iter().next().ok_or_else(|| Failure::usage("no webhook secret"))?;
    let wrong = WRONG_SECRETS
        .into_iter()
        .find(|candidate| candidate.as_bytes() != secret.as_bytes())
        .unwrap_or(WRONG_SECRETS[0]);
    let wrong_key = SigningKey::new(wrong).map_err(|error| Failure::usage(error.to_string()))?;
    let probes: Vec<Probe> =
        Probe::ALL.into_iter().filter(|probe| probe.checks().iter().any(|id| chosen.contains(id))).collect();
    let mut auditor = Auditor {
        url: &args.url,
        key,
        wrong_key,
        secret,
        exchanged: false,
        requests: 0,
        progress: std::io::stderr().is_terminal(),
    };
    out.line(&format!(
        "hms-webhooks audit {}: {} check{}, one request at a time",
        args.url,
        chosen.len(),
        if chosen.len() == 1 { "" } else { "s" }
    ));
    let mut rows = Vec::new();
    for (index, probe) in probes.iter().enumerate() {
        let wanted: Vec<&str> = probe.checks().iter().copied().filter(|id| chosen.contains(id)).collect();
        auditor.show_progress(index + 1, probes.len(), &wanted);
        let judged = auditor.probe(*probe);
        auditor.clear_progress();
        let judged = judged?;
        for row in judged.into_iter().filter(|row| chosen.contains(&row.check)) {
            print_row(out, &row);
            rows.push(row);
        }
    }
    let ids = |verdict: Verdict| -> Vec<&str> {
        rows.iter().filter(|row| row.verdict == verdict).map(|row| row.check).collect()
    };
    let (passed, warned, failed) = (ids(Verdict::Pass), ids(Verdict::Warn), ids(Verdict::Fail));
    let list = |ids: &[&str]| Json::Array(ids.iter().map(|id| text(id)).collect());
    emit(
        out,
        &object(vec![(
            "summary",
            object(vec![
                ("url", text(&args.url)),
                ("checks", number(rows.len())),
                ("pass", number(passed.len())),
                ("warn", number(warned.len())),
                ("fail", number(failed.len())),
                ("failed", list(&failed)),
                ("warned", list(&warned)),
                ("requests", number(auditor.requests)),
            ]),
        )]),
    );
    let plural = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let mut summary = format!(
        "{}, {}: {} pass, {} warn, {} fail",
        plural(rows.len(), "check"),
        plural(auditor.requests, "request"),
        passed.len(),
        warned.len(),
        failed.len()
    );
    if !failed.is_empty() {
        summary.push_str(&format!(" ({})", failed.join(", ")));
    }
    out.line("");
    out.line(&out.paint(if failed.is_empty() { Style::Good } else { Style::Bad }, &summary));
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn text(value: &str) -> Json {
    Json::String(value.to_owned())
}

fn number(value: usize) -> Json {
    Json::Number(serde_json::Number::from(value))
}

fn object(entries: Vec<(&str, Json)>) -> Json {
    Json::Object(entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}

/// One JSON line, its keys in the order given (in `--json` mode only).
fn emit(out: &Out, value: &Json) {
    if out.json() {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error worth a panic.
        let _ = writeln!(stdout, "{value}");
        let _ = stdout.flush();
    }
}

fn print_row(out: &Out, row: &Row) {
    emit(
        out,
        &object(vec![
            ("check", text(row.check)),
            ("verdict", text(row.verdict.as_str())),
            ("detail", text(&row.detail)),
        ]),
    );
    let label = match row.verdict {
        Verdict::Pass => out.paint(Style::Good, "pass"),
        Verdict::Warn => out.paint(Style::Warn, "warn"),
        Verdict::Fail => out.paint(Style::Bad, "FAIL"),
    };
    out.line(&format!("  {label}  {:<33} {}", row.check, row.detail));
    if row.verdict != Verdict::Pass
        && let Some(check) = CHECKS.iter().find(|check| check.id == row.check)
    {
        out.line(&format!("        {:<33} fix: {}", "", check.fix));
    }
}

/// An answer to one request, or why there is none.
enum Answer {
    Got {
        status: u16,
        latency: Duration,
        body: Vec<u8>,
    },
    /// No answer in time, or (after a first exchange) no connection.
    None(String),
    /// The connection broke, or the answer was not HTTP.
    Broken(String),
}

struct Auditor<'a> {
    url: &'a str,
    key: SigningKey,
    wrong_key: SigningKey,
    secret: Secret,
    /// Whether any request reached the receiver (after that, a failed connection is a check's
    /// failure, not "no connection").
    exchanged: bool,
    requests: usize,
    progress: bool,
}

fn since_epoch() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

fn status_text(code: u16) -> String {
    let reason = axum::http::StatusCode::from_u16(code).ok().and_then(|status| status.canonical_reason());
    format!("{code} {}", reason.unwrap_or("")).trim_end().to_owned()
}

/// The first line of an answer's body, shortened, for a reason shown after a status.
fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.trim().lines().next() {
        Some(line) if !line.trim().is_empty() => format!(": {}", truncate(line.trim(), 100)),
        _ => String::new(),
    }
}

fn row(check: &'static str, verdict: Verdict, detail: impl Into<String>) -> Row {
    Row { check, verdict, detail: detail.into() }
}

impl Auditor<'_> {
    fn show_progress(&self, index: usize, total: usize, ids: &[&str]) {
        if self.progress {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\u{1b}[2K[{index}/{total}] {} …", ids.join(", "));
            let _ = stderr.flush();
        }
    }

    fn clear_progress(&self) {
        if self.progress {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\u{1b}[2K");
            let _ = stderr.flush();
        }
    }

    fn pause(&mut self) {
        if self.requests > 0 {
            std::thread::sleep(PAUSE);
        }
        self.requests += 1;
    }

    /// A request for `body` as an event of type `event`, signed now-ish with the real key.
    fn request(&self, body: Vec<u8>, event: &str, at: Duration) -> Result<OutgoingRequest, Failure> {
        build_request(
            self.url,
            body,
            Some(event),
            &self.key,
            hmsovereign_webhooks::UnixTime::from_secs(at.as_secs()),
        )
    }

    fn send(&mut self, request: &OutgoingRequest) -> Result<Answer, Failure> {
        self.pause();
        match send(request, WAIT) {
            Ok(exchange) => {
                self.exchanged = true;
                Ok(Answer::Got { status: exchange.status, latency: exchange.latency, body: exchange.body })
            }
            Err(SendError::Timeout(_)) => {
                self.exchanged = true;
                Ok(Answer::None(format!("no answer within {}", human_duration(WAIT))))
            }
            Err(SendError::Broken(reason, _)) => {
                self.exchanged = true;
                Ok(Answer::Broken(reason))
            }
            Err(SendError::Connection(reason)) if !self.exchanged => Err(Failure::Connection(reason)),
            Err(SendError::Connection(reason)) => Ok(Answer::None(reason)),
            Err(SendError::BadUrl(reason)) => Err(Failure::Usage(reason)),
        }
    }

    /// Sends a valid event through the CLI's `deliver` (which judges the answer as `trigger`
    /// does), waiting past the event's deadline by [`GRACE`].
    fn deliver(&mut self, kind: EventKind) -> Result<Result<Report, String>, Failure> {
        let body = bodies::valid(kind, since_epoch())?;
        let calls = validate(kind, &body)
            .map_err(|error| Failure::usage(format!("built-in {} body: {error}", kind.as_str())))?;
        let request = self.request(body, kind.as_str(), since_epoch())?;
        let wait = kind.event_type().response_deadline().unwrap_or(WAIT) + GRACE;
        self.pause();
        match deliver(&request, kind, &calls, Some(wait)) {
            Ok(report) => {
                self.exchanged = true;
                Ok(Ok(report))
            }
            Err(Failure::Connection(reason)) if self.exchanged => Ok(Err(reason)),
            Err(failure) => Err(failure),
        }
    }

    fn probe(&mut self, probe: Probe) -> Result<Vec<Row>, Failure> {
        let now = since_epoch();
        let tool_calls = || bodies::valid(EventKind::ToolCalls, now);
        let refused = |answer: Answer, accepted: Verdict, check: &'static str| -> Vec<Row> {
            vec![judge_refusal(check, answer, accepted, refusal_request(check))]
        };
        Ok(match probe {
            Probe::AssistantRequest => self.valid_event(EventKind::AssistantRequest)?,
            Probe::ToolCalls => self.valid_event(EventKind::ToolCalls)?,
            Probe::StatusUpdate | Probe::EndOfCallReport => {
                let kind = if probe == Probe::StatusUpdate {
                    EventKind::StatusUpdate
                } else {
                    EventKind::EndOfCallReport
                };
                let request = self.request(bodies::valid(kind, now)?, kind.as_str(), now)?;
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    probe.checks()[0],
                    answer,
                    Verdict::Fail,
                    "a valid, signed, fresh event",
                )]
            }
            Probe::Tampered => {
                let mut request = self.request(tool_calls()?, "tool-calls", now)?;
                request.body = bodies::tampered(&request.body)?;
                refused(self.send(&request)?, Verdict::Fail, "rejects-tampered-body")
            }
            Probe::WrongSecret => {
                let body = tool_calls()?;
                let request = build_request(
                    self.url,
                    body,
                    Some("tool-calls"),
                    &self.wrong_key,
                    hmsovereign_webhooks::UnixTime::from_secs(now.as_secs()),
                )?;
                refused(self.send(&request)?, Verdict::Fail, "rejects-wrong-secret")
            }
            Probe::Unsigned => {
                let mut request = self.request(tool_calls()?, "tool-calls", now)?;
                request.headers.retain(|(name, _)| *name != SIGNATURE_HEADER);
                refused(self.send(&request)?, Verdict::Fail, "rejects-unsigned")
            }
            Probe::MissingTimestamp => {
                let mut request = self.request(tool_calls()?, "tool-calls", now)?;
                request.headers.retain(|(name, _)| *name != TIMESTAMP_HEADER);
                refused(self.send(&request)?, Verdict::Fail, "rejects-missing-timestamp")
            }
            Probe::Stale | Probe::Future => {
                let at = if probe == Probe::Stale { now.saturating_sub(SKEW) } else { now + SKEW };
                let request = self.request(bodies::valid(EventKind::ToolCalls, at)?, "tool-calls", at)?;
                refused(self.send(&request)?, Verdict::Fail, probe.checks()[0])
            }
            Probe::MalformedTimestamp => {
                let mut request = self.request(tool_calls()?, "tool-calls", now)?;
                let timestamp = format!("+{}", now.as_secs());
                let signature =
                    bodies::signature_over_text(self.secret.as_bytes(), &timestamp, &request.body)?;
                for (name, value) in &mut request.headers {
                    if *name == TIMESTAMP_HEADER {
                        value.clone_from(&timestamp);
                    } else if *name == SIGNATURE_HEADER {
                        value.clone_from(&signature);
                    }
                }
                refused(self.send(&request)?, Verdict::Warn, "rejects-malformed-timestamp")
            }
            Probe::RawBytes => {
                let request = self.request(bodies::pretty_reordered(now)?, "status-update", now)?;
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    "verifies-raw-bytes",
                    answer,
                    Verdict::Fail,
                    "a valid status-update, pretty-printed in another key order and signed over those bytes",
                )]
            }
            Probe::Unicode => {
                let request = self.request(bodies::unicode(now)?, "end-of-call-report", now)?;
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    "accepts-unicode",
                    answer,
                    Verdict::Fail,
                    "a valid end-of-call-report with non-ASCII text and a lone surrogate escape in summary",
                )]
            }
            Probe::UppercaseHex => {
                let mut request =
                    self.request(bodies::valid(EventKind::StatusUpdate, now)?, "status-update", now)?;
                for (name, value) in &mut request.headers {
                    if *name == SIGNATURE_HEADER {
                        let digits = value.trim_start_matches("sha256=").to_ascii_uppercase();
                        *value = format!("sha256={digits}");
                    }
                }
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    "accepts-uppercase-hex",
                    answer,
                    Verdict::Warn,
                    "a valid status-update whose signature is in upper-case hex",
                )]
            }
            Probe::UnknownEvent => {
                let request = self.request(bodies::unknown_event(now)?, bodies::UNKNOWN_EVENT, now)?;
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    "accepts-unknown-event",
                    answer,
                    Verdict::Fail,
                    &format!("a validly signed event of type `{}`", bodies::UNKNOWN_EVENT),
                )]
            }
            Probe::UnknownFields => {
                let request = self.request(bodies::unknown_fields(now)?, "end-of-call-report", now)?;
                let answer = self.send(&request)?;
                vec![judge_acceptance(
                    "accepts-unknown-fields",
                    answer,
                    Verdict::Fail,
                    "a valid end-of-call-report with an unknown field in every object",
                )]
            }
            Probe::LargeBody => vec![self.large_body(now)?],
            Probe::InvalidJson => {
                let request = self.request(bodies::NOT_JSON.to_vec(), "status-update", now)?;
                refused(self.send(&request)?, Verdict::Fail, "no-crash-on-invalid-json")
            }
        })
    }

    /// `accepts-large-body`: a 512 KiB report; after a 413, a long call's 192 KiB report tells a
    /// deliberate cap (warn) from one that loses real reports (fail).
    fn large_body(&mut self, now: Duration) -> Result<Row, Failure> {
        const CHECK: &str = "accepts-large-body";
        let kib = |size: usize| size / 1024;
        let body = bodies::large(now, bodies::LARGE_BODY)?;
        let size = body.len();
        let request = self.request(body, "end-of-call-report", now)?;
        let first = match self.send(&request)? {
            Answer::Got { status: 413, .. } => format!("413 for a {} KiB report", kib(size)),
            // Many servers answer 413 as soon as they see the length and close the connection
            // before the body is sent: the client then sees the connection break mid-upload.
            Answer::Broken(_) => format!(
                "the connection was closed while the {} KiB report was sent (an early 413?)",
                kib(size)
            ),
            answer => {
                return Ok(judge_acceptance(
                    CHECK,
                    answer,
                    Verdict::Fail,
                    &format!("a valid end-of-call-report of {} KiB", kib(size)),
                ));
            }
        };
        let smaller = bodies::large(now, bodies::LONG_CALL_BODY)?;
        let request = self.request(smaller, "end-of-call-report", now)?;
        Ok(match self.send(&request)? {
            Answer::Got { status, .. } if (200..300).contains(&status) => row(
                CHECK,
                Verdict::Warn,
                format!(
                    "{first}, but {} for {} KiB: the body limit is in between",
                    status_text(status),
                    kib(bodies::LONG_CALL_BODY)
                ),
            ),
            Answer::Got { status, body, .. } => row(
                CHECK,
                Verdict::Fail,
                format!(
                    "{first}, and {} for one of {} KiB (a long call): the body limit loses real reports{}",
                    status_text(status),
                    kib(bodies::LONG_CALL_BODY),
                    body_excerpt(&body)
                ),
            ),
            Answer::None(reason) | Answer::Broken(reason) => row(
                CHECK,
                Verdict::Fail,
                format!(
                    "413 for a {} KiB report, and no answer for {} KiB: {reason}",
                    kib(size),
                    kib(bodies::LONG_CALL_BODY)
                ),
            ),
        })
    }

    /// The three checks of a valid assistant-request or tool-calls event.
    fn valid_event(&mut self, kind: EventKind) -> Result<Vec<Row>, Failure> {
        let (accepts, valid, meets) = match kind {
            EventKind::AssistantRequest => {
                ("accepts-assistant-request", "valid-assistant-response", "meets-assistant-request-deadline")
            }
            _ => ("accepts-tool-calls", "valid-tool-response", "meets-tool-calls-deadline"),
        };
        let report = match self.deliver(kind)? {
            Ok(report) => report,
            Err(reason) => {
                return Ok(vec![
                    row(accepts, Verdict::Fail, format!("no answer: {reason}")),
                    row(valid, Verdict::Fail, "no answer to judge"),
                    row(meets, Verdict::Fail, "no answer"),
                ]);
            }
        };
        let deadline = kind.event_type().response_deadline().unwrap_or(WAIT);
        let rule_details = |rules: &[&str]| -> Vec<String> {
            report
                .violations
                .iter()
                .filter(|finding| rules.contains(&finding.rule))
                .map(|finding| finding.detail.clone())
                .collect()
        };
        let late = rule_details(&["deadline"]);
        let no_answer = rule_details(&["http"]);
        let accepted = report.status.is_some_and(|status| (200..300).contains(&status));
        let accepts_row = match report.status {
            Some(status) if accepted => row(
                accepts,
                Verdict::Pass,
                format!("{} in {}", status_text(status), human_duration(report.latency)),
            ),
            Some(status) => {
                let excerpt = report
                    .answer_lines
                    .iter()
                    .find(|(label, _)| label == "body")
                    .map(|(_, text)| format!(": {}", truncate(text, 100)))
                    .unwrap_or_default();
                row(
                    accepts,
                    Verdict::Fail,
                    format!(
                        "refused a valid, signed, fresh {} with {}{excerpt}",
                        kind.as_str(),
                        status_text(status)
                    ),
                )
            }
            None if !late.is_empty() => {
                row(accepts, Verdict::Fail, format!("no answer within {}", human_duration(deadline + GRACE)))
            }
            None => row(accepts, Verdict::Fail, format!("no answer: {}", no_answer.join("; "))),
        };
        let shape_rules: &[&str] = match kind {
            EventKind::AssistantRequest => &["assistant-response"],
            _ => &["tool-response", "tool-call-ids"],
        };
        let broken = rule_details(shape_rules);
        let valid_row = if !accepted {
            row(valid, Verdict::Fail, "no 2xx answer to judge")
        } else if !broken.is_empty() {
            row(valid, Verdict::Fail, broken.join("; "))
        } else if !report.warnings.is_empty() {
            let details: Vec<&str> = report.warnings.iter().map(|finding| finding.detail.as_str()).collect();
            row(valid, Verdict::Warn, details.join("; "))
        } else {
            row(valid, Verdict::Pass, answer_summary(kind, &report))
        };
        let meets_row = if let Some(detail) = late.first() {
            row(meets, Verdict::Fail, detail.clone())
        } else if report.status.is_none() {
            row(meets, Verdict::Fail, format!("no answer: {}", no_answer.join("; ")))
        } else {
            row(
                meets,
                Verdict::Pass,
                format!(
                    "answered in {} (deadline {})",
                    human_duration(report.latency),
                    human_duration(deadline)
                ),
            )
        };
        Ok(vec![accepts_row, valid_row, meets_row])
    }
}

/// One line about a valid answer.
fn answer_summary(kind: EventKind, report: &Report) -> String {
    let line = |label: &str| {
        report.answer_lines.iter().find(|(name, _)| name == label).map(|(_, text)| text.clone())
    };
    match kind {
        EventKind::AssistantRequest => {
            let mode = report.answer.get("mode").and_then(|value| value.as_str()).unwrap_or("?");
            let cap = line("max call").unwrap_or_default();
            match report.answer.get("assistant_id").and_then(|value| value.as_str()) {
                Some(id) => format!("{mode} mode, assistant {}, max call {cap}", truncate(id, 60)),
                None => format!("{mode} mode, max call {cap}"),
            }
        }
        _ => {
            let shape = line("shape").unwrap_or_default();
            let outcomes =
                report.answer.get("outcomes").and_then(|value| value.as_array()).map_or(0, Vec::len);
            format!("{shape} shape, an outcome for each of the {outcomes} tool calls")
        }
    }
}

/// A request the receiver must accept (2xx); `refused` is the verdict when it does not.
fn judge_acceptance(check: &'static str, answer: Answer, refused: Verdict, what: &str) -> Row {
    match answer {
        Answer::Got { status, latency, .. } if (200..300).contains(&status) => {
            row(check, Verdict::Pass, format!("{} in {}", status_text(status), human_duration(latency)))
        }
        Answer::Got { status, body, .. } => {
            row(check, refused, format!("refused {what} with {}{}", status_text(status), body_excerpt(&body)))
        }
        Answer::None(reason) | Answer::Broken(reason) => {
            row(check, Verdict::Fail, format!("no answer to {what}: {reason}"))
        }
    }
}

/// What the request of a refusal check is, for the scorecard.
fn refusal_request(check: &str) -> &'static str {
    match check {
        "rejects-tampered-body" => "a tool-calls body changed by one byte after signing",
        "rejects-wrong-secret" => "a tool-calls event signed with another secret",
        "rejects-unsigned" => "a tool-calls event without X-Webhook-Signature",
        "rejects-missing-timestamp" => "a signed tool-calls event without X-Webhook-Timestamp",
        "rejects-stale" => "a validly signed tool-calls event timestamped 10 min ago",
        "rejects-future" => "a validly signed tool-calls event timestamped 10 min ahead",
        "rejects-malformed-timestamp" => "a tool-calls event signed over the timestamp `+<now>`",
        "no-crash-on-invalid-json" => "a validly signed body that is not JSON",
        _ => "the request",
    }
}

/// A request the receiver must refuse (4xx); `accepted` is the verdict for a 2xx; `what` names
/// the request.
fn judge_refusal(check: &'static str, answer: Answer, accepted: Verdict, what: &str) -> Row {
    match answer {
        Answer::Got { status, .. } if (400..500).contains(&status) => {
            row(check, Verdict::Pass, format!("refused with {}", status_text(status)))
        }
        Answer::Got { status, body, .. } if status >= 500 => row(
            check,
            Verdict::Warn,
            format!(
                "refused, but with {}{}: the receiver crashed on bad input instead of answering 4xx",
                status_text(status),
                body_excerpt(&body)
            ),
        ),
        Answer::Got { status, .. } if (200..300).contains(&status) => {
            row(check, accepted, format!("accepted {what} with {}", status_text(status)))
        }
        Answer::Got { status, .. } => {
            row(check, Verdict::Fail, format!("answered {}, which is not a refusal", status_text(status)))
        }
        Answer::None(reason) | Answer::Broken(reason) => {
            row(check, Verdict::Fail, format!("no answer: {reason}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_belongs_to_exactly_one_probe_in_order() {
        let from_probes: Vec<&str> =
            Probe::ALL.iter().flat_map(|probe| probe.checks().iter().copied()).collect();
        let listed: Vec<&str> = CHECKS.iter().map(|check| check.id).collect();
        assert_eq!(from_probes, listed);
        assert!(CHECKS.iter().all(|check| !check.fix.is_empty()));
    }

    #[test]
    fn selections() {
        let all = selection(&[], &[]).unwrap();
        assert_eq!(all.len(), 22);
        let only = selection(&["rejects-stale".into(), "accepts-tool-calls".into()], &[]).unwrap();
        assert_eq!(only, ["accepts-tool-calls", "rejects-stale"]);
        let skip = selection(&[], &["rejects-stale".into()]).unwrap();
        assert_eq!(skip.len(), 21);
        assert!(!skip.contains(&"rejects-stale"));
        match selection(&["rejects-everything".into()], &[]) {
            Err(Failure::Usage(message)) => assert!(message.starts_with("unknown check `rejects-everything`; the checks are: accepts-assistant-request, valid-assistant-response,"), "{message}"),
            other => panic!("{other:?}"),
        }
        match selection(&["rejects-stale".into()], &["rejects-stale".into()]) {
            Err(Failure::Usage(message)) => assert_eq!(message, "--only and --skip leave no check to run"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn verdicts_of_answers() {
        let got = |status: u16| Answer::Got {
            status,
            latency: Duration::from_millis(3),
            body: b"nope\nmore".to_vec(),
        };
        let refusal = |status: u16| judge_refusal("rejects-stale", got(status), Verdict::Fail, "it");
        assert_eq!(refusal(401).verdict, Verdict::Pass);
        assert_eq!(refusal(401).detail, "refused with 401 Unauthorized");
        assert_eq!(refusal(413).verdict, Verdict::Pass);
        assert_eq!(refusal(500).verdict, Verdict::Warn);
        assert_eq!(
            refusal(500).detail,
            "refused, but with 500 Internal Server Error: nope: the receiver crashed on bad input instead of answering 4xx"
        );
        assert_eq!(refusal(200).verdict, Verdict::Fail);
        assert_eq!(refusal(200).detail, "accepted it with 200 OK");
        assert_eq!(refusal(302).verdict, Verdict::Fail);
        assert_eq!(judge_refusal("x", got(204), Verdict::Warn, "it").verdict, Verdict::Warn);
        assert_eq!(
            judge_refusal("x", Answer::None("reset".into()), Verdict::Warn, "it").verdict,
            Verdict::Fail
        );
        let acceptance = |status: u16, refused: Verdict| judge_acceptance("x", got(status), refused, "it");
        assert_eq!(acceptance(204, Verdict::Fail).verdict, Verdict::Pass);
        assert_eq!(acceptance(204, Verdict::Fail).detail, "204 No Content in 3 ms");
        assert_eq!(acceptance(400, Verdict::Fail).verdict, Verdict::Fail);
        assert_eq!(acceptance(400, Verdict::Fail).detail, "refused it with 400 Bad Request: nope");
        assert_eq!(acceptance(401, Verdict::Warn).verdict, Verdict::Warn);
        assert_eq!(
            judge_acceptance("x", Answer::None("reset".into()), Verdict::Warn, "it").verdict,
            Verdict::Fail
        );
    }
}
