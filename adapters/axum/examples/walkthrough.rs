//! The crate's main job, end to end: a real HTTP receiver verifies, parses and answers the webhooks
//! of one phone call, played against it over HTTP the way HMS Sovereign sends them.
//!
//! ```text
//! cargo run -p hmsovereign-webhooks-axum --example walkthrough
//! ```
//!
//! It starts the receiver of `support/receiver.rs` (axum) on 127.0.0.1 at a port the system picks,
//! then, as the platform, signs and POSTs: `assistant-request`, `status-update` (in progress),
//! `tool-calls` (two tools at once), `status-update` (ended), `end-of-call-report`, a repeated
//! delivery, and three requests that must be refused (a tampered body, a stale timestamp, the
//! wrong secret). It prints what was sent, what came back and what that means, reads each answer
//! with the crate's own response parsers, checks every step against the protocol, and exits with
//! 0 only if every check held. Loopback only; it stops by itself within seconds.
//!
//! The receiver takes each request through the `Webhook` extractor of this crate;
//! `examples/axum_receiver.rs` serves the same receiver on its own.

use std::error::Error;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use hmsovereign_webhooks::{
    AssistantMode, ToolOutcome, ToolResponseShape, UnixTime, VerifyError, WebhookError,
    parse_assistant_response, parse_tool_response,
};
use serde_json::{Value, json};

#[path = "support/platform.rs"]
mod platform;
#[path = "support/receiver.rs"]
mod receiver;

use platform::{Answer, Platform, Webhook};
use receiver::{CallAnalysis, CallReport, Receiver};

