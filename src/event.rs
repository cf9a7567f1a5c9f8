//! The webhook event model and its entry points: [`parse_event`] and
//! [`Verifier::verify_event`].

use alloc::borrow::Cow;
use alloc::string::String;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::event_type::EventType;
use crate::headers::Headers;
use crate::message::{Call, Common, owned};
use crate::open_enum::EndReason;
use crate::parse_error::{ParseError, WebhookError};
use crate::raw::RawJson;
use crate::report::EndOfCallReport;
use crate::time::UnixTime;
use crate::tool_calls::ToolCalls;
use crate::verify::Verifier;
use crate::wire;

/// One webhook event, parsed from a body `{"message": {...}}` according to `message.type`.
///
/// The four types the protocol defines have a typed case each; any other type (the platform may
/// add some) is [`Event::Unknown`], which keeps the type's text and the raw message and is never
/// an error. Text is borrowed from the body wherever it needed no unescaping; use
/// [`Event::into_owned`] to keep an event beyond the body's lifetime.
///
/// The event serializes back to its wire form `{"message": {...}}`, with the fields this crate
/// models (unknown fields of known events are not kept; an unknown event's message is written
/// back verbatim). Parsing that output gives an equal event.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{CallStatus, Event, parse_event};
///
/// let body = br#"{"message":{"type":"status-update","call":{"id":"c1","status":"ended"},
///     "end_reason":"user_hangup"}}"#;
/// match parse_event(body, Some(b"status-update"))? {
///     Event::StatusUpdate(update) => {
///         assert_eq!(update.common.call.id, "c1");
///         assert_eq!(update.common.call.status, Some(CallStatus::Ended));
///         assert_eq!(update.end_reason.as_ref().map(|reason| reason.as_str()), Some("user_hangup"));
///     }
///     Event::Unknown(other) => println!("ignoring a {} event", other.event_type),
///     _ => {}
/// }
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// `assistant-request`: an inbound call is ringing; the response configures it (5 s deadline).
    AssistantRequest(AssistantRequest<'a>),
    /// `tool-calls`: the assistant asks for tool results (10 s deadline for synchronous tools).
    ToolCalls(ToolCalls<'a>),
    /// `status-update`: the call's status changed; the response is ignored.
    StatusUpdate(StatusUpdate<'a>),
    /// `end-of-call-report`: the call is over; the response is ignored.
    EndOfCallReport(EndOfCallReport<'a>),
    /// Any other `message.type`, kept unparsed.
    Unknown(UnknownEvent<'a>),
}

impl<'a> Event<'a> {
    /// The event's type (`message.type`).
    #[must_use]
    pub fn event_type(&self) -> EventType<'_> {
        match self {
            Self::AssistantRequest(_) => EventType::AssistantRequest,
            Self::ToolCalls(_) => EventType::ToolCalls,
            Self::StatusUpdate(_) => EventType::StatusUpdate,
            Self::EndOfCallReport(_) => EventType::EndOfCallReport,
            Self::Unknown(unknown) => EventType::Other(&unknown.event_type),
        }
    }

    /// The fields every known event carries; `None` for an unknown event.
    #[must_use]
    pub const fn common(&self) -> Option<&Common<'a>> {
        match self {
            Self::AssistantRequest(event) => Some(&event.common),
            Self::ToolCalls(event) => Some(&event.common),
            Self::StatusUpdate(event) => Some(&event.common),
            Self::EndOfCallReport(event) => Some(&event.common),
            Self::Unknown(_) => None,
        }
    }

    /// The call the event belongs to; `None` for an unknown event.
    #[must_use]
    pub const fn call(&self) -> Option<&Call<'a>> {
        match self.common() {
            Some(common) => Some(&common.call),
            None => None,
        }
    }

    /// `message.timestamp`, if the event is known and carries one.
    #[must_use]
    pub fn timestamp(&self) -> Option<&str> {
        self.common().and_then(|common| common.timestamp.as_deref())
    }

    /// The same event with all text copied, so it no longer borrows the body (e.g. to hand it to
    /// another task).
    #[must_use]
    pub fn into_owned(self) -> Event<'static> {
        match self {
            Self::AssistantRequest(event) => Event::AssistantRequest(event.into_owned()),
            Self::ToolCalls(event) => Event::ToolCalls(event.into_owned()),
            Self::StatusUpdate(event) => Event::StatusUpdate(event.into_owned()),
            Self::EndOfCallReport(event) => Event::EndOfCallReport(event.into_owned()),
            Self::Unknown(event) => Event::Unknown(event.into_owned()),
        }
    }
}

/// An `assistant-request` event: sent before an inbound call is answered (`call.status` is
/// `ringing`). It carries only the common fields; the receiver has 5 seconds to answer with the
/// configuration for the call, after which the platform goes on with the default assistant.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssistantRequest<'a> {
    /// The fields every known event carries.
    pub common: Common<'a>,
}

impl AssistantRequest<'_> {
    /// The same event with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> AssistantRequest<'static> {
        AssistantRequest { common: self.common.into_owned() }
    }
}

/// A `status-update` event: the call moved to `in-progress`, `ended` or `ended-with-error`.
///
/// Both extra fields are optional strings. The receiver's response is ignored (any 2xx
/// acknowledges).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusUpdate<'a> {
    /// The fields every known event carries.
    pub common: Common<'a>,
    /// `error`: what went wrong, typically with status `ended-with-error` (e.g.
    /// `STT connection failed`).
    pub error: Option<Cow<'a, str>>,
    /// `end_reason`: why the call ended, once it has.
    pub end_reason: Option<EndReason<'a>>,
}

