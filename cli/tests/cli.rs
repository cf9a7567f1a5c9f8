//! The `hms-webhooks` binary, run as a user runs it, against real receivers on 127.0.0.1.

mod receivers;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use receivers::{Behaviour, SECRET, start};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_hms-webhooks");

/// The binary's exit code, standard output and standard error.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("HMS_WEBHOOK_SECRET").env_remove("NO_COLOR");
    command
}

fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().expect("the binary was killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    finish(command(args).output().unwrap())
}

fn run_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child =
        command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    finish(child.wait_with_output().unwrap())
}

/// A fresh directory for a test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hms-webhooks-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect()
}

fn trigger(event: &str, url: &str, extra: &[&str]) -> Run {
    let mut args = vec!["trigger", event, "--url", url, "--secret", SECRET];
    args.extend_from_slice(extra);
    run(&args)
}

fn assert_secret_absent(run: &Run) {
    assert!(!run.all().contains(SECRET), "the secret was printed: {run:?}");
    assert!(!run.all().contains("cli_test_secret"), "part of the secret was printed: {run:?}");
}

// ---- trigger -------------------------------------------------------------------------------

#[test]
fn trigger_tool_calls_against_a_good_receiver_exits_0() {
    let receiver = start(Behaviour::Good);
    let run = trigger("tool-calls", &receiver.url, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("shape     object"), "{}", run.stdout);
    assert!(
        run.stdout.contains(r#"tool_abc123def456 lookup_contact → "lookup_contact done""#),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(r#"tool_789ghi012jkl book_appointment → "book_appointment done""#),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(deadline 10 s)"), "{}", run.stdout);
    assert_secret_absent(&run);
    let seen = receiver.seen();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].verified);
    assert_eq!(seen[0].headers["x-webhook-event"], "tool-calls");
    assert_eq!(seen[0].headers["content-type"], "application/json");
    assert_eq!(seen[0].headers["user-assistant"], "HMS-Sovereign/1.0");
    // The fixture goes out compact, in the platform's key order, stamped now.
    let body = std::str::from_utf8(&seen[0].body).unwrap();
    assert!(body.starts_with(r#"{"message":{"type":"tool-calls","timestamp":""#), "{body}");
    let sent: Value = serde_json::from_str(body).unwrap();
    let stamp = sent["message"]["timestamp"].as_str().unwrap();
    assert_eq!((stamp.len(), &stamp[10..11], &stamp[23..]), (24, "T", "Z"), "{stamp}");
    assert!(&stamp[..4] >= "2026", "{stamp}");
}

#[test]
fn trigger_json_reports_each_outcome() {
    let receiver = start(Behaviour::Good);
    let run = trigger("tool-calls", &receiver.url, &["--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let report = &lines[0];
    assert_eq!(report["event"], "tool-calls");
    assert_eq!(report["status"], 200);
    assert_eq!(report["deadline_ms"], 10_000);
    assert_eq!(report["ok"], true);
    assert_eq!(report["answer"]["shape"], "object");
    assert_eq!(report["answer"]["outcomes"][1]["tool_call_id"], "tool_789ghi012jkl");
    assert_eq!(report["answer"]["outcomes"][1]["result"], r#""book_appointment done""#);
    assert_eq!(report["violations"], serde_json::json!([]));
}

#[test]
fn trigger_against_a_receiver_that_drops_a_tool_call_id_exits_1() {
    let receiver = start(Behaviour::DropsToolCallId);
    let run = trigger("tool-calls", &receiver.url, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "violation [tool-call-ids] no result for tool call tool_789ghi012jkl (book_appointment): an object-shape answer must answer every tool_call_id of the request"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("the receiver broke the protocol (tool-calls: tool-call-ids)"),
        "{}",
        run.stderr
    );
}

#[test]
fn trigger_warns_about_unknown_tool_call_ids_but_exits_0() {
    let receiver = start(Behaviour::ExtraToolCallId);
    let run = trigger("tool-calls", &receiver.url, &["--json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let report = &json_lines(&run.stdout)[0];
    assert_eq!(report["warnings"][0]["rule"], "unknown-tool-call-id");
    assert_eq!(
        report["warnings"][0]["detail"],
        "the answer names tool_call_id tool_not_requested, which the request did not contain"
    );
    assert_eq!(report["answer"]["unknown_ids"], serde_json::json!(["tool_not_requested"]));
}

#[test]
fn trigger_against_a_receiver_that_answers_invalid_json_exits_1() {
    let receiver = start(Behaviour::InvalidJson);
    let run = trigger("tool-calls", &receiver.url, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "violation [tool-response] the tool-calls answer is not a valid tool response: body is not valid JSON (line 1, column 13)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn trigger_against_a_receiver_with_the_wrong_shape_exits_1() {
    let receiver = start(Behaviour::WrongShape);
    let run = trigger("tool-calls", &receiver.url, &["--json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = &json_lines(&run.stdout)[0];
    assert_eq!(report["violations"][0]["rule"], "tool-response", "{report}");
    assert!(
        report["violations"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("the tool-calls answer is not a valid tool response: not a valid response:")
    );
    let run = trigger("assistant-request", &receiver.url, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "violation [assistant-response] the assistant-request answer is not valid: not a valid response:"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn trigger_against_a_receiver_that_fails_with_500_exits_1() {
    let receiver = start(Behaviour::ServerError);
    for event in ["tool-calls", "assistant-request", "status-update", "end-of-call-report"] {
        let run = trigger(event, &receiver.url, &[]);
        assert_eq!(run.code, 1, "{event}: {run:?}");
        assert!(
            run.stdout.contains(
                "violation [status-2xx] HTTP 500: every webhook must be answered with a 2xx status"
            ),
            "{event}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("status    500 Internal Server Error"), "{}", run.stdout);
    }
}

#[test]
fn trigger_against_a_receiver_slower_than_the_tool_calls_deadline_exits_1() {
    // The one test that waits for a deadline: the receiver takes 11 s, the platform 10 s.
    let receiver = start(Behaviour::Slow);
    let started = std::time::Instant::now();
    let run = trigger("tool-calls", &receiver.url, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("violation [deadline] no answer within the 10 s tool-calls deadline"),
        "{}",
        run.stdout
    );
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(10) && waited < std::time::Duration::from_secs(11),
        "{waited:?}"
    );
}

#[test]
fn trigger_against_a_receiver_that_closes_the_connection_exits_1() {
    // Accepts each connection, reads a little, and closes it without answering.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            let mut stream = stream.unwrap();
            let mut buffer = [0; 64];
            let _ = std::io::Read::read(&mut stream, &mut buffer);
        }
    });
    let run = trigger("tool-calls", &url, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("violation [http] the receiver closed the connection without a full answer"),
        "{}",
        run.stdout
    );
}

#[test]
fn trigger_assistant_request_prints_mode_id_and_cap() {
    let receiver = start(Behaviour::Good);
    let run = trigger("assistant-request", &receiver.url, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("mode      reference: saved assistant asst_dental_7"), "{}", run.stdout);
    assert!(run.stdout.contains("max call  300 s"), "{}", run.stdout);
    assert!(run.stdout.contains("(deadline 5 s)"), "{}", run.stdout);
    let run = trigger("assistant-request", &receiver.url, &["--json"]);
    let report = &json_lines(&run.stdout)[0];
    assert_eq!(report["answer"]["mode"], "reference");
    assert_eq!(report["answer"]["assistant_id"], "asst_dental_7");
    assert_eq!(report["answer"]["max_duration_seconds"], 300);
}

#[test]
fn trigger_status_update_and_report_accept_any_2xx() {
    let receiver = start(Behaviour::Good);
    for event in ["status-update", "end-of-call-report"] {
        let run = trigger(event, &receiver.url, &[]);
        assert_eq!(run.code, 0, "{event}: {run:?}");
        assert!(run.stdout.contains("status    204 No Content"), "{}", run.stdout);
    }
    let seen = receiver.seen();
    let report: Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(report["message"]["analysis"]["primary_topic"], "Schedule appointment");
    assert_eq!(report["message"]["assistant"]["id"], "17a0cb75-fa09-4bdd-9a44-92a70d829c88");
    assert_eq!(report["message"]["phone_number"]["number"], "+31850835037");
}

#[test]
fn trigger_set_overrides_fields_and_body_is_sent_byte_for_byte() {
    let receiver = start(Behaviour::Good);
    let run = trigger(
        "status-update",
        &receiver.url,
        &[
            "--set",
            "message.call.status=ended",
            "--set",
            "message.end_reason=\"user_hangup\"",
            "--set",
            "message.customer.number=+31600000001",
            "--set",
            "message.extra.n=7",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let body: Value = serde_json::from_slice(&receiver.seen()[0].body).unwrap();
    assert_eq!(body["message"]["call"]["status"], "ended");
    assert_eq!(body["message"]["end_reason"], "user_hangup");
    assert_eq!(body["message"]["customer"]["number"], "+31600000001");
    assert_eq!(body["message"]["extra"]["n"], 7);

    let dir = temp_dir("body");
    let file = dir.join("event.json");
    let bytes = b"{ \"message\" : {\"type\":\"status-update\",\"call\":{\"id\":\"c-\\u00e9\"}}}\n\n";
    std::fs::write(&file, bytes).unwrap();
    let run = trigger("status-update", &receiver.url, &["--body", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let seen = receiver.seen();
    assert_eq!(seen[1].body, bytes);
    assert!(seen[1].verified);

    // A body that is not an event of the named type is refused before sending...
    let run = trigger("tool-calls", &receiver.url, &["--body", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("the body is not a valid tool-calls event (X-Webhook-Event header `tool-calls` does not match the body's message.type `status-update`)"), "{}", run.stderr);
    assert_eq!(receiver.seen().len(), 2);
    // ...unless asked for.
    let run = trigger("tool-calls", &receiver.url, &["--body", file.to_str().unwrap(), "--allow-invalid"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("violation [status-2xx] HTTP 400"), "{}", run.stdout);
    assert_eq!(receiver.seen().len(), 3);
}

// ---- call ----------------------------------------------------------------------------------

#[test]
fn call_plays_a_whole_call() {
    let receiver = start(Behaviour::Good);
    let run = run(&["call", "--url", &receiver.url, "--secret", SECRET]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("call: 5 steps, 0 violation(s), 0 warning(s)"), "{}", run.stdout);
    let seen = receiver.seen();
    let steps: Vec<(String, String)> = seen
        .iter()
        .map(|seen| {
            assert!(seen.verified);
            let body: Value = serde_json::from_slice(&seen.body).unwrap();
            (
                body["message"]["type"].as_str().unwrap().to_owned(),
                body["message"]["call"]["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("assistant-request", "ringing"),
        ("status-update", "in-progress"),
        ("tool-calls", "in-progress"),
        ("status-update", "ended"),
        ("end-of-call-report", "ended"),
    ];
    assert_eq!(steps, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    let tools: Value = serde_json::from_slice(&seen[2].body).unwrap();
    let list = &tools["message"]["tool_call_list"];
    assert!(list[0]["function"]["arguments"].is_object());
    assert!(list[1]["function"]["arguments"].is_string());
    let ids: Vec<&str> = seen.iter().map(|seen| std::str::from_utf8(&seen.body).unwrap()).collect();
    assert!(ids.iter().all(|body| body.contains("5c4d030f-43e3-4e65-899e-8148521e660f")));
}

#[test]
fn call_with_a_scenario_file() {
    let receiver = start(Behaviour::DropsToolCallId);
    let dir = temp_dir("scenario");
    std::fs::write(
        dir.join("report.json"),
        br#"{"message":{"type":"end-of-call-report","call":{"id":"own"},"duration_seconds":1,"summary":""}}"#,
    )
    .unwrap();
    let scenario = serde_json::json!({
        "call_id": "call-from-scenario",
        "steps": [
            {"event": "status-update", "set": {"message.call.status": "in-progress"}},
            {"event": "tool-calls"},
            {"event": "end-of-call-report", "body_file": "report.json"}
        ]
    });
    std::fs::write(dir.join("scenario.json"), scenario.to_string()).unwrap();
    let path = dir.join("scenario.json");
    let run = run(&[
        "call",
        "--url",
        &receiver.url,
        "--secret",
        SECRET,
        "--scenario",
        path.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 5, "{}", run.stdout); // three steps, the summary, the error
    assert_eq!(lines[1]["step"], 2);
    assert_eq!(lines[1]["violations"][0]["rule"], "tool-call-ids");
    assert_eq!(lines[3]["summary"]["violations"], 1);
    assert_eq!(lines[4]["kind"], "violation");
    let seen = receiver.seen();
    assert!(std::str::from_utf8(&seen[0].body).unwrap().contains(r#""id":"call-from-scenario""#));
    assert_eq!(
        seen[2].body,
        br#"{"message":{"type":"end-of-call-report","call":{"id":"own"},"duration_seconds":1,"summary":""}}"#
    );

    std::fs::write(dir.join("bad.json"), r#"{"steps":[{"event":"transcript"}]}"#).unwrap();
    let run = self::run(&[
        "call",
        "--url",
        &receiver.url,
        "--secret",
        SECRET,
        "--scenario",
        dir.join("bad.json").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("scenario step 1: unknown event `transcript`"), "{}", run.stderr);
}

/// A scenario `set` key of a million segments used to nest the body a million levels deep and
/// abort the CLI with a stack overflow (and take time quadratic in the key's length first); now
/// a usage error before anything is sent (port 9 of loopback: nothing listens there).
#[test]
fn call_refuses_a_scenario_path_of_a_million_segments() {
    let dir = temp_dir("scenario-deep");
    let path = vec!["k"; 1_000_000].join(".");
    let scenario = format!(r#"{{"steps":[{{"event":"status-update","set":{{"{path}":1}}}}]}}"#);
    std::fs::write(dir.join("deep.json"), scenario).unwrap();
    let run = run(&[
        "call",
        "--url",
        "http://127.0.0.1:9/",
        "--secret",
        SECRET,
        "--scenario",
        dir.join("deep.json").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{:?}", run.stderr.get(..200));
    let quoted = format!("{}…", &path[..100]);
    assert!(
        run.stderr.ends_with(&format!(
            "error: scenario step 1: --set `{quoted}`: the path has 1000000 segments; at most 64\n"
        )),
        "{:?}",
        run.stderr.get(..300)
    );
}

// ---- sign ----------------------------------------------------------------------------------

const PYTHON_HMAC: &str = r#"
import hashlib, hmac, sys
secret, timestamp, path = sys.argv[1], sys.argv[2], sys.argv[3]
body = open(path, "rb").read()
print("sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest())
"#;

fn python_signature(secret: &str, timestamp: &str, path: &std::path::Path) -> String {
    let output = Command::new("python3")
        .args(["-c", PYTHON_HMAC, secret, timestamp, path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn header_value<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {text}"))
}

#[test]
fn sign_matches_pythons_hmac() {
    let dir = temp_dir("sign");
    let bodies: [&[u8]; 4] = [
        br#"{"test":true}"#,
        b"Hello, World!",
        EventKindFixture::TOOL_CALLS,
        b"\xff\xfe not UTF-8 \x00 bytes\n",
    ];
    for (index, body) in bodies.iter().enumerate() {
        let file = dir.join(format!("body{index}"));
        std::fs::write(&file, body).unwrap();
        for timestamp in ["1700000000", "0001700000000", "4102444800"] {
            let run = run(&[
                "sign",
                file.to_str().unwrap(),
                "--secret",
                SECRET,
                "--timestamp",
                timestamp.trim_start_matches('0'),
            ]);
            assert_eq!(run.code, 0, "{run:?}");
            let ts = header_value(&run.stdout, "x-webhook-timestamp");
            assert_eq!(ts, timestamp.trim_start_matches('0'));
            assert_eq!(header_value(&run.stdout, "x-webhook-signature"), python_signature(SECRET, ts, &file));
            assert_secret_absent(&run);
        }
    }
    // The protocol's known answer, from standard input.
    let run = run_stdin(
        &["sign", "--secret", "whsec_test_secret_12345", "--timestamp", "1700000000", "--json"],
        br#"{"test":true}"#,
    );
    assert_eq!(run.code, 0, "{run:?}");
    let signed = &json_lines(&run.stdout)[0];
    assert_eq!(
        signed["signature"],
        "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"
    );
    assert_eq!(signed["event"], Value::Null);
    // The event header comes from the body's message.type.
    let run = run_stdin(
        &["sign", "--secret", SECRET],
        br#"{"message":{"type":"status-update","call":{"id":"c"}}}"#,
    );
    assert_eq!(header_value(&run.stdout, "x-webhook-event"), "status-update");
}

/// The tool-calls fixture as stored in the CLI.
struct EventKindFixture;
impl EventKindFixture {
    const TOOL_CALLS: &'static [u8] = include_bytes!("../fixtures/tool-calls.json");
}

#[test]
fn sign_curl_command_is_accepted_by_a_receiver() {
    let dir = temp_dir("curl");
    let file = dir.join("it's a body.json");
    std::fs::write(&file, br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"}}}"#)
        .unwrap();
    let receiver = start(Behaviour::Good);
    let run = run(&["sign", file.to_str().unwrap(), "--secret", SECRET, "--curl", &receiver.url]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with(&format!("curl -sS -X POST '{}'", receiver.url)), "{}", run.stdout);
    assert!(run.stdout.contains("-H 'x-webhook-event: status-update'"), "{}", run.stdout);
    if Command::new("curl").arg("--version").output().is_ok_and(|output| output.status.success()) {
        let output = Command::new("sh").args(["-c", &run.stdout]).output().unwrap();
        assert!(output.status.success(), "{output:?}");
        let seen = receiver.seen();
        assert_eq!(seen.len(), 1);
        assert!(seen[0].verified, "the receiver did not verify the curl request");
        assert_eq!(seen[0].body, std::fs::read(&file).unwrap());
    }
}

// ---- a receiver in another language ---------------------------------------------------------

const PYTHON_RECEIVER: &str = r#"
import hashlib, hmac, json, os, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["RECEIVER_SECRET"].encode()

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        timestamp = self.headers.get("X-Webhook-Timestamp", "")
        signature = self.headers.get("X-Webhook-Signature", "")
        expected = "sha256=" + hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= 300
        if not (hmac.compare_digest(expected, signature) and fresh):
            print("rejected", flush=True)
            self.send_response(401)
            self.end_headers()
            return
        message = json.loads(body)["message"]
        results = [{"tool_call_id": call["id"], "result": {"ran": call["function"]["name"]}}
                   for call in message["tool_call_list"]]
        answer = json.dumps({"results": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        print("verified", message["type"], len(results), flush=True)

    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.timeout = 30
server.handle_request()
"#;

/// Kills the child (a receiver this test started) if the test ends early.
struct ChildGuard(Child);
impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn trigger_tool_calls_against_a_python_receiver_that_verifies_with_hmac() {
    let mut child = ChildGuard(
        Command::new("python3")
            .args(["-c", PYTHON_RECEIVER])
            .env("RECEIVER_SECRET", SECRET)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut port = String::new();
    stdout.read_line(&mut port).unwrap();
    let url = format!("http://127.0.0.1:{}/webhooks", port.trim());
    let run = trigger("tool-calls", &url, &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(r#"tool_abc123def456 lookup_contact → {"ran": "lookup_contact"}"#),
        "{}",
        run.stdout
    );
    let mut verdict = String::new();
    stdout.read_line(&mut verdict).unwrap();
    assert_eq!(verdict.trim(), "verified tool-calls 2");
    assert!(child.0.wait().unwrap().success());
}

// ---- verify --------------------------------------------------------------------------------

/// A raw HTTP/1.1 request carrying `body`, signed by `sign` at `timestamp`.
fn raw_request(dir: &std::path::Path, body: &[u8], timestamp: &str, secret: &str) -> Vec<u8> {
    let file = dir.join("body");
    std::fs::write(&file, body).unwrap();
    let run = run(&["sign", file.to_str().unwrap(), "--secret", secret, "--timestamp", timestamp]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut raw =
        format!("POST /webhooks HTTP/1.1\r\nHost: example.com\r\nContent-Length: {}\r\n", body.len());
    for line in run.stdout.lines() {
        // Header names as a capture tool shows them: any case.
        let (name, value) = line.split_once(": ").unwrap();
        raw.push_str(&format!("{}: {value}\r\n", name.to_uppercase()));
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    raw
}

#[test]
fn verify_a_raw_request_file() {
    let dir = temp_dir("verify-raw");
    let body = include_bytes!("../fixtures/tool-calls.json");
    let raw = raw_request(&dir, body, "1700000000", SECRET);
    let path = dir.join("request.http");
    std::fs::write(&path, &raw).unwrap();
    let path = path.to_str().unwrap();

    let ok = run(&["verify", "--request", path, "--secret", SECRET, "--now", "1700000100"]);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert_eq!(
        ok.stdout.trim(),
        "valid: signed with secret #1 at 1700000000 (100 s old); tool-calls event, call 5c4d030f-43e3-4e65-899e-8148521e660f"
    );
    assert_secret_absent(&ok);

    // Rotation: the second of two secrets matches.
    let rotated = run(&[
        "verify",
        "--request",
        path,
        "--secret",
        "whsec_new_one",
        "--secret",
        SECRET,
        "--now",
        "1700000000",
        "--json",
    ]);
    assert_eq!(rotated.code, 0, "{rotated:?}");
    assert_eq!(json_lines(&rotated.stdout)[0]["secret"], 2);

    let stale = run(&["verify", "--request", path, "--secret", SECRET, "--now", "1700000301"]);
    assert_eq!(stale.code, 1, "{stale:?}");
    assert_eq!(
        stale.stdout.trim(),
        "invalid: timestamp 1700000000 is 301 s older than now (1700000301), more than the 300 s tolerance; a replay or a clock out of sync"
    );
    let tolerant =
        run(&["verify", "--request", path, "--secret", SECRET, "--now", "1700000301", "--tolerance", "600"]);
    assert_eq!(tolerant.code, 0, "{tolerant:?}");
    let no_age = run(&["verify", "--request", path, "--secret", SECRET, "--no-age-check"]);
    assert_eq!(no_age.code, 0, "{no_age:?}");

    let mut tampered = raw.clone();
    let at = tampered.len() - 10;
    tampered[at] ^= 0x01;
    std::fs::write(dir.join("tampered.http"), &tampered).unwrap();
    let bad = run(&[
        "verify",
        "--request",
        dir.join("tampered.http").to_str().unwrap(),
        "--secret",
        SECRET,
        "--now",
        "1700000000",
        "--json",
    ]);
    assert_eq!(bad.code, 1, "{bad:?}");
    let verdict = &json_lines(&bad.stdout)[0];
    assert_eq!(verdict["reason"], "signature-mismatch");
    assert_eq!(
        verdict["detail"],
        "signature mismatch; the body or timestamp was altered, or it was signed with another secret"
    );

    let wrong = run(&["verify", "--request", path, "--secret", "whsec_wrong", "--now", "1700000000"]);
    assert_eq!(wrong.code, 1, "{wrong:?}");
    assert!(wrong.stdout.starts_with("invalid: signature mismatch"), "{}", wrong.stdout);

    // The same request from standard input.
    let piped = run_stdin(&["verify", "--request", "-", "--secret", SECRET, "--now", "1700000000"], &raw);
    assert_eq!(piped.code, 0, "{piped:?}");

    // A truncated capture is a usage error, not a verdict.
    std::fs::write(dir.join("short.http"), &raw[..raw.len() - 5]).unwrap();
    let short = run(&["verify", "--request", dir.join("short.http").to_str().unwrap(), "--secret", SECRET]);
    assert_eq!(short.code, 2, "{short:?}");
    assert!(
        short.stderr.contains(&format!(
            "the request's Content-Length is {} but only {} body bytes follow",
            body.len(),
            body.len() - 5
        )),
        "{}",
        short.stderr
    );
    std::fs::write(dir.join("garbage.http"), b"\x00\x01 not http\r\n\r\n").unwrap();
    let garbage =
        run(&["verify", "--request", dir.join("garbage.http").to_str().unwrap(), "--secret", SECRET]);
    assert_eq!(garbage.code, 2, "{garbage:?}");
    assert!(garbage.stderr.contains("the request file is not an HTTP/1.1 request"), "{}", garbage.stderr);
}

#[test]
fn verify_header_values_and_a_body_file() {
    let dir = temp_dir("verify-values");
    let file = dir.join("body.json");
    std::fs::write(&file, br#"{"message":{"type":"status-update","call":{"id":"c1"}}}"#).unwrap();
    let file = file.to_str().unwrap();
    let sig = python_signature(SECRET, "1700000000", std::path::Path::new(file));
    let base =
        ["verify", "--body", file, "--timestamp", "1700000000", "--secret", SECRET, "--now", "1700000000"];
    let ok = run(&[&base[..], &["--signature", &sig, "--event", "status-update"]].concat());
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(ok.stdout.contains("status-update event, call c1"), "{}", ok.stdout);
    let mismatch = run(&[&base[..], &["--signature", &sig, "--event", "tool-calls"]].concat());
    assert_eq!(mismatch.code, 1, "{mismatch:?}");
    assert!(
        mismatch.stdout.contains(
            "but the body is not a valid event: X-Webhook-Event header `tool-calls` does not match"
        ),
        "{}",
        mismatch.stdout
    );
    let unsigned = run(&base);
    assert_eq!(unsigned.code, 1, "{unsigned:?}");
    assert!(
        unsigned.stdout.starts_with("invalid: missing X-Webhook-Signature header"),
        "{}",
        unsigned.stdout
    );
    let malformed = run(&[&base[..], &["--signature", "sha256=abc"]].concat());
    assert_eq!(malformed.code, 1);
    assert!(
        malformed.stdout.starts_with("invalid: malformed X-Webhook-Signature header"),
        "{}",
        malformed.stdout
    );
    let from_env = finish(
        command(&[
            "verify",
            "--body",
            file,
            "--timestamp",
            "1700000000",
            "--signature",
            &sig,
            "--now",
            "1700000000",
        ])
        .env("HMS_WEBHOOK_SECRET", SECRET)
        .output()
        .unwrap(),
    );
    assert_eq!(from_env.code, 0, "{from_env:?}");
}

// ---- listen --------------------------------------------------------------------------------

#[test]
fn listen_verifies_prints_and_answers_deliveries() {
    let dir = temp_dir("listen");
    let answer = br#"{"results":[{"tool_call_id":"tool_abc123def456","result":{"name":"John Smith"}},{"tool_call_id":"tool_789ghi012jkl","error":"slot taken"}]}"#;
    std::fs::write(dir.join("answer.json"), answer).unwrap();
    let mut child = ChildGuard(
        command(&[
            "listen",
            "--port",
            "0",
            "--secret",
            SECRET,
            "--max-requests",
            "3",
            "--json",
            "--tool-response",
            dir.join("answer.json").to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let listening: Value = serde_json::from_str(&first).unwrap();
    let url = format!("{}hooks", listening["listening"].as_str().unwrap());

    let sent = trigger("tool-calls", &url, &[]);
    assert_eq!(sent.code, 0, "{sent:?}");
    assert!(
        sent.stdout.contains("error     tool_789ghi012jkl book_appointment → slot taken"),
        "{}",
        sent.stdout
    );

    let wrong = run(&["trigger", "status-update", "--url", &url, "--secret", "whsec_someone_else"]);
    assert_eq!(wrong.code, 1, "{wrong:?}");
    assert!(wrong.stdout.contains("violation [status-2xx] HTTP 401"), "{}", wrong.stdout);
    let report = trigger("end-of-call-report", &url, &[]);
    assert_eq!(report.code, 0, "{report:?}");

    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.0.wait().unwrap();
    assert_eq!(status.code(), Some(0), "listen stopped after --max-requests");
    let lines = json_lines(&rest);
    assert_eq!(lines.len(), 3, "{rest}");
    assert_eq!(lines[0]["event"], "tool-calls");
    assert_eq!(lines[0]["verified"], true);
    assert_eq!(
        lines[0]["details"]["tool_calls"][1]["arguments"],
        r#"{"date":"2025-12-20","time":"14:30","service":"Consultation"}"#
    );
    assert_eq!(lines[0]["response"], std::str::from_utf8(answer).unwrap());
    assert_eq!(lines[1]["status"], 401);
    assert_eq!(
        lines[1]["error"],
        "webhook rejected: signature mismatch; the body or timestamp was altered, or it was signed with another secret"
    );
    assert_eq!(lines[2]["event"], "end-of-call-report");
    assert_eq!(lines[2]["details"]["duration_seconds"], 84);
    assert!(!rest.contains(SECRET));
}

#[test]
fn listen_answers_400_to_an_authentic_body_that_is_not_an_event() {
    let mut child = ChildGuard(
        command(&["listen", "--port", "0", "--secret", SECRET, "--max-requests", "1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.split_whitespace().nth(2).unwrap().to_owned();
    let dir = temp_dir("listen-400");
    std::fs::write(dir.join("b.json"), br#"{"message":{"type":"tool-calls","call":{"id":"c"}}}"#).unwrap();
    let sent =
        trigger("tool-calls", &url, &["--body", dir.join("b.json").to_str().unwrap(), "--allow-invalid"]);
    assert_eq!(sent.code, 1, "{sent:?}");
    assert!(sent.stdout.contains("violation [status-2xx] HTTP 400"), "{}", sent.stdout);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(rest.starts_with("#1 POST / rejected 400 authentic webhook with an unusable body: not a valid webhook payload: `message.tool_call_list` is missing or null"), "{rest}");
    assert_eq!(child.0.wait().unwrap().code(), Some(0));
}

#[test]
fn listen_answers_401_to_malformed_headers_as_the_adapters_do() {
    let mut child = ChildGuard(
        command(&["listen", "--port", "0", "--secret", SECRET, "--max-requests", "1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.split_whitespace().nth(2).unwrap().to_owned();
    let authority = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let body = r#"{"message":{"type":"status-update","call":{"id":"c"}}}"#;
    let mut stream = std::net::TcpStream::connect(&authority).unwrap();
    write!(
        stream,
        "POST /webhooks HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/json\r\n\
         x-webhook-timestamp: 1700000000\r\nx-webhook-signature: sha256=abc\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("malformed X-Webhook-Signature header"), "{answer}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(
        rest.starts_with(
            "#1 POST /webhooks rejected 401 webhook rejected: malformed X-Webhook-Signature header"
        ),
        "{rest}"
    );
    assert_eq!(child.0.wait().unwrap().code(), Some(0));
}

#[test]
fn demo_plays_a_call_against_its_own_receiver() {
    let run = run(&["demo"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("call: 5 steps, 0 violation(s), 0 warning(s)"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("verified secret #1").count(), 5, "{}", run.stdout);
}

// ---- usage errors, no connection, secrets --------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    let receiver = start(Behaviour::Good);
    let cases: [(&[&str], &str); 8] = [
        (
            &["trigger", "tool-calls", "--url", &receiver.url],
            "no webhook secret: give --secret SECRET or set HMS_WEBHOOK_SECRET",
        ),
        (
            &["trigger", "transcript", "--url", &receiver.url, "--secret", SECRET],
            "invalid value 'transcript'",
        ),
        (&["trigger", "tool-calls", "--secret", SECRET], "--url <URL>"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (
            &[
                "trigger",
                "tool-calls",
                "--url",
                &receiver.url,
                "--secret",
                SECRET,
                "--set",
                "message.call.id.x=1",
            ],
            "--set `message.call.id.x`: `message.call.id` is a string, not an object or array",
        ),
        (
            &["trigger", "tool-calls", "--url", "not a url", "--secret", SECRET],
            "`not a url` is not a usable URL",
        ),
        (&["sign", "/nonexistent/body.json", "--secret", SECRET], "cannot read /nonexistent/body.json"),
        (&["verify", "--secret", SECRET], "--body <FILE|->"),
    ];
    for (args, message) in cases {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_secret_absent(&run);
    }
    assert!(receiver.seen().is_empty());
    let empty = run(&["sign", "--secret", ""]);
    assert_eq!(empty.code, 2, "{empty:?}");
    let env_empty = finish(command(&["sign"]).env("HMS_WEBHOOK_SECRET", "").output().unwrap());
    assert_eq!(env_empty.code, 2);
    assert!(env_empty.stderr.contains("HMS_WEBHOOK_SECRET is empty"), "{}", env_empty.stderr);
    let json_usage = run(&["trigger", "tool-call", "--url", &receiver.url, "--json"]);
    assert_eq!(json_usage.code, 2, "{json_usage:?}");
    assert_eq!(
        json_lines(&json_usage.stdout),
        [serde_json::json!({"error": "invalid value 'tool-call' for '<EVENT>'", "kind": "usage"})]
    );
    let nul = run_stdin(&["sign", "--secret", SECRET, "--curl", &receiver.url], b"{\"a\":\"\x00\"}");
    assert_eq!(nul.code, 2, "{nul:?}");
    assert!(nul.stderr.contains("pass it as a FILE for --curl"), "{}", nul.stderr);
    // A typed event type that would inject a header is refused by the crate's sender side.
    let injected = run_stdin(&["sign", "--secret", SECRET, "--event", "status-update\r\nx-evil: 1"], b"{}");
    assert_eq!(injected.code, 2, "{injected:?}");
    assert!(injected.stderr.contains("cannot send this event: event type"), "{}", injected.stderr);
    assert!(!injected.stdout.contains("x-evil"), "{}", injected.stdout);
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Exit codes: 0 all good"), "{}", help.stdout);
}

#[test]
fn no_connection_exits_2() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/webhooks");
    let run = trigger("tool-calls", &url, &["--json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("cannot connect to {url}")), "{}", run.stderr);
    assert_eq!(json_lines(&run.stdout).last().unwrap()["kind"], "connection");
    // https:// against a plain-HTTP receiver: the TLS handshake fails, nothing was exchanged.
    let receiver = start(Behaviour::Good);
    let https = receiver.url.replace("http://", "https://");
    let tls = trigger("tool-calls", &https, &[]);
    assert_eq!(tls.code, 2, "{tls:?}");
    assert!(tls.stderr.contains(&format!("cannot connect to {https}: TLS failed:")), "{}", tls.stderr);
    let unresolvable = trigger("status-update", "http://no-such-host.invalid/webhooks", &[]);
    assert_eq!(unresolvable.code, 2, "{unresolvable:?}");
    assert!(
        unresolvable.stderr.contains("cannot connect to http://no-such-host.invalid/webhooks"),
        "{}",
        unresolvable.stderr
    );
    let call = self::run(&["call", "--url", &url, "--secret", SECRET]);
    assert_eq!(call.code, 2, "{call:?}");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = busy.local_addr().unwrap().port().to_string();
    let listen = self::run(&["listen", "--port", &taken, "--secret", SECRET]);
    assert_eq!(listen.code, 2, "{listen:?}");
    assert!(listen.stderr.contains("cannot listen on 127.0.0.1:"), "{}", listen.stderr);
    assert_secret_absent(&run);
}

#[test]
fn the_secret_never_appears_in_any_output() {
    let good = start(Behaviour::Good);
    let bad = start(Behaviour::InvalidJson);
    let runs = [
        trigger("tool-calls", &good.url, &["--json"]),
        trigger("assistant-request", &bad.url, &[]),
        run(&["call", "--url", &bad.url, "--secret", SECRET, "--json"]),
        run_stdin(&["sign", "--secret", SECRET, "--curl", &good.url], b"{}"),
        run_stdin(&["sign", "--secret", SECRET, "--json"], b"{}"),
        run_stdin(
            &["verify", "--body", "-", "--secret", SECRET, "--timestamp", "1", "--signature", "sha256=00"],
            b"{}",
        ),
        run_stdin(
            &["verify", "--body", "-", "--secret", "whsec_other", "--secret", SECRET, "--timestamp", "x"],
            b"{}",
        ),
        finish(
            command(&["trigger", "tool-calls", "--url", &good.url, "--timeout", "-1"])
                .env("HMS_WEBHOOK_SECRET", SECRET)
                .output()
                .unwrap(),
        ),
        run(&["sign", "--secret", SECRET, "--secret", "whsec_two"]),
        run(&["trigger", "tool-calls", "--url", &good.url, "--secret", SECRET, "--bogus-flag"]),
    ];
    for run in &runs {
        assert_secret_absent(run);
    }
    assert_eq!(runs.iter().map(|run| run.code).collect::<Vec<_>>(), [0, 1, 1, 0, 0, 1, 1, 2, 2, 2]);
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    // `script` (util-linux) runs the binary on a pseudo-terminal.
    if !Command::new("script").arg("--version").output().is_ok_and(|output| output.status.success()) {
        eprintln!("skipped: no `script` to provide a terminal");
        return;
    }
    let on_terminal = |no_color: Option<&str>| {
        let mut command = Command::new("script");
        command.args(["-qec", &format!("{BIN} verify --body /dev/null --secret {SECRET}"), "/dev/null"]);
        command.env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    let coloured = on_terminal(None);
    assert!(
        coloured.contains("\u{1b}[31;1minvalid:\u{1b}[0m missing X-Webhook-Signature header"),
        "{coloured:?}"
    );
    let plain = on_terminal(Some("1"));
    assert!(
        plain.contains("invalid: missing X-Webhook-Signature header") && !plain.contains('\u{1b}'),
        "{plain:?}"
    );
    // Piped (as everywhere else in these tests): no escape codes.
    let piped = run(&["verify", "--body", "/dev/null", "--secret", SECRET]);
    assert_eq!(piped.code, 1);
    assert!(!piped.all().contains('\u{1b}'), "{piped:?}");
}
