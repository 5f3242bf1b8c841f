//! Generating the client from a build script (`build.rs`), in the manner of
//! `prost-build`.
//!
//! ```no_run
//! // in `fn main` of build.rs
//! openapi_gen::build::compile("openapi.yaml").unwrap();
//! ```
//!
//! ```ignore
//! // src/lib.rs or src/main.rs, or inside any module
//! include!(concat!(env!("OUT_DIR"), "/seam_connect.rs"));
//!
//! let client = seam_connect::Client::builder().api_key("...").build()?;
//! ```
//!
//! The build script writes one file, `<crate_name>.rs` with `-` as `_`
//! (the crate name comes from `info.title` or the `crate_name` setting),
//! into `OUT_DIR`. It contains one module, `pub mod <crate_name> { ... }`,
//! whose paths are relative, so the `include!` may sit at the crate root or
//! in any module. The file is rewritten only when its content changes, so
//! an unchanged document does not recompile the crate.
//!
//! The generated code uses other crates (`reqwest`, `serde`, `tokio`, ...),
//! which the crate that includes it must list under `[dependencies]`:
//! [`Output::dependencies`] has the entries, and the build prints a
//! `cargo:warning` with the missing lines when the package's `Cargo.toml`
//! lacks one of them. Only the names are compared: a dependency listed
//! without a feature that the code needs (such as `serde` without `derive`)
//! shows up as a compile error instead.
//!
//! The build script also prints:
//!
//! - `cargo:rerun-if-changed=` for the document, every file that its
//!   `$ref`s pulled in, the config file and the package's `Cargo.toml`, so
//!   that Cargo runs it again when one of them changes and not otherwise
//!   (a config file added beside the document later is only seen once the
//!   document changes or is touched: Cargo cannot watch a missing file);
//! - `cargo:warning=` for every warning of the run. With the `strict`
//!   setting (`strict = true` in the config file, or [`Builder::strict`])
//!   warnings are errors: the build fails and lists them.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::{load, Dependency, Layout, Settings};

/// Generates the module file for `spec` into `OUT_DIR` with the default
/// [`Builder`]: settings from the config file beside the document (or the
/// defaults), Cargo instructions printed, dependencies checked.
pub fn compile(spec: impl AsRef<Path>) -> Result<Output, Error> {
    Builder::new().compile(spec)
}

/// The options of a build-script run. Every setter takes and returns the
/// builder; [`Builder::new`] and `Default` give the defaults listed with
/// each setter.
#[derive(Debug, Clone)]
pub struct Builder {
    config_file: Option<PathBuf>,
    settings: Option<Settings>,
    crate_name: Option<String>,
    strict: Option<bool>,
    out_dir: Option<PathBuf>,
    cargo_instructions: bool,
    check_dependencies: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            config_file: None,
            settings: None,
            crate_name: None,
            strict: None,
            out_dir: None,
            cargo_instructions: true,
            check_dependencies: true,
        }
    }
}

