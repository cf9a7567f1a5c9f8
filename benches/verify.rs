//! Verification against its physical floor: the raw SHA-256 of the same body.
//!
//! One group per body size, each with the floor (`sha256`) and the crate's operations on the same
//! bytes, so the ratios `verify / sha256` come from one run on one machine:
//!
//! - `sha256`: SHA-256 of the body alone (via `sha2`), the least any verification can cost;
//! - `verify`: [`Verifier::verify`] with the verifier built once and reused, as a server does;
//! - `verify_cold`: the verifier built from the secret for every request (the key schedule included);
//! - `sign`: [`SigningKey::sign`], the timestamp formatted and the tag hex-encoded.
//!
//! Run with `cargo bench --bench verify`. On a shared machine, `HMS_BENCH_CLOCK=thread` times
//! with the bench thread's CPU time instead of the wall clock, so the time the thread spends
//! preempted by other processes is not counted (cache and frequency effects still are).

use core::hint::black_box;
use core::time::Duration;

use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hmsovereign_webhooks::{Headers, SigningKey, UnixTime, Verifier};
use sha2::{Digest, Sha256};

const SECRET: &str = "whsec_bench_secret_0123456789abcdef";
const TIMESTAMP: u64 = 1_700_000_000;
const SIZES: [usize; 4] = [256, 1024, 4096, 65536];

/// `len` pseudo-random bytes from a fixed seed (SplitMix64), the same on every run.
fn random_body(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut body = Vec::with_capacity(len);
    while body.len() < len {
        body.extend_from_slice(&next().to_le_bytes());
    }
    body.truncate(len);
    body
}

fn bench_verify<M: Measurement>(c: &mut Criterion<M>) {
    let key = SigningKey::new(SECRET).expect("the secret is not empty");
    let verifier = Verifier::new(SECRET).expect("the secret is not empty");
    let now = UnixTime::from_secs(TIMESTAMP + 1);

    for size in SIZES {
        let body = random_body(size);
        let signed = key.sign(UnixTime::from_secs(TIMESTAMP), &body);
        let headers = Headers::new().with_timestamp(signed.timestamp()).with_signature(signed.signature());
        assert_eq!(signed.timestamp().len(), 10);
        assert!(verifier.verify(&headers, &body, now).is_ok(), "the bench request must verify");

        let mut group = c.benchmark_group(format!("verify/{size}"));
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function("sha256", |b| b.iter(|| Sha256::digest(black_box(body.as_slice()))));
        group.bench_function("verify", |b| {
            b.iter(|| black_box(&verifier).verify(black_box(&headers), black_box(&body), black_box(now)))
        });
        group.bench_function("verify_cold", |b| {
            b.iter(|| {
                let verifier = Verifier::new(black_box(SECRET)).expect("the secret is not empty");
                verifier.verify(black_box(&headers), black_box(&body), black_box(now))
            })
        });
        group.bench_function("sign", |b| {
            b.iter(|| black_box(&key).sign(black_box(UnixTime::from_secs(TIMESTAMP)), black_box(&body)))
        });
        group.finish();
    }
}

/// Whether `HMS_BENCH_CLOCK=thread` asks for the thread CPU clock.
fn thread_clock() -> bool {
    std::env::var_os("HMS_BENCH_CLOCK").is_some_and(|clock| clock == "thread")
}

/// The bench thread's CPU time, as a criterion measurement reported like wall time.
struct ThreadCpuTime(WallTime);

impl Measurement for ThreadCpuTime {
    type Intermediate = ThreadTime;
    type Value = Duration;

    fn start(&self) -> ThreadTime {
        ThreadTime::now()
    }
    fn end(&self, start: ThreadTime) -> Duration {
        start.elapsed()
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.0.formatter()
    }
}

fn wall_clock(c: &mut Criterion) {
    if !thread_clock() {
        bench_verify(c);
    }
}

fn thread_cpu_clock(c: &mut Criterion<ThreadCpuTime>) {
    if thread_clock() {
        bench_verify(c);
    }
}

criterion_group!(wall, wall_clock);
criterion_group! {
    name = thread_cpu;
    config = Criterion::default().with_measurement(ThreadCpuTime(WallTime));
    targets = thread_cpu_clock
}
criterion_main!(wall, thread_cpu);
