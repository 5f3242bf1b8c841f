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
//! Operation names follow the rule documented in [`model::naming`].

#![deny(missing_docs)]
// A `Diagnostic` is large, but it only travels on the path that ends a run,
// so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

pub mod bundle;
pub mod codegen;
pub mod config;
pub mod diagnostic;
pub mod emit;
pub mod load;
pub mod model;
pub mod normalize;
pub mod repair;
pub mod resolve;
pub mod swagger2;
pub mod yaml;

use std::path::Path;

pub use diagnostic::{Diagnostic, Severity};
pub use emit::GeneratedFile;

/// Every setting of a generation run. `Default` lists every default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Package name of the generated crate; `None` derives it from
    /// `info.title` (`Seam Connect` becomes `seam-connect`).
    pub crate_name: Option<String>,
    /// Package version; `None` uses `info.version` when it is a semantic
    /// version, `0.1.0` otherwise.
    pub crate_version: Option<String>,
    /// Response headers that carry the request id, most specific first.
    pub request_id_headers: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            crate_version: None,
            request_id_headers: vec!["x-request-id".to_string(), "request-id".to_string()],
        }
    }
}

/// The result of a successful run: the files of the crate, in memory, and
/// the warnings of the run.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Problems that generation worked around, each naming its fallback,
    /// such as an operation left out of the client.
    pub warnings: Vec<Diagnostic>,
}

/// Runs the whole pipeline on the document at `spec` and returns the files
/// of the crate; nothing is written.
pub fn generate(spec: &Path, settings: &Settings) -> Result<Generated, Diagnostic> {
    let source = load::load_file(spec)?;
    generate_from_source(source, settings)
}

/// Runs the pipeline on an already loaded document.
pub fn generate_from_source(source: load::Source, settings: &Settings) -> Result<Generated, Diagnostic> {
    let input_name = source
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the input document".to_string());
    let resolved = resolve::resolve(source)?;
    let api = model::build(&resolved)?;
    let files = emit::render(&api, settings, &input_name)?;
    Ok(Generated {
        files,
        warnings: api.warnings,
    })
}

/// Loads, resolves and models the document at `spec`.
pub fn build_model(spec: &Path) -> Result<model::Api, Diagnostic> {
    let source = load::load_file(spec)?;
    let resolved = resolve::resolve(source)?;
    model::build(&resolved)
}
