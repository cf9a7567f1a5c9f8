//! The event model through the public API: the sample payloads field by field, exact errors,
//! zero-copy borrowing, string-encoded tool arguments, serialization round trips, delivery
//! fingerprints, and `verify_event`'s order (verify first, parse second).
#![cfg(feature = "alloc")]
// A test binary links `std`; the core/alloc spelling matters only in the library.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::borrow::Cow;
use std::path::Path;

use hmsovereign_webhooks::{
    CallStatus, CallType, Deduplicator, EndReason, Event, EventType, Headers, ParseError, Role, SigningKey,
    UnixTime, Verifier, VerifyError, WebhookError, parse_event,
};
use serde::Deserialize;
use serde_json::{Value, json};

#[path = "support/conformance/mod.rs"]
mod conformance;

const CALL_ID: &str = "5c4d030f-43e3-4e65-899e-8148521e660f";
const SECRET: &str = "whsec_test_secret_12345";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/payloads").join(name)).unwrap()
}

fn payload_error(body: &[u8], header: Option<&str>) -> String {
    match parse_event(body, header.map(str::as_bytes)) {
        Err(ParseError::InvalidPayload { reason }) => reason,
        other => panic!("expected InvalidPayload, got {other:?}"),
    }
}

/// The common fields of the vendor's phone-call examples.
fn assert_demo_common(event: &Event<'_>, status: CallStatus<'_>, timestamp: &str) {
    let common = event.common().unwrap();
    assert_eq!(common.timestamp.as_deref(), Some(timestamp));
    assert_eq!(event.timestamp(), Some(timestamp));
    assert_eq!(common.call.id, CALL_ID);
    assert_eq!(common.call.call_type, Some(CallType::InboundPhoneCall));
    assert_eq!(common.call.status, Some(status));
    let phone = common.phone_number.as_ref().unwrap();
    assert_eq!(phone.id, None);
    assert_eq!(phone.number.as_deref(), Some("+31850835037"));
    assert_eq!(phone.name.as_deref(), Some("HMS Sovereign Demo"));
    assert_eq!(common.customer_number(), Some("+31612345678"));
}

#[test]
fn sample_assistant_request() {
    let body = sample("assistant_request.json");
    let event = parse_event(&body, Some(b"assistant-request")).unwrap();
    assert_eq!(event.event_type(), EventType::AssistantRequest);
    assert_demo_common(&event, CallStatus::Ringing, "2025-12-13T12:00:00.000Z");
    let Event::AssistantRequest(request) = &event else { panic!("{event:?}") };
    assert_eq!(request.common.assistant, None);
}

#[test]
fn sample_status_updates() {
    let body = sample("status_update.json");
    let event = parse_event(&body, Some(b"status-update")).unwrap();
    assert_demo_common(&event, CallStatus::InProgress, "2025-12-13T12:00:00.000Z");
    let Event::StatusUpdate(update) = &event else { panic!("{event:?}") };
    assert_eq!((update.error.as_deref(), update.end_reason.as_ref()), (None, None));

    let body = sample("status_update_ended_with_error.json");
    let event = parse_event(&body, Some(b"status-update")).unwrap();
    assert_demo_common(&event, CallStatus::EndedWithError, "2025-12-13T12:05:00.000Z");
    let Event::StatusUpdate(update) = &event else { panic!("{event:?}") };
    assert_eq!(update.error.as_deref(), Some("STT connection failed"));
    assert_eq!(update.end_reason, Some(EndReason::Other(Cow::Borrowed("error"))));

    let body = sample("web_call_status_update.json");
    let event = parse_event(&body, Some(b"status-update")).unwrap();
    let common = event.common().unwrap();
    assert_eq!(common.call.id, "9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");
    assert_eq!(common.call.call_type, Some(CallType::WebCall));
    assert_eq!(common.call.status, Some(CallStatus::InProgress));
    let phone = common.phone_number.as_ref().unwrap();
    assert_eq!((phone.id.as_deref(), phone.number.as_deref(), phone.name.as_deref()), (None, None, None));
    assert!(common.customer.is_some());
    assert_eq!(common.customer_number(), None);
}

