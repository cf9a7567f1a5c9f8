//! Ops `tool_response`, `assistant_response`.

use serde_json::Value;

#[cfg(feature = "alloc")]
use super::{body, failure, field};
#[cfg(feature = "alloc")]
use hmsovereign_webhooks::{
    AssistantMode, ParseError, ToolOutcome, parse_assistant_response, parse_tool_response,
};
#[cfg(feature = "alloc")]
use serde_json::json;

#[cfg(feature = "alloc")]
pub(crate) fn tool_response(case: &Value) -> Result<Value, String> {
    let ids: Vec<&str> = field(case, "tool_call_ids")?
        .as_array()
        .ok_or("\"tool_call_ids\" is not an array")?
        .iter()
        .map(|id| id.as_str().ok_or("a tool call id is not a string"))
        .collect::<Result<_, _>>()?;
    let body = body(case)?;
    let response = match parse_tool_response(&body) {
        Ok(response) => response,
        Err(error) => return parse_failure(&error),
    };
    let resolution = response.resolve(ids.iter().copied());
    let outcomes = resolution
        .outcomes()
        .iter()
        .map(|call| {
            Ok(match call.outcome {
                ToolOutcome::Result(raw) => json!({
                    "tool_call_id": call.tool_call_id,
                    "result": serde_json::from_str::<Value>(raw.get())
                        .map_err(|e| format!("result is not JSON: {e}"))?,
                }),
                ToolOutcome::Error(message) => json!({ "tool_call_id": call.tool_call_id, "error": message }),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(json!({
        "ok": true,
        "shape": response.shape().as_str(),
        "outcomes": outcomes,
        "missing_ids": resolution.missing_ids(),
        "unknown_ids": resolution.unknown_ids(),
    }))
}

#[cfg(feature = "alloc")]
pub(crate) fn assistant_response(case: &Value) -> Result<Value, String> {
    let body = body(case)?;
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
    Ok(json!({
        "ok": true,
        "mode": mode,
        "assistant_id": response.assistant_id(),
        "error": error,
        "max_duration_seconds": response.max_duration_seconds(),
    }))
}

#[cfg(feature = "alloc")]
fn parse_failure(error: &ParseError) -> Result<Value, String> {
    Ok(failure(match error {
        ParseError::EmptyBody => "empty_body",
        ParseError::InvalidJson { .. } => "invalid_json",
        ParseError::InvalidResponse { .. } => "invalid_response",
        other => return Err(format!("no conformance kind for {other:?}")),
    }))
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn tool_response(_case: &Value) -> Result<Value, String> {
    Err("op `tool_response` needs the `alloc` feature".into())
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn assistant_response(_case: &Value) -> Result<Value, String> {
    Err("op `assistant_response` needs the `alloc` feature".into())
}
