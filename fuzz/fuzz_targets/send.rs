//! The sender model, built → signed → verified → parsed: an event of each type made with the
//! crate's public constructors from arbitrary field values (any Unicode text, raw JSON from the
//! input: lone surrogate escapes, huge numbers, deep nesting, duplicate keys) is sent with
//! `WebhookRequest::new`, and
//!
//! - every constructor and setter keeps the value it was given (checked field by field; open sets
//!   by their text), and every refusal of a builder is exactly the error its docs promise (`RawJson::new`: `EmptyBody`
//!   for blank text, `InvalidJson` exactly when the text is not RFC 8259 JSON by `grammar::is_json`;
//!   `Common::with_assistant`, `Arguments::object`: `InvalidPayload` exactly when the value is not an
//!   object; `Arguments::from_json` both; `UnknownEvent::new`: `InvalidPayload`, and for a message
//!   written by the target, exactly when its type is one of the four known ones, and for any
//!   other, as `serde_json::Value` reads it where it can;
//!   `SigningKey::new`/`Verifier::new`: `EmptySecret` exactly for an empty secret;
//!   `WebhookRequest::new`: `InvalidEventHeader` with the type exactly when an unknown type is not a
//!   header value), and an accepted raw value keeps the given text, JSON whitespace trimmed;
//! - the request has the five headers in order, `X-Webhook-Timestamp` is the time in decimal,
//!   `X-Webhook-Signature` is `sha256=` and the lowercase hex of the reference HMAC over
//!   `timestamp "." body`, and `Verifier::verify` accepts it at that time (key index 0);
//! - the body parses (`parse_event`, with the request's `X-Webhook-Event` value, and through
//!   `verify_event`) to an event equal to the built one, of the same type, whose raw values
//!   (`assistant`, `analysis`, each tool call's arguments, an unknown event's message) are the
//!   built ones byte for byte, present or absent alike; writing the parsed event (`to_vec` and
//!   `serde_json::to_vec`) gives the body byte for byte; `into_owned` changes nothing;
//! - the body is `Event::to_vec` of the built event, which equals `serde_json::to_vec` of it (the
//!   direct writer against serde's, the oracle), and `to_json` is the same text.
//!
//! Layout (see `src/lib.rs` for the encoding; "text" is a byte string decoded by `text` below,
//! "raw" a byte string decoded as lossy UTF-8):
//!
//! - `kind: u8` (mod 5: assistant-request, tool-calls, status-update, end-of-call-report, unknown),
//!   `secret: bytes`, `time: u64`, `flags: u16`, `call.id: text`;
//! - then, each only if its flag bit is set: 0 `timestamp`, 1 `call.type`, 2 `call.status` (text);
//!   3 `phone_number` present, with 4 `id`, 5 `number`, 6 `name` (text); 7 `customer` present, with
//!   8 `number` (text); 9 `assistant` (raw). Bit 15: raw values are passed as owned `String`s rather
//!   than borrowed from the input;
//! - tool-calls: `count: u8` (mod 8) entries of `entry: u8` (bit 0: arguments follow; bit 1: given
//!   as text to `Arguments::from_json` rather than as `RawJson` to `Arguments::object`; bits 2-3:
//!   1 `with_call_type`, 2 `without_call_type`), `id: text`, `name: text`, [`type: text`],
//!   [`arguments: raw`];
//! - status-update: `more: u8` (bit 0 `error`, bit 1 `end_reason`), those texts;
//! - end-of-call-report: `duration_seconds: u64`, `summary: text`, `more: u8` (bit 0 `analysis`
//!   (raw), 1 `recording_url`, 2 `end_reason`, 3 `started_at`, 4 `ended_at`), those fields,
//!   `count: u8` (mod 16; bit 7: added with `with_messages`, else one by one) turns of `turn: u8`
//!   (bit 0: content follows), `role: text`, [`content: text`];
//! - unknown: `mode: u8`; mode bit 0: the message is written here as `{"type":T}` from `T: text`
//!   (bit 1: with a member `"data":` and `data: raw` after it, left out if not JSON); otherwise the
//!   whole message is `message: raw`, whose type is also read with `serde_json::Value` where that can
//!   read it.
#![no_main]

