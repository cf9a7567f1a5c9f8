//! The groups of `benches/parse.rs` as plain functions, for the benches that run them outside
//! criterion (`instructions`, `paired`): each group's body, and one side of it run once.

use std::hint::black_box;

use hmsovereign_webhooks::{parse_event, parse_tool_response};
use serde_json::Value;

use crate::samples::{self, SAMPLES, SHAPES, minify, response_case};

/// One group's body and what its typed side parses it as.
pub(crate) enum Input {
    Event { header: &'static str, body: Vec<u8> },
    Response { body: Vec<u8>, ids: Vec<String> },
}

/// Every group of the parse bench, by its name there.
pub(crate) fn groups() -> Vec<(String, Input)> {
    let mut groups = Vec::new();
    for &(name, header, body) in SAMPLES {
        groups.push((format!("parse/{name}"), Input::Event { header, body: body.to_vec() }));
        if name == "end_of_call_report" {
            groups.push((
                "parse/end_of_call_report_compact".to_owned(),
                Input::Event { header, body: minify(body) },
            ));
        }
    }
    for &(shape, case) in SHAPES {
        let (body, ids) = response_case(case);
        groups.push((format!("tool_response/{shape}"), Input::Response { body, ids }));
    }
    groups
}

/// The three sides of a group, as the parse bench names them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// `serde_json::from_slice::<Value>`, the baseline.
    Value,
    /// [`samples::scan`], the floor.
    Scan,
    /// The crate's parser (a tool response also resolved against its request ids).
    Typed,
}

#[allow(dead_code, reason = "the names are for the instructions bench's arguments only")]
impl Side {
    pub(crate) const ALL: [Side; 3] = [Side::Value, Side::Scan, Side::Typed];

    pub(crate) fn from_name(name: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|side| side.name() == name)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Side::Value => "serde_json_value",
            Side::Scan => "serde_json_scan",
            Side::Typed => "typed",
        }
    }
}

/// Runs `side` of `input` once.
pub(crate) fn run(input: &Input, side: Side) -> Result<(), String> {
    match (input, side) {
        (Input::Event { body, .. } | Input::Response { body, .. }, Side::Value) => {
            black_box(serde_json::from_slice::<Value>(black_box(body)).map_err(|error| error.to_string())?);
        }
        (Input::Event { body, .. } | Input::Response { body, .. }, Side::Scan) => {
            black_box(samples::scan(black_box(body)).map_err(|error| error.to_string())?);
        }
        (Input::Event { header, body }, Side::Typed) => {
            black_box(
                parse_event(black_box(body), Some(black_box(header.as_bytes())))
                    .map_err(|error| error.to_string())?,
            );
        }
        (Input::Response { body, ids }, Side::Typed) => {
            let response = parse_tool_response(black_box(body)).map_err(|error| error.to_string())?;
            let resolution = response.resolve(black_box(ids).iter().map(String::as_str));
            if !resolution.is_exact() {
                return Err("the example does not resolve exactly".to_owned());
            }
            black_box(&resolution);
        }
    }
    Ok(())
}
