//! `hms-webhooks trigger EVENT --url URL`: one signed event, and the receiver's answer judged.

use std::time::Duration;

use hmsovereign_webhooks::UnixTime;

use crate::check::{Report, deliver, print_heading};
use crate::failure::{Failure, read_input};
use crate::fixtures::{EventKind, RequestedCall, apply_set, validate};
use crate::output::Out;
use crate::request::build_request;
use crate::secret::{Secret, signing_key};

/// Send one signed event (a built-in fixture, or your own body) and check the answer.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The event type to send.
    #[arg(value_enum, value_name = "EVENT")]
    event: EventKind,
    /// Where to POST it, http:// or https://.
    #[arg(long, value_name = "URL")]
    url: String,
    /// The webhook secret (else HMS_WEBHOOK_SECRET).
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// Override a field of the built-in fixture: PATH is dot-separated from the body's root
    /// (`message.call.id`, `message.tool_call_list.0.function.name`), VALUE is JSON or else a
    /// string. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE", conflicts_with = "body")]
    set: Vec<String>,
    /// Send this file's bytes as the body instead of the fixture; `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    body: Option<String>,
    /// Send the body even if it is not a valid event of type EVENT.
    #[arg(long)]
    allow_invalid: bool,
    /// How long to wait for the answer, in seconds (default: the event's deadline, 5 s or 10 s;
    /// 10 s for events without one).
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let key = signing_key(&args.secret)?;
    let body = match &args.body {
        Some(path) => read_input(path)?,
        None => fixture_body(args.event, None, &args.set)?,
    };
    let calls = checked_calls(args.event, &body, args.allow_invalid)?;
    let timeout = timeout(args.timeout)?;
    let request = build_request(&args.url, body, Some(args.event.as_str()), &key, UnixTime::now())?;
    print_heading(out, &request, args.event, &calls, None);
    let report = deliver(&request, args.event, &calls, timeout)?;
    report.print(out, None);
    verdict(&[report])
}

/// The built-in body of `event`, stamped now, with `call_id` and the `--set` overrides applied,
/// serialized compactly (as `JSON.stringify` would).
pub(crate) fn fixture_body(
    event: EventKind,
    call_id: Option<&str>,
    sets: &[String],
) -> Result<Vec<u8>, Failure> {
    let mut value = event.fixture(&crate::clock::now_iso())?;
    if let Some(id) = call_id {
        crate::fixtures::set_path(&mut value, "message.call.id", crate::json::Json::String(id.to_owned()))
            .map_err(Failure::Usage)?;
    }
    for assignment in sets {
        apply_set(&mut value, assignment)?;
    }
    value.to_vec().map_err(|error| Failure::usage(format!("cannot write the body: {error}")))
}

/// Checks the body with the crate's parser before it is sent: a body the platform could not have
/// sent is a usage error unless `allow_invalid`.
pub(crate) fn checked_calls(
    event: EventKind,
    body: &[u8],
    allow_invalid: bool,
) -> Result<Vec<RequestedCall>, Failure> {
    match validate(event, body) {
        Ok(calls) => Ok(calls),
        Err(_) if allow_invalid => Ok(Vec::new()),
        Err(error) => Err(Failure::usage(format!(
            "the body is not a valid {} event ({error}); fix it, or send it anyway with --allow-invalid",
            event.as_str()
        ))),
    }
}

pub(crate) fn timeout(seconds: Option<f64>) -> Result<Option<Duration>, Failure> {
    seconds
        .map(|secs| {
            Duration::try_from_secs_f64(secs).ok().filter(|duration| !duration.is_zero()).ok_or_else(|| {
                Failure::usage(format!("--timeout {secs}: expected a positive number of seconds"))
            })
        })
        .transpose()
}

/// Exit 1 with a summary when any delivery broke a rule.
pub(crate) fn verdict(reports: &[Report]) -> Result<(), Failure> {
    let broken: Vec<String> = reports
        .iter()
        .flat_map(|report| {
            report
                .violations
                .iter()
                .map(move |finding| format!("{}: {}", report.event.as_str(), finding.rule))
        })
        .collect();
    if broken.is_empty() {
        Ok(())
    } else {
        Err(Failure::Violation(format!("the receiver broke the protocol ({})", broken.join(", "))))
    }
}
