//! The `tool-calls` event: the assistant asks the receiver to run one or more tools.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::model::event_fields::FromWire;
use crate::model::json_helpers;
use crate::model::json_values::CowStr;

use crate::model::parse_error::ParseError;
use crate::model::raw_json::RawJson;

event_fields! {
    /// A `tool-calls` event: the assistant wants the results of one or more tools.
    ///
    /// `message.tool_call_list` is required and may hold several calls (or none). For a synchronous
    /// tool the platform waits up to 10 seconds for the response, which carries one result per call
    /// id; for an asynchronous tool the response body is ignored.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ToolCalls<'a>, read into tool_calls: ToolCallsWire, with common {
        /// `message.tool_call_list`, in the order received. Ids are not required to be unique.
        pub tool_calls: Vec<ToolCall<'a>> = "tool_call_list" as Vec<WireToolCall<'a>>
            => required_list then decode_arguments;
    }
}

object_fields! {
    /// One entry of `tool_call_list`: `{id, type, function: {name, arguments}}`.
    ///
    /// `id` and `function.name` are required strings; `type` (normally `function`) is optional and may
    /// hold any text.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Event, parse_event};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Lookup<'a> {
    ///     query: &'a str,
    /// }
    ///
    /// let body = br#"{"message":{"type":"tool-calls","call":{"id":"c1"},"tool_call_list":[
    ///     {"id":"t1","type":"function","function":{"name":"lookup_contact","arguments":{"query":"John"}}}]}}"#;
    /// let Event::ToolCalls(event) = parse_event(body, Some(b"tool-calls"))? else { unreachable!() };
    /// let call = &event.tool_calls[0];
    /// assert_eq!(call.name(), "lookup_contact");
    /// assert_eq!(call.arguments_as::<Lookup>()?.query, "John");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ToolCall<'a>, read as WireToolCall {
        /// The call's id; the response quotes it as `tool_call_id`.
        pub id: Cow<'a, str> = "id" as CowStr<'a> => required;
        /// The entry's `type`, normally `function`.
        pub call_type: Option<Cow<'a, str>> = "type" as CowStr<'a> => optional;
        /// The function to run and its arguments.
        pub function: Function<'a> = "function" as WireFunction<'a> => required;
    }
}

impl<'a> ToolCall<'a> {
    /// The name of the tool to run (`function.name`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.function.name
    }

    /// The arguments (`function.arguments`), deserialized into the caller's type. Missing
    /// arguments deserialize like `{}`.
    ///
    /// # Errors
    ///
    /// [`ArgumentsError`] if the arguments do not have the shape `T` expects. The tool call itself
    /// was valid (the event parsed); it is the caller's type that does not match.
    pub fn arguments_as<'s, T: Deserialize<'s>>(&'s self) -> Result<T, ArgumentsError> {
        self.function.arguments.deserialize()
    }
}

object_fields! {
    /// The `function` of a tool call.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Function<'a>, read as WireFunction {
        /// The tool's name, as configured on the assistant.
        pub name: Cow<'a, str> = "name" as CowStr<'a> => required;
        /// The arguments the model chose, a JSON object.
        pub arguments: Arguments<'a> = "arguments" as &'a RawValue => nullable skip_if Arguments::is_absent;
    }
}

/// A tool call's arguments: always a JSON object, kept as raw JSON.
///
/// The protocol sends an object. This crate also accepts, as the comparable platforms do, a JSON
/// **string** whose content is an object (e.g. `"{\"query\":\"John\"}"`), which is decoded here so
/// the caller always sees the object; and a missing or `null` value, which means no arguments and
/// reads as `{}`. Anything else (a number, an array, a string holding anything but an object) makes
/// the event invalid.
///
/// An object given directly is borrowed from the body; one decoded from a string is owned. Once
/// serialized, arguments are always written as an object, never as a string; absent arguments are
/// left out. Equality compares the JSON text, with absent arguments equal to `{}`.
#[derive(Clone, Debug)]
pub struct Arguments<'a> {
    raw: Option<RawJson<'a>>,
}

