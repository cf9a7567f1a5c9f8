//! [`ToStatic`]: copying borrowed text so that a value outlives the body, for any field type, so
//! that `into_owned` can be generated for every event and nested object (see [`event_fields!`]
//! and [`object_fields!`]).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::model::common::{Call, Customer, PhoneNumber};
use crate::model::end_of_call_report::TranscriptMessage;
use crate::model::open_sets::{CallStatus, CallType, EndReason, Role};
use crate::model::raw_json::RawJson;
use crate::model::tool_calls::{Arguments, Function, ToolCall};

/// A value with all borrowed text copied.
pub(crate) trait ToStatic {
    /// The same type, borrowing nothing.
    type Static;
    /// Copies what is borrowed.
    fn to_static(self) -> Self::Static;
}

impl ToStatic for Cow<'_, str> {
    type Static = Cow<'static, str>;
    fn to_static(self) -> Cow<'static, str> {
        Cow::Owned(self.into_owned())
    }
}

impl ToStatic for u64 {
    type Static = Self;
    fn to_static(self) -> Self {
        self
    }
}

impl<T: ToStatic> ToStatic for Option<T> {
    type Static = Option<T::Static>;
    fn to_static(self) -> Self::Static {
        self.map(T::to_static)
    }
}

impl<T: ToStatic> ToStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn to_static(self) -> Self::Static {
        self.into_iter().map(T::to_static).collect()
    }
}

/// `ToStatic` by the type's own `into_owned`.
macro_rules! by_into_owned {
    ($($name:ident),* $(,)?) => {
        $(
            impl ToStatic for $name<'_> {
                type Static = $name<'static>;
                fn to_static(self) -> $name<'static> {
                    self.into_owned()
                }
            }
        )*
    };
}

by_into_owned!(
    RawJson,
    Call,
    PhoneNumber,
    Customer,
    TranscriptMessage,
    ToolCall,
    Function,
    Arguments,
    CallType,
    CallStatus,
    EndReason,
    Role
);
