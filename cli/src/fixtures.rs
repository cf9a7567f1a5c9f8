//! The built-in events, shaped like the platform's (phone numbers, an assistant block, a
//! transcript and analysis), and `--set PATH=VALUE` overrides.
//!
//! Path syntax: segments separated by `.`, starting at the body's root (so almost always with
//! `message.`). A segment that is a decimal number indexes an array (`message.tool_call_list.0.id`);
//! any other segment names an object key, which is created if missing (with the objects on the way).
//! The value is parsed as JSON (`42`, `true`, `null`, `{"a":1}`, `"42"`), and taken as a string when
//! it is not JSON (`message.customer.number=+31600000000`). Keys containing `.` cannot be addressed:
//! use `--body FILE` for such bodies.

use hmsovereign_webhooks::{EventType, ParseError, parse_event};

use crate::failure::Failure;
use crate::json::Json;
use crate::output::truncate;

/// The four event types the protocol defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EventKind {
    AssistantRequest,
    ToolCalls,
    StatusUpdate,
    EndOfCallReport,
}

impl EventKind {
    pub(crate) const ALL: [Self; 4] =
        [Self::AssistantRequest, Self::ToolCalls, Self::StatusUpdate, Self::EndOfCallReport];

    pub(crate) const fn event_type(self) -> EventType<'static> {
        match self {
            Self::AssistantRequest => EventType::AssistantRequest,
            Self::ToolCalls => EventType::ToolCalls,
            Self::StatusUpdate => EventType::StatusUpdate,
            Self::EndOfCallReport => EventType::EndOfCallReport,
        }
    }

    pub(crate) const fn as_str(self) -> &'static str {
        self.event_type().as_str()
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// The built-in body of this type, as stored (pretty-printed).
    pub(crate) const fn fixture_text(self) -> &'static str {
        match self {
            Self::AssistantRequest => include_str!("../fixtures/assistant-request.json"),
            Self::ToolCalls => include_str!("../fixtures/tool-calls.json"),
            Self::StatusUpdate => include_str!("../fixtures/status-update.json"),
            Self::EndOfCallReport => include_str!("../fixtures/end-of-call-report.json"),
        }
    }

    /// The built-in body as a JSON value, `message.timestamp` set to `timestamp`.
    pub(crate) fn fixture(self, timestamp: &str) -> Result<Json, Failure> {
        let mut value = Json::parse(self.fixture_text().as_bytes())
            .map_err(|error| Failure::usage(format!("built-in {} fixture: {error}", self.as_str())))?;
        set_path(&mut value, "message.timestamp", Json::String(timestamp.to_owned()))
            .map_err(Failure::Usage)?;
        Ok(value)
    }
}

/// Applies one `PATH=VALUE` override.
pub(crate) fn apply_set(body: &mut Json, assignment: &str) -> Result<(), Failure> {
    // Messages quote at most the first 100 characters of the path (a path can be megabytes long).
    let (path, text) = assignment.split_once('=').ok_or_else(|| {
        Failure::usage(format!("--set `{}`: expected PATH=VALUE", truncate(assignment, 100)))
    })?;
    let value = Json::parse(text.as_bytes()).unwrap_or_else(|_| Json::String(text.to_owned()));
    set_path(body, path, value)
        .map_err(|reason| Failure::usage(format!("--set `{}`: {reason}", truncate(path, 100))))
}

/// The most segments a `--set` path may have (the built-in bodies are five levels deep).
pub(crate) const MAX_PATH_SEGMENTS: usize = 64;

/// Sets the value at `path` (see the module's documentation for the syntax). On error the
/// document is unchanged (objects are only created on the way once no error can follow).
pub(crate) fn set_path(root: &mut Json, path: &str, value: Json) -> Result<(), String> {
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return Err("empty path segment".to_owned());
    }
    if segments.len() > MAX_PATH_SEGMENTS {
        return Err(format!("the path has {} segments; at most {MAX_PATH_SEGMENTS}", segments.len()));
    }
    let Some((last, parents)) = segments.split_last() else {
        return Err("empty path".to_owned());
    };
    // Where the walk is, for messages; joined only when an error is written (joining at every
    // step would be quadratic in the path's length).
    let at = |depth: usize| match parents.get(..depth) {
        Some(before) if !before.is_empty() => format!("`{}`", before.join(".")),
        _ => "the body".to_owned(),
    };
    let mut current = root;
    for (depth, segment) in parents.iter().enumerate() {
        current = match current {
            Json::Object(entries) => Json::entry(entries, segment),
            Json::Array(items) => {
                let len = items.len();
                let index = array_index(segment)
                    .ok_or_else(|| format!("{} is an array; `{segment}` is not an index", at(depth)))?;
                items.get_mut(index).ok_or_else(|| {
                    format!("{} has {len} elements; index {index} is past its end", at(depth))
                })?
            }
            other => return Err(format!("{} is {}, not an object or array", at(depth), kind(other))),
        };
    }
    let at = at(parents.len());
    match current {
        Json::Object(entries) => {
            Json::insert(entries, last, value);
            Ok(())
        }
        Json::Array(items) => {
            let index =
                array_index(last).ok_or_else(|| format!("{at} is an array; `{last}` is not an index"))?;
            let len = items.len();
            if let Some(slot) = items.get_mut(index) {
                *slot = value;
            } else if index == len {
                items.push(value);
            } else {
                return Err(format!("{at} has {len} elements; index {index} is past its end"));
            }
            Ok(())
        }
        other => Err(format!("{at} is {}, not an object or array", kind(other))),
    }
}

/// An array index segment: ASCII digits only (no sign, no spaces), within `usize`.
fn array_index(segment: &str) -> Option<usize> {
    if segment.bytes().all(|byte| byte.is_ascii_digit()) { segment.parse().ok() } else { None }
}

fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// One tool call of a `tool-calls` body: its id and the tool's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RequestedCall {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// Checks `body` with the crate's parser as an event of type `event`, and returns its tool calls
/// (empty for the other types).
///
/// # Errors
///
/// The crate's [`ParseError`] when the body is not a valid event of that type.
pub(crate) fn validate(event: EventKind, body: &[u8]) -> Result<Vec<RequestedCall>, ParseError> {
    match parse_event(body, Some(event.as_str().as_bytes()))? {
        hmsovereign_webhooks::Event::ToolCalls(calls) => Ok(calls
            .tool_calls
            .iter()
            .map(|call| RequestedCall { id: call.id.to_string(), name: call.name().to_owned() })
            .collect()),
        _ => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_parses_as_its_event() {
        for kind in EventKind::ALL {
            let stored = validate(kind, kind.fixture_text().as_bytes());
            assert!(stored.is_ok(), "{}: {stored:?}", kind.as_str());
            let sent = kind.fixture("2026-12-01T08:00:00.000Z").unwrap().to_vec().unwrap();
            let event = parse_event(&sent, Some(kind.as_str().as_bytes())).unwrap();
            assert_eq!(event.event_type(), kind.event_type());
            assert_eq!(event.timestamp(), Some("2026-12-01T08:00:00.000Z"));
        }
        let calls = validate(EventKind::ToolCalls, EventKind::ToolCalls.fixture_text().as_bytes()).unwrap();
        assert_eq!(
            calls,
            [
                RequestedCall { id: "tool_abc123def456".into(), name: "lookup_contact".into() },
                RequestedCall { id: "tool_789ghi012jkl".into(), name: "book_appointment".into() },
            ]
        );
    }

    #[test]
    fn set_paths() {
        let mut body = Json::parse(br#"{"message": {"call": {"id": "a"}, "list": [1, 2]}}"#).unwrap();
        apply_set(&mut body, "message.call.id=b").unwrap();
        apply_set(&mut body, "message.call.status=\"42\"").unwrap();
        apply_set(&mut body, "message.duration_seconds=84").unwrap();
        apply_set(&mut body, "message.list.1={\"x\":null}").unwrap();
        apply_set(&mut body, "message.list.2=+31600000000").unwrap();
        apply_set(&mut body, "message.new.deep=true").unwrap();
        assert_eq!(
            body.to_string(),
            r#"{"message":{"call":{"id":"b","status":"42"},"list":[1,{"x":null},"+31600000000"],"duration_seconds":84,"new":{"deep":true}}}"#
        );
        let error = |assignment: &str| match apply_set(&mut body.clone(), assignment) {
            Err(Failure::Usage(message)) => message,
            other => panic!("{assignment}: {other:?}"),
        };
        assert_eq!(error("message.call.id"), "--set `message.call.id`: expected PATH=VALUE");
        assert_eq!(
            error("message.call.id.x=1"),
            "--set `message.call.id.x`: `message.call.id` is a string, not an object or array"
        );
        assert_eq!(
            error("message.list.9=1"),
            "--set `message.list.9`: `message.list` has 3 elements; index 9 is past its end"
        );
        assert_eq!(error("message..id=1"), "--set `message..id`: empty path segment");
        assert_eq!(
            error("message.list.x.y=1"),
            "--set `message.list.x.y`: `message.list` is an array; `x` is not an index"
        );
    }

    /// Found while writing the `cli_set` fuzz target's reference rules: `usize`'s `FromStr` took `+1` as the index 1.
    #[test]
    fn array_indexes_are_digits_only() {
        let mut body = Json::parse(br#"{"list": [1, 2]}"#).unwrap();
        let before = body.clone();
        assert_eq!(
            apply_set(&mut body, "list.+1=3").map_err(|failure| failure.to_string()),
            Err("--set `list.+1`: `list` is an array; `+1` is not an index".to_owned())
        );
        assert_eq!(
            apply_set(&mut body, "list.+0.x=3").map_err(|failure| failure.to_string()),
            Err("--set `list.+0.x`: `list` is an array; `+0` is not an index".to_owned())
        );
        assert_eq!(body, before);
        apply_set(&mut body, "list.01=3").unwrap();
        assert_eq!(body.to_string(), r#"{"list":[1,3]}"#);
    }

    /// A path of many segments nested the document as deep (and, with the messages joined at
    /// every step, took time quadratic in its length): now refused, with the document unchanged.
    #[test]
    fn long_paths_are_refused() {
        let mut body = Json::parse(br#"{"a": 1}"#).unwrap();
        let longest = vec!["k"; MAX_PATH_SEGMENTS].join(".");
        apply_set(&mut body, &format!("{longest}=1")).unwrap();
        let mut body = Json::parse(br#"{"a": 1}"#).unwrap();
        let path = vec!["k"; 100_000].join(".");
        assert_eq!(
            apply_set(&mut body, &format!("{path}=1")).map_err(|failure| failure.to_string()),
            Err(format!("--set `{}…`: the path has 100000 segments; at most 64", &path[..100]))
        );
        assert_eq!(body.to_string(), r#"{"a":1}"#);
    }

    #[test]
    fn the_root_is_named_the_body() {
        let mut body = Json::parse(b"[1]").unwrap();
        assert_eq!(
            apply_set(&mut body, "x=1").map_err(|failure| failure.to_string()),
            Err("--set `x`: the body is an array; `x` is not an index".to_owned())
        );
        let mut body = Json::parse(b"7").unwrap();
        assert_eq!(
            apply_set(&mut body, "x.y=1").map_err(|failure| failure.to_string()),
            Err("--set `x.y`: the body is a number, not an object or array".to_owned())
        );
    }
}
