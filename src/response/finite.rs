//! Writing JSON for the builders with no silent loss: `serde_json` writes a NaN or an infinity as
//! `null` without a word; [`to_json`] refuses them first, with [`BuildError::NonFiniteNumber`].

use alloc::string::{String, ToString};
use core::fmt;

use serde::Serialize;
use serde::ser;

use crate::response::build_error::BuildError;

/// `value` as compact JSON, or [`BuildError::NonFiniteNumber`] if it holds a NaN or an infinity
/// anywhere, or [`BuildError::Serialize`] if it cannot be written as JSON.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    check(value)?;
    serde_json::to_string(value).map_err(|e| BuildError::serialize(&e))
}

/// Walks `value` the way a serializer does, writing nothing, and fails on the first non-finite
/// float.
pub(crate) fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), BuildError> {
    value.serialize(Check).map_err(|error| match error {
        CheckError::NonFinite => BuildError::NonFiniteNumber,
        CheckError::Custom(reason) => BuildError::Serialize { reason },
    })
}

#[derive(Debug)]
enum CheckError {
    NonFinite,
    Custom(String),
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NonFinite => f.write_str("a NaN or infinite number"),
            Self::Custom(reason) => f.write_str(reason),
        }
    }
}

impl core::error::Error for CheckError {}

impl ser::Error for CheckError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

/// The checking serializer: every method succeeds and writes nothing, except a non-finite float.
struct Check;

type Done = Result<(), CheckError>;

impl ser::Serializer for Check {
    type Ok = ();
    type Error = CheckError;
    type SerializeSeq = Check;
    type SerializeTuple = Check;
    type SerializeTupleStruct = Check;
    type SerializeTupleVariant = Check;
    type SerializeMap = Check;
    type SerializeStruct = Check;
    type SerializeStructVariant = Check;

    fn serialize_bool(self, _: bool) -> Done {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Done {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Done {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Done {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Done {
        Ok(())
    }
    fn serialize_i128(self, _: i128) -> Done {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Done {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Done {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Done {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Done {
        Ok(())
    }
    fn serialize_u128(self, _: u128) -> Done {
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        if v.is_finite() { Ok(()) } else { Err(CheckError::NonFinite) }
    }
    fn serialize_f64(self, v: f64) -> Done {
        if v.is_finite() { Ok(()) } else { Err(CheckError::NonFinite) }
    }
    fn serialize_char(self, _: char) -> Done {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Done {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Done {
        Ok(())
    }
    fn serialize_none(self) -> Done {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(Check)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(Check)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(Check)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_tuple(self, _: usize) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Check, CheckError> {
        Ok(Check)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Check, CheckError> {
        Ok(Check)
    }
}

macro_rules! compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Check {
            type Ok = ();
            type Error = CheckError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(Check)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}
compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Check {
    type Ok = ();
    type Error = CheckError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(Check)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(Check)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

impl ser::SerializeStruct for Check {
    type Ok = ();
    type Error = CheckError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Done {
        value.serialize(Check)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Check {
    type Ok = ();
    type Error = CheckError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> Done {
        value.serialize(Check)
    }
    fn end(self) -> Done {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec;

    #[test]
    fn non_finite_numbers_are_refused_anywhere() {
        assert_eq!(to_json(&1.5f64).unwrap(), "1.5");
        assert_eq!(to_json(&f64::NAN), Err(BuildError::NonFiniteNumber));
        assert_eq!(to_json(&vec![1.0, f64::INFINITY]), Err(BuildError::NonFiniteNumber));
        assert_eq!(to_json(&Some(f32::NEG_INFINITY)), Err(BuildError::NonFiniteNumber));
        let mut map = BTreeMap::new();
        map.insert("a", (1, [0.0, f64::NAN]));
        assert_eq!(to_json(&map), Err(BuildError::NonFiniteNumber));
        let raw = serde_json::value::RawValue::from_string("[1e400]".into()).unwrap();
        assert_eq!(to_json(&raw).unwrap(), "[1e400]", "raw text is written verbatim");
    }
}
