//! Two instances of `examples/fleet_receiver.rs`, each with its own Redis connection, share a real
//! `redis-server` (started here on a free loopback port, without persistence, and stopped at the
//! end): one delivery sent to both runs its side effect exactly once.
//!
//! Needs `redis-server` on the `PATH` (Debian: `apt-get install redis-server`); `.ci/run` installs
//! it.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hmsovereign_webhooks::{DEFAULT_TOLERANCE, Verifier, parse_event};
use hmsovereign_webhooks_axum::WebhookConfig;

#[allow(dead_code, reason = "the fleet tests use part of the client")]
#[path = "support/client.rs"]
mod client;
#[allow(dead_code, reason = "the test serves the example's router, not its main")]
#[path = "../examples/fleet_receiver.rs"]
mod fleet;

use client::{Delivery, END_OF_CALL_REPORT, SECRET, STATUS_UPDATE, TOOL_CALLS};
#[path = "support/redis_server.rs"]
mod redis_server;

use fleet::{Instance, RETRY_HORIZON, RedisClaims, claim_ttl};
use redis_server::RedisServer;

const TTL: Duration = Duration::from_secs(4200);

/// Serves one instance on a free loopback port.
async fn instance(name: &'static str, redis: &RedisServer) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let effects = Arc::new(Mutex::new(Vec::new()));
    let instance = Instance {
        name,
        webhooks: Arc::new(WebhookConfig::new(Verifier::new(SECRET).unwrap())),
        claims: RedisClaims::connect(&redis.url(), TTL).await.unwrap(),
        effects: effects.clone(),
    };
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, fleet::router(instance)).await.unwrap() });
    (addr, effects)
}

fn all(effects: &[&Arc<Mutex<Vec<String>>>]) -> Vec<String> {
    let mut all: Vec<String> =
        effects.iter().flat_map(|e| e.lock().unwrap_or_else(PoisonError::into_inner).clone()).collect();
    all.sort();
    all
}

#[test]
fn the_ttl_is_twice_the_age_window_plus_the_retry_horizon() {
    assert_eq!(claim_ttl(DEFAULT_TOLERANCE, RETRY_HORIZON), TTL);
    assert_eq!(claim_ttl(Duration::from_secs(60), Duration::ZERO), Duration::from_secs(120));
}

#[tokio::test]
async fn one_delivery_sent_to_two_instances_has_one_side_effect() {
    let redis = RedisServer::start();
    let (a, effects_a) = instance("a", &redis).await;
    let (b, effects_b) = instance("b", &redis).await;

    // The same signed bytes to both at once, then each again.
    let report = Delivery::signed("end-of-call-report", END_OF_CALL_REPORT);
    let (first_a, first_b) = tokio::join!(report.post(a), report.post(b));
    let (again_a, again_b) = tokio::join!(report.post(a), report.post(b));
    for answer in [first_a, first_b, again_a, again_b] {
        assert_eq!((answer.status, answer.body.as_str()), (204, ""));
    }
    assert_eq!(all(&[&effects_a, &effects_b]), ["summary of call c1: Booked a check-up."]);

    // Another delivery (another message timestamp) is another side effect, also once.
    let update = Delivery::signed("status-update", STATUS_UPDATE);
    let (first_a, first_b) = tokio::join!(update.post(a), update.post(b));
    assert_eq!((first_a.status, first_b.status), (204, 204));
    assert_eq!(
        all(&[&effects_a, &effects_b]),
        ["call c1 is ended", "summary of call c1: Booked a check-up."]
    );

    // The key in Redis is the fingerprint's, with the ttl set.
    let fingerprint = parse_event(END_OF_CALL_REPORT.as_bytes(), None).unwrap().delivery_fingerprint();
    let mut connection =
        redis::Client::open(redis.url()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let ttl: i64 =
        redis::cmd("TTL").arg(RedisClaims::key(&fingerprint)).query_async(&mut connection).await.unwrap();
    assert!((TTL.as_secs() as i64 - 60..=TTL.as_secs() as i64).contains(&ttl), "ttl {ttl}");
    let keys: Vec<String> =
        redis::cmd("KEYS").arg("hms:delivery:*").query_async(&mut connection).await.unwrap();
    assert_eq!(keys.len(), 2);
}

#[tokio::test]
async fn tool_calls_are_answered_every_time() {
    let redis = RedisServer::start();
    let (a, effects_a) = instance("a", &redis).await;
    let (b, effects_b) = instance("b", &redis).await;
    let calls = Delivery::signed("tool-calls", TOOL_CALLS);
    let expected = r#"{"results":[{"tool_call_id":"t1","error":"no tools here"},{"tool_call_id":"t2","error":"no tools here"}]}"#;
    for addr in [a, b, a] {
        let answer = calls.post(addr).await;
        assert_eq!((answer.status, answer.body.as_str()), (200, expected));
    }
    assert_eq!(all(&[&effects_a, &effects_b]), Vec::<String>::new());
}

#[tokio::test]
async fn without_redis_an_instance_answers_503_and_does_nothing() {
    let redis = RedisServer::start();
    let (a, effects_a) = instance("a", &redis).await;
    drop(redis);
    let answer = Delivery::signed("status-update", STATUS_UPDATE).post(a).await;
    assert_eq!((answer.status, answer.body.as_str()), (503, "deduplication store unavailable"));
    assert_eq!(all(&[&effects_a]), Vec::<String>::new());
}
