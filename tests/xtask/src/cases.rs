//! `xtask cases DIR`: one crate per case document `NN-slug.yaml`, tested
//! with the hand-written `tests/cases/NN-slug.rs` copied in as
//! `tests/expect.rs`, then linted with clippy and tested.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::workspace::{repo_root, Scratch};
use crate::{cargo, Tally};

/// One case document.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Case {
    /// `NN-slug`, the file name without `.yaml`.
    stem: String,
    /// `NN`.
    number: String,
    /// The document.
    spec: PathBuf,
}

impl Case {
    fn crate_name(&self) -> String {
        format!("case-{}", self.stem)
    }

    /// Returns the path of the hand-written test of this case.
    fn test_file(&self) -> PathBuf {
        repo_root().join("tests").join("cases").join(format!("{}.rs", self.stem))
    }
}

/// Returns the case whose file is named `NN-slug.yaml` (digits, a hyphen,
/// then lower-case letters, digits and hyphens), or `None`.
fn parse_case(path: &Path) -> Option<Case> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".yaml")?;
    let (number, slug) = stem.split_once('-')?;
    let number_ok = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
    let slug_ok = !slug.is_empty() && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (number_ok && slug_ok).then(|| Case {
        stem: stem.to_string(),
        number: number.to_string(),
        spec: path.to_path_buf(),
    })
}

fn list_cases(dir: &Path) -> Result<Vec<Case>> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut cases = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if let Some(case) = parse_case(&entry.path()) {
            cases.push(case);
        }
    }
    cases.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(cases)
}

/// Copies the hand-written test into the generated crate, or removes a
/// stale copy; returns whether the case has a test.
fn install_test(case: &Case, crate_dir: &Path) -> Result<bool> {
    let target = crate_dir.join("tests").join("expect.rs");
    let source = case.test_file();
    if !source.is_file() {
        if target.exists() {
            fs::remove_file(&target).with_context(|| format!("cannot remove {}", target.display()))?;
        }
        return Ok(false);
    }
    let text = fs::read_to_string(&source).with_context(|| format!("cannot read {}", source.display()))?;
    // Rewriting an unchanged file would make cargo rebuild the test.
    if fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
        fs::create_dir_all(crate_dir.join("tests"))?;
        fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(true)
}

/// Runs clippy and the tests of one generated case crate; returns the
/// reasons it failed.
fn build_and_test(scratch: &Scratch, case: &Case) -> Result<Vec<String>> {
    let log = scratch.logs.join(format!("{}.log", case.stem));
    let _ = fs::remove_file(&log);
    let crate_name = case.crate_name();
    let mut reasons = Vec::new();
    let clippy = cargo::run(
        scratch,
        &["clippy", "-p", &crate_name, "--all-targets", "--", "-D", "warnings"],
        &[],
        &log,
    )?;
    if !clippy.success {
        reasons.push(format!("clippy: {}", cargo::failure_reason(&clippy)));
    }
    let test = cargo::run(scratch, &["test", "-p", &crate_name, "--tests"], &[], &log)?;
    // A compile error that clippy already reported stops the test build too.
    let same_error = !clippy.success && cargo::first_error(&test.stderr) == cargo::first_error(&clippy.stderr);
    if !test.success && !same_error {
        reasons.push(format!("test: {}", cargo::failure_reason(&test)));
    }
    Ok(reasons)
}

/// Runs `xtask cases DIR`.
pub fn run(dir: &Path) -> Result<bool> {
    let started = Instant::now();
    let cases = list_cases(dir)?;
    if cases.is_empty() {
        anyhow::bail!("{} has no case documents named NN-slug.yaml", dir.display());
    }
    let scratch = Scratch::create("cases")?;

    let mut generation_failures = Vec::new();
    let mut members = Vec::new();
    for case in &cases {
        let failure = scratch.generate(&case.spec, &case.stem, &case.crate_name(), false)?;
        if failure.is_none() {
            members.push(case.stem.clone());
        }
        generation_failures.push(failure);
    }
    scratch.write_manifest(&members)?;

    let mut tally = Tally::default();
    for (case, generation_failure) in cases.iter().zip(generation_failures) {
        if let Some(failure) = generation_failure {
            tally.record(&case.stem, Some(&failure));
            continue;
        }
        let mut reasons = Vec::new();
        if !install_test(case, &scratch.member_dir(&case.stem))? {
            reasons.push(format!("no test written for case {} (add tests/cases/{}.rs)", case.number, case.stem));
        }
        reasons.extend(build_and_test(&scratch, case)?);
        let reason = (!reasons.is_empty()).then(|| reasons.join("; "));
        tally.record(&case.stem, reason.as_deref());
    }
    println!("logs: {}", scratch.logs.display());
    println!("took {} s", started.elapsed().as_secs());
    Ok(tally.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_file_names() {
        let case = parse_case(Path::new("cases/09-integer-enum.yaml")).unwrap();
        assert_eq!(case.number, "09");
        assert_eq!(case.stem, "09-integer-enum");
        assert_eq!(case.crate_name(), "case-09-integer-enum");
    }

    #[test]
    fn other_files_are_not_cases() {
        assert_eq!(parse_case(Path::new("cases/09-integer-enum.expect.md")), None);
        assert_eq!(parse_case(Path::new("cases/README.md")), None);
        assert_eq!(parse_case(Path::new("cases/notes.yaml")), None);
        assert_eq!(parse_case(Path::new("cases/09-Integer.yaml")), None);
    }
}