impl<'a> Arguments<'a> {
    pub(crate) const fn new(raw: Option<RawJson<'a>>) -> Self {
        Self { raw }
    }

    /// The arguments object as JSON text: `{}` when there were none.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.raw.as_ref().map_or("{}", RawJson::as_str)
    }

    /// The arguments as raw JSON, or `None` when the payload had none (absent or `null`).
    #[must_use]
    pub const fn raw(&self) -> Option<&RawJson<'a>> {
        self.raw.as_ref()
    }

    /// Whether the payload had no arguments (absent or `null`).
    #[must_use]
    pub const fn is_absent(&self) -> bool {
        self.raw.is_none()
    }

    /// Whether the arguments point into the request body (given as an object, not as a string).
    #[must_use]
    pub const fn is_borrowed(&self) -> bool {
        match &self.raw {
            Some(raw) => raw.is_borrowed(),
            None => false,
        }
    }

    /// Deserializes the arguments into `T`; `T` may borrow from `self`.
    ///
    /// # Errors
    ///
    /// [`ArgumentsError`] if the arguments do not have the shape `T` expects (the arguments
    /// themselves are a valid JSON object: the event parsed). `serde_json` reads them: 128 levels
    /// at most, and no lone surrogate in a `String` or out-of-range number in an `f64`.
    pub fn deserialize<'s, T: Deserialize<'s>>(&'s self) -> Result<T, ArgumentsError> {
        serde_json::from_str(self.as_str()).map_err(|error| ArgumentsError { reason: error.to_string() })
    }

    /// The same arguments with their text copied if borrowed, so they outlive the body.
    #[must_use]
    pub fn into_owned(self) -> Arguments<'static> {
        Arguments { raw: self.raw.map(RawJson::into_owned) }
    }
}

/// Absent or `null` arguments are none; any other value is checked by [`decode_arguments`] once
/// the whole body has been read.
impl<'a> FromWire<Option<&'a RawValue>> for Arguments<'a> {
    fn from_wire(raw: Option<&'a RawValue>) -> Self {
        Arguments::new(raw.map(RawJson::borrowed))
    }
}

impl PartialEq for Arguments<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Arguments<'_> {}

impl Serialize for Arguments<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            Some(raw) => raw.serialize(serializer),
            None => serializer.serialize_unit(),
        }
    }
}

/// Checks and decodes the arguments of each call in place, once the whole body has been read.
pub(crate) fn decode_arguments(mut calls: Vec<ToolCall<'_>>) -> Result<Vec<ToolCall<'_>>, ParseError> {
    for call in &mut calls {
        let raw = call.function.arguments.raw().and_then(RawJson::as_borrowed);
        call.function.arguments = arguments(raw)?;
    }
    Ok(calls)
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
    // The string's text, each lone surrogate escape read as U+FFFD.
    let text = json_helpers::as_str(raw).ok_or_else(|| ParseError::payload_reason(WRONG))?;
    let decoded = match text {
        Cow::Borrowed(inner) => serde_json::from_str::<&RawValue>(inner).map(RawJson::borrowed),
        Cow::Owned(inner) => RawValue::from_string(inner).map(RawJson::owned),
    };
    match decoded {
        Ok(value) if value.is_object() => Ok(Arguments::new(Some(value))),
        _ => Err(ParseError::payload_reason(WRONG)),
    }
}

/// Why a tool call's arguments could not be read into the caller's type
/// ([`ToolCall::arguments_as`], [`Arguments::deserialize`]).
///
/// Not a [`ParseError`](crate::ParseError): the webhook was valid and its arguments are a JSON object; the caller's
/// type expects another shape (a missing field, a string where it wants a number, …). A receiver
/// typically answers that call with an error outcome, not the whole request with a 400.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArgumentsError {
    reason: String,
}

impl ArgumentsError {
    /// What did not match, as `serde_json` describes it (e.g. ``missing field `date` at line 1 column 2``).
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ArgumentsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the tool call's arguments do not fit the requested type: {}", self.reason)
    }
}

impl core::error::Error for ArgumentsError {}
