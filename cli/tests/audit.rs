//! `hms-webhooks audit`, run as a user runs it, against real receivers on 127.0.0.1: a correct
//! one in Rust (axum and the crate's `Verifier`), and receivers in Python (`http.server`) and
//! Node (`http`) in `tests/receivers/`, each correct or with exactly one flaw. Every audit must
//! fail exactly the ids of its receiver's flaw, and exit 1 (0 for the correct ones).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hmsovereign_webhooks::{Event, Headers, ToolResultsBuilder, UnixTime, Verifier, WebhookError};
use serde_json::Value;

/// The example receiver, the one `adapters/axum/examples/axum_receiver.rs` serves (on the axum
/// adapter's `Webhook` extractor).
#[allow(dead_code, unreachable_pub, reason = "only the router and its limit are used")]
#[path = "../../adapters/axum/examples/support/receiver.rs"]
mod example_receiver;

const BIN: &str = env!("CARGO_BIN_EXE_hms-webhooks");
const SECRET: &str = "whsec_audit_test_secret_91c3";

/// Every check id, in scorecard order.
const ALL_IDS: [&str; 22] = [
    "accepts-assistant-request",
    "valid-assistant-response",
    "meets-assistant-request-deadline",
    "accepts-tool-calls",
    "valid-tool-response",
    "meets-tool-calls-deadline",
    "accepts-status-update",
    "accepts-end-of-call-report",
    "rejects-tampered-body",
    "rejects-wrong-secret",
    "rejects-unsigned",
    "rejects-missing-timestamp",
    "rejects-stale",
    "rejects-future",
    "rejects-malformed-timestamp",
    "verifies-raw-bytes",
    "accepts-unicode",
    "accepts-uppercase-hex",
    "accepts-unknown-event",
    "accepts-unknown-fields",
    "accepts-large-body",
    "no-crash-on-invalid-json",
];

/// One audit's outcome.
#[derive(Debug)]
struct Audit {
    code: i32,
    rows: Vec<Value>,
    summary: Value,
    stdout: String,
    stderr: String,
}

impl Audit {
    fn with(&self, verdict: &str) -> BTreeSet<String> {
        self.rows
            .iter()
            .filter(|row| row["verdict"] == verdict)
            .map(|row| row["check"].as_str().unwrap().to_owned())
            .collect()
    }

    fn failed(&self) -> BTreeSet<String> {
        self.with("fail")
    }

