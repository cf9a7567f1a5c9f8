//! `parse_event` on arbitrary bytes: it never panics and is deterministic; it says `InvalidJson`
//! exactly when the body is not RFC 8259 JSON (judged by `grammar::is_json`); the header check is
//! exactly "the header equals `message.type`"; and an event that parses serializes back to a body
//! that parses to an equal event of the same type.
//!
//! Layout (see `src/lib.rs` for the encoding): `flags: u8`, then `header: bytes` if flag 1 is set,
//! then `body: rest`. Flag 1: an `X-Webhook-Event` header is given (the bytes read); without it the
//! body is parsed without a header.
#![no_main]

use hmsovereign_webhooks::{ParseError, parse_event};
use hmsovereign_webhooks_fuzz::{Reader, grammar};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let header = (flags & 1 != 0).then(|| input.bytes());
    let body = input.rest();

    // Without a header: total (no panic) and deterministic, the error included.
    let parsed = parse_event(body, None);
    assert_eq!(parsed, parse_event(body, None), "parse_event is not deterministic");

    // The reading rules: grammatical JSON (lone surrogates, any magnitude, duplicate keys, any
    // depth) is never `InvalidJson`, and anything else always is.
    let invalid_json = matches!(parsed, Err(ParseError::InvalidJson { .. }));
    assert_eq!(
        invalid_json,
        !grammar::is_json(body),
        "InvalidJson must mean \"not RFC 8259 JSON\": {parsed:?}\n{}",
        String::from_utf8_lossy(body)
    );

    // With a header: the same result if it names the body's type, else `EventMismatch`.
    if let Some(header) = header {
        let expected = match &parsed {
            Ok(event) if header == event.event_type().as_str().as_bytes() => Ok(event.clone()),
            Ok(event) => Err(ParseError::EventMismatch {
                header: String::from_utf8_lossy(header).into_owned(),
                message_type: event.event_type().as_str().into(),
            }),
            Err(error) => Err(error.clone()),
        };
        assert_eq!(parse_event(body, Some(header)), expected, "the header check");
    }

    let Ok(event) = parsed else { return };
    // The body's own type is always an accepted header.
    let own_type = event.event_type().as_str().as_bytes();
    assert_eq!(parse_event(body, Some(own_type)).as_ref(), Ok(&event), "the body's own type as header");

    // The wire form parses back to an equal event, of the same type, with that type as header.
    let written = serde_json::to_vec(&event).expect("an event always serializes");
    let reparsed = match parse_event(&written, Some(own_type)) {
        Ok(reparsed) => reparsed,
        Err(error) => {
            panic!("the written event does not parse: {error:?}\n{}", String::from_utf8_lossy(&written))
        }
    };
    assert_eq!(reparsed.event_type(), event.event_type(), "event type after the round trip");
    assert_eq!(reparsed, event, "the round trip changed the event\n{}", String::from_utf8_lossy(&written));
    // Writing is a fixed point: the re-parsed event writes the same bytes.
    assert_eq!(serde_json::to_vec(&reparsed).expect("serializes"), written, "second write differs");
    // Owning the text changes nothing.
    assert_eq!(event.clone().into_owned(), event, "into_owned changed the event");
});
