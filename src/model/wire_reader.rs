//! Reading a webhook body into the event model: the wire structures and the parse strategy.
//!
//! One pass reads `{"message": {...}}` into [`WireMessage`], the union of the wire slots of all
//! known event types (each `Option`al, generated with the event by [`event_fields!`]), with every
//! other field skipped; the typed event is then built from it according to `message.type`, each
//! event checking its own required fields.
//! No internally tagged enum (which would buffer the whole message) and no `flatten`.
//!
//! The reading rules ([`parse_event`](crate::parse_event#json-reading)) hold on every path: a
//! repeated key overwrites the earlier value, strings and keys are read so that a lone surrogate
//! escape is no error ([`CowStr`]), skipped and raw values are scanned by `serde_json` without a
//! depth limit or a number range, and whole numbers are read from their literal text.
//!
//! Only unusual bodies take more passes, all over the same borrowed text:
//! - the first pass fails: the body is first confirmed to be JSON at all (a type error can be met
//!   before a later syntax error; a number out of `f64` range or a lone surrogate in a key fails
//!   the typed read although it is JSON). Then the message is read again *field by field*
//!   ([`LastWins`]): only the last occurrence of each key is read, so an earlier one of the wrong
//!   type is no error, and only the fields of the body's own type are read, because a field that
//!   belongs to another event type (say a `summary` of the wrong type in a `tool-calls` event) is
//!   not part of this event and must not make it invalid;
//! - the type is unknown: the message is captured as raw JSON, unchecked.
//!
//! JSON objects in the model are read only from JSON objects: `serde`'s derived structs would also
//! accept an array of field values, so every nested struct goes through
//! [`Obj`](crate::model::json_values::Obj).

use alloc::borrow::Cow;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::model::json_helpers::{self, KeySeed};
use crate::model::last_wins::LastWins;

use crate::delivery::event_type::EventType;
use crate::model::assistant_request::{AssistantRequest, AssistantRequestWire};
use crate::model::common::{Common, CommonWire};
use crate::model::end_of_call_report::{EndOfCallReport, EndOfCallReportWire};
use crate::model::event::Event;
use crate::model::json_values::CowStr;
use crate::model::parse_error::ParseError;
use crate::model::raw_json::RawJson;
use crate::model::status_update::{StatusUpdate, StatusUpdateWire};
use crate::model::tool_calls::{ToolCalls, ToolCallsWire};
use crate::model::unknown_event::UnknownEvent;

/// Parses a webhook body into an event. See the module documentation for the strategy.
pub(crate) fn parse(body: &[u8]) -> Result<Event<'_>, ParseError> {
    let text = core::str::from_utf8(body).map_err(|error| utf8_error(body, error.valid_up_to()))?;
    let mut message = WireMessage::default();
    match from_str_seed(text, EnvelopeInto { filter: Filter::All, into: &mut message }) {
        Ok(()) => {
            let name = message.event_type.take().ok_or_else(missing_type)?.into_cow();
            build(text, name, message)
        }
        Err(fast) => {
            // Not JSON at all, or JSON whose typed read failed: tell the two apart first (this
            // scan knows no depth limit and no number range, as the grammar does not).
            let body: &RawValue =
                from_str_seed(text, PhantomData::<&RawValue>).map_err(|error| ParseError::json(&error))?;
            field_by_field(text, body).map_err(|slow| {
                // Both reads refuse the event. The fast read's reason has the body's line and
                // column: it is the one to give, unless it was about the JSON rather than the
                // payload (a number out of range, a lone surrogate in a key) or about a repeated
                // key, which the field-by-field read does not mind.
                let fast_is_the_reason = fast.classify() == Category::Data
                    && !alloc::string::ToString::to_string(&fast).starts_with("duplicate field");
                if fast_is_the_reason { ParseError::payload(&fast) } else { slow }
            })
        }
    }
}

