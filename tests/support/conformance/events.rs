//! Op `event`: parse a webhook body (with the `X-Webhook-Event` header, if any) through
//! `parse_event` and print the fields the runner contract names. Raw values (`analysis`,
//! `arguments`) are printed as the crate's exact JSON text, so any value the body held prints.

use super::{Case, Out};

#[cfg(feature = "alloc")]
pub(crate) fn event(case: &Case) -> Result<Out, String> {
    use hmsovereign_webhooks::{Event, ParseError, parse_event};

    let body = case.body()?;
    let header = case.optional_str("event_header")?;
    let event = match parse_event(&body, header.as_deref().map(str::as_bytes)) {
        Ok(event) => event,
        Err(ParseError::InvalidJson { .. }) => return Ok(super::failure("invalid_json")),
        Err(ParseError::InvalidPayload { .. }) => return Ok(super::failure("invalid_payload")),
        Err(ParseError::EventMismatch { .. }) => return Ok(super::failure("event_mismatch")),
        Err(other) => return Err(format!("parse_event gave an error the op does not define: {other:?}")),
    };

    let mut e = vec![("type", Out::str(event.event_type().as_str()))];
    if let Some(common) = event.common() {
        let phone_number = common.phone_number.as_ref().and_then(|number| number.number.as_deref());
        e.push(("call_id", Out::str(&common.call.id)));
        e.push(("call_type", Out::opt_str(common.call.call_type.as_ref().map(|t| t.as_str()))));
        e.push(("call_status", Out::opt_str(common.call.status.as_ref().map(|s| s.as_str()))));
        e.push(("customer_number", Out::opt_str(common.customer_number())));
        e.push(("phone_number", Out::opt_str(phone_number)));
    }
    match &event {
        Event::ToolCalls(event) => {
            let calls = event
                .tool_calls
                .iter()
                .map(|call| {
                    Out::Object(vec![
                        ("id", Out::str(&call.id)),
                        ("name", Out::str(call.name())),
                        ("arguments", Out::Raw(call.function.arguments.as_str().to_owned())),
                    ])
                })
                .collect();
            e.push(("tool_calls", Out::Array(calls)));
        }
        Event::StatusUpdate(event) => {
            e.push(("error", Out::opt_str(event.error.as_deref())));
            e.push(("end_reason", Out::opt_str(event.end_reason.as_ref().map(|r| r.as_str()))));
        }
        Event::EndOfCallReport(report) => {
            let analysis =
                report.analysis.as_ref().map_or(Out::Null, |raw| Out::Raw(raw.as_str().to_owned()));
            e.push(("duration_seconds", Out::U64(report.duration_seconds)));
            e.push(("summary", Out::str(&report.summary)));
            e.push(("end_reason", Out::opt_str(report.end_reason.as_ref().map(|r| r.as_str()))));
            e.push(("analysis", analysis));
            e.push(("message_count", Out::U64(report.messages.len() as u64)));
        }
        _ => {}
    }
    Ok(Out::Object(vec![("ok", Out::Bool(true)), ("event", Out::Object(e))]))
}

#[cfg(not(feature = "alloc"))]
pub(crate) fn event(_case: &Case) -> Result<Out, String> {
    Err("op `event` needs the crate's `alloc` feature".into())
}
