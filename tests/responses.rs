//! The response model through the public API: the vendor's documented response examples, build →
//! parse round trips for every tool-response shape and assistant-response mode, exact errors, and
//! resolution against a request's tool-call ids.
#![cfg(feature = "alloc")]

use hmsovereign_webhooks::{
    AnalysisPlan, AssistantConfig, AssistantMode, AssistantResponse, BuildError, ChatMessage, LlmConfig,
    ParseError, ResolvedCall, StructuredDataPlan, TemplateValues, ToolOutcome, ToolResponse,
    ToolResponseShape, ToolResultsBuilder, direct_tool_response, error_tool_response,
    parse_assistant_response, parse_tool_response, simple_tool_response,
};
use serde_json::value::RawValue;
use serde_json::{Value, json};

fn raw(text: &str) -> &RawValue {
    serde_json::from_str(text).unwrap()
}

fn value(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap()
}

fn invalid(reason: &str) -> ParseError {
    ParseError::InvalidResponse { reason: reason.into() }
}

// Tool-call responses: the four formats of the vendor's Tool Calls page, exact text (the page's
// capture lost its indentation).

const DOC_OBJECT: &str = "{\n\"results\": [\n{\n\"tool_call_id\": \"tool_abc123def456\",\n\"result\": {\n\"name\": \"John Smith\",\n\"email\": \"john@example.com\",\n\"phone\": \"+31612345678\"\n}\n}\n]\n}";
const DOC_SIMPLE: &str = "{\n\"result\": {\n\"name\": \"John Smith\",\n\"email\": \"john@example.com\"\n}\n}";
const DOC_DIRECT: &str = "{\n\"name\": \"John Smith\",\n\"email\": \"john@example.com\"\n}";
const DOC_ERROR: &str = "{\n\"error\": \"Contact not found\"\n}";

#[test]
fn vendor_tool_response_object_format() {
    let response = parse_tool_response(DOC_OBJECT.as_bytes()).unwrap();
    assert_eq!(response.shape(), ToolResponseShape::Object);
    let resolution = response.resolve(["tool_abc123def456"]);
    assert!(resolution.is_exact());
    let [call] = resolution.outcomes() else { panic!("{resolution:?}") };
    assert_eq!(call.tool_call_id, "tool_abc123def456");
    let ToolOutcome::Result(result) = call.outcome else { panic!("{call:?}") };
    // The raw bytes of the body, not a re-serialization.
    assert_eq!(
        result.get(),
        "{\n\"name\": \"John Smith\",\n\"email\": \"john@example.com\",\n\"phone\": \"+31612345678\"\n}"
    );
}

#[test]
fn vendor_tool_response_simple_direct_and_error_formats() {
    let ids = ["tool_abc123def456", "tool_789ghi012jkl"];
    let simple = parse_tool_response(DOC_SIMPLE.as_bytes()).unwrap();
    assert_eq!(simple.shape(), ToolResponseShape::Simple);
    let resolution = simple.resolve(ids);
    assert_eq!(resolution.outcomes().len(), 2);
    for (call, id) in resolution.outcomes().iter().zip(ids) {
        assert_eq!(call.tool_call_id, id);
        let ToolOutcome::Result(result) = call.outcome else { panic!("{call:?}") };
        assert_eq!(value(result), json!({"name": "John Smith", "email": "john@example.com"}));
    }

    let direct = parse_tool_response(DOC_DIRECT.as_bytes()).unwrap();
    assert_eq!(direct.shape(), ToolResponseShape::Direct);
    assert_eq!(direct.resolve(ids).outcome_of(ids[1]), Some(ToolOutcome::Result(raw(DOC_DIRECT))));

    let error = parse_tool_response(DOC_ERROR.as_bytes()).unwrap();
    assert_eq!(error.shape(), ToolResponseShape::Error);
    let resolution = error.resolve(ids);
    assert_eq!(
        resolution.outcomes(),
        [
            ResolvedCall { tool_call_id: ids[0], outcome: ToolOutcome::Error("Contact not found") },
            ResolvedCall { tool_call_id: ids[1], outcome: ToolOutcome::Error("Contact not found") },
        ]
    );
    assert!(resolution.missing_ids().is_empty() && resolution.unknown_ids().is_empty());
}