/// The slow path of [`parse`], for a body known to be JSON: the envelope and the message are read
/// with the last occurrence of each key winning ([`LastWins`]), and only the fields of the body's
/// own type.
fn field_by_field<'a>(text: &'a str, body: &'a RawValue) -> Result<Event<'a>, ParseError> {
    let [message] = json_helpers::object_fields(body, &["message"])
        .ok_or_else(|| ParseError::payload_reason("the body must be a JSON object"))?
        .values;
    let message = message.ok_or_else(|| ParseError::payload_reason("the body has no `message`"))?;
    let [event_type] = json_helpers::object_fields(message, &["type"])
        .ok_or_else(|| ParseError::payload_reason("`message` must be an object"))?
        .values;
    let name = match event_type {
        Some(raw) => {
            Option::<CowStr<'a>>::deserialize(LastWins(raw)).map_err(|error| ParseError::payload(&error))?
        }
        None => None,
    }
    .ok_or_else(missing_type)?
    .into_cow();
    let mut wire = WireMessage::default();
    let kind = EventType::from_name(&name);
    if !matches!(kind, EventType::Other(_)) {
        MessageSeed { filter: Filter::Only(kind), into: &mut wire }
            .deserialize(LastWins(message))
            .map_err(|error| ParseError::payload(&error))?;
    }
    build(text, name, wire)
}

/// Deserializes all of `text` (nothing but whitespace may follow the value) with `seed`.
fn from_str_seed<'a, S: DeserializeSeed<'a>>(text: &'a str, seed: S) -> Result<S::Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = seed.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// [`ParseError::InvalidJson`] at the first byte that is not UTF-8 (1-based line and column).
fn utf8_error(body: &[u8], offset: usize) -> ParseError {
    let before = body.get(..offset).unwrap_or(body);
    let line_start =
        before.iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline.saturating_add(1));
    let line = before.iter().filter(|&&byte| byte == b'\n').count().saturating_add(1);
    ParseError::InvalidJson { line, column: offset.saturating_sub(line_start).saturating_add(1) }
}

fn missing_type() -> ParseError {
    ParseError::payload_reason("`message.type` is missing or null; it must be a string")
}

/// Builds the event named `name` from what the reader found: a known type checks the fields it
/// requires; any other type keeps only its name and its raw message.
fn build<'a>(
    text: &'a str,
    name: Cow<'a, str>,
    mut message: WireMessage<'a>,
) -> Result<Event<'a>, ParseError> {
    let message = &mut message;
    Ok(match EventType::from_name(&name) {
        EventType::AssistantRequest => {
            let common = Common::from_wire(message)?;
            Event::AssistantRequest(AssistantRequest::from_wire(message, common)?)
        }
        EventType::ToolCalls => {
            let common = Common::from_wire(message)?;
            Event::ToolCalls(ToolCalls::from_wire(message, common)?)
        }
        EventType::StatusUpdate => {
            let common = Common::from_wire(message)?;
            Event::StatusUpdate(StatusUpdate::from_wire(message, common)?)
        }
        EventType::EndOfCallReport => {
            let common = Common::from_wire(message)?;
            Event::EndOfCallReport(EndOfCallReport::from_wire(message, common)?)
        }
        EventType::Other(_) => {
            let raw = from_str_seed(text, EnvelopeSeed(PhantomData::<&RawValue>))
                .map_err(|error| ParseError::payload(&error))?;
            Event::Unknown(UnknownEvent { event_type: name, message: RawJson::borrowed(raw) })
        }
    })
}

/// The union of the wire slots of the known event types, filled in one pass.
#[derive(Default)]
pub(crate) struct WireMessage<'a> {
    event_type: Option<CowStr<'a>>,
    pub(crate) common: CommonWire<'a>,
    pub(crate) assistant_request: AssistantRequestWire<'a>,
    pub(crate) tool_calls: ToolCallsWire<'a>,
    pub(crate) status_update: StatusUpdateWire<'a>,
    pub(crate) end_of_call_report: EndOfCallReportWire<'a>,
}

impl<'a> WireMessage<'a> {
    /// Reads the value of `key` into the slot `filter` selects for it; `Ok(false)`, with the value
    /// left unread, if there is none. A key that two events share goes to the first of them.
    fn read<A: MapAccess<'a>>(
        &mut self,
        filter: Filter<'_>,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        if key == "type" {
            self.event_type = map.next_value()?;
            return Ok(true);
        }
        if self.common.read(key, map)? {
            return Ok(true);
        }
        match filter {
            Filter::All => Ok(self.assistant_request.read(key, map)?
                || self.tool_calls.read(key, map)?
                || self.status_update.read(key, map)?
                || self.end_of_call_report.read(key, map)?),
            Filter::Only(kind) => match kind {
                EventType::AssistantRequest => self.assistant_request.read(key, map),
                EventType::ToolCalls => self.tool_calls.read(key, map),
                EventType::StatusUpdate => self.status_update.read(key, map),
                EventType::EndOfCallReport => self.end_of_call_report.read(key, map),
                EventType::Other(_) => Ok(false),
            },
        }
    }
}

