//! The typed, zero-copy event model (needs `alloc`): its errors, the JSON helpers and [`RawJson`],
//! the open sets, the fields every event carries, each event, the one-pass wire reader and the
//! writer, and the entry points [`parse_event`] and [`Verifier::verify_event`].
//!
//! Builds on `auth` and `delivery`; imports nothing from `response`.
//!
//! The JSON reading rules every parser follows (last duplicate key wins, lone surrogates as
//! U+FFFD in modelled text, numbers of any magnitude, the exact whole-number rule, no depth limit
//! of our own) are stated for users in the docs of [`parse_event`] ("JSON reading"); they live in
//! [`json_helpers`] and [`json_values`] (strings, keys, whole numbers) and in the reader's
//! field-by-field pass ([`last_wins`]).
//!
//! [`RawJson`]: raw_json::RawJson
//! [`parse_event`]: parse_event::parse_event
//! [`Verifier::verify_event`]: crate::auth::verifier::Verifier::verify_event

#[macro_use]
pub(crate) mod event_fields;

pub(crate) mod assistant_request;
pub(crate) mod builders;
pub(crate) mod common;
pub(crate) mod delivery_fingerprint;
pub(crate) mod end_of_call_report;
pub(crate) mod event;
pub(crate) mod json_helpers;
pub(crate) mod json_values;
pub(crate) mod last_wins;
pub(crate) mod open_sets;
pub(crate) mod parse_error;
pub(crate) mod parse_event;
pub(crate) mod raw_json;
pub(crate) mod status_update;
pub(crate) mod to_static;
pub(crate) mod tool_calls;
pub(crate) mod unknown_event;
pub(crate) mod verify_event;
pub(crate) mod wire_objects;
pub(crate) mod wire_reader;
pub(crate) mod wire_writer;
