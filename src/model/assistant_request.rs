//! The `assistant-request` event.

event_fields! {
    /// An `assistant-request` event: sent before an inbound call is answered (`call.status` is
    /// `ringing`). It carries only the common fields; the receiver has 5 seconds to answer with the
    /// configuration for the call, after which the platform goes on with the default assistant.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct AssistantRequest<'a>, read into assistant_request: AssistantRequestWire, with common {
    }
}
