//! The sender side: building, serializing and signing an event, against the obvious alternative —
//! a `serde_json::Value` of the same content, `serde_json::to_vec`, and the RustCrypto `hmac` crate.
//!
//! One group per sample payload of `tests/data/payloads/` (the event read once, outside the timed
//! loops, to give both sides the same field values):
//!
//! - `typed`: the event built with the crate's constructors and `with_…` setters from those
//!   values (strings borrowed, as a sender building from its own data would), then
//!   [`WebhookRequest::new`] (body written, timestamp formatted, HMAC-SHA256, hex signature);
//! - `value` (the baseline): the same content built as a `serde_json::Value` (strings copied, as
//!   `Value` requires; the raw JSON parts — assistant block, tool arguments, analysis — cloned from
//!   `Value`s parsed outside the loop, the form a `Value` sender holds them in), then
//!   `serde_json::to_vec`, the `hmac` crate over `timestamp.body` with its keyed state built once and
//!   cloned, and the tag hex-encoded;
//! - `typed_prebuilt` and `value_prebuilt`: the same without the building, from an event and a
//!   `Value` built outside the loop: serializing and signing alone;
//! - `sign_only`: [`SigningKey::sign`] over the typed body, the floor under both (no sender can
//!   skip the HMAC of its body).
//!
//! Compare within a group (`typed / value`), not across runs or machines. Run with
//! `cargo bench --bench send`; the README's figures come from
//! `HMS_BENCH_CLOCK=thread taskset -c 0 cargo bench --bench send -- --warm-up-time 1
//! --measurement-time 3` (see `benches/support/clock.rs` for the clock).

use core::hint::black_box;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use hmac::{Hmac, KeyInit, Mac};
use hmsovereign_webhooks::{
    Arguments, AssistantRequest, Call, Common, Customer, EndOfCallReport, Event, Function, PhoneNumber,
    RawJson, SigningKey, StatusUpdate, ToolCall, ToolCalls, TranscriptMessage, UnixTime, WebhookRequest,
    parse_event,
};
use serde_json::{Map, Value};
use sha2::Sha256;

#[path = "support/clock.rs"]
mod clock;
#[allow(dead_code, reason = "the send bench takes the event samples only")]
#[path = "support/samples.rs"]
mod samples;

use samples::SAMPLES;

const SECRET: &str = "whsec_bench_secret_0123456789abcdef";
const TIMESTAMP: u64 = 1_700_000_000;

/// The raw JSON parts of an event as `Value`s, parsed once: what a `Value` sender holds.
struct RawParts {
    assistant: Option<Value>,
    arguments: Vec<Option<Value>>,
    analysis: Option<Value>,
}

fn raw_value(raw: &RawJson<'_>) -> Value {
    serde_json::from_str(raw.as_str()).expect("a raw part is JSON")
}

impl RawParts {
    fn of(event: &Event<'_>) -> Self {
        let assistant = event.common().and_then(|common| common.assistant.as_ref()).map(raw_value);
        let arguments = match event {
            Event::ToolCalls(calls) => {
                calls.tool_calls.iter().map(|call| call.function.arguments.raw().map(raw_value)).collect()
            }
            _ => Vec::new(),
        };
        let analysis = match event {
            Event::EndOfCallReport(report) => report.analysis.as_ref().map(raw_value),
            _ => None,
        };
        Self { assistant, arguments, analysis }
    }
}

/// `common` rebuilt with the constructors, every string borrowed from `from`.
fn build_common<'a>(from: &'a Common<'_>) -> Common<'a> {
    let mut call = Call::new(&*from.call.id);
    if let Some(call_type) = &from.call.call_type {
        call = call.with_type(call_type.as_str());
    }
    if let Some(status) = &from.call.status {
        call = call.with_status(status.as_str());
    }
    let mut common = Common::new(call);
    if let Some(timestamp) = &from.timestamp {
        common = common.with_timestamp(&**timestamp);
    }
    if let Some(phone) = &from.phone_number {
        let mut number = PhoneNumber::new();
        if let Some(id) = &phone.id {
            number = number.with_id(&**id);
        }
        if let Some(value) = &phone.number {
            number = number.with_number(&**value);
        }
        if let Some(name) = &phone.name {
            number = number.with_name(&**name);
        }
        common = common.with_phone_number(number);
    }
    if let Some(customer) = &from.customer {
        let mut built = Customer::new();
        if let Some(number) = &customer.number {
            built = built.with_number(&**number);
        }
        common = common.with_customer(built);
    }
    if let Some(assistant) = &from.assistant {
        let raw = RawJson::new(assistant.as_str()).expect("the sample's assistant block is JSON");
        common = common.with_assistant(raw).expect("the sample's assistant block is an object");
    }
    common
}

