//! `xtask check-time SPEC [--config FILE] [--features F]...`: how long
//! `cargo check` of a generated crate takes with all its features and with
//! each given feature alone.
//!
//! The dependencies are built first, into the target folder that every
//! xtask command shares (`target/xtask/target/`). Each measurement then removes the
//! crate's own artifacts with `cargo clean -p` and times `cargo check -p`,
//! so it compiles the generated crate from nothing and no dependency. The
//! load average (`/proc/loadavg`) is printed with each figure, because the
//! machine may be busy with other builds.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::workspace::Scratch;
use crate::{cargo, Tally};

const MEMBER: &str = "checked";

/// Returns the 1-minute load average, or `?` where `/proc/loadavg` is
/// missing.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// Returns the user plus system CPU time of the finished child processes of
/// this process and their waited-for descendants (cargo and rustc). It
/// reads `cutime` and `cstime` of `/proc/self/stat`, so it is `None` off Linux.
fn children_cpu_time() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name in brackets start at field 3.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(13)?.parse().ok()?;
    let system: u64 = fields.get(14)?.parse().ok()?;
    let ticks_per_second = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8_lossy(&output.stdout).trim().parse::<u64>().ok())
        .filter(|ticks| *ticks > 0)?;
    Some(Duration::from_secs_f64((user + system) as f64 / ticks_per_second as f64))
}

/// Returns the median of `times`, which is not empty.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `runs` cold checks of the crate with `options` and records the
/// median.
fn time_checks(scratch: &Scratch, options: &[&str], runs: usize, log: &Path, tally: &mut Tally) -> Result<()> {
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut loads = Vec::new();
    for _ in 0..runs {
        let clean = cargo::run(scratch, &["clean", "-p", MEMBER], &[], log)?;
        if !clean.success {
            bail!("cargo clean -p {MEMBER} failed: {}", cargo::failure_reason(&clean));
        }
        let mut args = vec!["check", "-p", MEMBER];
        args.extend_from_slice(options);
        let load_before = load_average();
        let cpu_before = children_cpu_time();
        let start = Instant::now();
        let check = cargo::run(scratch, &args, &[], log)?;
        let elapsed = start.elapsed();
        if let (Some(before), Some(after)) = (cpu_before, children_cpu_time()) {
            cpu_times.push(after.saturating_sub(before));
        }
        loads.push(format!("{load_before}/{}", load_average()));
        if !check.success {
            tally.record(&format!("cargo check {}", options.join(" ")), Some(&cargo::failure_reason(&check)));
            return Ok(());
        }
        times.push(elapsed);
    }
    let all: Vec<String> = times.iter().map(|time| format!("{:.1}", time.as_secs_f64())).collect();
    let figure = median(&mut times).as_secs_f64();
    let cpu = if cpu_times.is_empty() {
        "CPU time unknown".to_string()
    } else {
        format!("median CPU {:.1} s", median(&mut cpu_times).as_secs_f64())
    };
    let label = if options.is_empty() { "all features".to_string() } else { options.join(" ") };
    tally.record(
        &format!(
            "cargo check, {label}: median wall {figure:.1} s, {cpu} of {runs} runs (wall {} s; load average before/after {})",
            all.join(", "),
            loads.join(", ")
        ),
        None,
    );
    Ok(())
}

/// Runs `xtask check-time`.
pub fn run(spec: &Path, config: Option<&Path>, features: &[String], runs: usize) -> Result<bool> {
    let scratch = Scratch::create("check-time")?;
    let mut tally = Tally::default();
    let failure = scratch.generate_with_config(spec, config, MEMBER, MEMBER, false)?;
    tally.record(&format!("generate {MEMBER} from {}", spec.display()), failure.as_deref());
    if failure.is_some() {
        return Ok(tally.finish());
    }
    scratch.write_manifest(&[MEMBER.to_string()])?;
    let log = scratch.logs.join("check-time.log");
    let _ = fs::remove_file(&log);

    // Builds the dependencies, which are the same with every feature set.
    // Without features the crate itself is quick to check.
    let warm = cargo::run(&scratch, &["check", "-p", MEMBER, "--no-default-features"], &[], &log)?;
    tally.record("cargo check, dependencies built", (!warm.success).then(|| cargo::failure_reason(&warm)).as_deref());
    if !warm.success {
        return Ok(tally.finish());
    }

    let runs = runs.max(1);
    time_checks(&scratch, &[], runs, &log, &mut tally)?;
    for feature in features {
        time_checks(&scratch, &["--no-default-features", "--features", feature], runs, &log, &mut tally)?;
    }
    println!("logs: {}", scratch.logs.display());
    Ok(tally.finish())
}
