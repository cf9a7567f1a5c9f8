//! The platform's side, for the walkthrough and the tests: signs a webhook and POSTs it over
//! HTTP/1.1 with the headers HMS Sovereign sends, then reads the answer.
//!
//! A deliberately small client for loopback use: one request per connection (`Connection: close`),
//! answers framed by `Content-Length` or by the end of the connection, each exchange bounded in
//! time. It shows the bytes on the wire; it is not a general HTTP client.

use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hmsovereign_webhooks::{EventType, KeyError, SigningKey, UnixTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long the platform waits for an answer that it does not use (`status-update`,
/// `end-of-call-report`); the others have their protocol deadline
/// ([`EventType::response_deadline`]).
pub(crate) const ACKNOWLEDGE_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer read; the rest is an error.
const MAX_ANSWER: u64 = 1024 * 1024;

/// The platform, holding an assistant's `webhook_secret`.
#[derive(Debug)]
pub(crate) struct Platform {
    key: SigningKey,
}

/// A signed webhook, ready to send: the headers as the platform sets them, and the body.
#[derive(Clone, Debug)]
pub(crate) struct Webhook {
    /// The event type (`X-Webhook-Event`).
    pub(crate) event: String,
    /// Every header of the request but `Host`, `Content-Length` and `Connection`, in order.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The body, as signed (unless changed on purpose).
    pub(crate) body: Vec<u8>,
}

/// The receiver's answer.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    /// The status code, e.g. 200.
    pub(crate) status: u16,
    /// The status line's reason phrase, e.g. `OK`.
    pub(crate) reason: String,
    /// The `Content-Type` header, if any.
    pub(crate) content_type: Option<String>,
    /// The body.
    pub(crate) body: Vec<u8>,
    /// From the first byte sent to the last byte received.
    pub(crate) elapsed: Duration,
}

impl Answer {
    /// The body as text (lossily, for display).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Platform {
    /// A platform that signs with `secret`.
    pub(crate) fn new(secret: &str) -> Result<Self, KeyError> {
        Ok(Self { key: SigningKey::new(secret)? })
    }

    /// Signs `body` as sent at `time`, for the event `event`.
    pub(crate) fn sign(&self, event: &str, body: Vec<u8>, time: UnixTime) -> Webhook {
        let signed = self.key.sign(time, &body);
        Webhook {
            event: event.to_owned(),
            headers: vec![
                ("Content-Type", "application/json".to_owned()),
                ("User-Assistant", "HMS-Sovereign/1.0".to_owned()),
                ("X-Webhook-Event", event.to_owned()),
                ("X-Webhook-Timestamp", signed.timestamp().to_owned()),
                ("X-Webhook-Signature", signed.signature().to_owned()),
            ],
            body,
        }
    }
}

impl Webhook {
    /// How long the platform waits for the answer to this event.
    pub(crate) fn deadline(&self) -> Duration {
        EventType::from_name(&self.event).response_deadline().unwrap_or(ACKNOWLEDGE_TIMEOUT)
    }

    /// The value of header `name` (case-insensitive), if the webhook has it.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// POSTs the webhook to `http://{addr}{path}` and reads the answer, within
    /// [`deadline`](Self::deadline).
    pub(crate) async fn post(&self, addr: SocketAddr, path: &str) -> io::Result<Answer> {
        let deadline = self.deadline();
        tokio::time::timeout(deadline, self.exchange(addr, path)).await.unwrap_or_else(|_| {
            Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("no answer to {} within its deadline of {} s", self.event, deadline.as_secs()),
            ))
        })
    }

    async fn exchange(&self, addr: SocketAddr, path: &str) -> io::Result<Answer> {
        let started = Instant::now();
        let mut head = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\n");
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", self.body.len()));

        let mut stream = TcpStream::connect(addr).await?;
        let sent = async {
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&self.body).await?;
            stream.flush().await
        };
        match sent.await {
            // A server may answer and close before it has read the whole body (a 413, say): read
            // what it answered.
            Err(error)
                if matches!(error.kind(), io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset) => {}
            other => other?,
        }
        let mut raw = Vec::new();
        (&mut stream).take(MAX_ANSWER + 1).read_to_end(&mut raw).await?;
        if raw.len() as u64 > MAX_ANSWER {
            return Err(invalid(format!("answer longer than {MAX_ANSWER} bytes")));
        }
        let mut answer = parse_answer(&raw)?;
        answer.elapsed = started.elapsed();
        Ok(answer)
    }
}

/// Parses an HTTP/1.1 response read up to the end of the connection.
fn parse_answer(raw: &[u8]) -> io::Result<Answer> {
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| invalid("answer has no end of headers".to_owned()))?;
    let head =
        std::str::from_utf8(&raw[..split]).map_err(|_| invalid("answer head is not UTF-8".to_owned()))?;
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let (Some("HTTP/1.1" | "HTTP/1.0"), Some(code), reason) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid(format!("bad status line `{status_line}`")));
    };
    let status = code.parse().map_err(|_| invalid(format!("bad status code `{code}`")))?;
    let mut content_type = None;
    let mut content_length = None;
    for line in lines {
        let (name, value) =
            line.split_once(':').ok_or_else(|| invalid(format!("bad header line `{line}`")))?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_owned()),
            "content-length" => {
                content_length =
                    Some(value.parse::<usize>().map_err(|_| invalid(format!("bad length `{value}`")))?)
            }
            "transfer-encoding" => return Err(invalid(format!("transfer-encoding `{value}` not supported"))),
            _ => {}
        }
    }
    let body = match content_length {
        Some(length) => rest.get(..length).ok_or_else(|| invalid("answer body cut short".to_owned()))?,
        None => rest,
    };
    Ok(Answer {
        status,
        reason: reason.unwrap_or_default().to_owned(),
        content_type,
        body: body.to_vec(),
        elapsed: Duration::ZERO,
    })
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