#[test]
fn sample_tool_calls() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Lookup<'a> {
        query: &'a str,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Booking {
        date: String,
        time: String,
        service: String,
    }

    let body = sample("tool_calls.json");
    let event = parse_event(&body, Some(b"tool-calls")).unwrap();
    assert_demo_common(&event, CallStatus::InProgress, "2025-12-13T12:00:00.000Z");
    let Event::ToolCalls(event) = &event else { panic!("{event:?}") };
    assert_eq!(event.tool_calls.len(), 2);

    let lookup = &event.tool_calls[0];
    assert_eq!(lookup.id, "tool_abc123def456");
    assert_eq!(lookup.call_type.as_deref(), Some("function"));
    assert_eq!(lookup.name(), "lookup_contact");
    assert!(lookup.function.arguments.is_borrowed());
    assert_eq!(lookup.function.arguments.as_str(), "{\n            \"query\": \"John Smith\"\n          }");
    assert_eq!(lookup.arguments_as::<Lookup<'_>>().unwrap(), Lookup { query: "John Smith" });

    // Arguments sent as a JSON string holding an object: decoded, hence owned.
    let booking = &event.tool_calls[1];
    assert_eq!(booking.id, "tool_789ghi012jkl");
    assert_eq!(booking.name(), "book_appointment");
    assert!(!booking.function.arguments.is_borrowed());
    assert_eq!(
        booking.function.arguments.as_str(),
        r#"{"date":"2025-12-20","time":"14:30","service":"Consultation"}"#
    );
    assert_eq!(
        booking.arguments_as::<Booking>().unwrap(),
        Booking { date: "2025-12-20".into(), time: "14:30".into(), service: "Consultation".into() }
    );
}

#[test]
fn sample_end_of_call_reports() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Analysis<'a> {
        sentiment: u8,
        primary_topic: &'a str,
        question_answered: bool,
        conversation_quality: &'a str,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Assistant<'a> {
        id: &'a str,
        first_message: &'a str,
        metadata: Metadata<'a>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Metadata<'a> {
        crm_id: &'a str,
    }
    let expected_analysis = Analysis {
        sentiment: 8,
        primary_topic: "Schedule appointment",
        question_answered: true,
        conversation_quality: "Good",
    };

    let body = sample("end_of_call_report_seed.json");
    let event = parse_event(&body, Some(b"end-of-call-report")).unwrap();
    assert_demo_common(&event, CallStatus::Ended, "2025-12-13T12:05:30.000Z");
    let Event::EndOfCallReport(report) = &event else { panic!("{event:?}") };
    assert_eq!(report.duration_seconds, 84);
    assert_eq!(report.duration(), std::time::Duration::from_secs(84));
    assert_eq!(
        report.summary,
        "Customer asked about opening hours and wanted to schedule an appointment for next week."
    );
    assert_eq!(report.analysis_as::<Analysis<'_>>().unwrap(), Some(expected_analysis));
    assert!(report.messages.is_empty());
    assert_eq!(report.recording_url, None);
    assert_eq!(report.end_reason, None);
    assert_eq!((report.started_at.as_deref(), report.ended_at.as_deref()), (None, None));
    assert_eq!(report.common.assistant_as::<Value>().unwrap(), None);

    let body = sample("end_of_call_report.json");
    let event = parse_event(&body, Some(b"end-of-call-report")).unwrap();
    assert_demo_common(&event, CallStatus::Ended, "2025-12-13T12:05:30.000Z");
    let Event::EndOfCallReport(report) = &event else { panic!("{event:?}") };
    assert_eq!(report.duration_seconds, 84);
    assert_eq!(report.analysis_as::<Analysis<'_>>().unwrap().unwrap().sentiment, 8);
    let turns: Vec<(&str, Option<&str>)> =
        report.messages.iter().map(|turn| (turn.role.as_str(), turn.content.as_deref())).collect();
    assert_eq!(
        turns,
        [
            ("assistant", Some("Hello, how can I help you?")),
            ("user", Some("What are your opening hours?")),
            ("assistant", Some("Monday to Friday, 9:00 to 17:00.")),
        ]
    );
    assert_eq!(report.messages[1].role, Role::User);
    assert_eq!(report.recording_url.as_deref(), Some("https://recordings.example.com/5c4d030f.mp3"));
    assert_eq!(report.end_reason, Some(EndReason::UserHangup));
    assert_eq!(report.started_at.as_deref(), Some("2025-12-13T12:04:06.000Z"));
    assert_eq!(report.ended_at.as_deref(), Some("2025-12-13T12:05:30.000Z"));
    assert_eq!(
        report.common.assistant_as::<Assistant<'_>>().unwrap(),
        Some(Assistant {
            id: "17a0cb75-fa09-4bdd-9a44-92a70d829c88",
            first_message: "Hello, how can I help you?",
            metadata: Metadata { crm_id: "12345" },
        })
    );
}

#[test]
fn unescaped_text_points_into_the_body_and_escaped_text_is_owned() {
    let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"call-1"},"duration_seconds":5,
        "summary":"Caf\u00e9 \"Le Bon\"","end_reason":"caller_left","analysis":{"k":[1,2]},
        "customer":{"number":"+31612345678"}}}"#;
    let event = parse_event(body, None).unwrap();
    let Event::EndOfCallReport(report) = &event else { panic!("{event:?}") };
    let within = |text: &str| {
        body.as_ptr_range().contains(&text.as_ptr()) && {
            let end = text.as_ptr().wrapping_add(text.len());
            end <= body.as_ptr_range().end
        }
    };

    let Cow::Borrowed(id) = &report.common.call.id else { panic!("call id was copied") };
    assert!(within(id));
    assert_eq!(&body[id.as_ptr() as usize - body.as_ptr() as usize..][..id.len()], b"call-1");
    let Some(Cow::Borrowed(number)) = &report.common.customer.as_ref().unwrap().number else { panic!() };
    assert!(within(number));
    let Some(EndReason::Other(Cow::Borrowed(reason))) = &report.end_reason else { panic!() };
    assert!(within(reason));
    let analysis = report.analysis.as_ref().unwrap();
    assert!(analysis.is_borrowed());
    assert!(within(analysis.as_str()));
    assert_eq!(analysis.as_str(), r#"{"k":[1,2]}"#);

    // The summary had escapes: decoded into a string of its own.
    let Cow::Owned(summary) = &report.summary else { panic!("escaped summary was borrowed") };
    assert_eq!(summary, "Café \"Le Bon\"");
    assert!(!within(summary));

    // into_owned copies everything and compares equal.
    let owned: Event<'static> = event.clone().into_owned();
    assert_eq!(owned, event);
    let Event::EndOfCallReport(owned_report) = &owned else { panic!() };
    assert!(matches!(owned_report.common.call.id, Cow::Owned(_)));
    assert!(!owned_report.analysis.as_ref().unwrap().is_borrowed());
}

