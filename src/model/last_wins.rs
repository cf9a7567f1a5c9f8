//! The reader's field-by-field pass: a `serde` deserializer over a raw JSON value in which every
//! object shows only the *last* occurrence of each key, so that the model's own readers (the wire
//! slots and objects of the one-pass reader) see exactly what `JSON.parse` would keep.
//!
//! The one-pass reader overwrites a repeated key, so it already keeps the last value — unless an
//! earlier occurrence fails to read (`"id":5,"id":"c1"`: the `5` is no string), or a derived
//! struct refuses the repeated key outright. Then [`wire_reader`](crate::model::wire_reader) reads
//! the message again through [`LastWins`]: objects on the model's path are split into their keys'
//! raw values (found in one scan), repeated keys are dropped but for the last (a `BTreeMap` of the
//! unescaped key bytes: `O(n log n)` in the keys of one object, never quadratic), and each value is
//! handed to the same reader, again as a `LastWins`. Values nobody reads are not looked at again;
//! raw values are captured by `serde_json` as usual (no depth limit, no number range).

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::vec::{self, Vec};
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Error;
use serde_json::value::RawValue;

use crate::model::json_helpers::{self, JsonKind};

/// A raw JSON value read with the last occurrence of each key winning (see the module docs).
#[derive(Clone, Copy)]
pub(crate) struct LastWins<'a>(pub(crate) &'a RawValue);

/// A `serde_json` deserializer over the raw text, for everything that is not an object or array.
fn plain(raw: &RawValue) -> serde_json::Deserializer<serde_json::de::StrRead<'_>> {
    serde_json::Deserializer::from_str(raw.get())
}

/// The entries of the object `raw`, each key but the last of a repeated one dropped, in the order
/// of the kept occurrences.
fn last_entries(raw: &RawValue) -> Result<Vec<(&RawValue, &RawValue)>, Error> {
    struct EntriesVisitor;
    impl<'de> Visitor<'de> for EntriesVisitor {
        type Value = Vec<(&'de RawValue, &'de RawValue)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(key) = map.next_key::<&'de RawValue>()? {
                entries.push((key, map.next_value::<&'de RawValue>()?));
            }
            Ok(entries)
        }
    }
    let entries = plain(raw).deserialize_map(EntriesVisitor)?;
    // The index of the last occurrence of each key, by its unescaped bytes.
    let mut last: BTreeMap<Cow<'_, [u8]>, usize> = BTreeMap::new();
    for (index, (key, _)) in entries.iter().enumerate() {
        last.insert(key_bytes(key)?, index);
    }
    if last.len() == entries.len() {
        return Ok(entries);
    }
    let mut keep: Vec<bool> = entries.iter().map(|_| false).collect();
    for &index in last.values() {
        if let Some(slot) = keep.get_mut(index) {
            *slot = true;
        }
    }
    Ok(entries.into_iter().zip(keep).filter_map(|(entry, kept)| kept.then_some(entry)).collect())
}

/// A key's unescaped bytes (a lone surrogate escape as WTF-8), borrowed when it has no escapes.
fn key_bytes(key: &RawValue) -> Result<Cow<'_, [u8]>, Error> {
    let text = key.get();
    match text.get(1..text.len().saturating_sub(1)) {
        Some(inner) if !inner.contains('\\') => Ok(Cow::Borrowed(inner.as_bytes())),
        _ => plain(key).deserialize_bytes(BytesVisitor).map(Cow::Owned),
    }
}

struct BytesVisitor;

impl Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(v.into())
    }
}

