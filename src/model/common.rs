//! The fields every known event carries: timestamp, call, phone number, customer, assistant.

use alloc::borrow::Cow;

use serde::Deserialize;

use serde_json::value::RawValue;

use crate::model::json_values::CowStr;
use crate::model::open_sets::{CallStatus, CallType};
use crate::model::parse_error::ParseError;
use crate::model::raw_json::RawJson;

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
        pub call: Call<'a> = "call" as WireCall<'a> => required;
        /// `message.phone_number`: the account's number on the call, if any.
        pub phone_number: Option<PhoneNumber<'a>> = "phone_number" as WirePhoneNumber<'a> => optional;
        /// `message.customer`: the other party, if any.
        pub customer: Option<Customer<'a>> = "customer" as WireCustomer<'a> => optional;
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

object_fields! {
    /// `message.call`: which call an event belongs to.
    ///
    /// `id` is required (any string, even empty); `type` and `status` are optional open sets.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub struct Call<'a>, read as WireCall {
        /// The platform's call id, opaque (usually a UUID). Stable across all events of one call.
        pub id: Cow<'a, str> = "id" as CowStr<'a> => required;
        /// How the call reached the assistant.
        pub call_type: Option<CallType<'a>> = "type" as CowStr<'a> => optional;
        /// Where the call stands.
        pub status: Option<CallStatus<'a>> = "status" as CowStr<'a> => optional;
    }
}

object_fields! {
    /// `message.phone_number`: the account's phone number on the call.
    ///
    /// Every field is optional: on web calls the platform sends `null` for `id` and `number`.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub struct PhoneNumber<'a>, read as WirePhoneNumber {
        /// The platform's id of the number.
        pub id: Option<Cow<'a, str>> = "id" as CowStr<'a> => optional;
        /// The number in E.164 form, e.g. `+31850835037`.
        pub number: Option<Cow<'a, str>> = "number" as CowStr<'a> => optional;
        /// The display name configured for the number.
        pub name: Option<Cow<'a, str>> = "name" as CowStr<'a> => optional;
    }
}

object_fields! {
    /// `message.customer`: the other party of the call.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub struct Customer<'a>, read as WireCustomer {
        /// The customer's number in E.164 form; absent or `null` on web calls.
        pub number: Option<Cow<'a, str>> = "number" as CowStr<'a> => optional;
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
