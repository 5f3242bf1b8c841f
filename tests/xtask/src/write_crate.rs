//! `xtask write-crate`: generates one crate with the library API and writes
//! it, plus what the tests need (dev-dependencies, the example round-trip
//! test). It runs as a child process of the other commands.
//!
//! Exit codes: 0 written; 1 the generator returned a diagnostic, printed to
//! stderr; 101 the generator panicked (Rust's panic exit code).

#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_gen::config::Config;
use openapi_gen::{Diagnostic, GeneratedFile};

use crate::round_trip;

/// Dependencies that the hand-written tests may use besides those of the
/// generated crate: a runtime for `#[tokio::test]`.
const DEV_DEPENDENCIES: &[&str] = &["tokio = { version = \"1\", features = [\"macros\", \"rt\"] }"];

/// Arguments of `xtask write-crate`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// The crate folder to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Package name of the crate.
    #[arg(long)]
    pub crate_name: String,
    /// Also write `tests/example_round_trip.rs` and `tests/examples.json`.
    #[arg(long)]
    pub examples: bool,
    /// The generator config file [default: the one beside the document].
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Runs `xtask write-crate`.
pub fn run(arguments: &Arguments) -> ExitCode {
    match write(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            ExitCode::from(1)
        }
    }
}

fn write(arguments: &Arguments) -> Result<(), Diagnostic> {
    let mut settings = Config::settings_for(&arguments.spec, arguments.config.as_deref())?;
    settings.crate_name = Some(arguments.crate_name.clone());
    let mut files = openapi_gen::generate(&arguments.spec, &settings)?.files;
    for file in &mut files {
        if file.path == "Cargo.toml" {
            file.contents = with_dev_dependencies(&file.contents);
        }
    }
    if arguments.examples {
        files.extend(example_files(&arguments.spec, &settings, &arguments.crate_name)?);
    }
    openapi_gen::emit::write(&arguments.out, &files)?;
    Ok(())
}

/// Builds the example round-trip test and its data for `spec`.
fn example_files(spec: &Path, settings: &openapi_gen::Settings, crate_name: &str) -> Result<Vec<GeneratedFile>, Diagnostic> {
    let api = openapi_gen::build_model(spec, settings)?;
    let document = openapi_gen::load::load_file(spec)?.value;
    let examples = round_trip::collect_examples(&document, &api);
    let library = crate_name.replace('-', "_");
    Ok(round_trip::test_files(&examples, &library))
}

/// Adds `DEV_DEPENDENCIES` to a generated `Cargo.toml`, into its
/// `[dev-dependencies]` table when it has one.
fn with_dev_dependencies(manifest: &str) -> String {
    let lines = DEV_DEPENDENCIES.join("\n");
    match manifest.find("\n[dev-dependencies]\n") {
        Some(index) => {
            let end = index + "\n[dev-dependencies]\n".len();
            format!("{}{lines}\n{}", &manifest[..end], &manifest[end..])
        }
        None => format!("{}\n\n[dev-dependencies]\n{lines}\n", manifest.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_dependencies_appended() {
        let manifest = with_dev_dependencies("[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n");
        assert!(manifest.ends_with(&format!("serde = \"1\"\n\n[dev-dependencies]\n{}\n", DEV_DEPENDENCIES[0])));
    }

    #[test]
    fn dev_dependencies_merged_into_table() {
        let manifest = with_dev_dependencies("[package]\n\n[dev-dependencies]\nbytes = \"1\"\n");
        assert_eq!(manifest, format!("[package]\n\n[dev-dependencies]\n{}\nbytes = \"1\"\n", DEV_DEPENDENCIES[0]));
    }
}
