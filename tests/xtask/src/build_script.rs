//! `xtask build-script`: checks the path from a build script to an
//! `include!`d client.
//!
//! 1. The build script of `tests/build-example` runs again when its
//!    document or config file changes, and only then. The example is copied
//!    into the scratch workspace `target/xtask/build-script/` with the same
//!    layout as in the repository (`tests/build-example/` next to `spec/`),
//!    so that its `build.rs` finds `../../spec/seam-connect.yaml`. Each step
//!    changes one file and runs `cargo build -v`, and Cargo prints a
//!    `Running` line for every build script it runs.
//! 2. The module form of every document in `tests/fixtures` and
//!    `tests/fixtures/lossy` passes `cargo clippy --all-targets -D warnings`.
//!    One crate includes them all in a module, and one of them a second
//!    time in a module of its own name. It turns on `missing_docs` and
//!    `unreachable_pub`.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};

use crate::cargo::{first_error, run};
use crate::workspace::{repo_root, Scratch};
use crate::Tally;

const MEMBER: &str = "tests/build-example";
const MODULES: &str = "modules";

/// Runs both checks and prints one line per check.
pub fn run_checks() -> Result<bool> {
    let repo = repo_root();
    let scratch = Scratch::create("build-script")?;
    let example = scratch.root.join(MEMBER);
    let spec = scratch.root.join("spec");
    prepare(&repo, &scratch, &example, &spec)?;
    let mut tally = Tally::default();
    let modules = write_modules_crate(&repo, &scratch)?;
    check_modules(&scratch, &modules, &mut tally)?;
    check_reruns(&scratch, &example, &spec, &mut tally)?;
    Ok(tally.finish())
}

/// Builds the example once, then changes one file per step and checks
/// whether its build script ran.
fn check_reruns(scratch: &Scratch, example: &Path, spec: &Path, tally: &mut Tally) -> Result<()> {
    let log = scratch.logs.join("build.log");
    // Starts from an empty log, so it shows this run only.
    fs::write(&log, "").with_context(|| format!("cannot write {}", log.display()))?;

    let build = |step: &str| -> Result<std::result::Result<bool, String>> {
        let output = run(scratch, &["build", "-v", "-p", "build-example"], &[], &log)?;
        if !output.success {
            let reason = first_error(&output.stderr).unwrap_or_else(|| "cargo build failed".to_string());
            return Ok(Err(format!("{step}: {reason} (see {})", log.display())));
        }
        Ok(Ok(build_script_ran(&output.stderr)))
    };

    if let Err(reason) = build("first build")? {
        tally.record("the example builds", Some(&reason));
        return Ok(());
    }
    tally.record("the example builds", None);

    let steps: [(&str, Option<&Path>, bool); 5] = [
        ("nothing changed: the build script does not run", None, false),
        ("an unrelated file in the example changed: it does not run", Some(&example.join("notes.txt")), false),
        ("src/main.rs changed: it does not run", Some(&example.join("src").join("main.rs")), false),
        ("the document changed: it runs", Some(&spec.join("seam-connect.yaml")), true),
        ("the config file changed: it runs", Some(&spec.join("seam-connect.toml")), true),
    ];
    for (name, touched, expected) in steps {
        if let Some(path) = touched {
            touch(path)?;
        }
        let failure = match build(name)? {
            Err(reason) => Some(reason),
            Ok(ran) if ran == expected => None,
            Ok(true) => Some("the build script ran".to_string()),
            Ok(false) => Some("the build script did not run".to_string()),
        };
        tally.record(name, failure.as_deref());
    }
    Ok(())
}

/// Writes the module form of every fixture into the member `modules` and
/// returns the fixtures' names.
fn write_modules_crate(repo: &Path, scratch: &Scratch) -> Result<Vec<String>> {
    let fixtures = repo.join("tests").join("fixtures");
    let member = scratch.root.join(MODULES);
    let generated = member.join("src").join("generated");
    fs::create_dir_all(&generated).with_context(|| format!("cannot create {}", generated.display()))?;
    let mut documents = Vec::new();
    // Module names carry the folder, as both folders may hold a document
    // of the same name.
    for (folder, prefix) in [(fixtures.clone(), ""), (fixtures.join("lossy"), "lossy-")] {
        let entries = fs::read_dir(&folder).with_context(|| format!("cannot read {}", folder.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|extension| extension == "yaml") {
                let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
                documents.push((format!("{prefix}{stem}"), path));
            }
        }
    }
    documents.sort();

    let mut modules = Vec::new();
    // Every fixture's entries, such as the crate of a replaced type; by name.
    let mut needed = std::collections::BTreeMap::new();
    for (stem, document) in &documents {
        let output = openapi_gen::build::Builder::new()
            .cargo_instructions(false)
            .check_dependencies(false)
            .crate_name(format!("m-{stem}"))
            .out_dir(&generated)
            .compile(document)
            .map_err(|error| anyhow::anyhow!("{}: {error}", document.display()))?;
        modules.push(output.module);
        needed.extend(output.dependencies.into_iter().map(|dependency| (dependency.name.clone(), dependency)));
    }

    let all = openapi_gen::codegen::Dependencies {
        uuid: true,
        chrono: true,
        time: true,
        jiff: true,
        indexmap: true,
        serde_with: true,
        client: true,
        base64: true,
    };
    for dependency in all.list() {
        needed.entry(dependency.name.clone()).or_insert(dependency);
    }
    let dependencies: Vec<String> = needed.values().map(ToString::to_string).collect();
    let manifest = format!(
        "[package]\nname = \"modules\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n",
        dependencies.join("\n")
    );
    write_if_changed(&member.join("Cargo.toml"), manifest)?;
    let includes: Vec<String> = modules
        .iter()
        .map(|module| format!("    include!(\"generated/{module}.rs\");"))
        .collect();
    let first = modules.first().context("tests/fixtures has no documents")?;
    let lib = format!(
        "//! The module form of every fixture, included as a user's crate would.\n\
         #![warn(missing_docs, unreachable_pub)]\n\n\
         /// Every fixture's client.\npub mod all {{\n{}\n}}\n\n\
         /// One client in a module of its own name.\npub mod {first} {{\n    include!(\"generated/{first}.rs\");\n}}\n",
        includes.join("\n")
    );
    write_if_changed(&member.join("src").join("lib.rs"), lib)?;
    Ok(modules)
}

