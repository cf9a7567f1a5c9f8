//! Ops `event`.

use serde_json::Value;

pub(crate) fn event(_case: &Value) -> Result<Value, String> {
    Err("op `event` is not implemented yet".into())
}
