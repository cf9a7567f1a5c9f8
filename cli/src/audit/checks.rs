//! The audit's checks: stable ids (the `--json` interface, documented in the README), in the
//! order they run and are printed, and how to fix each when it fails or warns.

/// One check of the audit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Check {
    /// The stable id.
    pub(crate) id: &'static str,
    /// One line: how to fix a receiver that fails (or warns on) this check.
    pub(crate) fix: &'static str,
}

/// Every check, in scorecard order.
pub(crate) const CHECKS: [Check; 22] = [
    Check {
        id: "accepts-assistant-request",
        fix: "answer every authentic assistant-request with 2xx; check the route and that you verify with the assistant's webhook_secret",
    },
    Check {
        id: "valid-assistant-response",
        fix: r#"answer with JSON: {"assistant_id": ID}, {"assistant": {...}}, {"assistant_id": ID, "assistant_override": {...}} or {"error": TEXT}"#,
    },
    Check {
        id: "meets-assistant-request-deadline",
        fix: "answer within 5 s (after that the platform takes the number's default assistant): answer from local or cached data",
    },
    Check {
        id: "accepts-tool-calls",
        fix: "answer every authentic tool-calls event with 2xx; check the route and that you verify with the assistant's webhook_secret",
    },
    Check {
        id: "valid-tool-response",
        fix: r#"answer {"results": [{"tool_call_id": ID, "result": ...} | {"tool_call_id": ID, "error": TEXT}]} with one entry per tool_call_id of the request"#,
    },
    Check {
        id: "meets-tool-calls-deadline",
        fix: "answer within 10 s (after that the platform gives up on the tools): start slow work in the background and answer with what is ready",
    },
    Check {
        id: "accepts-status-update",
        fix: "answer every authentic status-update with 2xx (204 is fine); check the route and the secret",
    },
    Check {
        id: "accepts-end-of-call-report",
        fix: "answer every authentic end-of-call-report with 2xx (204 is fine); check the route and the secret",
    },
    Check {
        id: "rejects-tampered-body",
        fix: "verify X-Webhook-Signature (HMAC-SHA256 of `timestamp.raw_body`) before reading the body; answer 401 when it does not match",
    },
    Check {
        id: "rejects-wrong-secret",
        fix: "verify with the assistant's webhook_secret and only it (constant-time comparison); answer 401 on a mismatch",
    },
    Check {
        id: "rejects-unsigned",
        fix: "answer 401 to a request without X-Webhook-Signature: never skip verification because the header is missing",
    },
    Check {
        id: "rejects-missing-timestamp",
        fix: "answer 401 to a request without X-Webhook-Timestamp: the signature covers `timestamp.body` and cannot be checked without it",
    },
    Check {
        id: "rejects-stale",
        fix: "answer 401 when X-Webhook-Timestamp is more than 5 min before your clock, or a captured request can be replayed for ever",
    },
    Check {
        id: "rejects-future",
        fix: "answer 401 when X-Webhook-Timestamp is more than 5 min after your clock (the window is symmetric)",
    },
    Check {
        id: "rejects-malformed-timestamp",
        fix: "take X-Webhook-Timestamp only as ASCII digits (parseInt and int() accept a `+`); answer 401 to anything else",
    },
    Check {
        id: "verifies-raw-bytes",
        fix: "compute the HMAC over the body bytes exactly as received (express.raw(), request.get_data()), never over JSON.stringify or json.dumps of the parsed body",
    },
    Check {
        id: "accepts-unicode",
        fix: r"verify the raw bytes, then parse as JSON.parse does: non-ASCII text and lone surrogate escapes (\ud83d) are valid JSON",
    },
    Check {
        id: "accepts-uppercase-hex",
        fix: "decode the signature's hex digits in either case (or lower-case the header) before comparing",
    },
    Check {
        id: "accepts-unknown-event",
        fix: "acknowledge (2xx) authentic events of a type you do not handle: the platform adds event types",
    },
    Check {
        id: "accepts-unknown-fields",
        fix: "ignore fields you do not know: no strict schemas (deny_unknown_fields, additionalProperties: false)",
    },
    Check {
        id: "accepts-large-body",
        fix: "raise the webhook route's body limit to 1 MiB (express.json({limit: '1mb'}), DefaultBodyLimit::max(1 << 20), client_max_body_size 1m)",
    },
    Check {
        id: "no-crash-on-invalid-json",
        fix: "verify first, then catch the parse error of an authentic body and answer 400, not 5xx or 2xx",
    },
];
