//! Sending one request over HTTP(S) with ureq, and timing the answer.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use crate::request::OutgoingRequest;

/// The most of a response body read: 1 MiB. A webhook answer is a few KiB at most.
const RESPONSE_LIMIT: u64 = 1024 * 1024;

/// The receiver's answer.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// From just before the request was sent to the end of the response body.
    pub(crate) latency: Duration,
}

/// Why there is no answer.
#[derive(Debug)]
pub(crate) enum SendError {
    /// No answer within the timeout (the receiver is too slow).
    Timeout(Duration),
    /// The receiver answered, but not with HTTP a client can read (or closed the connection
    /// without an answer), after this long.
    Broken(String, Duration),
    /// No exchange at all: the URL is unusable, the host unknown, the connection refused, TLS
    /// failed.
    Connection(String),
    /// The URL cannot be used.
    BadUrl(String),
}

/// Sends `request` and waits at most `timeout` for the whole answer. Redirects are not followed
/// (the platform does not follow them either): a 3xx is the answer.
pub(crate) fn send(request: &OutgoingRequest, timeout: Duration) -> Result<Exchange, SendError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(concat!("hms-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut builder = agent.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let started = Instant::now();
    let response = builder.send(&request.body[..]).map_err(|error| classify(error, started, &request.url))?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .with_config()
        .limit(RESPONSE_LIMIT)
        .read_to_vec()
        .map_err(|error| classify(error, started, &request.url))?;
    Ok(Exchange { status, body, latency: started.elapsed() })
}

fn classify(error: ureq::Error, started: Instant, url: &str) -> SendError {
    match error {
        ureq::Error::Timeout(_) => SendError::Timeout(started.elapsed()),
        ureq::Error::BadUri(reason) => SendError::BadUrl(format!("`{url}` is not a usable URL: {reason}")),
        ureq::Error::Http(reason) => SendError::BadUrl(format!("`{url}` is not a usable URL: {reason}")),
        ureq::Error::HostNotFound => {
            SendError::Connection(format!("cannot connect to {url}: host not found"))
        }
        ureq::Error::ConnectionFailed => {
            SendError::Connection(format!("cannot connect to {url}: connection failed"))
        }
        ureq::Error::Tls(reason) => SendError::Connection(format!("cannot connect to {url}: TLS: {reason}")),
        ureq::Error::Rustls(reason) => {
            SendError::Connection(format!("cannot connect to {url}: TLS: {reason}"))
        }
        ureq::Error::Io(io) if is_connect_error(io.kind()) => {
            SendError::Connection(format!("cannot connect to {url}: {io}"))
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => SendError::Timeout(started.elapsed()),
        // rustls reports a failed handshake (a plain-HTTP server on an https:// URL, a bad
        // certificate) as invalid data on the socket.
        ureq::Error::Io(io) if io.kind() == ErrorKind::InvalidData => {
            SendError::Connection(format!("cannot connect to {url}: TLS failed: {io}"))
        }
        // The receiver accepted the connection, then dropped it without a whole answer.
        ureq::Error::Io(io) if is_dropped(io.kind()) => SendError::Broken(
            format!("the receiver closed the connection without a full answer: {io}"),
            started.elapsed(),
        ),
        // Anything else (a failed name lookup among them) happened before any exchange.
        ureq::Error::Io(io) => SendError::Connection(format!("cannot connect to {url}: {io}")),
        ureq::Error::Protocol(reason) => {
            SendError::Broken(format!("the answer is not valid HTTP/1.1: {reason}"), started.elapsed())
        }
        ureq::Error::BodyExceedsLimit(limit) => {
            SendError::Broken(format!("the answer's body is larger than {limit} bytes"), started.elapsed())
        }
        other => SendError::Broken(other.to_string(), started.elapsed()),
    }
}

fn is_dropped(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe
    )
}

fn is_connect_error(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionRefused
            | ErrorKind::AddrNotAvailable
            | ErrorKind::NetworkUnreachable
            | ErrorKind::HostUnreachable
            | ErrorKind::NotFound
    )
}
