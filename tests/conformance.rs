//! Runs every public conformance case (`tests/data/conformance/*.jsonl`) through the crate's API,
//! and drives the `conformance` example runner the way the runner contract describes: the whole
//! public suite in one runner process with `--check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "support/conformance/mod.rs"]
mod conformance;

use conformance::Case;

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

fn read_cases(file: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(case_dir().join(file)).unwrap();
    let lines = text.lines().filter(|line| !line.trim().is_empty() && !line.starts_with("//"));
    let lines = lines.filter(|line| conformance::checkable_here(line));
    lines.step_by(MIRI_STRIDE).filter_map(|line| conformance::parse_line(line).unwrap()).collect()
}

/// Cases nest up to a few thousand levels; the JSON comparison is recursive, so run it on a
/// thread with room to spare rather than the test harness's default 2 MiB. WASI has no threads:
/// there the test runs on the main stack, and `conformance::checkable_here` leaves the deepest
/// cases to the native run and the runner (the recursion is this test's checker's, not the
/// crate's).
fn with_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    if cfg!(target_os = "wasi") {
        return f();
    }
    std::thread::Builder::new().stack_size(64 << 20).spawn(f).unwrap().join().unwrap()
}

#[test]
fn every_public_case_passes_through_the_api() {
    with_big_stack(|| {
        let mut failures = Vec::new();
        let mut total = 0;
        for file in CASE_FILES {
            let cases = read_cases(file);
            let minimum = if cfg!(miri) { 1 } else { 20 };
            assert!(cases.len() >= minimum, "{file}: only {} cases", cases.len());
            for case in &cases {
                total += 1;
                let got = conformance::run_case(case).unwrap();
                if !conformance::agrees(case, &got).unwrap() {
                    let shown: String = got.chars().take(300).collect();
                    failures.push(format!("{file}: {}: got {shown}", case.id().unwrap()));
                }
            }
        }
        assert!(failures.is_empty(), "{} of {total} cases fail:\n{}", failures.len(), failures.join("\n"));
    });
}

#[test]
#[cfg_attr(miri, ignore = "checks the data files, not the code: nothing for Miri to find")]
fn ids_are_unique_and_every_expect_is_readable() {
    with_big_stack(|| {
        let mut seen = std::collections::HashSet::new();
        for file in CASE_FILES {
            for case in read_cases(file) {
                let id = case.id().unwrap();
                case.expected().unwrap();
                assert!(seen.insert(id.clone()), "duplicate id {id}");
            }
        }
    });
}

