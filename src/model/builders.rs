//! Building events on the sender's side: a constructor for every event and each of its parts, taking
//! the required fields, and a chainable `with_…` setter for each optional one.
//!
//! The model's structs are `#[non_exhaustive]`, so code outside the crate cannot write them as
//! struct literals; these constructors are how it makes them. Everything built here writes (with
//! [`Event::to_vec`]) a body that [`parse_event`] reads back as an equal event: the few values
//! that the reader would see differently are refused here (an `assistant` block or tool arguments
//! that are not an object, an unknown event named like a known one) or stored the way the reader
//! stores them (an `analysis` of `null` is no analysis).
//!
//! Each `new` is a struct literal naming every field, so a field added to an event's
//! [`event_fields!`] table fails to compile here until it is given a value (and, if optional, a
//! setter beside the others).
//!
//! [`Event::to_vec`]: crate::model::event::Event::to_vec
//! [`parse_event`]: crate::model::parse_event::parse_event

use alloc::borrow::Cow;
use alloc::format;
use alloc::vec::Vec;

use serde_json::value::RawValue;

use crate::model::assistant_request::AssistantRequest;
use crate::model::common::{Call, Common, Customer, PhoneNumber, owned};
use crate::model::end_of_call_report::{EndOfCallReport, TranscriptMessage};
use crate::model::event::Event;
use crate::model::json_helpers::is_blank;
use crate::model::open_sets::{CallStatus, CallType, EndReason, Role};
use crate::model::parse_error::ParseError;
use crate::model::parse_event::parse_event;
use crate::model::raw_json::RawJson;
use crate::model::status_update::StatusUpdate;
use crate::model::tool_calls::{Arguments, Function, ToolCall, ToolCalls};
use crate::model::unknown_event::UnknownEvent;

impl<'a> RawJson<'a> {
    /// Takes JSON text as the value to send: it must be exactly one JSON value (RFC 8259),
    /// surrounding whitespace aside. The text is kept and written **byte for byte** (inner
    /// whitespace, key order, number spelling such as `1.50` or `18446744073709551617`), borrowed
    /// if it is borrowed.
    ///
    /// JSON has no NaN or infinity, so a value made here never holds one.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidJson`] (or [`ParseError::EmptyBody`] for blank text) if `json` is not
    /// one JSON value.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::RawJson;
    ///
    /// let analysis = RawJson::new(r#" {"sentiment": 8, "booked": true} "#)?;
    /// assert_eq!(analysis.as_str(), r#"{"sentiment": 8, "booked": true}"#);
    /// assert!(RawJson::new("{\"a\":").is_err());
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    pub fn new(json: impl Into<Cow<'a, str>>) -> Result<Self, ParseError> {
        let json = json.into();
        if is_blank(json.as_bytes()) {
            return Err(ParseError::EmptyBody);
        }
        match json {
            Cow::Borrowed(text) => serde_json::from_str::<&'a RawValue>(text).map(RawJson::borrowed),
            Cow::Owned(text) => RawValue::from_string(text).map(RawJson::owned),
        }
        .map_err(|error| ParseError::json(&error))
    }
}

impl<'a> Call<'a> {
    /// A call with its id (any text) and no type or status.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, CallStatus, CallType};
    ///
    /// let call = Call::new("c1").with_type(CallType::InboundPhoneCall).with_status("ringing");
    /// assert_eq!(call.status, Some(CallStatus::Ringing));
    /// ```
    #[must_use]
    pub fn new(id: impl Into<Cow<'a, str>>) -> Self {
        Self { id: id.into(), call_type: None, status: None }
    }

    /// Sets `call.type`: a [`CallType`] or its text (`"web_call"`).
    #[must_use]
    pub fn with_type(mut self, call_type: impl Into<CallType<'a>>) -> Self {
        self.call_type = Some(call_type.into());
        self
    }

    /// Sets `call.status`: a [`CallStatus`] or its text (`"in-progress"`).
    #[must_use]
    pub fn with_status(mut self, status: impl Into<CallStatus<'a>>) -> Self {
        self.status = Some(status.into());
        self
    }
}

