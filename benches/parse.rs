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
//! Each group has `serde_json_value` (the baseline, `serde_json::from_slice::<Value>`), `typed`, and
//! `serde_json_scan`, the floor under any reader built on `serde_json` (the body checked as UTF-8
//! and scanned as `IgnoredAny`, nothing built); compare within a group (`typed /
//! serde_json_value`), not across runs or machines.
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
#[path = "support/samples.rs"]
mod samples;

use samples::{SAMPLES, SHAPES, minify, response_case};

fn event_group<M: Measurement>(c: &mut Criterion<M>, name: &str, header: &str, body: &[u8]) {
    // Only a body that parses is worth timing.
    parse_event(body, Some(header.as_bytes())).expect("the sample parses");
    let mut group = c.benchmark_group(format!("parse/{name}"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).expect("JSON")));
    });
    group.bench_function("serde_json_scan", |b| b.iter(|| samples::scan(black_box(body)).expect("JSON")));
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
        group.bench_function("serde_json_scan", |b| b.iter(|| samples::scan(black_box(body)).expect("JSON")));
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