#[test]
fn string_encoded_arguments() {
    let event = |arguments: &str| {
        let body = json!({"message": {"type": "tool-calls", "call": {"id": "c"},
            "tool_call_list": [{"id": "t1", "function": {"name": "f", "arguments": arguments}}]}})
        .to_string();
        parse_event(body.as_bytes(), Some(b"tool-calls")).map(Event::into_owned)
    };
    let Event::ToolCalls(calls) = event(r#" {"a": [1, "two"], "b": {"c": null}} "#).unwrap() else {
        panic!()
    };
    let arguments = &calls.tool_calls[0].function.arguments;
    assert_eq!(arguments.as_str(), r#"{"a": [1, "two"], "b": {"c": null}}"#);
    assert_eq!(arguments.deserialize::<Value>().unwrap(), json!({"a": [1, "two"], "b": {"c": null}}));

    // A string without escapes can be borrowed as well.
    let body = br#"{"message":{"type":"tool-calls","call":{"id":"c"},"tool_call_list":[{"id":"t","function":{"name":"f","arguments":"{}"}}]}}"#;
    let Event::ToolCalls(calls) = parse_event(body, None).unwrap() else { panic!() };
    assert!(calls.tool_calls[0].function.arguments.is_borrowed());

    let wrong = "`function.arguments` must be an object, a string holding a JSON object, or null";
    for bad in ["[]", "null", "42", "", "{'a': 1}", "{\"a\":1} x", "\"{}\"", "\u{feff}{}"] {
        assert_eq!(event(bad), Err(ParseError::InvalidPayload { reason: wrong.into() }), "{bad:?}");
    }
}

#[test]
fn absent_arguments_read_as_an_empty_object() {
    let body = br#"{"message":{"type":"tool-calls","call":{"id":"c"},"tool_call_list":[
        {"id":"t1","function":{"name":"hang_up"}},{"id":"t2","function":{"name":"x","arguments":null}}]}}"#;
    let Event::ToolCalls(calls) = parse_event(body, None).unwrap() else { panic!() };
    for call in &calls.tool_calls {
        assert!(call.function.arguments.is_absent());
        assert_eq!(call.function.arguments.as_str(), "{}");
        assert_eq!(call.arguments_as::<Value>().unwrap(), json!({}));
    }
}

