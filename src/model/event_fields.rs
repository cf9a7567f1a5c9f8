//! The one declaration of each event field: [`event_fields!`] turns a table of rows
//! `pub name: Type = "key" as WireType => mode;` into
//!
//! - the public struct, its fields and their docs (`with common`: first the [`Common`] fields);
//! - `into_owned`;
//! - the wire slots of the one-pass reader (`…Wire`, one `Option<WireType>` per row) and its
//!   reading arm (`"key" => slot = map.next_value::<Optional<_>>()?.0`, `null` read as `None`
//!   through [`Slot`](crate::model::json_values::Slot));
//! - `from_wire`, which checks the row's mode and converts the slot into the field; and
//! - `write_fields`, the writer, with the same key.
//!
//! Adding a field to an event is adding a row (and its tests): the reader and the writer take the
//! key from the same row, so they cannot disagree about it.
//!
//! Modes: `optional` (absent or `null` is `None`), `required` (absent or `null` is an
//! [`InvalidPayload`](crate::model::parse_error::ParseError::InvalidPayload) naming the key),
//! `list` (absent or `null` is empty; written only when not empty) and `required_list`. A row may
//! add `or <slot>`: the value may also have been read into that other event's slot (a key two
//! events share, read before `message.type` said which event it is); and `then <fn>`, a further
//! check or conversion of the field, `fn(T) -> Result<T, ParseError>`.
//!
//! The nested objects (`call`, `phone_number`, `customer`, a tool call and its `function`, a
//! transcript turn) are declared the same way, by [`object_fields!`]: from rows
//! `pub name: Type = "key" as WireType => mode;` it generates the public struct, `into_owned`,
//! its `Serialize` (each field under its key) and the crate's reader `Wire…`, a newtype of the
//! model's struct read from a JSON object only, with the same keys. Modes: `required` (absent is
//! ``missing field `key` ``, `null` is a wrong type), `optional` (absent or `null` is `None`,
//! written only when `Some`) and `nullable skip_if <fn>` (absent or `null` is given to the
//! field's [`FromWire<Option<WireType>>`](FromWire); not written when `fn(&field)` says so). A
//! repeated key overwrites the earlier value; keys are compared unescaped, a lone surrogate escape
//! in a key matching no name.
//!
//! [`Common`]: crate::model::common::Common

/// Converts a value as read from the wire into the model's type.
pub(crate) trait FromWire<W>: Sized {
    /// The model's value.
    fn from_wire(wire: W) -> Self;
}