    fn row(&self, id: &str) -> &Value {
        self.rows.iter().find(|row| row["check"] == id).unwrap_or_else(|| panic!("no row {id}: {self:?}"))
    }
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|id| (*id).to_owned()).collect()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .args(args)
        .env_remove("HMS_WEBHOOK_SECRET")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        output.status.code().expect("killed by a signal"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `hms-webhooks audit --json` against `url`, every line checked for the documented shape.
fn audit(url: &str, extra: &[&str]) -> Audit {
    let mut args = vec!["audit", "--url", url, "--secret", SECRET, "--json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect();
    let summary = lines.pop().unwrap_or_else(|| panic!("no output: {stderr}"));
    for line in stdout.lines().take(lines.len()) {
        // The keys in the documented order.
        let verdict = line.find(r#"","verdict":""#);
        let detail = line.find(r#"","detail":""#);
        assert!(line.starts_with(r#"{"check":""#) && verdict < detail && verdict.is_some(), "{line}");
    }
    assert!(stdout.lines().last().is_some_and(|line| line.starts_with(r#"{"summary":{"url":"#)), "{stdout}");
    for row in &lines {
        let object = row.as_object().unwrap();
        assert_eq!(object.len(), 3, "{row}");
        assert!(ALL_IDS.contains(&row["check"].as_str().unwrap()), "{row}");
        assert!(["pass", "warn", "fail"].contains(&row["verdict"].as_str().unwrap()), "{row}");
        assert!(!row["detail"].as_str().unwrap().is_empty(), "{row}");
    }
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET), "the secret was printed");
    let audit = Audit { code, rows: lines, summary: summary["summary"].clone(), stdout, stderr };
    assert!(audit.summary.is_object(), "{audit:?}");
    assert!(audit.stderr.is_empty(), "nothing on standard error off a terminal: {audit:?}");
    assert_eq!(audit.summary["fail"], audit.failed().len(), "{audit:?}");
    assert_eq!(audit.summary["failed"].as_array().unwrap().len(), audit.failed().len());
    assert!(audit.summary["requests"].as_u64().unwrap() <= 36, "{audit:?}");
    audit
}

/// Asserts that every check ran, exactly `failing` failed, and the exit code says so.
fn assert_fails_exactly(audit: &Audit, failing: &[&str]) {
    let order: Vec<&str> = audit.rows.iter().map(|row| row["check"].as_str().unwrap()).collect();
    assert_eq!(order, ALL_IDS, "{audit:?}");
    assert_eq!(audit.failed(), ids(failing), "{}", audit.stdout);
    assert_eq!(audit.code, if failing.is_empty() { 0 } else { 1 }, "{audit:?}");
}

// ---- receivers in other languages ---------------------------------------------------------------

/// A receiver process from `tests/receivers/`, stopped when dropped (its standard input closes;
/// it also stops by itself after 300 s).
struct Foreign {
    child: Child,
    stdin: Option<ChildStdin>,
    url: String,
}

impl Drop for Foreign {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

fn foreign(program: &str, script: &str, flaw: &str) -> Foreign {
    let path = format!("{}/tests/receivers/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(program)
        .args([path.as_str(), SECRET, flaw])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {program}: {error}"));
    let stdin = child.stdin.take();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port =
        line.trim().strip_prefix("PORT ").unwrap_or_else(|| panic!("{script} {flaw} printed {line:?}"));
    Foreign { child, stdin, url: format!("http://127.0.0.1:{port}/webhooks") }
}

fn python(flaw: &str) -> Foreign {
    foreign("python3", "receiver.py", flaw)
}

fn node(flaw: &str) -> Foreign {
    foreign("node", "receiver.mjs", flaw)
}

#[test]
fn python_receiver_without_a_flaw_passes_every_check() {
    let receiver = python("none");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &[]);
    assert!(audit.with("warn").is_empty(), "{}", audit.stdout);
}

#[test]
fn node_receiver_without_a_flaw_passes_every_check() {
    let receiver = node("none");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &[]);
    assert!(audit.with("warn").is_empty(), "{}", audit.stdout);
}

#[test]
fn no_verification_python() {
    let receiver = python("no-verification");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(
        &audit,
        &[
            "rejects-tampered-body",
            "rejects-wrong-secret",
            "rejects-unsigned",
            "rejects-missing-timestamp",
            "rejects-stale",
            "rejects-future",
        ],
    );
    // Accepting `+<ts>` is a warning only (the platform never sends it).
    assert_eq!(audit.with("warn"), ids(&["rejects-malformed-timestamp"]));
    assert_eq!(
        audit.row("rejects-unsigned")["detail"],
        "accepted a tool-calls event without X-Webhook-Signature with 200 OK"
    );
}

#[test]
fn no_age_check_python() {
    let receiver = python("no-age-check");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["rejects-stale", "rejects-future"]);
    assert_eq!(
        audit.row("rejects-stale")["detail"],
        "accepted a validly signed tool-calls event timestamped 10 min ago with 200 OK"
    );
}

#[test]
fn unknown_event_refused_python() {
    let receiver = python("unknown-event-refused");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["accepts-unknown-event"]);
    assert_eq!(
        audit.row("accepts-unknown-event")["detail"],
        "refused a validly signed event of type `hms-audit-future-event` with 400 Bad Request: unknown event type hms-audit-future-event"
    );
}

#[test]
fn bad_tool_response_python() {
    let receiver = python("bad-tool-response");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["valid-tool-response"]);
    let detail = audit.row("valid-tool-response")["detail"].as_str().unwrap().to_owned();
    assert!(detail.starts_with("no result for tool call tool_789ghi012jkl (book_appointment)"), "{detail}");
}

#[test]
fn bad_assistant_response_python() {
    let receiver = python("bad-assistant-response");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["valid-assistant-response"]);
    let detail = audit.row("valid-assistant-response")["detail"].as_str().unwrap().to_owned();
    assert!(detail.starts_with("the assistant-request answer is not valid: "), "{detail}");
}

#[test]
fn lowercase_hex_only_python_only_warns() {
    let receiver = python("lowercase-hex-only");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &[]);
    assert_eq!(audit.with("warn"), ids(&["accepts-uppercase-hex"]));
    assert_eq!(
        audit.row("accepts-uppercase-hex")["detail"],
        "refused a valid status-update whose signature is in upper-case hex with 401 Unauthorized: signature mismatch"
    );
}

#[test]
fn reserialized_body_node() {
    let receiver = node("reserialized-body");
    let audit = audit(&receiver.url, &[]);
    // JSON.stringify gives back the compact bodies byte for byte (the audit writes them as it
    // does), so only the pretty-printed, reordered body shows the flaw.
    assert_fails_exactly(&audit, &["verifies-raw-bytes"]);
    assert_eq!(
        audit.row("verifies-raw-bytes")["detail"],
        "refused a valid status-update, pretty-printed in another key order and signed over those bytes with 401 Unauthorized: signature mismatch"
    );
}

#[test]
fn unsigned_accepted_node() {
    let receiver = node("unsigned-accepted");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["rejects-unsigned"]);
}

#[test]
fn body_limit_100kb_node() {
    let receiver = node("body-limit-100kb");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["accepts-large-body"]);
    assert_eq!(
        audit.row("accepts-large-body")["detail"],
        "413 for a 512 KiB report, and 413 Payload Too Large for one of 192 KiB (a long call): the body limit loses real reports: request entity too large"
    );
    // The 413 made the audit send the second, smaller report.
    assert_eq!(audit.summary["requests"], 19);
}

