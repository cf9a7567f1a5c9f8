//! A standalone webhook receiver on axum: verifies every request, then answers each event.
//!
//! ```text
//! HMS_WEBHOOK_SECRET=whsec_... cargo run -p hmsovereign-webhooks-axum --example axum_receiver [ADDRESS]
//! ```
//!
//! It listens on `ADDRESS` (the first argument, else the `HMS_RECEIVER_ADDR` variable, else
//! `127.0.0.1:3000`) for `POST /webhooks`, and verifies with the secret in `HMS_WEBHOOK_SECRET`
//! (the assistant's `webhook_secret`; a demo secret if unset). Ctrl-C stops it. To try it, sign a
//! request with the same secret (`SigningKey::sign`) and send it with any HTTP client, e.g.
//!
//! ```text
//! curl -i localhost:3000/webhooks -H 'X-Webhook-Timestamp: …' -H 'X-Webhook-Signature: sha256=…' \
//!      -H 'X-Webhook-Event: status-update' --data-binary @body.json
//! ```
//!
//! The receiver itself is in `support/receiver.rs`: the handler takes a `Webhook` (the extractor
//! has read the raw body, verified it and checked that it parses), logs a rejection (401 not
//! authentic or not fresh, 400 authentic but not a valid event, 413 over 1 MiB) before answering
//! with it, and otherwise answers the event. `examples/walkthrough.rs` plays a whole call against
//! the same receiver.

use std::net::SocketAddr;
use std::process::ExitCode;

use hmsovereign_webhooks::Verifier;

#[allow(dead_code, reason = "what the receiver stored is read by the walkthrough and the tests only")]
#[path = "support/receiver.rs"]
mod receiver;

const DEFAULT_ADDR: &str = "127.0.0.1:3000";
const DEMO_SECRET: &str = "whsec_walkthrough_demo_secret";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let addr = std::env::args().nth(1).or_else(|| std::env::var("HMS_RECEIVER_ADDR").ok());
    let addr = addr.as_deref().unwrap_or(DEFAULT_ADDR);
    let Ok(addr) = addr.parse::<SocketAddr>() else {
        eprintln!("axum_receiver: `{addr}` is not an address such as {DEFAULT_ADDR}");
        return ExitCode::FAILURE;
    };
    let secret = std::env::var("HMS_WEBHOOK_SECRET").unwrap_or_else(|_| {
        eprintln!("axum_receiver: HMS_WEBHOOK_SECRET is not set; using the demo secret {DEMO_SECRET:?}");
        DEMO_SECRET.to_owned()
    });
    let verifier = match Verifier::new(&secret) {
        Ok(verifier) => verifier,
        Err(error) => {
            eprintln!("axum_receiver: {error}");
            return ExitCode::FAILURE;
        }
    };

    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("axum_receiver: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("axum_receiver: listening on http://{addr}{}", receiver::PATH);
    match axum::serve(listener, receiver::router(receiver::Receiver::new(verifier))).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("axum_receiver: {error}");
            ExitCode::FAILURE
        }
    }
}