/// The assistant's `webhook_secret`, shared by the platform and the receiver. A demo value: a
/// real one comes from configuration, never from source code.
const SECRET: &str = "whsec_walkthrough_demo_secret";
const CALL_ID: &str = "5c4d030f-43e3-4e65-899e-8148521e660f";
const CUSTOMER: &str = "+31612345678";
const PRACTICE: &str = "+31850835037";
const AVAILABILITY_ID: &str = "tool_7f3a9c21";
const BOOKING_ID: &str = "tool_b4e8d605";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut walk = match Walkthrough::start().await {
        Ok(walk) => walk,
        Err(error) => {
            eprintln!("walkthrough: cannot start the receiver: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Bounded: every request has the platform's deadline (at most 10 s); in practice the whole
    // run takes milliseconds.
    if let Err(error) = walk.run().await {
        eprintln!("\nwalkthrough FAILED: {error}");
        return ExitCode::FAILURE;
    }
    walk.server.abort();
    println!();
    if walk.failures.is_empty() {
        println!("walkthrough: all {} checks held; every step behaved as the protocol requires", walk.checks);
        ExitCode::SUCCESS
    } else {
        eprintln!("walkthrough FAILED: {} of {} checks did not hold:", walk.failures.len(), walk.checks);
        for failure in &walk.failures {
            eprintln!("  - {failure}");
        }
        ExitCode::FAILURE
    }
}

struct Walkthrough {
    addr: SocketAddr,
    receiver: Arc<Receiver>,
    server: tokio::task::JoinHandle<()>,
    platform: Platform,
    step: usize,
    checks: usize,
    failures: Vec<String>,
}

type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

impl Walkthrough {
    /// Starts the receiver on 127.0.0.1 at a free port.
    async fn start() -> Result<Self> {
        let verifier = hmsovereign_webhooks::Verifier::new(SECRET)?;
        let receiver = Receiver::new(verifier);
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let app = receiver::router(receiver.clone());
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("receiver stopped: {error}");
            }
        });
        println!("HMS Sovereign webhooks, end to end");
        println!("receiver: axum on http://{addr}{}, secret {SECRET:?} (demo only)", receiver::PATH);
        println!("platform: plays one inbound call from {CUSTOMER} to the practice at {PRACTICE}");
        Ok(Self {
            addr,
            receiver,
            server,
            platform: Platform::new(SECRET)?,
            step: 0,
            checks: 0,
            failures: Vec::new(),
        })
    }

    async fn run(&mut self) -> Result {
        self.assistant_request().await?;
        self.status_update("in-progress", None).await?;
        self.tool_calls().await?;
        let ended = self.status_update("ended", Some("user_hangup")).await?;
        let report = self.end_of_call_report().await?;
        self.repeated_delivery(ended).await?;
        self.tampered_body(report).await?;
        self.stale_timestamp().await?;
        self.wrong_secret().await
    }

    /// 1. An inbound call rings: the receiver configures it.
    async fn assistant_request(&mut self) -> Result {
        self.heading("assistant-request: a call is ringing; the receiver picks the assistant (5 s deadline)");
        let body = message("assistant-request", "ringing", json!({}));
        let answer = self.send(&self.platform.sign("assistant-request", body, receiver::now())).await?;
        self.check_deadline(&answer, Duration::from_secs(5));
        self.check("answered 200 with a JSON body", answer.status == 200 && is_json(&answer));

        let response = parse_assistant_response(&answer.body)?;
        let config = match response.mode() {
            AssistantMode::Transient(block) => Some(block.to_config()?),
            _ => None,
        };
        self.check("mode is transient (parse_assistant_response)", config.is_some());
        let Some(config) = config else { return Ok(()) };
        let greeting = config.first_message.as_deref().unwrap_or_default();
        let prompt = config.llm_config.as_ref().and_then(|llm| llm.messages.as_ref()).and_then(|m| m.first());
        let cap = response.max_duration_seconds().map_or_else(|| "no".to_owned(), |secs| format!("{secs} s"));
        println!("   = a transient assistant, for this call only; {cap} cap on the call's length");
        println!("     first message: {greeting:?}");
        if let Some(prompt) = prompt {
            println!("     system prompt: {:?}", prompt.content.as_deref().unwrap_or_default());
        }
        self.check(
            "greets the caller by name, found by their number",
            greeting == "Hello Jan, welcome back to Dental Care Utrecht! How can I help you today?",
        );
        self.check(
            "the system prompt names the caller's number",
            prompt.and_then(|p| p.content.as_deref()).is_some_and(|text| text.contains(CUSTOMER)),
        );
        self.check("max_duration_seconds is 600", response.max_duration_seconds() == Some(600));
        let number = self.receiver.call(CALL_ID).and_then(|call| call.customer_number);
        self.check("the receiver recorded the caller's number", number.as_deref() == Some(CUSTOMER));
        Ok(())
    }

    /// 2. and 4. The call's status changes: the receiver acknowledges and records it.
    async fn status_update(&mut self, status: &str, end_reason: Option<&str>) -> Result<Webhook> {
        self.heading(&format!("status-update: the call is {status}; the answer is only acknowledged"));
        let extra = end_reason.map_or_else(|| json!({}), |reason| json!({ "end_reason": reason }));
        let webhook =
            self.platform.sign("status-update", message("status-update", status, extra), receiver::now());
        let answer = self.send(&webhook).await?;
        self.check("acknowledged with a 2xx", (200..300).contains(&answer.status));
        let statuses = self.receiver.call(CALL_ID).map(|call| call.statuses).unwrap_or_default();
        println!("   = the receiver has recorded the statuses {statuses:?}");
        self.check(
            &format!("the receiver recorded `{status}`"),
            statuses.last().map(String::as_str) == Some(status),
        );
        Ok(webhook)
    }

    /// 3. The assistant calls two tools in one request.
    async fn tool_calls(&mut self) -> Result {
        self.heading("tool-calls: the assistant checks the diary and books, in one request (10 s deadline)");
        // The arguments of the first call are an object; those of the second a JSON string holding
        // one, as some model providers send them. The receiver sees an object either way.
        let booking = json!({"date": "2025-12-20", "time": "14:30", "service": "check-up"}).to_string();
        let tool_calls = json!({ "tool_call_list": [
            {"id": AVAILABILITY_ID, "type": "function", "function": {
                "name": "check_availability", "arguments": {"date": "2025-12-20", "service": "check-up"}}},
            {"id": BOOKING_ID, "type": "function", "function": {
                "name": "book_appointment", "arguments": booking}},
        ]});
        let body = message("tool-calls", "in-progress", tool_calls);
        let answer = self.send(&self.platform.sign("tool-calls", body, receiver::now())).await?;
        self.check_deadline(&answer, Duration::from_secs(10));
        self.check("answered 200 with a JSON body", answer.status == 200 && is_json(&answer));

        let response = parse_tool_response(&answer.body)?;
        let resolution = response.resolve([AVAILABILITY_ID, BOOKING_ID]);
        println!("   = the {} shape; per tool call of the request:", response.shape());
        for call in resolution.outcomes() {
            match call.outcome {
                ToolOutcome::Result(raw) => println!("     {}: result {}", call.tool_call_id, raw.get()),
                ToolOutcome::Error(message) => println!("     {}: error {message:?}", call.tool_call_id),
            }
        }
        self.check("object shape (parse_tool_response)", response.shape() == ToolResponseShape::Object);
        self.check("exactly the request's two ids are answered (resolve)", resolution.is_exact());
        let availability = match resolution.outcome_of(AVAILABILITY_ID) {
            Some(ToolOutcome::Result(raw)) => serde_json::from_str::<Value>(raw.get()).ok(),
            _ => None,
        };
        self.check(
            "check_availability: a result with the free slots",
            availability
                == Some(json!({"date": "2025-12-20", "service": "check-up", "free_slots": ["09:30", "11:00", "15:00"]})),
        );
        self.check(
            "book_appointment (string arguments decoded): an error, 14:30 is taken",
            resolution.outcome_of(BOOKING_ID)
                == Some(ToolOutcome::Error(
                    "14:30 on 2025-12-20 is taken; free that day: 09:30, 11:00, 15:00",
                )),
        );
        let tools = self.receiver.call(CALL_ID).map(|call| call.tools_run).unwrap_or_default();
        self.check("the receiver ran both tools", tools == ["check_availability", "book_appointment"]);
        Ok(())
    }

    /// 5. The call is over: the report, with the structured analysis.
    async fn end_of_call_report(&mut self) -> Result<Webhook> {
        self.heading("end-of-call-report: the call is over; the receiver stores the report");
        let ended = receiver::now().as_secs();
        let report = json!({
            "duration_seconds": 84,
            "summary": "Jan asked for a check-up on 20 December. 14:30 was taken; he chose to call back.",
            "analysis": {
                "sentiment": 8,
                "primary_topic": "Schedule appointment",
                "question_answered": true,
                "conversation_quality": "Good"
            },
            "messages": [
                {"role": "assistant", "content": "Hello Jan, welcome back to Dental Care Utrecht! How can I help you today?"},
                {"role": "user", "content": "Can I come in for a check-up on the 20th, at half past two?"},
                {"role": "assistant", "content": "14:30 is taken that day; 9:30, 11:00 and 15:00 are free."},
                {"role": "user", "content": "I'll call back once I know my schedule. Thanks!"}
            ],
            "recording_url": format!("https://recordings.example.com/{CALL_ID}.mp3"),
            "end_reason": "user_hangup",
            "started_at": iso8601(ended.saturating_sub(84)),
            "ended_at": iso8601(ended),
        });
        let webhook = self.platform.sign(
            "end-of-call-report",
            message("end-of-call-report", "ended", report),
            receiver::now(),
        );
        let answer = self.send(&webhook).await?;
        self.check("acknowledged with a 2xx", (200..300).contains(&answer.status));
        let stored = self.receiver.call(CALL_ID).and_then(|call| call.report);
        if let Some(report) = &stored {
            println!(
                "   = the receiver stored: {} s, ended by {}, summary {:?}",
                report.duration_seconds,
                report.end_reason.as_deref().unwrap_or("(no reason)"),
                report.summary
            );
            println!("     analysis (typed): {:?}", report.analysis);
        }
        self.check(
            "the report is stored, its analysis typed (analysis_as)",
            stored
                == Some(CallReport {
                    duration_seconds: 84,
                    summary:
                        "Jan asked for a check-up on 20 December. 14:30 was taken; he chose to call back."
                            .into(),
                    end_reason: Some("user_hangup".into()),
                    analysis: Some(CallAnalysis {
                        sentiment: 8,
                        primary_topic: "Schedule appointment".into(),
                        question_answered: true,
                        conversation_quality: "Good".into(),
                    }),
                }),
        );
        Ok(webhook)
    }

    /// 6. The platform delivers the `ended` status-update again (say, after a timeout).
    async fn repeated_delivery(&mut self, ended: Webhook) -> Result {
        self.heading("the same status-update delivered again (a retry): acknowledged, not recorded twice");
        let again = self.platform.sign("status-update", ended.body, receiver::now());
        let answer = self.send(&again).await?;
        self.check("acknowledged with a 2xx", (200..300).contains(&answer.status));
        let statuses = self.receiver.call(CALL_ID).map(|call| call.statuses).unwrap_or_default();
        println!("   = the receiver has recorded the statuses {statuses:?}");
        self.check("recorded once (Deduplicator)", statuses == ["in-progress", "ended"]);
        Ok(())
    }

    /// 7. Someone changes the report in transit.
    async fn tampered_body(&mut self, mut report: Webhook) -> Result {
        self.heading("refused: the report with its duration changed in transit (84 -> 8 s)");
        let tampered =
            String::from_utf8(report.body)?.replace("\"duration_seconds\":84", "\"duration_seconds\":8");
        report.body = tampered.into_bytes();
        let answer = self.send(&report).await?;
        self.check_rejected(&answer, &[WebhookError::Verify(VerifyError::SignatureMismatch).to_string()]);
        let duration =
            self.receiver.call(CALL_ID).and_then(|call| call.report).map(|report| report.duration_seconds);
        self.check("the stored report still says 84 s", duration == Some(84));
        Ok(())
    }

    /// 8. A captured request, replayed ten minutes later.
    async fn stale_timestamp(&mut self) -> Result {
        self.heading("refused: a request signed 600 s ago (a replay; the window is 300 s)");
        let now = receiver::now().as_secs();
        let signed_at = now - 600;
        let body = message("status-update", "ended-with-error", json!({"error": "replayed"}));
        let answer =
            self.send(&self.platform.sign("status-update", body, UnixTime::from_secs(signed_at))).await?;
        // The receiver's `now` is this one or a second or two later.
        let expected: Vec<String> = (now..=now + 5)
            .map(|now| {
                WebhookError::Verify(VerifyError::TimestampTooOld {
                    timestamp: signed_at,
                    now,
                    tolerance: 300,
                })
                .to_string()
            })
            .collect();
        self.check_rejected(&answer, &expected);
        self.check_statuses_unchanged();
        Ok(())
    }

    /// 9. Someone who does not have the secret.
    async fn wrong_secret(&mut self) -> Result {
        self.heading("refused: a request signed with another secret");
        let impostor = Platform::new("whsec_not_the_assistants_secret")?;
        let body = message("status-update", "ended-with-error", json!({"error": "forged"}));
        let answer = self.send(&impostor.sign("status-update", body, receiver::now())).await?;
        self.check_rejected(&answer, &[WebhookError::Verify(VerifyError::SignatureMismatch).to_string()]);
        self.check_statuses_unchanged();
        Ok(())
    }

    /// Sends `webhook` and prints the exchange.
    async fn send(&self, webhook: &Webhook) -> Result<Answer> {
        let header = |name| webhook.header(name).unwrap_or("(none)");
        println!(
            "-> POST {}  Content-Type: {}  User-Assistant: {}",
            receiver::PATH,
            header("content-type"),
            header("user-assistant")
        );
        println!(
            "   X-Webhook-Event: {}  X-Webhook-Timestamp: {}",
            header("x-webhook-event"),
            header("x-webhook-timestamp")
        );
        println!("   X-Webhook-Signature: {}", header("x-webhook-signature"));
        println!("   {}", abridged(&String::from_utf8_lossy(&webhook.body), 150));
        let answer = webhook.post(self.addr, receiver::PATH).await?;
        let content_type = answer.content_type.as_deref().map(|ct| format!(", {ct}")).unwrap_or_default();
        println!("<- {} {} in {} ms{content_type}", answer.status, answer.reason, answer.elapsed.as_millis());
        if !answer.body.is_empty() {
            println!("   {}", abridged(&answer.text(), 400));
        }
        Ok(answer)
    }

    fn heading(&mut self, title: &str) {
        self.step += 1;
        println!("\n=== {}. {title}", self.step);
    }

    fn check(&mut self, what: &str, ok: bool) {
        self.checks += 1;
        println!("   {} {what}", if ok { "ok  " } else { "FAIL" });
        if !ok {
            self.failures.push(format!("step {}: {what}", self.step));
        }
    }

    fn check_deadline(&mut self, answer: &Answer, deadline: Duration) {
        self.check(
            &format!("answered within the {} s deadline", deadline.as_secs()),
            answer.elapsed < deadline,
        );
    }

    /// A refusal: 401, with one of the `expected` reasons as its body.
    fn check_rejected(&mut self, answer: &Answer, expected: &[String]) {
        println!("   = refused, before anything in the body was read or stored");
        self.check("401 Unauthorized", answer.status == 401);
        self.check("the reason is the exact verification error", expected.contains(&answer.text()));
    }

    fn check_statuses_unchanged(&mut self) {
        let statuses = self.receiver.call(CALL_ID).map(|call| call.statuses).unwrap_or_default();
        self.check("nothing was recorded", statuses == ["in-progress", "ended"]);
    }
}

