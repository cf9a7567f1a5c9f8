//! One module per subcommand: each has its clap `Args` and a `run(args, &Out)`.
//!
//! Shared parts: `request::build_request` (the one request builder), `send::send` (one HTTP
//! exchange), `check::deliver` (send and judge by the protocol's rules, with stable rule ids) and
//! `fixtures` (built-in events, `--set`). A future `audit` subcommand (tampered, stale, unsigned
//! requests) builds with `build_request`, alters the `OutgoingRequest`, and sends with `send`.

pub(crate) mod call;
pub(crate) mod demo;
pub(crate) mod listen;
pub(crate) mod sign;
pub(crate) mod trigger;
pub(crate) mod verify;
