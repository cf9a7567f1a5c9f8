//! Load on the fleet receiver of `examples/fleet_receiver.rs`: two instances sharing one real
//! `redis-server` (started here on a free loopback port, stopped at the end), a few thousand signed
//! deliveries from many concurrent keep-alive connections, with forged, stale and duplicated ones
//! shuffled among them (fixed seed). It checks, with exact counts, that every authentic delivery
//! was answered as the protocol asks and its side effect ran exactly once across the fleet, that
//! every repeat was acknowledged but not re-applied, and that every forged or stale one got 401
//! and did nothing. It prints requests per second and latency percentiles; it asserts no timing
//! (speed targets live in the benches).
//!
//! Per call (`load-NNNNN`) the platform's side sends the five events of a call's life: an
//! `assistant-request` and a `tool-calls` (answered every time), two `status-update`s and an
//! `end-of-call-report` (side effects, handled once). Then:
//! - one of the five again, verbatim, to the *other* instance at the same moment (a race);
//! - one of the five again later to either instance, verbatim or signed anew (a retry);
//! - one bad delivery in the end-of-call-report's name, with its fingerprint (call id, status,
//!   timestamp) but another summary: signed with another secret, or the authentic request with a
//!   byte of the summary flipped, or signed with the right secret but too old or too far ahead. Had
//!   one been accepted its summary would show in the side effects; had an instance claimed its
//!   fingerprint before verifying it, the authentic report would be lost. Both are checked.
//!
//! Size and shape by environment variable: `HMS_LOAD_DELIVERIES` (requests in all, rounded down to
//! a multiple of 8, the requests per call; default 3000), `HMS_LOAD_WORKERS` (tasks, each with one
//! keep-alive connection to each instance; default 32, so 64 connections), `HMS_LOAD_SEED`
//! (default 15). For the figures:
//! `HMS_LOAD_DELIVERIES=20000 cargo test --release -p hmsovereign-webhooks-axum --test load -- --nocapture`.
//!
//! Needs `redis-server` on the `PATH` (Debian: `apt-get install redis-server`).

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use hmsovereign_webhooks::{
    AssistantRequest, Call, Common, Customer, DEFAULT_TOLERANCE, EndOfCallReport, Event, Function,
    SigningKey, StatusUpdate, ToolCall, ToolCalls, UnixTime, Verifier, VerifyError, WebhookRequest,
    parse_event,
};
use hmsovereign_webhooks_axum::{Rejection, WebhookConfig};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;

#[allow(dead_code, reason = "the test serves the example's router, not its main")]
#[path = "../examples/fleet_receiver.rs"]
mod fleet;
#[path = "support/redis_server.rs"]
mod redis_server;

use fleet::{Instance, RETRY_HORIZON, RedisClaims, claim_ttl};
use redis_server::RedisServer;

const SECRET: &str = "whsec_test_secret_12345";
const OTHER_SECRET: &str = "whsec_someone_elses_secret";
const PATH: &str = "/webhooks";

/// No single answer may take longer (a hang fails the test instead of stalling it).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole load must be sent within this: the authentic deliveries are signed before it starts
/// and must still be fresh (300 s) when the last one arrives, and the stale ones must still be
/// outside the window (they are at least 900 s off).
const LOAD_DEADLINE: Duration = Duration::from_secs(240);
/// How far outside the window the stale deliveries are, at least (plus up to 600 s more).
const STALE_BY: Duration = Duration::from_secs(900);

/// splitmix64: a fixed-seed generator for the shuffle and the choices, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value.parse().unwrap_or_else(|_| panic!("{name}={value:?} is not a whole number")),
        Err(_) => default,
    }
}

/// What one request must get back.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    /// 204, no body: a side effect (run once) or a repeat of one (acknowledged).
    NoContent,
    /// 200, `application/json`, exactly this body.
    Json(String),
    /// 401, the signature mismatch.
    Forged,
    /// 401, the timestamp (this one) too old.
    TooOld(u64),
    /// 401, the timestamp (this one) too far ahead.
    TooNew(u64),
}

