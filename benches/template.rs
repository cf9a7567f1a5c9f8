//! Template rendering speed (`TemplateValues::render`) by template size: rendering is one pass, so
//! the time per byte must stay flat from 1 KB to 1 MB — also for templates written to be slow.
//!
//! Groups (each `Throughput::Bytes`, so criterion reports bytes per second; compare the sizes
//! within a group, the ns/byte must not grow with the size):
//! - `template/adversarial`: `"{" × (n − 2) + "}}"`, every `{{` opening a placeholder that never
//!   names a value (it took seconds at 100 KB with the old two-search algorithm);
//! - `template/unclosed`: `"{{" × n/2`, placeholders that are never closed;
//! - `template/realistic`: a prompt with all three placeholders repeated to size `n`.
//!
//! Run: `taskset -c 1 cargo bench --bench template` (pinned to one core on a shared machine);
//! `cargo bench --bench template -- --test` runs every function once, untimed.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmsovereign_webhooks::TemplateValues;

const SIZES: &[(&str, usize)] =
    &[("1KB", 1 << 10), ("16KB", 16 << 10), ("256KB", 256 << 10), ("1MB", 1 << 20)];

fn adversarial(n: usize) -> String {
    "{".repeat(n - 2) + "}}"
}

fn unclosed(n: usize) -> String {
    "{{".repeat(n / 2)
}

fn realistic(n: usize) -> String {
    let unit = "You are an analyst. Schema: {{schema}}\nTranscript:\n{{transcript}}\nEnded: {{ended_reason}} {{x}}\n";
    unit.repeat(n / unit.len() + 1)[..n].to_owned()
}

fn templates(c: &mut Criterion) {
    let values = TemplateValues::new(r#"{"type":"object"}"#, "user: hello\nassistant: hi", "user_hangup");
    for (name, make) in [
        ("adversarial", adversarial as fn(usize) -> String),
        ("unclosed", unclosed),
        ("realistic", realistic),
    ] {
        let mut group = c.benchmark_group(format!("template/{name}"));
        for &(label, size) in SIZES {
            let template = make(size);
            group.throughput(Throughput::Bytes(template.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(label), &template, |b, template| {
                b.iter(|| black_box(values.render(black_box(template))));
            });
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = templates }
criterion_main!(benches);
