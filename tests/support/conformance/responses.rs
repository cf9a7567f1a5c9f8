//! Ops `tool_response`, `assistant_response`. Tool results are printed as the crate's exact JSON
//! text.

use super::{Case, Out};

#[cfg(feature = "alloc")]
use super::failure;
#[cfg(feature = "alloc")]
use hmsovereign_webhooks::{
    AssistantMode, ParseError, ToolOutcome, parse_assistant_response, parse_tool_response,
};

#[cfg(feature = "alloc")]
pub(crate) fn tool_response(case: &Case) -> Result<Out, String> {
    let ids = case.strings("tool_call_ids")?;
    let body = case.body()?;
    let response = match parse_tool_response(&body) {
        Ok(response) => response,
        Err(error) => return parse_failure(&error),
    };
    let resolution = response.resolve(ids.iter().map(String::as_str));
    let outcomes = resolution
        .outcomes()
        .iter()
        .map(|call| {
            let outcome = match call.outcome {
                ToolOutcome::Result(raw) => ("result", Out::Raw(raw.get().to_owned())),
                ToolOutcome::Error(message) => ("error", Out::str(message)),
            };
            Out::Object(vec![("tool_call_id", Out::str(call.tool_call_id)), outcome])
        })
        .collect();
    Ok(Out::Object(vec![
        ("ok", Out::Bool(true)),
        ("shape", Out::str(response.shape().as_str())),
        ("outcomes", Out::Array(outcomes)),
        ("missing_ids", Out::strings(resolution.missing_ids().iter().copied())),
        ("unknown_ids", Out::strings(resolution.unknown_ids().iter().copied())),
    ]))
}

#[cfg(feature = "alloc")]
pub(crate) fn assistant_response(case: &Case) -> Result<Out, String> {
    let body = case.body()?;
    let response = match parse_assistant_response(&body) {
        Ok(response) => response,
        Err(error) => return parse_failure(&error),
    };
    let (mode, error) = match response.mode() {
        AssistantMode::Default => ("default", None),
        AssistantMode::Transient(_) => ("transient", None),
        AssistantMode::Reference { .. } => ("reference", None),
        AssistantMode::Hybrid { .. } => ("hybrid", None),
        AssistantMode::Reject { message } => ("reject", Some(message.as_ref())),
    };
    Ok(Out::Object(vec![
        ("ok", Out::Bool(true)),
        ("mode", Out::str(mode)),
        ("assistant_id", Out::opt_str(response.assistant_id())),
        ("error", Out::opt_str(error)),
        ("max_duration_seconds", response.max_duration_seconds().map_or(Out::Null, Out::U64)),
    ]))
}

#[cfg(feature = "alloc")]
fn parse_failure(error: &ParseError) -> Result<Out, String> {
    Ok(failure(match error {
        ParseError::EmptyBody => "empty_body",
        ParseError::InvalidJson { .. } => "invalid_json",
        ParseError::InvalidResponse { .. } => "invalid_response",
        other => return Err(format!("no conformance kind for {other:?}")),
    }))
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn tool_response(_case: &Case) -> Result<Out, String> {
    Err("op `tool_response` needs the `alloc` feature".into())
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn assistant_response(_case: &Case) -> Result<Out, String> {
    Err("op `assistant_response` needs the `alloc` feature".into())
}
