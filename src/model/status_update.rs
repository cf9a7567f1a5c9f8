//! The `status-update` event.

use alloc::borrow::Cow;

use crate::model::json_values::CowStr;
use crate::model::open_sets::EndReason;

event_fields! {
    /// A `status-update` event: the call moved to `in-progress`, `ended` or `ended-with-error`.
    ///
    /// Both extra fields are optional strings. The receiver's response is ignored (any 2xx
    /// acknowledges).
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct StatusUpdate<'a>, read into status_update: StatusUpdateWire, with common {
        /// `error`: what went wrong, typically with status `ended-with-error` (e.g.
        /// `STT connection failed`).
        pub error: Option<Cow<'a, str>> = "error" as CowStr<'a> => optional;
        /// `end_reason`: why the call ended, once it has.
        pub end_reason: Option<EndReason<'a>> = "end_reason" as CowStr<'a> => optional;
    }
}