#[test]
fn exact_errors() {
    assert_eq!(parse_event(b"", None), Err(ParseError::InvalidJson { line: 1, column: 0 }));
    assert_eq!(
        parse_event(b"{\n  \"message\": x", None),
        Err(ParseError::InvalidJson { line: 2, column: 14 })
    );
    assert_eq!(
        parse_event(b"{\"message\":\"caf\xe9\"}", None),
        Err(ParseError::InvalidJson { line: 1, column: 16 })
    );
    // A shape error before a syntax error: still not JSON.
    assert_eq!(
        parse_event(br#"{"message":{"type":"status-update","call":5}} x"#, None),
        Err(ParseError::InvalidJson { line: 1, column: 47 })
    );

    assert_eq!(
        payload_error(b"[]", None),
        "invalid type: sequence, expected a webhook body {\"message\": {...}} at line 1 column 0"
    );
    assert_eq!(payload_error(b"{}", None), "missing field `message` at line 1 column 2");
    assert_eq!(
        payload_error(br#"{"message":{"call":{"id":"c"}}}"#, None),
        "`message.type` is missing or null; it must be a string"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":3}}"#, None),
        "invalid type: integer `3`, expected a string at line 1 column 20"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"status-update"}}"#, None),
        "`message.call` is missing or null"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"status-update","call":["c"]}}"#, None),
        "invalid type: sequence, expected an object at line 1 column 42"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"tool-calls","call":{"id":"c"}}}"#, None),
        "`message.tool_call_list` is missing or null"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"end-of-call-report","call":{"id":"c"},"summary":"s"}}"#, None),
        "`message.duration_seconds` is missing or null"
    );
    assert_eq!(
        payload_error(
            br#"{"message":{"type":"end-of-call-report","call":{"id":"c"},"duration_seconds":1}}"#,
            None
        ),
        "`message.summary` is missing or null"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"end-of-call-report","call":{"id":"c"},"summary":"s","duration_seconds":84.5}}"#, None),
        "invalid value: 84.5, expected a non-negative whole number at line 1 column 96"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"assistant-request","call":{"id":"c"},"assistant":"x"}}"#, None),
        "`message.assistant` must be an object"
    );
    // An optional string field reads `null` or a string in one call: a wrong type is worded as
    // for a required one, an object or a list pointed at by its bracket (a column further on).
    assert_eq!(
        payload_error(br#"{"message":{"type":"status-update","call":{"id":"c"},"error":true}}"#, None),
        "invalid type: boolean `true`, expected a string at line 1 column 65"
    );
    assert_eq!(
        payload_error(br#"{"message":{"type":"status-update","call":{"id":"c"},"error":[1]}}"#, None),
        "invalid type: sequence, expected a string at line 1 column 62"
    );
    // A typed error wins over a header mismatch.
    assert_eq!(
        payload_error(br#"{"message":{"type":"status-update","call":{"id":7}}}"#, Some("tool-calls")),
        "invalid type: integer `7`, expected a string at line 1 column 49"
    );

    assert_eq!(
        parse_event(br#"{"message":{"type":"status-update","call":{"id":"c"}}}"#, Some(b"Status-Update")),
        Err(ParseError::EventMismatch {
            header: "Status-Update".into(),
            message_type: "status-update".into()
        })
    );
    assert_eq!(
        parse_event(br#"{"message":{"type":"x"}}"#, Some(b"\xffy")),
        Err(ParseError::EventMismatch { header: "\u{fffd}y".into(), message_type: "x".into() })
    );
}

#[test]
fn fields_of_other_event_types_are_not_checked() {
    // `summary` and `duration_seconds` belong to end-of-call-report, `tool_call_list` to tool-calls.
    let body = br#"{"message":{"type":"status-update","call":{"id":"c"},"summary":5,"duration_seconds":"x",
        "tool_call_list":[{"id":1}],"messages":{}}}"#;
    let Event::StatusUpdate(update) = parse_event(body, Some(b"status-update")).unwrap() else { panic!() };
    assert_eq!(update.common.call.id, "c");
    let body = br#"{"message":{"type":"tool-calls","call":{"id":"c"},"error":[],"end_reason":{},
        "tool_call_list":[]}}"#;
    assert!(
        matches!(parse_event(body, None).unwrap(), Event::ToolCalls(calls) if calls.tool_calls.is_empty())
    );
    let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"c"},"error":5,"duration_seconds":1,"summary":""}}"#;
    assert!(
        matches!(parse_event(body, None).unwrap(), Event::EndOfCallReport(report) if report.summary.is_empty())
    );
}

