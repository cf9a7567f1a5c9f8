//! `parse_assistant_response` on arbitrary bytes: it never panics and is deterministic, its error
//! reasons never contradict themselves, and a response that parses is written back two ways into a
//! body that parses to the same mode and the same `max_duration_seconds`:
//!
//! - as parsed, with `to_json` (configuration blocks written verbatim): the same mode byte for byte;
//! - rebuilt with the constructors (`use_default`, `transient`, `reference`, `hybrid`, `reject`,
//!   `with_max_duration_seconds`) from the typed configuration: the same kind, ids and message, and
//!   configuration blocks that are the configuration's JSON and read back to an equal
//!   `AssistantConfig` (its `extra` values compared by their exact text).
//!
//! Layout: the whole input is the body.
#![no_main]

use hmsovereign_webhooks::{
    AssistantBlock, AssistantConfig, AssistantMode, AssistantResponse, ParseError, parse_assistant_response,
};
use hmsovereign_webhooks_fuzz::grammar;
use libfuzzer_sys::fuzz_target;

/// A mode, comparable: its kind, id, message and blocks (as raw text; `None` for a built block).
#[derive(Debug, PartialEq)]
enum View<'a> {
    Default,
    Transient(Option<&'a str>),
    Reference(&'a str),
    Hybrid(&'a str, Option<&'a str>),
    Reject(&'a str),
}

fn raw<'a>(block: &AssistantBlock<'a>) -> Option<&'a str> {
    block.raw().map(|raw| raw.get())
}

/// A view with the blocks left out (a rebuilt block is not the original's bytes).
fn without_blocks((mode, seconds): (View<'_>, Option<u64>)) -> (View<'_>, Option<u64>) {
    let mode = match mode {
        View::Transient(_) => View::Transient(None),
        View::Hybrid(id, _) => View::Hybrid(id, None),
        other => other,
    };
    (mode, seconds)
}

fn view<'a>(response: &'a AssistantResponse<'_>) -> (View<'a>, Option<u64>) {
    let mode = match response.mode() {
        AssistantMode::Default => View::Default,
        AssistantMode::Transient(block) => View::Transient(raw(block)),
        AssistantMode::Reference { assistant_id } => View::Reference(assistant_id),
        AssistantMode::Hybrid { assistant_id, assistant_override } => {
            View::Hybrid(assistant_id, raw(assistant_override))
        }
        AssistantMode::Reject { message } => View::Reject(message),
    };
    (mode, response.max_duration_seconds())
}

/// The kinds the error reasons name; a reason never says a value is the kind it had to be.
const KINDS: [&str; 6] = ["an object", "an array", "a string", "a number", "a boolean", "null"];

fn check_reason(error: &ParseError) {
    if let ParseError::InvalidResponse { reason } = error {
        for kind in KINDS {
            assert!(
                !reason.contains(&format!("is {kind}, not {kind}")),
                "self-contradicting reason: {reason}"
            );
        }
    }
}

/// `response` rebuilt with the constructors, or `None` if a block has no typed configuration
/// (`to_config` refuses it: then only its raw bytes can be sent on).
fn rebuild(response: &AssistantResponse<'_>) -> Option<AssistantResponse<'static>> {
    let rebuilt = match response.mode() {
        AssistantMode::Default => AssistantResponse::use_default(),
        AssistantMode::Transient(block) => AssistantResponse::transient(block.to_config().ok()?),
        AssistantMode::Reference { assistant_id } => AssistantResponse::reference(assistant_id.to_string()),
        AssistantMode::Hybrid { assistant_id, assistant_override } => {
            AssistantResponse::hybrid(assistant_id.to_string(), assistant_override.to_config().ok()?)
        }
        AssistantMode::Reject { message } => AssistantResponse::reject(message.to_string()),
    };
    Some(match response.max_duration_seconds() {
        Some(seconds) => rebuilt.with_max_duration_seconds(seconds),
        None => rebuilt,
    })
}

/// The typed configuration of a block read from a body, which must be readable.
fn config_of(block: &AssistantBlock<'_>, body: &str) -> AssistantConfig {
    match block.to_config() {
        Ok(config) => config,
        Err(error) => panic!("a written configuration does not read back: {error:?}\n{body}"),
    }
}

/// The configuration blocks of a mode (none, one, or the override).
fn block<'m, 'a>(mode: &'m AssistantMode<'a>) -> Option<&'m AssistantBlock<'a>> {
    match mode {
        AssistantMode::Transient(block) | AssistantMode::Hybrid { assistant_override: block, .. } => {
            Some(block)
        }
        _ => None,
    }
}

fuzz_target!(|body: &[u8]| {
    let parsed = parse_assistant_response(body);
    let again = parse_assistant_response(body);
    assert_eq!(
        parsed.as_ref().map(view),
        again.as_ref().map(view),
        "parse_assistant_response is not deterministic"
    );
    // The reading rules: a blank body is the default mode, other grammatical JSON is never
    // `InvalidJson`, anything else always is.
    let blank = body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    let invalid_json = matches!(parsed, Err(ParseError::InvalidJson { .. }));
    assert_eq!(
        invalid_json,
        !blank && !grammar::is_json(body),
        "InvalidJson must mean \"not RFC 8259 JSON\": {parsed:?}"
    );
    let response = match parsed {
        Ok(response) => response,
        Err(error) => {
            check_reason(&error);
            return;
        }
    };

    // As parsed: blocks are written verbatim, so the mode comes back byte for byte.
    let written = response.to_json().expect("a parsed response serializes");
    let reparsed = match parse_assistant_response(written.as_bytes()) {
        Ok(reparsed) => reparsed,
        Err(error) => panic!("the written response does not parse: {error:?}\n{written}"),
    };
    assert_eq!(view(&reparsed), view(&response), "written as parsed\n{written}");
    assert_eq!(reparsed.to_json().expect("serializes"), written, "second write differs");

    // Rebuilt with the constructors from the typed configuration.
    let Some(rebuilt) = rebuild(&response) else { return };
    let written = rebuilt.to_json().expect("a built response serializes");
    let reparsed = match parse_assistant_response(written.as_bytes()) {
        Ok(reparsed) => reparsed,
        Err(error) => panic!("the rebuilt response does not parse: {error:?}\n{written}"),
    };
    assert_eq!(without_blocks(view(&reparsed)), without_blocks(view(&response)), "rebuilt\n{written}");
    if let (Some(original), Some(reread)) = (block(response.mode()), block(reparsed.mode())) {
        let config = original.to_config().expect("rebuild() read it");
        assert_eq!(config_of(reread, &written), config, "the configuration changed\n{written}");
        // What was written is the configuration's own JSON, as `serde_json` writes it.
        let raw = reread.raw().expect("a parsed block is raw").get();
        assert_eq!(raw, serde_json::to_string(&config).expect("a configuration serializes"));
    }
});
