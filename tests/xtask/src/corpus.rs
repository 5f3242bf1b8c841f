//! `xtask corpus DIR...`: generates a crate from every OpenAPI document in
//! the folders (recursively) and compiles all of them with `-D warnings` in
//! one scratch workspace, so that the dependencies are compiled once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::workspace::Scratch;
use crate::{cargo, Tally};

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Document {
    /// The document file.
    spec: PathBuf,
    /// Its path relative to the folder given on the command line, for
    /// result lines.
    display: String,
    /// File size in bytes; documents are processed smallest first.
    size: u64,
    /// The member folder and package name, unique in the workspace.
    member: String,
}

/// File extensions of documents; other files (notes, indexes, pages that
/// documents link to) are skipped.
const EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Tells whether `path` is a YAML or JSON file, by its extension.
fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()))
}

/// Turns a relative path into a package name: lower-case ASCII letters and
/// digits, other characters as single hyphens, prefixed with `doc-`.
fn member_name(relative: &str) -> String {
    let mut name = String::from("doc");
    let mut pending_hyphen = true;
    for character in relative.chars() {
        if character.is_ascii_alphanumeric() {
            if pending_hyphen {
                name.push('-');
                pending_hyphen = false;
            }
            name.push(character.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    // Package names are limited to 64 characters: a long name keeps its
    // start and gets a hash of the whole name, so it stays unique.
    if name.len() > 60 {
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        name = format!("{}-{:08x}", name[..50].trim_end_matches('-'), hash & 0xffff_ffff);
    }
    name
}

fn collect(dir: &Path, root: &Path, found: &mut Vec<Document>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, root, found)?;
        } else if is_document(&path) {
            let size = fs::metadata(&path).map(|metadata| metadata.len()).unwrap_or(0);
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let root_name = root.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let display = Path::new(&root_name).join(relative).display().to_string();
            found.push(Document {
                member: member_name(&display),
                spec: path,
                display,
                size,
            });
        }
    }
    Ok(())
}

/// Lists the documents under `dirs` (a file argument is taken as one
/// document), smallest first.
fn list_documents(dirs: &[PathBuf]) -> Result<Vec<Document>> {
    let mut documents = Vec::new();
    for dir in dirs {
        if dir.is_file() {
            let display = dir.display().to_string();
            documents.push(Document {
                member: member_name(&display),
                size: fs::metadata(dir).map(|metadata| metadata.len()).unwrap_or(0),
                spec: dir.clone(),
                display,
            });
        } else {
            collect(dir, dir, &mut documents)?;
        }
    }
    documents.sort_by(|a, b| a.size.cmp(&b.size).then_with(|| a.display.cmp(&b.display)));
    documents.dedup_by(|a, b| a.spec == b.spec);
    Ok(documents)
}