/// The one slow test: the tool-calls answer comes after 11 s.
#[test]
fn slow_tools_node() {
    let receiver = node("slow-tools");
    let audit = audit(&receiver.url, &[]);
    assert_fails_exactly(&audit, &["meets-tool-calls-deadline"]);
    let detail = audit.row("meets-tool-calls-deadline")["detail"].as_str().unwrap().to_owned();
    // 11 s and a little (more on a loaded machine), within the audit's 15 s wait.
    assert!(detail.starts_with("answered after 1"), "{detail}");
    assert!(detail.ends_with("past the 10 s tool-calls deadline"), "{detail}");
    // Accepted and valid, only late.
    assert_eq!(audit.row("accepts-tool-calls")["verdict"], "pass");
    assert_eq!(audit.row("valid-tool-response")["verdict"], "pass");
}

#[test]
fn throws_on_refusal_node_only_warns() {
    let receiver = node("throws-on-refusal");
    let audit = audit(&receiver.url, &[]);
    // A 5xx to a request that must be refused is a refusal with a warning: exit 0.
    assert_fails_exactly(&audit, &[]);
    assert_eq!(
        audit.with("warn"),
        ids(&[
            "rejects-tampered-body",
            "rejects-wrong-secret",
            "rejects-unsigned",
            "rejects-missing-timestamp",
            "rejects-stale",
            "rejects-future",
            "rejects-malformed-timestamp",
            "no-crash-on-invalid-json",
        ])
    );
    assert_eq!(
        audit.row("rejects-stale")["detail"],
        "refused, but with 500 Internal Server Error: Error: refused: stale or future timestamp: the receiver crashed on bad input instead of answering 4xx"
    );
    assert_eq!(audit.summary["warn"], 8);
}

// ---- a correct receiver in Rust ------------------------------------------------------------------

#[derive(Debug, Default)]
struct Seen {
    bodies: Mutex<Vec<Vec<u8>>>,
}

/// A correct receiver on axum: the crate's `Verifier` on the raw bytes, a 1 MiB body limit,
/// 401 for anything not authentic and fresh, 400 for an authentic body that is not an event,
/// 2xx with the right answer for everything else (unknown event types included).
fn correct_rust_receiver() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .fallback(correct_handler)
        .layer(DefaultBodyLimit::max(1 << 20))
        .with_state((Arc::new(Verifier::new(SECRET).unwrap()), Arc::clone(&seen)));
    std::thread::spawn(move || runtime.block_on(async move { axum::serve(listener, app).await.unwrap() }));
    (format!("http://{addr}/webhooks"), seen)
}

