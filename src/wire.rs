//! Reading a webhook body into the event model: the wire structures and the parse strategy.
//!
//! One pass reads `{"message": {...}}` into [`WireMessage`], the union of the fields of all known
//! event types, each `Option`al, with every other field skipped; the typed event is then built
//! from it according to `message.type`, and the per-type required fields are checked by hand.
//! No internally tagged enum (which would buffer the whole message) and no `flatten`.
//!
//! The reading rules (crate docs, "JSON reading") hold on every path: a repeated key overwrites
//! the earlier value (the last one wins), strings are read as bytes so a lone surrogate escape is
//! no error (U+FFFD in text, [`raw_json::text_of_wtf8`]), keys are compared as bytes, skipped and
//! raw values are scanned by `serde_json` without a depth limit or a number range, and
//! `duration_seconds` is read as its literal text ([`raw_json::whole_u64`]).
//!
//! Only unusual bodies take more passes, all over the same borrowed text:
//! - the first pass fails: the body is first confirmed to be JSON at all (a type error can be met
//!   before a later syntax error, and a number out of `f64` range in a modelled field fails the
//!   typed read although it is JSON). Then the message is read *field by field*: each object on
//!   the model's path is split into its keys' raw values, the last occurrence of each known key is
//!   decoded and the others are never looked at — so an earlier, mistyped occurrence of a key
//!   cannot make the event invalid — and only the fields of the body's own type are read, because
//!   a field that belongs to another event type (say a `summary` of the wrong type in a
//!   `tool-calls` event) is not part of this event;
//! - the type is unknown: the message is captured as raw JSON, unchecked.
//!
//! JSON objects in the model are read only from JSON objects: every wire struct has a map
//! visitor and nothing else, so an array of field values is refused.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::event::{AssistantRequest, Event, StatusUpdate, UnknownEvent};
use crate::event_type::EventType;
use crate::message::{Call, Common, Customer, PhoneNumber};
use crate::parse_error::ParseError;
use crate::raw::RawJson;
use crate::raw_json::{self, KeySeed};
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
        Err(fast) => {
            // Not JSON at all, or JSON whose typed read failed: tell the two apart first (this
            // scan knows no depth limit and no number range, as the grammar does not).
            let body: &RawValue =
                from_str_seed(text, PhantomData::<&RawValue>).map_err(|error| ParseError::json(&error))?;
            field_by_field(text, body).map_err(|slow| {
                // Both reads refuse the event. The fast read's reason has the body's line and
                // column; it is the one to give unless it was about the JSON itself (a number out
                // of range in a modelled field, which the field-by-field read names instead).
                if fast.classify() == serde_json::error::Category::Data {
                    ParseError::payload(&fast)
                } else {
                    slow
                }
            })
        }
    }
}

/// The slow path of [`parse`], for a body known to be JSON: each object on the model's path is
/// split into raw fields, and only the last occurrence of each known key is decoded.
fn field_by_field<'a>(text: &'a str, body: &'a RawValue) -> Result<Event<'a>, ParseError> {
    let top = raw_json::object_fields(body, &["message"])
        .ok_or_else(|| ParseError::payload_reason("the body must be a JSON object"))?;
    let [message] = top.values;
    let message = message.ok_or_else(|| ParseError::payload_reason("the body has no `message`"))?;
    let fields = raw_json::object_fields(message, &Field::NAMES)
        .ok_or_else(|| ParseError::payload_reason("`message` must be an object"))?;
    let value_of = |field: Field| fields.values.get(field as usize).copied().flatten();
    let event_type = slow::<Option<Str<'a>>>(value_of(Field::Type))?.ok_or_else(missing_type)?.0;
    let Some(kind) = known(&event_type) else {
        return unknown(text, event_type);
    };
    let filter = Filter::Only(kind);
    let mut wire = WireMessage::default();
    for field in Field::ALL {
        let Some(raw) = value_of(field).filter(|_| filter.reads(field)) else { continue };
        let raw = Some(raw);
        match field {
            Field::Type | Field::Other => {}
            Field::Timestamp => wire.timestamp = slow(raw)?,
            Field::Call => wire.call = slow(raw)?,
            Field::PhoneNumber => wire.phone_number = slow(raw)?,
            Field::Customer => wire.customer = slow(raw)?,
            Field::Assistant => wire.assistant = slow(raw)?,
            Field::ToolCallList => wire.tool_call_list = slow(raw)?,
            Field::Error => wire.error = slow(raw)?,
            Field::EndReason => wire.end_reason = slow(raw)?,
            Field::DurationSeconds => wire.duration_seconds = slow(raw)?,
            Field::Summary => wire.summary = slow(raw)?,
            Field::Analysis => wire.analysis = slow(raw)?,
            Field::Messages => wire.messages = slow(raw)?,
            Field::RecordingUrl => wire.recording_url = slow(raw)?,
            Field::StartedAt => wire.started_at = slow(raw)?,
            Field::EndedAt => wire.ended_at = slow(raw)?,
        }
    }
    build(kind, wire)
}

