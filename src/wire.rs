//! Reading a webhook body into the event model: the wire structures and the parse strategy.
//!
//! One pass reads `{"message": {...}}` into [`WireMessage`], the union of the fields of all known
//! event types, each `Option`al, with every other field skipped; the typed event is then built
//! from it according to `message.type`, and the per-type required fields are checked by hand.
//! No internally tagged enum (which would buffer the whole message) and no `flatten`.
//!
//! Only unusual bodies take more passes, all over the same borrowed text:
//! - the first pass fails on the *shape* of some value: the body is first confirmed to be JSON
//!   at all (a type error can be met before a later syntax error), then `message.type` alone is
//!   read. For a known type, the message is read again with only that type's fields, because a
//!   field that belongs to another event type (say a `summary` of the wrong type in a
//!   `tool-calls` event) is not part of this event and must not make it invalid;
//! - the type is unknown: the message is captured as raw JSON, unchecked.
//!
//! JSON objects in the model are read only from JSON objects: `serde`'s derived structs would also
//! accept an array of field values, so every nested struct goes through [`Obj`].

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::event::{AssistantRequest, Event, StatusUpdate, UnknownEvent};
use crate::event_type::EventType;
use crate::message::{Call, Common, Customer, PhoneNumber};
use crate::parse_error::ParseError;
use crate::raw::RawJson;
use crate::report::{EndOfCallReport, TranscriptMessage};
use crate::tool_calls::{Arguments, Function, ToolCall, ToolCalls};

