//! Paired timing of the parse groups: `typed / Value` and `scan / Value` with both sides timed
//! back to back, many times over, so that a drift in the machine's speed falls on both.
//!
//! On a shared host the speed of a core drifts by a quarter within seconds. criterion times one
//! function after the other, seconds apart, so the ratio of two of its estimates carries that
//! drift: one run of `benches/parse.rs` can give 0.37 and the next 0.68 for the same group. Here
//! each round times a batch of `serde_json_value`, then a batch of the other side (the order
//! alternates from round to round), each batch about 200 µs on the thread's CPU clock, and keeps
//! the ratio of the two. The median of the rounds' ratios is the figure; its quartiles show how
//! far the rounds spread.
//!
//! `paired [ROUNDS]` (default 400) prints, per group, the median and quartiles of
//! `scan / Value` and `typed / Value`. Run pinned, e.g.
//! `taskset -c 1 cargo bench --bench paired`. Under `cargo bench -- --test` (as CI runs it) it
//! checks every side once and times 3 rounds of tiny batches, to show that it runs, and prints no
//! figures.

use std::process::ExitCode;
use std::time::Duration;

use cpu_time::ThreadTime;

#[path = "support/samples.rs"]
mod samples;

#[path = "support/groups.rs"]
mod groups;

use groups::{Input, Side, groups, run};

/// About how long one batch runs, unless `HMS_PAIRED_BATCH_US` says otherwise.
fn batch() -> Duration {
    let micros = std::env::var("HMS_PAIRED_BATCH_US").ok().and_then(|us| us.parse().ok()).unwrap_or(2_000);
    Duration::from_micros(micros)
}

/// The thread CPU time of `count` runs of `side` of `input`.
fn time(input: &Input, side: Side, count: u32) -> Result<Duration, String> {
    let start = ThreadTime::now();
    for _ in 0..count {
        run(input, side)?;
    }
    Ok(start.elapsed())
}

/// How many runs of the baseline make one batch.
fn batch_size(input: &Input) -> Result<u32, String> {
    let batch = batch();
    let mut count = 16_u32;
    loop {
        let took = time(input, Side::Value, count)?;
        if took >= batch || count >= 1 << 24 {
            let per_run = took.as_nanos().max(1) / u128::from(count);
            return Ok(u32::try_from((batch.as_nanos() / per_run).max(1)).unwrap_or(u32::MAX));
        }
        count *= 2;
    }
}

/// `side / Value` of each of `rounds` rounds.
fn ratios(input: &Input, side: Side, rounds: u32, count: u32) -> Result<Vec<f64>, String> {
    let mut ratios = Vec::with_capacity(rounds as usize);
    for round in 0..rounds {
        let (value, other) = if round % 2 == 0 {
            let value = time(input, Side::Value, count)?;
            (value, time(input, side, count)?)
        } else {
            let other = time(input, side, count)?;
            (time(input, Side::Value, count)?, other)
        };
        ratios.push(other.as_secs_f64() / value.as_secs_f64().max(f64::MIN_POSITIVE));
    }
    ratios.sort_by(f64::total_cmp);
    Ok(ratios)
}

/// The value at `fraction` of the sorted `values` (nearest rank).
fn quantile(values: &[f64], fraction: f64) -> f64 {
    let last = values.len().saturating_sub(1);
    values.get(((last as f64) * fraction).round() as usize).copied().unwrap_or(f64::NAN)
}

fn main() -> ExitCode {
    let test_mode = std::env::args().any(|arg| arg == "--test");
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let rounds = match args.as_slice() {
        _ if test_mode => 3,
        [] => 400,
        [rounds] => match rounds.parse::<u32>() {
            Ok(rounds) if rounds > 0 => rounds,
            _ => {
                eprintln!("paired: `{rounds}` is not a number of rounds");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: paired [ROUNDS]");
            return ExitCode::from(2);
        }
    };
    if test_mode {
        println!("paired: test mode, {rounds} rounds of 2 runs per side, no figures");
    } else {
        println!("{rounds} rounds per side; each ratio: median [first quartile, third quartile]");
        println!("{:<36} {:>10} {:>24} {:>24}", "group", "batch", "scan / Value", "typed / Value");
    }
    for (name, input) in groups() {
        let result = (|| {
            Side::ALL.into_iter().try_for_each(|side| run(&input, side))?;
            let count = if test_mode { 2 } else { batch_size(&input)? };
            let scan = ratios(&input, Side::Scan, rounds, count)?;
            let typed = ratios(&input, Side::Typed, rounds, count)?;
            Ok::<_, String>((count, scan, typed))
        })();
        match result {
            // Figures from a few tiny batches would only mislead.
            Ok(_) if test_mode => println!("{name}: ok"),
            Ok((count, scan, typed)) => {
                let show = |r: &[f64]| {
                    format!("{:.2} [{:.2}, {:.2}]", quantile(r, 0.5), quantile(r, 0.25), quantile(r, 0.75))
                };
                println!("{name:<36} {count:>10} {:>24} {:>24}", show(&scan), show(&typed));
            }
            Err(message) => {
                eprintln!("paired: {name}: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