/// Reads a wire value from its raw JSON on the slow path: field by field for objects (the last
/// occurrence of a key wins, earlier ones are not read), element by element for arrays.
trait Slow<'a>: Sized {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError>;
}

/// [`Slow::slow`] of an optional field: absent (`None`) or `null` is `None`.
fn slow<'a, T: Slow<'a> + Default>(raw: Option<&'a RawValue>) -> Result<T, ParseError> {
    match raw {
        None => Ok(T::default()),
        Some(raw) => T::slow(raw),
    }
}

impl<'a, T: Slow<'a>> Slow<'a> for Option<T> {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
        if raw.get() == "null" { Ok(None) } else { T::slow(raw).map(Some) }
    }
}

impl<'a, T: Slow<'a>> Slow<'a> for Vec<T> {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
        let items: Vec<&'a RawValue> =
            serde_json::from_str(raw.get()).map_err(|error| ParseError::payload(&error))?;
        items.into_iter().map(T::slow).collect()
    }
}

impl<'a> Slow<'a> for &'a RawValue {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
        Ok(raw)
    }
}

/// Scalars (strings, whole numbers) have no keys to repeat: read them as on the fast path.
macro_rules! slow_as_fast {
    ($($ty:ty),*) => {$(
        impl<'a> Slow<'a> for $ty {
            fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
                serde_json::from_str(raw.get()).map_err(|error| ParseError::payload(&error))
            }
        }
    )*};
}
slow_as_fast!(Str<'a>, Whole);

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
    let call = message.call.ok_or_else(|| ParseError::payload_reason("`message.call` is missing or null"))?;
    let call_id =
        call.id.ok_or_else(|| ParseError::payload_reason("`message.call.id` is missing or null"))?;
    let assistant = message.assistant.map(RawJson::borrowed);
    if assistant.as_ref().is_some_and(|assistant| !assistant.is_object()) {
        return Err(ParseError::payload_reason("`message.assistant` must be an object"));
    }
    let common = Common {
        timestamp: message.timestamp.map(Str::into_cow),
        call: Call {
            id: call_id.0,
            call_type: call.call_type.map(|text| text.0.into()),
            status: call.status.map(|text| text.0.into()),
        },
        phone_number: message.phone_number.map(|number| PhoneNumber {
            id: number.id.map(Str::into_cow),
            number: number.number.map(Str::into_cow),
            name: number.name.map(Str::into_cow),
        }),
        customer: message.customer.map(|customer| Customer { number: customer.number.map(Str::into_cow) }),
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
    call: Option<WireCall<'a>>,
    phone_number: Option<WirePhoneNumber<'a>>,
    customer: Option<WireCustomer<'a>>,
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

/// A wire struct: every field optional (required ones are checked where the model is built),
/// read only from a JSON object with keys compared as bytes, a repeated key overwriting the
/// earlier value (the last one wins), unknown keys skipped. Also gives its [`Slow`] reading.
macro_rules! wire_struct {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $ty:ty = $key:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Default)]
        struct $name<'a> {
            $($field: Option<$ty>,)*
        }

        impl<'a> $name<'a> {
            const NAMES: [&'static str; { [$($key),*].len() }] = [$($key),*];
        }

        impl<'de: 'a, 'a> Deserialize<'de> for $name<'a> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor<'a>(PhantomData<&'a ()>);
                impl<'de: 'a, 'a> Visitor<'de> for ObjectVisitor<'a> {
                    type Value = $name<'a>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        let mut out = $name::default();
                        while let Some(index) = map.next_key_seed(KeySeed(&$name::NAMES))? {
                            match index.and_then(|index| $name::NAMES.get(index)).copied() {
                                $(Some($key) => out.$field = map.next_value()?,)*
                                _ => map.next_value::<IgnoredAny>().map(drop)?,
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor(PhantomData))
            }
        }

        impl<'a> Slow<'a> for $name<'a> {
            fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
                let fields = raw_json::object_fields(raw, &Self::NAMES)
                    .ok_or_else(|| ParseError::payload_reason(concat!("`", stringify!($name), "` must be an object")))?;
                let mut values = fields.values.into_iter();
                Ok(Self { $($field: slow(values.next().flatten())?,)* })
            }
        }
    };
}