#[test]
fn resolution_reports_missing_and_unknown_ids_in_order() {
    let body = br#"{"results": [
        {"tool_call_id": "x2", "result": 1},
        {"tool_call_id": "b", "error": "busy"},
        {"tool_call_id": "x1", "result": null},
        {"tool_call_id": "a", "result": [true]}
    ]}"#;
    let response = parse_tool_response(body).unwrap();
    let resolution = response.resolve(["a", "b", "c", "A", "d"]);
    assert_eq!(
        resolution.outcomes(),
        [
            ResolvedCall { tool_call_id: "a", outcome: ToolOutcome::Result(raw("[true]")) },
            ResolvedCall { tool_call_id: "b", outcome: ToolOutcome::Error("busy") },
        ]
    );
    assert_eq!(resolution.missing_ids(), ["c", "A", "d"]);
    assert_eq!(resolution.unknown_ids(), ["x2", "x1"]);
    assert!(!resolution.is_exact());
    assert_eq!(resolution.outcome_of("c"), None);

    // A request that repeats an id gets that outcome each time.
    let resolution = response.resolve(["a", "a"]);
    assert_eq!(resolution.outcomes().len(), 2);
    assert_eq!(resolution.unknown_ids(), ["x2", "b", "x1"]);

    // An empty request: every entry is unknown; nothing is missing.
    let resolution = response.resolve([]);
    assert!(resolution.outcomes().is_empty() && resolution.missing_ids().is_empty());
    assert_eq!(resolution.unknown_ids(), ["x2", "b", "x1", "a"]);
}

#[test]
fn tool_response_errors() {
    assert_eq!(parse_tool_response(b"").unwrap_err(), ParseError::EmptyBody);
    assert_eq!(parse_tool_response(b" \t\r\n").unwrap_err(), ParseError::EmptyBody);
    assert_eq!(parse_tool_response(b"\x0c").unwrap_err(), ParseError::InvalidJson { line: 1, column: 1 });
    assert_eq!(
        parse_tool_response(b"{\n\"result\": }").unwrap_err(),
        ParseError::InvalidJson { line: 2, column: 11 }
    );
    assert_eq!(parse_tool_response(b"{} {}").unwrap_err(), ParseError::InvalidJson { line: 1, column: 4 });
    for (body, reason) in [
        (r#"{"results": ["x"]}"#, "results[0] is a string, not an object"),
        (
            r#"{"results": [{"tool_call_id": "a", "result": 1}, {"id": "b", "result": 1}]}"#,
            "results[1] has no tool_call_id",
        ),
        (
            r#"{"results": [{"tool_call_id": 7, "result": 1}]}"#,
            "results[0].tool_call_id is a number, not a string",
        ),
        (
            r#"{"results": [{"tool_call_id": "a", "result": 1, "error": "e"}]}"#,
            "results[0] has both result and error",
        ),
        (
            r#"{"results": [{"tool_call_id": "a", "status": "ok"}]}"#,
            "results[0] has neither result nor error",
        ),
        (
            r#"{"results": [{"tool_call_id": "a", "error": {"code": 1}}]}"#,
            "results[0].error is an object, not a string",
        ),
        (
            r#"{"results": [{"tool_call_id": "zz", "result": 1}, {"tool_call_id": "zz", "error": "e"}]}"#,
            "results[1]: duplicate tool_call_id `zz` (first in results[0])",
        ),
    ] {
        assert_eq!(parse_tool_response(body.as_bytes()).unwrap_err(), invalid(reason), "{body}");
    }
}

#[test]
fn object_shape_ignores_extra_keys_and_other_top_level_keys() {
    let body = br#"{"error": "ignored", "results": [{"tool_call_id": "a", "result": 1, "took_ms": 5}], "result": 2}"#;
    let response = parse_tool_response(body).unwrap();
    let ToolResponse::Object(entries) = &response else { panic!("{response:?}") };
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].tool_call_id(), "a");
    assert_eq!(entries[0].outcome(), ToolOutcome::Result(raw("1")));
}

