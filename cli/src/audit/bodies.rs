//! The audit's request bodies, all built from the CLI's platform-shaped fixtures.

use std::time::Duration;

use serde_json::Number;

use crate::failure::Failure;
use crate::fixtures::{EventKind, set_path};
use crate::json::Json;

/// The event type of `accepts-unknown-event`: not one the protocol defines (nor ever will, by
/// its name).
pub(crate) const UNKNOWN_EVENT: &str = "hms-audit-future-event";
/// The size of the `accepts-large-body` report: 512 KiB.
pub(crate) const LARGE_BODY: usize = 512 * 1024;
/// When the large report gets 413: the size of a long call's report, which must get through.
pub(crate) const LONG_CALL_BODY: usize = 192 * 1024;
/// Stands for the lone surrogate escape until the body is written (a `String` cannot hold one).
const LONE_SURROGATE_MARK: &str = "LONE-SURROGATE-MARK";
/// A lone high surrogate, as a UTF-16 sender that cut an emoji in half writes it.
const LONE_SURROGATE_ESCAPE: &str = r"\ud83d";
/// The body of `no-crash-on-invalid-json`: a delivery cut off mid-string.
pub(crate) const NOT_JSON: &[u8] = br#"{"message":{"type":"status-update","call":{"id":"5c4d030f-43e3"#;

fn fixture_at(kind: EventKind, since_epoch: Duration) -> Result<Json, Failure> {
    kind.fixture(&crate::clock::iso_millis(since_epoch))
}

fn write(value: &Json) -> Result<Vec<u8>, Failure> {
    value.to_vec().map_err(|error| Failure::usage(format!("cannot write a body: {error}")))
}

fn text(value: &str) -> Json {
    Json::String(value.to_owned())
}

/// A JSON literal of this module (always valid).
fn literal(text: &str) -> Result<Json, Failure> {
    Json::parse(text.as_bytes()).map_err(|error| Failure::usage(format!("built-in JSON: {error}")))
}

/// The array at `path` (object keys from the root), or `None`.
fn array_at<'v>(value: &'v mut Json, path: &[&str]) -> Option<&'v mut Vec<Json>> {
    let mut current = value;
    for key in path {
        let Json::Object(entries) = current else { return None };
        current = entries.iter_mut().find(|(name, _)| name == key).map(|(_, value)| value)?;
    }
    match current {
        Json::Array(items) => Some(items),
        _ => None,
    }
}

fn set(value: &mut Json, path: &str, new: Json) -> Result<(), Failure> {
    set_path(value, path, new).map_err(|reason| Failure::usage(format!("built-in body, `{path}`: {reason}")))
}

/// The built-in event `kind` stamped `since_epoch`, written compactly (as `JSON.stringify` does).
pub(crate) fn valid(kind: EventKind, since_epoch: Duration) -> Result<Vec<u8>, Failure> {
    write(&fixture_at(kind, since_epoch)?)
}

/// `body` with one byte of a string value changed (in `message.call.id`): still valid JSON, still
/// a valid event, so only the signature tells.
pub(crate) fn tampered(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let value = Json::parse(body).map_err(|error| Failure::usage(format!("built-in body: {error}")))?;
    let id = value
        .get("message")
        .and_then(|message| message.get("call"))
        .and_then(|call| call.get("id"))
        .and_then(Json::as_str)
        .ok_or_else(|| Failure::usage("built-in body has no message.call.id"))?;
    let needle = format!("\"id\":\"{id}\"");
    let at = body
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
        .ok_or_else(|| Failure::usage("built-in body: message.call.id not found in its bytes"))?;
    let mut changed = body.to_vec();
    // The value's last character: an ASCII letter or digit of the id, replaced by another one.
    let index = at + needle.len() - 2;
    changed[index] = if changed[index] == b'x' { b'y' } else { b'x' };
    Ok(changed)
}

