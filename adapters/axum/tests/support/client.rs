//! The platform's side of the loopback tests: signed requests sent with a real HTTP client
//! (`reqwest`), the samples of the four events, and a raw HTTP/1.1 chunked upload (reqwest sends
//! a `Content-Length` for every buffered body, so a body without one is written by hand).

use std::net::SocketAddr;
use std::time::Duration;

use hmsovereign_webhooks::{SigningKey, UnixTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) const SECRET: &str = "whsec_test_secret_12345";

pub(crate) const ASSISTANT_REQUEST: &str = r#"{"message":{"type":"assistant-request","call":{"id":"c1","status":"ringing"},"customer":{"number":"+31687654321"}}}"#;
pub(crate) const TOOL_CALLS: &str = r#"{"message":{"type":"tool-calls","call":{"id":"c1","status":"in-progress"},"tool_call_list":[{"id":"t1","type":"function","function":{"name":"check_availability","arguments":{"date":"2025-12-20"}}},{"id":"t2","type":"function","function":{"name":"send_fax","arguments":"{}"}}]}}"#;
pub(crate) const STATUS_UPDATE: &str = r#"{"message":{"type":"status-update","timestamp":"2025-12-13T12:05:00.000Z","call":{"id":"c1","status":"ended"}}}"#;
pub(crate) const END_OF_CALL_REPORT: &str = r#"{"message":{"type":"end-of-call-report","timestamp":"2025-12-13T12:05:01.000Z","call":{"id":"c1","status":"ended"},"duration_seconds":95,"summary":"Booked a check-up.","transcript":[],"end_reason":"customer-ended-call"}}"#;
pub(crate) const UNKNOWN: &str = r#"{"message":{"type":"speech-update","call":{"id":"c1"}}}"#;

/// The current time, as the platform stamps a request.
pub(crate) fn now() -> UnixTime {
    UnixTime::now()
}

/// `secs` seconds before now.
pub(crate) fn ago(secs: u64) -> UnixTime {
    now().checked_sub(Duration::from_secs(secs)).unwrap()
}

/// `secs` seconds after now.
pub(crate) fn ahead(secs: u64) -> UnixTime {
    now() + Duration::from_secs(secs)
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: String,
}

/// A request to send: the body and the header values, which a test may alter.
#[derive(Clone, Debug)]
pub(crate) struct Delivery {
    pub(crate) body: Vec<u8>,
    pub(crate) timestamp: Option<String>,
    pub(crate) signature: Option<String>,
    pub(crate) event: Option<String>,
}

impl Delivery {
    /// `body` signed with `secret` at `at`, with `X-Webhook-Event: event`.
    pub(crate) fn signed_with(secret: &str, event: &str, body: &str, at: UnixTime) -> Self {
        let signed = SigningKey::new(secret).unwrap().sign(at, body.as_bytes());
        Self {
            body: body.as_bytes().to_vec(),
            timestamp: Some(signed.timestamp().to_owned()),
            signature: Some(signed.signature().to_owned()),
            event: Some(event.to_owned()),
        }
    }

    /// `body` signed with [`SECRET`] now.
    pub(crate) fn signed(event: &str, body: &str) -> Self {
        Self::signed_with(SECRET, event, body, now())
    }

    /// POSTs it to `http://addr/webhooks` with reqwest.
    pub(crate) async fn post(&self, addr: SocketAddr) -> Answer {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        let mut request = client.post(format!("http://{addr}/webhooks")).body(self.body.clone());
        for (name, value) in [
            ("x-webhook-timestamp", &self.timestamp),
            ("x-webhook-signature", &self.signature),
            ("x-webhook-event", &self.event),
        ] {
            if let Some(value) = value {
                request = request.header(name, value);
            }
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|value| value.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        Answer { status, content_type, body }
    }

    /// Sends it with `Transfer-Encoding: chunked` and no `Content-Length`, in 8 KiB chunks, over a
    /// raw TCP connection; returns the status code of the response (the server may answer before
    /// the upload ends, so a write error after the response has started is not a failure).
    pub(crate) async fn post_chunked(&self, addr: SocketAddr) -> u16 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut head = format!(
            "POST /webhooks HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
        );
        for (name, value) in [
            ("X-Webhook-Timestamp", &self.timestamp),
            ("X-Webhook-Signature", &self.signature),
            ("X-Webhook-Event", &self.event),
        ] {
            if let Some(value) = value {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        for chunk in self.body.chunks(8 * 1024) {
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(chunk);
            frame.extend_from_slice(b"\r\n");
            if stream.write_all(&frame).await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
        let mut response = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response));
        let _ = read.await;
        let text = String::from_utf8_lossy(&response);
        let status_line = text.lines().next().unwrap_or_default().to_owned();
        status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no HTTP status line in the response: {status_line:?}"))
    }
}
