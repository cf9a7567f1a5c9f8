//! Instructions per parse for the groups of `benches/parse.rs`, to read beside its times: a count
//! that does not depend on the machine's load, as cachegrind (`valgrind --tool=cachegrind`) gives
//! it.
//!
//! `instructions GROUP SIDE N` runs one side (`serde_json_value`, `serde_json_scan` or `typed`) of
//! one group
//! (`parse/status_update`, `tool_response/object`, …) N times on the same bytes as the parse
//! bench. `benches/instructions.sh` runs each under cachegrind twice, with two values of N, and
//! prints the difference of the two totals divided by the difference of the N: the instructions of
//! one parse, the process's start-up and the sample's set-up cancelled out. Without arguments (as
//! `cargo bench` runs it, `--test` included) it runs every side of every group once and checks the
//! results.

use std::hint::black_box;
use std::process::ExitCode;

use hmsovereign_webhooks::{parse_event, parse_tool_response};
use serde_json::Value;

#[path = "support/samples.rs"]
mod samples;

use samples::{SAMPLES, SHAPES, minify, response_case};

/// One group's body and what its typed side parses it as.
enum Input {
    Event { header: &'static str, body: Vec<u8> },
    Response { body: Vec<u8>, ids: Vec<String> },
}

/// Every group of the parse bench, by its name there.
fn groups() -> Vec<(String, Input)> {
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

/// Runs `side` of `input` once.
fn run(input: &Input, side: &str) -> Result<(), String> {
    match (input, side) {
        (Input::Event { body, .. } | Input::Response { body, .. }, "serde_json_value") => {
            black_box(serde_json::from_slice::<Value>(black_box(body)).map_err(|error| error.to_string())?);
        }
        (Input::Event { body, .. } | Input::Response { body, .. }, "serde_json_scan") => {
            black_box(samples::scan(black_box(body)).map_err(|error| error.to_string())?);
        }
        (Input::Event { header, body }, "typed") => {
            black_box(
                parse_event(black_box(body), Some(black_box(header.as_bytes())))
                    .map_err(|error| error.to_string())?,
            );
        }
        (Input::Response { body, ids }, "typed") => {
            let response = parse_tool_response(black_box(body)).map_err(|error| error.to_string())?;
            let resolution = response.resolve(black_box(ids).iter().map(String::as_str));
            if !resolution.is_exact() {
                return Err("the example does not resolve exactly".to_owned());
            }
            black_box(&resolution);
        }
        _ => return Err(format!("unknown side `{side}` (serde_json_value, serde_json_scan or typed)")),
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let groups = groups();
    let result = match args.as_slice() {
        [] => groups.iter().try_for_each(|(_, input)| {
            ["serde_json_value", "serde_json_scan", "typed"].into_iter().try_for_each(|side| run(input, side))
        }),
        [group, side, count] => match (groups.iter().find(|(name, _)| name == group), count.parse::<u32>()) {
            (Some((_, input)), Ok(count)) => (0..count).try_for_each(|_| run(input, side)),
            (None, _) => Err(format!("unknown group `{group}`")),
            (_, Err(_)) => Err(format!("`{count}` is not a count")),
        },
        _ => Err("usage: instructions [GROUP SIDE N]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("instructions: {message}");
            ExitCode::from(2)
        }
    }
}