#[test]
fn unknown_events_keep_type_and_raw_message() {
    let body = br#" {"message": {"type": "transcript", "call": 5, "text": "Hi"}, "x": 1} "#;
    let event = parse_event(body, Some(b"transcript")).unwrap();
    assert_eq!(event.event_type(), EventType::Other("transcript"));
    assert_eq!(event.common(), None);
    assert_eq!(event.call(), None);
    let Event::Unknown(unknown) = &event else { panic!() };
    assert_eq!(unknown.event_type, "transcript");
    assert_eq!(unknown.message.as_str(), r#"{"type": "transcript", "call": 5, "text": "Hi"}"#);
    assert!(unknown.message.is_borrowed());
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"message":{"type": "transcript", "call": 5, "text": "Hi"}}"#
    );
}

#[test]
fn serialized_samples_have_the_wire_form() {
    let body = sample("tool_calls.json");
    let event = parse_event(&body, None).unwrap();
    let mut expected: Value = serde_json::from_slice(&body).unwrap();
    // Arguments given as a string are written as the object they hold.
    expected["message"]["tool_call_list"][1]["function"]["arguments"] =
        json!({"date": "2025-12-20", "time": "14:30", "service": "Consultation"});
    assert_eq!(serde_json::to_value(&event).unwrap(), expected);

    for name in ["assistant_request.json", "end_of_call_report.json", "status_update.json"] {
        let body = sample(name);
        let event = parse_event(&body, None).unwrap();
        let expected: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), expected, "{name}");
    }
}

/// Parse, serialize, parse again: the same event. Over every sample and every accepted body of
/// the `event` conformance cases.
#[test]
fn round_trips() {
    let mut bodies: Vec<Vec<u8>> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/payloads"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| std::fs::read(path).unwrap())
            .collect();
    assert_eq!(bodies.len(), 7);
    let cases = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance/event.jsonl"),
    )
    .unwrap();
    // Some cases nest thousands of levels deep: read their `expect` on a thread with room to spare
    // (WASI has no threads: there the deepest lines are left to the native run).
    let read = move || {
        let mut ok_bodies = Vec::new();
        for line in cases.lines().filter(|line| conformance::checkable_here(line)) {
            let Some(case) = conformance::parse_line(line).unwrap() else { continue };
            if case.expected().unwrap().get("ok") == Some(&conformance::Json::Bool(true)) {
                ok_bodies.push(case.body().unwrap());
            }
        }
        ok_bodies
    };
    let ok_bodies = if cfg!(target_os = "wasi") {
        read()
    } else {
        std::thread::Builder::new().stack_size(64 << 20).spawn(read).unwrap().join().unwrap()
    };
    bodies.extend(ok_bodies);
    assert!(bodies.len() >= 80, "{}", bodies.len());
    for body in &bodies {
        let event = parse_event(body, None).unwrap();
        let wire = serde_json::to_vec(&event).unwrap();
        let again = parse_event(&wire, Some(event.event_type().as_str().as_bytes()))
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&wire)));
        assert_eq!(again, event, "{}", String::from_utf8_lossy(body));
        assert_eq!(again.delivery_fingerprint(), event.delivery_fingerprint());
    }
}

