//! `hms-webhooks`: sign, verify, send and receive HMS Sovereign webhooks from the command line.
//!
//! Exit codes: 0 all good; 1 the receiver broke the protocol or a signature is invalid; 2 a usage
//! error or no connection. The tool lives in the `hms_webhooks_cli` library.

use std::process::ExitCode;

fn main() -> ExitCode {
    hms_webhooks_cli::main()
}
