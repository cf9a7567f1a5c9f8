//! `hms-webhooks verify`: checks a captured request with the crate's `Verifier`.

use std::time::Duration;

use hmsovereign_webhooks::{
    EVENT_HEADER, Headers, SIGNATURE_HEADER, TIMESTAMP_HEADER, UnixTime, VerifyError, parse_event,
};
use serde_json::json;

use crate::failure::{Failure, read_input};
use crate::output::{Out, Style};
use crate::secret::{Secret, verifier};

/// Check a captured request: header values and a body file, or one raw HTTP/1.1 request file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A raw HTTP/1.1 request as captured (request line, headers, blank line, body); `-` reads
    /// standard input.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["body", "timestamp", "signature", "event"])]
    request: Option<String>,
    /// The body file, byte for byte (with --timestamp and --signature); `-` reads standard input.
    #[arg(long, value_name = "FILE|-", required_unless_present = "request")]
    body: Option<String>,
    /// The X-Webhook-Timestamp value, verbatim.
    #[arg(long, value_name = "VALUE")]
    timestamp: Option<String>,
    /// The X-Webhook-Signature value, verbatim.
    #[arg(long, value_name = "VALUE")]
    signature: Option<String>,
    /// The X-Webhook-Event value, if the request had one.
    #[arg(long, value_name = "TYPE")]
    event: Option<String>,
    /// A webhook secret; repeat for several (rotation). Else HMS_WEBHOOK_SECRET.
    #[arg(long, value_name = "SECRET")]
    secret: Vec<Secret>,
    /// The time to check the age against, in Unix seconds (default: now).
    #[arg(long, value_name = "SECS")]
    now: Option<u64>,
    /// The accepted age (and clock skew), in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300, conflicts_with = "no_age_check")]
    tolerance: u64,
    /// Check the signature only, not the age.
    #[arg(long)]
    no_age_check: bool,
}

/// A captured request: the three header values and the body.
pub(crate) struct Captured {
    pub(crate) timestamp: Option<Vec<u8>>,
    pub(crate) signature: Option<Vec<u8>>,
    pub(crate) event: Option<Vec<u8>>,
    pub(crate) body: Vec<u8>,
}

pub(crate) fn run(args: Args, out: &Out) -> Result<(), Failure> {
    let mut verifier = verifier(&args.secret)?;
    verifier = if args.no_age_check {
        verifier.without_age_check()
    } else {
        verifier.with_tolerance(Duration::from_secs(args.tolerance))
    };
    let captured = match &args.request {
        Some(path) => parse_request(&read_input(path)?)?,
        None => Captured {
            timestamp: args.timestamp.map(String::into_bytes),
            signature: args.signature.map(String::into_bytes),
            event: args.event.map(String::into_bytes),
            body: read_input(args.body.as_deref().unwrap_or("-"))?,
        },
    };
    let mut headers = Headers::new();
    if let Some(value) = &captured.timestamp {
        headers = headers.with_timestamp(value);
    }
    if let Some(value) = &captured.signature {
        headers = headers.with_signature(value);
    }
    if let Some(value) = &captured.event {
        headers = headers.with_event(value);
    }
    let now = args.now.map_or_else(UnixTime::now, UnixTime::from_secs);

    let verified = match verifier.verify(&headers, &captured.body, now) {
        Ok(verified) => verified,
        Err(error) => {
            out.line(&format!("{} {error}", out.paint(Style::Bad, "invalid:")));
            out.object(&json!({"valid": false, "reason": reason_id(&error), "detail": error.to_string()}));
            return Err(Failure::Violation(format!("verification failed ({})", reason_id(&error))));
        }
    };
    let age = now.as_secs().abs_diff(verified.timestamp().as_secs());
    let when =
        if verified.timestamp() <= now { format!("{age} s old") } else { format!("{age} s ahead of now") };
    let secret_no = verified.key_index() + 1;
    match parse_event(&captured.body, headers.event()) {
        Ok(event) => {
            let call = event.call().map(|call| call.id.to_string());
            out.line(&format!(
                "{} signed with secret #{secret_no} at {} ({when}); {} event{}",
                out.paint(Style::Good, "valid:"),
                verified.timestamp(),
                event.event_type(),
                call.as_ref().map(|id| format!(", call {id}")).unwrap_or_default()
            ));
            out.object(&json!({
                "valid": true, "secret": secret_no, "timestamp": verified.timestamp().as_secs(),
                "age_s": age, "event": event.event_type().as_str(), "call_id": call,
            }));
            Ok(())
        }
        Err(error) => {
            out.line(&format!(
                "{} signed with secret #{secret_no} at {}, but the body is not a valid event: {error}",
                out.paint(Style::Bad, "authentic, unusable:"),
                verified.timestamp()
            ));
            out.object(&json!({"valid": true, "secret": secret_no, "event_valid": false, "detail": error.to_string()}));
            Err(Failure::Violation("authentic request with an invalid body".to_owned()))
        }
    }
}

