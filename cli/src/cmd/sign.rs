//! `hms-webhooks sign [FILE|-]`: the headers that authenticate a body, or a curl command.

use hmsovereign_webhooks::{UnixTime, parse_event};
use serde_json::{Map, Value, json};

use crate::failure::{Failure, read_input};
use crate::output::Out;
use crate::request::build_request;
use crate::secret::{Secret, signing_key};

/// Print the headers that sign a body as the platform would (or a ready-to-paste curl command).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The body to sign, sent byte for byte; `-` (the default) reads standard input.
    #[arg(value_name = "FILE|-", default_value = "-")]
    file: String,
    /// The webhook secret (else HMS_WEBHOOK_SECRET).
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// The signing time in Unix seconds (default: now).
    #[arg(long, value_name = "SECS")]
    timestamp: Option<u64>,
    /// The X-Webhook-Event value (default: the body's message.type, if it has one).
    #[arg(long, value_name = "TYPE")]
    event: Option<String>,
    /// Print a curl command that sends the signed body to URL.
    #[arg(long, value_name = "URL")]
    curl: Option<String>,
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let key = signing_key(&args.secret)?;
    let body = read_input(&args.file)?;
    let time = args.timestamp.map_or_else(UnixTime::now, UnixTime::from_secs);
    let event = args
        .event
        .clone()
        .or_else(|| parse_event(&body, None).ok().map(|event| event.event_type().as_str().to_owned()));
    let url = args.curl.clone().unwrap_or_default();
    let request = build_request(&url, body, event.as_deref(), &key, time)?;

    if let Some(url) = &args.curl {
        let data = if args.file == "-" {
            let text = std::str::from_utf8(&request.body).ok().filter(|text| !text.contains('\0')).ok_or_else(|| {
                Failure::usage("the body on standard input is not UTF-8 text without NUL; pass it as a FILE for --curl")
            })?;
            format!("--data-binary {}", shell_quote(text))
        } else {
            format!("--data-binary {}", shell_quote(&format!("@{}", args.file)))
        };
        let mut command = format!("curl -sS -X POST {}", shell_quote(url));
        for (name, value) in &request.headers {
            command.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{name}: {value}"))));
        }
        command.push_str(&format!(" \\\n  {data}"));
        out.line(&command);
        out.object(&json!({"curl": command}));
        return Ok(());
    }
    for (name, value) in &request.headers {
        out.line(&format!("{name}: {value}"));
    }
    let headers: Map<String, Value> =
        request.headers.iter().map(|(name, value)| ((*name).to_owned(), json!(value))).collect();
    out.object(&json!({
        "timestamp": time.as_secs(),
        "signature": request.header(hmsovereign_webhooks::SIGNATURE_HEADER),
        "event": event,
        "headers": headers,
    }));
    Ok(())
}

/// `text` as one POSIX shell word.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
