//! Opaque JSON kept as text: parts of a payload whose shape the protocol leaves to the customer
//! (the call analysis, the assistant block, tool arguments), deserialized only on demand.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use core::fmt;
use core::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::model::parse_error::ParseError;

/// A JSON value kept as its text, exactly as it appeared in the payload.
///
/// The protocol leaves some parts of a webhook to the customer's configuration: the structured
/// `analysis` of an end-of-call report follows the schema of the assistant's analysis plan, tool
/// arguments follow the tool's parameter schema, and the `assistant` block mirrors the assistant's
/// configuration. This crate checks only that such a part is valid JSON (and, where the protocol
/// says so, an object) and keeps it unparsed, so it costs nothing unless it is used, and the caller
/// deserializes it into its own type with [`RawJson::deserialize`].
///
/// The text is borrowed from the request body when it could be taken as is, and owned when it had
/// to be decoded first (tool arguments sent as a JSON string). Two values are equal when their
/// texts are identical; whitespace and key order therefore count.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{Event, parse_event};
///
/// #[derive(serde::Deserialize)]
/// struct Analysis {
///     sentiment: u8,
/// }
///
/// let body = br#"{"message":{"type":"end-of-call-report","call":{"id":"c1"},
///     "duration_seconds":84,"summary":"Booked.","analysis":{"sentiment":8}}}"#;
/// let Event::EndOfCallReport(report) = parse_event(body, None)? else { unreachable!() };
/// let analysis = report.analysis.as_ref().expect("the sample has an analysis");
/// assert_eq!(analysis.as_str(), r#"{"sentiment":8}"#);
/// assert_eq!(analysis.deserialize::<Analysis>()?.sentiment, 8);
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone)]
pub struct RawJson<'a>(Cow<'a, RawValue>);

impl<'a> RawJson<'a> {
    /// Wraps a value borrowed from the body.
    pub(crate) const fn borrowed(raw: &'a RawValue) -> Self {
        Self(Cow::Borrowed(raw))
    }

    /// Wraps a value that had to be decoded into a buffer of its own.
    pub(crate) const fn owned(raw: Box<RawValue>) -> Self {
        Self(Cow::Owned(raw))
    }

    /// The JSON text, without surrounding whitespace.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The value as a `serde_json` [`RawValue`], e.g. to embed it unchanged in a response.
    #[must_use]
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// Whether the text points into the request body (no copy was made).
    #[must_use]
    pub const fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// Deserializes the value into `T`; `T` may borrow from `self`.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidPayload`] if the value does not have the shape `T` expects.
    pub fn deserialize<'s, T: Deserialize<'s>>(&'s self) -> Result<T, ParseError> {
        deserialize_text(self.as_str())
    }

    /// The same value with its text copied if it was borrowed, so it outlives the body.
    #[must_use]
    pub fn into_owned(self) -> RawJson<'static> {
        RawJson(Cow::Owned(self.0.into_owned()))
    }

    /// Whether the value is a JSON object (the text starts with `{`).
    /// The borrowed value, if this one borrows (with the body's lifetime, not `self`'s).
    pub(crate) fn as_borrowed(&self) -> Option<&'a RawValue> {
        match self.0 {
            Cow::Borrowed(raw) => Some(raw),
            Cow::Owned(_) => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        self.as_str().starts_with('{')
    }
}

/// Deserializes JSON text known to be well formed into `T`, which may borrow from it: the one
/// reading behind [`RawJson::deserialize`].
pub(crate) fn deserialize_text<'s, T: Deserialize<'s>>(text: &'s str) -> Result<T, ParseError> {
    serde_json::from_str(text).map_err(|error| ParseError::payload(&error))
}

impl PartialEq for RawJson<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RawJson<'_> {}

impl Hash for RawJson<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for RawJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&self.as_str()).finish()
    }
}

impl fmt::Display for RawJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_raw_value().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn equality_is_by_text_and_owning_keeps_it() {
        let text = r#"{"a":[1,2]}"#;
        let borrowed = RawJson::borrowed(serde_json::from_str(text).unwrap());
        assert!(borrowed.is_borrowed());
        let owned = borrowed.clone().into_owned();
        assert!(!owned.is_borrowed());
        assert_eq!(borrowed, owned);
        assert_eq!(owned.as_str(), text);
        assert_eq!(serde_json::to_string(&owned).unwrap(), text);
        assert_eq!(owned.to_string(), text);
        let spaced = RawJson::owned(RawValue::from_string(r#"{"a": [1,2]}"#.into()).unwrap());
        assert_ne!(borrowed, spaced);
    }

    #[test]
    fn deserialize_reports_a_shape_error_as_invalid_payload() {
        let raw = RawJson::borrowed(serde_json::from_str(r#"{"a":"x"}"#).unwrap());
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct A {
            a: u32,
        }
        match raw.deserialize::<A>() {
            Err(ParseError::InvalidPayload { reason }) => {
                assert_eq!(reason, "invalid type: string \"x\", expected u32 at line 1 column 8");
            }
            other => panic!("{other:?}"),
        }
        let borrowed: &str = raw.deserialize::<alloc::collections::BTreeMap<&str, &str>>().unwrap()["a"];
        assert_eq!(borrowed, "x");
    }
}
