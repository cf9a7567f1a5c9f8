//! Parsing speed: the typed event and response parsers against `serde_json::Value` on the same
//! bytes, the obvious alternative a receiver would otherwise write (and a floor of sorts: it reads
//! every byte of the body once, as any parser must).
//!
//! Groups:
//! - `parse/<sample>`: `parse_event` (with the matching `X-Webhook-Event` header) on the sample
//!   payloads of `tests/data/payloads/`, as the platform sends them (pretty-printed);
//!   `parse/end_of_call_report_compact` is `end_of_call_report.json` with all whitespace outside
//!   strings removed, the same event as a minifying sender would send it;
//! - `tool_response/<shape>`: `parse_tool_response` plus `resolve` against the request's tool-call
//!   ids, on the vendor's documented example of each response shape (the `tool-response-doc-*`
//!   conformance cases).
//!
//! Each group has `serde_json_value` (the baseline, `serde_json::from_slice::<Value>`) and `typed`;
//! compare the two within a group (`typed / serde_json_value`), not across runs or machines.
//!
//! Run: `cargo bench --bench parse` (a short warm-up and measurement by default; criterion's own
//! `--warm-up-time` / `--measurement-time` override them). `cargo bench --bench parse -- --test`
//! runs every function once, untimed.
//! On a shared machine, `HMS_BENCH_CLOCK=thread` times with the bench thread's CPU time (see
//! `benches/support/clock.rs`).

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use hmsovereign_webhooks::{parse_event, parse_tool_response};
use serde_json::Value;

#[path = "support/clock.rs"]
mod clock;

/// `(group name, X-Webhook-Event, body)` of the event samples, pretty-printed as received.
const SAMPLES: &[(&str, &str, &[u8])] = &[
    (
        "end_of_call_report",
        "end-of-call-report",
        include_bytes!("../tests/data/payloads/end_of_call_report.json"),
    ),
    (
        "end_of_call_report_seed",
        "end-of-call-report",
        include_bytes!("../tests/data/payloads/end_of_call_report_seed.json"),
    ),
    ("tool_calls", "tool-calls", include_bytes!("../tests/data/payloads/tool_calls.json")),
    ("status_update", "status-update", include_bytes!("../tests/data/payloads/status_update.json")),
    (
        "assistant_request",
        "assistant-request",
        include_bytes!("../tests/data/payloads/assistant_request.json"),
    ),
];

/// The response shapes and the conformance case holding the vendor's example of each.
const SHAPES: &[(&str, &str)] = &[
    ("object", "tool-response-doc-object-format"),
    ("simple", "tool-response-doc-simple-format"),
    ("direct", "tool-response-doc-direct-format"),
    ("error", "tool-response-doc-error-format"),
];

/// `json` without the whitespace between tokens (strings are copied unchanged).
fn minify(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json {
        if in_string {
            out.push(byte);
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = byte == b'"';
            out.push(byte);
        }
    }
    out
}

/// The body and request ids of conformance case `id` in `tool_response.jsonl`.
fn response_case(id: &str) -> (Vec<u8>, Vec<String>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/conformance/tool_response.jsonl");
    let text = std::fs::read_to_string(path).expect("the conformance cases are readable");
    let case: Value = text
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str::<Value>(line).expect("a case is JSON"))
        .find(|case| case["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    let body = case["body"].as_str().expect("the case has a text body").as_bytes().to_vec();
    let ids = case["tool_call_ids"]
        .as_array()
        .expect("the case has request ids")
        .iter()
        .map(|id| id.as_str().expect("an id is a string").to_owned())
        .collect();
    (body, ids)
}

fn event_group<M: Measurement>(c: &mut Criterion<M>, name: &str, header: &str, body: &[u8]) {
    // Only a body that parses is worth timing.
    parse_event(body, Some(header.as_bytes())).expect("the sample parses");
    let mut group = c.benchmark_group(format!("parse/{name}"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).expect("JSON")));
    });
    group.bench_function("typed", |b| {
        b.iter(|| {
            black_box(parse_event(black_box(body), Some(black_box(header.as_bytes()))).expect("event"))
        });
    });
    group.finish();
}

fn events<M: Measurement>(c: &mut Criterion<M>) {
    for &(name, header, body) in SAMPLES {
        event_group(c, name, header, body);
        if name == "end_of_call_report" {
            event_group(c, "end_of_call_report_compact", header, &minify(body));
        }
    }
}

fn tool_responses<M: Measurement>(c: &mut Criterion<M>) {
    for &(shape, case) in SHAPES {
        let (body, ids) = response_case(case);
        let body = body.as_slice();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let response = parse_tool_response(body).expect("the example parses");
        assert_eq!(response.shape().as_str(), shape);
        assert!(response.resolve(ids.iter().copied()).is_exact(), "{case}");

        let mut group = c.benchmark_group(format!("tool_response/{shape}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function("serde_json_value", |b| {
            b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).expect("JSON")));
        });
        group.bench_function("typed", |b| {
            b.iter(|| {
                let response = parse_tool_response(black_box(body)).expect("response");
                black_box(&response.resolve(black_box(&ids).iter().copied()));
                black_box(response)
            });
        });
        group.finish();
    }
}

fn config() -> Criterion {
    // Short by default: the numbers that matter are ratios within a group.
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

clock::bench_main!(config = config(); events, tool_responses);
