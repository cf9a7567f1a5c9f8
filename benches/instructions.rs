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

use std::process::ExitCode;

#[path = "support/samples.rs"]
mod samples;

#[path = "support/groups.rs"]
mod groups;

use groups::{Side, groups, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let groups = groups();
    let result = match args.as_slice() {
        [] => groups
            .iter()
            .try_for_each(|(_, input)| Side::ALL.into_iter().try_for_each(|side| run(input, side))),
        [group, side, count] => {
            match (groups.iter().find(|(name, _)| name == group), Side::from_name(side), count.parse::<u32>())
            {
                (Some((_, input)), Some(side), Ok(count)) => (0..count).try_for_each(|_| run(input, side)),
                (None, _, _) => Err(format!("unknown group `{group}`")),
                (_, None, _) => {
                    Err(format!("unknown side `{side}` (serde_json_value, serde_json_scan or typed)"))
                }
                (_, _, Err(_)) => Err(format!("`{count}` is not a count")),
            }
        }
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
