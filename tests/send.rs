//! The sender's side through the public API: events built with the constructors and setters are
//! written as the platform writes them and read back equal (a property test over all four types
//! and unknown events), signed requests verify and fail on any changed byte, exact headers, the
//! builders' refusals, and `into_http` (feature `http`).
#![cfg(feature = "alloc")]
// A test binary links `std`; the core/alloc spelling matters only in the library.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::BTreeSet;
use std::fmt;

use hmac::{KeyInit, Mac};
use hmsovereign_webhooks::{
    Arguments, AssistantRequest, Call, CallStatus, CallType, Common, Customer, EndOfCallReport, EndReason,
    Event, EventType, Function, Headers, ParseError, PhoneNumber, RawJson, RequestError, Role, SigningKey,
    StatusUpdate, ToolCall, ToolCalls, TranscriptMessage, UnixTime, UnknownEvent, Verifier, VerifyError,
    WebhookError, WebhookRequest, parse_event,
};
use proptest::prelude::*;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

const SECRET: &str = "whsec_test_secret_12345";
const NOW: UnixTime = UnixTime::from_secs(1_700_000_000);

/// HMAC-SHA256 by the `hmac` crate, an implementation independent of the crate's own.
fn reference_signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let hex: String = tag.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256={hex}")
}

/// Reads a JSON text and fails on an object with a repeated key, at any depth.
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Check;
        impl<'de> Visitor<'de> for Check {
            type Value = NoDuplicateKeys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NoDuplicateKeys, A::Error> {
                let mut seen = BTreeSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("duplicate key {key:?}")));
                    }
                    map.next_value::<NoDuplicateKeys>()?;
                }
                Ok(NoDuplicateKeys)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NoDuplicateKeys, A::Error> {
                while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
                Ok(NoDuplicateKeys)
            }
            fn visit_bool<E>(self, _: bool) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_i64<E>(self, _: i64) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_u64<E>(self, _: u64) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_f64<E>(self, _: f64) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_str<E>(self, _: &str) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_unit<E>(self) -> Result<NoDuplicateKeys, E> {
                Ok(NoDuplicateKeys)
            }
        }
        deserializer.deserialize_any(Check)
    }
}

fn assert_no_duplicate_keys(body: &[u8]) {
    if let Err(error) = serde_json::from_slice::<NoDuplicateKeys>(body) {
        panic!("{error}: {}", String::from_utf8_lossy(body));
    }
}

/// The request's headers as a receiver sees them.
fn received_headers(request: &WebhookRequest) -> Headers<'_> {
    Headers::from_fn(|name| request.header(name).map(str::as_bytes))
}

// ---- strategies ------------------------------------------------------------------------------

/// Any text: every Unicode scalar value, control characters, quotes and backslashes included.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..10).prop_map(String::from_iter),
        "[a-z0-9 _\"\\\\-]{0,10}",
        "\\PC{0,8}",
    ]
    .boxed()
}

/// A value of an open set: one of its known texts or any text.
fn open_text(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![proptest::sample::select(known).prop_map(String::from), text()].boxed()
}