#[test]
fn delivery_fingerprints() {
    let status = |call: &str, status: &str, ts: &str| {
        let body = json!({"message": {"type": "status-update", "timestamp": ts,
            "call": {"id": call, "status": status}}})
        .to_string();
        parse_event(body.as_bytes(), None).unwrap().delivery_fingerprint()
    };
    let base = status("c1", "ended", "2025-12-13T12:05:00.000Z");
    assert_eq!(base, status("c1", "ended", "2025-12-13T12:05:00.000Z"));
    assert_ne!(base, status("c2", "ended", "2025-12-13T12:05:00.000Z"));
    assert_ne!(base, status("c1", "in-progress", "2025-12-13T12:05:00.000Z"));
    assert_ne!(base, status("c1", "ended", "2025-12-13T12:05:00.001Z"));

    // Formatting does not matter, the key does: a re-serialized delivery is the same delivery.
    let spaced = br#"{ "message" : { "call" : { "status" : "ended", "id" : "c1" },
        "timestamp" : "2025-12-13T12:05:00.000Z", "type" : "status-update", "extra": 1 } }"#;
    assert_eq!(parse_event(spaced, None).unwrap().delivery_fingerprint(), base);

    // Same call and timestamp but another event type, or other tool calls: another delivery.
    let tool = |ids: &[&str]| {
        let list: Vec<Value> = ids.iter().map(|id| json!({"id": id, "function": {"name": "f"}})).collect();
        let body = json!({"message": {"type": "tool-calls", "timestamp": "2025-12-13T12:05:00.000Z",
            "call": {"id": "c1", "status": "ended"}, "tool_call_list": list}})
        .to_string();
        parse_event(body.as_bytes(), None).unwrap().delivery_fingerprint()
    };
    assert_ne!(tool(&[]), base);
    assert_ne!(tool(&["a"]), tool(&["b"]));
    assert_ne!(tool(&["ab"]), tool(&["a", "b"]));
    assert_eq!(tool(&["a", "b"]), tool(&["a", "b"]));

    let unknown = |text: &str| parse_event(text.as_bytes(), None).unwrap().delivery_fingerprint();
    assert_eq!(unknown(r#"{"message":{"type":"x","n":1}}"#), unknown(r#"{"message":{"type":"x","n":1}}"#));
    assert_ne!(unknown(r#"{"message":{"type":"x","n":1}}"#), unknown(r#"{"message":{"type":"x","n":2}}"#));

    let mut seen = Deduplicator::<8>::new();
    assert!(seen.insert(base));
    assert!(!seen.insert(status("c1", "ended", "2025-12-13T12:05:00.000Z")));
    assert!(seen.insert(tool(&["a"])));
}

fn signed_headers(body: &[u8], event: &'static str) -> (String, String, &'static str) {
    let signed = SigningKey::new(SECRET).unwrap().sign(UnixTime::from_secs(1_700_000_000), body);
    (signed.timestamp().to_owned(), signed.signature().to_owned(), event)
}

#[test]
fn verify_event_verifies_before_parsing() {
    let verifier = Verifier::new(SECRET).unwrap();
    let now = UnixTime::from_secs(1_700_000_010);
    let body = sample("status_update.json");
    let (ts, sig, ty) = signed_headers(&body, "status-update");
    let headers = Headers::new().with_timestamp(&ts).with_signature(&sig).with_event(ty);

    let event = verifier.verify_event(&headers, &body, now).unwrap();
    assert_eq!(event, parse_event(&body, Some(b"status-update")).unwrap());

    // A forged request with an invalid body: a verification error, the body is never looked at.
    let forged = b"{not json";
    assert_eq!(
        verifier.verify_event(&headers, forged, now),
        Err(WebhookError::Verify(VerifyError::SignatureMismatch))
    );
    // Unsigned, stale: verification errors too, whatever the body.
    assert_eq!(
        verifier.verify_event(&Headers::new().with_timestamp(&ts), forged, now),
        Err(WebhookError::Verify(VerifyError::MissingSignature))
    );
    assert_eq!(
        verifier.verify_event(&headers, forged, UnixTime::from_secs(1_700_001_000)),
        Err(WebhookError::Verify(VerifyError::SignatureMismatch))
    );
    assert!(matches!(
        verifier.verify_event(&headers, &body, UnixTime::from_secs(1_700_001_000)),
        Err(WebhookError::Verify(VerifyError::TimestampTooOld { .. }))
    ));

    // Authentic, but the body is not an event or disagrees with the header: parse errors.
    let bad = b"{not json";
    let (ts, sig, _) = signed_headers(bad, "status-update");
    let headers = Headers::new().with_timestamp(&ts).with_signature(&sig);
    assert_eq!(
        verifier.verify_event(&headers, bad, now),
        Err(WebhookError::Parse(ParseError::InvalidJson { line: 1, column: 2 }))
    );
    let (ts, sig, ty) = signed_headers(&body, "tool-calls");
    let headers = Headers::new().with_timestamp(&ts).with_signature(&sig).with_event(ty);
    assert_eq!(
        verifier.verify_event(&headers, &body, now),
        Err(WebhookError::Parse(ParseError::EventMismatch {
            header: "tool-calls".into(),
            message_type: "status-update".into()
        }))
    );
}

proptest::proptest! {
    /// Any text survives escaping: the parsed fields equal the strings that were serialized, and
    /// serializing the event and parsing it again gives the same event.
    #[test]
    fn any_text_round_trips(
        call_id in ".*",
        summary in ".*",
        role in "[a-z]{0,8}|\\PC{0,8}",
        duration in proptest::prelude::any::<u64>(),
        arguments in proptest::collection::btree_map(".{0,6}", ".{0,6}", 0..4),
        as_string in proptest::prelude::any::<bool>(),
    ) {
        let args = serde_json::to_value(&arguments).unwrap();
        let args_wire = if as_string { Value::String(args.to_string()) } else { args.clone() };
        // The malformed `tool_call_list` (not a report field) sends this body down the slow path.
        let body = json!({"message": {"type": "end-of-call-report", "call": {"id": call_id},
            "duration_seconds": duration, "summary": summary, "messages": [{"role": role}],
            "tool_call_list": [{"id": 1}]}})
        .to_string();
        let event = parse_event(body.as_bytes(), Some(b"end-of-call-report")).unwrap();
        let Event::EndOfCallReport(report) = &event else { panic!() };
        proptest::prop_assert_eq!(&report.common.call.id, &call_id);
        proptest::prop_assert_eq!(&report.summary, &summary);
        proptest::prop_assert_eq!(report.duration_seconds, duration);
        proptest::prop_assert_eq!(report.messages[0].role.as_str(), role.as_str());
        let again = serde_json::to_vec(&event).unwrap();
        proptest::prop_assert_eq!(parse_event(&again, None).unwrap(), event.clone());

        let body = json!({"message": {"type": "tool-calls", "call": {"id": call_id},
            "tool_call_list": [{"id": summary, "function": {"name": role, "arguments": args_wire}}]}})
        .to_string();
        let event = parse_event(body.as_bytes(), None).unwrap();
        let Event::ToolCalls(calls) = &event else { panic!() };
        proptest::prop_assert_eq!(&calls.tool_calls[0].id, &summary);
        proptest::prop_assert_eq!(calls.tool_calls[0].arguments_as::<Value>().unwrap(), args);
        let again = serde_json::to_vec(&event).unwrap();
        proptest::prop_assert_eq!(parse_event(&again, None).unwrap(), event.clone());
    }
}

// ---- The JSON reading rules through the public API ----

#[test]
fn a_lone_surrogate_never_loses_an_authentic_webhook() {
    // The issue's example: an unknown key with a lone surrogate escape in `message`.
    let body = br#"{"message":{"type":"status-update","call":{"id":"c1"},"\ud800":1}}"#;
    let Ok(Event::StatusUpdate(update)) = parse_event(body, Some(b"status-update")) else { panic!() };
    assert_eq!(update.common.call.id, "c1");

    // A summary cut mid-emoji by a UTF-16 sender: U+FFFD, as `String::from_utf16_lossy` gives.
    let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"c1"},"duration_seconds":84,
        "summary":"Booked \ud83d","analysis":{"mood":"\ud83d"},"messages":[{"role":"user","content":"\udc00"}]}}"#;
    let Ok(Event::EndOfCallReport(report)) = parse_event(body, None) else { panic!() };
    assert_eq!(report.summary, String::from_utf16_lossy(&[0x42, 0x6f, 0x6f, 0x6b, 0x65, 0x64, 0x20, 0xd83d]));
    assert_eq!(report.messages[0].content.as_deref(), Some("\u{fffd}"));
    // Raw values keep the escape as it was sent.
    assert_eq!(report.analysis.as_ref().unwrap().as_str(), r#"{"mood":"\ud83d"}"#);
    // Typed access into a `String` refuses it: serde_json's rule for `str`, documented.
    assert!(report.analysis_as::<Value>().is_err());

    // A type name with one is an unknown type whose text has U+FFFD.
    let Ok(Event::Unknown(unknown)) = parse_event(br#"{"message":{"type":"x\ud800"}}"#, None) else {
        panic!()
    };
    assert_eq!(unknown.event_type, "x\u{fffd}");
}

#[test]
fn text_without_escapes_still_borrows() {
    let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"c1","id":"c2"},"duration_seconds":1,
        "summary":"plain","end_reason":"caf\u00e9"}}"#;
    let Ok(Event::EndOfCallReport(report)) = parse_event(body, None) else { panic!() };
    assert!(matches!(report.common.call.id, Cow::Borrowed("c2")));
    assert!(matches!(report.summary, Cow::Borrowed("plain")));
    assert_eq!(report.end_reason.as_ref().map(|r| r.as_str()), Some("café"));
}

