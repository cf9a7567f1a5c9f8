//! A user app on axum: the four events answered through the `Webhook` extractor, served on a
//! loopback port and driven by a real HTTP client. The glue between axum and the app (router,
//! state, dispatch) is the part between the `glue` markers; a test below holds it under 15 lines.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, Router, routing::post};
use hmsovereign_webhooks::{Event, Verifier};
use hmsovereign_webhooks_axum::{Rejection, Webhook, WebhookConfig};

#[path = "support/client.rs"]
mod client;
#[path = "support/practice.rs"]
mod practice;
#[path = "support/scenarios.rs"]
mod scenarios;

use client::SECRET;
use practice::Practice;

// ---- glue (begin)
fn app(config: WebhookConfig, practice: Arc<Practice>) -> Router {
    Router::new().route("/webhooks", post(webhook)).layer(Extension(practice)).with_state(Arc::new(config))
}

async fn webhook(Extension(p): Extension<Arc<Practice>>, hook: Webhook) -> Result<Response, Rejection> {
    match hook.event()? {
        Event::AssistantRequest(request) => return Ok(Json(p.greet(&request)).into_response()),
        Event::ToolCalls(calls) => return Ok(Json(p.run_tools(&calls)).into_response()),
        Event::StatusUpdate(update) => p.status(&update),
        Event::EndOfCallReport(report) => p.report(&report),
        _ => {} // a type this app does not know: acknowledge it
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
// ---- glue (end)

/// Serves the app on 127.0.0.1 at a port the system picks, on the test's runtime.
async fn serve(config: WebhookConfig) -> (SocketAddr, Arc<Practice>) {
    let practice = Arc::new(Practice::default());
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(config, practice.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (addr, practice)
}

fn config() -> WebhookConfig {
    WebhookConfig::new(Verifier::new(SECRET).unwrap())
}

#[tokio::test]
async fn the_four_events_and_an_unknown_one_are_answered() {
    let (addr, practice) = serve(config()).await;
    scenarios::the_four_events_and_an_unknown_one_are_answered(addr, &practice).await;
}

#[tokio::test]
async fn every_verification_failure_is_401_with_the_reason() {
    let (addr, practice) = serve(config()).await;
    scenarios::every_verification_failure_is_401_with_the_reason(addr, &practice).await;
}

#[tokio::test]
async fn an_authentic_but_invalid_body_is_400() {
    let (addr, practice) = serve(config()).await;
    scenarios::an_authentic_but_invalid_body_is_400(addr, &practice).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_or_without_content_length() {
    let (addr, practice) = serve(config().with_body_limit(1024)).await;
    scenarios::a_body_over_the_limit_is_413_with_or_without_content_length(addr, &practice).await;
}

#[test]
fn the_glue_is_under_15_lines() {
    let source = include_str!("user_app.rs");
    let begin = source.find("// ---- glue (begin)\n").unwrap();
    let end = source.find("// ---- glue (end)").unwrap();
    let glue = source[begin..end].lines().skip(1).filter(|line| !line.trim().is_empty()).count();
    assert!(glue < 15, "{glue} lines of glue");
}