/// A JSON value tree (finite numbers only: JSON has no others).
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(text(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
    .boxed()
}

fn json_object() -> BoxedStrategy<serde_json::Map<String, Value>> {
    proptest::collection::btree_map(text(), json_value(), 0..4)
        .prop_map(|map| map.into_iter().collect())
        .boxed()
}

/// Raw JSON text as a sender might hold it: compact, pretty, or spelt in ways a re-serializer would
/// change (spaces, `1.50`, a number beyond `u64`), which must be written byte for byte.
fn raw_text(value: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<String> {
    (value, 0..3u8)
        .prop_map(|(value, style)| match style {
            0 => value.to_string(),
            1 => serde_json::to_string_pretty(&value).unwrap(),
            _ => format!(r#"{{ "spelt" : [1.50, 18446744073709551617, -0e0] , "value":{value} }}"#),
        })
        .boxed()
}

fn phone_number() -> BoxedStrategy<PhoneNumber<'static>> {
    (proptest::option::of(text()), proptest::option::of(text()), proptest::option::of(text()))
        .prop_map(|(id, number, name)| {
            let mut phone = PhoneNumber::new();
            if let Some(id) = id {
                phone = phone.with_id(id);
            }
            if let Some(number) = number {
                phone = phone.with_number(number);
            }
            if let Some(name) = name {
                phone = phone.with_name(name);
            }
            phone
        })
        .boxed()
}

fn common() -> BoxedStrategy<Common<'static>> {
    let call = (
        text(),
        proptest::option::of(open_text(&["inbound_phone_call", "outbound_phone_call", "web_call"])),
        proptest::option::of(open_text(&["ringing", "in-progress", "ended", "ended-with-error"])),
    )
        .prop_map(|(id, call_type, status)| {
            let mut call = Call::new(id);
            if let Some(call_type) = call_type {
                call = call.with_type(call_type);
            }
            if let Some(status) = status {
                call = call.with_status(status);
            }
            call
        });
    (
        call,
        proptest::option::of(text()),
        proptest::option::of(phone_number()),
        proptest::option::of(proptest::option::of(text())),
        proptest::option::of(raw_text(json_object().prop_map(Value::Object))),
    )
        .prop_map(|(call, timestamp, phone, customer, assistant)| {
            let mut common = Common::new(call);
            if let Some(timestamp) = timestamp {
                common = common.with_timestamp(timestamp);
            }
            if let Some(phone) = phone {
                common = common.with_phone_number(phone);
            }
            if let Some(customer) = customer {
                common = common.with_customer(match customer {
                    Some(number) => Customer::new().with_number(number),
                    None => Customer::new(),
                });
            }
            if let Some(assistant) = assistant {
                common = common.with_assistant(RawJson::new(assistant).unwrap()).unwrap();
            }
            common
        })
        .boxed()
}

/// Tool arguments: absent, an object, or the text of an object (the string form).
fn arguments() -> BoxedStrategy<Arguments<'static>> {
    let object = || raw_text(json_object().prop_map(Value::Object));
    prop_oneof![
        Just(Arguments::none()),
        object().prop_map(|raw| Arguments::object(RawJson::new(raw).unwrap()).unwrap()),
        object().prop_map(|raw| Arguments::from_json(raw).unwrap()),
    ]
    .boxed()
}

fn tool_call() -> BoxedStrategy<ToolCall<'static>> {
    (text(), text(), arguments(), 0..3u8, text())
        .prop_map(|(id, name, arguments, kind, call_type)| {
            let call = ToolCall::new(id, Function::new(name).with_arguments(arguments));
            match kind {
                0 => call,
                1 => call.with_call_type(call_type),
                _ => call.without_call_type(),
            }
        })
        .boxed()
}

fn end_reason() -> BoxedStrategy<String> {
    open_text(&["user_hangup", "assistant_hangup", "max_duration"]).boxed()
}

fn transcript_message() -> BoxedStrategy<TranscriptMessage<'static>> {
    (open_text(&["system", "user", "assistant"]), proptest::option::of(text()))
        .prop_map(|(role, content)| {
            let turn = TranscriptMessage::new(role);
            match content {
                Some(content) => turn.with_content(content),
                None => turn,
            }
        })
        .boxed()
}