impl Default for PhoneNumber<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> PhoneNumber<'a> {
    /// A phone number with no field set (as on web calls, where the platform sends nulls).
    #[must_use]
    pub const fn new() -> Self {
        Self { id: None, number: None, name: None }
    }

    /// Sets the platform's id of the number.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<Cow<'a, str>>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the number, in E.164 form (`+31850835037`).
    #[must_use]
    pub fn with_number(mut self, number: impl Into<Cow<'a, str>>) -> Self {
        self.number = Some(number.into());
        self
    }

    /// Sets the number's display name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<Cow<'a, str>>) -> Self {
        self.name = Some(name.into());
        self
    }
}

impl Default for Customer<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Customer<'a> {
    /// A customer with no number (as on web calls).
    #[must_use]
    pub const fn new() -> Self {
        Self { number: None }
    }

    /// Sets the customer's number, in E.164 form.
    #[must_use]
    pub fn with_number(mut self, number: impl Into<Cow<'a, str>>) -> Self {
        self.number = Some(number.into());
        self
    }
}

impl<'a> Common<'a> {
    /// The common fields of an event of `call`, with every optional field absent.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, Common, Customer, PhoneNumber, RawJson};
    ///
    /// let common = Common::new(Call::new("c1").with_status("ringing"))
    ///     .with_timestamp("2025-12-13T12:00:00.000Z")
    ///     .with_phone_number(PhoneNumber::new().with_number("+31850835037"))
    ///     .with_customer(Customer::new().with_number("+31612345678"))
    ///     .with_assistant(RawJson::new(r#"{"name":"Receptionist"}"#)?)?;
    /// assert_eq!(common.customer_number(), Some("+31612345678"));
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub const fn new(call: Call<'a>) -> Self {
        Self { timestamp: None, call, phone_number: None, customer: None, assistant: None }
    }

    /// Sets `message.timestamp` (ISO 8601 text with milliseconds, e.g. `2025-12-13T12:00:00.000Z`;
    /// kept as given).
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: impl Into<Cow<'a, str>>) -> Self {
        self.timestamp = Some(timestamp.into());
        self
    }

    /// Sets `message.phone_number`.
    #[must_use]
    pub fn with_phone_number(mut self, phone_number: PhoneNumber<'a>) -> Self {
        self.phone_number = Some(phone_number);
        self
    }

    /// Sets `message.customer`.
    #[must_use]
    pub fn with_customer(mut self, customer: Customer<'a>) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Sets `message.assistant`, which must be a JSON object.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if `assistant` is not an object (a receiver would refuse the
    /// event).
    pub fn with_assistant(mut self, assistant: RawJson<'a>) -> Result<Self, ParseError> {
        if !assistant.is_object() {
            return Err(ParseError::payload_reason("`message.assistant` must be an object"));
        }
        self.assistant = Some(assistant);
        Ok(self)
    }
}

impl<'a> Arguments<'a> {
    /// No arguments: `function.arguments` is left out (a receiver reads it as `{}`).
    #[must_use]
    pub const fn none() -> Self {
        Self::new(None)
    }

    /// Arguments given as a JSON object, written as it is.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if `object` is not a JSON object.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Arguments, RawJson};
    ///
    /// let arguments = Arguments::object(RawJson::new(r#"{"query":"John"}"#)?)?;
    /// assert_eq!(arguments.as_str(), r#"{"query":"John"}"#);
    /// assert!(Arguments::object(RawJson::new("[1]")?).is_err());
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    pub fn object(object: RawJson<'a>) -> Result<Self, ParseError> {
        if object.is_object() {
            Ok(Self::new(Some(object)))
        } else {
            Err(ParseError::payload_reason("`function.arguments` must be a JSON object"))
        }
    }

    /// Arguments given the way some platforms send them: the *text* of a JSON object (what a
    /// JSON string `"{\"query\":\"John\"}"` holds). The object is written as an object.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidJson`] if `json` is not JSON, [`ParseError::InvalidPayload`] if it is
    /// not an object.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::Arguments;
    ///
    /// let arguments = Arguments::from_json(String::from(r#"{"date":"2025-12-20"}"#))?;
    /// assert_eq!(arguments.as_str(), r#"{"date":"2025-12-20"}"#);
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    pub fn from_json(json: impl Into<Cow<'a, str>>) -> Result<Self, ParseError> {
        Self::object(RawJson::new(json)?)
    }
}

impl<'a> Function<'a> {
    /// The function `name`, without arguments.
    #[must_use]
    pub fn new(name: impl Into<Cow<'a, str>>) -> Self {
        Self { name: name.into(), arguments: Arguments::none() }
    }

