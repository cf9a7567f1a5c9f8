//! Op `event`: parse a webhook body (with the `X-Webhook-Event` header, if any) through
//! `parse_event` and print the fields the runner contract names.

use serde_json::Value;

#[cfg(feature = "alloc")]
pub(crate) fn event(case: &Value) -> Result<Value, String> {
    use hmsovereign_webhooks::{Event, ParseError, parse_event};
    use serde_json::{Map, json};

    let body = super::body(case)?;
    let header = super::optional_str(case, "event_header")?;
    let event = match parse_event(&body, header.map(str::as_bytes)) {
        Ok(event) => event,
        Err(ParseError::InvalidJson { .. }) => return Ok(super::failure("invalid_json")),
        Err(ParseError::InvalidPayload { .. }) => return Ok(super::failure("invalid_payload")),
        Err(ParseError::EventMismatch { .. }) => return Ok(super::failure("event_mismatch")),
        Err(other) => return Err(format!("parse_event gave an error the op does not define: {other:?}")),
    };

    let mut e = Map::new();
    e.insert("type".into(), json!(event.event_type().as_str()));
    if let Some(common) = event.common() {
        let phone_number = common.phone_number.as_ref().and_then(|number| number.number.as_deref());
        e.insert("call_id".into(), json!(common.call.id));
        e.insert("call_type".into(), json!(common.call.call_type.as_ref().map(|t| t.as_str())));
        e.insert("call_status".into(), json!(common.call.status.as_ref().map(|s| s.as_str())));
        e.insert("customer_number".into(), json!(common.customer_number()));
        e.insert("phone_number".into(), json!(phone_number));
    }
    match &event {
        Event::ToolCalls(event) => {
            let calls = event
                .tool_calls
                .iter()
                .map(|call| {
                    let arguments: Value =
                        call.arguments_as().map_err(|error| format!("arguments: {error}"))?;
                    Ok(json!({ "id": call.id, "name": call.name(), "arguments": arguments }))
                })
                .collect::<Result<Vec<_>, String>>()?;
            e.insert("tool_calls".into(), Value::Array(calls));
        }
        Event::StatusUpdate(event) => {
            e.insert("error".into(), json!(event.error));
            e.insert("end_reason".into(), json!(event.end_reason.as_ref().map(|r| r.as_str())));
        }
        Event::EndOfCallReport(report) => {
            let analysis: Option<Value> =
                report.analysis_as().map_err(|error| format!("analysis: {error}"))?;
            e.insert("duration_seconds".into(), json!(report.duration_seconds));
            e.insert("summary".into(), json!(report.summary));
            e.insert("end_reason".into(), json!(report.end_reason.as_ref().map(|r| r.as_str())));
            e.insert("analysis".into(), analysis.unwrap_or(Value::Null));
            e.insert("message_count".into(), json!(report.messages.len()));
        }
        _ => {}
    }
    Ok(json!({ "ok": true, "event": e }))
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn event(_case: &Value) -> Result<Value, String> {
    Err("op `event` needs the crate's `alloc` feature".into())
}
