//! The nested objects of a message as read from the wire (`call`, `phone_number`, `customer`,
//! the entries of `tool_call_list` and `messages`), and their [`FromWire`] conversions into the
//! model's types.

use alloc::borrow::Cow;

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::model::common::{Call, Customer, PhoneNumber};
use crate::model::end_of_call_report::TranscriptMessage;
use crate::model::event_fields::FromWire;
use crate::model::json_values::{CowStr, Obj, Whole};
use crate::model::raw_json::RawJson;
use crate::model::tool_calls::{Arguments, Function, ToolCall};

impl<'a, T: From<Cow<'a, str>>> FromWire<CowStr<'a>> for T {
    fn from_wire(wire: CowStr<'a>) -> Self {
        T::from(wire.into_cow())
    }
}

impl FromWire<Whole> for u64 {
    fn from_wire(wire: Whole) -> Self {
        wire.0
    }
}

impl<'a> FromWire<&'a RawValue> for RawJson<'a> {
    fn from_wire(wire: &'a RawValue) -> Self {
        RawJson::borrowed(wire)
    }
}

#[derive(Deserialize)]
pub(crate) struct WireCall<'a> {
    #[serde(borrow)]
    id: CowStr<'a>,
    #[serde(borrow, rename = "type")]
    call_type: Option<CowStr<'a>>,
    #[serde(borrow)]
    status: Option<CowStr<'a>>,
}

impl<'a> FromWire<Obj<WireCall<'a>>> for Call<'a> {
    fn from_wire(Obj(call): Obj<WireCall<'a>>) -> Self {
        Call {
            id: call.id.into_cow(),
            call_type: call.call_type.map(FromWire::from_wire),
            status: call.status.map(FromWire::from_wire),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct WirePhoneNumber<'a> {
    #[serde(borrow)]
    id: Option<CowStr<'a>>,
    #[serde(borrow)]
    number: Option<CowStr<'a>>,
    #[serde(borrow)]
    name: Option<CowStr<'a>>,
}

impl<'a> FromWire<Obj<WirePhoneNumber<'a>>> for PhoneNumber<'a> {
    fn from_wire(Obj(number): Obj<WirePhoneNumber<'a>>) -> Self {
        PhoneNumber {
            id: number.id.map(CowStr::into_cow),
            number: number.number.map(CowStr::into_cow),
            name: number.name.map(CowStr::into_cow),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct WireCustomer<'a> {
    #[serde(borrow)]
    number: Option<CowStr<'a>>,
}

impl<'a> FromWire<Obj<WireCustomer<'a>>> for Customer<'a> {
    fn from_wire(Obj(customer): Obj<WireCustomer<'a>>) -> Self {
        Customer { number: customer.number.map(CowStr::into_cow) }
    }
}

#[derive(Deserialize)]
struct WireToolCall<'a> {
    #[serde(borrow)]
    id: CowStr<'a>,
    #[serde(borrow, rename = "type")]
    call_type: Option<CowStr<'a>>,
    #[serde(borrow)]
    function: Obj<WireFunction<'a>>,
}

#[derive(Deserialize)]
struct WireFunction<'a> {
    #[serde(borrow)]
    name: CowStr<'a>,
    #[serde(borrow)]
    arguments: Option<&'a RawValue>,
}

/// A tool call read from the wire, its arguments still as received (an object, a string, or
/// anything else): [`decode_arguments`](crate::model::tool_calls::decode_arguments) checks and
/// decodes them once the whole body has been read.
///
/// A newtype of the model's own type, so the list becomes `Vec<ToolCall>` without a copy.
pub(crate) struct WireCallEntry<'a>(ToolCall<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for WireCallEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Obj(call) = Obj::<WireToolCall<'a>>::deserialize(deserializer)?;
        let function = call.function.0;
        Ok(WireCallEntry(ToolCall {
            id: call.id.into_cow(),
            call_type: call.call_type.map(CowStr::into_cow),
            function: Function {
                name: function.name.into_cow(),
                arguments: Arguments::new(function.arguments.map(RawJson::borrowed)),
            },
        }))
    }
}

impl<'a> FromWire<WireCallEntry<'a>> for ToolCall<'a> {
    fn from_wire(WireCallEntry(call): WireCallEntry<'a>) -> Self {
        call
    }
}

#[derive(Deserialize)]
struct WireTurn<'a> {
    #[serde(borrow)]
    role: CowStr<'a>,
    #[serde(borrow)]
    content: Option<CowStr<'a>>,
}

/// A transcript message read from the wire; a newtype of the model's type, so the list becomes
/// `Vec<TranscriptMessage>` without a copy.
pub(crate) struct WireTurnEntry<'a>(TranscriptMessage<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for WireTurnEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Obj(turn) = Obj::<WireTurn<'a>>::deserialize(deserializer)?;
        Ok(WireTurnEntry(TranscriptMessage {
            role: turn.role.into_cow().into(),
            content: turn.content.map(CowStr::into_cow),
        }))
    }
}

impl<'a> FromWire<WireTurnEntry<'a>> for TranscriptMessage<'a> {
    fn from_wire(WireTurnEntry(turn): WireTurnEntry<'a>) -> Self {
        turn
    }
}
