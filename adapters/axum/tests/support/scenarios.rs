//! The loopback scenarios both user apps must pass, whatever the framework: each takes the
//! address of a served app and its `Practice`, sends real HTTP requests and checks the answers and
//! the side effects.

use std::net::SocketAddr;

use serde_json::{Value, json};

use crate::client::{
    self, ASSISTANT_REQUEST, Delivery, END_OF_CALL_REPORT, SECRET, STATUS_UPDATE, TOOL_CALLS, UNKNOWN,
};
use crate::practice::Practice;

pub(crate) async fn the_four_events_and_an_unknown_one_are_answered(addr: SocketAddr, practice: &Practice) {
    let answer = Delivery::signed("assistant-request", ASSISTANT_REQUEST).post(addr).await;
    assert_eq!((answer.status, answer.content_type.as_deref()), (200, Some("application/json")));
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(
        body,
        json!({"assistant": {"first_message": "Welcome back, +31687654321!"}, "max_duration_seconds": 600})
    );

    let answer = Delivery::signed("tool-calls", TOOL_CALLS).post(addr).await;
    assert_eq!((answer.status, answer.content_type.as_deref()), (200, Some("application/json")));
    assert_eq!(
        answer.body,
        r#"{"results":[{"tool_call_id":"t1","result":"2025-12-20 10:00"},{"tool_call_id":"t2","error":"unknown tool send_fax"}]}"#
    );

    for (event, body) in [
        ("status-update", STATUS_UPDATE),
        ("end-of-call-report", END_OF_CALL_REPORT),
        ("speech-update", UNKNOWN),
    ] {
        let answer = Delivery::signed(event, body).post(addr).await;
        assert_eq!((answer.status, answer.body.as_str()), (204, ""), "{event}");
    }

    assert_eq!(
        practice.effects(),
        [
            "assistant-request c1",
            "tool t1 check_availability",
            "tool t2 send_fax",
            "status c1 ended",
            "report c1 95 s: Booked a check-up.",
        ]
    );
}

/// Sends `delivery`, expects `status` and a `text/plain` reason starting with `reason`, and that
/// the app did nothing.
pub(crate) async fn refused(
    addr: SocketAddr,
    practice: &Practice,
    delivery: &Delivery,
    status: u16,
    reason: &str,
) -> String {
    let answer = delivery.post(addr).await;
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.content_type.as_deref(), Some("text/plain; charset=utf-8"));
    assert!(answer.body.starts_with(reason), "{:?} does not start with {reason:?}", answer.body);
    assert_eq!(practice.effects(), Vec::<String>::new());
    answer.body
}

pub(crate) async fn every_verification_failure_is_401_with_the_reason(addr: SocketAddr, practice: &Practice) {
    let good = Delivery::signed("status-update", STATUS_UPDATE);

    let unsigned = Delivery { signature: None, ..good.clone() };
    refused(addr, practice, &unsigned, 401, "webhook rejected: missing X-Webhook-Signature header").await;
    let no_timestamp = Delivery { timestamp: None, ..good.clone() };
    refused(addr, practice, &no_timestamp, 401, "webhook rejected: missing X-Webhook-Timestamp header").await;
    let bad_timestamp = Delivery { timestamp: Some("17e8".into()), ..good.clone() };
    refused(addr, practice, &bad_timestamp, 401, "webhook rejected: malformed X-Webhook-Timestamp header")
        .await;
    let bad_signature = Delivery { signature: Some("sha256=zz".into()), ..good.clone() };
    refused(addr, practice, &bad_signature, 401, "webhook rejected: malformed X-Webhook-Signature header")
        .await;
    let forged = Delivery::signed_with("whsec_other", "status-update", STATUS_UPDATE, client::now());
    refused(addr, practice, &forged, 401, "webhook rejected: signature mismatch").await;
    let mut tampered = good.clone();
    tampered.body = STATUS_UPDATE.replace("ended", "ringing").into_bytes();
    refused(addr, practice, &tampered, 401, "webhook rejected: signature mismatch").await;
    let an_hour_ago = client::ago(3600);
    let stale = Delivery::signed_with(SECRET, "status-update", STATUS_UPDATE, an_hour_ago);
    // 3600 s, or 3601 if a second ticked over between signing and verifying.
    let reason = format!("webhook rejected: timestamp {} is 360", an_hour_ago.as_secs());
    let body = refused(addr, practice, &stale, 401, &reason).await;
    assert!(body.contains(" s older than now ("), "{body}");
    let in_an_hour = client::ahead(3600);
    let early = Delivery::signed_with(SECRET, "status-update", STATUS_UPDATE, in_an_hour);
    let reason = format!("webhook rejected: timestamp {} is 3", in_an_hour.as_secs());
    let body = refused(addr, practice, &early, 401, &reason).await;
    assert!(body.contains(" s ahead of now ("), "{body}");
}

pub(crate) async fn an_authentic_but_invalid_body_is_400(addr: SocketAddr, practice: &Practice) {
    let mismatch = Delivery::signed("end-of-call-report", STATUS_UPDATE);
    refused(
        addr,
        practice,
        &mismatch,
        400,
        "authentic webhook with an unusable body: X-Webhook-Event header",
    )
    .await;
    let not_json = Delivery::signed("status-update", "{\"message\":");
    refused(
        addr,
        practice,
        &not_json,
        400,
        "authentic webhook with an unusable body: body is not valid JSON",
    )
    .await;
    let no_message = Delivery::signed("status-update", "{}");
    refused(addr, practice, &no_message, 400, "authentic webhook with an unusable body: not a valid webhook")
        .await;
}

/// The app must be served with a body limit of 1024 bytes.
pub(crate) async fn a_body_over_the_limit_is_413_with_or_without_content_length(
    addr: SocketAddr,
    practice: &Practice,
) {
    let padded = format!(
        r#"{{"message":{{"type":"status-update","call":{{"id":"c1"}}}},"pad":"{}"}}"#,
        "x".repeat(4096)
    );
    let large = Delivery::signed("status-update", &padded);
    refused(addr, practice, &large, 413, "body too large; at most 1024 bytes are accepted").await;
    assert_eq!(large.post_chunked(addr).await, 413);
    // At the limit exactly, the same route accepts it.
    let fits = format!(
        r#"{{"message":{{"type":"status-update","call":{{"id":"c1"}}}},"pad":"{}"}}"#,
        "x".repeat(1024 - 64)
    );
    assert_eq!(fits.len(), 1024);
    let fits = Delivery::signed("status-update", &fits);
    assert_eq!(fits.post(addr).await.status, 204);
    assert_eq!(fits.post_chunked(addr).await, 204);
    assert_eq!(practice.effects(), ["status c1 ?", "status c1 ?"]);
}