impl Builder {
    /// Creates a builder with the default options.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Reads the settings from this config file. Default: the file beside
    /// the document with the extension `.toml`, when it exists, else the
    /// defaults of [`Settings`].
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Uses these settings and reads no config file.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// Sets the crate name, which names the module and the file
    /// (`my-api` gives `pub mod my_api` in `my_api.rs`), over the one of
    /// the settings. Default: the settings' `crate_name`, else from
    /// `info.title`.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// Fails the build on any warning, over the settings' `strict`.
    /// Default: the settings' `strict`, which defaults to `false`.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// Writes the file into this folder. Default: `$OUT_DIR`.
    pub fn out_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(path.into());
        self
    }

    /// Prints `cargo:rerun-if-changed` and `cargo:warning` lines on stdout.
    /// Default: `true`. Turn it off when calling the builder outside a build
    /// script.
    pub fn cargo_instructions(mut self, enabled: bool) -> Self {
        self.cargo_instructions = enabled;
        self
    }

    /// Compares the dependencies of the generated code with the
    /// `[dependencies]` of `$CARGO_MANIFEST_DIR/Cargo.toml` and warns about
    /// each missing one. Default: `true`; without `CARGO_MANIFEST_DIR` there
    /// is nothing to compare.
    pub fn check_dependencies(mut self, enabled: bool) -> Self {
        self.check_dependencies = enabled;
        self
    }

    /// Generates the client for the document at `spec` and writes it into
    /// the output folder, unless the file there already has that content.
    pub fn compile(&self, spec: impl AsRef<Path>) -> Result<Output, Error> {
        let spec = spec.as_ref();
        // Watched before anything can fail: a failed build script runs
        // again anyway, but the lines must be there once it succeeds.
        self.rerun_if_changed(spec);
        if self.settings.is_none() {
            // Cargo reruns a script on every build while a watched file is
            // missing, so an absent config file beside the document is not
            // watched: after adding one, touch the document.
            if let Some(config_file) = self.config_file.clone().or_else(|| Config::beside(spec)) {
                self.rerun_if_changed(&config_file);
            }
        }
        let manifest = self.manifest();
        if let Some(manifest) = &manifest {
            self.rerun_if_changed(manifest);
        }

        let mut settings = match &self.settings {
            Some(settings) => settings.clone(),
            None => Config::settings_for(spec, self.config_file.as_deref()).map_err(Error::one)?,
        };
        if let Some(name) = &self.crate_name {
            settings.crate_name = Some(name.clone());
        }
        if let Some(strict) = self.strict {
            settings.strict = strict;
        }
        let out_dir = match &self.out_dir {
            Some(out_dir) => out_dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                Error::one(
                    Diagnostic::error("OUT_DIR is not set")
                        .with_help("call openapi_gen::build from a build script, or set Builder::out_dir"),
                )
            })?,
        };

        let source = load::load_file(spec).map_err(Error::one)?;
        for input in source.files.iter().skip(1) {
            self.rerun_if_changed(input);
        }
        let generated = crate::generate_layout(source, &settings, Layout::Module).map_err(Error::one)?;
        let mut warnings = generated.warnings;
        let missing = match &manifest {
            Some(manifest) => missing_dependencies(manifest, &generated.dependencies).map_err(Error::one)?,
            None => Vec::new(),
        };
        if !missing.is_empty() {
            // One line per entry, so that the lines can be pasted as they are.
            let lines: Vec<String> = missing.iter().map(Dependency::to_string).collect();
            warnings.push(
                Diagnostic::warning(format!(
                    "the generated client uses crates that [dependencies] does not list; add these lines:\n{}",
                    lines.join("\n")
                ))
                .in_file(manifest.clone().unwrap_or_default()),
            );
        }
        if settings.strict && !warnings.is_empty() {
            let errors = warnings
                .into_iter()
                .map(|warning| Diagnostic {
                    severity: Severity::Error,
                    ..warning
                })
                .collect();
            return Err(Error { diagnostics: errors });
        }
        for warning in &warnings {
            self.print_warning(warning);
        }

        let written = crate::emit::write_changed(&out_dir, &generated.files).map_err(Error::one)?;
        let file = generated.files.first().ok_or_else(|| {
            Error::one(Diagnostic::error("internal error: the module layout produced no file"))
        })?;
        Ok(Output {
            file: out_dir.join(&file.path),
            module: file.path.trim_end_matches(".rs").to_string(),
            written: !written.is_empty(),
            inputs: generated.inputs,
            warnings,
            dependencies: generated.dependencies,
            missing_dependencies: missing,
        })
    }

    /// `$CARGO_MANIFEST_DIR/Cargo.toml`, when dependencies are checked.
    fn manifest(&self) -> Option<PathBuf> {
        let folder = std::env::var_os("CARGO_MANIFEST_DIR").filter(|_| self.check_dependencies)?;
        Some(PathBuf::from(folder).join("Cargo.toml"))
    }

    fn rerun_if_changed(&self, path: &Path) {
        if self.cargo_instructions {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }

    /// Prints one `cargo:warning` line per line of the warning, because
    /// Cargo reads instructions line by line.
    fn print_warning(&self, warning: &Diagnostic) {
        if self.cargo_instructions {
            // Cargo already prefixes each line with `warning:`.
            let text = warning.to_string();
            let text = text.strip_prefix("warning: ").unwrap_or(&text);
            for line in text.lines() {
                println!("cargo:warning={line}");
            }
        }
    }
}

