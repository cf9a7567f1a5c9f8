//! The receiver's answers (needs `alloc`): tool-call responses in their four shapes, the
//! assistant-request response and the assistant configuration it carries, and [`BuildError`], the
//! error of the writers.
//!
//! Builds on `model` (its errors and JSON helpers) and `delivery`.
//!
//! [`BuildError`]: build_error::BuildError

pub(crate) mod assistant_config;
pub(crate) mod assistant_response;
pub(crate) mod build_error;
pub(crate) mod finite;
pub(crate) mod tool_response;
pub(crate) mod tool_response_builder;
pub(crate) mod tool_response_reader;
pub(crate) mod tool_response_shape;