    /// Sets the arguments.
    #[must_use]
    pub fn with_arguments(mut self, arguments: Arguments<'a>) -> Self {
        self.arguments = arguments;
        self
    }
}

impl<'a> ToolCall<'a> {
    /// A call with id `id` of `function`, of type `function` (what the platform sends).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Arguments, Function, ToolCall};
    ///
    /// let call = ToolCall::new("t1", Function::new("lookup").with_arguments(Arguments::from_json(r#"{"q":1}"#)?));
    /// assert_eq!(call.call_type.as_deref(), Some("function"));
    /// assert_eq!(call.name(), "lookup");
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn new(id: impl Into<Cow<'a, str>>, function: Function<'a>) -> Self {
        Self { id: id.into(), call_type: Some(Cow::Borrowed("function")), function }
    }

    /// Sets the entry's `type` to other text than `function`.
    #[must_use]
    pub fn with_call_type(mut self, call_type: impl Into<Cow<'a, str>>) -> Self {
        self.call_type = Some(call_type.into());
        self
    }

    /// Leaves the entry's `type` out.
    #[must_use]
    pub fn without_call_type(mut self) -> Self {
        self.call_type = None;
        self
    }
}

impl<'a> TranscriptMessage<'a> {
    /// A turn spoken by `role` (a [`Role`] or its text), without content.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Role, TranscriptMessage};
    ///
    /// let turn = TranscriptMessage::new(Role::User).with_content("I'd like to book a table.");
    /// assert_eq!(turn.content.as_deref(), Some("I'd like to book a table."));
    /// ```
    #[must_use]
    pub fn new(role: impl Into<Role<'a>>) -> Self {
        Self { role: role.into(), content: None }
    }

    /// Sets what was said.
    #[must_use]
    pub fn with_content(mut self, content: impl Into<Cow<'a, str>>) -> Self {
        self.content = Some(content.into());
        self
    }
}

impl<'a> AssistantRequest<'a> {
    /// An `assistant-request` with these common fields (the platform sends it with `call.status`
    /// `ringing`).
    #[must_use]
    pub const fn new(common: Common<'a>) -> Self {
        Self { common }
    }
}

impl<'a> ToolCalls<'a> {
    /// A `tool-calls` event carrying `tool_calls` (in order; the list may be empty).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, Common, Function, ToolCall, ToolCalls};
    ///
    /// let event = ToolCalls::new(Common::new(Call::new("c1")), [ToolCall::new("t1", Function::new("hang_up"))])
    ///     .with_tool_call(ToolCall::new("t2", Function::new("transfer")));
    /// assert_eq!(event.tool_calls.len(), 2);
    /// ```
    #[must_use]
    pub fn new(common: Common<'a>, tool_calls: impl IntoIterator<Item = ToolCall<'a>>) -> Self {
        Self { common, tool_calls: tool_calls.into_iter().collect() }
    }

    /// Appends a call to `tool_call_list`.
    #[must_use]
    pub fn with_tool_call(mut self, tool_call: ToolCall<'a>) -> Self {
        self.tool_calls.push(tool_call);
        self
    }
}

impl<'a> StatusUpdate<'a> {
    /// A `status-update` with these common fields (set the new status on `common.call`).
    #[must_use]
    pub const fn new(common: Common<'a>) -> Self {
        Self { common, error: None, end_reason: None }
    }

    /// Sets `error`: what went wrong (with status `ended-with-error`).
    #[must_use]
    pub fn with_error(mut self, error: impl Into<Cow<'a, str>>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// Sets `end_reason`: an [`EndReason`] or its text.
    #[must_use]
    pub fn with_end_reason(mut self, end_reason: impl Into<EndReason<'a>>) -> Self {
        self.end_reason = Some(end_reason.into());
        self
    }
}

impl<'a> EndOfCallReport<'a> {
    /// An `end-of-call-report` with its two required fields: the duration in whole seconds and the
    /// summary (may be empty).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Call, Common, EndOfCallReport, EndReason, RawJson, Role, TranscriptMessage};
    ///
    /// let report = EndOfCallReport::new(Common::new(Call::new("c1").with_status("ended")), 84, "Booked a table.")
    ///     .with_analysis(RawJson::new(r#"{"sentiment":8}"#)?)
    ///     .with_message(TranscriptMessage::new(Role::User).with_content("A table for two, please."))
    ///     .with_end_reason(EndReason::UserHangup);
    /// assert_eq!(report.analysis.as_ref().map(RawJson::as_str), Some(r#"{"sentiment":8}"#));
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn new(common: Common<'a>, duration_seconds: u64, summary: impl Into<Cow<'a, str>>) -> Self {
        Self {
            common,
            duration_seconds,
            summary: summary.into(),
            analysis: None,
            messages: Vec::new(),
            recording_url: None,
            end_reason: None,
            started_at: None,
            ended_at: None,
        }
    }