/// Parses a webhook body into an event. See the module documentation for the strategy.
pub(crate) fn parse(body: &[u8]) -> Result<Event<'_>, ParseError> {
    let text = core::str::from_utf8(body).map_err(|error| utf8_error(body, error.valid_up_to()))?;
    let mut message = WireMessage::default();
    match from_str_seed(text, EnvelopeInto { filter: Filter::All, into: &mut message }) {
        Ok(()) => {
            let event_type = message.event_type.take().ok_or_else(missing_type)?.0;
            match known(&event_type) {
                Some(kind) => build(kind, message),
                None => unknown(text, event_type),
            }
        }
        Err(error) if error.classify() != Category::Data => Err(ParseError::json(&error)),
        Err(_) => {
            // A shape error may come before a syntax error further on: that body is not JSON.
            from_str_seed(text, PhantomData::<IgnoredAny>).map_err(|error| ParseError::json(&error))?;
            let envelope = from_str_seed(text, EnvelopeSeed(PhantomData::<Obj<TypeOnly<'_>>>))
                .map_err(|error| ParseError::payload(&error))?;
            let event_type = envelope.0.event_type.0;
            match known(&event_type) {
                Some(kind) => {
                    let mut message = WireMessage::default();
                    from_str_seed(text, EnvelopeInto { filter: Filter::Only(kind), into: &mut message })
                        .map_err(|error| ParseError::payload(&error))?;
                    build(kind, message)
                }
                None => unknown(text, event_type),
            }
        }
    }
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

/// The known event type named `name`, or `None` for any other name.
fn known(name: &str) -> Option<EventType<'static>> {
    EventType::KNOWN.into_iter().find(|known| known.as_str() == name)
}

/// An event of a type this crate does not know: only its type and its raw message are kept.
fn unknown<'a>(text: &'a str, event_type: Cow<'a, str>) -> Result<Event<'a>, ParseError> {
    let message = from_str_seed(text, EnvelopeSeed(PhantomData::<&RawValue>))
        .map_err(|error| ParseError::payload(&error))?;
    Ok(Event::Unknown(UnknownEvent { event_type, message: RawJson::borrowed(message) }))
}

/// Builds the event of known type `kind`, checking the fields the type requires.
fn build<'a>(kind: EventType<'static>, message: WireMessage<'a>) -> Result<Event<'a>, ParseError> {
    let call = message.call.ok_or_else(|| ParseError::payload_reason("`message.call` is missing or null"))?.0;
    let assistant = message.assistant.map(RawJson::borrowed);
    if assistant.as_ref().is_some_and(|assistant| !assistant.is_object()) {
        return Err(ParseError::payload_reason("`message.assistant` must be an object"));
    }
    let common = Common {
        timestamp: message.timestamp.map(Str::into_cow),
        call: Call {
            id: call.id.0,
            call_type: call.call_type.map(|text| text.0.into()),
            status: call.status.map(|text| text.0.into()),
        },
        phone_number: message.phone_number.map(|Obj(number)| PhoneNumber {
            id: number.id.map(Str::into_cow),
            number: number.number.map(Str::into_cow),
            name: number.name.map(Str::into_cow),
        }),
        customer: message
            .customer
            .map(|Obj(customer)| Customer { number: customer.number.map(Str::into_cow) }),
        assistant,
    };
    Ok(match kind {
        EventType::ToolCalls => {
            let list = message
                .tool_call_list
                .ok_or_else(|| ParseError::payload_reason("`message.tool_call_list` is missing or null"))?;
            // In place: the same allocation, and the arguments decoded where they stand.
            let mut tool_calls: Vec<ToolCall<'a>> =
                list.into_iter().map(|WireCallEntry(call)| call).collect();
            for call in &mut tool_calls {
                let raw = call.function.arguments.raw().and_then(RawJson::as_borrowed);
                call.function.arguments = arguments(raw)?;
            }
            Event::ToolCalls(ToolCalls { common, tool_calls })
        }
        EventType::StatusUpdate => Event::StatusUpdate(StatusUpdate {
            common,
            error: message.error.map(Str::into_cow),
            end_reason: message.end_reason.map(|text| text.0.into()),
        }),
        EventType::EndOfCallReport => Event::EndOfCallReport(EndOfCallReport {
            common,
            duration_seconds: message
                .duration_seconds
                .ok_or_else(|| ParseError::payload_reason("`message.duration_seconds` is missing or null"))?
                .0,
            summary: message
                .summary
                .ok_or_else(|| ParseError::payload_reason("`message.summary` is missing or null"))?
                .0,
            analysis: message.analysis.map(RawJson::borrowed),
            // In place: the same allocation.
            messages: message
                .messages
                .unwrap_or_default()
                .into_iter()
                .map(|WireTurnEntry(turn)| turn)
                .collect(),
            recording_url: message.recording_url.map(Str::into_cow),
            end_reason: message.end_reason.map(|text| text.0.into()),
            started_at: message.started_at.map(Str::into_cow),
            ended_at: message.ended_at.map(Str::into_cow),
        }),
        _ => Event::AssistantRequest(AssistantRequest { common }),
    })
}

/// Tool arguments: an object (borrowed), a JSON string holding an object (decoded and owned, or
/// borrowed if the string had no escapes), or nothing.
fn arguments(raw: Option<&RawValue>) -> Result<Arguments<'_>, ParseError> {
    const WRONG: &str = "`function.arguments` must be an object, a string holding a JSON object, or null";
    let Some(raw) = raw else {
        return Ok(Arguments::new(None));
    };
    let text = raw.get();
    if text.starts_with('{') {
        return Ok(Arguments::new(Some(RawJson::borrowed(raw))));
    }
    if !text.starts_with('"') {
        return Err(ParseError::payload_reason(WRONG));
    }
    let decoded = match serde_json::from_str::<Str<'_>>(text).map_err(|error| ParseError::payload(&error))?.0
    {
        Cow::Borrowed(inner) => serde_json::from_str::<&RawValue>(inner).map(RawJson::borrowed),
        Cow::Owned(inner) => RawValue::from_string(inner).map(RawJson::owned),
    };
    match decoded {
        Ok(value) if value.is_object() => Ok(Arguments::new(Some(value))),
        _ => Err(ParseError::payload_reason(WRONG)),
    }
}

/// The union of the message fields of the four known event types.
#[derive(Default)]
struct WireMessage<'a> {
    event_type: Option<Str<'a>>,
    timestamp: Option<Str<'a>>,
    call: Option<Obj<WireCall<'a>>>,
    phone_number: Option<Obj<WirePhoneNumber<'a>>>,
    customer: Option<Obj<WireCustomer<'a>>>,
    assistant: Option<&'a RawValue>,
    tool_call_list: Option<Vec<WireCallEntry<'a>>>,
    error: Option<Str<'a>>,
    end_reason: Option<Str<'a>>,
    duration_seconds: Option<Whole>,
    summary: Option<Str<'a>>,
    analysis: Option<&'a RawValue>,
    messages: Option<Vec<WireTurnEntry<'a>>>,
    recording_url: Option<Str<'a>>,
    started_at: Option<Str<'a>>,
    ended_at: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct WireCall<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow, rename = "type")]
    call_type: Option<Str<'a>>,
    #[serde(borrow)]
    status: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct WirePhoneNumber<'a> {
    #[serde(borrow)]
    id: Option<Str<'a>>,
    #[serde(borrow)]
    number: Option<Str<'a>>,
    #[serde(borrow)]
    name: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct WireCustomer<'a> {
    #[serde(borrow)]
    number: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct WireToolCall<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow, rename = "type")]
    call_type: Option<Str<'a>>,
    #[serde(borrow)]
    function: Obj<WireFunction<'a>>,
}