/// `value` with the keys of every object in reverse order.
fn reversed(value: Json) -> Json {
    match value {
        Json::Object(entries) => {
            Json::Object(entries.into_iter().rev().map(|(key, value)| (key, reversed(value))).collect())
        }
        Json::Array(items) => Json::Array(items.into_iter().map(reversed).collect()),
        other => other,
    }
}

/// A valid status-update, its keys in reverse order at every level, pretty-printed: bytes no
/// re-serialization of the parsed body gives back.
pub(crate) fn pretty_reordered(since_epoch: Duration) -> Result<Vec<u8>, Failure> {
    let value = reversed(fixture_at(EventKind::StatusUpdate, since_epoch)?);
    serde_json::to_vec_pretty(&value).map_err(|error| Failure::usage(format!("cannot write a body: {error}")))
}

/// A valid end-of-call-report with non-ASCII text (accents, CJK, emoji) in the summary and the
/// transcript, and a lone surrogate escape at the end of `summary` (a summary cut mid-emoji).
pub(crate) fn unicode(since_epoch: Duration) -> Result<Vec<u8>, Failure> {
    let mut value = fixture_at(EventKind::EndOfCallReport, since_epoch)?;
    set(
        &mut value,
        "message.summary",
        Json::String(format!(
            "Klant belde over de afspraak — café in Zürich, 12 °C, 北京, Ελλάδα, 😀 and a cut emoji: {LONE_SURROGATE_MARK}"
        )),
    )?;
    set(&mut value, "message.messages.1.content", text("Zijn jullie morgen open? ¿Mañana? 🙂"))?;
    let text = String::from_utf8(write(&value)?)
        .map_err(|error| Failure::usage(format!("cannot write a body: {error}")))?;
    Ok(text.replacen(LONE_SURROGATE_MARK, LONE_SURROGATE_ESCAPE, 1).into_bytes())
}

/// A valid status-update whose `message.type` (and `X-Webhook-Event`) is [`UNKNOWN_EVENT`].
pub(crate) fn unknown_event(since_epoch: Duration) -> Result<Vec<u8>, Failure> {
    let mut value = fixture_at(EventKind::StatusUpdate, since_epoch)?;
    set(&mut value, "message.type", text(UNKNOWN_EVENT))?;
    write(&value)
}

/// Adds `extra` as an unknown field to every object of `value`, at every depth.
fn with_extra_fields(value: &mut Json, extra: &Json) {
    match value {
        Json::Object(entries) => {
            for (_, item) in entries.iter_mut() {
                with_extra_fields(item, extra);
            }
            Json::insert(entries, "x_audit_unknown_field", extra.clone());
        }
        Json::Array(items) => items.iter_mut().for_each(|item| with_extra_fields(item, extra)),
        _ => {}
    }
}

