//! `hms-webhooks listen --port P`: a local receiver that verifies, parses and prints each delivery.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hmsovereign_webhooks::{
    Event, Headers, ToolResultsBuilder, UnixTime, Verifier, WebhookError, parse_assistant_response,
    parse_tool_response,
};
use serde_json::{Value, json};

use crate::failure::{Failure, read_input};
use crate::output::{Out, Style, truncate};
use crate::secret::{Secret, verifier};

/// Run a local receiver: verify, parse and print each delivery, answer as a receiver would.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, value_name = "PORT")]
    port: u16,
    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// A webhook secret; repeat for several (rotation). Else HMS_WEBHOOK_SECRET.
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// The accepted age (and clock skew) of a delivery, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    tolerance: u64,
    /// Answer every tool-calls delivery with this file's bytes (a valid tool response). Default:
    /// one result per tool call.
    #[arg(long, value_name = "FILE")]
    tool_response: Option<String>,
    /// Answer every assistant-request with this file's bytes (a valid assistant response).
    /// Default: `{}`, the default assistant.
    #[arg(long, value_name = "FILE")]
    assistant_response: Option<String>,
    /// Stop after this many requests (default: run until interrupted).
    #[arg(long, value_name = "N")]
    max_requests: Option<u64>,
}

/// What the receiver answers with, and how it reports.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) verifier: Verifier<8>,
    pub(crate) tool_response: Option<Vec<u8>>,
    pub(crate) assistant_response: Vec<u8>,
    pub(crate) max_requests: Option<u64>,
    pub(crate) out: Out,
    /// Prefix of every printed line (`demo` marks the receiver's lines).
    pub(crate) prefix: &'static str,
}

#[derive(Debug)]
struct Shared {
    config: Config,
    seen: AtomicU64,
    stop: tokio::sync::Notify,
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let verifier = verifier(&args.secret)?.with_tolerance(Duration::from_secs(args.tolerance));
    let tool_response = match &args.tool_response {
        Some(path) => {
            let bytes = read_input(path)?;
            parse_tool_response(&bytes).map_err(|error| {
                Failure::usage(format!("--tool-response {path}: not a valid tool response: {error}"))
            })?;
            Some(bytes)
        }
        None => None,
    };
    let assistant_response = match &args.assistant_response {
        Some(path) => {
            let bytes = read_input(path)?;
            parse_assistant_response(&bytes).map_err(|error| {
                Failure::usage(format!(
                    "--assistant-response {path}: not a valid assistant response: {error}"
                ))
            })?;
            bytes
        }
        None => b"{}".to_vec(),
    };
    let config = Config {
        verifier,
        tool_response,
        assistant_response,
        max_requests: args.max_requests,
        out: *out,
        prefix: "",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Connection(format!("cannot start the server runtime: {error}")))?;
    runtime.block_on(async {
        let listener = bind(SocketAddr::new(args.host, args.port)).await?;
        serve(listener, config, || {}).await
    })
}

pub(crate) async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, Failure> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| Failure::Connection(format!("cannot listen on {addr}: {error}")))
}

/// Serves deliveries on `listener` until `max_requests` have been handled (or for ever), calling
/// `ready` once it prints its address.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    config: Config,
    ready: impl FnOnce(),
) -> Result<(), Failure> {
    let addr =
        listener.local_addr().map_err(|error| Failure::Connection(format!("cannot listen: {error}")))?;
    let out = config.out;
    out.line(&format!("{}listening on http://{addr}/ (any path); Ctrl-C stops", config.prefix));
    out.object(&json!({"listening": format!("http://{addr}/")}));
    ready();
    let shared = Arc::new(Shared { config, seen: AtomicU64::new(0), stop: tokio::sync::Notify::new() });
    let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
    let stopper = Arc::clone(&shared);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { stopper.stop.notified().await })
        .await
        .map_err(|error| Failure::Connection(format!("the server failed: {error}")))
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let number = shared.seen.fetch_add(1, Ordering::SeqCst) + 1;
    let response = answer(&shared.config, number, &method, &uri, &headers, &body);
    if shared.config.max_requests.is_some_and(|max| number >= max) {
        shared.stop.notify_one();
    }
    response
}

