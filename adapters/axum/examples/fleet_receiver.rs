//! A receiver meant to run as several instances behind a load balancer, which share one Redis to
//! handle each delivery once across the fleet.
//!
//! The platform may deliver a webhook more than once, and a repeat may reach another instance than
//! the first delivery did, so the per-process `Deduplicator` of the core crate is not enough. Each
//! instance instead claims the delivery's `Fingerprint` in Redis with `SET key 1 NX EX ttl`: the
//! one `SET` that creates the key wins and does the work, every other instance acknowledges the
//! repeat without doing it.
//!
//! What is deduplicated: the events whose response the platform ignores (`status-update`,
//! `end-of-call-report`), where a repeat must not repeat the side effect. `assistant-request` and
//! `tool-calls` are answered every time: the platform repeats them when it did not get the
//! answer, so it needs the answer again (make the tools themselves idempotent).
//!
//! When Redis cannot be reached the instance answers 503 and does nothing, so the platform retries
//! later instead of the side effect running twice; when the side effect fails after the claim,
//! the key is deleted again so that the retry is handled.
//!
//! Run: `HMS_WEBHOOK_SECRET=whsec_... REDIS_URL=redis://127.0.0.1:6379/ cargo run -p
//! hmsovereign-webhooks-axum --example fleet_receiver -- 127.0.0.1:3000` (several times, on other
//! ports, for a fleet).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hmsovereign_webhooks::{DEFAULT_TOLERANCE, Event, Fingerprint, ToolResultsBuilder, Verifier};
use hmsovereign_webhooks_axum::{Rejection, Webhook, WebhookConfig};
use redis::aio::MultiplexedConnection;

/// How long the platform may go on retrying a delivery after it first sent it. The platform does
/// not document a retry schedule; one hour is this example's assumption, to adjust when it is
/// known.
pub(crate) const RETRY_HORIZON: Duration = Duration::from_secs(3600);

/// How long a claimed fingerprint is kept: the age window twice, plus the retry horizon.
///
/// A delivery stamped `t` is accepted from `now = t - tolerance` to `now = t + tolerance`, so a
/// verbatim replay can arrive up to `2 × tolerance` after the first copy was claimed; a retry the
/// platform signs anew can arrive until the end of its retry horizon. The key must outlive both,
/// and their sum is a bound on either: with the default tolerance of 300 s and a one-hour horizon,
/// 4,200 s. A longer ttl costs only Redis memory (some 100 bytes per delivery); a shorter one lets
/// a late repeat through.
pub(crate) fn claim_ttl(tolerance: Duration, retry_horizon: Duration) -> Duration {
    tolerance.saturating_mul(2).saturating_add(retry_horizon)
}

/// Claims deliveries in a Redis shared by the fleet.
#[derive(Clone)]
pub(crate) struct RedisClaims {
    connection: MultiplexedConnection,
    ttl: Duration,
}

impl RedisClaims {
    /// Connects to the Redis at `url` (`redis://host:port/`).
    pub(crate) async fn connect(url: &str, ttl: Duration) -> redis::RedisResult<Self> {
        let connection = redis::Client::open(url)?.get_multiplexed_async_connection().await?;
        Ok(Self { connection, ttl })
    }

    /// The Redis key of a delivery.
    pub(crate) fn key(fingerprint: &Fingerprint) -> String {
        format!("hms:delivery:{fingerprint}")
    }

    /// `true` if this call claimed the delivery (handle it), `false` if some instance already had.
    pub(crate) async fn claim(&self, fingerprint: &Fingerprint) -> redis::RedisResult<bool> {
        let reply: Option<String> = redis::cmd("SET")
            .arg(Self::key(fingerprint))
            .arg(1)
            .arg("NX")
            .arg("EX")
            .arg(self.ttl.as_secs().max(1))
            .query_async(&mut self.connection.clone())
            .await?;
        Ok(reply.is_some())
    }