/// A valid end-of-call-report with an unknown field in every object, at every level.
pub(crate) fn unknown_fields(since_epoch: Duration) -> Result<Vec<u8>, Failure> {
    let mut value = fixture_at(EventKind::EndOfCallReport, since_epoch)?;
    let extra = literal(r#"{"added_by":"hms-webhooks audit","values":[1,"two",null,true,2.5]}"#)?;
    with_extra_fields(&mut value, &extra);
    write(&value)
}

/// A valid end-of-call-report of at least `size` bytes: the transcript of a long call.
pub(crate) fn large(since_epoch: Duration, size: usize) -> Result<Vec<u8>, Failure> {
    let mut value = fixture_at(EventKind::EndOfCallReport, since_epoch)?;
    let base = write(&value)?.len();
    let turn = |index: usize| -> Json {
        let (role, content) = if index.is_multiple_of(2) {
            (
                "user",
                format!(
                    "Turn {index}: I would like to move my appointment on Tuesday to later in the afternoon, \
                     because I have to pick up my children from school at three."
                ),
            )
        } else {
            (
                "assistant",
                format!(
                    "Turn {index}: Of course. On Tuesday I can offer you 15:30 or 16:15 with the same dentist; \
                     which of the two would suit you best?"
                ),
            )
        };
        Json::Object(vec![("role".to_owned(), text(role)), ("content".to_owned(), Json::String(content))])
    };
    // Each turn adds its own length and a comma: add turns until the body reaches `size`.
    let mut length = base;
    let mut turns = Vec::new();
    while length < size {
        let next = turn(turns.len());
        length += write(&next)?.len() + 1;
        turns.push(next);
    }
    let count = turns.len();
    let Some(messages) = array_at(&mut value, &["message", "messages"]) else {
        return Err(Failure::usage("built-in end-of-call-report has no message.messages"));
    };
    messages.extend(turns);
    set(&mut value, "message.duration_seconds", Json::Number(Number::from(count.saturating_mul(6))))?;
    let body = write(&value)?;
    Ok(body)
}

/// The `X-Webhook-Signature` value for `body` sent with the timestamp header `timestamp` taken
/// as text, whatever it is (`SigningKey::sign` writes only decimal digits). HMAC-SHA256 of
/// `timestamp.body`, computed with the `hmac` crate.
pub(crate) fn signature_over_text(secret: &[u8], timestamp: &str, body: &[u8]) -> Result<String, Failure> {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret)
        .map_err(|error| Failure::usage(format!("the secret cannot key an HMAC: {error}")))?;
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut text = String::from("sha256=");
    for byte in tag.iter() {
        text.push_str(&format!("{byte:02x}"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use hmsovereign_webhooks::{SigningKey, UnixTime, parse_event};

    use serde_json::Value;

    use super::*;

    const AT: Duration = Duration::from_secs(1_765_627_200);

    #[test]
    fn signature_over_text_is_the_crates_signature_for_decimal_timestamps() {
        let key = SigningKey::new("whsec_test_secret_12345").unwrap();
        let signed = key.sign(UnixTime::from_secs(1_700_000_000), br#"{"test":true}"#);
        let ours =
            signature_over_text(b"whsec_test_secret_12345", "1700000000", br#"{"test":true}"#).unwrap();
        assert_eq!(ours, signed.signature());
        assert_eq!(ours, "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d");
    }

    #[test]
    fn bodies_are_what_they_claim() {
        let body = valid(EventKind::ToolCalls, AT).unwrap();
        let tampered = tampered(&body).unwrap();
        assert_eq!(tampered.len(), body.len());
        assert_eq!(body.iter().zip(&tampered).filter(|(a, b)| a != b).count(), 1);
        assert!(parse_event(&tampered, Some(b"tool-calls")).is_ok());

        let pretty = pretty_reordered(AT).unwrap();
        assert!(pretty.starts_with(b"{\n  \"message\": {\n"));
        assert!(parse_event(&pretty, Some(b"status-update")).is_ok());
        let value: Value = serde_json::from_slice(&pretty).unwrap();
        assert_ne!(serde_json::to_vec(&value).unwrap(), pretty);

        let unicode = unicode(AT).unwrap();
        let text = std::str::from_utf8(&unicode).unwrap();
        assert!(text.contains(r#"a cut emoji: \ud83d""#), "{text}");
        assert!(text.contains("北京") && text.contains("😀"));

        let unknown = unknown_event(AT).unwrap();
        assert!(std::str::from_utf8(&unknown).unwrap().contains(r#""type":"hms-audit-future-event""#));

        let extra = unknown_fields(AT).unwrap();
        let value: Value = serde_json::from_slice(&extra).unwrap();
        for pointer in [
            "",
            "/message",
            "/message/call",
            "/message/customer",
            "/message/messages/0",
            "/message/assistant/llm_config",
        ] {
            assert!(value.pointer(pointer).unwrap().get("x_audit_unknown_field").is_some(), "{pointer}");
        }
        assert!(parse_event(&extra, Some(b"end-of-call-report")).is_ok());

        for size in [LONG_CALL_BODY, LARGE_BODY] {
            let large = large(AT, size).unwrap();
            assert!(large.len() >= size && large.len() < size + 400, "{} for {size}", large.len());
            assert!(parse_event(&large, Some(b"end-of-call-report")).is_ok());
        }
        assert!(serde_json::from_slice::<Value>(NOT_JSON).is_err());
    }
}
