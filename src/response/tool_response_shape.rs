//! The four shapes of a tool-call response.

use core::fmt;

/// Which of the four accepted shapes a tool-call response has.
///
/// The protocol accepts four shapes and tells them apart in a fixed order, the first match
/// winning:
///
/// 1. [`Object`](Self::Object): an object whose `results` is an array — one outcome per
///    tool-call id (other top-level keys are then ignored, even `error` or `result`);
/// 2. [`Error`](Self::Error): an object whose only key is `error`, a string — every call failed;
/// 3. [`Simple`](Self::Simple): an object whose only key is `result` — every call gets that value;
/// 4. [`Direct`](Self::Direct): any other JSON value, which is itself the result of every call:
///    `{}`, `[]`, scalars, `{"error": 5}`, `{"results": "x"}`, `{"result": 1, "extra": 2}`, …
///
/// Data that looks like shapes 1–3 can therefore only be returned through the object or simple
/// shape. The set is closed: [`Direct`](Self::Direct) is the catch-all.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{parse_tool_response, ToolResponseShape};
///
/// let shape = |body: &str| parse_tool_response(body.as_bytes()).map(|r| r.shape());
/// assert_eq!(shape(r#"{"results": [], "error": "x"}"#)?, ToolResponseShape::Object);
/// assert_eq!(shape(r#"{"error": "x"}"#)?, ToolResponseShape::Error);
/// assert_eq!(shape(r#"{"result": null}"#)?, ToolResponseShape::Simple);
/// assert_eq!(shape(r#"{"error": 5}"#)?, ToolResponseShape::Direct);
/// assert_eq!(shape(r#"{"result": 1, "extra": 2}"#)?, ToolResponseShape::Direct);
/// assert_eq!(ToolResponseShape::Simple.as_str(), "simple");
/// # Ok::<(), hmsovereign_webhooks::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ToolResponseShape {
    /// `{"results": [{"tool_call_id": …, "result": …}, {"tool_call_id": …, "error": "…"}]}`.
    Object,
    /// `{"error": "…"}`.
    Error,
    /// `{"result": …}`.
    Simple,
    /// Any other JSON value.
    Direct,
}

impl ToolResponseShape {
    /// The shape's name: `object`, `error`, `simple` or `direct`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::Error => "error",
            Self::Simple => "simple",
            Self::Direct => "direct",
        }
    }
}

impl fmt::Display for ToolResponseShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
