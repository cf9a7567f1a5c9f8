//! [`parse_event`]: a webhook body to an [`Event`].

use alloc::string::String;

use crate::model::event::Event;
use crate::model::parse_error::ParseError;
use crate::model::wire_reader;

/// Parses a webhook body into an [`Event`], checking it against the `X-Webhook-Event` header if
/// the request had one.
///
/// This does not verify anything: use [`Verifier::verify_event`](crate::auth::verifier::Verifier::verify_event) for requests from the network.
/// `parse_event` alone suits bodies that were verified already (or need no verification, such as
/// stored deliveries and tests).
///
/// The body is checked in this order, and the first failing check gives the error:
///
/// 1. it is one JSON text (RFC 8259) in UTF-8: no byte order mark, nothing but whitespace after
///    the value; an empty body is not JSON either;
/// 2. it is an object whose `message` is an object whose `type` is a string;
/// 3. for the four known types, the fields the type defines have the right JSON types and the
///    required ones are present (see each event's documentation); a `null` counts as absent, and
///    fields the protocol does not define are ignored at every level. Other types are not checked
///    further: they parse to [`Event::Unknown`];
/// 4. if `event_header` is given, it equals `message.type` byte for byte (case-sensitive, nothing
///    trimmed or unescaped).
///
/// # JSON reading
///
/// The platform and its SDK are JavaScript, so the crate reads a body the way `JSON.parse` does,
/// and an authentic webhook is never lost to a reading choice. The same rules hold for every
/// parser of the crate — this one, [`parse_tool_response`](crate::parse_tool_response) and
/// [`parse_assistant_response`](crate::parse_assistant_response):
///
/// - **A repeated key: the last one wins**, at every depth (the envelope, `message`, `call`,
///   `phone_number`, `customer`, each tool call and its `function`, each transcript message, the
///   responses and their result entries). The earlier occurrences are not read at all, so one of
///   the wrong type (`"id":5,"id":"c1"`) is no error; a wrong *last* one is.
/// - **Lone surrogate escapes** (`"\ud83d"` without its pair, e.g. a summary a UTF-16 sender cut in
///   the middle of an emoji) are JSON (RFC 8259 §8.2), never [`ParseError::InvalidJson`]. In keys
///   and values the event does not model they are skipped like anything else there; in the text
///   the crate gives you (`message.type`, ids, `summary`, transcript text, `error`, `end_reason`,
///   phone and customer numbers, names, the text of string-encoded arguments, `tool_call_id`,
///   `assistant_id`) each one becomes U+FFFD, as [`String::from_utf16_lossy`] decodes it. Raw
///   values ([`RawJson`](crate::RawJson), arguments given as an object, tool results) keep the escape as sent.
/// - **Numbers of any magnitude** (`1e400`, a 400-digit integer) are JSON: skipped where the field
///   is not modelled, kept as their exact text in raw values, and a payload error (never
///   `InvalidJson`) in a modelled field.
/// - **Whole numbers** (`duration_seconds`, `max_duration_seconds`, `min_messages_threshold`): an
///   integer literal from 0 to `u64::MAX` (`-0` is 0), or a literal with a fraction or an exponent
///   whose *exact decimal value* is a whole number from 0 to 2^53 (`84.0`, `1e2`, `-0.0`). Decided
///   on the literal's digits, not on the nearest `f64`: `84.0000000000000001`, `1e-400`,
///   `-1e-400` and `9007199254740993.0` are refused.
/// - **Depth**: the crate sets no nesting limit of its own for the values it keeps raw
///   (`analysis`, arguments, `assistant`, unknown fields, tool results). The typed accessors that
///   deserialize them into your type (`analysis_as`, `arguments_as`, [`RawJson::deserialize`](crate::RawJson::deserialize)) use
///   `serde_json`, which stops at 128 levels and, reading into a `String` or an `f64`, refuses a
///   lone surrogate or a number out of range; the raw text is always there.
///
/// Zero-copy is kept: text without escapes borrows from the body.
///
/// # Errors
///
/// - [`ParseError::InvalidJson`] (step 1), with the position of the first offending byte;
/// - [`ParseError::InvalidPayload`] (steps 2 and 3), with the reason;
/// - [`ParseError::EventMismatch`] (step 4).
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{Event, EventType, ParseError, parse_event};
///
/// let body = br#"{"message":{"type":"tool-calls","call":{"id":"c1"},"tool_call_list":[
///     {"id":"t1","function":{"name":"book","arguments":"{\"date\":\"2025-12-20\"}"}}]}}"#;
/// let event = parse_event(body, Some(b"tool-calls"))?;
/// assert_eq!(event.event_type(), EventType::ToolCalls);
/// let Event::ToolCalls(calls) = &event else { unreachable!() };
/// // Arguments sent as a JSON string are decoded into the object.
/// assert_eq!(calls.tool_calls[0].function.arguments.as_str(), r#"{"date":"2025-12-20"}"#);
///
/// // The header must name the same event.
/// assert_eq!(
///     parse_event(body, Some(b"status-update")),
///     Err(ParseError::EventMismatch { header: "status-update".into(), message_type: "tool-calls".into() })
/// );
/// // A type this crate does not know is not an error.
/// let event = parse_event(br#"{"message":{"type":"transcript","text":"Hi"}}"#, None)?;
/// assert_eq!(event.event_type(), EventType::Other("transcript"));
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_event<'a>(body: &'a [u8], event_header: Option<&[u8]>) -> Result<Event<'a>, ParseError> {
    // Checked in place: the event is returned in the result it was parsed into, not moved again.
    let parsed = wire_reader::parse(body);
    if let (Ok(event), Some(header)) = (&parsed, event_header) {
        let message_type = event.event_type().as_str();
        if header != message_type.as_bytes() {
            return Err(ParseError::EventMismatch {
                header: String::from_utf8_lossy(header).into_owned(),
                message_type: message_type.into(),
            });
        }
    }
    parsed
}