wire_struct!(WireCall { id: Str<'a> = "id", call_type: Str<'a> = "type", status: Str<'a> = "status" });
wire_struct!(WirePhoneNumber { id: Str<'a> = "id", number: Str<'a> = "number", name: Str<'a> = "name" });
wire_struct!(WireCustomer { number: Str<'a> = "number" });
wire_struct!(WireToolCall { id: Str<'a> = "id", call_type: Str<'a> = "type", function: WireFunction<'a> = "function" });
wire_struct!(WireFunction { name: Str<'a> = "name", arguments: &'a RawValue = "arguments" });
wire_struct!(WireTurn { role: Str<'a> = "role", content: Str<'a> = "content" });

/// A tool call read from the wire, its arguments still as received (an object, a string, or
/// anything else): [`arguments`] checks and decodes them once the whole body has been read.
///
/// A newtype of the model's own type, so the list becomes `Vec<ToolCall>` without a copy.
struct WireCallEntry<'a>(ToolCall<'a>);

impl<'a> WireCallEntry<'a> {
    fn new(call: WireToolCall<'a>) -> Result<Self, &'static str> {
        let function = call.function.ok_or("a tool call's `function` is missing or null")?;
        Ok(WireCallEntry(ToolCall {
            id: call.id.ok_or("a tool call's `id` is missing or null")?.0,
            call_type: call.call_type.map(Str::into_cow),
            function: Function {
                name: function.name.ok_or("a tool call's `function.name` is missing or null")?.0,
                arguments: Arguments::new(function.arguments.map(RawJson::borrowed)),
            },
        }))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for WireCallEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WireCallEntry::new(WireToolCall::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

impl<'a> Slow<'a> for WireCallEntry<'a> {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
        WireCallEntry::new(WireToolCall::slow(raw)?).map_err(ParseError::payload_reason)
    }
}

/// A transcript message read from the wire; a newtype of the model's type, so the list becomes
/// `Vec<TranscriptMessage>` without a copy.
struct WireTurnEntry<'a>(TranscriptMessage<'a>);

impl<'a> WireTurnEntry<'a> {
    fn new(turn: WireTurn<'a>) -> Result<Self, &'static str> {
        Ok(WireTurnEntry(TranscriptMessage {
            role: turn.role.ok_or("a transcript message's `role` is missing or null")?.0.into(),
            content: turn.content.map(Str::into_cow),
        }))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for WireTurnEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WireTurnEntry::new(WireTurn::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

impl<'a> Slow<'a> for WireTurnEntry<'a> {
    fn slow(raw: &'a RawValue) -> Result<Self, ParseError> {
        WireTurnEntry::new(WireTurn::slow(raw)?).map_err(ParseError::payload_reason)
    }
}

/// Which message fields a pass reads; the others are skipped unchecked.
#[derive(Clone, Copy)]
enum Filter {
    /// The fields of every known type.
    All,
    /// The common fields and those of this type.
    Only(EventType<'static>),
}

/// The keys of the message this crate reads, in the order of [`Field::NAMES`].
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
    /// Every field but `Other`, in declaration order.
    const ALL: [Self; 16] = [
        Self::Type,
        Self::Timestamp,
        Self::Call,
        Self::PhoneNumber,
        Self::Customer,
        Self::Assistant,
        Self::ToolCallList,
        Self::Error,
        Self::EndReason,
        Self::DurationSeconds,
        Self::Summary,
        Self::Analysis,
        Self::Messages,
        Self::RecordingUrl,
        Self::StartedAt,
        Self::EndedAt,
    ];

    /// The key of each field of [`Field::ALL`], at its index.
    const NAMES: [&'static str; 16] = [
        "type",
        "timestamp",
        "call",
        "phone_number",
        "customer",
        "assistant",
        "tool_call_list",
        "error",
        "end_reason",
        "duration_seconds",
        "summary",
        "analysis",
        "messages",
        "recording_url",
        "started_at",
        "ended_at",
    ];
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
        // Compared as bytes: a key with a lone surrogate escape is just another unknown key.
        let index = KeySeed(&Self::NAMES).deserialize(deserializer)?;
        Ok(index.and_then(|index| Self::ALL.get(index)).copied().unwrap_or(Self::Other))
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
        let index = KeySeed(&["message"]).deserialize(deserializer)?;
        Ok(if index.is_some() { EnvelopeKey::Message } else { EnvelopeKey::Other })
    }
}

/// A JSON string, borrowed from the body when it has no escapes, decoded and owned otherwise;
/// each lone surrogate escape is read as U+FFFD.
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
        // Not as a `str`: `serde_json` refuses a lone surrogate escape there.
        raw_json::text(deserializer).map(Str)
    }
}

/// `duration_seconds` under the exact whole-number rule ([`raw_json::whole_u64`]): read as its
/// literal text, so neither `1e400` (out of `f64` range) nor `9007199254740993.0` (rounded by a
/// float) is decided on an approximation.
struct Whole(u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'de RawValue>::deserialize(deserializer)?;
        raw_json::whole_u64(raw).map(Whole).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Other(raw.get()), &"a non-negative whole number")
        })
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
            assert_eq!(whole(bad).unwrap_err().classify(), serde_json::error::Category::Data, "{bad}");
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
        assert!(serde_json::from_str::<WireCustomer<'_>>(r#"{"number":"1"}"#).is_ok());
        let error = serde_json::from_str::<WireCustomer<'_>>(r#"["1"]"#).err().unwrap();
        assert_eq!(error.to_string(), "invalid type: sequence, expected an object at line 1 column 0");
        assert!(WireCustomer::slow(serde_json::from_str(r#"["1"]"#).unwrap()).is_err());
    }

    #[test]
    fn last_key_wins_and_keys_are_bytes() {
        let call: WireCall<'_> =
            serde_json::from_str(r#"{"id":"a","\ud800":1,"id":"b","st\u0061tus":"x"}"#).unwrap();
        assert_eq!(call.id.map(Str::into_cow).as_deref(), Some("b"));
        assert_eq!(call.status.map(Str::into_cow).as_deref(), Some("x"));
        // The fast read fails on a mistyped earlier occurrence; the slow one never reads it.
        let text = r#"{"id":5,"id":"c"}"#;
        assert!(serde_json::from_str::<WireCall<'_>>(text).is_err());
        let call = WireCall::slow(serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(call.id.map(Str::into_cow).as_deref(), Some("c"));
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