    /// Sets `analysis`, any JSON value. A JSON `null` means no analysis, as it does for a receiver,
    /// so it leaves the field absent.
    #[must_use]
    pub fn with_analysis(mut self, analysis: RawJson<'a>) -> Self {
        self.analysis = (analysis.as_str() != "null").then_some(analysis);
        self
    }

    /// Appends a turn to the transcript (`messages`).
    #[must_use]
    pub fn with_message(mut self, message: TranscriptMessage<'a>) -> Self {
        self.messages.push(message);
        self
    }

    /// Appends turns to the transcript (`messages`).
    #[must_use]
    pub fn with_messages(mut self, messages: impl IntoIterator<Item = TranscriptMessage<'a>>) -> Self {
        self.messages.extend(messages);
        self
    }

    /// Sets `recording_url`.
    #[must_use]
    pub fn with_recording_url(mut self, recording_url: impl Into<Cow<'a, str>>) -> Self {
        self.recording_url = Some(recording_url.into());
        self
    }

    /// Sets `end_reason`: an [`EndReason`] or its text.
    #[must_use]
    pub fn with_end_reason(mut self, end_reason: impl Into<EndReason<'a>>) -> Self {
        self.end_reason = Some(end_reason.into());
        self
    }

    /// Sets `started_at` (ISO 8601 text, kept as given).
    #[must_use]
    pub fn with_started_at(mut self, started_at: impl Into<Cow<'a, str>>) -> Self {
        self.started_at = Some(started_at.into());
        self
    }

    /// Sets `ended_at` (ISO 8601 text, kept as given).
    #[must_use]
    pub fn with_ended_at(mut self, ended_at: impl Into<Cow<'a, str>>) -> Self {
        self.ended_at = Some(ended_at.into());
        self
    }
}

impl<'a> UnknownEvent<'a> {
    /// An event of a type this crate does not know, from its whole `message` object, which is
    /// written byte for byte. Its type is read from the message as a receiver reads it.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if `message` is not an object with a string `type`, or if
    /// that type is one of the four known ones (build those with their own types: a receiver would
    /// read and check them as such; if the message is not even a valid event of that type, the
    /// reason is the one a receiver would give).
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{RawJson, UnknownEvent};
    ///
    /// let event = UnknownEvent::new(RawJson::new(r#"{"type":"transcript","text":"Hello"}"#)?)?;
    /// assert_eq!(event.event_type, "transcript");
    /// assert!(UnknownEvent::new(RawJson::new(r#"{"type":"tool-calls"}"#)?).is_err());
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    pub fn new(message: RawJson<'a>) -> Result<Self, ParseError> {
        // The reader decides: the type is what a receiver would see, whatever the reading rules.
        let body = format!("{{\"message\":{}}}", message.as_str());
        match parse_event(body.as_bytes(), None) {
            Ok(Event::Unknown(unknown)) => Ok(Self { event_type: owned(unknown.event_type), message }),
            Ok(known) => Err(ParseError::InvalidPayload {
                reason: format!(
                    "`message.type` `{}` is a known event type; build it with its own type",
                    known.event_type().as_str()
                ),
            }),
            Err(ParseError::InvalidPayload { .. }) if !message.is_object() => {
                Err(ParseError::payload_reason("the message of an event must be a JSON object"))
            }
            Err(error) => Err(error),
        }
    }
}

macro_rules! event_from {
    ($($variant:ident),* $(,)?) => {
        $(
            impl<'a> From<$variant<'a>> for Event<'a> {
                fn from(event: $variant<'a>) -> Self {
                    Self::$variant(event)
                }
            }
        )*
    };
}

event_from!(AssistantRequest, ToolCalls, StatusUpdate, EndOfCallReport);

impl<'a> From<UnknownEvent<'a>> for Event<'a> {
    fn from(event: UnknownEvent<'a>) -> Self {
        Self::Unknown(event)
    }
}
