//! Scratch workspaces under `target/xtask/`: their manifest, the generated
//! crates in them, and the child processes that write those crates.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cargo::first_error;

/// Returns the repository root, the folder of the root `Cargo.toml`.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir.to_path_buf())
}

/// One scratch workspace, `target/xtask/<name>/`, whose members are
/// generated crates. All scratch workspaces build into one target folder,
/// `target/xtask/target/`, so dependencies are compiled once.
#[derive(Debug, Clone)]
pub struct Scratch {
    /// The workspace folder.
    pub root: PathBuf,
    /// The shared `CARGO_TARGET_DIR`.
    pub target_dir: PathBuf,
    /// Full cargo output of every step, one file per member.
    pub logs: PathBuf,
}

impl Scratch {
    /// Creates the folders of the scratch workspace `name`.
    pub fn create(name: &str) -> Result<Scratch> {
        let xtask = repo_root().join("target").join("xtask");
        let scratch = Scratch {
            root: xtask.join(name),
            target_dir: xtask.join("target"),
            logs: xtask.join(name).join("logs"),
        };
        fs::create_dir_all(&scratch.logs).with_context(|| format!("cannot create {}", scratch.logs.display()))?;
        Ok(scratch)
    }

    /// Returns the folder of member `member`.
    pub fn member_dir(&self, member: &str) -> PathBuf {
        self.root.join(member)
    }

    /// Writes the workspace `Cargo.toml` listing `members` (folder names) and
    /// copies the repository's `Cargo.lock` in, so that the generated crates
    /// build with the dependency versions the repository is tested with.
    /// Incremental compilation is off: every run checks freshly generated
    /// crates, so the caches would only add to the size of the target folder.
    /// Debug information is line tables only, and none for dependencies, for
    /// the same reason.
    pub fn write_manifest(&self, members: &[String]) -> Result<()> {
        let quoted: Vec<String> = members.iter().map(|member| format!("    \"{member}\",")).collect();
        let manifest = format!(
            "# Written by `cargo run -p xtask`; rewritten on every run.\n\
             [workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n\n\
             [profile.dev]\nincremental = false\ndebug = \"line-tables-only\"\n\n\
             [profile.dev.package.\"*\"]\ndebug = false\n",
            quoted.join("\n")
        );
        let path = self.root.join("Cargo.toml");
        fs::write(&path, manifest).with_context(|| format!("cannot write {}", path.display()))?;
        let lock = repo_root().join("Cargo.lock");
        fs::copy(&lock, self.root.join("Cargo.lock")).with_context(|| format!("cannot copy {}", lock.display()))?;
        Ok(())
    }

    /// Generates the crate for `spec` into member folder `member` with the
    /// package name `crate_name`, in a child process (`xtask write-crate`).
    /// `examples` adds the example round-trip test. Returns the reason when
    /// the generator reported an error, panicked or crashed.
    pub fn generate(&self, spec: &Path, member: &str, crate_name: &str, examples: bool) -> Result<Option<String>> {
        self.generate_with_config(spec, None, member, crate_name, examples)
    }

    /// Like `generate`, with the generator config file `config` instead of
    /// the one beside `spec`.
    pub fn generate_with_config(
        &self,
        spec: &Path,
        config: Option<&Path>,
        member: &str,
        crate_name: &str,
        examples: bool,
    ) -> Result<Option<String>> {
        let executable = std::env::current_exe().context("cannot find the xtask executable")?;
        let mut command = Command::new(executable);
        command
            .arg("write-crate")
            .arg(spec)
            .arg("--out")
            .arg(self.member_dir(member))
            .arg("--crate-name")
            .arg(crate_name);
        if examples {
            command.arg("--examples");
        }
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        let output = command.output().context("cannot start `xtask write-crate`")?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        Ok(match output.status.code() {
            Some(0) => None,
            Some(1) => Some(format!("generation failed: {}", stderr.trim_end())),
            Some(101) => Some(format!("generator panicked: {}", panic_message(&stderr))),
            Some(code) => Some(format!("generator exited with code {code}: {}", stderr.trim_end())),
            None => Some(format!(
                "generator crashed ({}): {}",
                output.status,
                first_error(&stderr).unwrap_or_default()
            )),
        })
    }
}

/// Extracts `message (at file:line:column)` from Rust's default panic output:
/// `thread 'main' panicked at src/x.rs:1:2:` followed by the message lines.
fn panic_message(stderr: &str) -> String {
    let mut lines = stderr.lines().skip_while(|line| !line.contains("panicked at"));
    let Some(header) = lines.next() else {
        return stderr.trim().to_string();
    };
    let location = header
        .split("panicked at ")
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(':')
        .to_string();
    let message: Vec<&str> = lines.take_while(|line| !line.starts_with("note:")).collect();
    format!("{} (at {location})", message.join(" ").trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_message_with_location() {
        let stderr = "\nthread 'main' panicked at generator/src/model/build.rs:10:5:\nindex out of bounds\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(stderr), "index out of bounds (at generator/src/model/build.rs:10:5)");
    }

    #[test]
    fn panic_message_without_header() {
        assert_eq!(panic_message("fatal runtime error\n"), "fatal runtime error");
    }

    #[test]
    fn repo_root_has_workspace_manifest() {
        assert!(repo_root().join("Cargo.toml").is_file());
        assert!(repo_root().join("generator").is_dir());
    }
}
