//! Ops `tool_response`, `assistant_response`.

use serde_json::Value;

pub(crate) fn tool_response(_case: &Value) -> Result<Value, String> {
    Err("op `tool_response` is not implemented yet".into())
}

pub(crate) fn assistant_response(_case: &Value) -> Result<Value, String> {
    Err("op `assistant_response` is not implemented yet".into())
}