use std::borrow::Cow;

use hmsovereign_webhooks::{
    Arguments, Call, Common, Customer, EndOfCallReport, Event, Function, Headers, KeyError, ParseError,
    PhoneNumber, RawJson, RequestError, SigningKey, StatusUpdate, ToolCall, ToolCalls, TranscriptMessage,
    UnixTime, UnknownEvent, Verifier, WebhookRequest, parse_event,
};
use hmsovereign_webhooks_fuzz::{Reader, grammar, hex_lower, reference_mac};
use libfuzzer_sys::fuzz_target;

/// The four known event types.
const KNOWN_TYPES: [&str; 4] = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"];

/// What bytes that are never valid UTF-8 (0xF8..=0xFF) stand for in a text field, so that the
/// characters a writer must get right are one byte away.
const SPECIALS: [char; 8] = ['\u{2028}', '\u{2029}', '"', '\\', '\0', '\u{1F600}', '\u{10FFFF}', '\u{FEFF}'];

/// Any Unicode text: valid UTF-8 runs as they are, each invalid byte from 0xF8 one of
/// [`SPECIALS`], any other invalid byte the Latin-1 character of that value.
fn text(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &byte in chunk.invalid() {
            out.push(if byte >= 0xF8 { SPECIALS[usize::from(byte - 0xF8)] } else { char::from(byte) });
        }
    }
    out
}

/// JSON's four whitespace characters (what `RawJson::new` trims).
fn trim_json_ws(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// `RawJson::new` on raw text from the input, checked against the grammar: `Some` exactly when the
/// text is one JSON value (kept trimmed, byte for byte), else exactly `EmptyBody` or `InvalidJson`.
fn raw_json<'a>(raw: Cow<'a, str>, owned: bool) -> Option<RawJson<'a>> {
    let given = raw.clone().into_owned();
    let raw = if owned { Cow::Owned(raw.into_owned()) } else { raw };
    let result = RawJson::new(raw);
    let blank = given.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match result {
        Ok(value) => {
            assert!(grammar::is_json(given.as_bytes()), "RawJson::new accepted non-JSON {given:?}");
            assert_eq!(value.as_str(), trim_json_ws(&given), "RawJson::new changed the text");
            Some(value)
        }
        Err(ParseError::EmptyBody) => {
            assert!(blank, "EmptyBody for text that is not blank: {given:?}");
            None
        }
        Err(ParseError::InvalidJson { .. }) => {
            assert!(!blank, "InvalidJson for blank text");
            assert!(!grammar::is_json(given.as_bytes()), "RawJson::new refused JSON {given:?}: {result:?}");
            None
        }
        Err(other) => panic!("RawJson::new: an error its docs do not name: {other:?} for {given:?}"),
    }
}

/// Whether an accepted raw value is an object (its first byte, the text being trimmed JSON).
fn is_object(raw: &RawJson<'_>) -> bool {
    raw.as_str().starts_with('{')
}

/// A refusal that must be `InvalidPayload`.
fn assert_invalid_payload(error: &ParseError, what: &str) {
    assert!(
        matches!(error, ParseError::InvalidPayload { .. }),
        "{what}: expected InvalidPayload, got {error:?}"
    );
}

/// The reference of `is_header_value`: visible ASCII, spaces and tabs only inside.
fn header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().all(|b| matches!(b, b' ' | b'\t' | 0x21..=0x7e))
        && !matches!(bytes.first(), Some(b' ' | b'\t'))
        && !matches!(bytes.last(), Some(b' ' | b'\t'))
}

/// Every raw value of an event, in order, with `None` where one is absent (so that absent and
/// `{}` arguments differ here, unlike under `Arguments`' equality).
fn raw_values<'e>(event: &'e Event<'_>) -> Vec<Option<&'e str>> {
    let mut out = vec![event.common().and_then(|c| c.assistant.as_ref()).map(RawJson::as_str)];
    match event {
        Event::ToolCalls(calls) => {
            out.extend(
                calls.tool_calls.iter().map(|call| call.function.arguments.raw().map(RawJson::as_str)),
            );
        }
        Event::EndOfCallReport(report) => out.push(report.analysis.as_ref().map(RawJson::as_str)),
        Event::Unknown(unknown) => out.push(Some(unknown.message.as_str())),
        _ => {}
    }
    out
}

