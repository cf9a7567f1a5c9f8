//! The [`FromWire`] conversions of the values the readers read (strings, whole numbers, raw
//! JSON) into the model's types. The nested objects' readers are generated with their structs by
//! [`object_fields!`].

use alloc::borrow::Cow;

use serde_json::value::RawValue;

use crate::model::event_fields::FromWire;
use crate::model::json_values::{CowStr, Whole};
use crate::model::raw_json::RawJson;

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

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use serde::{Deserialize, Serialize};
    use serde_json::value::RawValue;

    use crate::model::common::{Call, Customer, PhoneNumber, WireCall, WireCustomer, WirePhoneNumber};
    use crate::model::end_of_call_report::{TranscriptMessage, WireTranscriptMessage};
    use crate::model::last_wins::LastWins;
    use crate::model::open_sets::{CallStatus, CallType, Role};
    use crate::model::raw_json::RawJson;
    use crate::model::tool_calls::{Arguments, Function, ToolCall, WireFunction, WireToolCall};

    /// Writes `value`, checks that it wrote `keys` (each once: every field set
    /// means every key written), and reads it back, on the one-pass and the field-by-field paths,
    /// as an equal value: a reader key that differed from its writer key would leave a field
    /// unread (or a required one missing).
    fn round_trip<'j, M, W>(value: &M, keys: &[&str], json: &'j mut String, unwrap: fn(W) -> M)
    where
        M: Serialize + PartialEq + core::fmt::Debug,
        W: Deserialize<'j>,
    {
        *json = serde_json::to_string(value).unwrap();
        let written: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        let mut written: alloc::vec::Vec<&str> = written.keys().map(String::as_str).collect();
        let mut keys = keys.to_vec();
        written.sort_unstable();
        keys.sort_unstable();
        assert_eq!(written, keys, "{json}");
        let json: &'j str = json;
        assert_eq!(&unwrap(serde_json::from_str::<W>(json).unwrap()), value, "{json}");
        let raw: &'j RawValue = serde_json::from_str(json).unwrap();
        assert_eq!(&unwrap(W::deserialize(LastWins(raw)).unwrap()), value, "{json}");
    }

    #[test]
    fn every_nested_object_reads_back_what_it_writes_under_the_same_keys() {
        let call = Call {
            id: "c1".into(),
            call_type: Some(CallType::from("webCall")),
            status: Some(CallStatus::from("ended")),
        };
        round_trip(&call, &["id", "status", "type"], &mut String::new(), |w: WireCall<'_>| w.0);
        let number = PhoneNumber { id: Some("p".into()), number: Some("+31".into()), name: Some("n".into()) };
        round_trip(&number, &["id", "name", "number"], &mut String::new(), |w: WirePhoneNumber<'_>| w.0);
        let customer = Customer { number: Some("+32".into()) };
        round_trip(&customer, &["number"], &mut String::new(), |w: WireCustomer<'_>| w.0);
        let raw: &RawValue = serde_json::from_str(r#"{"q":"\u00e9"}"#).unwrap();
        let function = Function { name: "f".into(), arguments: Arguments::new(Some(RawJson::borrowed(raw))) };
        round_trip(&function, &["arguments", "name"], &mut String::new(), |w: WireFunction<'_>| w.0);
        let tool_call = ToolCall { id: "t".into(), call_type: Some("function".into()), function };
        round_trip(&tool_call, &["function", "id", "type"], &mut String::new(), |w: WireToolCall<'_>| w.0);
        let turn = TranscriptMessage { role: Role::from("user"), content: Some("hi".into()) };
        round_trip(&turn, &["content", "role"], &mut String::new(), |w: WireTranscriptMessage<'_>| w.0);
    }

    #[test]
    fn absent_fields_are_left_out_and_read_back_as_absent() {
        let call = Call { id: "".into(), call_type: None, status: None };
        round_trip(&call, &["id"], &mut String::new(), |w: WireCall<'_>| w.0);
        let number = PhoneNumber { id: None, number: None, name: None };
        round_trip(&number, &[], &mut String::new(), |w: WirePhoneNumber<'_>| w.0);
        let function = Function { name: "f".into(), arguments: Arguments::new(None) };
        round_trip(&function, &["name"], &mut String::new(), |w: WireFunction<'_>| w.0);
        let turn = TranscriptMessage { role: Role::from("x"), content: None };
        round_trip(&turn, &["role"], &mut String::new(), |w: WireTranscriptMessage<'_>| w.0);
    }

    #[test]
    fn nested_objects_follow_the_reading_rules() {
        // Last wins (an earlier mistyped occurrence only on the field-by-field path), null is
        // absent for optional fields and a wrong type for required ones, lone surrogates are
        // U+FFFD (on the field-by-field path; the one pass refuses them), unknown keys are
        // skipped, text borrows unless escaped.
        let json = r#"{"id":"a","\u0069d":"b\ud800","type":null,"zz":[1e400],"status":"x","status":"ended"}"#;
        assert!(serde_json::from_str::<WireCall<'_>>(json).is_err());
        let raw: &RawValue = serde_json::from_str(json).unwrap();
        let call = WireCall::deserialize(LastWins(raw)).unwrap().0;
        assert_eq!(
            (call.id.as_ref(), call.call_type, call.status),
            ("b\u{fffd}", None, Some(CallStatus::Ended))
        );
        let raw: &RawValue = serde_json::from_str(r#"{"id":5,"id":"c"}"#).unwrap();
        assert!(serde_json::from_str::<WireCall<'_>>(raw.get()).is_err());
        let call = WireCall::deserialize(LastWins(raw)).unwrap().0;
        assert!(matches!(call.id, alloc::borrow::Cow::Borrowed("c")));
        let missing = serde_json::from_str::<WireCall<'_>>(r#"{"type":"webCall"}"#).err().unwrap();
        assert_eq!(alloc::string::ToString::to_string(&missing), "missing field `id` at line 1 column 18");
        let null = serde_json::from_str::<WireFunction<'_>>(r#"{"name":null}"#).err().unwrap();
        assert_eq!(null.classify(), serde_json::error::Category::Data);
        let function =
            serde_json::from_str::<WireFunction<'_>>(r#"{"name":"f","arguments":null}"#).unwrap().0;
        assert!(function.arguments.is_absent());
    }
}
