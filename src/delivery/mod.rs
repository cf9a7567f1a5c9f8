//! The sender's configuration rules, as pure functions with no allocator (one gated function
//! aside): which URL a webhook goes to, whether an assistant subscribes to an event type, the
//! analysis plan's threshold and prompt templates, and recognising repeated deliveries.
//!
//! Imports nothing from `model` or `response`.

pub(crate) mod analysis_plan;
pub(crate) mod deduplicator;
pub(crate) mod event_subscription;
pub(crate) mod event_type;
pub(crate) mod fingerprint;
pub(crate) mod webhook_urls;