#[test]
fn the_checker_compares_json_values_under_the_reading_rules() {
    let case = |expect: &str| {
        conformance::parse_line(&format!(r#"{{"id":"x","op":"sign","expect":{expect}}}"#)).unwrap().unwrap()
    };
    let agrees = |expect: &str, printed: &str| conformance::agrees(&case(expect), printed).unwrap();
    assert!(agrees(r#"{"v":1e2,"w":"\ud800"}"#, r#"{"w":"\uD800","id":"x","v":100}"#));
    assert!(agrees(r#"{"v":{"a":1,"a":2}}"#, r#"{"id":"x","v":{"a":2.0}}"#));
    assert!(agrees(r#"{"v":1e400}"#, r#"{"id":"x","v":10e399}"#));
    assert!(!agrees(r#"{"v":1e400}"#, r#"{"id":"x","v":1e399}"#));
    assert!(!agrees(r#"{"v":"\ud800"}"#, r#"{"id":"x","v":"\ufffd"}"#));
    assert!(!agrees(r#"{"v":84}"#, r#"{"id":"x","v":84.0000000000000001}"#));
    assert!(!agrees(r#"{"v":1}"#, r#"{"id":"y","v":1}"#), "the id is part of the result");
    assert!(!agrees(r#"{"v":[1,2]}"#, r#"{"id":"x","v":[2,1]}"#));
}

/// The runner binary: the one `cargo test` built beside this test, else built on demand exactly as
/// the runner contract invokes it (`cargo run --release --example conformance`).
fn runner(args: &[&str]) -> Command {
    let exe = std::env::current_exe().unwrap();
    let built = exe
        .parent()
        .and_then(Path::parent)
        .map(|profile| profile.join("examples").join(format!("conformance{}", std::env::consts::EXE_SUFFIX)));
    match built {
        Some(path) if path.exists() => {
            let mut command = Command::new(path);
            command.args(args);
            command
        }
        _ => {
            let mut cargo = Command::new(env!("CARGO"));
            cargo
                .args(["run", "--quiet", "--release", "--example", "conformance", "--manifest-path"])
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
                .arg("--")
                .args(args)
                .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("runner"));
            cargo
        }
    }
}

fn run_runner(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child =
        runner(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn all_public_cases() -> (Vec<u8>, Vec<Case>) {
    let mut input = Vec::new();
    let mut cases = Vec::new();
    for file in CASE_FILES {
        input.extend_from_slice(&std::fs::read(case_dir().join(file)).unwrap());
        cases.extend(read_cases(file));
    }
    (input, cases)
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn one_runner_process_prints_the_expected_result_for_every_case_in_order() {
    let (input, cases) = all_public_cases();
    let output = run_runner(&[], &input);
    assert_eq!(output.status.code(), Some(0), "runner failed: {}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    let printed: Vec<String> = printed.lines().map(str::to_owned).collect();
    assert_eq!(printed.len(), cases.len(), "one result line per case");
    with_big_stack(move || {
        let disagreeing: Vec<String> = cases
            .iter()
            .zip(&printed)
            .filter(|(case, got)| !conformance::agrees(case, got).unwrap())
            .map(|(case, _)| case.id().unwrap())
            .collect();
        assert!(disagreeing.is_empty(), "{} disagree: {disagreeing:?}", disagreeing.len());
    });
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn check_mode_agrees_on_the_whole_public_suite_in_one_process() {
    let (input, cases) = all_public_cases();
    let output = run_runner(&["--check"], &input);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let n = cases.len();
    assert!(stderr.ends_with(&format!("{n}/{n} agree\n")), "stderr: {stderr}");
    assert_eq!(output.status.code(), Some(0), "stderr: {stderr}");
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn check_mode_reports_a_disagreement_and_fails() {
    let input = concat!(
        r#"{"id":"good","op":"sign","secret":"k","timestamp":1,"body":"","expect":{"ok":true,"#,
        r#""signature":"sha256=37c39ff90c9eaf98b76f1cf1a38399fa408e930f34e04a5179d0dc6489fe9c78"}}"#,
        "\n",
        // A wrong expected signature (the sign op needs no allocator, so this runs in every
        // feature set).
        r#"{"id":"bad","op":"sign","secret":"k","timestamp":2,"body":"","expect":{"ok":true,"#,
        r#""signature":"sha256=37c39ff90c9eaf98b76f1cf1a38399fa408e930f34e04a5179d0dc6489fe9c78"}}"#,
        "\n",
    );
    let output = run_runner(&["--check"], input.as_bytes());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("bad disagrees"), "stderr: {stderr}");
    assert!(stderr.ends_with("1/2 agree\n"), "stderr: {stderr}");
    assert_eq!(output.stdout.iter().filter(|&&b| b == b'\n').count(), 2, "both results are printed");
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn runner_rejects_a_line_that_is_not_a_case_with_a_message_never_a_panic() {
    let good = r#"{"id":"a","op":"sign","secret":"k","timestamp":1,"body":""}"#;
    // Input errors on the ops that need no allocator (sign, verify), so this runs in every
    // feature set; the event op's own inputs are checked the same way with `alloc`.
    let mut cases = vec![
        ("not json", "not a JSON object"),
        ("[1,2]", "not a JSON object"),
        (r#"{"id":"b","op":"teleport"}"#, "unknown op"),
        (r#"{"id":"b","op":"sign","secret":"k","timestamp":1,"body_hex":"aé0"}"#, "not lowercase hex"),
        (r#"{"id":"b","op":"sign","secret":"k","timestamp":1,"body_hex":"abc"}"#, "odd length"),
        (r#"{"id":"b","op":"sign","secret":"k","timestamp":1,"body_hex":"zz"}"#, "not lowercase hex"),
        (r#"{"id":"b","op":"sign","secret":"k","timestamp":1}"#, "needs exactly one of"),
        (
            r#"{"id":"b","op":"sign","secret":"k","timestamp":1,"body":"{}","body_hex":""}"#,
            "needs exactly one of",
        ),
        (
            r#"{"id":"b","op":"verify","secrets":"k","timestamp":null,"signature":null,"body":"","now":0,"tolerance":null}"#,
            "not an array",
        ),
        (r#"{"op":"sign"}"#, "missing field \"id\""),
    ];
    if cfg!(feature = "alloc") {
        cases.extend([
            (r#"{"id":"b","op":"event","body_hex":"aé0","event_header":null}"#, "not lowercase hex"),
            (r#"{"id":"b","op":"event","body_hex":"abc","event_header":null}"#, "odd length"),
            (r#"{"id":"b","op":"event","body":"{}"}"#, "missing field \"event_header\""),
            (r#"{"id":"b","op":"event","event_header":null}"#, "needs exactly one of"),
        ]);
    }
    for (bad, message) in cases {
        let output = run_runner(&[], format!("{good}\n{bad}\n").as_bytes());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert_eq!(
            output.stdout.iter().filter(|&&b| b == b'\n').count(),
            1,
            "{bad}: the valid first case is printed"
        );
        assert!(stderr.starts_with("conformance: line 2: "), "{bad}: {stderr}");
        assert!(stderr.contains(message), "{bad}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bad}: one line: {stderr}");
    }
    let output = run_runner(&["--frobnicate"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
#[cfg_attr(
    any(target_os = "wasi", miri),
    ignore = "spawns the runner as a child process, which neither WASI nor Miri can"
)]
fn runner_takes_any_number_of_secrets() {
    let secrets: Vec<String> = (0..100).map(|i| format!("\"s{i}\"")).collect();
    let line = format!(
        r#"{{"id":"v","op":"verify","secrets":[{}],"timestamp":"1","signature":null,"body":"","now":1,"tolerance":null}}"#,
        secrets.join(",")
    );
    let output = run_runner(&[], format!("{line}\n").as_bytes());
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"id\":\"v\",\"ok\":false,\"error\":\"missing_signature\"}\n"
    );
}