#[test]
fn the_last_duplicate_key_wins_even_after_a_mistyped_one() {
    let body = br#"{"message":{"type":"tool-calls","call":{"id":5,"id":"c3"},"tool_call_list":[
        {"id":1,"id":"t1","function":"f","function":{"name":null,"name":"lookup","arguments":7,"arguments":{"q":1}}}]}}"#;
    let Ok(Event::ToolCalls(calls)) = parse_event(body, Some(b"tool-calls")) else {
        panic!("{:?}", parse_event(body, None))
    };
    assert_eq!(calls.common.call.id, "c3");
    assert_eq!(calls.tool_calls[0].id, "t1");
    assert_eq!(calls.tool_calls[0].name(), "lookup");
    assert_eq!(calls.tool_calls[0].function.arguments.as_str(), r#"{"q":1}"#);
    // The last one decides, also when it is the wrong one.
    let body = br#"{"message":{"type":"status-update","call":{"id":"c3","id":null}}}"#;
    assert!(matches!(parse_event(body, None), Err(ParseError::InvalidPayload { .. })));
}

#[test]
fn numbers_of_any_magnitude_are_json() {
    let huge = "9".repeat(400);
    let body = format!(
        r#"{{"message":{{"type":"status-update","call":{{"id":"c1","legs":1e400}},"x":-1e-400,"y":{huge}}}}}"#
    );
    assert!(matches!(parse_event(body.as_bytes(), None), Ok(Event::StatusUpdate(_))));
    for duration in ["1e400", "84.0000000000000001", "1e-400", "-1e-400", "9007199254740993.0", &huge] {
        let body = format!(
            r#"{{"message":{{"type":"end-of-call-report","call":{{"id":"c"}},"summary":"s","duration_seconds":{duration}}}}}"#
        );
        assert!(
            matches!(parse_event(body.as_bytes(), None), Err(ParseError::InvalidPayload { .. })),
            "{duration}: {:?}",
            parse_event(body.as_bytes(), None)
        );
    }
    for (duration, want) in [("-0.0", 0), ("1e2", 100), ("-0", 0), ("9007199254740992.0", 1 << 53)] {
        let body = format!(
            r#"{{"message":{{"type":"end-of-call-report","call":{{"id":"c"}},"summary":"s","duration_seconds":{duration}}}}}"#
        );
        let Ok(Event::EndOfCallReport(report)) = parse_event(body.as_bytes(), None) else {
            panic!("{duration}")
        };
        assert_eq!(report.duration_seconds, want, "{duration}");
    }
}