async fn correct_handler(
    State((verifier, seen)): State<(Arc<Verifier>, Arc<Seen>)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    seen.bodies.lock().unwrap().push(body.to_vec());
    let now = UnixTime::try_from(std::time::SystemTime::now()).unwrap();
    let event = match verifier.verify_event(&Headers::from_http(&headers), &body, now) {
        Ok(event) => event,
        Err(WebhookError::Verify(error)) => {
            return (StatusCode::UNAUTHORIZED, error.to_string()).into_response();
        }
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    match event {
        Event::AssistantRequest(_) => {
            (StatusCode::OK, r#"{"assistant_id":"asst_rust_receiver","max_duration_seconds":300}"#)
                .into_response()
        }
        Event::ToolCalls(calls) => {
            let mut builder = ToolResultsBuilder::new();
            for call in &calls.tool_calls {
                builder.result(&call.id, &format!("{} done", call.name())).unwrap();
            }
            (StatusCode::OK, builder.finish()).into_response()
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

#[test]
fn correct_rust_receiver_passes_every_check() {
    let (url, seen) = correct_rust_receiver();
    let audit = audit(&url, &[]);
    // Every check passes, `accepts-unicode` included: the crate reads the lone surrogate escape the
    // audit put in `summary` (the JSON reading rules), as U+FFFD.
    let bodies = seen.bodies.lock().unwrap().clone();
    assert!(
        bodies.iter().any(|body| body.windows(6).any(|window| window == br"\ud83d")),
        "the audit sent a body with a lone surrogate escape"
    );
    assert_fails_exactly(&audit, &[]);
    assert!(audit.with("warn").is_empty(), "{}", audit.stdout);
    assert_eq!(audit.summary["checks"], 22);
    assert_eq!(audit.summary["requests"], 18);
    assert_eq!(bodies.len(), 18);
}

/// The crate's own example receiver, served as `examples/axum_receiver.rs` serves it, passes every
/// check with no warning (its 1 MiB body limit takes the 512 KiB report).
#[test]
fn the_crates_example_receiver() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = example_receiver::router(example_receiver::Receiver::new(Verifier::new(SECRET).unwrap()));
    std::thread::spawn(move || runtime.block_on(async move { axum::serve(listener, app).await.unwrap() }));
    let audit = audit(&format!("http://{addr}{}", example_receiver::PATH), &[]);
    assert_fails_exactly(&audit, &[]);
    assert!(audit.with("warn").is_empty(), "{}", audit.stdout);
}

#[test]
fn human_scorecard_has_a_why_for_every_row_and_a_fix_for_each_failure() {
    let receiver = python("no-age-check");
    let (code, stdout, stderr) = run(&["audit", "--url", &receiver.url, "--secret", SECRET]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(!stdout.contains('\u{1b}'), "no colour when not on a terminal");
    assert!(stderr.is_empty(), "no progress line when not on a terminal: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("hms-webhooks audit {}: 22 checks, one request at a time", receiver.url));
    for id in ALL_IDS {
        let row = lines.iter().position(|line| line.split_whitespace().nth(1) == Some(id)).unwrap();
        let verdict = lines[row].split_whitespace().next().unwrap();
        let expected = if id == "rejects-stale" || id == "rejects-future" { "FAIL" } else { "pass" };
        assert_eq!(verdict, expected, "{}", lines[row]);
        assert!(lines[row].split_whitespace().count() > 2, "no why: {}", lines[row]);
        let fix = lines.get(row + 1).is_some_and(|next| next.trim_start().starts_with("fix: "));
        assert_eq!(fix, verdict == "FAIL", "{id}: {stdout}");
    }
    assert!(stdout.contains(
        "fix: answer 401 when X-Webhook-Timestamp is more than 5 min before your clock, or a captured request can be replayed for ever"
    ));
    assert_eq!(
        lines.last().unwrap(),
        &"22 checks, 18 requests: 20 pass, 0 warn, 2 fail (rejects-stale, rejects-future)"
    );
}

// ---- selection, usage and connection errors ------------------------------------------------------

#[test]
fn only_and_skip_select_checks_and_send_only_their_requests() {
    let receiver = python("no-age-check");
    let only =
        audit(&receiver.url, &["--only", "rejects-stale,valid-tool-response", "--only", "rejects-unsigned"]);
    let order: Vec<&str> = only.rows.iter().map(|row| row["check"].as_str().unwrap()).collect();
    assert_eq!(order, ["valid-tool-response", "rejects-unsigned", "rejects-stale"]);
    assert_eq!(only.failed(), ids(&["rejects-stale"]));
    assert_eq!(only.code, 1);
    assert_eq!(only.summary["requests"], 3);

    let skip = audit(&receiver.url, &["--skip", "rejects-stale,rejects-future"]);
    assert_eq!(skip.rows.len(), 20);
    assert!(skip.failed().is_empty(), "{}", skip.stdout);
    assert_eq!(skip.code, 0);
    assert_eq!(skip.summary["requests"], 16);
}

#[test]
fn usage_errors_exit_2() {
    let (code, stdout, stderr) = run(&[
        "audit",
        "--url",
        "http://127.0.0.1:9/webhooks",
        "--secret",
        SECRET,
        "--only",
        "rejects-nothing",
    ]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("unknown check `rejects-nothing`; the checks are: accepts-assistant-request,"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["audit", "--url", "http://127.0.0.1:9/webhooks"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no webhook secret: give --secret SECRET or set HMS_WEBHOOK_SECRET"), "{stderr}");
    let (code, _, stderr) = run(&["audit", "--url", "not a url", "--secret", SECRET]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = run(&["audit", "--secret", SECRET]);
    assert_eq!(code, 2, "clap's usage error for the missing --url");
}

#[test]
fn no_connection_at_all_exits_2() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/webhooks");
    let (code, stdout, stderr) = run(&["audit", "--url", &url, "--secret", SECRET, "--json"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let lines: Vec<Value> = stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0]["kind"], "connection");
    assert!(lines[0]["error"].as_str().unwrap().starts_with(&format!("cannot connect to {url}")), "{stdout}");
}