#[allow(clippy::type_complexity)]
fn report() -> BoxedStrategy<EndOfCallReport<'static>> {
    (
        (common(), any::<u64>(), text(), proptest::option::of(raw_text(json_value()))),
        proptest::collection::vec(transcript_message(), 0..4),
        (
            proptest::option::of(text()),
            proptest::option::of(end_reason()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
    )
        .prop_map(|((common, duration, summary, analysis), messages, (url, reason, started, ended))| {
            let mut report = EndOfCallReport::new(common, duration, summary).with_messages(messages);
            if let Some(analysis) = analysis {
                report = report.with_analysis(RawJson::new(analysis).unwrap());
            }
            if let Some(url) = url {
                report = report.with_recording_url(url);
            }
            if let Some(reason) = reason {
                report = report.with_end_reason(reason);
            }
            if let Some(started) = started {
                report = report.with_started_at(started);
            }
            if let Some(ended) = ended {
                report = report.with_ended_at(ended);
            }
            report
        })
        .boxed()
}

/// An unknown event's type: a plausible name, or any text not naming a known event.
fn unknown_type() -> BoxedStrategy<String> {
    prop_oneof!["[a-z][a-z.-]{0,12}", text()]
        .prop_filter("not a known type", |name| matches!(EventType::from_name(name), EventType::Other(_)))
        .boxed()
}

fn event() -> BoxedStrategy<Event<'static>> {
    prop_oneof![
        common().prop_map(|common| Event::from(AssistantRequest::new(common))),
        (common(), proptest::collection::vec(tool_call(), 0..4))
            .prop_map(|(common, calls)| Event::from(ToolCalls::new(common, calls))),
        (common(), proptest::option::of(text()), proptest::option::of(end_reason())).prop_map(
            |(common, error, reason)| {
                let mut update = StatusUpdate::new(common);
                if let Some(error) = error {
                    update = update.with_error(error);
                }
                if let Some(reason) = reason {
                    update = update.with_end_reason(reason);
                }
                Event::from(update)
            }
        ),
        report().prop_map(Event::from),
        (unknown_type(), json_object(), any::<bool>()).prop_map(|(event_type, mut fields, type_last)| {
            fields.remove("type");
            let message = if type_last {
                fields.insert("type".into(), Value::from(event_type));
                Value::Object(fields).to_string()
            } else {
                let mut message = serde_json::Map::new();
                message.insert("type".into(), Value::from(event_type));
                message.extend(fields);
                serde_json::to_string_pretty(&Value::Object(message)).unwrap()
            };
            Event::from(UnknownEvent::new(RawJson::new(message).unwrap()).unwrap())
        }),
    ]
    .boxed()
}

