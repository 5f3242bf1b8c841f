//! The `openapi-gen` command line.

// A `Diagnostic` is large, but it only travels on the path that ends a run,
// so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_gen::config::Config;
use openapi_gen::{Diagnostic, Settings};

/// Generation allocates and frees millions of small blocks. With mimalloc, a
/// run on the Seam document takes about half the CPU time that it takes with
/// the glibc allocator (see BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1 or a Swagger 2.0 document.
#[derive(Debug, Parser)]
#[command(name = "openapi-gen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes the client crate for SPEC into the folder given by --out.
    Generate {
        /// The OpenAPI document, YAML or JSON.
        spec: PathBuf,
        /// The crate folder to write (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Package name of the crate [default: from `info.title`].
        #[arg(long)]
        crate_name: Option<String>,
        /// Generator config file [default: SPEC with the extension `.toml`, if it exists].
        #[arg(long)]
        config: Option<PathBuf>,
        /// Write nothing; exit with 1 and list the differing files when the
        /// folder is not exactly what a fresh run would write.
        #[arg(long)]
        check: bool,
        /// Write the models only, without the client, reqwest and tokio
        /// (the config key `types_only`).
        #[arg(long)]
        types_only: bool,
    },
    /// Prints the intermediate model of SPEC as JSON.
    DumpModel {
        /// The OpenAPI document, YAML or JSON.
        spec: PathBuf,
        /// Generator config file [default: SPEC with the extension `.toml`, if it exists].
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Diagnostic> {
    match command {
        Command::Generate {
            spec,
            out,
            crate_name,
            config,
            check,
            types_only,
        } => {
            let mut settings = settings_for(&spec, config.as_deref(), crate_name)?;
            settings.types_only |= types_only;
            let generated = openapi_gen::generate(&spec, &settings)?;
            for warning in &generated.warnings {
                eprintln!("{warning}");
            }
            if settings.strict && !generated.warnings.is_empty() {
                return Err(Diagnostic::error(format!(
                    "{} warning(s) with `strict = true`; nothing was written",
                    generated.warnings.len()
                ))
                .with_help("fix the input or the config file, or set `strict = false`"));
            }
            if check {
                let differences = openapi_gen::emit::check(&out, &generated.files)?;
                if differences.is_empty() {
                    return Ok(ExitCode::SUCCESS);
                }
                let count = match differences.len() {
                    1 => "1 file differs".to_string(),
                    several => format!("{several} files differ"),
                };
                eprintln!("{} is out of date with {} ({count}):", out.display(), spec.display());
                for difference in &differences {
                    eprintln!("  {difference}");
                }
                eprintln!(
                    "run `openapi-gen generate {} --out {}` to regenerate it",
                    spec.display(),
                    out.display()
                );
                return Ok(ExitCode::from(1));
            }
            let written = openapi_gen::emit::write(&out, &generated.files)?;
            eprintln!(
                "wrote {} of {} files to {}",
                written.written.len(),
                generated.files.len(),
                out.display()
            );
            for path in &written.removed {
                eprintln!("removed {path}: this run no longer generates it");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::DumpModel { spec, config } => {
            let settings = Config::settings_for(&spec, config.as_deref())?;
            let api = openapi_gen::build_model(&spec, &settings)?;
            for warning in &api.warnings {
                eprintln!("{warning}");
            }
            let json = serde_json::to_string_pretty(&api)
                .map_err(|error| Diagnostic::error(format!("cannot serialize the model: {error}")))?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Builds the settings: defaults, then the config file, then flags.
fn settings_for(spec: &Path, config: Option<&Path>, crate_name: Option<String>) -> Result<Settings, Diagnostic> {
    let mut settings = Config::settings_for(spec, config)?;
    if let Some(crate_name) = crate_name {
        settings.crate_name = Some(crate_name);
    }
    Ok(settings)
}