/// The result of a successful [`Builder::compile`].
#[derive(Debug, Clone)]
pub struct Output {
    /// The module file, in the output folder.
    pub file: PathBuf,
    /// The name of the module that the file declares.
    pub module: String,
    /// Whether the file was written; `false` when it already had this
    /// content.
    pub written: bool,
    /// Every file read: the document, then the files that its `$ref`s
    /// pulled in.
    pub inputs: Vec<PathBuf>,
    /// The warnings of the run, also printed as `cargo:warning`.
    pub warnings: Vec<Diagnostic>,
    /// The `[dependencies]` entries that the generated code needs.
    pub dependencies: Vec<Dependency>,
    /// Those of `dependencies` that the package's `Cargo.toml` lacks.
    pub missing_dependencies: Vec<Dependency>,
}

/// A failed build-script run: every error, or with `strict` every warning.
/// `Debug` prints the same text as `Display`, so that `.unwrap()` and a
/// `main` that returns `Result` show the messages as they are.
pub struct Error {
    /// The diagnostics, each with severity `Error`.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    fn one(diagnostic: Diagnostic) -> Self {
        Error {
            diagnostics: vec![diagnostic],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "openapi-gen failed:\n{self}")
    }
}

impl std::error::Error for Error {}

/// Returns the entries of `needed` whose name the manifest lists neither
/// under `[dependencies]` nor under a `[target.*.dependencies]` table.
/// Names are compared with `-` read as `_`, as Rust paths see them.
fn missing_dependencies(manifest: &Path, needed: &[Dependency]) -> Result<Vec<Dependency>, Diagnostic> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|error| Diagnostic::error(format!("cannot read {}: {error}", manifest.display())).in_file(manifest))?;
    let table: toml::Table = text.parse().map_err(|error: toml::de::Error| {
        Diagnostic::error(format!("invalid manifest: {}", error.message())).in_file(manifest)
    })?;
    let mut listed = Vec::new();
    let mut collect = |dependencies: Option<&toml::Value>| {
        if let Some(toml::Value::Table(dependencies)) = dependencies {
            listed.extend(dependencies.keys().map(|name| name.replace('-', "_")));
        }
    };
    collect(table.get("dependencies"));
    if let Some(toml::Value::Table(targets)) = table.get("target") {
        for target in targets.values() {
            collect(target.get("dependencies"));
        }
    }
    Ok(needed
        .iter()
        .filter(|dependency| !listed.contains(&dependency.name.replace('-', "_")))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_dependencies_compare_names() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let manifest = folder.path().join("Cargo.toml");
        std::fs::write(
            &manifest,
            "[package]\nname = \"x\"\n[dependencies]\nfutures_util = \"0.3\"\nserde = \"1\"\n[target.'cfg(unix)'.dependencies]\ntokio = \"1\"\n",
        )
        .expect("write");
        let needed = [
            Dependency { name: "futures-util".into(), requirement: "\"0.3\"".into() },
            Dependency { name: "serde".into(), requirement: "\"1\"".into() },
            Dependency { name: "tokio".into(), requirement: "\"1\"".into() },
            Dependency { name: "reqwest".into(), requirement: "\"0.12\"".into() },
        ];
        let missing = missing_dependencies(&manifest, &needed).expect("readable");
        assert_eq!(missing, [needed[3].clone()]);
    }

    #[test]
    fn errors_print_their_messages() {
        let error = Error {
            diagnostics: vec![Diagnostic::error("first"), Diagnostic::error("second").at("/paths")],
        };
        assert_eq!(error.to_string(), "error: first\nerror: second\n  --> at /paths");
        assert!(format!("{error:?}").ends_with("error: second\n  --> at /paths"));
    }
}
