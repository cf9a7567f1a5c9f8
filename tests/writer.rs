//! The direct writer behind `Event::to_vec` / `to_json` against `serde_json` writing the same event
//! through its `Serialize` impl: byte for byte equal on every sample payload, on events whose every
//! text field is full of characters JSON escapes (each control character, `"`, `\`) or must not
//! escape (DEL, U+2028, non-ASCII, astral), at every position relative to the writer's 8-byte scan,
//! on numbers at every digit count, and on arbitrary text (a property test). Also: the body's buffer
//! is allocated once, at its exact size, when no text needs escaping.
#![cfg(feature = "alloc")]
// A test binary links `std`; the core/alloc spelling matters only in the library.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::path::Path;

use hmsovereign_webhooks::{
    Arguments, AssistantRequest, Call, Common, Customer, EndOfCallReport, Event, Function, PhoneNumber,
    RawJson, StatusUpdate, ToolCall, ToolCalls, TranscriptMessage, UnknownEvent, parse_event,
};
use proptest::prelude::*;

/// `to_vec` and `to_json` write exactly what `serde_json` writes for the event (and for the event
/// made owned).
fn assert_same_bytes(event: &Event<'_>) {
    let reference = serde_json::to_vec(event).unwrap();
    let written = event.to_vec();
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&reference),
        "to_vec differs from serde_json::to_vec"
    );
    assert_eq!(written, reference);
    assert_eq!(event.to_json().as_bytes(), reference.as_slice(), "to_json");
    assert_eq!(event.clone().into_owned().to_vec(), reference, "the owned event");
}

