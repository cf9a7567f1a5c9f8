//! The raw HTTP/1.1 request reader of `hms-webhooks verify --request`.
//!
//! Raw mode: any bytes; the reader never panics and gives the same result twice; on `Ok` the body
//! is exactly the bytes after the header block (the first `Content-Length` bytes of them when the
//! header is there, else all), the three webhook header values are those of each header's first
//! line (names compared case-insensitively, value without the surrounding spaces and tabs), and
//! there is no `Transfer-Encoding`; on `Err` the message is one of the reader's five.
//!
//! Structured mode: a request is *written* from fuzzed parts and the reader must return exactly
//! the header values and body written, or exactly the predicted message.
//!
//! Layout (see `src/lib.rs`): `flags: u8`. Flag 1 clear: `request: rest` (raw mode). Flag 1 set:
//! structured mode, flag 2 bare LF line ends, 4 HTTP/1.0, 8 `Transfer-Encoding: chunked` after the
//! headers; then `method: bytes`, `target: bytes`, `headers: u8` (count, mod 9), per header
//! `kind: u8` (mod 6: timestamp, signature, event, content-length, transfer-encoding, other),
//! `case: u8` (bit i flips the case of letter i mod 8), `name: bytes` (for `other`),
//! `pad: u8` (bits 0-1 leading, 2-3 trailing spaces/tabs), `value: bytes`; then
//! `content_length: u8` (mod 4: none, right, too big, garbage), `extra: u8` (too big: by how
//! much, at least 1; garbage: which), `tail: bytes` (bytes after the body with a right length),
//! `body: rest`.
#![no_main]

use hms_webhooks_cli::fuzzing::{Request, request};
use hmsovereign_webhooks_fuzz::Reader;
use libfuzzer_sys::fuzz_target;

const MESSAGES: [&str; 5] = [
    "the request file ends inside the header (no blank line after the headers)",
    "the request file is not an HTTP/1.1 request: ",
    "the request uses Transfer-Encoding; capture it with a Content-Length body (or use --body)",
    "the request's Content-Length is not a number",
    "the request's Content-Length is ",
];

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    if flags & 1 == 0 {
        raw(input.rest());
    } else {
        structured(flags, &mut input);
    }
});

/// Header lines as `(name, value)` (value trimmed of spaces and tabs), in order.
type Lines = Vec<(Vec<u8>, Vec<u8>)>;

fn trim(mut value: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = value {
        value = rest;
    }
    value
}

fn first<'l>(lines: &'l Lines, name: &str) -> Option<&'l [u8]> {
    lines
        .iter()
        .find(|(line, _)| line.eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, value)| value.as_slice())
}

/// Content-Length as RFC 9110 writes it: `1*DIGIT`.
fn content_length(value: &[u8]) -> Option<usize> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(value).ok()?.parse().ok()
}

/// What the reader must return for a request whose header lines are `lines` and whose bytes after
/// the header block are `rest`.
fn predict(lines: &Lines, rest: &[u8]) -> Result<Request, String> {
    if first(lines, "transfer-encoding").is_some() {
        return Err(MESSAGES[2].to_owned());
    }
    let body = match first(lines, "content-length") {
        None => rest.to_vec(),
        Some(value) => {
            let length = content_length(value).ok_or_else(|| MESSAGES[3].to_owned())?;
            match rest.get(..length) {
                Some(body) => body.to_vec(),
                None => {
                    return Err(format!(
                        "the request's Content-Length is {length} but only {} body bytes follow",
                        rest.len()
                    ));
                }
            }
        }
    };
    Ok(Request {
        timestamp: first(lines, "x-webhook-timestamp").map(<[u8]>::to_vec),
        signature: first(lines, "x-webhook-signature").map(<[u8]>::to_vec),
        event: first(lines, "x-webhook-event").map(<[u8]>::to_vec),
        body,
    })
}

fn raw(bytes: &[u8]) {
    let result = request(bytes);
    assert_eq!(result, request(bytes), "the request reader is not deterministic");
    match &result {
        Ok(_) => {
            // The header block read independently: lines end with LF (an optional CR before it);
            // empty lines before the request line are skipped; the block ends with an empty line.
            let mut lines = Lines::new();
            let mut at = 0;
            let mut seen_request_line = false;
            let rest = loop {
                let end = bytes[at..].iter().position(|byte| *byte == b'\n').map(|i| at + i);
                let Some(end) = end else { panic!("Ok for a request without a complete header block") };
                let line = &bytes[at..end];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                at = end + 1;
                if line.is_empty() {
                    if seen_request_line {
                        break &bytes[at..];
                    }
                    continue;
                }
                if !seen_request_line {
                    seen_request_line = true;
                    continue;
                }
                let colon =
                    line.iter().position(|byte| *byte == b':').expect("an accepted header line has a colon");
                lines.push((line[..colon].to_vec(), trim(&line[colon + 1..]).to_vec()));
            };
            assert_eq!(result, predict(&lines, rest), "request {:?}", String::from_utf8_lossy(bytes));
        }
        Err(message) => assert!(
            MESSAGES.iter().any(|known| message.starts_with(known)),
            "an undocumented message: {message}"
        ),
    }
}