/// A stable id for each verification failure (`--json`).
fn reason_id(error: &VerifyError) -> &'static str {
    match error {
        VerifyError::MissingSignature => "missing-signature",
        VerifyError::MissingTimestamp => "missing-timestamp",
        VerifyError::MalformedTimestamp => "malformed-timestamp",
        VerifyError::MalformedSignature => "malformed-signature",
        VerifyError::SignatureMismatch => "signature-mismatch",
        VerifyError::TimestampTooOld { .. } => "timestamp-too-old",
        VerifyError::TimestampInFuture { .. } => "timestamp-in-future",
        _ => "other",
    }
}

/// The most header lines a captured request may have.
const MAX_HEADERS: usize = 128;

/// Splits a raw HTTP/1.1 request into the three header values and the body (`Content-Length`
/// bytes after the header, or everything after it when there is no `Content-Length`). Each
/// header value is that of the header's first line (names compared case-insensitively).
pub(crate) fn parse_request(bytes: &[u8]) -> Result<Captured, Failure> {
    let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut storage);
    let header_len = match request.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            return Err(Failure::usage(
                "the request file ends inside the header (no blank line after the headers)",
            ));
        }
        Err(error) => {
            return Err(Failure::usage(format!("the request file is not an HTTP/1.1 request: {error}")));
        }
    };
    let first = |name: &str| -> Option<Vec<u8>> {
        request
            .headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value.to_vec())
    };
    if first("transfer-encoding").is_some() {
        return Err(Failure::usage(
            "the request uses Transfer-Encoding; capture it with a Content-Length body (or use --body)",
        ));
    }
    let rest = bytes.get(header_len..).unwrap_or_default();
    let body = match first("content-length") {
        Some(value) => {
            let length = content_length(&value)
                .ok_or_else(|| Failure::usage("the request's Content-Length is not a number"))?;
            rest.get(..length)
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "the request's Content-Length is {length} but only {} body bytes follow",
                        rest.len()
                    ))
                })?
                .to_vec()
        }
        None => rest.to_vec(),
    };
    Ok(Captured {
        timestamp: first(TIMESTAMP_HEADER),
        signature: first(SIGNATURE_HEADER),
        event: first(EVENT_HEADER),
        body,
    })
}

/// A `Content-Length` value: one or more ASCII digits (RFC 9110 `1*DIGIT`; the header parser has
/// already dropped the spaces around it) that fit a `usize`. No sign, no other whitespace.
fn content_length(value: &[u8]) -> Option<usize> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(bytes: &[u8]) -> String {
        match parse_request(bytes) {
            Err(Failure::Usage(message)) => message,
            Err(other) => panic!("not a usage error: {other:?}"),
            Ok(_) => panic!("accepted: {:?}", String::from_utf8_lossy(bytes)),
        }
    }

    #[test]
    fn reads_the_first_header_values_and_the_content_length_body() {
        let raw = b"POST /hook HTTP/1.1\r\nx-webhook-timestamp: 1\r\nX-Webhook-Timestamp: 2\r\n\
            X-WEBHOOK-SIGNATURE:  sha256=ab \t\r\nContent-Length: 3\r\n\r\nabcdef";
        let captured = parse_request(raw).unwrap();
        assert_eq!(captured.timestamp.as_deref(), Some(&b"1"[..]));
        assert_eq!(captured.signature.as_deref(), Some(&b"sha256=ab"[..]));
        assert_eq!(captured.event, None);
        assert_eq!(captured.body, b"abc");
        let whole = parse_request(b"POST / HTTP/1.1\r\nHost: x\r\n\r\nabc\r\n").unwrap();
        assert_eq!(whole.body, b"abc\r\n");
    }

    /// Found while writing the `cli_request` fuzz target's predictions: `Content-Length: +3` (and other values `usize`'s
    /// `FromStr` or `str::trim` forgive, such as a trailing U+3000) were taken as lengths.
    #[test]
    fn content_length_is_digits_only() {
        let not_a_number = "the request's Content-Length is not a number";
        for value in ["+3", "-0", "3\u{3000}", "\u{a0}3", "0x3", "3 3", "", "99999999999999999999999"] {
            let raw = format!("POST / HTTP/1.1\r\nContent-Length: {value}\r\n\r\nabc");
            assert_eq!(refused(raw.as_bytes()), not_a_number, "{value:?}");
        }
        assert_eq!(
            parse_request(b"POST / HTTP/1.1\r\nContent-Length: 003\r\n\r\nabcd").unwrap().body,
            b"abc"
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabc"),
            "the request's Content-Length is 4 but only 3 body bytes follow"
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc"),
            "the request uses Transfer-Encoding; capture it with a Content-Length body (or use --body)"
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nHost: x\r\n"),
            "the request file ends inside the header (no blank line after the headers)"
        );
        assert_eq!(
            refused(b"POST  / HTTP/1.1\r\n\r\n"),
            "the request file is not an HTTP/1.1 request: invalid token"
        );
    }
}
