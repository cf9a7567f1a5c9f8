//! Heap allocations made while parsing: exact counts per sample, each explained, so a change that
//! allocates more (or fewer) shows up here.
//!
//! Parsing borrows every string and every opaque JSON value from the body; it allocates only
//! for text that had to be unescaped and for the containers of the model (the `Vec` of tool
//! calls, of transcript messages, of response entries), plus one thing of `serde_json`'s own:
//! skipping (or capturing as raw JSON) a container nested in another container keeps a stack
//! of the enclosing brackets in the deserializer's scratch buffer, one small allocation per
//! deserializer (the buffer is reused). The same scratch buffer holds a string while it is
//! unescaped, growing by doubling. Dropping the result is not counted.
//!
//! The counting allocator is global, so everything is measured in one test: no other test of
//! this binary runs (and allocates) at the same time.
#![cfg(feature = "alloc")]

use std::alloc::System;

use hmsovereign_webhooks::{parse_assistant_response, parse_event, parse_tool_response};
use serde_json::Value;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocations (new blocks and resized ones) made by `f`, and what it returned.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let region = Region::new(GLOBAL);
    let value = f();
    let change = region.change();
    (change.allocations + change.reallocations, value)
}

fn payload(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/payloads/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The body and request ids of conformance case `id` in `file`.
fn case(file: &str, id: &str) -> (Vec<u8>, Vec<String>) {
    let path = format!("{}/tests/data/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let case: Value = text
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .find(|case| case["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    let ids = case["tool_call_ids"]
        .as_array()
        .map(|ids| ids.iter().map(|id| id.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    (case["body"].as_str().unwrap().as_bytes().to_vec(), ids)
}

#[test]
fn allocations_per_sample() {
    let mut report = Vec::new();
    let mut check = |what: &str, got: usize, want: usize| {
        let mark = if got == want { "ok" } else { "MISMATCH" };
        report.push(format!("{mark}: {what}: {got} allocations, expected {want}"));
    };

    // Events, with the matching X-Webhook-Event header. No sample has an escape outside tool
    // arguments.
    let events: &[(&str, &str, usize)] = &[
        // 1 `Vec` of 3 transcript messages (capacity 4, turned into the model's `Vec` in place)
        // + 1 scratch: the `assistant` block nests objects in objects.
        ("end_of_call_report.json", "end-of-call-report", 2),
        // No transcript, an `analysis` object holding only scalars: nothing.
        ("end_of_call_report_seed.json", "end-of-call-report", 0),
        // 1 `Vec` of 2 tool calls (capacity 4, kept in place while the arguments are decoded);
        // the second call's arguments are a JSON string with escapes: 1 `String` sized for the
        // escaped text holds the decoded object, and is shrunk to it when boxed as raw JSON.
        ("tool_calls.json", "tool-calls", 3),
        // Only scalars and flat objects, no escapes: nothing.
        ("status_update.json", "status-update", 0),
        ("status_update_ended_with_error.json", "status-update", 0),
        ("web_call_status_update.json", "status-update", 0),
        ("assistant_request.json", "assistant-request", 0),
    ];
    for &(file, header, want) in events {
        let body = payload(file);
        let (got, event) = allocations(|| parse_event(&body, Some(header.as_bytes())));
        event.unwrap();
        check(file, got, want);
    }

    // Tool-call responses: parsed, then resolved against the request's ids.
    // Parsing reads the body once (the direct shape: a structural scan, then one `serde_json`
    // scan); resolving up to 16 entries searches them in place and keeps up to two outcomes
    // inline, so these allocate nothing but the `Vec` of entries.
    let responses: &[(&str, usize, usize)] = &[
        // Parse: the `Vec` of entries (the `result` object holds only scalars: no scratch).
        ("tool-response-doc-object-format", 1, 0),
        // `{"result":{...}}`, the value a flat object: nothing.
        ("tool-response-doc-simple-format", 0, 0),
        // A flat object; an object holding a string: nothing.
        ("tool-response-doc-direct-format", 0, 0),
        ("tool-response-doc-error-format", 0, 0),
    ];
    for &(id, want_parse, want_resolve) in responses {
        let (body, ids) = case("tool_response.jsonl", id);
        let (got, response) = allocations(|| parse_tool_response(&body));
        let response = response.unwrap();
        check(&format!("{id} (parse)"), got, want_parse);
        let (got, resolution) = allocations(|| response.resolve(ids.iter().map(String::as_str)));
        assert!(resolution.is_exact(), "{id}");
        drop(resolution);
        check(&format!("{id} (resolve)"), got, want_resolve);
    }

    // Assistant-request responses.
    let assistant: &[(&str, usize)] = &[
        // `{"assistant":{...}}`: 1 scratch while the whole body is read.
        ("assistant-response-doc-personalize-greeting", 1),
        // `{"assistant":{"llm_config":{...,"messages":[{...}]}}}`: 1 scratch while the whole
        // body is read, 1 while its fields are (the block itself nests).
        ("assistant-response-doc-override-llm", 2),
        // Flat objects: nothing.
        ("assistant-response-doc-reject", 0),
        ("assistant-response-doc-call-duration-limit", 0),
    ];
    for &(id, want) in assistant {
        let (body, _) = case("assistant_response.jsonl", id);
        let (got, response) = allocations(|| parse_assistant_response(&body));
        response.unwrap();
        check(id, got, want);
    }

    let report = report.join("\n");
    assert!(!report.contains("MISMATCH"), "\n{report}");
}