/// `from` rebuilt with the constructors and setters, every string borrowed.
fn build_event<'a>(from: &'a Event<'_>) -> Event<'a> {
    match from {
        Event::AssistantRequest(request) => AssistantRequest::new(build_common(&request.common)).into(),
        Event::ToolCalls(calls) => ToolCalls::new(
            build_common(&calls.common),
            calls.tool_calls.iter().map(|call| {
                let mut function = Function::new(&*call.function.name);
                if let Some(arguments) = call.function.arguments.raw() {
                    function = function.with_arguments(
                        Arguments::from_json(arguments.as_str())
                            .expect("the sample's arguments are an object"),
                    );
                }
                let built = ToolCall::new(&*call.id, function);
                match &call.call_type {
                    Some(call_type) => built.with_call_type(&**call_type),
                    None => built.without_call_type(),
                }
            }),
        )
        .into(),
        Event::StatusUpdate(update) => {
            let mut built = StatusUpdate::new(build_common(&update.common));
            if let Some(error) = &update.error {
                built = built.with_error(&**error);
            }
            if let Some(reason) = &update.end_reason {
                built = built.with_end_reason(reason.as_str());
            }
            built.into()
        }
        Event::EndOfCallReport(report) => {
            let mut built =
                EndOfCallReport::new(build_common(&report.common), report.duration_seconds, &*report.summary)
                    .with_messages(report.messages.iter().map(|message| {
                        let built = TranscriptMessage::new(message.role.as_str());
                        match &message.content {
                            Some(content) => built.with_content(&**content),
                            None => built,
                        }
                    }));
            if let Some(analysis) = &report.analysis {
                built = built
                    .with_analysis(RawJson::new(analysis.as_str()).expect("the sample's analysis is JSON"));
            }
            if let Some(url) = &report.recording_url {
                built = built.with_recording_url(&**url);
            }
            if let Some(reason) = &report.end_reason {
                built = built.with_end_reason(reason.as_str());
            }
            if let Some(started) = &report.started_at {
                built = built.with_started_at(&**started);
            }
            if let Some(ended) = &report.ended_at {
                built = built.with_ended_at(&**ended);
            }
            built.into()
        }
        _ => unreachable!("the samples are known events"),
    }
}

