//! `parse_tool_response` on arbitrary bytes: classification is total and deterministic, the
//! one-pass reading gives exactly what the careful reading gives, `resolve` follows its rules,
//! and every response that parses is written back by the crate's builders
//! (`ToolResultsBuilder`, `simple_tool_response`, `direct_tool_response`, `error_tool_response`)
//! into a body that parses to the same shape and resolves the same way.
//!
//! Layout (see `src/lib.rs` for the encoding): `flags: u8`, then `flags & 3` request ids as bytes
//! (lossily decoded as UTF-8), then `body: rest`. Flag 4 also requests every id the response itself
//! names (so that object entries are matched, not only reported unknown); flag 8 rebuilds from
//! `serde_json::Value`s (as a receiver holding typed data would) instead of from the raw values,
//! and then compares results as JSON values rather than as text.
#![no_main]

use std::borrow::Cow;

use hmsovereign_webhooks::__internals::parse_tool_response_careful;
use hmsovereign_webhooks::{
    ParseError, ResolvedCall, ToolOutcome, ToolResponse, ToolResultsBuilder, direct_tool_response,
    error_tool_response, parse_tool_response, simple_tool_response,
};
use hmsovereign_webhooks_fuzz::{Reader, grammar};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use serde_json::value::RawValue;

/// What a parsed response says, comparable: the shape and its outcomes, results as raw text.
#[derive(Debug, PartialEq)]
enum View<'a> {
    Object(Vec<(&'a str, ToolOutcome<'a>)>),
    Error(&'a str),
    Simple(&'a str),
    Direct(&'a str),
}

fn view<'a>(response: &'a ToolResponse<'_>) -> View<'a> {
    match response {
        ToolResponse::Object(entries) => {
            View::Object(entries.iter().map(|entry| (entry.tool_call_id(), entry.outcome())).collect())
        }
        ToolResponse::Error(message) => View::Error(message),
        ToolResponse::Simple(raw) => View::Simple(raw.get()),
        ToolResponse::Direct(raw) => View::Direct(raw.get()),
    }
}

/// The kinds the error reasons name; a reason never says a value is the kind it had to be.
const KINDS: [&str; 6] = ["an object", "an array", "a string", "a number", "a boolean", "null"];

fn check_reason(error: &ParseError) {
    if let ParseError::InvalidResponse { reason } = error {
        // A reason quotes the sender's text between backticks (an id, say), and that text may say
        // anything: only the crate's own words are checked.
        let own_words: String = reason.split('`').step_by(2).collect();
        for kind in KINDS {
            assert!(
                !own_words.contains(&format!("is {kind}, not {kind}")),
                "self-contradicting reason: {reason}"
            );
        }
    }
}

/// `resolve` by its rules, written out plainly.
fn check_resolve(response: &ToolResponse<'_>, ids: &[&str]) {
    let resolution = response.resolve(ids.iter().copied());
    match response {
        ToolResponse::Object(entries) => {
            let outcome_of = |id: &str| entries.iter().find(|e| e.tool_call_id() == id).map(|e| e.outcome());
            let outcomes: Vec<ResolvedCall<'_, '_>> = ids
                .iter()
                .filter_map(|&tool_call_id| {
                    outcome_of(tool_call_id).map(|outcome| ResolvedCall { tool_call_id, outcome })
                })
                .collect();
            let missing: Vec<&str> = ids.iter().copied().filter(|&id| outcome_of(id).is_none()).collect();
            let unknown: Vec<&str> =
                entries.iter().map(|e| e.tool_call_id()).filter(|id| !ids.contains(id)).collect();
            assert_eq!(resolution.outcomes(), outcomes.as_slice());
            assert_eq!(resolution.missing_ids(), missing.as_slice());
            assert_eq!(resolution.unknown_ids(), unknown.as_slice());
            assert_eq!(resolution.is_exact(), missing.is_empty() && unknown.is_empty());
        }
        _ => {
            let shared = match response {
                ToolResponse::Error(message) => ToolOutcome::Error(message),
                ToolResponse::Simple(raw) | ToolResponse::Direct(raw) => ToolOutcome::Result(raw),
                ToolResponse::Object(_) => unreachable!(),
            };
            let outcomes: Vec<_> =
                ids.iter().map(|&tool_call_id| ResolvedCall { tool_call_id, outcome: shared }).collect();
            assert_eq!(resolution.outcomes(), outcomes.as_slice());
            assert!(resolution.is_exact());
        }
    }
    // `outcome_of` is the outcome of the first mention of the id, for requested ids only.
    for &id in ids {
        let first =
            resolution.outcomes().iter().find(|call| call.tool_call_id == id).map(|call| call.outcome);
        assert_eq!(resolution.outcome_of(id), first);
    }
}

/// Writes `response` back with the builders, from the raw values (written verbatim).
fn rebuild_raw(response: &ToolResponse<'_>) -> String {
    match response {
        ToolResponse::Object(entries) => {
            let mut builder = ToolResultsBuilder::new();
            for entry in entries {
                let added = match entry.outcome() {
                    ToolOutcome::Result(raw) => builder.result(entry.tool_call_id(), raw),
                    ToolOutcome::Error(message) => builder.error(entry.tool_call_id(), message),
                };
                added.expect("parsed ids are unique and raw values serialize");
            }
            builder.finish()
        }
        ToolResponse::Error(message) => error_tool_response(message),
        ToolResponse::Simple(raw) => simple_tool_response(raw).expect("a raw value serializes"),
        ToolResponse::Direct(raw) => match direct_tool_response(raw) {
            Ok(body) => body,
            Err(error) => panic!("a body read as direct is refused by the direct builder: {error:?}"),
        },
    }
}

/// The value of a raw result, or `None` if `serde_json::Value` cannot hold it (a number out of
/// `f64` range, a lone surrogate escape).
fn value_of(raw: &RawValue) -> Option<Value> {
    serde_json::from_str(raw.get()).ok()
}

/// Writes `response` back with the builders, from `serde_json::Value`s; `None` if a result has no
/// `Value`.
fn rebuild_value(response: &ToolResponse<'_>) -> Option<String> {
    Some(match response {
        ToolResponse::Object(entries) => {
            let mut builder = ToolResultsBuilder::new();
            for entry in entries {
                let added = match entry.outcome() {
                    ToolOutcome::Result(raw) => builder.result(entry.tool_call_id(), &value_of(raw)?),
                    ToolOutcome::Error(message) => builder.error(entry.tool_call_id(), message),
                };
                added.expect("parsed ids are unique and values serialize");
            }
            builder.finish()
        }
        ToolResponse::Error(message) => error_tool_response(message),
        ToolResponse::Simple(raw) => simple_tool_response(&value_of(raw)?).expect("a value serializes"),
        ToolResponse::Direct(raw) => match direct_tool_response(&value_of(raw)?) {
            Ok(body) => body,
            Err(error) => panic!("the value of a direct body is refused by the direct builder: {error:?}"),
        },
    })
}

/// An outcome with its result as the JSON text `serde_json` writes for the value.
///
/// Results are compared as text, not by parsing the rebuilt body into `Value`s again: without its
/// `float_roundtrip` feature `serde_json` may read a float a last digit off, which would blame the
/// builders for the checker's parser.
#[derive(Debug, PartialEq)]
enum Written<'a> {
    Result(String),
    Error(&'a str),
}

/// What the builders must write for an outcome of the original: the value's compact JSON.
fn expected(outcome: ToolOutcome<'_>) -> Written<'_> {
    match outcome {
        ToolOutcome::Result(raw) => {
            Written::Result(value_of(raw).map_or_else(String::new, |value| value.to_string()))
        }
        ToolOutcome::Error(message) => Written::Error(message),
    }
}

/// What an outcome of the rebuilt body holds.
fn written(outcome: ToolOutcome<'_>) -> Written<'_> {
    match outcome {
        ToolOutcome::Result(raw) => Written::Result(raw.get().to_owned()),
        ToolOutcome::Error(message) => Written::Error(message),
    }
}

/// The entries of an object-shape response (none for the other shapes), outcomes mapped by `f`.
fn entries<'a>(
    response: &'a ToolResponse<'_>,
    f: fn(ToolOutcome<'a>) -> Written<'a>,
) -> Vec<(&'a str, Written<'a>)> {
    match response {
        ToolResponse::Object(entries) => entries.iter().map(|e| (e.tool_call_id(), f(e.outcome()))).collect(),
        _ => Vec::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let requested: Vec<Cow<'_, str>> =
        (0..flags & 3).map(|_| String::from_utf8_lossy(input.bytes())).collect();
    let body = input.rest();

    let parsed = parse_tool_response(body);
    let again = parse_tool_response(body);
    assert_eq!(
        parsed.as_ref().map(view),
        again.as_ref().map(view),
        "parse_tool_response is not deterministic"
    );
    // The one-pass reading decides nothing on its own: the careful reading gives the same.
    let careful = parse_tool_response_careful(body);
    assert_eq!(
        parsed.as_ref().map(view),
        careful.as_ref().map(view),
        "the one-pass and the careful reading disagree"
    );
    // The reading rules: a blank body is `EmptyBody`, other grammatical JSON is never
    // `InvalidJson`, anything else always is.
    let blank = body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    match &parsed {
        Err(ParseError::EmptyBody) => assert!(blank, "EmptyBody for a body that is not blank"),
        Err(ParseError::InvalidJson { .. }) => {
            assert!(!blank && !grammar::is_json(body), "InvalidJson for grammatical JSON: {parsed:?}")
        }
        _ => assert!(grammar::is_json(body), "accepted a body that is not JSON"),
    }
    let response = match parsed {
        Ok(response) => response,
        Err(error) => {
            check_reason(&error);
            return;
        }
    };

    let mut ids: Vec<&str> = requested.iter().map(|id| &**id).collect();
    if flags & 4 != 0
        && let ToolResponse::Object(entries) = &response
    {
        ids.extend(entries.iter().map(|entry| entry.tool_call_id()));
    }
    check_resolve(&response, &ids);

    if flags & 8 == 0 {
        // Raw values are written verbatim: the same shape and outcomes, byte for byte.
        let rebuilt = rebuild_raw(&response);
        let reparsed = match parse_tool_response(rebuilt.as_bytes()) {
            Ok(reparsed) => reparsed,
            Err(error) => panic!("the rebuilt body does not parse: {error:?}\n{rebuilt}"),
        };
        assert_eq!(view(&reparsed), view(&response), "rebuilt body\n{rebuilt}");
        assert_eq!(reparsed.resolve(ids.iter().copied()), response.resolve(ids.iter().copied()));
    } else if let Some(rebuilt) = rebuild_value(&response) {
        // Built from values: the same shape, and each call the value's JSON as its result.
        let reparsed = match parse_tool_response(rebuilt.as_bytes()) {
            Ok(reparsed) => reparsed,
            Err(error) => panic!("the rebuilt body does not parse: {error:?}\n{rebuilt}"),
        };
        assert_eq!(reparsed.shape(), response.shape(), "rebuilt body\n{rebuilt}");
        let (before, after) = (response.resolve(ids.iter().copied()), reparsed.resolve(ids.iter().copied()));
        assert_eq!(before.missing_ids(), after.missing_ids());
        assert_eq!(before.unknown_ids(), after.unknown_ids());
        assert_eq!(before.outcomes().len(), after.outcomes().len());
        for (a, b) in before.outcomes().iter().zip(after.outcomes()) {
            assert_eq!(a.tool_call_id, b.tool_call_id);
            assert_eq!(written(b.outcome), expected(a.outcome), "rebuilt body\n{rebuilt}");
        }
        assert_eq!(entries(&reparsed, written), entries(&response, expected), "rebuilt body\n{rebuilt}");
    }
});