/// Why a request is in the load, for the tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Authentic,
    Duplicate,
    Forged,
    Stale,
}

/// One request to send.
struct Planned {
    request: WebhookRequest,
    /// A body byte to flip (XOR 0x20) on the wire, after signing.
    flip: Option<usize>,
    expect: Expect,
    kind: Kind,
}

/// What a worker does next: one request to one instance, or two at the same moment, one to each.
#[derive(Clone, Copy, Debug)]
enum Job {
    One { planned: usize, instance: usize },
    Race { to_a: usize, to_b: usize },
}

/// The load and what it must leave behind.
struct Plan {
    planned: Vec<Planned>,
    jobs: Vec<Job>,
    /// The side effects the fleet must have run, each exactly once.
    effects: Vec<String>,
    calls: usize,
}

/// Appends a request to the plan; its index.
fn add(
    planned: &mut Vec<Planned>,
    request: WebhookRequest,
    flip: Option<usize>,
    expect: Expect,
    kind: Kind,
) -> usize {
    planned.push(Planned { request, flip, expect, kind });
    planned.len() - 1
}

fn plan(deliveries: usize, seed: u64, now: UnixTime) -> Plan {
    let key = SigningKey::new(SECRET).unwrap();
    let other_key = SigningKey::new(OTHER_SECRET).unwrap();
    let mut rng = Rng(seed);
    let calls = (deliveries / 8).max(1);
    let mut planned = Vec::with_capacity(calls * 8);
    let mut jobs = Vec::with_capacity(calls * 7);
    let mut effects = Vec::with_capacity(calls * 3);
    let stale_by = |rng: &mut Rng| STALE_BY + Duration::from_secs(rng.below(600) as u64);

    for i in 0..calls {
        let id = format!("load-{i:05}");
        let at = |second: u32| format!("2026-12-01T12:{:02}:{:02}.000Z", second / 60, second % 60);
        let summary = format!("Booked check-up {i}.");
        let report_common = || Common::new(Call::new(id.clone()).with_status("ended")).with_timestamp(at(3));
        let events: [(Event<'_>, Expect); 5] = [
            (
                AssistantRequest::new(
                    Common::new(Call::new(id.clone()).with_status("ringing"))
                        .with_customer(Customer::new().with_number(format!("+3161{i:07}"))),
                )
                .into(),
                Expect::Json("{}".to_owned()),
            ),
            (
                ToolCalls::new(
                    Common::new(Call::new(id.clone()).with_status("in-progress")).with_timestamp(at(0)),
                    [
                        ToolCall::new(format!("{id}-t1"), Function::new("check_availability")),
                        ToolCall::new(format!("{id}-t2"), Function::new("book_appointment")),
                    ],
                )
                .into(),
                Expect::Json(format!(
                    r#"{{"results":[{{"tool_call_id":"{id}-t1","error":"no tools here"}},{{"tool_call_id":"{id}-t2","error":"no tools here"}}]}}"#
                )),
            ),
            (
                StatusUpdate::new(
                    Common::new(Call::new(id.clone()).with_status("in-progress")).with_timestamp(at(1)),
                )
                .into(),
                Expect::NoContent,
            ),
            (
                StatusUpdate::new(
                    Common::new(Call::new(id.clone()).with_status("ended")).with_timestamp(at(2)),
                )
                .into(),
                Expect::NoContent,
            ),
            (
                EndOfCallReport::new(report_common(), 30 + (i % 600) as u64, summary.clone()).into(),
                Expect::NoContent,
            ),
        ];
        effects.push(format!("call {id} is in-progress"));
        effects.push(format!("call {id} is ended"));
        effects.push(format!("summary of call {id}: {summary}"));

        let originals: Vec<usize> = events
            .iter()
            .map(|(event, expect)| {
                let request = WebhookRequest::new(event, &key, now).unwrap();
                add(&mut planned, request, None, expect.clone(), Kind::Authentic)
            })
            .collect();

        // A verbatim copy of one, to the other instance at the same moment.
        let raced = rng.below(5);
        let copy = planned[originals[raced]].request.clone();
        let expect = planned[originals[raced]].expect.clone();
        let duplicate = add(&mut planned, copy, None, expect, Kind::Duplicate);
        jobs.push(if rng.below(2) == 0 {
            Job::Race { to_a: originals[raced], to_b: duplicate }
        } else {
            Job::Race { to_a: duplicate, to_b: originals[raced] }
        });
        for (n, &original) in originals.iter().enumerate() {
            if n != raced {
                jobs.push(Job::One { planned: original, instance: rng.below(2) });
            }
        }

        // A retry later, verbatim or signed anew (same body, another signing time).
        let retried = &planned[originals[rng.below(5)]];
        let expect = retried.expect.clone();
        let request = if rng.below(2) == 0 {
            retried.request.clone()
        } else {
            let at = now.checked_sub(Duration::from_secs(30)).unwrap();
            WebhookRequest::from_body(retried.request.body().to_vec(), retried.request.event_type(), &key, at)
                .unwrap()
        };
        let retry = add(&mut planned, request, None, expect, Kind::Duplicate);
        jobs.push(Job::One { planned: retry, instance: rng.below(2) });

        // One bad delivery with the report's fingerprint but another summary.
        let bad = match rng.below(4) {
            0 => {
                let event: Event<'_> =
                    EndOfCallReport::new(report_common(), 1, format!("Forged {i}.")).into();
                let request = WebhookRequest::new(&event, &other_key, now).unwrap();
                add(&mut planned, request, None, Expect::Forged, Kind::Forged)
            }
            1 => {
                let authentic = planned[originals[4]].request.clone();
                let at = authentic.body().windows(6).position(|window| window == b"Booked").unwrap();
                add(&mut planned, authentic, Some(at + rng.below(6)), Expect::Forged, Kind::Forged)
            }
            2 => {
                let event: Event<'_> = EndOfCallReport::new(report_common(), 1, format!("Stale {i}.")).into();
                let at = now.checked_sub(stale_by(&mut rng)).unwrap();
                let request = WebhookRequest::new(&event, &key, at).unwrap();
                add(&mut planned, request, None, Expect::TooOld(at.as_secs()), Kind::Stale)
            }
            _ => {
                let event: Event<'_> = EndOfCallReport::new(report_common(), 1, format!("Early {i}.")).into();
                let at = now + stale_by(&mut rng);
                let request = WebhookRequest::new(&event, &key, at).unwrap();
                add(&mut planned, request, None, Expect::TooNew(at.as_secs()), Kind::Stale)
            }
        };
        jobs.push(Job::One { planned: bad, instance: rng.below(2) });
    }
    rng.shuffle(&mut jobs);
    effects.sort();
    Plan { planned, jobs, effects, calls }
}

/// One answer, read whole.
struct Reply {
    planned: usize,
    instance: usize,
    status: u16,
    content_type: Option<String>,
    body: Bytes,
    latency: Duration,
}

type Connection = SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Connection {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await.unwrap();
    tokio::spawn(async move {
        let _ = connection.await;
    });
    sender
}

/// Sends one planned request on `connection` (a keep-alive connection to `instance`).
async fn send(
    connection: &mut Connection,
    plan: &Plan,
    planned: usize,
    instance: usize,
    host: &str,
) -> Result<Reply, String> {
    let entry = &plan.planned[planned];
    let flip = entry.flip;
    let mut request =
        entry.request.clone().into_http(PATH).map_err(|error| error.to_string())?.map(|mut body| {
            if let Some(byte) = flip.and_then(|at| body.get_mut(at)) {
                *byte ^= 0x20;
            }
            Full::new(Bytes::from(body))
        });
    request.headers_mut().insert(hyper::header::HOST, host.parse().map_err(|_| "bad host".to_owned())?);
    let started = Instant::now();
    let exchange = async {
        connection.ready().await?;
        let response = connection.send_request(request).await?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let body = response.into_body().collect().await?.to_bytes();
        Ok::<_, hyper::Error>((status, content_type, body))
    };
    let (status, content_type, body) = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| {
            format!("request {planned} to instance {instance}: no answer within {REQUEST_TIMEOUT:?}")
        })?
        .map_err(|error| format!("request {planned} to instance {instance}: {error}"))?;
    Ok(Reply { planned, instance, status, content_type, body, latency: started.elapsed() })
}