fn common<'a>(input: &mut Reader<'a>, flags: u16, owned: bool) -> Common<'a> {
    let has = |bit: u16| flags & (1 << bit) != 0;
    let id = text(input.bytes());
    let mut field = |bit: u16| has(bit).then(|| text(input.bytes()));
    let (timestamp, call_type, status) = (field(0), field(1), field(2));
    let phone = has(3).then(|| (field(4), field(5), field(6)));
    let customer = has(7).then(|| field(8));

    let mut call = Call::new(id.clone());
    if let Some(call_type) = &call_type {
        call = call.with_type(Cow::Owned(call_type.clone()));
    }
    if let Some(status) = &status {
        call = call.with_status(Cow::Owned(status.clone()));
    }
    let mut common = Common::new(call);
    if let Some(timestamp) = &timestamp {
        common = common.with_timestamp(timestamp.clone());
    }
    if let Some((id, number, name)) = &phone {
        let mut built = PhoneNumber::new();
        if let Some(id) = id {
            built = built.with_id(id.clone());
        }
        if let Some(number) = number {
            built = built.with_number(number.clone());
        }
        if let Some(name) = name {
            built = built.with_name(name.clone());
        }
        common = common.with_phone_number(built);
    }
    if let Some(number) = &customer {
        let mut built = Customer::new();
        if let Some(number) = number {
            built = built.with_number(number.clone());
        }
        common = common.with_customer(built);
    }

    // The constructors keep every value as given (open sets by their text).
    assert_eq!(common.call.id, id);
    assert_eq!(common.call.call_type.as_ref().map(|t| t.as_str()), call_type.as_deref());
    assert_eq!(common.call.status.as_ref().map(|s| s.as_str()), status.as_deref());
    assert_eq!(common.timestamp.as_deref(), timestamp.as_deref());
    let phone_built =
        common.phone_number.as_ref().map(|p| (p.id.as_deref(), p.number.as_deref(), p.name.as_deref()));
    assert_eq!(phone_built, phone.as_ref().map(|(i, n, m)| (i.as_deref(), n.as_deref(), m.as_deref())));
    assert_eq!(
        common.customer.as_ref().map(|c| c.number.as_deref()),
        customer.as_ref().map(Option::as_deref)
    );
    assert_eq!(common.assistant, None);

    if has(9)
        && let Some(assistant) = raw_json(String::from_utf8_lossy(input.bytes()), owned)
    {
        let object = is_object(&assistant);
        match common.clone().with_assistant(assistant.clone()) {
            Ok(with) => {
                assert!(object, "with_assistant accepted a non-object {:?}", assistant.as_str());
                assert_eq!(with.assistant.as_ref(), Some(&assistant));
                common = with;
            }
            Err(error) => {
                assert!(!object, "with_assistant refused an object: {error:?}");
                assert_invalid_payload(&error, "with_assistant");
            }
        }
    }
    common
}