/// Which message fields a pass reads; the others are skipped unchecked.
#[derive(Clone, Copy)]
enum Filter<'t> {
    /// The fields of every known type.
    All,
    /// The common fields and those of this type.
    Only(EventType<'t>),
}

/// Reads the message object into `into`, keeping the fields `filter` selects.
///
/// It fills a [`WireMessage`] in place rather than returning one: the message is large, and
/// returning it through every layer of the deserializer copied it several times.
struct MessageSeed<'m, 't, 'de> {
    filter: Filter<'t>,
    into: &'m mut WireMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the `message` object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<CowStr<'de>>()? {
            if !self.into.read(self.filter, &key.0, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Reads the top-level object `{"message": …}` into `into` with a [`MessageSeed`]; other keys
/// are skipped.
struct EnvelopeInto<'m, 't, 'de> {
    filter: Filter<'t>,
    into: &'m mut WireMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeInto<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeInto<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a webhook body {"message": {...}}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let (filter, into) = (self.filter, self.into);
        let mut seen = false;
        read_envelope(map, |map| {
            // A repeated `message` replaces the earlier one, as a repeated key does everywhere.
            if core::mem::replace(&mut seen, true) {
                *into = WireMessage::default();
            }
            map.next_value_seed(MessageSeed { filter, into: &mut *into })
        })
    }
}

/// Reads the top-level object `{"message": …}` with `S` for the message; other keys are skipped.
#[derive(Clone, Copy)]
struct EnvelopeSeed<S>(S);

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for EnvelopeSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for EnvelopeSeed<S> {
    type Value = S::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a webhook body {"message": {...}}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut message = None;
        read_envelope(map, |map| {
            message = Some(map.next_value_seed(self.0)?);
            Ok(())
        })?;
        message.ok_or_else(|| de::Error::missing_field("message"))
    }
}

/// Walks the top-level object: `on_message` reads the value of each `message` key, other values
/// are skipped. Fails if there is no `message` key.
fn read_envelope<'de, A: MapAccess<'de>>(
    mut map: A,
    mut on_message: impl FnMut(&mut A) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    let mut found = false;
    while let Some(key) = map.next_key::<EnvelopeKey>()? {
        match key {
            EnvelopeKey::Message => {
                on_message(&mut map)?;
                found = true;
            }
            EnvelopeKey::Other => map.next_value::<IgnoredAny>().map(drop)?,
        }
    }
    if found { Ok(()) } else { Err(de::Error::missing_field("message")) }
}

enum EnvelopeKey {
    Message,
    Other,
}