fn answer(
    config: &Config,
    number: u64,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let out = &config.out;
    let prefix = config.prefix;
    let path = uri.path();
    if method != Method::POST {
        out.line(&format!(
            "{prefix}#{number} {method} {path} {} only POST is a webhook",
            out.paint(Style::Bad, "405")
        ));
        out.object(&json!({"delivery": number, "method": method.as_str(), "path": path, "status": 405, "error": "method not allowed"}));
        return (StatusCode::METHOD_NOT_ALLOWED, "webhooks are POST requests\n").into_response();
    }
    let now = UnixTime::now();
    let hms_headers = Headers::from_http(headers);
    let verified = config.verifier.verify(&hms_headers, body, now);
    let event = verified.map_err(WebhookError::from).and_then(|verified| {
        hmsovereign_webhooks::parse_event(body, hms_headers.event())
            .map(|event| (verified, event))
            .map_err(WebhookError::from)
    });
    let (verified, event) = match event {
        Ok(pair) => pair,
        Err(error) => {
            // The crate's one mapping, as the adapters answer: 401 for every verification
            // failure, 400 for an authentic body that is not a valid event.
            let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            out.line(&format!(
                "{prefix}#{number} POST {path} {} {error}",
                out.paint(Style::Bad, &format!("rejected {}", status.as_u16()))
            ));
            out.object(&json!({"delivery": number, "method": "POST", "path": path, "status": status.as_u16(), "error": error.to_string()}));
            return (status, format!("{error}\n")).into_response();
        }
    };
    let age = now.as_secs().abs_diff(verified.timestamp().as_secs());
    let mut lines = Vec::new();
    let mut details = serde_json::Map::new();
    describe(&event, &mut lines, &mut details);
    let (status, reply): (StatusCode, Vec<u8>) = match &event {
        Event::ToolCalls(calls) => match &config.tool_response {
            Some(bytes) => (StatusCode::OK, bytes.clone()),
            None => {
                let mut builder = ToolResultsBuilder::new();
                for call in &calls.tool_calls {
                    let result = format!("{} ran (hms-webhooks listen)", call.name());
                    // A duplicated id in the request gets one answer: the builder refuses a second.
                    let _ = builder.result(&call.id, &result);
                }
                (StatusCode::OK, builder.finish().into_bytes())
            }
        },
        Event::AssistantRequest(_) => (StatusCode::OK, config.assistant_response.clone()),
        _ => (StatusCode::OK, b"{}".to_vec()),
    };
    let call = event.call().map(|call| {
        let status = call.status.as_ref().map(|status| format!(" ({})", status.as_str())).unwrap_or_default();
        format!("call {}{status}", call.id)
    });
    out.line(&format!(
        "{prefix}#{number} POST {path} {} {} secret #{}, {age} s old{}",
        out.paint(Style::Bold, event.event_type().as_str()),
        out.paint(Style::Good, "verified"),
        verified.key_index() + 1,
        call.map(|call| format!("; {call}")).unwrap_or_default()
    ));
    for line in &lines {
        out.line(&format!("{prefix}    {line}"));
    }
    let reply_text = String::from_utf8_lossy(&reply);
    out.line(&format!("{prefix}  → {} {}", status.as_u16(), truncate(reply_text.trim_end(), 200)));
    out.object(&json!({
        "delivery": number, "method": "POST", "path": path, "status": status.as_u16(),
        "event": event.event_type().as_str(), "verified": true, "secret": verified.key_index() + 1,
        "age_s": age, "call_id": event.call().map(|call| call.id.to_string()), "details": details,
        "response": reply_text,
    }));
    ([(header::CONTENT_TYPE, "application/json")], reply).with_status(status)
}

trait WithStatus {
    fn with_status(self, status: StatusCode) -> Response;
}

impl<T: IntoResponse> WithStatus for T {
    fn with_status(self, status: StatusCode) -> Response {
        (status, self).into_response()
    }
}

/// Readable lines and JSON details for one event.
fn describe(event: &Event<'_>, lines: &mut Vec<String>, details: &mut serde_json::Map<String, Value>) {
    if let Some(common) = event.common() {
        let from = common.customer_number().unwrap_or("(no number)");
        let to =
            common.phone_number.as_ref().and_then(|number| number.number.as_deref()).unwrap_or("(no number)");
        let name = common
            .phone_number
            .as_ref()
            .and_then(|number| number.name.as_deref())
            .map(|name| format!(" ({name})"))
            .unwrap_or_default();
        if common.customer.is_some() || common.phone_number.is_some() {
            lines.push(format!("customer {from} → {to}{name}"));
        }
        details.insert("customer".into(), json!(common.customer_number()));
        if let Some(assistant) = &common.assistant {
            lines.push(format!("assistant {}", truncate(assistant.as_str(), 120)));
        }
    }
    match event {
        Event::ToolCalls(calls) => {
            let mut list = Vec::new();
            for call in &calls.tool_calls {
                lines.push(format!(
                    "tool {} {} {}",
                    call.id,
                    call.name(),
                    truncate(call.function.arguments.as_str(), 160)
                ));
                list.push(json!({"id": call.id, "name": call.name(), "arguments": call.function.arguments.as_str()}));
            }
            details.insert("tool_calls".into(), Value::Array(list));
        }
        Event::StatusUpdate(update) => {
            if let Some(reason) = &update.end_reason {
                lines.push(format!("end reason {}", reason.as_str()));
                details.insert("end_reason".into(), json!(reason.as_str()));
            }
            if let Some(error) = &update.error {
                lines.push(format!("error {error}"));
                details.insert("error".into(), json!(error));
            }
        }
        Event::EndOfCallReport(report) => {
            lines.push(format!(
                "duration {} s; {} transcript messages",
                report.duration_seconds,
                report.messages.len()
            ));
            lines.push(format!("summary {}", truncate(&report.summary, 160)));
            if let Some(analysis) = &report.analysis {
                lines.push(format!("analysis {}", truncate(analysis.as_str(), 160)));
            }
            if let Some(reason) = &report.end_reason {
                lines.push(format!("end reason {}", reason.as_str()));
            }
            details.insert("duration_seconds".into(), json!(report.duration_seconds));
            details.insert("summary".into(), json!(report.summary));
            details.insert("analysis".into(), json!(report.analysis.as_ref().map(|raw| raw.as_str())));
        }
        Event::Unknown(unknown) => {
            lines.push(format!("unknown event type {}; acknowledged", unknown.event_type));
        }
        _ => {}
    }
}
