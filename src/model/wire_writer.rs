//! Writing an event back in wire form: `{"message": {"type": …, …}}`, each field under the key its
//! [`event_fields!`] row declares, the same key the reader reads.
//!
//! Two writers give the same bytes: the [`Serialize`] impl (for users who serialize events with
//! serde) and the direct writer behind [`Event::to_vec`] ([`WriteJson`]), which pushes the body
//! into one buffer sized up front. Both are generated from the same rows (`event_fields!`,
//! `object_fields!`); the direct one escapes text exactly as `serde_json` does (`"`, `\\` and
//! the controls below U+0020 — `\b` `\f` `\n` `\r` `\t`, the others `\u00xx` in lowercase hex —
//! everything else verbatim) and copies raw JSON byte for byte, so that
//! `event.to_vec() == serde_json::to_vec(&event)` always (the differential tests and the send
//! fuzz target check it).

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::model::event::Event;
use crate::model::json_helpers;
use crate::model::open_sets::{CallStatus, CallType, EndReason, Role};
use crate::model::raw_json::RawJson;
use crate::model::tool_calls::Arguments;

/// The start of a known event's body, up to the value of `message.type`.
const MESSAGE_TYPE_KEYS: &str = r#"{"message":{"type":"#;
/// The start of an unknown event's body, up to its message.
const MESSAGE_KEY: &str = r#"{"message":"#;

impl Serialize for Event<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut envelope = serializer.serialize_struct("Webhook", 1)?;
        match self {
            Self::Unknown(unknown) => envelope.serialize_field("message", &unknown.message)?,
            known => envelope.serialize_field("message", &KnownMessage(known))?,
        }
        envelope.end()
    }
}

/// The `message` object of a known event, in wire form; absent optional fields are left out.
struct KnownMessage<'e, 'a>(&'e Event<'a>);

impl Serialize for KnownMessage<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.0.event_type().as_str())?;
        match self.0 {
            Event::AssistantRequest(event) => event.write_fields(&mut map)?,
            Event::ToolCalls(event) => event.write_fields(&mut map)?,
            Event::StatusUpdate(event) => event.write_fields(&mut map)?,
            Event::EndOfCallReport(event) => event.write_fields(&mut map)?,
            Event::Unknown(_) => {}
        }
        map.end()
    }
}

impl Event<'_> {
    /// The body that delivers this event, exactly as the platform writes it: `{"message":{…}}`,
    /// compact, `message.type` first, then each field the event has under its key (absent
    /// optional fields and an empty transcript left out), each key once. An unknown event's
    /// message is written as it was given or received.
    ///
    /// Raw values (`analysis`, `assistant`, tool `arguments`, an unknown event's message) are
    /// written byte for byte as they were given or received. The model holds no floating-point
    /// number of its own, so nothing is ever written as a NaN or an infinity (nor silently as
    /// `null` instead of one). [`parse_event`](crate::model::parse_event::parse_event) reads the
    /// body back as an equal event.
    ///
    /// The bytes are those `serde_json::to_vec(&event)` writes through the event's `Serialize`
    /// impl, written directly into one buffer sized up front.
    ///
    /// To sign and send it, see [`WebhookRequest::new`](crate::send::webhook_request::WebhookRequest::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, Common, Event, StatusUpdate, parse_event};
    ///
    /// let event = Event::from(StatusUpdate::new(Common::new(Call::new("c1").with_status("ended")))
    ///     .with_end_reason("user_hangup"));
    /// let body = event.to_vec();
    /// assert_eq!(
    ///     body,
    ///     br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"},"end_reason":"user_hangup"}}"#
    /// );
    /// assert_eq!(parse_event(&body, Some(b"status-update"))?, event);
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        self.to_json().into_bytes()
    }

    /// The body of [`Event::to_vec`], as text.
    #[must_use]
    pub fn to_json(&self) -> String {
        // One buffer, of the exact size when no text needs escaping (grown as needed otherwise).
        let mut out = String::with_capacity(self.json_len());
        match self {
            Self::Unknown(unknown) => {
                out.push_str(MESSAGE_KEY);
                unknown.message.write_json(&mut out);
            }
            known => {
                out.push_str(MESSAGE_TYPE_KEYS);
                write_str(&mut out, known.event_type().as_str());
                match known {
                    Self::AssistantRequest(event) => event.write_json_fields(&mut out),
                    Self::ToolCalls(event) => event.write_json_fields(&mut out),
                    Self::StatusUpdate(event) => event.write_json_fields(&mut out),
                    Self::EndOfCallReport(event) => event.write_json_fields(&mut out),
                    Self::Unknown(_) => {}
                }
                out.push('}');
            }
        }
        out.push('}');
        out
    }

    /// The length of [`Event::to_json`] when no text needs escaping (a lower bound otherwise).
    fn json_len(&self) -> usize {
        let fields = match self {
            Self::Unknown(unknown) => {
                return MESSAGE_KEY.len().saturating_add(unknown.message.json_len()).saturating_add(1);
            }
            Self::AssistantRequest(event) => event.json_fields_len(),
            Self::ToolCalls(event) => event.json_fields_len(),
            Self::StatusUpdate(event) => event.json_fields_len(),
            Self::EndOfCallReport(event) => event.json_fields_len(),
        };
        MESSAGE_TYPE_KEYS
            .len()
            .saturating_add(str_len(self.event_type().as_str()))
            .saturating_add(fields)
            .saturating_add(2)
    }
}