/// Reads cargo's JSON messages and returns, per member folder, the first
/// error message rendered on one line and how many errors there were.
fn errors_by_member(stdout: &str, scratch: &Scratch) -> BTreeMap<String, (String, usize)> {
    let mut errors: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let Some(manifest) = message["manifest_path"].as_str() else {
            continue;
        };
        let Ok(relative) = Path::new(manifest).strip_prefix(&scratch.root) else {
            continue;
        };
        let Some(member) = relative.components().next() else {
            continue;
        };
        let member = member.as_os_str().to_string_lossy().into_owned();
        let text = message["message"]["message"].as_str().unwrap_or("error").to_string();
        let location = message["message"]["spans"]
            .as_array()
            .and_then(|spans| spans.first())
            .map(|span| {
                format!(
                    " (at {}:{})",
                    span["file_name"].as_str().unwrap_or(""),
                    span["line_start"].as_u64().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        let entry = errors.entry(member).or_insert_with(|| (format!("{text}{location}"), 0));
        entry.1 += 1;
    }
    errors
}

/// The size above which a document is checked alone, with one job, after
/// the others. `cargo check` of the Microsoft Graph crate (a 20 MB document)
/// takes about 5 minutes, and its one `rustc` process about 14 GB. That does
/// not fit beside another large crate on a 24 GiB machine.
pub const DEFAULT_ALONE_LIMIT: u64 = 10_000_000;

/// Runs `xtask corpus DIR...`; documents larger than `alone_limit` bytes
/// are checked alone, after the others.
pub fn run(dirs: &[PathBuf], alone_limit: u64) -> Result<bool> {
    let started = Instant::now();
    let documents = list_documents(dirs)?;
    if documents.is_empty() {
        anyhow::bail!("no OpenAPI documents found");
    }
    let scratch = Scratch::create("corpus")?;

    let mut failures: Vec<Option<String>> = Vec::new();
    let mut members = Vec::new();
    let mut alone = Vec::new();
    for document in &documents {
        let generated = Instant::now();
        let failure = scratch.generate(&document.spec, &document.member, &document.member, false)?;
        eprintln!(
            "generated {} in {:.1} s",
            document.display,
            generated.elapsed().as_secs_f64()
        );
        if failure.is_none() {
            members.push(document.member.clone());
            if document.size > alone_limit {
                alone.push(document);
            }
        }
        failures.push(failure);
    }
    let generation_seconds = started.elapsed().as_secs();
    scratch.write_manifest(&members)?;

    // One `cargo check` for the workspace but the large crates:
    // `--keep-going` keeps checking the other crates when one fails.
    let log = scratch.logs.join("check.log");
    let _ = fs::remove_file(&log);
    let mut args = vec!["check", "--workspace", "--keep-going", "--message-format=json"];
    for document in &alone {
        args.extend(["--exclude", document.member.as_str()]);
    }
    let mut check = cargo::run(&scratch, &args, &[], &log)?;
    for document in &alone {
        let checked = Instant::now();
        let args = ["check", "-p", document.member.as_str(), "--jobs", "1", "--message-format=json"];
        let run = cargo::run(&scratch, &args, &[], &log)?;
        eprintln!(
            "checked {} alone in {:.0} s; the largest compiler process so far peaked at {}",
            document.display,
            checked.elapsed().as_secs_f64(),
            peak_child_memory()
        );
        check.success &= run.success;
        check.stdout.push_str(&run.stdout);
        check.stderr.push_str(&run.stderr);
    }
    let errors = errors_by_member(&check.stdout, &scratch);

    let mut tally = Tally::default();
    for (document, failure) in documents.iter().zip(failures) {
        let reason = match failure {
            Some(failure) => Some(failure),
            None => errors.get(&document.member).map(|(first, count)| {
                let more = if *count > 1 { format!(" [and {} more]", count - 1) } else { String::new() };
                format!("compile error: {first}{more}")
            }),
        };
        tally.record(&document.display, reason.as_deref());
    }
    if !check.success && errors.is_empty() {
        let reason = cargo::failure_reason(&check);
        tally.record("cargo check --workspace", Some(&reason));
    }
    println!("logs: {}", scratch.logs.display());
    println!(
        "took {} s ({} s generating, {} s checking)",
        started.elapsed().as_secs(),
        generation_seconds,
        started.elapsed().as_secs() - generation_seconds
    );
    Ok(tally.finish())
}

/// Returns the peak resident memory of the largest child process that has
/// ended, cargo's `rustc` processes included, as the kernel reports it.
fn peak_child_memory() -> String {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `getrusage` writes a whole `rusage` into the pointer it is
    // given and reads nothing from it.
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    if status != 0 {
        return "an unknown amount (getrusage failed)".to_string();
    }
    // SAFETY: `getrusage` returned 0, so it filled the struct.
    let usage = unsafe { usage.assume_init() };
    // Linux reports `ru_maxrss` in KiB.
    format!("{:.1} GiB", usage.ru_maxrss as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_package_names() {
        assert_eq!(member_name("corpus/realworld-3.0/oai-petstore.yaml"), "doc-corpus-realworld-3-0-oai-petstore-yaml");
        assert_eq!(member_name("a__B.json"), "doc-a-b-json");
        let long = member_name("corpus/edge-3.0/openapi-generator-rust-oneof-anyof-comprehensive.yaml");
        assert!(long.len() <= 60, "{long}");
        assert_ne!(long, member_name("corpus/edge-3.0/openapi-generator-rust-oneof-anyof-comprehensive.json"));
    }
}