fn insert_str(object: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

/// `common`'s fields as `Value`s, added to `message`.
fn value_common(message: &mut Map<String, Value>, from: &Common<'_>, raw: &RawParts) {
    insert_str(message, "timestamp", from.timestamp.as_deref());
    let mut call = Map::new();
    insert_str(&mut call, "id", Some(&from.call.id));
    insert_str(&mut call, "type", from.call.call_type.as_ref().map(|value| value.as_str()));
    insert_str(&mut call, "status", from.call.status.as_ref().map(|value| value.as_str()));
    message.insert("call".to_owned(), Value::Object(call));
    if let Some(phone) = &from.phone_number {
        let mut number = Map::new();
        insert_str(&mut number, "id", phone.id.as_deref());
        insert_str(&mut number, "number", phone.number.as_deref());
        insert_str(&mut number, "name", phone.name.as_deref());
        message.insert("phone_number".to_owned(), Value::Object(number));
    }
    if let Some(customer) = &from.customer {
        let mut built = Map::new();
        insert_str(&mut built, "number", customer.number.as_deref());
        message.insert("customer".to_owned(), Value::Object(built));
    }
    if let Some(assistant) = &raw.assistant {
        message.insert("assistant".to_owned(), assistant.clone());
    }
}

/// The same content as [`build_event`], built as a `serde_json::Value`.
fn build_value(from: &Event<'_>, raw: &RawParts) -> Value {
    let mut message = Map::new();
    message.insert("type".to_owned(), Value::String(from.event_type().as_str().to_owned()));
    if let Some(common) = from.common() {
        value_common(&mut message, common, raw);
    }
    match from {
        Event::ToolCalls(calls) => {
            let list = calls
                .tool_calls
                .iter()
                .zip(&raw.arguments)
                .map(|(call, arguments)| {
                    let mut function = Map::new();
                    function.insert("name".to_owned(), Value::String(call.function.name.to_string()));
                    if let Some(arguments) = arguments {
                        function.insert("arguments".to_owned(), arguments.clone());
                    }
                    let mut built = Map::new();
                    built.insert("id".to_owned(), Value::String(call.id.to_string()));
                    insert_str(&mut built, "type", call.call_type.as_deref());
                    built.insert("function".to_owned(), Value::Object(function));
                    Value::Object(built)
                })
                .collect();
            message.insert("tool_call_list".to_owned(), Value::Array(list));
        }
        Event::StatusUpdate(update) => {
            insert_str(&mut message, "error", update.error.as_deref());
            insert_str(&mut message, "end_reason", update.end_reason.as_ref().map(|value| value.as_str()));
        }
        Event::EndOfCallReport(report) => {
            message.insert("duration_seconds".to_owned(), Value::from(report.duration_seconds));
            message.insert("summary".to_owned(), Value::String(report.summary.to_string()));
            if let Some(analysis) = &raw.analysis {
                message.insert("analysis".to_owned(), analysis.clone());
            }
            let messages: Vec<Value> = report
                .messages
                .iter()
                .map(|entry| {
                    let mut built = Map::new();
                    built.insert("role".to_owned(), Value::String(entry.role.as_str().to_owned()));
                    insert_str(&mut built, "content", entry.content.as_deref());
                    Value::Object(built)
                })
                .collect();
            if !report.messages.is_empty() {
                message.insert("messages".to_owned(), Value::Array(messages));
            }
            insert_str(&mut message, "recording_url", report.recording_url.as_deref());
            insert_str(&mut message, "end_reason", report.end_reason.as_ref().map(|value| value.as_str()));
            insert_str(&mut message, "started_at", report.started_at.as_deref());
            insert_str(&mut message, "ended_at", report.ended_at.as_deref());
        }
        _ => {}
    }
    let mut body = Map::new();
    body.insert("message".to_owned(), Value::Object(message));
    Value::Object(body)
}

/// What the baseline sends: the body, the timestamp text and `sha256=<hex>`.
fn value_sign(value: &Value, keyed: &Hmac<Sha256>) -> (Vec<u8>, String, String) {
    let body = serde_json::to_vec(value).expect("a Value serializes");
    let timestamp = TIMESTAMP.to_string();
    let mut mac = keyed.clone();
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(&body);
    let tag = mac.finalize().into_bytes();
    let mut signature = String::with_capacity(7 + 64);
    signature.push_str("sha256=");
    for byte in tag {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        signature.push(char::from(HEX[usize::from(byte >> 4)]));
        signature.push(char::from(HEX[usize::from(byte & 15)]));
    }
    (body, timestamp, signature)
}

fn bench_send<M: Measurement>(c: &mut Criterion<M>) {
    let key = SigningKey::new(SECRET).expect("the bench secret is not empty");
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    let at = UnixTime::from_secs(TIMESTAMP);
    for &(name, header, sample) in SAMPLES {
        let source = parse_event(sample, Some(header.as_bytes())).expect("the sample parses");
        let raw = RawParts::of(&source);

        // Both sides send the same content, and the crate's body reads back as the sample's event.
        let typed = WebhookRequest::new(&build_event(&source), &key, at).expect("a known event");
        assert_eq!(parse_event(typed.body(), Some(header.as_bytes())).expect("the sent body parses"), source);
        let (value_body, _, value_signature) = value_sign(&build_value(&source, &raw), &keyed);
        let typed_value: Value = serde_json::from_slice(typed.body()).expect("the typed body is JSON");
        assert_eq!(typed_value, serde_json::from_slice::<Value>(&value_body).expect("JSON"), "{name}");
        let check = WebhookRequest::from_body(value_body.clone(), Some(header), &key, at).expect("a header");
        assert_eq!(check.signature(), value_signature, "the baseline signs as the crate does");

        let mut group = c.benchmark_group(format!("send/{name}"));
        group.throughput(Throughput::Bytes(typed.body().len() as u64));
        group.bench_function("value", |b| {
            b.iter(|| black_box(value_sign(&build_value(black_box(&source), &raw), &keyed)));
        });
        group.bench_function("typed", |b| {
            b.iter(|| black_box(WebhookRequest::new(&build_event(black_box(&source)), &key, at)));
        });
        let prebuilt_value = build_value(&source, &raw);
        let prebuilt_event = build_event(&source);
        group.bench_function("value_prebuilt", |b| {
            b.iter(|| black_box(value_sign(black_box(&prebuilt_value), &keyed)));
        });
        group.bench_function("typed_prebuilt", |b| {
            b.iter(|| black_box(WebhookRequest::new(black_box(&prebuilt_event), &key, at)));
        });
        // The floor of both: signing the typed body alone (timestamp text, HMAC, hex).
        group.bench_function("sign_only", |b| {
            b.iter(|| black_box(key.sign(at, black_box(typed.body()))));
        });
        group.finish();
    }
}

clock::bench_main!(bench_send);