#[test]
fn raw_values_have_no_depth_limit_of_the_crate() {
    let deep = "[".repeat(5000) + &"]".repeat(5000);
    let body = format!(
        r#"{{"message":{{"type":"end-of-call-report","call":{{"id":"c"}},"summary":"s","duration_seconds":1,"analysis":{deep},"x":{deep}}}}}"#
    );
    let Ok(Event::EndOfCallReport(report)) = parse_event(body.as_bytes(), None) else { panic!() };
    assert_eq!(report.analysis.as_ref().unwrap().as_str(), deep);
    // The typed accessor has serde_json's limit of 128 levels.
    assert!(matches!(report.analysis_as::<Value>(), Err(ParseError::InvalidPayload { .. })));
}

#[test]
fn a_caller_type_mismatch_is_an_arguments_error() {
    #[derive(Debug, Deserialize)]
    struct Booking {
        #[allow(dead_code)]
        date: String,
    }
    let body = br#"{"message":{"type":"tool-calls","call":{"id":"c"},"tool_call_list":[
        {"id":"t1","function":{"name":"book","arguments":{"date":5}}}]}}"#;
    let Ok(Event::ToolCalls(calls)) = parse_event(body, None) else { panic!() };
    let error: hmsovereign_webhooks::ArgumentsError =
        calls.tool_calls[0].arguments_as::<Booking>().unwrap_err();
    assert!(error.reason().starts_with("invalid type: integer `5`, expected a string"), "{error}");
    assert!(error.to_string().starts_with("the tool call's arguments do not fit the requested type: "));
}