fn tool_calls<'a>(input: &mut Reader<'a>, common: Common<'a>, owned: bool) -> ToolCalls<'a> {
    let mut event = ToolCalls::new(common, []);
    for _ in 0..input.u8() % 8 {
        let entry = input.u8();
        let id = text(input.bytes());
        let name = text(input.bytes());
        let mut function = Function::new(name.clone());
        assert_eq!((function.name.as_ref(), function.arguments.raw()), (name.as_str(), None));
        let mut call_type = None;
        match (entry >> 2) & 3 {
            1 => call_type = Some(Some(text(input.bytes()))),
            2 => call_type = Some(None),
            _ => {}
        }
        if entry & 1 != 0 {
            let raw = String::from_utf8_lossy(input.bytes());
            if entry & 2 != 0 {
                // The text of an object: `from_json` = `RawJson::new` then `object`.
                let expected = raw_json(raw.clone(), owned);
                let raw = if owned { Cow::Owned(raw.into_owned()) } else { raw };
                match (Arguments::from_json(raw), expected) {
                    (Ok(arguments), Some(value)) => {
                        assert!(is_object(&value), "from_json accepted a non-object {:?}", value.as_str());
                        assert_eq!(arguments.raw(), Some(&value), "from_json changed the text");
                        function = function.with_arguments(arguments);
                    }
                    (Err(error), Some(value)) => {
                        assert!(!is_object(&value), "from_json refused an object: {error:?}");
                        assert_invalid_payload(&error, "Arguments::from_json");
                    }
                    (Err(ParseError::EmptyBody | ParseError::InvalidJson { .. }), None) => {}
                    (result, None) => panic!("Arguments::from_json on non-JSON: {result:?}"),
                }
            } else if let Some(value) = raw_json(raw, owned) {
                match Arguments::object(value.clone()) {
                    Ok(arguments) => {
                        assert!(is_object(&value), "object accepted a non-object {:?}", value.as_str());
                        assert_eq!(arguments.raw(), Some(&value));
                        function = function.with_arguments(arguments);
                    }
                    Err(error) => {
                        assert!(!is_object(&value), "Arguments::object refused an object: {error:?}");
                        assert_invalid_payload(&error, "Arguments::object");
                    }
                }
            }
        }
        let mut call = ToolCall::new(id.clone(), function.clone());
        match &call_type {
            Some(Some(call_type)) => call = call.with_call_type(call_type.clone()),
            Some(None) => call = call.without_call_type(),
            None => {}
        }
        let expected_type = call_type.unwrap_or_else(|| Some("function".into()));
        assert_eq!(call.call_type.as_deref(), expected_type.as_deref(), "the entry's type");
        assert_eq!((&call.id, &call.function), (&Cow::Owned(id), &function));
        let before = event.tool_calls.len();
        event = event.with_tool_call(call.clone());
        assert_eq!((event.tool_calls.len(), event.tool_calls.last()), (before + 1, Some(&call)));
    }
    event
}

fn status_update<'a>(input: &mut Reader<'a>, common: Common<'a>) -> StatusUpdate<'a> {
    let more = input.u8();
    let error = (more & 1 != 0).then(|| text(input.bytes()));
    let end_reason = (more & 2 != 0).then(|| text(input.bytes()));
    let mut event = StatusUpdate::new(common);
    if let Some(error) = &error {
        event = event.with_error(error.clone());
    }
    if let Some(end_reason) = &end_reason {
        event = event.with_end_reason(Cow::Owned(end_reason.clone()));
    }
    assert_eq!(event.error.as_deref(), error.as_deref());
    assert_eq!(event.end_reason.as_ref().map(|r| r.as_str()), end_reason.as_deref());
    event
}

fn end_of_call_report<'a>(input: &mut Reader<'a>, common: Common<'a>, owned: bool) -> EndOfCallReport<'a> {
    let duration = input.u64();
    let summary = text(input.bytes());
    let mut event = EndOfCallReport::new(common, duration, summary.clone());
    assert_eq!((event.duration_seconds, event.summary.as_ref()), (duration, summary.as_str()));
    let more = input.u8();
    if more & 1 != 0
        && let Some(analysis) = raw_json(String::from_utf8_lossy(input.bytes()), owned)
    {
        let null = analysis.as_str() == "null";
        event = event.with_analysis(analysis.clone());
        // `null` is no analysis, as for a receiver; anything else is kept as given.
        assert_eq!(event.analysis.as_ref(), (!null).then_some(&analysis), "with_analysis");
    }
    let mut field = |bit: u8| (more & (1 << bit) != 0).then(|| text(input.bytes()));
    let (recording_url, end_reason, started_at, ended_at) = (field(1), field(2), field(3), field(4));
    if let Some(recording_url) = &recording_url {
        event = event.with_recording_url(recording_url.clone());
    }
    if let Some(end_reason) = &end_reason {
        event = event.with_end_reason(Cow::Owned(end_reason.clone()));
    }
    if let Some(started_at) = &started_at {
        event = event.with_started_at(started_at.clone());
    }
    if let Some(ended_at) = &ended_at {
        event = event.with_ended_at(ended_at.clone());
    }
    assert_eq!(event.recording_url.as_deref(), recording_url.as_deref());
    assert_eq!(event.end_reason.as_ref().map(|r| r.as_str()), end_reason.as_deref());
    assert_eq!(event.started_at.as_deref(), started_at.as_deref());
    assert_eq!(event.ended_at.as_deref(), ended_at.as_deref());

    let count = input.u8();
    let mut turns = Vec::new();
    for _ in 0..count % 16 {
        let turn = input.u8();
        let role = text(input.bytes());
        let content = (turn & 1 != 0).then(|| text(input.bytes()));
        let mut message = TranscriptMessage::new(Cow::Owned(role.clone()));
        if let Some(content) = &content {
            message = message.with_content(content.clone());
        }
        assert_eq!((message.role.as_str(), message.content.as_deref()), (role.as_str(), content.as_deref()));
        turns.push(message);
    }
    // Bit 7 of the count: all turns at once (`with_messages`), else one by one (`with_message`).
    if count & 0x80 != 0 {
        event = event.with_messages(turns.clone());
    } else {
        for turn in &turns {
            event = event.with_message(turn.clone());
        }
    }
    assert_eq!(event.messages, turns, "the transcript");
    event
}