const TOKEN: &[u8] = b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Maps bytes onto a character set, so every written part is valid.
fn onto(bytes: &[u8], set: &[u8]) -> Vec<u8> {
    bytes.iter().map(|byte| set[usize::from(*byte) % set.len()]).collect()
}

fn with_case(name: &str, mask: u8) -> Vec<u8> {
    name.bytes()
        .enumerate()
        .map(|(i, byte)| if mask & (1 << (i % 8)) != 0 { byte.to_ascii_uppercase() } else { byte })
        .collect()
}

fn structured(flags: u8, input: &mut Reader<'_>) {
    let eol: &[u8] = if flags & 2 != 0 { b"\n" } else { b"\r\n" };
    let version: &[u8] = if flags & 4 != 0 { b"HTTP/1.0" } else { b"HTTP/1.1" };
    let mut method = onto(input.bytes(), TOKEN);
    if method.is_empty() {
        method = b"POST".to_vec();
    }
    let visible: Vec<u8> = (0x21..=0x7e).collect();
    let mut target = onto(input.bytes(), &visible);
    if target.is_empty() {
        target = b"/".to_vec();
    }
    // Header values: visible ASCII, spaces, tabs and bytes 0x80-0xFF (what HTTP allows).
    let value_set: Vec<u8> = (0x20..=0x7e).chain(0x80..=0xff).chain(std::iter::once(b'\t')).collect();
    let mut lines = Lines::new();
    let mut written = Vec::new();
    for _ in 0..input.u8() % 9 {
        let kind = input.u8() % 6;
        let case = input.u8();
        let other = input.bytes();
        let name = match kind {
            0 => with_case("x-webhook-timestamp", case),
            1 => with_case("x-webhook-signature", case),
            2 => with_case("x-webhook-event", case),
            3 => with_case("content-length", case),
            4 => with_case("transfer-encoding", case),
            _ if other.is_empty() => b"Host".to_vec(),
            _ => onto(other, TOKEN),
        };
        let pad = input.u8();
        let value = onto(input.bytes(), &value_set);
        let mut line = name.clone();
        line.push(b':');
        line.extend((0..pad & 3).map(|i| if i % 2 == 0 { b' ' } else { b'\t' }));
        line.extend_from_slice(&value);
        line.extend((0..(pad >> 2) & 3).map(|i| if i % 2 == 0 { b'\t' } else { b' ' }));
        written.push(line);
        lines.push((name, trim(&value).to_vec()));
    }
    let te = flags & 8 != 0;
    if te {
        written.push(b"Transfer-Encoding: chunked".to_vec());
        lines.push((b"Transfer-Encoding".to_vec(), b"chunked".to_vec()));
    }
    let length_kind = input.u8() % 4;
    let extra = input.u8();
    let tail = input.bytes().to_vec();
    let body = input.rest();
    let length = match length_kind {
        0 => None,
        1 => Some(body.len().to_string()),
        2 => Some((body.len() + usize::from(extra.max(1))).to_string()),
        _ => Some(match extra % 6 {
            0 => format!("+{}", body.len()),
            1 => format!("-{}", body.len()),
            2 => format!("{}x", body.len()),
            3 => format!("0x{}", body.len()),
            4 => String::new(),
            _ => "18446744073709551616".to_owned(),
        }),
    };
    if let Some(length) = &length {
        let line = format!("Content-Length: {length}").into_bytes();
        lines.push((b"Content-Length".to_vec(), length.clone().into_bytes()));
        written.push(line);
    }
    let mut bytes = method;
    bytes.push(b' ');
    bytes.extend_from_slice(&target);
    bytes.push(b' ');
    bytes.extend_from_slice(version);
    bytes.extend_from_slice(eol);
    for line in &written {
        bytes.extend_from_slice(line);
        bytes.extend_from_slice(eol);
    }
    bytes.extend_from_slice(eol);
    let header_len = bytes.len();
    bytes.extend_from_slice(body);
    let right = length_kind == 1;
    if right {
        bytes.extend_from_slice(&tail);
    }

    let result = request(&bytes);
    assert_eq!(result, request(&bytes), "the request reader is not deterministic");
    let expected = predict(&lines, &bytes[header_len..]);
    assert_eq!(result, expected, "written request {:?}", String::from_utf8_lossy(&bytes));
    // What was written comes back: a right or absent length gives exactly the body (the tail
    // after a right length is not part of it), unless another line said otherwise first.
    if let Ok(read) = &result
        && !te
        && first(&lines, "content-length").map(<[u8]>::to_vec) == length.map(String::into_bytes)
    {
        assert_eq!(read.body, body, "the body written is not the body read");
    }
}
