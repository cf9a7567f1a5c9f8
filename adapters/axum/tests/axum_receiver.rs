//! The axum receiver of `examples/axum_receiver.rs` (in `examples/support/receiver.rs`), served
//! in-process on a loopback port the system picks, answers over real HTTP with the status codes
//! and bodies the protocol asks for.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use hmsovereign_webhooks::{ParseError, UnixTime, Verifier, VerifyError, WebhookError, parse_event};
use serde_json::{Value, json};

#[allow(dead_code, reason = "the tests use part of the platform's side")]
#[path = "../examples/support/platform.rs"]
mod platform;
#[path = "../examples/support/receiver.rs"]
mod receiver;

use platform::{Answer, Platform, Webhook};
use receiver::{BODY_LIMIT, PATH, Receiver};

const SECRET: &str = "whsec_test_secret_12345";

/// Serves a fresh receiver on 127.0.0.1 at a free port, on the test's runtime.
async fn serve() -> (SocketAddr, Arc<Receiver>) {
    let receiver = Receiver::new(Verifier::new(SECRET).unwrap());
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = receiver::router(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, receiver)
}

fn signed(event: &str, body: &[u8]) -> Webhook {
    Platform::new(SECRET).unwrap().sign(event, body.to_vec(), receiver::now())
}

async fn post(addr: SocketAddr, webhook: &Webhook) -> Answer {
    webhook.post(addr, PATH).await.unwrap()
}

const TOOL_CALLS: &str = r#"{"message":{"type":"tool-calls","call":{"id":"c1","status":"in-progress"},
    "tool_call_list":[
        {"id":"t1","type":"function","function":{"name":"check_availability",
            "arguments":{"date":"2025-12-20","service":"check-up"}}},
        {"id":"t2","type":"function","function":{"name":"book_appointment",
            "arguments":"{\"date\":\"2025-12-20\",\"time\":\"15:00\",\"service\":\"check-up\"}"}},
        {"id":"t3","type":"function","function":{"name":"send_fax","arguments":{}}}]}}"#;

#[tokio::test]
async fn an_authentic_tool_calls_request_gets_one_outcome_per_call() {
    let (addr, receiver) = serve().await;
    let answer = post(addr, &signed("tool-calls", TOOL_CALLS.as_bytes())).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let body: Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(
        body,
        json!({"results": [
            {"tool_call_id": "t1", "result":
                {"date": "2025-12-20", "service": "check-up", "free_slots": ["09:30", "11:00", "15:00"]}},
            {"tool_call_id": "t2", "result":
                {"booked": true, "reference": "DCU-2025-12-20-1500", "service": "check-up"}},
            {"tool_call_id": "t3", "error": "unknown tool `send_fax`"},
        ]})
    );
    assert_eq!(
        receiver.call("c1").unwrap().tools_run,
        ["check_availability", "book_appointment", "send_fax"]
    );
}

#[tokio::test]
async fn an_assistant_request_gets_a_personalised_transient_assistant() {
    let (addr, _) = serve().await;
    let body = br#"{"message":{"type":"assistant-request","call":{"id":"c1","status":"ringing"},
        "customer":{"number":"+31687654321"}}}"#;
    let answer = post(addr, &signed("assistant-request", body)).await;
    assert_eq!(answer.status, 200);
    let response = hmsovereign_webhooks::parse_assistant_response(&answer.body).unwrap();
    let hmsovereign_webhooks::AssistantMode::Transient(block) = response.mode() else {
        panic!("not a transient assistant: {:?}", response.mode());
    };
    assert_eq!(
        block.to_config().unwrap().first_message.as_deref(),
        Some("Hello Sanne, welcome back to Dental Care Utrecht! How can I help you today?")
    );
    assert_eq!(response.max_duration_seconds(), Some(600));
}

#[tokio::test]
async fn acknowledgements_are_204_and_a_repeated_delivery_is_stored_once() {
    let (addr, receiver) = serve().await;
    let update = br#"{"message":{"type":"status-update","timestamp":"2025-12-13T12:05:30.000Z",
        "call":{"id":"c1","status":"ended"},"end_reason":"user_hangup"}}"#;
    for _ in 0..2 {
        let answer = post(addr, &signed("status-update", update)).await;
        assert_eq!((answer.status, answer.body.len()), (204, 0));
    }
    let report = br#"{"message":{"type":"end-of-call-report","call":{"id":"c1","status":"ended"},
        "duration_seconds":84.0,"summary":"Booked.","analysis":{"sentiment":"high"}}}"#;
    let answer = post(addr, &signed("end-of-call-report", report)).await;
    assert_eq!(answer.status, 204);
    let call = receiver.call("c1").unwrap();
    assert_eq!(call.statuses, ["ended"]);
    // An analysis of another shape than the practice's schema is left out; the report is kept.
    assert_eq!(
        call.report,
        Some(receiver::CallReport {
            duration_seconds: 84,
            summary: "Booked.".into(),
            end_reason: None,
            analysis: None,
        })
    );

    let unknown = br#"{"message":{"type":"transcript","text":"Hello"}}"#;
    assert_eq!(post(addr, &signed("transcript", unknown)).await.status, 204);
}

