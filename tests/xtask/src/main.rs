//! `cargo run -p xtask -- <command>`: tests that read OpenAPI documents kept
//! next to the repository (the shared test material in `../shared`), which a
//! fresh clone does not have.
//!
//! Every command generates crates into scratch workspaces under
//! `target/xtask/`, builds them with one shared target folder, prints one
//! line per check and closes with `N passed, N failed`. The exit code is 0
//! when everything passed, 1 when something failed, and 2 when an input is
//! missing or the command line is invalid.

mod bench_client;
mod cargo;
mod cases;
mod check_time;
mod corpus;
mod build_script;
mod features;
mod json_diff;
mod round_trip;
mod samples;
mod seam;
mod workspace;
mod write_crate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "xtask", about = "Tests of openapi-gen that read documents outside the repository")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generates one crate per `NN-slug.yaml` in DIR, adds the hand-written
    /// test `tests/cases/NN-slug.rs` to it, and runs clippy and the tests.
    Cases {
        /// The folder of case documents, such as `../shared/cases`.
        dir: PathBuf,
    },
    /// Generates the crate of the whole Seam Connect document, runs clippy,
    /// the hand-written tests in `tests/seam/` and the example round trip.
    Seam {
        /// The Seam Connect OpenAPI document.
        spec: PathBuf,
    },
    /// Deserializes the `example` of every component schema of each
    /// document into its generated type and compares the JSON written back.
    Roundtrip {
        /// OpenAPI documents, YAML or JSON.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
    },
    /// Generates the crate of the Seam Connect document, prints its size,
    /// and runs the client benches (union decoding, a request round trip on
    /// 127.0.0.1) with criterion.
    BenchClient {
        /// The Seam Connect OpenAPI document.
        spec: PathBuf,
        /// Also time `cargo check` of the generated crate, from an empty
        /// target folder and with its dependencies built.
        #[arg(long)]
        check: bool,
    },
    /// Generates a crate from every OpenAPI document (YAML or JSON) in the
    /// folders, recursively, and compiles them all with `-D warnings`.
    Corpus {
        /// Folders of documents, such as `../shared/corpus`, or documents.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Documents larger than this many bytes are checked alone, one
        /// job at a time, after the others.
        #[arg(long, default_value_t = corpus::DEFAULT_ALONE_LIMIT)]
        alone_limit: u64,
    },
    /// Checks the build-script path: the module form of every fixture
    /// passes clippy, and the build script of `tests/build-example` runs
    /// again when its document or config file changes, and only then.
    BuildScript,
    /// Generates crates whose groups are behind Cargo features and runs
    /// clippy on each with every feature, with none, and with each feature
    /// alone. Without documents it takes the fixtures `sdk` and `features`
    /// of `tests/fixtures`.
    Features {
        /// OpenAPI documents whose config (beside them) gates the groups.
        specs: Vec<PathBuf>,
    },
    /// Times `cargo check` of the crate generated from SPEC with all its
    /// features and with each given feature alone, its dependencies built
    /// and its own artifacts removed before each run.
    CheckTime {
        /// The OpenAPI document.
        spec: PathBuf,
        /// Generator config file [default: SPEC with the extension `.toml`,
        /// if it exists].
        #[arg(long)]
        config: Option<PathBuf>,
        /// A feature to time alone, with the default features off;
        /// repeatable.
        #[arg(long = "features")]
        features: Vec<String>,
        /// How many times each check runs; the median is reported.
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
    /// Writes one generated crate. The other commands run this in a child
    /// process, so that a generator panic or crash fails one document only.
    #[command(hide = true)]
    WriteCrate(write_crate::Arguments),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let inputs: Vec<&Path> = match &cli.command {
        Command::Cases { dir } => vec![dir],
        Command::Seam { spec } => vec![spec],
        Command::BenchClient { spec, .. } => vec![spec],
        Command::Roundtrip { specs } => specs.iter().map(PathBuf::as_path).collect(),
        Command::Corpus { dirs, .. } => dirs.iter().map(PathBuf::as_path).collect(),
        Command::Features { specs } => specs.iter().map(PathBuf::as_path).collect(),
        Command::CheckTime { spec, config, .. } => std::iter::once(spec.as_path()).chain(config.as_deref()).collect(),
        Command::WriteCrate(arguments) => vec![&arguments.spec],
        Command::BuildScript => Vec::new(),
    };
    if let Some(missing) = inputs.iter().find(|path| !path.exists()) {
        eprintln!(
            "error: {} not found: this command needs the shared test material next to the repository",
            missing.display()
        );
        return ExitCode::from(2);
    }

    let result = match cli.command {
        Command::Cases { dir } => cases::run(&dir),
        Command::Seam { spec } => seam::run(&spec),
        Command::BenchClient { spec, check } => bench_client::run(&spec, check),
        Command::Roundtrip { specs } => round_trip::run(&specs),
        Command::Corpus { dirs, alone_limit } => corpus::run(&dirs, alone_limit),
        Command::BuildScript => build_script::run_checks(),
        Command::Features { specs } => features::run(&specs),
        Command::CheckTime { spec, config, features, runs } => check_time::run(&spec, config.as_deref(), &features, runs),
        Command::WriteCrate(arguments) => return write_crate::run(&arguments),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Counts checks for the closing `N passed, N failed` line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Checks that passed.
    pub passed: usize,
    /// Checks that failed.
    pub failed: usize,
}

impl Tally {
    /// Prints one check as `ok      NAME` or `FAILED  NAME: REASON` and counts it.
    pub fn record(&mut self, name: &str, failure: Option<&str>) {
        match failure {
            None => {
                self.passed += 1;
                println!("ok      {name}");
            }
            Some(reason) => {
                self.failed += 1;
                println!("FAILED  {name}: {reason}");
            }
        }
    }

    /// Prints the closing line and returns whether nothing failed.
    pub fn finish(self) -> bool {
        println!("{} passed, {} failed", self.passed, self.failed);
        self.failed == 0
    }
}
