//! `xtask seam SPEC`: the crate of the whole Seam Connect document, linted
//! with clippy, tested with the hand-written tests in `tests/seam/`, and
//! checked with the example round trip.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::features::clippy_with;
use crate::round_trip::check_examples;
use crate::workspace::{repo_root, Scratch};
use crate::{cargo, samples, Tally};

const MEMBER: &str = "seam-connect";
const CRATE_NAME: &str = "seam-connect";
/// The test target that `samples` writes.
const SAMPLES_TEST: &str = "generated_samples";
/// Features built alone: a top-level group with a nested one, and a
/// nested group, which also compiles the handle of `acs`.
const SINGLE_FEATURES: [&str; 2] = ["locks", "acs-users"];

/// Copies every `tests/seam/*.rs` into the crate's `tests/` and removes
/// earlier copies whose source is gone; returns the test target names.
fn install_tests(crate_dir: &Path) -> Result<Vec<String>> {
    let source_dir = repo_root().join("tests").join("seam");
    let target_dir = crate_dir.join("tests");
    fs::create_dir_all(&target_dir).with_context(|| format!("cannot create {}", target_dir.display()))?;

    let mut sources: Vec<PathBuf> = fs::read_dir(&source_dir)
        .with_context(|| format!("cannot read {}", source_dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .collect();
    sources.sort();

    let mut names = Vec::new();
    for source in &sources {
        let file_name = source.file_name().context("test file without a name")?;
        let text = fs::read_to_string(source).with_context(|| format!("cannot read {}", source.display()))?;
        let target = target_dir.join(file_name);
        // Rewriting an unchanged file would make cargo rebuild the test.
        if fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
            fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))?;
        }
        names.push(file_name.to_string_lossy().trim_end_matches(".rs").to_string());
    }

    for entry in fs::read_dir(&target_dir)?.flatten() {
        let path = entry.path();
        let name = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let is_copy = path.extension().is_some_and(|extension| extension == "rs")
            && name != "example_round_trip"
            && name != SAMPLES_TEST;
        if is_copy && !names.contains(&name) {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(names)
}

/// Runs `xtask seam SPEC`.
pub fn run(spec: &Path) -> Result<bool> {
    let scratch = Scratch::create("seam")?;
    let mut tally = Tally::default();
    let config = repo_root().join("tests").join("seam").join("seam.toml");
    let failure = scratch.generate_with_config(spec, Some(&config), MEMBER, CRATE_NAME, true)?;
    tally.record(&format!("generate {CRATE_NAME} from {}", spec.display()), failure.as_deref());
    if failure.is_some() {
        return Ok(tally.finish());
    }
    scratch.write_manifest(&[MEMBER.to_string()])?;
    let mut tests = install_tests(&scratch.member_dir(MEMBER))?;
    let settings = openapi_gen::config::Config::load(&config).map_err(|error| anyhow::anyhow!("{error}"))?;
    let api = openapi_gen::build_model(spec, &settings).map_err(|error| anyhow::anyhow!("{error}"))?;
    let (samples, checks) = samples::test_file(&api, &CRATE_NAME.replace('-', "_"));
    let samples_path = scratch.member_dir(MEMBER).join("tests").join(format!("{SAMPLES_TEST}.rs"));
    if fs::read_to_string(&samples_path).ok().as_deref() != Some(samples.as_str()) {
        fs::write(&samples_path, &samples).with_context(|| format!("cannot write {}", samples_path.display()))?;
    }
    println!("samples: {checks} checks written to {}", samples_path.display());
    tests.push(SAMPLES_TEST.to_string());

    let log = scratch.logs.join(format!("{MEMBER}.log"));
    let _ = fs::remove_file(&log);
    let clippy = cargo::run(
        &scratch,
        &["clippy", "-p", CRATE_NAME, "--all-targets", "--", "-D", "warnings"],
        &[],
        &log,
    )?;
    let reason = (!clippy.success).then(|| cargo::failure_reason(&clippy));
    tally.record("clippy --all-targets -D warnings", reason.as_deref());
    // The library alone, since the tests call every group.
    for feature in SINGLE_FEATURES {
        clippy_with(&scratch, CRATE_NAME, &["--lib", "--no-default-features", "--features", feature], &log, &mut tally)?;
    }

    for test in &tests {
        let run = cargo::run(&scratch, &["test", "-p", CRATE_NAME, "--test", test], &[], &log)?;
        let reason = (!run.success).then(|| cargo::failure_reason(&run));
        tally.record(&format!("tests/seam/{test}.rs"), reason.as_deref());
    }

    check_examples(&scratch, MEMBER, CRATE_NAME, &mut tally)?;
    println!("logs: {}", scratch.logs.display());
    Ok(tally.finish())
}
