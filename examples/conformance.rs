//! The conformance runner: reads cases (JSON Lines) on stdin and prints one compact JSON result per
//! case, in input order.
//!
//! ```text
//! cargo run --quiet --release --example conformance < tests/data/conformance/verify.jsonl
//! cat tests/data/conformance/*.jsonl | cargo run --quiet --release --example conformance -- --check
//! ```
//!
//! Blank lines and lines starting with `//` are skipped. Every valid case gets a result line,
//! whatever its body holds: raw values (`analysis`, `arguments`, tool results) are printed as the
//! crate's exact JSON text, so a lone surrogate, `1e400` or deep nesting prints too. `secrets` has
//! no size limit. A line that is not a valid case (not a JSON object, a missing input, an odd-length
//! or non-hex `body_hex`, an unknown op) ends the run with a one-line message on stderr and exit
//! code 2.
//!
//! With `--check`, each result is also compared with the line's `"expect"` as JSON values (keys
//! unordered, last duplicate wins, strings as UTF-16 code units, numbers by exact value); each
//! disagreement is reported on stderr, the run ends with `N/M agree` on stderr, and the exit code
//! is 1 when any disagree. Without it, `"expect"` is ignored and the exit code is 0.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

#[path = "../tests/support/conformance/mod.rs"]
mod conformance;

fn main() -> ExitCode {
    let mut check = false;
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--check" => check = true,
            other => {
                eprintln!("conformance: unknown argument {other:?} (the only option is --check)");
                return ExitCode::from(2);
            }
        }
    }
    let stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let (mut cases, mut agreeing) = (0usize, 0usize);
    for (number, line) in stdin.lines().enumerate() {
        let result = line
            .map_err(|e| format!("cannot read stdin: {e}"))
            .and_then(|line| conformance::parse_line(&line))
            .and_then(|case| match case {
                None => Ok(None),
                Some(case) => conformance::run_case(&case).map(|printed| Some((case, printed))),
            });
        match result {
            Ok(None) => {}
            Ok(Some((case, printed))) => {
                if writeln!(stdout, "{printed}").is_err() {
                    eprintln!("conformance: cannot write to stdout");
                    return ExitCode::FAILURE;
                }
                cases += 1;
                if check {
                    match conformance::agrees(&case, &printed) {
                        Ok(true) => agreeing += 1,
                        Ok(false) => {
                            let id = case.id().unwrap_or_default();
                            eprintln!(
                                "conformance: {id} disagrees with its expect: got {}",
                                excerpt(&printed)
                            );
                        }
                        Err(message) => {
                            let _ = stdout.flush();
                            eprintln!("conformance: line {}: {message}", number + 1);
                            return ExitCode::from(2);
                        }
                    }
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
    if check {
        eprintln!("{agreeing}/{cases} agree");
        if agreeing != cases {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// At most 300 characters of a result, for a disagreement message.
fn excerpt(printed: &str) -> String {
    let mut chars = printed.chars();
    let head: String = chars.by_ref().take(300).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}