    /// Gives a claimed delivery up again, so that the platform's retry is handled.
    pub(crate) async fn release(&self, fingerprint: &Fingerprint) -> redis::RedisResult<()> {
        redis::cmd("DEL").arg(Self::key(fingerprint)).query_async(&mut self.connection.clone()).await
    }
}

/// One instance's state.
#[derive(Clone)]
pub(crate) struct Instance {
    /// Its name, for the log.
    pub(crate) name: &'static str,
    /// The verifier and body limit.
    pub(crate) webhooks: Arc<WebhookConfig>,
    /// The fleet's claims.
    pub(crate) claims: RedisClaims,
    /// The side effects this instance ran (standing in for e-mails sent, rows written).
    pub(crate) effects: Arc<Mutex<Vec<String>>>,
}

impl FromRef<Instance> for Arc<WebhookConfig> {
    fn from_ref(instance: &Instance) -> Self {
        instance.webhooks.clone()
    }
}

impl Instance {
    fn run(&self, effect: String) -> Result<(), String> {
        println!("{}: {effect}", self.name);
        self.effects.lock().unwrap_or_else(PoisonError::into_inner).push(effect);
        Ok(())
    }
}

/// The router: `POST /webhooks`.
pub(crate) fn router(instance: Instance) -> Router {
    Router::new().route("/webhooks", post(webhook)).with_state(instance)
}

async fn webhook(State(instance): State<Instance>, hook: Webhook) -> Result<Response, Rejection> {
    let event = hook.event()?;
    let effect = match &event {
        // Answered every time: a repeat means the platform did not get the answer.
        Event::AssistantRequest(_) => return Ok(Json(serde_json::json!({})).into_response()),
        Event::ToolCalls(calls) => {
            let mut results = ToolResultsBuilder::new();
            for call in &calls.tool_calls {
                let _ = results.error(&call.id, "no tools here");
            }
            return Ok(
                ([(axum::http::header::CONTENT_TYPE, "application/json")], results.finish()).into_response()
            );
        }
        Event::StatusUpdate(update) => format!(
            "call {} is {}",
            update.common.call.id,
            update.common.call.status.as_ref().map_or("?", |status| status.as_str())
        ),
        Event::EndOfCallReport(report) => {
            format!("summary of call {}: {}", report.common.call.id, report.summary)
        }
        _ => return Ok(StatusCode::NO_CONTENT.into_response()),
    };
    let fingerprint = event.delivery_fingerprint();
    match instance.claims.claim(&fingerprint).await {
        Ok(true) => {}
        // A repeat that another instance (or this one) already handled: acknowledge it.
        Ok(false) => return Ok(StatusCode::NO_CONTENT.into_response()),
        // Without the shared memory a repeat cannot be recognised: let the platform retry later.
        Err(error) => {
            eprintln!("{}: redis: {error}", instance.name);
            return Ok((StatusCode::SERVICE_UNAVAILABLE, "deduplication store unavailable").into_response());
        }
    }
    match instance.run(effect) {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(error) => {
            // Released so that the platform's retry is handled; a failed release only means the
            // retry is taken for a repeat until the ttl ends.
            let _ = instance.claims.release(&fingerprint).await;
            Ok((StatusCode::INTERNAL_SERVER_ERROR, error).into_response())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3000".into());
    let secret = std::env::var("HMS_WEBHOOK_SECRET").map_err(|_| "set HMS_WEBHOOK_SECRET")?;
    let redis_url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into());
    let instance = Instance {
        name: "receiver",
        webhooks: Arc::new(WebhookConfig::new(Verifier::new(&secret)?)),
        claims: RedisClaims::connect(&redis_url, claim_ttl(DEFAULT_TOLERANCE, RETRY_HORIZON)).await?,
        effects: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}/webhooks", listener.local_addr()?);
    axum::serve(listener, router(instance)).await?;
    Ok(())
}
