//! Verification against its physical floor: the raw SHA-256 of the same body.
//!
//! One group per body size, each with the floor (`sha256`) and the crate's operations on the same
//! bytes, so the ratios `verify / sha256` come from one run on one machine:
//!
//! - `sha256`: SHA-256 of the body alone (via `sha2`), the least any verification can cost;
//! - `verify`: [`Verifier::verify`] with the verifier built once and reused, as a server does;
//! - `verify_cold`: the verifier built from the secret for every request (the key schedule included);
//! - `sign`: [`SigningKey::sign`], the timestamp formatted and the tag hex-encoded;
//! - `ring`: `ring::hmac::verify` on `timestamp.body`, the message concatenated and the tag decoded
//!   outside the timed loop (ring's best case; not built for wasm targets);
//! - `hmac_crate`: the RustCrypto `hmac` crate, its keyed state built once and cloned per request,
//!   fed the three parts and checked with `verify_slice` against the tag decoded outside the loop;
//! - `hmac_floor`: a minimal HMAC of the same shape with nothing else in it — the inner key state,
//!   one `compress256` call over the already padded `timestamp.body` blocks, one outer block — the
//!   least a verification with the precomputed key states can cost on these blocks.
//!
//! Run with `cargo bench --bench verify`; the README's figures come from
//! `HMS_BENCH_CLOCK=thread taskset -c 1 cargo bench --bench verify -- --warm-up-time 1
//! --measurement-time 3 'verify/[0-9]+/(sha256|verify|ring|hmac_crate|hmac_floor)$'`. On a shared machine, `HMS_BENCH_CLOCK=thread` times
//! with the bench thread's CPU time instead of the wall clock, so the time the thread spends
//! preempted by other processes is not counted (cache and frequency effects still are).

use core::hint::black_box;

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use hmac::{Hmac, KeyInit, Mac};
use hmsovereign_webhooks::{Headers, SigningKey, UnixTime, Verifier};
use sha2::block_api::compress256;
use sha2::{Digest, Sha256};

#[path = "support/clock.rs"]
mod clock;

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
        let message = [signed.timestamp().as_bytes(), b".", &body].concat();
        let tag: [u8; 32] = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes())
            .expect("any key length")
            .chain_update(&message)
            .finalize()
            .into_bytes()
            .into();
        #[cfg(not(target_family = "wasm"))]
        {
            let ring_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
            assert!(ring::hmac::verify(&ring_key, &message, &tag).is_ok());
            group.bench_function("ring", |b| {
                b.iter(|| ring::hmac::verify(black_box(&ring_key), black_box(&message), black_box(&tag)))
            });
        }
        let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
        group.bench_function("hmac_crate", |b| {
            b.iter(|| {
                let mut mac = black_box(&keyed).clone();
                mac.update(black_box(signed.timestamp().as_bytes()));
                mac.update(b".");
                mac.update(black_box(&body));
                mac.verify_slice(black_box(&tag))
            })
        });
        let floor = MinimalHmac::new(SECRET.as_bytes(), &message);
        assert_eq!(floor.tag(), tag);
        group.bench_function("hmac_floor", |b| b.iter(|| black_box(&floor).verify(black_box(&tag))));
        group.finish();
    }
}

/// The smallest HMAC-SHA256 verification of one fixed message: the key states and the padded
/// message blocks are made up front, so the timed part is the block function on exactly
/// `ceil((n + 9) / 64)` inner blocks in one call and one outer block, and a word comparison.
struct MinimalHmac {
    inner: [u32; 8],
    outer: [u32; 8],
    /// `timestamp.body` with SHA-256's padding, the key block's 64 bytes counted in its length.
    blocks: Vec<[u8; 64]>,
}

impl MinimalHmac {
    const IV: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];

    fn new(key: &[u8], message: &[u8]) -> Self {
        assert!(key.len() <= 64);
        let state = |pad: u8| {
            let mut block = [pad; 64];
            for (byte, key) in block.iter_mut().zip(key) {
                *byte ^= key;
            }
            let mut state = Self::IV;
            compress256(&mut state, &[block]);
            state
        };
        let mut padded = message.to_vec();
        padded.push(0x80);
        while padded.len() % 64 != 56 {
            padded.push(0);
        }
        padded.extend_from_slice(&((message.len() as u64 + 64) * 8).to_be_bytes());
        let blocks = padded.chunks_exact(64).map(|block| block.try_into().expect("64 bytes")).collect();
        Self { inner: state(0x36), outer: state(0x5c), blocks }
    }

    fn tag(&self) -> [u8; 32] {
        let mut inner = self.inner;
        compress256(&mut inner, &self.blocks);
        let mut block = [0u8; 64];
        for (bytes, word) in block.chunks_exact_mut(4).zip(inner) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        block[32] = 0x80;
        block[62] = 0x03;
        let mut outer = self.outer;
        compress256(&mut outer, &[block]);
        let mut tag = [0u8; 32];
        for (bytes, word) in tag.chunks_exact_mut(4).zip(outer) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        tag
    }

    fn verify(&self, expected: &[u8; 32]) -> bool {
        self.tag().iter().zip(expected).fold(0, |difference, (a, b)| difference | (a ^ b)) == 0
    }
}

clock::bench_main!(bench_verify);