#[derive(Deserialize)]
struct WireFunction<'a> {
    #[serde(borrow)]
    name: Str<'a>,
    #[serde(borrow)]
    arguments: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct WireTurn<'a> {
    #[serde(borrow)]
    role: Str<'a>,
    #[serde(borrow)]
    content: Option<Str<'a>>,
}

/// A tool call read from the wire, its arguments still as received (an object, a string, or
/// anything else): [`arguments`] checks and decodes them once the whole body has been read.
///
/// A newtype of the model's own type, so the list becomes `Vec<ToolCall>` without a copy.
struct WireCallEntry<'a>(ToolCall<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for WireCallEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Obj(call) = Obj::<WireToolCall<'a>>::deserialize(deserializer)?;
        let function = call.function.0;
        Ok(WireCallEntry(ToolCall {
            id: call.id.0,
            call_type: call.call_type.map(Str::into_cow),
            function: Function {
                name: function.name.0,
                arguments: Arguments::new(function.arguments.map(RawJson::borrowed)),
            },
        }))
    }
}

/// A transcript message read from the wire; a newtype of the model's type, so the list becomes
/// `Vec<TranscriptMessage>` without a copy.
struct WireTurnEntry<'a>(TranscriptMessage<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for WireTurnEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Obj(turn) = Obj::<WireTurn<'a>>::deserialize(deserializer)?;
        Ok(WireTurnEntry(TranscriptMessage {
            role: turn.role.0.into(),
            content: turn.content.map(Str::into_cow),
        }))
    }
}

/// Only `message.type`, for the slower paths.
#[derive(Deserialize)]
struct TypeOnly<'a> {
    #[serde(borrow, rename = "type")]
    event_type: Str<'a>,
}