/// See the [module documentation](self).
macro_rules! event_fields {
    (@read optional, $value:ident, $key:literal) => {
        $value.map($crate::model::event_fields::FromWire::from_wire)
    };
    (@read required, $value:ident, $key:literal) => {
        match $value {
            Some(value) => $crate::model::event_fields::FromWire::from_wire(value),
            None => return Err(event_fields!(@missing $key)),
        }
    };
    (@read list, $value:ident, $key:literal) => {
        $value.map_or_else(alloc::vec::Vec::new, |list| {
            // In place: the same allocation (the wire entries are newtypes of the model's).
            list.into_iter().map($crate::model::event_fields::FromWire::from_wire).collect()
        })
    };
    (@read required_list, $value:ident, $key:literal) => {
        match $value {
            Some(list) => list.into_iter().map($crate::model::event_fields::FromWire::from_wire).collect(),
            None => return Err(event_fields!(@missing $key)),
        }
    };
    (@missing $key:literal) => {
        $crate::model::parse_error::ParseError::payload_reason(concat!("`message.", $key, "` is missing or null"))
    };
    (@write optional, $map:ident, $key:literal, $value:expr) => {
        if let Some(value) = $value {
            $map.serialize_entry($key, value)?;
        }
    };
    (@write required, $map:ident, $key:literal, $value:expr) => {
        $map.serialize_entry($key, $value)?;
    };
    (@write list, $map:ident, $key:literal, $value:expr) => {
        if !$value.is_empty() {
            $map.serialize_entry($key, $value)?;
        }
    };
    (@write required_list, $map:ident, $key:literal, $value:expr) => {
        $map.serialize_entry($key, $value)?;
    };
    (@present optional, $value:expr) => {
        $value.as_ref()
    };
    (@present required, $value:expr) => {
        Some($value)
    };
    (@present list, $value:expr) => {
        Some($value).filter(|list| !list.is_empty())
    };
    (@present required_list, $value:expr) => {
        Some($value)
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a>, read into $slot:ident: $wire:ident $(, with $common:ident)? {
            $(
                $(#[$fdoc:meta])*
                pub $field:ident: $ty:ty = $key:literal as $wty:ty
                    => $mode:ident $(or $fallback:ident)? $(then $check:path)?;
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name<'a> {
            $(
                /// The fields every known event carries.
                pub $common: $crate::model::common::Common<'a>,
            )?
            $( $(#[$fdoc])* pub $field: $ty, )*
        }

        impl $name<'_> {
            /// The same value with all text copied, so it outlives the body.
            #[must_use]
            pub fn into_owned(self) -> $name<'static> {
                $name {
                    $( $common: self.$common.into_owned(), )?
                    $( $field: $crate::model::to_static::ToStatic::to_static(self.$field), )*
                }
            }
        }

        /// The wire slots of this struct's fields, filled by the one-pass reader.
        #[derive(Default)]
        pub(crate) struct $wire<'a> {
            $( pub(crate) $field: Option<$wty>, )*
            pub(crate) body: core::marker::PhantomData<&'a str>,
        }

        impl<'a> $wire<'a> {
            /// Reads the value of `key` into its slot if it is one of these fields; `Ok(false)`,
            /// with the value left unread, if it is not.
            #[allow(unused_variables, clippy::match_single_binding)]
            pub(crate) fn read<A: serde::de::MapAccess<'a>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match key {
                    $( $key => {
                        self.$field = map.next_value::<$crate::model::json_values::Optional<_>>()?.0;
                        Ok(true)
                    } )*
                    _ => Ok(false),
                }
            }
        }

        impl<'a> $name<'a> {
            /// Builds the value from the slots the reader filled, checking each field's mode.
            #[allow(unused_variables)]
            pub(crate) fn from_wire(
                message: &mut $crate::model::wire_reader::WireMessage<'a>,
                $( $common: $crate::model::common::Common<'a>, )?
            ) -> Result<Self, $crate::model::parse_error::ParseError> {
                $(
                    let value = message.$slot.$field.take() $( .or_else(|| message.$fallback.$field.take()) )?;
                    let $field = event_fields!(@read $mode, value, $key);
                    $( let $field = $check($field)?; )?
                )*
                Ok(Self { $( $common, )? $( $field, )* })
            }

            /// Writes the fields into the `message` object, each under its key; absent optional
            /// fields and empty lists are left out.
            pub(crate) fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                $( self.$common.write_fields(map)?; )?
                $( event_fields!(@write $mode, map, $key, &self.$field); )*
                Ok(())
            }

            /// The direct writer's [`write_fields`](Self::write_fields): appends `,"key":value`
            /// for each field written there, in the same order, byte for byte as `serde_json`
            /// writes it.
            #[allow(unused_mut, unused_variables)]
            pub(crate) fn write_json_fields(&self, out: &mut alloc::string::String) {
                $( self.$common.write_json_fields(out); )?
                let mut comma = true;
                $(
                    if let Some(value) = event_fields!(@present $mode, &self.$field) {
                        $crate::model::wire_writer::write_member(out, &mut comma, concat!("\"", $key, "\":"), value);
                    }
                )*
            }

            /// The length [`write_json_fields`](Self::write_json_fields) writes when no text
            /// needs escaping (a lower bound otherwise).
            pub(crate) fn json_fields_len(&self) -> usize {
                let len: usize = 0;
                $( let len = len.saturating_add(self.$common.json_fields_len()); )?
                $(
                    let len = match event_fields!(@present $mode, &self.$field) {
                        Some(value) => len.saturating_add($crate::model::wire_writer::member_len(
                            concat!("\"", $key, "\":"),
                            value,
                        )),
                        None => len,
                    };
                )*
                len
            }
        }
    };
}