/// One task: a keep-alive connection to each instance, jobs taken in order until none is left.
async fn worker(
    plan: Arc<Plan>,
    next: Arc<AtomicUsize>,
    addrs: [SocketAddr; 2],
) -> Result<Vec<Reply>, String> {
    let hosts = addrs.map(|addr| addr.to_string());
    let mut connections = [connect(addrs[0]).await, connect(addrs[1]).await];
    let mut replies = Vec::new();
    loop {
        let Some(&job) = plan.jobs.get(next.fetch_add(1, Ordering::Relaxed)) else { return Ok(replies) };
        let [a, b] = &mut connections;
        match job {
            Job::One { planned, instance } => {
                let connection = if instance == 0 { a } else { b };
                replies.push(send(connection, &plan, planned, instance, &hosts[instance]).await?);
            }
            Job::Race { to_a, to_b } => {
                let (first, second) =
                    tokio::join!(send(a, &plan, to_a, 0, &hosts[0]), send(b, &plan, to_b, 1, &hosts[1]));
                replies.push(first?);
                replies.push(second?);
            }
        }
    }
}

/// Serves one fleet instance on a free loopback port.
async fn instance(name: &'static str, redis: &RedisServer) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let effects = Arc::new(Mutex::new(Vec::new()));
    let instance = Instance {
        name,
        webhooks: Arc::new(WebhookConfig::new(Verifier::new(SECRET).unwrap())),
        claims: RedisClaims::connect(&redis.url(), claim_ttl(DEFAULT_TOLERANCE, RETRY_HORIZON))
            .await
            .unwrap(),
        effects: effects.clone(),
    };
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, fleet::router(instance)).await.unwrap() });
    (addr, effects)
}