macro_rules! forward_plain {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            plain(self.0).$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for LastWins<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match JsonKind::of(self.0) {
            JsonKind::Object => self.deserialize_map(visitor),
            JsonKind::Array => self.deserialize_seq(visitor),
            // Strings with lone surrogate escapes read as U+FFFD here too.
            JsonKind::String => self.deserialize_str(visitor),
            _ => plain(self.0).deserialize_any(visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if JsonKind::of(self.0) != JsonKind::Object {
            return plain(self.0).deserialize_map(visitor);
        }
        visitor.visit_map(Entries { entries: last_entries(self.0)?.into_iter(), value: None })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if JsonKind::of(self.0) != JsonKind::Array {
            return plain(self.0).deserialize_seq(visitor);
        }
        let items: Vec<&'de RawValue> = serde_json::from_str(self.0.get())?;
        visitor.visit_seq(Items(items.into_iter()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if JsonKind::of(self.0) == JsonKind::Null { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Also how a `RawValue` is captured: exactly the value's text.
        plain(self.0).deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    /// A string's text with each lone surrogate escape read as U+FFFD (which `serde_json` refuses
    /// in a `str`): the reading rule, on the pass that bodies with such escapes take.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match json_helpers::as_str(self.0) {
            Some(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Some(Cow::Owned(text)) => visitor.visit_string(text),
            None => plain(self.0).deserialize_str(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        plain(self.0).deserialize_enum(name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        plain(self.0).deserialize_unit_struct(name, visitor)
    }

    forward_plain!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_identifier
    );
}

/// The kept entries of an object.
struct Entries<'de> {
    entries: vec::IntoIter<(&'de RawValue, &'de RawValue)>,
    value: Option<&'de RawValue>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| de::Error::custom("a value without its key"))?;
        seed.deserialize(LastWins(value))
    }
}

/// The elements of an array, each read as a [`LastWins`].
struct Items<'de>(vec::IntoIter<&'de RawValue>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(LastWins(item))).transpose()
    }
}

/// An object key: read as bytes (so a lone surrogate escape is no error and matches no name), or
/// captured raw by a `RawValue`-based reader such as the model's strings.
struct Key<'a>(&'a RawValue);

macro_rules! key_as_bytes {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            plain(self.0).deserialize_bytes(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        plain(self.0).deserialize_newtype_struct(name, visitor)
    }

    key_as_bytes!(
        deserialize_any,
        deserialize_str,
        deserialize_string,
        deserialize_identifier,
        deserialize_bytes,
        deserialize_byte_buf
    );

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char unit unit_struct seq tuple
        tuple_struct map struct enum ignored_any option
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Pair {
        a: String,
        #[serde(default)]
        b: Option<u8>,
    }

    fn read<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Error> {
        let raw: &RawValue = serde_json::from_str(text).unwrap();
        T::deserialize(LastWins(raw))
    }

    #[test]
    fn the_last_occurrence_wins_and_earlier_ones_are_not_read() {
        // A derived struct refuses a repeated field; through `LastWins` it sees the last one only.
        assert!(serde_json::from_str::<Pair>(r#"{"a":"x","a":"y"}"#).is_err());
        assert_eq!(read::<Pair>(r#"{"a":5,"b":1,"a":"y"}"#).unwrap(), Pair { a: "y".into(), b: Some(1) });
        assert_eq!(
            read::<Vec<Pair>>(r#"[{"a":[],"a":"p"},{"a":"q","\u0061":"r"}]"#).unwrap(),
            [Pair { a: "p".into(), b: None }, Pair { a: "r".into(), b: None }]
        );
        // The last one decides, also when it is the wrong one.
        assert!(read::<Pair>(r#"{"a":"x","a":null}"#).is_err());
        // Keys with lone surrogates are other keys, distinct from each other.
        assert_eq!(
            read::<Pair>(r#"{"\ud800":1,"a":"z","\udc00":2}"#).unwrap(),
            Pair { a: "z".into(), b: None }
        );
    }

    #[test]
    fn raw_values_and_unread_values_are_not_limited() {
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        let text = alloc::format!(r#"{{"a":"x","r":{deep},"n":1e400}}"#);
        assert_eq!(read::<Pair>(&text).unwrap(), Pair { a: "x".into(), b: None });
        #[derive(Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            r: &'a RawValue,
        }
        let raw: &RawValue = serde_json::from_str(&text).unwrap();
        assert_eq!(Raw::deserialize(LastWins(raw)).unwrap().r.get(), deep);
    }
}
