//! Runs cargo in a scratch workspace and turns its output into one-line
//! reasons.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::workspace::Scratch;

/// Maximum length of a reason on a result line, in characters. The full
/// output is in the log file.
const MAX_REASON: usize = 300;

/// The result of one cargo command.
#[derive(Debug, Clone)]
pub struct CargoRun {
    /// Whether cargo exited with 0.
    pub success: bool,
    /// Standard output (test results).
    pub stdout: String,
    /// Standard error (compiler messages).
    pub stderr: String,
}

/// Runs `cargo <args>` in `scratch` with `RUSTFLAGS="-D warnings"` and the
/// shared target folder, plus the variables in `env`, and appends the
/// command and its output to `log`.
pub fn run(scratch: &Scratch, args: &[&str], env: &[(&str, &Path)], log: &Path) -> Result<CargoRun> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(&cargo);
    command
        .args(args)
        .current_dir(&scratch.root)
        .env("CARGO_TARGET_DIR", &scratch.target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("RUSTFLAGS", "-D warnings");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command
        .output()
        .with_context(|| format!("cannot start `{} {}`", cargo.to_string_lossy(), args.join(" ")))?;
    let run = CargoRun {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };

    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("cannot open {}", log.display()))?;
    writeln!(
        file,
        "$ cargo {}\n{}{}exit: {}\n",
        args.join(" "),
        run.stderr,
        run.stdout,
        output.status
    )
    .with_context(|| format!("cannot write {}", log.display()))?;
    Ok(run)
}

/// Lines starting with `error` that only summarise earlier errors.
fn is_summary_error(line: &str) -> bool {
    ["error: could not compile", "error: aborting", "error: test failed", "error: process didn't exit"]
        .iter()
        .any(|start| line.starts_with(start))
        || line.starts_with("error: Recipe")
        || line.starts_with("error: 1 target failed")
        || (line.starts_with("error: ") && line.contains("target failed"))
}

/// Returns the first compiler error in `stderr` as one line, with its
/// location and how many errors follow it.
pub fn first_error(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let errors: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("error") && !is_summary_error(line))
        .map(|(index, _)| index)
        .collect();
    let first = *errors.first()?;
    let mut text = lines[first].to_string();
    if let Some(location) = lines.get(first + 1).and_then(|line| line.trim_start().strip_prefix("--> ")) {
        text.push_str(&format!(" (at {location})"));
    }
    if errors.len() > 1 {
        text.push_str(&format!(" [and {} more]", errors.len() - 1));
    }
    Some(shorten(&text))
}

/// Returns the names of the failed tests in libtest output.
pub fn failed_tests(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        .map(str::to_string)
        .collect()
}

/// Counts the tests libtest ran, from its `test result:` lines.
fn tests_run(stdout: &str) -> usize {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: "))
        .map(|summary| {
            summary
                .split(['.', ';'])
                .filter_map(|part| {
                    let mut words = part.split_whitespace();
                    let count: usize = words.next()?.parse().ok()?;
                    matches!(words.next(), Some("passed" | "failed")).then_some(count)
                })
                .sum::<usize>()
        })
        .sum()
}

/// Returns the panic message of the first failed test: the line after
/// `thread '<name>' panicked at <location>:`.
fn first_panic(stdout: &str) -> Option<String> {
    let mut lines = stdout.lines();
    lines.find(|line| line.contains("panicked at"))?;
    let message: Vec<&str> = lines
        .take_while(|line| !line.is_empty() && !line.starts_with("note:") && !line.starts_with("----"))
        .map(str::trim)
        .collect();
    Some(message.join(" "))
}

/// Explains a failed `cargo clippy` or `cargo test` run in one line: the
/// first compiler error, or the failed tests and the first panic message.
pub fn failure_reason(run: &CargoRun) -> String {
    if let Some(error) = first_error(&run.stderr) {
        return error;
    }
    let failed = failed_tests(&run.stdout);
    if failed.is_empty() {
        let last = run.stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("no output");
        return shorten(&format!("cargo failed: {last}"));
    }
    let mut reason = format!("{} of {} tests failed: {}", failed.len(), tests_run(&run.stdout), failed.join(", "));
    if let Some(panic) = first_panic(&run.stdout) {
        reason.push_str(&format!("; first: {panic}"));
    }
    shorten(&reason)
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_REASON {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_REASON).collect();
    format!("{cut}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIPPY: &str = "    Checking case-09 v0.1.0\n\
        error[E0599]: no variant named `V10` found for enum `Priority`\n  \
        --> tests/expect.rs:12:31\n   |\n\
        error: unused variable: `x`\n  --> tests/expect.rs:3:9\n\
        error: could not compile `case-09` (test \"expect\") due to 2 previous errors\n";

    const TEST: &str = "running 3 tests\n\
        test rejects_string ... FAILED\n\
        test round_trip ... ok\n\
        test query_number ... FAILED\n\n\
        failures:\n\n---- rejects_string stdout ----\n\n\
        thread 'rejects_string' panicked at tests/expect.rs:20:5:\n\
        a string priority must be rejected\n\
        note: run with `RUST_BACKTRACE=1`\n\n\
        test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";

    #[test]
    fn first_error_with_location_and_count() {
        assert_eq!(
            first_error(CLIPPY).as_deref(),
            Some("error[E0599]: no variant named `V10` found for enum `Priority` (at tests/expect.rs:12:31) [and 1 more]")
        );
    }

    #[test]
    fn first_error_ignores_summaries() {
        assert_eq!(first_error("error: could not compile `x`\n"), None);
    }

    #[test]
    fn failed_test_names() {
        assert_eq!(failed_tests(TEST), ["rejects_string", "query_number"]);
    }

    #[test]
    fn reason_lists_failures_and_first_panic() {
        let run = CargoRun {
            success: false,
            stdout: TEST.to_string(),
            stderr: "error: test failed, to rerun pass `--test expect`\n".to_string(),
        };
        assert_eq!(
            failure_reason(&run),
            "2 of 3 tests failed: rejects_string, query_number; first: a string priority must be rejected"
        );
    }

    #[test]
    fn long_reasons_are_cut() {
        let reason = shorten(&"x".repeat(MAX_REASON + 10));
        assert_eq!(reason.chars().count(), MAX_REASON + 3);
    }
}
