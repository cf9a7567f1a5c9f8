//! The fields every known event carries: timestamp, call, phone number, customer, assistant.

use alloc::borrow::Cow;

use serde::{Deserialize, Serialize};

use serde_json::value::RawValue;

use crate::model::json_values::{CowStr, Obj};
use crate::model::open_sets::{CallStatus, CallType};
use crate::model::parse_error::ParseError;
use crate::model::raw_json::RawJson;
use crate::model::wire_objects::{WireCall, WireCustomer, WirePhoneNumber};

event_fields! {
    /// The fields common to the four known events (`assistant-request`, `tool-calls`,
    /// `status-update`, `end-of-call-report`).
    ///
    /// Only `call` (with its `id`) is required. Every other field is optional, and a JSON `null`
    /// counts as absent: web calls, for instance, send `null` phone numbers. Fields the protocol does
    /// not define are ignored, so the platform can add fields without breaking a receiver.
    ///
    /// Text is borrowed from the request body unless it contained escape sequences, in which case it
    /// was decoded into an owned string.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Common<'a>, read into common: CommonWire {
        /// `message.timestamp`: when the platform created the message, ISO 8601 with milliseconds
        /// (e.g. `2025-12-13T12:00:00.000Z`). Kept as text; this crate reads no clock and parses no
        /// dates.
        pub timestamp: Option<Cow<'a, str>> = "timestamp" as CowStr<'a> => optional;
        /// `message.call`: the call the event belongs to.
        pub call: Call<'a> = "call" as Obj<WireCall<'a>> => required;
        /// `message.phone_number`: the account's number on the call, if any.
        pub phone_number: Option<PhoneNumber<'a>> = "phone_number" as Obj<WirePhoneNumber<'a>> => optional;
        /// `message.customer`: the other party, if any.
        pub customer: Option<Customer<'a>> = "customer" as Obj<WireCustomer<'a>> => optional;
        /// `message.assistant`: the resolved assistant configuration (an object whose content this
        /// crate does not check), kept as raw JSON. See [`Common::assistant_as`].
        pub assistant: Option<RawJson<'a>> = "assistant" as &'a RawValue => optional then object_only;
    }
}

impl<'a> Common<'a> {
    /// The customer's phone number, if the event carries one (web calls do not).
    #[must_use]
    pub fn customer_number(&self) -> Option<&str> {
        self.customer.as_ref().and_then(|customer| customer.number.as_deref())
    }

    /// Deserializes the `assistant` block into the caller's type: `None` when there is none.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if the block does not have the shape `T` expects.
    pub fn assistant_as<'s, T: Deserialize<'s>>(&'s self) -> Result<Option<T>, ParseError> {
        self.assistant.as_ref().map(RawJson::deserialize).transpose()
    }
}

/// `message.call`: which call an event belongs to.
///
/// `id` is required (any string, even empty); `type` and `status` are optional open sets.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Call<'a> {
    /// The platform's call id, opaque (usually a UUID). Stable across all events of one call.
    pub id: Cow<'a, str>,
    /// How the call reached the assistant.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub call_type: Option<CallType<'a>>,
    /// Where the call stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CallStatus<'a>>,
}

impl Call<'_> {
    /// The same call with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> Call<'static> {
        Call {
            id: owned(self.id),
            call_type: self.call_type.map(CallType::into_owned),
            status: self.status.map(CallStatus::into_owned),
        }
    }
}

/// `message.phone_number`: the account's phone number on the call.
///
/// Every field is optional: on web calls the platform sends `null` for `id` and `number`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct PhoneNumber<'a> {
    /// The platform's id of the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    /// The number in E.164 form, e.g. `+31850835037`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Cow<'a, str>>,
    /// The display name configured for the number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Cow<'a, str>>,
}

impl PhoneNumber<'_> {
    /// The same number with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> PhoneNumber<'static> {
        PhoneNumber { id: self.id.map(owned), number: self.number.map(owned), name: self.name.map(owned) }
    }
}

/// `message.customer`: the other party of the call.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Customer<'a> {
    /// The customer's number in E.164 form; absent or `null` on web calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<Cow<'a, str>>,
}

impl Customer<'_> {
    /// The same customer with all text copied, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> Customer<'static> {
        Customer { number: self.number.map(owned) }
    }
}

/// `message.assistant` is an object, or absent.
fn object_only(assistant: Option<RawJson<'_>>) -> Result<Option<RawJson<'_>>, ParseError> {
    match assistant {
        Some(assistant) if !assistant.is_object() => {
            Err(ParseError::payload_reason("`message.assistant` must be an object"))
        }
        assistant => Ok(assistant),
    }
}

/// Copies borrowed text so that it no longer refers to the body.
pub(crate) fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}