#[test]
fn escaped_ids_and_messages_are_unescaped() {
    let body = br#"{"results": [{"tool_call_id": "t\u00e9\n", "error": "no \"x\""}]}"#;
    let response = parse_tool_response(body).unwrap();
    let resolution = response.resolve(["t\u{e9}\n"]);
    assert_eq!(resolution.outcome_of("t\u{e9}\n"), Some(ToolOutcome::Error("no \"x\"")));
}

// Tool-call responses: build → parse round trips.

#[test]
fn results_builder_round_trip() {
    #[derive(serde::Serialize)]
    struct Contact<'a> {
        name: &'a str,
        email: &'a str,
    }
    let mut builder = ToolResultsBuilder::new();
    builder
        .result("tool_1", &Contact { name: "Jan \"J\" de Vries", email: "jan@example.com" })
        .unwrap()
        .error("tool_2", "Contact not found\n")
        .unwrap()
        .result("tool_\u{1f600}", &Value::Null)
        .unwrap()
        .result("tool_4", raw(r#"{ "kept" : "verbatim" }"#))
        .unwrap();
    assert_eq!(builder.len(), 4);
    assert_eq!(
        builder.result("tool_2", &1).unwrap_err(),
        BuildError::DuplicateToolCallId { id: "tool_2".into() }
    );
    let body = builder.finish();

    let response = parse_tool_response(body.as_bytes()).unwrap();
    assert_eq!(response.shape(), ToolResponseShape::Object);
    let ids = ["tool_1", "tool_2", "tool_\u{1f600}", "tool_4"];
    let resolution = response.resolve(ids);
    assert!(resolution.is_exact());
    assert_eq!(
        resolution.outcomes(),
        [
            ResolvedCall {
                tool_call_id: "tool_1",
                outcome: ToolOutcome::Result(raw(
                    r#"{"name":"Jan \"J\" de Vries","email":"jan@example.com"}"#
                )),
            },
            ResolvedCall { tool_call_id: "tool_2", outcome: ToolOutcome::Error("Contact not found\n") },
            ResolvedCall { tool_call_id: "tool_\u{1f600}", outcome: ToolOutcome::Result(raw("null")) },
            ResolvedCall {
                tool_call_id: "tool_4",
                outcome: ToolOutcome::Result(raw(r#"{ "kept" : "verbatim" }"#))
            },
        ]
    );
}

#[test]
fn simple_direct_and_error_builders_round_trip() {
    let ids = ["a", "b"];
    for result in
        [json!({"result": 1}), json!({"results": []}), json!({"error": "x"}), json!(null), json!([1, 2])]
    {
        let body = simple_tool_response(&result).unwrap();
        let response = parse_tool_response(body.as_bytes()).unwrap();
        assert_eq!(response.shape(), ToolResponseShape::Simple, "{body}");
        for call in response.resolve(ids).outcomes() {
            let ToolOutcome::Result(got) = call.outcome else { panic!("{call:?}") };
            assert_eq!(value(got), result);
        }
    }

    for result in [
        json!({"name": "Jan"}),
        json!({}),
        json!([]),
        json!("text"),
        json!(42),
        json!(null),
        json!({"error": 5}),
        json!({"result": 1, "extra": 2}),
    ] {
        let body = direct_tool_response(&result).unwrap();
        let response = parse_tool_response(body.as_bytes()).unwrap();
        assert_eq!(response.shape(), ToolResponseShape::Direct, "{body}");
        for call in response.resolve(ids).outcomes() {
            let ToolOutcome::Result(got) = call.outcome else { panic!("{call:?}") };
            assert_eq!(value(got), result);
        }
    }
    assert_eq!(
        direct_tool_response(&json!({"results": [{"tool_call_id": "a"}]})).unwrap_err(),
        BuildError::AmbiguousDirect { shape: ToolResponseShape::Object }
    );

    for message in ["Contact not found", "", "quote \" backslash \\ newline \n nul \u{0}", "\u{1f600}"] {
        let body = error_tool_response(message);
        let response = parse_tool_response(body.as_bytes()).unwrap();
        assert_eq!(response.shape(), ToolResponseShape::Error, "{body}");
        let resolution = response.resolve(ids);
        assert_eq!(resolution.outcome_of("b"), Some(ToolOutcome::Error(message)));
    }
}

#[test]
fn builder_serialize_errors_are_typed() {
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], 1);
    let error = simple_tool_response(&map).unwrap_err();
    assert_eq!(error, BuildError::Serialize { reason: "key must be a string".into() });
    assert_eq!(error.to_string(), "value cannot be written as JSON: key must be a string");
}

// Assistant-request responses: the vendor's examples (Assistant Request page), exact text.

const DOC_PERSONALIZE: &str =
    "{\n\"assistant\": {\n\"first_message\": \"Hello John, great to hear from you! How can I help?\"\n}\n}";
const DOC_OVERRIDE_LLM: &str = "{\n\"assistant\": {\n\"llm_config\": {\n\"provider\": \"openai\",\n\"model\": \"gpt-4o\",\n\"messages\": [\n{\n\"role\": \"system\",\n\"content\": \"You are speaking with John Smith, a VIP customer. Be extra helpful.\"\n}\n]\n}\n}\n}";
const DOC_DURATION: &str = "{\n\"max_duration_seconds\": 300\n}";
const DOC_REJECT: &str =
    "{\n\"error\": \"Sorry, we are currently closed. Please call back during business hours.\"\n}";
const DOC_ANALYSIS: &str = "{\n\"assistant\": {\n\"analysis_plan\": {\n\"structured_data_plan\": {\n\"enabled\": true,\n\"schema\": {\n\"type\": \"object\",\n\"properties\": {\n\"intent\": { \"type\": \"string\" },\n\"sentiment\": { \"type\": \"string\", \"enum\": [\"positive\", \"neutral\", \"negative\"] },\n\"appointment_booked\": { \"type\": \"boolean\" }\n}\n},\n\"messages\": [\n{\n\"role\": \"system\",\n\"content\": \"Analyze the call transcript according to the schema: {{schema}}\"\n},\n{\n\"role\": \"user\",\n\"content\": \"Transcript: {{transcript}}\"\n}\n]\n}\n}\n}\n}";
const DOC_WITH_COMMENTS: &str = "{\n  \"assistant_id\": \"uuid\",  // Reference mode: use saved assistant\n  \"assistant\": { ... },    // Transient mode: full assistant config\n  \"assistant_override\": { ... }  // Hybrid mode: merge with assistant_id\n}";

fn transient_config(body: &str) -> AssistantConfig {
    let response = parse_assistant_response(body.as_bytes()).unwrap();
    let AssistantMode::Transient(block) = response.mode() else { panic!("{response:?}") };
    block.to_config().unwrap()
}

#[test]
fn vendor_default_duration_and_reject() {
    let default = parse_assistant_response(b"{}").unwrap();
    assert!(matches!(default.mode(), AssistantMode::Default));
    assert_eq!((default.assistant_id(), default.max_duration_seconds()), (None, None));

    let capped = parse_assistant_response(DOC_DURATION.as_bytes()).unwrap();
    assert!(matches!(capped.mode(), AssistantMode::Default));
    assert_eq!(capped.max_duration_seconds(), Some(300));

    let reject = parse_assistant_response(DOC_REJECT.as_bytes()).unwrap();
    let AssistantMode::Reject { message } = reject.mode() else { panic!("{reject:?}") };
    assert_eq!(message, "Sorry, we are currently closed. Please call back during business hours.");
    assert_eq!(reject.max_duration_seconds(), None);
}

#[test]
fn vendor_personalized_greeting_and_llm_override() {
    let config = transient_config(DOC_PERSONALIZE);
    let mut want = AssistantConfig::default();
    want.first_message = Some("Hello John, great to hear from you! How can I help?".into());
    assert_eq!(config, want);

    let config = transient_config(DOC_OVERRIDE_LLM);
    let llm = config.llm_config.as_ref().unwrap();
    assert_eq!(llm.provider.as_deref(), Some("openai"));
    assert_eq!(llm.model.as_deref(), Some("gpt-4o"));
    assert_eq!(
        llm.messages.as_deref(),
        Some(
            &[ChatMessage::new(
                "system",
                "You are speaking with John Smith, a VIP customer. Be extra helpful."
            )][..]
        )
    );
    assert!(llm.extra.is_empty() && config.extra.is_empty() && config.first_message.is_none());
}

#[test]
fn vendor_call_analysis_plan_and_its_templates() {
    let config = transient_config(DOC_ANALYSIS);
    let plan = config.analysis_plan.unwrap();
    assert_eq!(plan.min_messages_threshold, None);
    assert!(plan.runs_for(2) && !plan.runs_for(1));
    let data = plan.structured_data_plan.unwrap();
    assert_eq!(data.enabled, Some(true));
    let schema = data.schema.unwrap();
    assert!(
        schema.get().starts_with("{\n\"type\": \"object\",\n\"properties\""),
        "raw bytes kept: {}",
        schema.get()
    );
    let messages = data.messages.unwrap();
    let values = TemplateValues::new(schema.get(), "user: I want to book.", "user_hangup");
    assert_eq!(
        values.render(messages[0].content.as_deref().unwrap()),
        format!("Analyze the call transcript according to the schema: {}", schema.get())
    );
    assert_eq!(values.render(messages[1].content.as_deref().unwrap()), "Transcript: user: I want to book.");
}

#[test]
fn vendor_end_of_call_analysis_plan_with_ended_reason() {
    // The analysis_plan of the End of Call Report page, as a configuration block.
    let plan: AnalysisPlan = serde_json::from_str(
        r#"{
"structured_data_plan": {
"enabled": true,
"schema": {"type": "object", "properties": {"resolved": {"type": "boolean"}}},
"messages": [
{"role": "system", "content": "Analyze the call transcript according to the provided schema. Return valid JSON matching the schema."},
{"role": "user", "content": "Schema: {{schema}}\n\nTranscript: {{transcript}}\n\nCall ended because: {{ended_reason}}"}
]
},
"min_messages_threshold": 5
}"#,
    )
    .unwrap();
    assert_eq!(plan.min_messages_threshold, Some(5));
    assert!(!plan.runs_for(4) && plan.runs_for(5));
    let messages = plan.structured_data_plan.unwrap().messages.unwrap();
    let rendered =
        TemplateValues::new("{S}", "T", "user_hangup").render(messages[1].content.as_deref().unwrap());
    assert_eq!(rendered, "Schema: {S}\n\nTranscript: T\n\nCall ended because: user_hangup");
}