impl<'de> Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Compared as bytes: a key with a lone surrogate escape is just another key.
        let index = KeySeed(&["message"]).deserialize(deserializer)?;
        Ok(if index.is_some() { EnvelopeKey::Message } else { EnvelopeKey::Other })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::json_values::{Obj, Whole};
    use alloc::string::ToString;
    use serde::Deserialize;

    fn whole(text: &str) -> Result<u64, serde_json::Error> {
        serde_json::from_str::<Whole>(text).map(|whole| whole.0)
    }

    fn report(body: &[u8]) -> EndOfCallReport<'_> {
        match parse(body) {
            Ok(Event::EndOfCallReport(report)) => report,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn durations() {
        assert_eq!(whole("84").unwrap(), 84);
        assert_eq!(whole("84.0").unwrap(), 84);
        assert_eq!(whole("840e-1").unwrap(), 84);
        assert_eq!(whole("-0").unwrap(), 0);
        assert_eq!(whole("-0.0").unwrap(), 0);
        assert_eq!(whole("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(whole("9007199254740992.0").unwrap(), 1 << 53);
        assert_eq!(whole("1e2").unwrap(), 100);
        for bad in [
            "84.5",
            "-1",
            "-1.0",
            "9007199254740994.0",
            "9007199254740993.0",
            "84.0000000000000001",
            "1e-400",
            "-1e-400",
            "1e300",
            "1e400",
            "18446744073709551616",
            "\"84\"",
            "true",
        ] {
            assert_eq!(whole(bad).unwrap_err().classify(), Category::Data, "{bad}");
        }
    }

    #[test]
    fn str_borrows_unless_escaped() {
        let plain: CowStr<'_> = serde_json::from_str(r#""abc""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("abc")));
        let escaped: CowStr<'_> = serde_json::from_str(r#""a\"c""#).unwrap();
        assert!(matches!(escaped.0, Cow::Owned(ref text) if text == "a\"c"));
    }

    #[test]
    fn objects_only_from_objects() {
        #[derive(Deserialize)]
        struct One {
            #[allow(dead_code)]
            a: u8,
        }
        assert!(serde_json::from_str::<Obj<One>>(r#"{"a":1}"#).is_ok());
        let error = serde_json::from_str::<Obj<One>>("[1]").err().unwrap();
        assert_eq!(error.to_string(), "invalid type: sequence, expected an object at line 1 column 0");
    }

    #[test]
    fn utf8_error_positions() {
        assert_eq!(utf8_error(b"ab\xff", 2), ParseError::InvalidJson { line: 1, column: 3 });
        assert_eq!(utf8_error(b"{\n \"a\xff", 5), ParseError::InvalidJson { line: 2, column: 4 });
        assert_eq!(utf8_error(b"\xff", 0), ParseError::InvalidJson { line: 1, column: 1 });
    }

    #[test]
    fn a_repeated_message_replaces_the_earlier_one_whole() {
        let body = br#"{"message":{"type":"status-update","timestamp":"t1","call":{"id":"a"},"error":"e"},
            "message":{"type":"status-update","call":{"id":"b"}}}"#;
        let Ok(Event::StatusUpdate(update)) = parse(body) else { panic!("{:?}", parse(body)) };
        assert_eq!(update.common.call.id, "b");
        assert_eq!(update.common.timestamp, None);
        assert_eq!(update.error, None);
    }

    #[test]
    fn a_key_two_events_share_reaches_either_in_any_order() {
        use crate::model::open_sets::EndReason;
        // `end_reason` before `message.type`: the one pass puts it in the status-update slot.
        let early = br#"{"message":{"end_reason":"user_hangup","type":"end-of-call-report","call":{"id":"c"},
            "duration_seconds":1,"summary":""}}"#;
        assert_eq!(report(early).end_reason, Some(EndReason::UserHangup));
        // After it, and on the second pass (a `tool_call_list` of the wrong shape, not this event's).
        let second_pass = br#"{"message":{"type":"end-of-call-report","tool_call_list":5,"call":{"id":"c"},
            "end_reason":"max_duration","duration_seconds":1,"summary":""}}"#;
        assert_eq!(report(second_pass).end_reason, Some(EndReason::MaxDuration));
        let Ok(Event::StatusUpdate(update)) =
            parse(br#"{"message":{"end_reason":"x","type":"status-update","call":{"id":"c"}}}"#)
        else {
            panic!()
        };
        assert_eq!(update.end_reason, Some(EndReason::Other("x".into())));
    }

    #[test]
    fn an_earlier_mistyped_occurrence_is_not_read() {
        let body = br#"{"message":5,"message":{"type":"status-update","call":{"id":5,"\ud800":1,"id":"c"},
            "error":1,"error":"late"}}"#;
        let Ok(Event::StatusUpdate(update)) = parse(body) else { panic!("{:?}", parse(body)) };
        assert_eq!(update.common.call.id, "c");
        assert_eq!(update.error.as_deref(), Some("late"));
        // A wrong last occurrence is the error, named from the field-by-field read.
        let body = br#"{"message":{"type":"status-update","call":{"id":"c","id":null}}}"#;
        assert!(matches!(parse(body), Err(ParseError::InvalidPayload { .. })));
    }

    #[test]
    fn required_fields_are_named() {
        let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"c"},"summary":""}}"#;
        assert_eq!(
            parse(body),
            Err(ParseError::payload_reason("`message.duration_seconds` is missing or null"))
        );
    }
}