#[tokio::test]
async fn requests_that_are_not_authentic_and_fresh_get_401_with_the_reason() {
    let (addr, receiver) = serve().await;
    let body = br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"}}}"#;
    let rejected = |error: VerifyError| WebhookError::Verify(error).to_string().into_bytes();

    let mut tampered = signed("status-update", body);
    tampered.body = br#"{"message":{"type":"status-update","call":{"id":"c2","status":"ended"}}}"#.to_vec();
    let answer = post(addr, &tampered).await;
    assert_eq!((answer.status, answer.body), (401, rejected(VerifyError::SignatureMismatch)));

    let mut unsigned = signed("status-update", body);
    unsigned.headers.retain(|(name, _)| *name != "X-Webhook-Signature");
    let answer = post(addr, &unsigned).await;
    assert_eq!((answer.status, answer.body), (401, rejected(VerifyError::MissingSignature)));

    let mut malformed = signed("status-update", body);
    malformed.headers.retain(|(name, _)| *name != "X-Webhook-Timestamp");
    malformed.headers.push(("X-Webhook-Timestamp", "1700000000.5".into()));
    let answer = post(addr, &malformed).await;
    assert_eq!((answer.status, answer.body), (401, rejected(VerifyError::MalformedTimestamp)));

    let stale = Platform::new(SECRET).unwrap().sign(
        "status-update",
        body.to_vec(),
        UnixTime::from_secs(1_700_000_000),
    );
    let answer = post(addr, &stale).await;
    assert_eq!(answer.status, 401);
    assert!(answer.text().starts_with("webhook rejected: timestamp 1700000000 is "), "{}", answer.text());

    let forged =
        Platform::new("whsec_another_secret").unwrap().sign("status-update", body.to_vec(), receiver::now());
    let answer = post(addr, &forged).await;
    assert_eq!((answer.status, answer.body), (401, rejected(VerifyError::SignatureMismatch)));

    assert_eq!(receiver.call("c1"), None);
    assert_eq!(receiver.call("c2"), None);
}

#[tokio::test]
async fn authentic_requests_with_an_unusable_body_get_400_with_the_reason() {
    let (addr, _) = serve().await;
    let missing_list = br#"{"message":{"type":"tool-calls","call":{"id":"c1"}}}"#;
    let answer = post(addr, &signed("tool-calls", missing_list)).await;
    let expected = WebhookError::Parse(parse_event(missing_list, Some(b"tool-calls")).unwrap_err());
    assert!(matches!(expected, WebhookError::Parse(ParseError::InvalidPayload { .. })));
    assert_eq!((answer.status, answer.text()), (400, expected.to_string()));

    // The header names another event than the body.
    let body = br#"{"message":{"type":"status-update","call":{"id":"c1"}}}"#;
    let answer = post(addr, &signed("end-of-call-report", body)).await;
    let expected = WebhookError::Parse(ParseError::EventMismatch {
        header: "end-of-call-report".into(),
        message_type: "status-update".into(),
    });
    assert_eq!((answer.status, answer.text()), (400, expected.to_string()));
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_before_it_is_verified() {
    let (addr, _) = serve().await;
    let filler = "x".repeat(BODY_LIMIT);
    let body =
        format!(r#"{{"message":{{"type":"status-update","call":{{"id":"c1"}},"padding":"{filler}"}}}}"#);
    let answer = post(addr, &signed("status-update", body.as_bytes())).await;
    assert_eq!((answer.status, answer.reason.as_str()), (413, "Payload Too Large"));

    // At the limit exactly, the same kind of body is read and verified.
    let filler = "x".repeat(BODY_LIMIT + filler.len() - body.len());
    let body =
        format!(r#"{{"message":{{"type":"status-update","call":{{"id":"c1"}},"padding":"{filler}"}}}}"#);
    assert_eq!(body.len(), BODY_LIMIT);
    assert_eq!(post(addr, &signed("status-update", body.as_bytes())).await.status, 204);
}
