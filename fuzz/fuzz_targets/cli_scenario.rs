//! The scenario file reader of `hms-webhooks call --scenario`, with `body_file`s served from
//! memory (the reader never touches the file system here).
//!
//! Never panics; the same result twice (bar the fixture bodies' `message.timestamp`, which is the
//! clock's); on `Ok` one step per entry of `steps`, in order, each with the entry's event; a
//! `body` step's bytes are exactly that value written compactly; a `body_file` step's bytes are
//! exactly the file's; a fixture step without `set` parses with the crate's `parse_event` as its
//! event type and carries the scenario's `call_id` when one is given; a fixture step with `set` is
//! compact JSON; `pause_ms` is the one given. On `Err`, the message starts with `scenario`.
//!
//! Layout (see `src/lib.rs`): `flags: u8` (bits 0-1: number of in-memory files), per file
//! `name: bytes` and `content: bytes` (names lossily decoded), then `scenario: rest`.
#![no_main]

use hms_webhooks_cli::fuzzing::{Scenario, scenario};
use hmsovereign_webhooks::parse_event;
use hmsovereign_webhooks_fuzz::Reader;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn compact(bytes: &[u8]) -> Option<Value> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    // Re-written compactly the length is the same (key order aside, which does not change it).
    (serde_json::to_vec(&value).ok()?.len() == bytes.len()).then_some(value)
}

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let mut files = Vec::new();
    for _ in 0..flags & 3 {
        let name = String::from_utf8_lossy(input.bytes()).into_owned();
        files.push((name, input.bytes().to_vec()));
    }
    let bytes = input.rest();
    let mut asked = Vec::new();
    let mut read = |name: &str| {
        asked.push(name.to_owned());
        files
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, content)| content.clone())
            .ok_or_else(|| format!("cannot read {name}: not found"))
    };
    let result = scenario(bytes, &mut read);
    let again = scenario(bytes, &mut |name: &str| {
        files
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, c)| c.clone())
            .ok_or_else(|| format!("cannot read {name}: not found"))
    });
    let steps = match (&result, &again) {
        (Err(message), Err(other)) => {
            assert_eq!(message, other, "the scenario reader is not deterministic");
            assert!(message.starts_with("scenario"), "a message not starting `scenario`: {message}");
            return;
        }
        (Ok(Scenario { pause_ms, steps }), Ok(other)) => {
            assert_eq!(*pause_ms, other.pause_ms);
            assert_eq!(steps.len(), other.steps.len());
            steps
        }
        (result, again) => panic!("the scenario reader is not deterministic: {result:?} then {again:?}"),
    };

    let scenario: Value = serde_json::from_slice(bytes).expect("an accepted scenario is JSON");
    let list = scenario["steps"].as_array().expect("an accepted scenario has a steps array");
    assert_eq!(steps.len(), list.len(), "one step per entry");
    let pause = match &scenario["pause_ms"] {
        Value::Null => 0,
        value => value.as_u64().expect("an accepted pause_ms is a u64"),
    };
    assert_eq!(result.as_ref().map(|s| s.pause_ms).ok(), Some(u128::from(pause)));
    let call_id = scenario["call_id"].as_str();
    let mut files_read = asked.iter();
    let again = again.expect("checked above").steps;
    for (((event, body), (_, body_again)), entry) in steps.iter().zip(&again).zip(list) {
        assert_eq!(Some(*event), entry["event"].as_str(), "the step's event is the entry's");
        if let Some(value) = entry.get("body") {
            let written = compact(body).expect("a body step is compact JSON");
            assert_eq!(&written, value, "a body step is the value written");
            assert_eq!(body, body_again, "a body step is not deterministic");
        } else if let Some(file) = entry.get("body_file") {
            let name = file.as_str().expect("an accepted body_file is a string");
            assert_eq!(files_read.next().map(String::as_str), Some(name), "the files asked for, in order");
            let content = files.iter().find(|(file, _)| file == name).map(|(_, c)| c);
            assert_eq!(Some(body), content, "a body_file step is the file's bytes");
            assert_eq!(body, body_again, "a body_file step is not deterministic");
        } else if entry.get("set").is_some() {
            assert!(compact(body).is_some(), "a fixture step is compact JSON");
        } else {
            let parsed = parse_event(body, Some(event.as_bytes()));
            let event =
                parsed.unwrap_or_else(|error| panic!("a fixture step does not parse as {event}: {error}"));
            if let Some(id) = call_id {
                assert_eq!(event.call().map(|call| &*call.id), Some(id), "the fixture carries the call_id");
            }
        }
    }
    assert_eq!(files_read.next(), None, "a file was asked for that no step reads");
});
