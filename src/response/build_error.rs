//! The error of the response builders: what a receiver asked to write is not a valid response.

use alloc::string::String;
use core::fmt;

use crate::response::tool_response_shape::ToolResponseShape;

/// Why a response builder refused to write a response.
///
/// Kept apart from [`ParseError`](crate::ParseError): this is a mistake in the receiver's own code
/// (or a value its serializer cannot write as JSON), caught before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BuildError {
    /// A tool-call id was given a second outcome. The platform matches results to calls by id, so
    /// a body naming an id twice is invalid.
    DuplicateToolCallId {
        /// The repeated id.
        id: String,
    },
    /// A value given as a direct tool response would be read as another shape (it is an object
    /// with an array `results`, only a string `error`, or only `result`), so the calls would get
    /// another outcome than the value. Send it with the simple shape instead.
    AmbiguousDirect {
        /// The shape the body would be read as.
        shape: ToolResponseShape,
    },
    /// The value holds a NaN or an infinite number, which JSON cannot represent (`serde_json`
    /// would write `null` in its place without a word).
    NonFiniteNumber,
    /// A key would be written twice in one object: a typed field of a configuration and an entry
    /// of its `extra` map have the same name. Set the typed field instead.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// The value could not be written as JSON (its `Serialize` implementation failed, e.g. a map
    /// with non-string keys).
    Serialize {
        /// The serializer's message.
        reason: String,
    },
}

impl BuildError {
    pub(crate) fn serialize(error: &serde_json::Error) -> Self {
        use alloc::string::ToString;
        Self::Serialize { reason: error.to_string() }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateToolCallId { id } => write!(f, "tool_call_id `{id}` already has an outcome"),
            Self::AmbiguousDirect { shape } => write!(
                f,
                "value would be read as the {} shape, not as a direct result; use the simple shape",
                shape.as_str()
            ),
            Self::NonFiniteNumber => {
                f.write_str("value holds a NaN or infinite number, which JSON cannot represent")
            }
            Self::DuplicateKey { key } => {
                write!(
                    f,
                    "key `{key}` would be written twice: it is a typed field, set it there, not in `extra`"
                )
            }
            Self::Serialize { reason } => write!(f, "value cannot be written as JSON: {reason}"),
        }
    }
}

impl core::error::Error for BuildError {}