#[test]
fn vendor_node_example_response() {
    // The body the vendor's Node.js example returns for a known customer.
    let body = r#"{"assistant":{"first_message":"Hello Jan, welcome back! How can I help?","llm_config":{"messages":[{"role":"system","content":"You are speaking with Jan. Customer since 2021. Prefers email."}]}}}"#;
    let config = transient_config(body);
    assert_eq!(config.first_message.as_deref(), Some("Hello Jan, welcome back! How can I help?"));
    let llm = config.llm_config.unwrap();
    assert_eq!((llm.provider, llm.model), (None, None));
    assert_eq!(llm.messages.unwrap()[0].role, "system");
}

#[test]
fn vendor_format_with_comments_is_not_json() {
    assert_eq!(
        parse_assistant_response(DOC_WITH_COMMENTS.as_bytes()).unwrap_err(),
        ParseError::InvalidJson { line: 2, column: 28 }
    );
}

#[test]
fn assistant_response_errors() {
    assert_eq!(parse_assistant_response(b"{").unwrap_err(), ParseError::InvalidJson { line: 1, column: 1 });
    for (body, reason) in [
        ("\"{}\"", "the body is a string, not an object"),
        ("null", "the body is null, not an object"),
        (r#"{"error": 503}"#, "error is a number, not a string"),
        (r#"{"assistant": null}"#, "assistant is null, not an object"),
        (r#"{"assistant_id": null}"#, "assistant_id is null, not a string"),
        (
            r#"{"assistant_id": "a", "assistant_override": "x"}"#,
            "assistant_override is a string, not an object",
        ),
        (
            r#"{"max_duration_seconds": 300.5}"#,
            "max_duration_seconds is a number, not a whole non-negative number",
        ),
        (
            r#"{"max_duration_seconds": "300"}"#,
            "max_duration_seconds is a string, not a whole non-negative number",
        ),
        (
            r#"{"max_duration_seconds": null}"#,
            "max_duration_seconds is null, not a whole non-negative number",
        ),
        (r#"{"assistant": {}, "assistant_id": "a"}"#, "assistant and assistant_id exclude each other"),
        (r#"{"assistant_override": {}}"#, "assistant_override needs assistant_id"),
    ] {
        assert_eq!(parse_assistant_response(body.as_bytes()).unwrap_err(), invalid(reason), "{body}");
    }
}

#[test]
fn error_wins_over_everything() {
    let response = parse_assistant_response(
        br#"{"assistant": 1, "assistant_override": {}, "max_duration_seconds": -1, "error": ""}"#,
    )
    .unwrap();
    assert!(matches!(response.mode(), AssistantMode::Reject { message } if message.is_empty()));
    assert_eq!(response.max_duration_seconds(), None);
}

// Assistant-request responses: build → parse round trips.

fn sample_config() -> AssistantConfig {
    let mut llm = LlmConfig::default();
    llm.provider = Some("openai".into());
    llm.model = Some("gpt-4o".into());
    llm.messages = Some(vec![ChatMessage::new("system", "Be brief.")]);
    llm.extra.insert_value("temperature", &0.2).unwrap();
    let mut data = StructuredDataPlan::default();
    data.enabled = Some(true);
    data.schema = Some(RawValue::from_string(r#"{"type":"object"}"#.into()).unwrap());
    data.messages = Some(vec![ChatMessage::new("user", "Schema: {{schema}}")]);
    let mut plan = AnalysisPlan::default();
    plan.structured_data_plan = Some(data);
    plan.min_messages_threshold = Some(4);
    let mut config = AssistantConfig::default();
    config.name = Some("Support".into());
    config.first_message = Some("Hello!".into());
    config.llm_config = Some(llm);
    config.tts_config =
        Some(RawValue::from_string(r#"{"provider":"elevenlabs","voice_id":"v1"}"#.into()).unwrap());
    config.stt_config = Some(RawValue::from_string(r#"{"language":"nl"}"#.into()).unwrap());
    config.analysis_plan = Some(plan);
    config.metadata = Some(RawValue::from_string(r#"{"crm_id":42}"#.into()).unwrap());
    config.extra.insert_value("voicemail_message", "Please leave a message").unwrap();
    config
}

#[test]
fn every_mode_round_trips() {
    let cases: Vec<(AssistantResponse<'static>, &str)> = vec![
        (AssistantResponse::use_default(), "{}"),
        (AssistantResponse::default().with_max_duration_seconds(60), r#"{"max_duration_seconds":60}"#),
        (AssistantResponse::transient(AssistantConfig::default()), r#"{"assistant":{}}"#),
        (
            AssistantResponse::reference("asst_1").with_max_duration_seconds(0),
            r#"{"assistant_id":"asst_1","max_duration_seconds":0}"#,
        ),
        (AssistantResponse::reference(""), r#"{"assistant_id":""}"#),
        (
            AssistantResponse::hybrid(String::from("asst_2"), AssistantConfig::default()),
            r#"{"assistant_id":"asst_2","assistant_override":{}}"#,
        ),
        (AssistantResponse::reject("Closed \"now\"."), r#"{"error":"Closed \"now\"."}"#),
    ];
    for (built, want) in cases {
        let body = built.to_json().unwrap();
        assert_eq!(body, want);
        let parsed = parse_assistant_response(body.as_bytes()).unwrap();
        assert_eq!(parsed.max_duration_seconds(), built.max_duration_seconds(), "{body}");
        assert_eq!(parsed.assistant_id(), built.assistant_id(), "{body}");
        match (built.mode(), parsed.mode()) {
            (AssistantMode::Default, AssistantMode::Default) => {}
            (AssistantMode::Transient(a), AssistantMode::Transient(b)) => {
                assert_eq!(a.to_config().unwrap(), b.to_config().unwrap());
            }
            (AssistantMode::Reference { assistant_id: a }, AssistantMode::Reference { assistant_id: b }) => {
                assert_eq!(a, b);
            }
            (
                AssistantMode::Hybrid { assistant_id: a, assistant_override: x },
                AssistantMode::Hybrid { assistant_id: b, assistant_override: y },
            ) => {
                assert_eq!((a, x.to_config().unwrap()), (b, y.to_config().unwrap()));
            }
            (AssistantMode::Reject { message: a }, AssistantMode::Reject { message: b }) => assert_eq!(a, b),
            (built, parsed) => panic!("{body}: built {built:?}, parsed {parsed:?}"),
        }
        // A parsed response writes back its own bytes' meaning, with raw blocks verbatim.
        assert_eq!(parsed.to_json().unwrap(), body);
    }
}

#[test]
fn full_config_round_trips_through_transient_and_hybrid() {
    let config = sample_config();
    for built in [
        AssistantResponse::transient(config.clone()).with_max_duration_seconds(300),
        AssistantResponse::hybrid("asst_9", config.clone()).with_max_duration_seconds(300),
    ] {
        let body = built.to_json().unwrap();
        let parsed = parse_assistant_response(body.as_bytes()).unwrap();
        let block = match parsed.mode() {
            AssistantMode::Transient(block) | AssistantMode::Hybrid { assistant_override: block, .. } => {
                block
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(block.to_config().unwrap(), config);
        assert_eq!(parsed.max_duration_seconds(), Some(300));
        // The raw block is the exact bytes the builder wrote for the configuration.
        assert_eq!(block.raw().unwrap().get(), serde_json::to_string(&config).unwrap());
    }
}

#[test]
fn unknown_fields_survive_parse_serialize_parse() {
    let text = r#"{
        "first_message": "Hi",
        "voicemail": {"enabled": true, "text": "Bye"},
        "llm_config": {"model": "gpt-4o", "temperature": 0.7, "max_tokens": 250,
                       "messages": [{"role": "system", "content": "x", "name": "policy"}]},
        "tts_config": {"provider": "elevenlabs", "speed": 1.10},
        "analysis_plan": {"structured_data_plan": {"enabled": false, "schema": {"type": "object"}, "model": "small"},
                          "min_messages_threshold": 3.0, "summary_plan": {"enabled": true}},
        "metadata": {"tier": "gold"},
        "id": "asst_1"
    }"#;
    let first: AssistantConfig = serde_json::from_str(text).unwrap();
    // Unmodelled values keep their exact text.
    assert_eq!(first.extra["voicemail"].get(), r#"{"enabled": true, "text": "Bye"}"#);
    assert_eq!(first.extra["id"].get(), r#""asst_1""#);
    let llm = first.llm_config.as_ref().unwrap();
    assert_eq!(llm.extra["temperature"].get(), "0.7");
    assert_eq!(llm.extra["max_tokens"].get(), "250");
    assert_eq!(llm.messages.as_ref().unwrap()[0].extra["name"].get(), r#""policy""#);
    let plan = first.analysis_plan.as_ref().unwrap();
    assert_eq!(plan.min_messages_threshold, Some(3));
    assert_eq!(plan.extra["summary_plan"].get(), r#"{"enabled": true}"#);
    assert_eq!(plan.structured_data_plan.as_ref().unwrap().extra["model"].get(), r#""small""#);
    assert_eq!(first.tts_config.as_ref().unwrap().get(), r#"{"provider": "elevenlabs", "speed": 1.10}"#);

    let written = serde_json::to_string(&first).unwrap();
    let second: AssistantConfig = serde_json::from_str(&written).unwrap();
    assert_eq!(second, first);
    // Every key of the input is in the output, with the same value.
    assert_eq!(
        serde_json::from_str::<Value>(&written).unwrap(),
        serde_json::from_str::<Value>(
            &text.replace("\"min_messages_threshold\": 3.0", "\"min_messages_threshold\": 3")
        )
        .unwrap()
    );
}

#[test]
fn block_with_a_mistyped_field_is_still_a_valid_mode() {
    let response = parse_assistant_response(br#"{"assistant": {"first_message": 7}}"#).unwrap();
    let AssistantMode::Transient(block) = response.mode() else { panic!("{response:?}") };
    assert_eq!(block.raw().unwrap().get(), r#"{"first_message": 7}"#);
    assert_eq!(
        block.to_config().unwrap_err(),
        invalid("assistant configuration: first_message: invalid type: integer `7`, expected a string")
    );
}

// Writing: no duplicate key, no silent NaN, unknown values byte-exact.

#[test]
fn extra_values_pass_through_byte_exact() {
    let text =
        r#"{"first_message":"Hi","big":18446744073709551617,"tiny":1e-400,"s":"\ud83d","deep":[[[1.10]]]}"#;
    let config: AssistantConfig = serde_json::from_str(text).unwrap();
    assert_eq!(config.extra["big"].get(), "18446744073709551617");
    let written = AssistantResponse::transient(config).to_json().unwrap();
    assert_eq!(
        written,
        r#"{"assistant":{"first_message":"Hi","big":18446744073709551617,"deep":[[[1.10]]],"s":"\ud83d","tiny":1e-400}}"#
    );
}

#[test]
fn a_typed_key_repeated_in_extra_is_a_build_error() {
    let mut config = AssistantConfig::default();
    config.first_message = Some("typed".into());
    config.extra.insert_value("first_message", "extra").unwrap();
    assert_eq!(
        AssistantResponse::transient(config.clone()).to_json(),
        Err(BuildError::DuplicateKey { key: "first_message".into() })
    );
    assert_eq!(
        AssistantResponse::hybrid("a1", config.clone()).to_json(),
        Err(BuildError::DuplicateKey { key: "first_message".into() })
    );
    // Also when the typed field is unset: the key is the typed field's, not extra's.
    config.first_message = None;
    assert_eq!(
        AssistantResponse::transient(config.clone()).to_json(),
        Err(BuildError::DuplicateKey { key: "first_message".into() })
    );
    assert!(serde_json::to_string(&config).is_err(), "a serializer is refused too");
    // Nested blocks are checked as well.
    let mut llm = LlmConfig::default();
    llm.extra.insert_value("model", "gpt").unwrap();
    let mut config = AssistantConfig::default();
    config.llm_config = Some(llm);
    assert_eq!(
        AssistantResponse::transient(config).to_json(),
        Err(BuildError::DuplicateKey { key: "model".into() })
    );
}

#[test]
fn non_finite_numbers_are_build_errors_in_every_builder() {
    let mut builder = ToolResultsBuilder::new();
    assert_eq!(builder.result("t1", &f64::NAN).err(), Some(BuildError::NonFiniteNumber));
    assert_eq!(builder.result("t1", &json!({"a": 1})).map(|_| ()), Ok(()), "the builder is unchanged");
    assert_eq!(builder.result("t2", &[1.0, f64::INFINITY]).err(), Some(BuildError::NonFiniteNumber));
    assert_eq!(builder.finish(), r#"{"results":[{"tool_call_id":"t1","result":{"a":1}}]}"#);
    assert_eq!(simple_tool_response(&f32::NAN), Err(BuildError::NonFiniteNumber));
    assert_eq!(direct_tool_response(&vec![f64::NEG_INFINITY]), Err(BuildError::NonFiniteNumber));
    let mut extra = hmsovereign_webhooks::Extra::new();
    assert_eq!(extra.insert_value("temperature", &f64::NAN), Err(BuildError::NonFiniteNumber));
    assert!(extra.is_empty());
}
