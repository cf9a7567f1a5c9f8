//! Inputs the fuzz targets (`fuzz/`) found, and what the crate gives for them now. The bodies the
//! targets produced are in `tests/data/fuzz_regressions/` (see its README); the smaller ones here
//! isolate each rule.
#![cfg(feature = "alloc")]

use hmsovereign_webhooks::{
    AssistantMode, AssistantResponse, BuildError, ParseError, ToolOutcome, ToolResponse, ToolResponseShape,
    direct_tool_response, parse_assistant_response, parse_tool_response,
};
use serde_json::value::RawValue;

fn invalid(reason: &str) -> ParseError {
    ParseError::InvalidResponse { reason: reason.into() }
}

fn shape(body: &str) -> Result<ToolResponseShape, ParseError> {
    parse_tool_response(body.as_bytes()).map(|response| response.shape())
}

// Lone surrogate escapes (`"\ud800"`): valid JSON grammar. A key with one matches no name; in text
// the crate models each becomes U+FFFD (the reading rules; they used to be refused).

#[test]
fn tool_response_key_with_a_lone_surrogate_is_another_key() {
    let body = include_bytes!("data/fuzz_regressions/tool_response_lone_surrogate_key.json");
    assert_eq!(parse_tool_response(body).unwrap_err(), invalid("results[0] has no tool_call_id"));

    let response =
        parse_tool_response(br#"{"results":[{"tool_call_id":"a","result":1,"\ud800":0}]}"#).unwrap();
    let ToolResponse::Object(entries) = &response else { panic!("{response:?}") };
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].tool_call_id(), "a");
    assert!(matches!(entries[0].outcome(), ToolOutcome::Result(raw) if raw.get() == "1"));

    // At the top level: another key, so the body is a direct result.
    assert_eq!(shape(r#"{"result":1,"\udc00":2}"#), Ok(ToolResponseShape::Direct));
    assert_eq!(shape(r#"{"\ud800":1}"#), Ok(ToolResponseShape::Direct));
    // Paired surrogates and other escapes in keys still unescape to the names.
    assert_eq!(shape(r#"{"\u0072esult":1}"#), Ok(ToolResponseShape::Simple));
    assert_eq!(shape(r#"{"\ud83d\ude00":1,"result":1}"#), Ok(ToolResponseShape::Direct));
}

#[test]
fn tool_response_text_with_a_lone_surrogate_reads_as_a_replacement_character() {
    // The reading rules (crate docs, "JSON reading"), which replaced "refused where text is
    // needed": in modelled text each lone surrogate becomes U+FFFD, never an error.
    let response = parse_tool_response(br#"{"results":[{"tool_call_id":"\ud800","result":1}]}"#).unwrap();
    let ToolResponse::Object(entries) = &response else { panic!("{response:?}") };
    assert_eq!(entries[0].tool_call_id(), "\u{fffd}");
    let response = parse_tool_response(br#"{"results":[{"tool_call_id":"a","error":"x\udc00"}]}"#).unwrap();
    let ToolResponse::Object(entries) = &response else { panic!("{response:?}") };
    assert_eq!(entries[0].outcome(), ToolOutcome::Error("x\u{fffd}"));
    // Ids are compared after the mapping: two lone surrogates are the same id.
    assert_eq!(
        shape(r#"{"results":[{"tool_call_id":"\ud800","result":1},{"tool_call_id":"\udbff","result":2}]}"#),
        Err(invalid("results[1]: duplicate tool_call_id `\u{fffd}` (first in results[0])"))
    );
    // The error shape is told by the JSON type: the platform reads this body as an error.
    let response = parse_tool_response(br#"{"error":"\ud800"}"#).unwrap();
    assert!(matches!(response, ToolResponse::Error(ref message) if message == "\u{fffd}"));
    // ... and the direct builder refuses it as the error shape.
    let value: &RawValue = serde_json::from_str(r#"{"error":"\ud800"}"#).unwrap();
    assert_eq!(
        direct_tool_response(value),
        Err(BuildError::AmbiguousDirect { shape: ToolResponseShape::Error })
    );
    // Results are raw JSON, never decoded: a lone surrogate there is passed on as is.
    let response = parse_tool_response(br#"{"result":"\ud800"}"#).unwrap();
    assert!(matches!(response, ToolResponse::Simple(raw) if raw.get() == r#""\ud800""#));
}

#[test]
fn assistant_response_lone_surrogates() {
    let body = include_bytes!("data/fuzz_regressions/assistant_response_lone_surrogate_error.json");
    let response = parse_assistant_response(body).unwrap();
    assert!(
        matches!(response.mode(), AssistantMode::Reject { message } if message.contains('\u{fffd}')),
        "{response:?}"
    );
    let response = parse_assistant_response(br#"{"assistant_id":"asst_\udc00"}"#).unwrap();
    assert_eq!(response.assistant_id(), Some("asst_\u{fffd}"));
    // A key with one is another key, ignored.
    let response = parse_assistant_response(br#"{"\ud800":1}"#).unwrap();
    assert!(matches!(response.mode(), AssistantMode::Default));
    let response =
        parse_assistant_response(br#"{"assistant_id":"a","\ud800":{},"max_duration_seconds":5}"#).unwrap();
    assert_eq!(response.assistant_id(), Some("a"));
    assert_eq!(response.max_duration_seconds(), Some(5));
}

// Numbers in an assistant configuration's unmodelled keys are read exactly, so that a configuration
// read and written back keeps their value.

#[test]
fn assistant_config_keeps_the_value_of_its_numbers() {
    let body = include_bytes!("data/fuzz_regressions/assistant_response_float_in_extra.json");
    let response = parse_assistant_response(body).unwrap();
    let AssistantMode::Transient(block) = response.mode() else { panic!("{response:?}") };
    let config = block.to_config().unwrap();
    let inner = config.extra["namillm_configts_confi"].get();
    // Kept as the exact text: not even the correctly rounded double 1.2594059007199255e29.
    assert!(inner.contains(r#""momax_duration_seconds":125940590071992547409930682425"#), "{inner}");
    assert!(inner.contains(r#""proDDDDDDDDDDDDDmax_duration_seconds":15101912594050682425"#), "{inner}");

    let written = AssistantResponse::transient(config.clone()).to_json().unwrap();
    assert!(written.contains(r#""momax_duration_seconds":125940590071992547409930682425"#), "{written}");
    let reread = parse_assistant_response(written.as_bytes()).unwrap();
    let AssistantMode::Transient(block) = reread.mode() else { panic!("{reread:?}") };
    assert_eq!(block.to_config().unwrap(), config);
}