/// Which message fields a pass reads; the others are skipped unchecked.
#[derive(Clone, Copy)]
enum Filter {
    /// The fields of every known type.
    All,
    /// The common fields and those of this type.
    Only(EventType<'static>),
}

/// The keys of the message this crate reads.
#[derive(Clone, Copy)]
enum Field {
    Type,
    Timestamp,
    Call,
    PhoneNumber,
    Customer,
    Assistant,
    ToolCallList,
    Error,
    EndReason,
    DurationSeconds,
    Summary,
    Analysis,
    Messages,
    RecordingUrl,
    StartedAt,
    EndedAt,
    Other,
}

impl Field {
    fn from_key(key: &str) -> Self {
        match key {
            "type" => Self::Type,
            "timestamp" => Self::Timestamp,
            "call" => Self::Call,
            "phone_number" => Self::PhoneNumber,
            "customer" => Self::Customer,
            "assistant" => Self::Assistant,
            "tool_call_list" => Self::ToolCallList,
            "error" => Self::Error,
            "end_reason" => Self::EndReason,
            "duration_seconds" => Self::DurationSeconds,
            "summary" => Self::Summary,
            "analysis" => Self::Analysis,
            "messages" => Self::Messages,
            "recording_url" => Self::RecordingUrl,
            "started_at" => Self::StartedAt,
            "ended_at" => Self::EndedAt,
            _ => Self::Other,
        }
    }
}

impl Filter {
    /// Whether this pass reads `field`.
    fn reads(self, field: Field) -> bool {
        let kind = match self {
            Self::All => return !matches!(field, Field::Other),
            Self::Only(kind) => kind,
        };
        match field {
            Field::Type
            | Field::Timestamp
            | Field::Call
            | Field::PhoneNumber
            | Field::Customer
            | Field::Assistant => true,
            Field::ToolCallList => kind == EventType::ToolCalls,
            Field::Error => kind == EventType::StatusUpdate,
            Field::EndReason => matches!(kind, EventType::StatusUpdate | EventType::EndOfCallReport),
            Field::DurationSeconds
            | Field::Summary
            | Field::Analysis
            | Field::Messages
            | Field::RecordingUrl
            | Field::StartedAt
            | Field::EndedAt => kind == EventType::EndOfCallReport,
            Field::Other => false,
        }
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
                Ok(Field::from_key(key))
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// Reads the message object into `into`, keeping the fields `filter` selects.
///
/// It fills a [`WireMessage`] in place rather than returning one: the message is large, and
/// returning it through every layer of the deserializer copied it several times.
struct MessageSeed<'m, 'de> {
    filter: Filter,
    into: &'m mut WireMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for MessageSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the `message` object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let message = self.into;
        while let Some(field) = map.next_key::<Field>()? {
            if !self.filter.reads(field) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match field {
                Field::Type => message.event_type = map.next_value()?,
                Field::Timestamp => message.timestamp = map.next_value()?,
                Field::Call => message.call = map.next_value()?,
                Field::PhoneNumber => message.phone_number = map.next_value()?,
                Field::Customer => message.customer = map.next_value()?,
                Field::Assistant => message.assistant = map.next_value()?,
                Field::ToolCallList => message.tool_call_list = map.next_value()?,
                Field::Error => message.error = map.next_value()?,
                Field::EndReason => message.end_reason = map.next_value()?,
                Field::DurationSeconds => message.duration_seconds = map.next_value()?,
                Field::Summary => message.summary = map.next_value()?,
                Field::Analysis => message.analysis = map.next_value()?,
                Field::Messages => message.messages = map.next_value()?,
                Field::RecordingUrl => message.recording_url = map.next_value()?,
                Field::StartedAt => message.started_at = map.next_value()?,
                Field::EndedAt => message.ended_at = map.next_value()?,
                Field::Other => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(())
    }
}

/// Reads the top-level object `{"message": …}` into `into` with a [`MessageSeed`]; other keys
/// are skipped.
struct EnvelopeInto<'m, 'de> {
    filter: Filter,
    into: &'m mut WireMessage<'de>,
}

impl<'de> DeserializeSeed<'de> for EnvelopeInto<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeInto<'_, 'de> {
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
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<EnvelopeKey, E> {
                Ok(if key == "message" { EnvelopeKey::Message } else { EnvelopeKey::Other })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A `T` read only from a JSON object, never from an array of its field values.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(ObjVisitor(PhantomData)).map(Obj)
    }
}

/// A JSON string, borrowed from the body when it has no escapes, decoded and owned otherwise.
///
/// (`Option<Cow<str>>` would always own: `serde` borrows only into a bare `Cow` field.)
struct Str<'a>(Cow<'a, str>);

impl<'a> Str<'a> {
    fn into_cow(self) -> Cow<'a, str> {
        self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(text))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(text.into()))
            }
        }
        deserializer.deserialize_str(StrVisitor).map(Str)
    }
}

/// `duration_seconds`: a non-negative integer, or a float whose value is a whole number up to
/// 2^53 (`84.0`, `1e2`).
struct Whole(u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WholeVisitor;
        impl Visitor<'_> for WholeVisitor {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative whole number")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
                Ok(value)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
                u64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
                crate::raw_json::whole_f64(value)
                    .ok_or_else(|| E::invalid_value(Unexpected::Float(value), &self))
            }
        }
        deserializer.deserialize_any(WholeVisitor).map(Whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn whole(text: &str) -> Result<u64, serde_json::Error> {
        serde_json::from_str::<Whole>(text).map(|whole| whole.0)
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
        for bad in
            ["84.5", "-1", "-1.0", "9007199254740994.0", "1e300", "18446744073709551616", "\"84\"", "true"]
        {
            assert_eq!(whole(bad).unwrap_err().classify(), Category::Data, "{bad}");
        }
    }

    #[test]
    fn str_borrows_unless_escaped() {
        let plain: Str<'_> = serde_json::from_str(r#""abc""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("abc")));
        let escaped: Str<'_> = serde_json::from_str(r#""a\"c""#).unwrap();
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
    fn filters() {
        assert!(Filter::All.reads(Field::Summary));
        assert!(!Filter::All.reads(Field::Other));
        assert!(!Filter::Only(EventType::ToolCalls).reads(Field::Summary));
        assert!(Filter::Only(EventType::StatusUpdate).reads(Field::EndReason));
        assert!(Filter::Only(EventType::EndOfCallReport).reads(Field::EndReason));
        assert!(!Filter::Only(EventType::AssistantRequest).reads(Field::ToolCallList));
        assert!(Filter::Only(EventType::AssistantRequest).reads(Field::Assistant));
    }
}
