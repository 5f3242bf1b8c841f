//! `xtask features [SPEC...]`: crates whose groups are behind Cargo
//! features, built with every feature, with none, and with each feature
//! alone. Without arguments it takes the fixtures of `tests/fixtures` whose
//! config gates the groups.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};

use crate::workspace::{repo_root, Scratch};
use crate::{cargo, Tally};

/// The fixtures that `xtask features` checks when no document is given.
const FIXTURES: [&str; 2] = ["sdk", "features"];

/// Returns the feature of every group, and `other-types` when the crate
/// has it, of the crate generated from `spec`
/// with the config beside it (or `config`), sorted. It fails when the
/// settings do not gate the groups.
pub fn group_features(spec: &Path, config: Option<&Path>) -> Result<Vec<String>> {
    let settings = openapi_gen::config::Config::settings_for(spec, config).map_err(|error| anyhow!("{error}"))?;
    let api = openapi_gen::build_model(spec, &settings).map_err(|error| anyhow!("{error}"))?;
    let features = api
        .features
        .ok_or_else(|| anyhow!("the settings for {} do not gate the groups behind features", spec.display()))?;
    let mut names: Vec<String> = features.groups.into_values().map(|group| group.name).collect();
    names.extend(features.other_types);
    names.sort();
    Ok(names)
}

/// Runs `cargo clippy -D warnings` on `crate_name` with `options` (the
/// targets and features, such as `--lib --no-default-features --features
/// locks`) and records it.
pub fn clippy_with(scratch: &Scratch, crate_name: &str, options: &[&str], log: &Path, tally: &mut Tally) -> Result<()> {
    let mut args = vec!["clippy", "-p", crate_name];
    args.extend_from_slice(options);
    args.extend_from_slice(&["--", "-D", "warnings"]);
    let run = cargo::run(scratch, &args, &[], log)?;
    let reason = (!run.success).then(|| cargo::failure_reason(&run));
    tally.record(&format!("{crate_name}: clippy {}", options.join(" ")), reason.as_deref());
    Ok(())
}

/// Checks `crate_name` with all features, with none, and with each of
/// `features` alone.
pub fn check_each_feature(scratch: &Scratch, crate_name: &str, features: &[String], log: &Path, tally: &mut Tally) -> Result<()> {
    clippy_with(scratch, crate_name, &["--all-targets", "--all-features"], log, tally)?;
    clippy_with(scratch, crate_name, &["--all-targets", "--no-default-features"], log, tally)?;
    for feature in features {
        clippy_with(scratch, crate_name, &["--all-targets", "--no-default-features", "--features", feature], log, tally)?;
    }
    Ok(())
}

/// Runs `xtask features SPEC...`.
pub fn run(specs: &[PathBuf]) -> Result<bool> {
    let specs: Vec<PathBuf> = if specs.is_empty() {
        let fixtures = repo_root().join("tests").join("fixtures");
        FIXTURES.iter().map(|name| fixtures.join(format!("{name}.yaml"))).collect()
    } else {
        specs.to_vec()
    };
    let scratch = Scratch::create("features")?;
    let mut tally = Tally::default();
    let mut members = Vec::new();
    for spec in &specs {
        let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let member = format!("gated-{stem}");
        let failure = scratch.generate(spec, &member, &member, false)?;
        tally.record(&format!("generate {member} from {}", spec.display()), failure.as_deref());
        if failure.is_none() {
            members.push((spec, member));
        }
    }
    let names: Vec<String> = members.iter().map(|(_, member)| member.clone()).collect();
    scratch.write_manifest(&names)?;
    for (spec, member) in &members {
        let log = scratch.logs.join(format!("{member}.log"));
        let _ = fs::remove_file(&log);
        match group_features(spec, None) {
            Ok(features) => {
                println!("{member}: {} features", features.len());
                check_each_feature(&scratch, member, &features, &log, &mut tally)?;
            }
            Err(error) => tally.record(&format!("{member}: features"), Some(&error.to_string())),
        }
    }
    println!("logs: {}", scratch.logs.display());
    Ok(tally.finish())
}
