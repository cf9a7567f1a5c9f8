//! The conformance runner: reads cases (JSON Lines) on stdin and prints one compact JSON result per
//! case, in input order.
//!
//! ```text
//! cargo run --quiet --release --example conformance < tests/data/conformance/verify.jsonl
//! ```
//!
//! Blank lines and lines starting with `//` are skipped; each case's `"expect"` is ignored. Exits 0
//! once every line was processed (whatever the results), or non-zero with a message on stderr at the
//! first line that is not a valid case.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

#[path = "../tests/support/conformance/mod.rs"]
mod conformance;

fn main() -> ExitCode {
    let stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    for (number, line) in stdin.lines().enumerate() {
        let result = line
            .map_err(|e| format!("cannot read stdin: {e}"))
            .and_then(|line| conformance::parse_line(&line))
            .and_then(|case| case.map(|case| conformance::run_case(&case)).transpose());
        match result {
            Ok(None) => {}
            Ok(Some(output)) => {
                if writeln!(stdout, "{output}").is_err() {
                    eprintln!("conformance: cannot write to stdout");
                    return ExitCode::FAILURE;
                }
            }
            Err(message) => {
                let _ = stdout.flush();
                eprintln!("conformance: line {}: {message}", number + 1);
                return ExitCode::from(2);
            }
        }
    }
    if stdout.flush().is_err() {
        eprintln!("conformance: cannot write to stdout");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