/// A value the direct writer writes: compact JSON, byte for byte what `serde_json` writes for the
/// value's `Serialize`.
pub(crate) trait WriteJson {
    /// Appends the value's JSON to `out`.
    fn write_json(&self, out: &mut String);

    /// The length of that JSON when no text in it needs escaping (a lower bound otherwise):
    /// the buffer's initial capacity.
    fn json_len(&self) -> usize;
}

impl WriteJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }

    fn json_len(&self) -> usize {
        str_len(self)
    }
}

impl WriteJson for alloc::borrow::Cow<'_, str> {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }

    fn json_len(&self) -> usize {
        str_len(self)
    }
}

impl WriteJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_u64(out, *self);
    }

    fn json_len(&self) -> usize {
        // Digits: one more for each power of ten the number reaches.
        let mut digits = 1_usize;
        let mut rest = *self;
        while rest >= 10 {
            rest /= 10;
            digits = digits.saturating_add(1);
        }
        digits
    }
}

impl WriteJson for RawJson<'_> {
    fn write_json(&self, out: &mut String) {
        out.push_str(self.as_str());
    }

    fn json_len(&self) -> usize {
        self.as_str().len()
    }
}

/// As its `Serialize`: the object, or `null` when absent (a writer leaves absent arguments out).
impl WriteJson for Arguments<'_> {
    fn write_json(&self, out: &mut String) {
        match self.raw() {
            Some(raw) => raw.write_json(out),
            None => out.push_str("null"),
        }
    }

    fn json_len(&self) -> usize {
        self.raw().map_or(4, RawJson::json_len)
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        let mut items = self.iter();
        if let Some(first) = items.next() {
            first.write_json(out);
            for item in items {
                out.push(',');
                item.write_json(out);
            }
        }
        out.push(']');
    }

    fn json_len(&self) -> usize {
        // The brackets and a comma between items.
        self.iter().fold(self.len().max(1).saturating_add(1), |len, item| len.saturating_add(item.json_len()))
    }
}

/// The open sets are written as their text.
macro_rules! write_as_text {
    ($($name:ident),*) => {
        $(
            impl WriteJson for $name<'_> {
                fn write_json(&self, out: &mut String) {
                    write_str(out, self.as_str());
                }

                fn json_len(&self) -> usize {
                    str_len(self.as_str())
                }
            }
        )*
    };
}

write_as_text!(CallType, CallStatus, EndReason, Role);

/// Writes one member of an object: a comma unless it is the first (`comma` says whether one is
/// due, and is set for the next), then `key` (the quoted key and its colon, as written) and the
/// value.
pub(crate) fn write_member<T: WriteJson + ?Sized>(out: &mut String, comma: &mut bool, key: &str, value: &T) {
    if *comma {
        out.push(',');
    }
    *comma = true;
    out.push_str(key);
    value.write_json(out);
}

/// The length [`write_member`] writes for `value` when it needs no escaping (the comma counted).
pub(crate) fn member_len<T: WriteJson + ?Sized>(key: &str, value: &T) -> usize {
    key.len().saturating_add(1).saturating_add(value.json_len())
}

/// The escape of each control character below U+0020, as `serde_json` writes it.
const CONTROL_ESCAPES: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b", "\\t",
    "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013",
    "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c",
    "\\u001d", "\\u001e", "\\u001f",
];

/// The escape of `byte`, if a JSON string must escape it.
fn escape(byte: u8) -> Option<&'static str> {
    match byte {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        control => CONTROL_ESCAPES.get(usize::from(control)).copied(),
    }
}

/// Appends `text` as a JSON string, escaped exactly as `serde_json` escapes it.
pub(crate) fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let mut rest = text;
    while let Some(at) = json_helpers::first_to_escape(rest.as_bytes()) {
        // `at` is the position of an ASCII byte, so both splits fall on character boundaries.
        let Some((clean, tail)) = rest.split_at_checked(at) else { break };
        out.push_str(clean);
        let mut chars = tail.chars();
        if let Some(escaped) = chars.next().and_then(|first| u8::try_from(first).ok()).and_then(escape) {
            out.push_str(escaped);
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push('"');
}

/// The length of `text` as a JSON string when it needs no escaping: the text and two quotes.
pub(crate) fn str_len(text: &str) -> usize {
    text.len().saturating_add(2)
}

/// Appends `value` in decimal, as `serde_json` writes a `u64`.
fn write_u64(out: &mut String, value: u64) {
    // At most 20 digits (u64::MAX is 18446744073709551615), written from the last.
    let mut digits = [b'0'; 20];
    let mut rest = value;
    let mut first = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0' | u8::try_from(rest % 10).unwrap_or_default();
        rest /= 10;
        first = first.saturating_sub(1);
        if rest == 0 {
            break;
        }
    }
    for &digit in digits.iter().skip(first) {
        out.push(char::from(digit));
    }
}
