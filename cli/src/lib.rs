//! The `hms-webhooks` command line tool, as a library: `src/main.rs` only calls [`main`].
//!
//! Exit codes: 0 all good; 1 the receiver broke the protocol or a signature is invalid; 2 a usage
//! error or no connection.
//!
//! Nothing here is public API except [`main`]; the hidden `fuzzing` module exists for the fuzz
//! targets of the repository's `fuzz/` package.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod audit;
mod check;
mod clock;
mod cmd;
mod failure;
mod fixtures;
mod json;
mod output;
mod request;
mod secret;
mod send;

#[doc(hidden)]
pub mod fuzzing;

/// Sign, verify, send and receive HMS Sovereign webhooks.
///
/// Exit codes: 0 all good; 1 the receiver broke the protocol or a signature is invalid; 2 a usage
/// error or no connection. Secrets come from --secret or HMS_WEBHOOK_SECRET and are never printed.
#[derive(Debug, Parser)]
#[command(name = "hms-webhooks", version)]
struct Cli {
    /// One JSON object per line instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Sign(cmd::sign::Args),
    Verify(cmd::verify::Args),
    Trigger(cmd::trigger::Args),
    Call(cmd::call::Args),
    Listen(cmd::listen::Args),
    Demo(cmd::demo::Args),
    Audit(audit::Args),
}

/// Runs the command line tool on the process's arguments and returns its exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2, and with
            // --json also leave their first line as an error object.
            if error.use_stderr() && std::env::args_os().any(|arg| arg == "--json") {
                let rendered = error.to_string();
                let first = rendered.lines().next().unwrap_or_default();
                let message = first.strip_prefix("error: ").unwrap_or(first);
                println!("{}", serde_json::json!({ "error": message, "kind": "usage" }));
            }
            error.exit();
        }
    };
    let out = output::Out::new(cli.json);
    let result = match cli.command {
        Command::Sign(args) => cmd::sign::run(args, &out),
        Command::Verify(args) => cmd::verify::run(args, &out),
        Command::Trigger(args) => cmd::trigger::run(args, &out),
        Command::Call(args) => cmd::call::run(args, &out),
        Command::Listen(args) => cmd::listen::run(args, &out),
        Command::Demo(args) => cmd::demo::run(args, &out),
        // The audit's exit code is its verdict: it prints its own summary, not an error line.
        Command::Audit(args) => return audit::run(args, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let kind = match &failure {
                failure::Failure::Violation(_) => "violation",
                failure::Failure::Usage(_) => "usage",
                failure::Failure::Connection(_) => "connection",
            };
            out.error(kind, &failure.to_string());
            failure.exit_code()
        }
    }
}
