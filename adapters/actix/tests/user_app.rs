//! A user app on actix-web: the four events answered through the `Webhook` extractor, served on a
//! loopback port and driven by a real HTTP client, through the same scenarios and with the same
//! business code as the axum user app (the support files are the axum crate's, included by path).
//! The glue between actix-web and the app is the part between the `glue` markers; a test below
//! holds it under 15 lines.

use std::net::{Ipv4Addr, SocketAddr};

use actix_web::web::{self, Data, ServiceConfig, post};
use actix_web::{App, HttpResponse, HttpServer};
use hmsovereign_webhooks::{Event, Verifier};
use hmsovereign_webhooks_actix::{Rejection, Webhook, WebhookConfig};

#[path = "../../axum/tests/support/client.rs"]
mod client;
#[path = "../../axum/tests/support/practice.rs"]
mod practice;
#[path = "../../axum/tests/support/scenarios.rs"]
mod scenarios;

use client::SECRET;
use practice::Practice;

// ---- glue (begin)
fn routes(webhooks: Data<WebhookConfig>, p: Data<Practice>) -> impl Fn(&mut ServiceConfig) + Clone {
    move |app| _ = app.app_data(webhooks.clone()).app_data(p.clone()).route("/webhooks", post().to(webhook))
}

async fn webhook(p: Data<Practice>, hook: Webhook) -> Result<HttpResponse, Rejection> {
    match hook.event()? {
        Event::AssistantRequest(request) => return Ok(HttpResponse::Ok().json(p.greet(&request))),
        Event::ToolCalls(calls) => return Ok(HttpResponse::Ok().json(p.run_tools(&calls))),
        Event::StatusUpdate(update) => p.status(&update),
        Event::EndOfCallReport(report) => p.report(&report),
        _ => {} // a type this app does not know: acknowledge it
    }
    Ok(HttpResponse::NoContent().finish())
}
// ---- glue (end)

/// Serves the app on 127.0.0.1 at a port the system picks, with one worker, on the test's system.
fn serve(config: WebhookConfig) -> (SocketAddr, Data<Practice>) {
    let practice = Data::new(Practice::default());
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = routes(Data::new(config), practice.clone());
    let server = HttpServer::new(move || App::new().configure(routes.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    (addr, practice)
}

fn config() -> WebhookConfig {
    WebhookConfig::new(Verifier::new(SECRET).unwrap())
}

#[actix_web::test]
async fn the_four_events_and_an_unknown_one_are_answered() {
    let (addr, practice) = serve(config());
    scenarios::the_four_events_and_an_unknown_one_are_answered(addr, &practice).await;
}

#[actix_web::test]
async fn every_verification_failure_is_401_with_the_reason() {
    let (addr, practice) = serve(config());
    scenarios::every_verification_failure_is_401_with_the_reason(addr, &practice).await;
}

#[actix_web::test]
async fn an_authentic_but_invalid_body_is_400() {
    let (addr, practice) = serve(config());
    scenarios::an_authentic_but_invalid_body_is_400(addr, &practice).await;
}

#[actix_web::test]
async fn a_body_over_the_limit_is_413_with_or_without_content_length() {
    let (addr, practice) = serve(config().with_body_limit(1024));
    scenarios::a_body_over_the_limit_is_413_with_or_without_content_length(addr, &practice).await;
}

#[actix_web::test]
async fn without_the_app_data_the_extractor_answers_500() {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    async fn only_the_extractor(hook: Webhook) -> HttpResponse {
        HttpResponse::Ok().body(hook.into_body())
    }
    let server = HttpServer::new(|| App::new().route("/webhooks", web::post().to(only_the_extractor)))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    let answer = client::Delivery::signed("status-update", client::STATUS_UPDATE).post(addr).await;
    assert_eq!((answer.status, answer.body.as_str()), (500, "webhook route not configured"));
}

#[test]
fn the_glue_is_under_15_lines() {
    let source = include_str!("user_app.rs");
    let begin = source.find("// ---- glue (begin)\n").unwrap();
    let end = source.find("// ---- glue (end)").unwrap();
    let glue = source[begin..end].lines().skip(1).filter(|line| !line.trim().is_empty()).count();
    assert!(glue < 15, "{glue} lines of glue");
}