/// A webhook body `{"message": {...}}` for the call, with the common fields the platform sends
/// and then `extra`'s fields.
fn message(event: &str, status: &str, extra: Value) -> Vec<u8> {
    /// The message's fields in the platform's order (a `json!` object would sort them).
    #[derive(serde::Serialize)]
    struct Message<'a> {
        #[serde(rename = "type")]
        event: &'a str,
        timestamp: String,
        call: Value,
        phone_number: Value,
        customer: Value,
        #[serde(flatten)]
        extra: Value,
    }
    let message = Message {
        event,
        timestamp: iso8601(receiver::now().as_secs()),
        call: json!({"id": CALL_ID, "type": "inbound_phone_call", "status": status}),
        phone_number: json!({"id": "pn_0d2e7c1b", "number": PRACTICE, "name": "Dental Care Utrecht"}),
        customer: json!({"number": CUSTOMER}),
        extra,
    };
    json!({ "message": message }).to_string().into_bytes()
}

fn is_json(answer: &Answer) -> bool {
    answer.content_type.as_deref() == Some("application/json")
}

/// `text`, cut to about `max` characters.
fn abridged(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], text.len()),
        None => text.to_owned(),
    }
}

/// Unix seconds as ISO 8601 in UTC with milliseconds, as the platform writes `message.timestamp`
/// (e.g. `2025-12-13T12:00:00.000Z`).
fn iso8601(secs: u64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z", rest / 3600, rest % 3600 / 60, rest % 60)
}
