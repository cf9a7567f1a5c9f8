//! The sample bodies the parse, send and instruction-count benches share: the payloads of
//! `tests/data/payloads/` and the vendor's example of each tool-response shape.

use serde_json::Value;

/// `(group name, X-Webhook-Event, body)` of the event samples, pretty-printed as received.
pub(crate) const SAMPLES: &[(&str, &str, &[u8])] = &[
    (
        "end_of_call_report",
        "end-of-call-report",
        include_bytes!("../../tests/data/payloads/end_of_call_report.json"),
    ),
    (
        "end_of_call_report_seed",
        "end-of-call-report",
        include_bytes!("../../tests/data/payloads/end_of_call_report_seed.json"),
    ),
    ("tool_calls", "tool-calls", include_bytes!("../../tests/data/payloads/tool_calls.json")),
    ("status_update", "status-update", include_bytes!("../../tests/data/payloads/status_update.json")),
    (
        "assistant_request",
        "assistant-request",
        include_bytes!("../../tests/data/payloads/assistant_request.json"),
    ),
];

/// The response shapes and the conformance case holding the vendor's example of each.
pub(crate) const SHAPES: &[(&str, &str)] = &[
    ("object", "tool-response-doc-object-format"),
    ("simple", "tool-response-doc-simple-format"),
    ("direct", "tool-response-doc-direct-format"),
    ("error", "tool-response-doc-error-format"),
];

/// `json` without the whitespace between tokens (strings are copied unchanged).
pub(crate) fn minify(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json {
        if in_string {
            out.push(byte);
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = byte == b'"';
            out.push(byte);
        }
    }
    out
}

/// The body and request ids of conformance case `id` in `tool_response.jsonl`.
pub(crate) fn response_case(id: &str) -> (Vec<u8>, Vec<String>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/conformance/tool_response.jsonl");
    let text = std::fs::read_to_string(path).expect("the conformance cases are readable");
    let case: Value = text
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str::<Value>(line).expect("a case is JSON"))
        .find(|case| case["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    let body = case["body"].as_str().expect("the case has a text body").as_bytes().to_vec();
    let ids = case["tool_call_ids"]
        .as_array()
        .expect("the case has request ids")
        .iter()
        .map(|id| id.as_str().expect("an id is a string").to_owned())
        .collect();
    (body, ids)
}

/// The floor under any reader built on `serde_json`: the body checked to be UTF-8 and one JSON
/// text, every token scanned, nothing built (`IgnoredAny`).
pub(crate) fn scan(body: &[u8]) -> Result<(), serde_json::Error> {
    let text = std::str::from_utf8(body).map_err(serde::de::Error::custom)?;
    serde_json::from_str::<serde::de::IgnoredAny>(text).map(drop)
}