/// Why `reply` is not what `expect` says, if it is not.
fn mismatch(reply: &Reply, expect: &Expect, now_from: u64, now_to: u64) -> Option<String> {
    let body = String::from_utf8_lossy(&reply.body);
    let got = (reply.status, reply.content_type.as_deref(), &*body);
    let rejected = |error: VerifyError| Rejection::from(error).to_string();
    let text = Some("text/plain; charset=utf-8");
    let tolerance = DEFAULT_TOLERANCE.as_secs();
    let ok = match expect {
        Expect::NoContent => got == (204, None, ""),
        Expect::Json(json) => got == (200, Some("application/json"), json.as_str()),
        Expect::Forged => got == (401, text, &*rejected(VerifyError::SignatureMismatch)),
        // The receiver's clock read some second between the start and the end of the load.
        Expect::TooOld(timestamp) => (now_from..=now_to).any(|now| {
            got == (
                401,
                text,
                &*rejected(VerifyError::TimestampTooOld { timestamp: *timestamp, now, tolerance }),
            )
        }),
        Expect::TooNew(timestamp) => (now_from..=now_to).any(|now| {
            got == (
                401,
                text,
                &*rejected(VerifyError::TimestampInFuture { timestamp: *timestamp, now, tolerance }),
            )
        }),
    };
    (!ok).then(|| {
        format!("request {} to instance {}: expected {expect:?}, got {got:?}", reply.planned, reply.instance)
    })
}

fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    sorted[(sorted.len() * percent).div_ceil(100).saturating_sub(1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_deliveries_over_two_instances_are_each_handled_exactly_once() {
    let deliveries = env_or("HMS_LOAD_DELIVERIES", 3000) as usize;
    let workers = env_or("HMS_LOAD_WORKERS", 32).max(1) as usize;
    let seed = env_or("HMS_LOAD_SEED", 15);

    let redis = RedisServer::start();
    let (a, effects_a) = instance("a", &redis).await;
    let (b, effects_b) = instance("b", &redis).await;

    let signed_at = UnixTime::now();
    let plan = Arc::new(plan(deliveries, seed, signed_at));
    let requests = plan.planned.len();
    let mut kinds = BTreeMap::new();
    for entry in &plan.planned {
        *kinds.entry(entry.kind).or_insert(0_usize) += 1;
    }

    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let now_from = UnixTime::now().as_secs();
    let tasks: Vec<_> =
        (0..workers).map(|_| tokio::spawn(worker(plan.clone(), next.clone(), [a, b]))).collect();
    let load = async {
        let mut replies = Vec::with_capacity(requests);
        for task in tasks {
            replies.extend(task.await.unwrap().unwrap_or_else(|error| panic!("a worker failed: {error}")));
        }
        replies
    };
    let replies = tokio::time::timeout(LOAD_DEADLINE, load)
        .await
        .unwrap_or_else(|_| panic!("the load was not sent within {LOAD_DEADLINE:?}"));
    let elapsed = started.elapsed();
    let now_to = UnixTime::now().as_secs();
    assert!(
        now_to - signed_at.as_secs() < DEFAULT_TOLERANCE.as_secs(),
        "the authentic deliveries went stale"
    );

    // Every planned request answered once, as expected.
    assert_eq!(replies.len(), requests);
    let mut answered = vec![0_usize; requests];
    for reply in &replies {
        answered[reply.planned] += 1;
    }
    assert!(answered.iter().all(|&times| times == 1), "a request was not answered exactly once");
    let mismatches: Vec<String> = replies
        .iter()
        .filter_map(|reply| mismatch(reply, &plan.planned[reply.planned].expect, now_from, now_to))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} wrong answers, e.g. {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );

    // The tally by status: 204 for the three side effects of each call and their repeats, 200 for
    // the two answered events and their repeats, 401 for the bad one.
    let mut by_status = BTreeMap::new();
    for reply in &replies {
        *by_status.entry(reply.status).or_insert(0_usize) += 1;
    }
    let repeats_of = |answered: bool| {
        plan.planned
            .iter()
            .filter(|entry| {
                entry.kind == Kind::Duplicate && matches!(entry.expect, Expect::Json(_)) == answered
            })
            .count()
    };
    let calls = plan.calls;
    assert_eq!(
        by_status,
        BTreeMap::from([
            (200, 2 * calls + repeats_of(true)),
            (204, 3 * calls + repeats_of(false)),
            (401, calls)
        ])
    );

    // Each side effect ran exactly once across the fleet: none lost, none doubled, none forged.
    let done_a = effects_a.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let done_b = effects_b.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let mut done: Vec<String> = done_a.iter().chain(&done_b).cloned().collect();
    done.sort();
    let mut times: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for effect in &plan.effects {
        times.entry(effect).or_default().0 += 1;
    }
    for effect in &done {
        times.entry(effect).or_default().1 += 1;
    }
    let wrong: Vec<_> = times.iter().filter(|(_, (expected, got))| expected != got).collect();
    assert!(
        wrong.is_empty(),
        "{} side effects not run exactly once (effect, (expected, ran)), e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    assert_eq!(done, plan.effects);
    assert!(!done_a.is_empty() && !done_b.is_empty(), "the load was not spread over both instances");

    // One claim in Redis per side effect, none for the bad deliveries or the answered events.
    let mut redis_connection =
        redis::Client::open(redis.url()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> =
        redis::cmd("KEYS").arg("hms:delivery:*").query_async(&mut redis_connection).await.unwrap();
    let dbsize: usize = redis::cmd("DBSIZE").query_async(&mut redis_connection).await.unwrap();
    assert_eq!((keys.len(), dbsize), (3 * calls, 3 * calls));

    let mut latencies: Vec<Duration> = replies.iter().map(|reply| reply.latency).collect();
    latencies.sort();
    let raced = plan.jobs.iter().filter(|job| matches!(job, Job::Race { .. })).count();
    eprintln!(
        "load: {requests} requests ({} authentic, {} repeats of which {raced} raced to the other instance, {} forged, \
         {} stale) for {calls} calls, seed {seed}, {workers} tasks x 2 keep-alive connections, 2 instances, 1 redis",
        kinds.get(&Kind::Authentic).unwrap_or(&0),
        kinds.get(&Kind::Duplicate).unwrap_or(&0),
        kinds.get(&Kind::Forged).unwrap_or(&0),
        kinds.get(&Kind::Stale).unwrap_or(&0),
    );
    eprintln!(
        "load: {:.0} requests/s ({requests} in {:.3} s); latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         side effects {} on a + {} on b",
        requests as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        percentile(&latencies, 50).as_secs_f64() * 1e3,
        percentile(&latencies, 99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |max| max.as_secs_f64() * 1e3),
        done_a.len(),
        done_b.len(),
    );
}

/// The plan is what the module docs say: per call five authentic deliveries, two repeats and one
/// bad one, and every bad one carries the fingerprint of its call's authentic report (so that
/// claiming it before verifying would lose that report) with another summary (so that running it
/// would show).
#[test]
fn every_bad_delivery_has_the_fingerprint_of_its_calls_report_and_another_summary() {
    let plan = plan(800, 15, UnixTime::now());
    assert_eq!((plan.calls, plan.planned.len(), plan.jobs.len(), plan.effects.len()), (100, 800, 700, 300));
    let count = |kind| plan.planned.iter().filter(|entry| entry.kind == kind).count();
    assert_eq!((count(Kind::Authentic), count(Kind::Duplicate)), (500, 200));
    assert_eq!(count(Kind::Forged) + count(Kind::Stale), 100);
    assert_eq!(plan.jobs.iter().filter(|job| matches!(job, Job::Race { .. })).count(), 100);

    let body = |entry: &Planned| {
        let mut body = entry.request.body().to_vec();
        if let Some(at) = entry.flip {
            body[at] ^= 0x20;
        }
        body
    };
    let mut reports = BTreeMap::new();
    for entry in plan.planned.iter().filter(|entry| entry.kind == Kind::Authentic) {
        let event = parse_event(entry.request.body(), None).unwrap();
        if let Event::EndOfCallReport(report) = &event {
            let fingerprint = event.delivery_fingerprint();
            reports.insert(report.common.call.id.to_string(), (fingerprint, report.summary.to_string()));
        }
    }
    assert_eq!(reports.len(), 100);
    let mut flipped = 0;
    for entry in plan.planned.iter().filter(|entry| matches!(entry.kind, Kind::Forged | Kind::Stale)) {
        let body = body(entry);
        let event = parse_event(&body, None).unwrap();
        let Event::EndOfCallReport(report) = &event else { panic!("not a report: {event:?}") };
        let (fingerprint, summary) = &reports[&*report.common.call.id];
        assert_eq!(&event.delivery_fingerprint(), fingerprint);
        assert_ne!(&*report.summary, summary.as_str());
        flipped += usize::from(entry.flip.is_some());
    }
    assert!(flipped > 0, "no flipped-byte forgery in the plan");
}