/// Runs clippy on the member `modules`.
fn check_modules(scratch: &Scratch, modules: &[String], tally: &mut Tally) -> Result<()> {
    let log = scratch.logs.join("modules.log");
    fs::write(&log, "").with_context(|| format!("cannot write {}", log.display()))?;
    let args = ["clippy", "-p", MODULES, "--all-targets", "--", "-D", "warnings"];
    let output = run(scratch, &args, &[], &log)?;
    let name = format!("the module form of {} fixtures passes clippy", modules.len());
    let failure = (!output.success).then(|| {
        let reason = first_error(&output.stderr).unwrap_or_else(|| "cargo clippy failed".to_string());
        format!("{reason} (see {})", log.display())
    });
    tally.record(&name, failure.as_deref());
    Ok(())
}

/// Copies the example and the document into the scratch workspace, with
/// path dependencies pointing back into the repository.
fn prepare(repo: &Path, scratch: &Scratch, example: &Path, spec: &Path) -> Result<()> {
    let source = repo.join(MEMBER);
    for folder in [example.join("src"), example.join("tests"), spec.to_path_buf()] {
        fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let _ = fs::remove_file(example.join("notes.txt"));
    for file in ["build.rs", "src/lib.rs", "src/main.rs", "tests/assign_card.rs"] {
        copy(&source.join(file), &example.join(file))?;
    }
    for file in ["seam-connect.yaml", "seam-connect.toml"] {
        copy(&repo.join("spec").join(file), &spec.join(file))?;
    }

    let mut manifest = read_toml(&source.join("Cargo.toml"))?;
    for section in ["dependencies", "build-dependencies", "dev-dependencies"] {
        let Some(toml::Value::Table(dependencies)) = manifest.get_mut(section) else {
            continue;
        };
        for (_, dependency) in dependencies.iter_mut() {
            if let Some(toml::Value::String(path)) = dependency.get_mut("path") {
                let absolute = source.join(path.as_str()).display().to_string();
                *path = absolute;
            }
        }
    }
    write_if_changed(&example.join("Cargo.toml"), toml::to_string(&manifest)?)?;

    let root = read_toml(&repo.join("Cargo.toml"))?;
    let package = root
        .get("workspace")
        .and_then(|workspace| workspace.get("package"))
        .cloned()
        .context("the repository's Cargo.toml has no [workspace.package]")?;
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".to_string(), "2".into());
    workspace.insert("members".to_string(), toml::Value::Array(vec![MEMBER.into(), MODULES.into()]));
    workspace.insert("package".to_string(), package);
    let mut scratch_root = toml::Table::new();
    scratch_root.insert("workspace".to_string(), toml::Value::Table(workspace));
    write_if_changed(
        &scratch.root.join("Cargo.toml"),
        format!("# Written by `cargo run -p xtask -- build-script`.\n{}", toml::to_string(&scratch_root)?),
    )?;
    let lock = repo.join("Cargo.lock");
    copy(&lock, &scratch.root.join("Cargo.lock"))
}

/// Returns whether cargo's verbose output shows the example's build script running:
/// ``Running `<target>/debug/build/build-example-<hash>/build-script-build` ``.
fn build_script_ran(stderr: &str) -> bool {
    stderr.lines().any(|line| {
        line.trim_start()
            .strip_prefix("Running `")
            .and_then(|command| command.split([' ', '`']).next())
            .is_some_and(|program| program.ends_with("/build-script-build") && program.contains("/build-example-"))
    })
}

fn read_toml(path: &Path) -> Result<toml::Table> {
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.parse().with_context(|| format!("cannot parse {}", path.display()))
}

/// Copies `from` to `to` unless `to` already has that content, so that a
/// second run starts from files whose times did not change.
fn copy(from: &Path, to: &Path) -> Result<()> {
    let text = fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    write_if_changed(to, text)
}

fn write_if_changed(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if fs::read(path).ok().as_deref() == Some(contents.as_ref()) {
        return Ok(());
    }
    fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

/// Changes a file's time to now, creating it when missing. Waits a little
/// first, so that the new time is later than the last build's on any file
/// system.
fn touch(path: &Path) -> Result<()> {
    std::thread::sleep(Duration::from_millis(1100));
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.set_modified(SystemTime::now())
        .with_context(|| format!("cannot set the time of {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_running_lines() {
        let ran = "   Compiling build-example v0.0.0 (/x)\n     Running `/t/debug/build/build-example-0a1b/build-script-build`\n";
        assert!(build_script_ran(ran));
        let compiled_only = "     Running `/rustc --crate-name build_script_build --edition=2021 tests/build-example/build.rs`\n";
        assert!(!build_script_ran(compiled_only));
        let other = "     Running `/t/debug/build/serde-0a1b/build-script-build`\n";
        assert!(!build_script_ran(other));
    }
}
