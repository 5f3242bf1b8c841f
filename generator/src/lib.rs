//! `openapi-gen` reads an OpenAPI 3.0, 3.1 or Swagger 2.0 document (YAML or
//! JSON) and writes a typed async Rust client crate for it.
//!
//! The pipeline has one module per stage, each handing typed data to the next:
//! [`load`] (text to JSON value, with line lookup; it also runs [`yaml`],
//! [`swagger2`], [`bundle`], [`repair`] and [`normalize`]), [`resolve`] (`$ref` checks,
//! typed document), [`model`] (every name and type decided), [`codegen`]
//! (token streams) and [`emit`] (formatted files, written or compared).
//!
//! ```no_run
//! use std::path::Path;
//!
//! let settings = openapi_gen::Settings::default();
//! let generated = openapi_gen::generate(Path::new("spec/seam-connect.yaml"), &settings)?;
//! openapi_gen::emit::write(Path::new("generated"), &generated.files)?;
//! # Ok::<(), openapi_gen::Diagnostic>(())
//! ```
//!
//! A build script calls [`build::compile`] instead: it writes the client as
//! one module file into `OUT_DIR` for `include!` ([`Layout::Module`]).
//!
//! Operation names follow the rule documented in [`model::naming`].

#![deny(missing_docs)]
// A `Diagnostic` is large, but it only travels on the path that ends a run,
// so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod bundle;
pub mod codegen;
pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod lifecycle;
pub mod load;
pub mod model;
pub mod normalize;
pub mod repair;
pub mod resolve;
pub mod swagger2;
pub mod yaml;

use std::path::{Path, PathBuf};

pub use codegen::Dependency;
pub use config::Settings;
pub use diagnostic::{Diagnostic, Severity};
pub use emit::GeneratedFile;

/// The result of a successful run: the files of the crate, in memory, and
/// the warnings of the run.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Problems that generation worked around, each naming its fallback,
    /// such as an operation left out of the client.
    pub warnings: Vec<Diagnostic>,
    /// Every file that was read: the document, then the files its `$ref`s
    /// pulled in, sorted.
    pub inputs: Vec<PathBuf>,
    /// The crates the generated code uses, as `Cargo.toml` entries.
    pub dependencies: Vec<Dependency>,
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A complete crate: `Cargo.toml`, `README.md` and `src/...`, for the
    /// command line.
    #[default]
    Crate,
    /// One file holding `pub mod <crate_name> { ... }`, for a build script
    /// to write to `OUT_DIR` and the user's crate to `include!`; see
    /// [`build`].
    Module,
}

/// Runs the whole pipeline on the document at `spec` and returns the files
/// of the crate; nothing is written.
pub fn generate(spec: &Path, settings: &Settings) -> Result<Generated, Diagnostic> {
    let source = load::load_file(spec)?;
    generate_from_source(source, settings)
}

/// Runs the pipeline on an already loaded document and returns the files
/// of the crate.
pub fn generate_from_source(source: load::Source, settings: &Settings) -> Result<Generated, Diagnostic> {
    generate_layout(source, settings, Layout::Crate)
}

/// Runs the pipeline on an already loaded document and returns the files
/// in the given layout. This is a pure function of the document and the
/// settings: it reads no other file and writes nothing.
pub fn generate_layout(source: load::Source, settings: &Settings, layout: Layout) -> Result<Generated, Diagnostic> {
    let inputs = source.files.clone();
    let input_name = source
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the input document".to_string());
    let (resolved, model::Unlocated { mut api, count }) = build_unlocated_model(source, settings)?;
    if layout == Layout::Module {
        // Cargo features belong to a package; an included module would need
        // its includer to declare them. `include` and `exclude` choose the
        // groups of a build-script client instead.
        api.features = None;
    }
    // Locating the warnings scans the whole text again, so it runs next to
    // rendering, which does not read the warnings. That thread first frees
    // the parsed document, which the scan does not need.
    let resolve::Resolved { mut source, spec } = resolved;
    let mut warnings = std::mem::take(&mut api.warnings);
    let (files, ()) = rayon::join(
        || match layout {
            Layout::Crate => emit::render(&api, settings, &input_name),
            Layout::Module => emit::render_module(&api, settings, &input_name).map(|file| vec![file]),
        },
        || {
            drop(spec);
            source.value = serde_json::Value::Null;
            source.locate_all(&mut warnings[..count]);
        },
    );
    api.warnings = warnings;
    let files = files?;
    let mut dependencies = codegen::dependencies(&api);
    dependencies.client = !settings.types_only;
    let dependencies = dependencies.with_config(&settings.dependencies);
    Ok(Generated {
        files,
        warnings: api.warnings,
        inputs,
        dependencies,
    })
}

/// Loads, resolves and models the document at `spec` with `settings`.
pub fn build_model(spec: &Path, settings: &Settings) -> Result<model::Api, Diagnostic> {
    build_model_from_source(load::load_file(spec)?, settings)
}

/// Applies the lifecycle settings to a loaded document, then resolves and
/// models it.
pub fn build_model_from_source(source: load::Source, settings: &Settings) -> Result<model::Api, Diagnostic> {
    let (resolved, model::Unlocated { mut api, count }) = build_unlocated_model(source, settings)?;
    resolved.source.locate_all(&mut api.warnings[..count]);
    Ok(api)
}

/// Builds the model as [`build_model_from_source`] does, without locating
/// its warnings. It also returns the resolved document, which locating needs.
fn build_unlocated_model(mut source: load::Source, settings: &Settings) -> Result<(resolve::Resolved, model::Unlocated), Diagnostic> {
    let found = lifecycle::apply(&mut source.value, &settings.lifecycle);
    let lifecycle = &settings.lifecycle;
    let mut warnings = Vec::new();
    for (option, extensions, count) in [
        ("lifecycle.undocumented_extensions", &lifecycle.undocumented_extensions, found.undocumented),
        ("lifecycle.draft_extensions", &lifecycle.draft_extensions, found.draft),
    ] {
        if !extensions.is_empty() && count == 0 {
            warnings.push(settings.option_warning(option, format!("names {}, which nothing in the document has", extensions.join(", "))));
        }
    }
    if let (Some(extension), 0) = (&lifecycle.deprecated_extension, found.deprecated) {
        warnings.push(settings.option_warning("lifecycle.deprecated_extension", format!("names `{extension}`, which nothing in the document has")));
    }
    let resolved = resolve::resolve(source)?;
    let mut unlocated = model::build_unlocated(&resolved, settings)?;
    model::prune(&mut unlocated.api, &found.removed_schemas);
    unlocated.api.warnings.append(&mut warnings);
    Ok((resolved, unlocated))
}
