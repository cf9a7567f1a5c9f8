//! `hms-webhooks demo`: a local receiver in-process, and the built-in call played against it.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use hmsovereign_webhooks::{SigningKey, Verifier};

use crate::cmd::call::{builtin_steps, play};
use crate::cmd::listen::{Config, bind, serve};
use crate::failure::Failure;
use crate::output::Out;

/// The secret shared by the demo's receiver and sender (nothing leaves this process).
const DEMO_SECRET: &str = "whsec_hms_webhooks_demo";

/// Start a receiver on 127.0.0.1 and play a whole call against it (no setup needed).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The port for the receiver (0: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    port: u16,
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let steps = builtin_steps()?;
    let verifier =
        Verifier::<8>::from_secrets([DEMO_SECRET]).map_err(|error| Failure::usage(error.to_string()))?;
    let key = SigningKey::new(DEMO_SECRET).map_err(|error| Failure::usage(error.to_string()))?;
    let config = Config {
        verifier: verifier.with_tolerance(Duration::from_secs(300)),
        tool_response: None,
        assistant_response: br#"{"assistant":{"first_message":"Hello from the hms-webhooks demo!"},"max_duration_seconds":600}"#.to_vec(),
        max_requests: Some(steps.len() as u64),
        out: *out,
        prefix: "receiver: ",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Connection(format!("cannot start the server runtime: {error}")))?;
    let listener = runtime.block_on(bind(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), args.port)))?;
    let addr =
        listener.local_addr().map_err(|error| Failure::Connection(format!("cannot listen: {error}")))?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let server = std::thread::spawn(move || {
        runtime.block_on(serve(listener, config, move || {
            let _ = ready_tx.send(());
        }))
    });
    // The receiver has printed its address (or failed) before the call starts.
    let _ = ready_rx.recv();
    let played = play(&format!("http://{addr}/webhooks"), &key, &steps, Duration::ZERO, None, out);
    let served = server.join().map_err(|_| Failure::Connection("the demo receiver stopped".into()))?;
    played.and(served)
}