/// Every text field of every event type set to `text` (raw parts hold it as a JSON string), the
/// duration `duration`.
fn events_with(text: &str, duration: u64) -> Vec<Event<'static>> {
    let text = text.to_owned();
    let quoted = serde_json::to_string(&text).unwrap();
    let common = || {
        Common::new(Call::new(text.clone()).with_type(text.clone()).with_status(text.clone()))
            .with_timestamp(text.clone())
            .with_phone_number(
                PhoneNumber::new().with_id(text.clone()).with_number(text.clone()).with_name(text.clone()),
            )
            .with_customer(Customer::new().with_number(text.clone()))
            .with_assistant(RawJson::new(format!(r#"{{"name":{quoted},"list":[{quoted},1e400]}}"#)).unwrap())
            .unwrap()
    };
    let arguments = Arguments::from_json(format!(r#" {{ "q" : {quoted} }} "#)).unwrap();
    let tool_call = |arguments: Option<Arguments<'static>>| {
        let function = Function::new(text.clone());
        let function = match arguments {
            Some(arguments) => function.with_arguments(arguments),
            None => function,
        };
        ToolCall::new(text.clone(), function).with_call_type(text.clone())
    };
    let mut message = serde_json::Map::new();
    message.insert("type".to_owned(), serde_json::Value::String(text.clone()));
    message.insert("data".to_owned(), serde_json::Value::String(text.clone()));
    let unknown = RawJson::new(serde_json::to_string(&message).unwrap()).unwrap();
    let mut events: Vec<Event<'static>> = vec![
        AssistantRequest::new(common()).into(),
        ToolCalls::new(
            common(),
            [
                tool_call(Some(arguments)),
                tool_call(None),
                tool_call(Some(Arguments::none())).without_call_type(),
            ],
        )
        .into(),
        StatusUpdate::new(common()).with_error(text.clone()).with_end_reason(text.clone()).into(),
        EndOfCallReport::new(common(), duration, text.clone())
            .with_analysis(RawJson::new(quoted.clone()).unwrap())
            .with_messages([
                TranscriptMessage::new(text.clone()).with_content(text.clone()),
                TranscriptMessage::new(text.clone()),
            ])
            .with_recording_url(text.clone())
            .with_end_reason(text.clone())
            .with_started_at(text.clone())
            .with_ended_at(text.clone())
            .into(),
        // The minimal events: only what is required.
        AssistantRequest::new(Common::new(Call::new(text.clone()))).into(),
        ToolCalls::new(Common::new(Call::new(text.clone())), []).into(),
        StatusUpdate::new(Common::new(Call::new(text.clone())).with_phone_number(PhoneNumber::new())).into(),
        EndOfCallReport::new(
            Common::new(Call::new(text.clone())).with_customer(Customer::new()),
            duration,
            "",
        )
        .into(),
    ];
    // An unknown type's message is written as given; a known type cannot be an unknown event.
    if let Ok(unknown) = UnknownEvent::new(unknown) {
        events.push(unknown.into());
    }
    events
}

#[test]
fn every_sample_payload_is_written_as_serde_json_writes_it() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/payloads");
    let mut seen = 0;
    for entry in std::fs::read_dir(&directory).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let event = parse_event(&body, None).unwrap_or_else(|error| panic!("{}: {error:?}", path.display()));
        assert_same_bytes(&event);
        // And the body written reads back as the same event.
        assert_eq!(parse_event(&event.to_vec(), None).unwrap(), event, "{}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 7, "the sample payloads of tests/data/payloads/");
}

#[test]
fn every_character_class_at_every_position_of_the_scan() {
    // Each character JSON escapes, and neighbours that it must not: DEL, the space, non-ASCII,
    // U+2028/U+2029 (serde_json writes them verbatim), the BOM, the last BMP and astral characters.
    let mut specials: Vec<char> = (0..0x20).map(|code| char::from_u32(code).unwrap()).collect();
    specials.extend(['"', '\\', '/', ' ', '\u{7f}', 'é', '\u{80}', '\u{2028}', '\u{2029}', '\u{feff}']);
    specials.extend(['\u{ffff}', '\u{1f600}', '\u{10ffff}', 'a']);
    for &special in &specials {
        // Before, inside and after the 8-byte words (lengths 0 to 19 around it), alone or doubled.
        for before in 0..19 {
            let text = format!("{}{special}{}", "x".repeat(before), "y".repeat(19 - before));
            for event in events_with(&text, 0) {
                assert_same_bytes(&event);
            }
        }
        let doubled = format!("{special}{special}abcdefgh{special}");
        for event in events_with(&doubled, 1) {
            assert_same_bytes(&event);
        }
    }
    // All of them in one string, and the empty string.
    let all: String = specials.iter().collect();
    for text in [all.as_str(), ""] {
        for event in events_with(text, 2) {
            assert_same_bytes(&event);
        }
    }
}

#[test]
fn escapes_are_the_ones_serde_json_writes() {
    // An independent statement of the escapes, so the comparison above is not serde_json against
    // itself: two-character escapes where JSON has them, `\u00xx` lowercase otherwise.
    let event: Event<'_> =
        StatusUpdate::new(Common::new(Call::new("\"\\\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{1b}\u{7f}/é"))).into();
    assert_eq!(
        event.to_json(),
        "{\"message\":{\"type\":\"status-update\",\"call\":{\"id\":\
         \"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\\u001b\u{7f}/é\"}}}"
    );
}

#[test]
fn durations_of_every_length() {
    let mut durations = vec![0, 1, 9, u64::MAX, u64::MAX - 1, 1 << 53, (1 << 53) + 1];
    let mut power: u64 = 1;
    while let Some(next) = power.checked_mul(10) {
        durations.extend([power - 1, power, power + 1, next - 1]);
        power = next;
    }
    for duration in durations {
        let event: Event<'_> = EndOfCallReport::new(Common::new(Call::new("c")), duration, "s").into();
        assert_same_bytes(&event);
        let expected = format!(
            r#"{{"message":{{"type":"end-of-call-report","call":{{"id":"c"}},"duration_seconds":{duration},"summary":"s"}}}}"#
        );
        assert_eq!(event.to_json(), expected);
    }
}

#[test]
fn the_buffer_is_allocated_once_at_the_exact_size_when_nothing_is_escaped() {
    for text in ["", "plain text", "non-ASCII é \u{2028} \u{1f600} text", "a/b"] {
        for duration in [0, 7, 12_345, u64::MAX] {
            for event in events_with(text, duration) {
                let body = event.to_vec();
                assert_eq!(body.capacity(), body.len(), "{}", String::from_utf8_lossy(&body));
            }
        }
    }
    // With escapes the estimate is short; the body is still right (and grew).
    for event in events_with("line\nbreak \"quoted\"", 3) {
        assert_same_bytes(&event);
    }
}

/// Text biased towards what a JSON writer must get right.
fn tricky_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"',
        '\\',
        '\u{0}',
        '\u{8}',
        '\u{c}',
        '\n',
        '\r',
        '\t',
        '\u{1f}',
        '\u{7f}',
        '\u{2028}',
        'é',
        '\u{10ffff}',
    ]);
    prop::collection::vec(prop_oneof![3 => any::<char>(), 2 => special, 3 => Just('x')], 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_is_written_as_serde_json_writes_it(text in tricky_text(), duration in any::<u64>()) {
        for event in events_with(&text, duration) {
            let reference = serde_json::to_vec(&event).unwrap();
            prop_assert_eq!(event.to_vec(), reference);
        }
    }
}