/// See the [module documentation](self).
macro_rules! object_fields {
    (@read required, $map:ident, $wty:ty) => {
        Some($map.next_value::<$wty>()?)
    };
    (@read $mode:ident, $map:ident, $wty:ty) => {
        $map.next_value::<$crate::model::json_values::Optional<$wty>>()?.0
    };
    (@build required, $value:ident, $key:literal) => {
        match $value {
            Some(value) => $crate::model::event_fields::FromWire::from_wire(value),
            None => return Err(serde::de::Error::missing_field($key)),
        }
    };
    (@build optional, $value:ident, $key:literal) => {
        $value.map($crate::model::event_fields::FromWire::from_wire)
    };
    (@build nullable, $value:ident, $key:literal) => {
        $crate::model::event_fields::FromWire::from_wire($value)
    };
    (@written required, $value:expr) => {
        true
    };
    (@written optional, $value:expr) => {
        $value.is_some()
    };
    (@written nullable, $value:expr, $skip:path) => {
        !$skip($value)
    };
    (@present optional, $value:expr) => {
        $value.as_ref()
    };
    (@present required, $value:expr) => {
        Some($value)
    };
    (@present nullable, $value:expr, $skip:path) => {
        Some($value).filter(|value| !$skip(value))
    };
    (@write optional, $state:ident, $key:literal, $value:expr) => {
        match $value {
            Some(value) => $state.serialize_field($key, value)?,
            None => $state.skip_field($key)?,
        }
    };
    (@write $mode:ident, $state:ident, $key:literal, $value:expr $(, $skip:path)?) => {
        if object_fields!(@written $mode, $value $(, $skip)?) {
            $state.serialize_field($key, $value)?;
        } else {
            $state.skip_field($key)?;
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident<'a>, read as $wire:ident {
            $(
                $(#[$fdoc:meta])*
                pub $field:ident: $ty:ty = $key:literal as $wty:ty => $mode:ident $(skip_if $skip:path)?;
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name<'a> {
            $( $(#[$fdoc])* pub $field: $ty, )*
        }

        impl $name<'_> {
            /// The same value with all text copied, so it outlives the body.
            #[must_use]
            pub fn into_owned(self) -> $name<'static> {
                $name { $( $field: $crate::model::to_static::ToStatic::to_static(self.$field), )* }
            }
        }

        impl serde::Serialize for $name<'_> {
            /// Each field under its key; absent optional fields are left out.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let written = [$( object_fields!(@written $mode, &self.$field $(, $skip)?) ),*];
                let mut state =
                    serializer.serialize_struct(stringify!($name), written.iter().filter(|&&w| w).count())?;
                $( object_fields!(@write $mode, state, $key, &self.$field $(, $skip)?); )*
                state.end()
            }
        }

        impl $crate::model::wire_writer::WriteJson for $name<'_> {
            /// As its `Serialize`: each field under its key, absent optional fields left out.
            fn write_json(&self, out: &mut alloc::string::String) {
                out.push('{');
                let mut comma = false;
                $(
                    if let Some(value) = object_fields!(@present $mode, &self.$field $(, $skip)?) {
                        $crate::model::wire_writer::write_member(out, &mut comma, concat!("\"", $key, "\":"), value);
                    }
                )*
                out.push('}');
            }

            fn json_len(&self) -> usize {
                // The braces, less the comma counted for the first member (none if no member).
                let len: usize = 1;
                $(
                    let len = match object_fields!(@present $mode, &self.$field $(, $skip)?) {
                        Some(value) => len.saturating_add($crate::model::wire_writer::member_len(
                            concat!("\"", $key, "\":"),
                            value,
                        )),
                        None => len,
                    };
                )*
                len.max(2)
            }
        }

        #[doc = concat!("[`", stringify!($name), "`] as the reader reads it: only from a JSON object, ")]
        /// each field from the key its row declares (the key the writer writes). A newtype of the
        /// model's struct, so a list of them becomes a list of the model's without a copy.
        pub(crate) struct $wire<'a>(pub(crate) $name<'a>);

        impl<'a> $crate::model::json_values::Slot<'a> for $wire<'a> {}

        impl<'a> serde::Deserialize<'a> for $wire<'a> {
            fn deserialize<D: serde::Deserializer<'a>>(deserializer: D) -> Result<Self, D::Error> {
                struct FieldsVisitor;
                impl<'a> serde::de::Visitor<'a> for FieldsVisitor {
                    type Value = $wire<'a>;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'a>>(self, mut map: A) -> Result<$wire<'a>, A::Error> {
                        $( let mut $field: Option<$wty> = None; )*
                        while let Some(key) = map.next_key::<$crate::model::json_values::CowStr<'a>>()? {
                            match &*key.0 {
                                $( $key => $field = object_fields!(@read $mode, map, $wty), )*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        $( let $field = object_fields!(@build $mode, $field, $key); )*
                        Ok($wire($name { $( $field, )* }))
                    }
                }
                deserializer.deserialize_map(FieldsVisitor)
            }
        }

        impl<'a> $crate::model::event_fields::FromWire<$wire<'a>> for $name<'a> {
            fn from_wire(wire: $wire<'a>) -> Self {
                wire.0
            }
        }
    };
}