/// What the request must carry for the event's type, by the rule of `RequestError` written out
/// again here: printable ASCII, blanks only inside.
fn sendable(event_type: &str) -> bool {
    let bytes = event_type.as_bytes();
    bytes.iter().all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
        && !matches!(bytes.first(), Some(b' ' | b'\t'))
        && !matches!(bytes.last(), Some(b' ' | b'\t'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Built → written → parsed gives the same event; the body has no repeated key; the signed
    /// request carries the right headers, verifies, and fails on any one changed body byte.
    #[test]
    fn built_events_round_trip_and_verify(event in event(), flip in any::<proptest::sample::Index>()) {
        let body = event.to_vec();
        let json = event.to_json();
        prop_assert_eq!(json.as_bytes(), &body[..]);
        assert_no_duplicate_keys(&body);
        let event_type = event.event_type().as_str().to_owned();
        prop_assert_eq!(&parse_event(&body, Some(event_type.as_bytes())).unwrap(), &event);

        let key = SigningKey::new(SECRET).unwrap();
        let request = match WebhookRequest::new(&event, &key, NOW) {
            Ok(request) => request,
            Err(error) => {
                prop_assert!(!sendable(&event_type));
                prop_assert_eq!(error, RequestError::InvalidEventHeader { event_type });
                return Ok(());
            }
        };
        prop_assert!(sendable(&event_type));
        prop_assert_eq!(request.body(), &body[..]);
        prop_assert_eq!(request.event_type(), Some(event_type.as_str()));
        prop_assert_eq!(request.header("X-Webhook-Event"), Some(event_type.as_str()));
        prop_assert_eq!(request.signature(), reference_signature(SECRET, "1700000000", &body));

        let verifier = Verifier::new(SECRET).unwrap();
        let headers = received_headers(&request);
        prop_assert_eq!(verifier.verify_event(&headers, request.body(), NOW).unwrap(), event);

        let mut changed = body.clone();
        let at = flip.index(changed.len());
        changed[at] ^= 0x01;
        prop_assert_eq!(
            verifier.verify_event(&headers, &changed, NOW),
            Err(WebhookError::Verify(VerifyError::SignatureMismatch))
        );
    }
}

// ---- examples ---------------------------------------------------------------------------------

fn status_update() -> Event<'static> {
    Event::from(
        StatusUpdate::new(
            Common::new(Call::new("c1").with_type(CallType::WebCall).with_status(CallStatus::EndedWithError))
                .with_timestamp("2025-12-13T12:00:00.000Z"),
        )
        .with_error("STT connection failed")
        .with_end_reason(EndReason::Other("pipeline_error".into())),
    )
}

#[test]
fn the_request_has_exactly_the_platforms_headers_and_body() {
    let event = status_update();
    let key = SigningKey::new(SECRET).unwrap();
    let request = WebhookRequest::new(&event, &key, NOW).unwrap();
    let body = concat!(
        r#"{"message":{"type":"status-update","timestamp":"2025-12-13T12:00:00.000Z","#,
        r#""call":{"id":"c1","type":"web_call","status":"ended-with-error"},"#,
        r#""error":"STT connection failed","end_reason":"pipeline_error"}}"#
    );
    assert_eq!(std::str::from_utf8(request.body()).unwrap(), body);
    let signature = reference_signature(SECRET, "1700000000", body.as_bytes());
    let headers: Vec<(&str, &str)> = request.headers().collect();
    assert_eq!(
        headers,
        [
            ("Content-Type", "application/json"),
            ("User-Assistant", "HMS-Sovereign/1.0"),
            ("X-Webhook-Event", "status-update"),
            ("X-Webhook-Timestamp", "1700000000"),
            ("X-Webhook-Signature", signature.as_str()),
        ]
    );
    assert_eq!(WebhookRequest::METHOD, "POST");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-webhook-signature"), Some(signature.as_str()));
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.clone().into_body(), body.as_bytes());
    // Ten minutes later it is stale: the time the caller passed in is the one signed.
    let late = UnixTime::from_secs(1_700_000_600);
    assert_eq!(
        Verifier::new(SECRET).unwrap().verify_event(&received_headers(&request), request.body(), late),
        Err(WebhookError::Verify(VerifyError::TimestampTooOld {
            timestamp: 1_700_000_000,
            now: 1_700_000_600,
            tolerance: 300
        }))
    );
    // Another secret does not verify it.
    assert_eq!(
        Verifier::new("whsec_other").unwrap().verify(&received_headers(&request), request.body(), NOW),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn a_raw_body_is_sent_byte_for_byte_with_or_without_an_event_header() {
    let key = SigningKey::new(SECRET).unwrap();
    // The protocol's known answer.
    let body = br#"{"message":{"type":"status-update"}}"#;
    let request = WebhookRequest::from_body(&body[..], Some("status-update"), &key, NOW).unwrap();
    assert_eq!(
        request.signature(),
        "sha256=09a6634fdc9688fdc77b1b2997e7d4abbeef50439bee0292c555d21be39b1675"
    );
    assert_eq!(request.body(), body);
    // Not JSON at all, and no event header: still signed and sent as given.
    let junk = b"\xff\x00 not json".to_vec();
    let request = WebhookRequest::from_body(junk.clone(), None, &key, NOW).unwrap();
    assert_eq!(request.body(), &junk[..]);
    assert_eq!(request.event_type(), None);
    assert_eq!(request.headers().count(), 4);
    let verified = Verifier::new(SECRET).unwrap().verify(&received_headers(&request), &junk, NOW).unwrap();
    assert_eq!(verified.timestamp(), NOW);
    assert_eq!(
        parse_event(&junk, None).unwrap_err(),
        ParseError::InvalidJson { line: 1, column: 1 },
        "the receiver then refuses it as not JSON"
    );
}

#[test]
fn event_types_that_cannot_be_a_header_value_are_refused() {
    let key = SigningKey::new(SECRET).unwrap();
    for bad in ["call\r\nX-Injected: 1", " padded", "padded\t", "überfall", "nul\0"] {
        assert_eq!(
            WebhookRequest::from_body(&b"{}"[..], Some(bad), &key, NOW),
            Err(RequestError::InvalidEventHeader { event_type: bad.into() })
        );
        let message = serde_json::json!({ "type": bad }).to_string();
        let event = Event::from(UnknownEvent::new(RawJson::new(message).unwrap()).unwrap());
        assert_eq!(
            WebhookRequest::new(&event, &key, NOW),
            Err(RequestError::InvalidEventHeader { event_type: bad.into() })
        );
    }
    let error = RequestError::InvalidEventHeader { event_type: "a\nb".into() };
    assert_eq!(
        error.to_string(),
        r#"event type "a\nb" cannot be sent as an X-Webhook-Event header value (printable ASCII only, no surrounding whitespace)"#
    );
}

#[test]
fn raw_values_are_written_byte_for_byte() {
    let analysis = "{ \"score\" : 18446744073709551617, \"ratio\": 1.50,\n \"nested\": {\"a\": [ ]} }";
    let arguments = r#"{"date" :"2025-12-20","n":1e400}"#;
    let event = Event::from(ToolCalls::new(
        Common::new(Call::new("c1")).with_assistant(RawJson::new(r#"{"id" : "a1"}"#).unwrap()).unwrap(),
        [
            ToolCall::new(
                "t1",
                Function::new("book").with_arguments(Arguments::from_json(arguments).unwrap()),
            ),
            ToolCall::new("t2", Function::new("hang_up")),
        ],
    ));
    let body = event.to_json();
    assert_eq!(
        body,
        concat!(
            r#"{"message":{"type":"tool-calls","call":{"id":"c1"},"assistant":{"id" : "a1"},"tool_call_list":["#,
            r#"{"id":"t1","type":"function","function":{"name":"book","arguments":{"date" :"2025-12-20","n":1e400}}},"#,
            r#"{"id":"t2","type":"function","function":{"name":"hang_up"}}]}}"#
        )
    );
    assert_eq!(parse_event(body.as_bytes(), None).unwrap(), event);

    let report = Event::from(
        EndOfCallReport::new(Common::new(Call::new("c1")), 84, "")
            .with_analysis(RawJson::new(format!("  {analysis}\n")).unwrap()),
    );
    let body = report.to_json();
    assert!(body.contains(&format!(r#""analysis":{analysis}"#)), "{body}");
    assert_eq!(parse_event(body.as_bytes(), None).unwrap(), report);
}

#[test]
fn builders_store_what_a_receiver_would_read() {
    // An analysis of `null` is no analysis, for a receiver as for the builder.
    let report = EndOfCallReport::new(Common::new(Call::new("c1")), 1, "s")
        .with_analysis(RawJson::new("null").unwrap());
    assert_eq!(report.analysis, None);
    let report = report.with_analysis(RawJson::new("0").unwrap());
    assert_eq!(report.analysis.as_ref().map(RawJson::as_str), Some("0"));
    // An empty transcript is left out of the body; the reader gives an empty one back.
    let event = Event::from(report);
    assert!(!event.to_json().contains("messages"));
    // Open sets take their named case from text.
    let call = Call::new("c").with_type("web_call").with_status(String::from("ringing"));
    assert!(matches!(call.call_type, Some(CallType::WebCall)));
    assert!(matches!(call.status, Some(CallStatus::Ringing)));
    assert!(matches!(TranscriptMessage::new("assistant").role, Role::Assistant));
    // Defaults are the empty parts.
    assert_eq!(PhoneNumber::default(), PhoneNumber::new());
    assert_eq!(Customer::default().number, None);
    assert_eq!(ToolCall::new("t", Function::new("f")).function.arguments, Arguments::none());
    assert!(Arguments::none().is_absent());
}

#[test]
fn builders_refuse_values_a_receiver_would_refuse() {
    let payload = |reason: &str| ParseError::InvalidPayload { reason: reason.into() };
    assert_eq!(
        Common::new(Call::new("c")).with_assistant(RawJson::new("[1]").unwrap()).unwrap_err(),
        payload("`message.assistant` must be an object")
    );
    for not_an_object in ["[]", "\"{}\"", "1", "null"] {
        assert_eq!(
            Arguments::object(RawJson::new(not_an_object).unwrap()).unwrap_err(),
            payload("`function.arguments` must be a JSON object"),
            "{not_an_object}"
        );
    }
    assert_eq!(Arguments::from_json("{\"a\":").unwrap_err(), ParseError::InvalidJson { line: 1, column: 5 });
    assert_eq!(RawJson::new("").unwrap_err(), ParseError::EmptyBody);
    assert_eq!(RawJson::new(" \n").unwrap_err(), ParseError::EmptyBody);
    assert_eq!(RawJson::new("{} {}").unwrap_err(), ParseError::InvalidJson { line: 1, column: 4 });
    assert_eq!(
        RawJson::new(String::from("NaN")).unwrap_err(),
        ParseError::InvalidJson { line: 1, column: 1 }
    );

    assert_eq!(
        UnknownEvent::new(
            RawJson::new(
                r#"{"type":"end-of-call-report","call":{"id":"c"},"duration_seconds":1,"summary":""}"#
            )
            .unwrap()
        )
        .unwrap_err(),
        payload("`message.type` `end-of-call-report` is a known event type; build it with its own type")
    );
    assert_eq!(
        UnknownEvent::new(RawJson::new("[1]").unwrap()).unwrap_err(),
        payload("the message of an event must be a JSON object")
    );
    assert!(matches!(
        UnknownEvent::new(RawJson::new(r#"{"text":"no type"}"#).unwrap()),
        Err(ParseError::InvalidPayload { .. })
    ));
    assert!(matches!(
        UnknownEvent::new(RawJson::new(r#"{"type":7}"#).unwrap()),
        Err(ParseError::InvalidPayload { .. })
    ));
    // The unknown event's message is kept whole, its type read from it.
    let message = "{\"text\":\"Hi\",\n \"type\":\"transcript\"}";
    let unknown = UnknownEvent::new(RawJson::new(message).unwrap()).unwrap();
    assert_eq!(unknown.event_type, "transcript");
    let event = Event::from(unknown);
    assert_eq!(event.to_json(), format!("{{\"message\":{message}}}"));
    assert_eq!(event.event_type(), EventType::Other("transcript"));
}

#[cfg(feature = "http")]
#[test]
fn into_http_carries_every_header_and_the_body() {
    let event = status_update();
    let key = SigningKey::new(SECRET).unwrap();
    let request = WebhookRequest::new(&event, &key, NOW).unwrap();
    let expected: Vec<(String, String)> =
        request.headers().map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned())).collect();
    let body = request.body().to_vec();
    let http = request.into_http("http://127.0.0.1:8080/hooks?x=1").unwrap();
    assert_eq!(http.method(), http::Method::POST);
    assert_eq!(http.uri(), "http://127.0.0.1:8080/hooks?x=1");
    let headers: Vec<(String, String)> = http
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    assert_eq!(headers, expected);
    assert_eq!(http.headers().len(), 5);
    assert_eq!(http.body(), &body);
    // A receiver built on the `http` crate verifies and parses it.
    let received =
        Verifier::new(SECRET).unwrap().verify_event(&Headers::from(http.headers()), http.body(), NOW);
    assert_eq!(received.unwrap(), event);

    let request = WebhookRequest::new(&event, &key, NOW).unwrap();
    assert!(request.into_http("not a uri with spaces").is_err());
}

/// The CLI's path: a fixture body held as a JSON value (edited by `--set`), its event type, a
/// secret and a time, to the request — the bytes sent are exactly those written from the value.
#[test]
fn a_fixture_value_becomes_a_request() {
    let fixture = serde_json::json!({"message": {"type": "tool-calls", "call": {"id": "c1"},
        "artifact": {"not": "modelled"},
        "tool_call_list": [{"id": "t1", "type": "function",
            "function": {"name": "lookup", "arguments": {"query": "John"}}}]}});
    let body = serde_json::to_vec(&fixture).unwrap();
    let key = SigningKey::new(SECRET).unwrap();
    let request = WebhookRequest::from_body(body.clone(), Some("tool-calls"), &key, NOW).unwrap();
    assert_eq!(request.body(), &body[..]);
    assert_eq!(request.signature(), reference_signature(SECRET, "1700000000", &body));
    let Event::ToolCalls(calls) = Verifier::new(SECRET)
        .unwrap()
        .verify_event(&received_headers(&request), request.body(), NOW)
        .unwrap()
    else {
        panic!("not tool-calls")
    };
    assert_eq!(calls.tool_calls[0].function.arguments.as_str(), r#"{"query":"John"}"#);
}

/// The sample payloads (shaped like the platform's) survive parse → write → parse, and their
/// requests verify.
#[test]
fn sample_payloads_are_written_back_equal() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/payloads");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let event = parse_event(&bytes, None).unwrap();
        let request = WebhookRequest::new(&event, &SigningKey::new(SECRET).unwrap(), NOW).unwrap();
        assert_no_duplicate_keys(request.body());
        let again =
            Verifier::new(SECRET).unwrap().verify_event(&received_headers(&request), request.body(), NOW);
        assert_eq!(again.unwrap(), event, "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 7);
}
