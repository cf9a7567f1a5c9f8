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
    let event = wire_reader::parse(body)?;
    if let Some(header) = event_header {
        let message_type = event.event_type().as_str();
        if header != message_type.as_bytes() {
            return Err(ParseError::EventMismatch {
                header: String::from_utf8_lossy(header).into_owned(),
                message_type: message_type.into(),
            });
        }
    }
    Ok(event)
}