fn unknown<'a>(input: &mut Reader<'a>, owned: bool) -> Option<UnknownEvent<'a>> {
    let mode = input.u8();
    if mode & 1 != 0 {
        // A message of the target's own writing: its type is known here.
        let event_type = text(input.bytes());
        let mut message =
            format!("{{\"type\":{}", serde_json::to_string(&event_type).expect("a string serializes"));
        if mode & 2 != 0 {
            let data = String::from_utf8_lossy(input.bytes());
            // Not JSON: the message goes without it.
            if grammar::is_json(data.as_bytes()) {
                message.push_str(",\"data\":");
                message.push_str(&data);
            }
        }
        message.push('}');
        let raw = RawJson::new(message.clone()).expect("the target writes JSON");
        assert_eq!(raw.as_str(), message);
        match UnknownEvent::new(raw.clone()) {
            Ok(event) => {
                assert!(!KNOWN_TYPES.contains(&event_type.as_str()), "UnknownEvent::new took a known type");
                assert_eq!(event.event_type, event_type, "UnknownEvent::new read another type");
                assert_eq!(event.message, raw);
                Some(event)
            }
            Err(error) => {
                assert!(
                    KNOWN_TYPES.contains(&event_type.as_str()),
                    "UnknownEvent::new refused type {event_type:?}: {error:?}"
                );
                assert_invalid_payload(&error, "UnknownEvent::new");
                None
            }
        }
    } else {
        let message = raw_json(String::from_utf8_lossy(input.bytes()), owned)?;
        // A second opinion where `serde_json::Value` can read the message (no lone surrogate, no
        // number beyond `f64`, at most 128 levels): the last `type` key wins there too.
        let value = serde_json::from_str::<serde_json::Value>(message.as_str()).ok();
        let value_type = value.as_ref().map(|value| value.get("type").and_then(serde_json::Value::as_str));
        let result = UnknownEvent::new(message.clone());
        if let Some(value_type) = value_type {
            let unknown = value_type.filter(|t| !KNOWN_TYPES.contains(t));
            assert_eq!(
                result.as_ref().ok().map(|event| &*event.event_type),
                unknown,
                "UnknownEvent::new on {}: {result:?}",
                message.as_str()
            );
        }
        match result {
            Ok(event) => {
                assert!(is_object(&message), "UnknownEvent::new took a non-object {:?}", message.as_str());
                assert!(!KNOWN_TYPES.contains(&&*event.event_type), "UnknownEvent::new took a known type");
                assert_eq!(event.message, message);
                Some(event)
            }
            Err(error) => {
                assert_invalid_payload(&error, "UnknownEvent::new");
                None
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let kind = input.u8() % 5;
    let secret = input.bytes();
    let time = input.u64();
    let flags = input.u16();
    let owned = flags & 0x8000 != 0;

    let event: Event<'_> = match kind {
        4 => match unknown(&mut input, owned) {
            Some(event) => event.into(),
            None => return,
        },
        _ => {
            let common = common(&mut input, flags, owned);
            match kind {
                0 => hmsovereign_webhooks::AssistantRequest::new(common).into(),
                1 => tool_calls(&mut input, common, owned).into(),
                2 => status_update(&mut input, common).into(),
                _ => end_of_call_report(&mut input, common, owned).into(),
            }
        }
    };

    // The key: refused exactly when empty (then a fixed one is used).
    let secret: &[u8] = match SigningKey::new(secret) {
        Ok(_) => secret,
        Err(error) => {
            assert!(secret.is_empty(), "SigningKey::new refused {secret:?}: {error:?}");
            assert_eq!(error, KeyError::EmptySecret);
            assert_eq!(Verifier::new(secret).err(), Some(KeyError::EmptySecret));
            b"whsec_test_secret_12345"
        }
    };
    let key = SigningKey::new(secret).expect("a non-empty secret");
    let now = UnixTime::from_secs(time);

    let event_type = event.event_type().as_str().to_owned();
    let request = match WebhookRequest::new(&event, &key, now) {
        Ok(request) => {
            assert!(header_value(&event_type), "sent type {event_type:?} as a header");
            request
        }
        Err(error) => {
            assert!(matches!(event, Event::Unknown(_)), "a known event was refused: {error:?}");
            assert!(!header_value(&event_type), "refused header value {event_type:?}");
            assert_eq!(error, RequestError::InvalidEventHeader { event_type });
            return;
        }
    };
    let body = request.body();
    // The direct writer against serde_json writing the same event through `Serialize`.
    assert_eq!(
        event.to_vec(),
        serde_json::to_vec(&event).expect("an event serializes"),
        "Event::to_vec differs from serde_json::to_vec"
    );
    assert_eq!(body, event.to_vec().as_slice(), "the request's body is Event::to_vec");
    assert_eq!(event.to_json().as_bytes(), body, "Event::to_json");

    // The headers, in order; the signature is the reference HMAC over `timestamp "." body`.
    let timestamp = time.to_string();
    let mac = hex_lower(&reference_mac(secret, timestamp.as_bytes(), body));
    let signature = format!("sha256={}", std::str::from_utf8(&mac).expect("hex is ASCII"));
    let headers: Vec<(&str, &str)> = request.headers().collect();
    assert_eq!(
        headers,
        [
            ("Content-Type", "application/json"),
            ("User-Assistant", "HMS-Sovereign/1.0"),
            ("X-Webhook-Event", event_type.as_str()),
            ("X-Webhook-Timestamp", timestamp.as_str()),
            ("X-Webhook-Signature", signature.as_str()),
        ],
        "the request's headers"
    );
    assert_eq!(request.event_type(), Some(event_type.as_str()));
    assert_eq!(request.timestamp(), timestamp);
    assert_eq!(request.signature(), signature);

    // The receiver's side: verified at the signing time with the same secret.
    let received = Headers::from_fn(|name| request.header(name).map(str::as_bytes));
    let verifier = Verifier::new(secret).expect("a non-empty secret");
    let verified = verifier.verify(&received, body, now).expect("the sender's request verifies");
    assert_eq!((verified.timestamp(), verified.key_index()), (now, 0));
    assert_eq!(verifier.verify_event(&received, body, now).as_ref(), Ok(&event), "verify_event");

    // Parsed with the request's X-Webhook-Event: the built event, raw values byte for byte.
    let header = request.header("X-Webhook-Event").expect("every event has a type header");
    let parsed = match parse_event(body, Some(header.as_bytes())) {
        Ok(parsed) => parsed,
        Err(error) => panic!("the sent body does not parse: {error:?}\n{}", String::from_utf8_lossy(body)),
    };
    assert_eq!(parsed.event_type(), event.event_type(), "event type after the round trip");
    assert_eq!(parsed, event, "the round trip changed the event\n{}", String::from_utf8_lossy(body));
    assert_eq!(raw_values(&parsed), raw_values(&event), "raw values after the round trip");

    // Writing the parsed event gives the same bytes.
    assert_eq!(parsed.to_vec(), body, "the parsed event writes another body");
    assert_eq!(serde_json::to_vec(&parsed).expect("an event serializes"), body, "serde_json::to_vec");
    assert_eq!(parsed.clone().into_owned(), event, "into_owned changed the event");
});
