//! Cost growth with the body size: end-of-call reports whose transcripts (`message.messages`) are
//! about 1 KB, 16 KB, 256 KB and 1 MB, each verified ([`Verifier::verify`]) and parsed
//! ([`parse_event`]). The group's throughput is the body's length, so criterion reports bytes per
//! second; the cost per byte should stay flat (within 1.5×) from the smallest to the largest body:
//! nothing in either path may grow faster than the input.
//!
//! The reports are `tests/data/payloads/end_of_call_report.json` with its three turns replaced by
//! as many generated ones as the size needs (text with escapes and non-ASCII, as transcripts have),
//! pretty-printed as the platform sends them.
//!
//! Run: `HMS_BENCH_CLOCK=thread taskset -c 1 cargo bench --bench growth`.

use core::hint::black_box;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use hmsovereign_webhooks::{Event, Headers, SigningKey, UnixTime, Verifier, parse_event};
use serde_json::{Value, json};

#[path = "support/clock.rs"]
mod clock;

const SECRET: &str = "whsec_bench_secret_0123456789abcdef";
const TIMESTAMP: u64 = 1_700_000_000;
/// Transcript sizes in bytes (of the `messages` array as written): 1 KB, 16 KB, 256 KB, 1 MB.
const TRANSCRIPTS: [(&str, usize); 4] =
    [("1KB", 1 << 10), ("16KB", 16 << 10), ("256KB", 256 << 10), ("1MB", 1 << 20)];

/// The sample report with generated turns whose `messages` array is at least `size` bytes.
fn report(size: usize) -> (Vec<u8>, usize) {
    let mut report: Value =
        serde_json::from_slice(include_bytes!("../tests/data/payloads/end_of_call_report.json"))
            .expect("the sample is JSON");
    let lines = [
        "Hello, how can I help you today?",
        "I'd like to move my appointment to \"next Tuesday\", if that's possible.",
        "Certainly. Tuesday the 14th at 10:30 or at 15:00 — which suits you better?",
        "15:00, please. Oh, and my name is spelled Zoë Müller.\nThanks!",
    ];
    let mut messages = Vec::new();
    let mut written = 2;
    let mut turn = 0usize;
    while written < size {
        let role = if turn.is_multiple_of(2) { "assistant" } else { "user" };
        let message =
            json!({ "role": role, "content": format!("{} (turn {turn})", lines[turn % lines.len()]) });
        written += serde_json::to_vec(&message).expect("JSON").len() + 1;
        messages.push(message);
        turn += 1;
    }
    report["message"]["messages"] = Value::Array(messages);
    (serde_json::to_vec_pretty(&report).expect("JSON"), turn)
}

fn bench_growth<M: Measurement>(c: &mut Criterion<M>) {
    let key = SigningKey::new(SECRET).expect("the secret is not empty");
    let verifier = Verifier::new(SECRET).expect("the secret is not empty");
    let now = UnixTime::from_secs(TIMESTAMP + 1);
    let mut group = c.benchmark_group("growth");
    for (name, size) in TRANSCRIPTS {
        let (body, turns) = report(size);
        let signed = key.sign(UnixTime::from_secs(TIMESTAMP), &body);
        let headers = Headers::new().with_timestamp(signed.timestamp()).with_signature(signed.signature());
        assert!(verifier.verify(&headers, &body, now).is_ok(), "the bench request must verify");
        match parse_event(&body, Some(b"end-of-call-report")).expect("the report parses") {
            Event::EndOfCallReport(report) => assert_eq!(report.messages.len(), turns),
            other => panic!("not an end-of-call report: {other:?}"),
        }
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(format!("verify/{name}"), |b| {
            b.iter(|| black_box(&verifier).verify(black_box(&headers), black_box(&body), black_box(now)))
        });
        group.bench_function(format!("parse_event/{name}"), |b| {
            b.iter(|| parse_event(black_box(&body), Some(b"end-of-call-report")))
        });
    }
    group.finish();
}

clock::bench_main!(bench_growth);
