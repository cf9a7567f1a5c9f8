//! Runs every public conformance case (`tests/data/conformance/*.jsonl`) through the crate's API,
//! and drives the `conformance` example runner the way the runner contract describes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/conformance/mod.rs"]
mod conformance;

/// The case files of the ops this crate implements (parsing needs the `alloc` feature).
#[cfg(feature = "alloc")]
const CASE_FILES: &[&str] =
    &["verify.jsonl", "sign.jsonl", "event.jsonl", "tool_response.jsonl", "assistant_response.jsonl"];
#[cfg(not(feature = "alloc"))]
const CASE_FILES: &[&str] = &["verify.jsonl", "sign.jsonl"];

/// Under Miri, which interprets every SHA-256 round and every byte of JSON, only every
/// `MIRI_STRIDE`-th case of a file is read, to keep the run short; natively every case runs.
const MIRI_STRIDE: usize = if cfg!(miri) { 40 } else { 1 };

fn case_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conformance")
}

fn read_cases(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(case_dir().join(file)).unwrap();
    let lines = text.lines().filter(|line| !line.trim().is_empty() && !line.starts_with("//"));
    lines.step_by(MIRI_STRIDE).filter_map(|line| conformance::parse_line(line).unwrap()).collect()
}

#[test]
fn every_public_case_passes_through_the_api() {
    let mut failures = Vec::new();
    let mut total = 0;
    for file in CASE_FILES {
        let cases = read_cases(file);
        let minimum = if cfg!(miri) { 1 } else { 20 };
        assert!(cases.len() >= minimum, "{file}: only {} cases", cases.len());
        for case in &cases {
            total += 1;
            let got = conformance::run_case(case).unwrap();
            let want = conformance::expected(case).unwrap();
            if got != want {
                failures.push(format!("{file}: got {got}, want {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {total} cases fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
#[cfg_attr(miri, ignore = "checks the data files, not the code: nothing for Miri to find")]
fn ids_are_unique() {
    let mut seen = std::collections::HashSet::new();
    for file in CASE_FILES {
        for case in read_cases(file) {
            let id = case["id"].as_str().unwrap().to_owned();
            assert!(seen.insert(id.clone()), "duplicate id {id}");
        }
    }
}

/// The runner binary: the one `cargo test` built beside this test, else built on demand exactly as
/// the runner contract invokes it (`cargo run --release --example conformance`).
fn runner() -> Command {
    let exe = std::env::current_exe().unwrap();
    let built = exe
        .parent()
        .and_then(Path::parent)
        .map(|profile| profile.join("examples").join(format!("conformance{}", std::env::consts::EXE_SUFFIX)));
    match built {
        Some(path) if path.exists() => Command::new(path),
        _ => {
            let mut cargo = Command::new(env!("CARGO"));
            cargo
                .args(["run", "--quiet", "--release", "--example", "conformance", "--manifest-path"])
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("runner"));
            cargo
        }
    }
}

fn run_runner(input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child =
        runner().stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn runner_prints_the_expected_result_for_every_case_in_order() {
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for file in CASE_FILES {
        let text = std::fs::read(case_dir().join(file)).unwrap();
        input.extend_from_slice(&text);
        expected.extend(read_cases(file).iter().map(|case| conformance::expected(case).unwrap()));
    }
    let output = run_runner(&input);
    assert!(output.status.success(), "runner failed: {}", String::from_utf8_lossy(&output.stderr));
    let printed: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(printed.len(), expected.len());
    for (got, want) in printed.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn runner_rejects_a_line_that_is_not_a_case() {
    let output = run_runner(
        b"{\"id\":\"a\",\"op\":\"sign\",\"secret\":\"k\",\"timestamp\":1,\"body\":\"\"}\nnot json\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        output.stdout.iter().filter(|&&b| b == b'\n').count(),
        1,
        "the valid first case is still printed"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 2"));

    let output = run_runner(b"{\"id\":\"a\",\"op\":\"teleport\"}\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown op"));
}