impl StatusUpdate<'_> {
    /// The same event with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> StatusUpdate<'static> {
        StatusUpdate {
            common: self.common.into_owned(),
            error: self.error.map(owned),
            end_reason: self.end_reason.map(EndReason::into_owned),
        }
    }
}

/// An event whose `message.type` this crate does not know.
///
/// The protocol's event types are an open set: a new type must not break a receiver. Only
/// `message.type` is read (it must be a string); the rest of the message is kept as raw JSON and
/// not checked. Answer such events with a 2xx.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent<'a> {
    /// `message.type`, unescaped (any text, even empty).
    pub event_type: Cow<'a, str>,
    /// The whole `message` object, as received.
    pub message: RawJson<'a>,
}

impl UnknownEvent<'_> {
    /// The same event with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> UnknownEvent<'static> {
        UnknownEvent { event_type: owned(self.event_type), message: self.message.into_owned() }
    }
}

/// Parses a webhook body into an [`Event`], checking it against the `X-Webhook-Event` header if
/// the request had one.
///
/// This does not verify anything: use [`Verifier::verify_event`] for requests from the network.
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
///   values ([`RawJson`], arguments given as an object, tool results) keep the escape as sent.
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
///   deserialize them into your type (`analysis_as`, `arguments_as`, [`RawJson::deserialize`]) use
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
    let event = wire::parse(body)?;
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

impl<const N: usize> Verifier<N> {
    /// Verifies a request and then parses its body into an [`Event`].
    ///
    /// The signature and age are checked first, exactly as [`Verifier::verify`] does; nothing in
    /// the body is read before the request is known to be authentic. Then the body is parsed as
    /// [`parse_event`] does, with the `X-Webhook-Event` header from `headers`.
    ///
    /// # Errors
    ///
    /// [`WebhookError::Verify`] if the request is not authentic and fresh (answer 401, or 400 for
    /// malformed headers); [`WebhookError::Parse`] if it is authentic but its body is not a valid
    /// event (answer 400 and log it: the platform sent it).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{
    ///     Event, Headers, SigningKey, UnixTime, Verifier, VerifyError, WebhookError,
    /// };
    ///
    /// let verifier = Verifier::new("whsec_test_secret_12345")?;
    /// let body = br#"{"message":{"type":"assistant-request","call":{"id":"c1","status":"ringing"},
    ///     "customer":{"number":"+31612345678"}}}"#;
    /// // The platform's side, for this example.
    /// let signed = SigningKey::new("whsec_test_secret_12345")?.sign(UnixTime::from_secs(1_700_000_000), body);
    /// let headers = Headers::new()
    ///     .with_timestamp(signed.timestamp())
    ///     .with_signature(signed.signature())
    ///     .with_event("assistant-request");
    ///
    /// let now = UnixTime::from_secs(1_700_000_003);
    /// let Event::AssistantRequest(request) = verifier.verify_event(&headers, body, now)? else {
    ///     unreachable!()
    /// };
    /// assert_eq!(request.common.customer_number(), Some("+31612345678"));
    ///
    /// // A tampered body fails verification before it is parsed.
    /// assert_eq!(
    ///     verifier.verify_event(&headers, b"not json", now),
    ///     Err(WebhookError::Verify(VerifyError::SignatureMismatch))
    /// );
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn verify_event<'a>(
        &self,
        headers: &Headers<'_>,
        body: &'a [u8],
        now: UnixTime,
    ) -> Result<Event<'a>, WebhookError> {
        self.verify(headers, body, now)?;
        Ok(parse_event(body, headers.event())?)
    }
}

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
        fn optional<M: SerializeMap, T: Serialize>(
            map: &mut M,
            key: &str,
            value: Option<&T>,
        ) -> Result<(), M::Error> {
            value.map_or(Ok(()), |value| map.serialize_entry(key, value))
        }

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.0.event_type().as_str())?;
        if let Some(common) = self.0.common() {
            optional(&mut map, "timestamp", common.timestamp.as_ref())?;
            map.serialize_entry("call", &common.call)?;
            optional(&mut map, "phone_number", common.phone_number.as_ref())?;
            optional(&mut map, "customer", common.customer.as_ref())?;
            optional(&mut map, "assistant", common.assistant.as_ref())?;
        }
        match self.0 {
            Event::ToolCalls(event) => map.serialize_entry("tool_call_list", &event.tool_calls)?,
            Event::StatusUpdate(event) => {
                optional(&mut map, "error", event.error.as_ref())?;
                optional(&mut map, "end_reason", event.end_reason.as_ref())?;
            }
            Event::EndOfCallReport(report) => {
                map.serialize_entry("duration_seconds", &report.duration_seconds)?;
                map.serialize_entry("summary", &report.summary)?;
                optional(&mut map, "analysis", report.analysis.as_ref())?;
                if !report.messages.is_empty() {
                    map.serialize_entry("messages", &report.messages)?;
                }
                optional(&mut map, "recording_url", report.recording_url.as_ref())?;
                optional(&mut map, "end_reason", report.end_reason.as_ref())?;
                optional(&mut map, "started_at", report.started_at.as_ref())?;
                optional(&mut map, "ended_at", report.ended_at.as_ref())?;
            }
            Event::AssistantRequest(_) | Event::Unknown(_) => {}
        }
        map.end()
    }
}
