//! `xtask bench-client SPEC`: size and `cargo check` time of the crate
//! generated from the Seam Connect document, then the criterion benches of
//! `tests/xtask/bench/client.rs` against that crate.
//!
//! The scratch workspace `target/xtask/bench-client/` has two members: the
//! generated crate and `client-bench`. The payloads of `client-bench` are
//! samples of the tagged unions `ActionAttempt` and `Event`. Its library has
//! the same unions as `#[serde(untagged)]` enums, which try each variant in
//! turn. Both are written from the model of SPEC.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use openapi_gen::model::{Api, TypeKind, TypeRef};
use serde_json::{json, Map, Value};

use crate::workspace::{repo_root, Scratch};
use crate::{cargo, samples, Tally};

const MEMBER: &str = "seam-connect";
const BENCH_MEMBER: &str = "client-bench";
/// The response type of `GET /action_attempts/get`, whose round trip is measured.
const GET_RESPONSE: &str = "ActionAttemptsActionAttemptsGetGetResponse";
/// The tagged unions whose decoding is measured.
const UNIONS: [&str; 2] = ["ActionAttempt", "Event"];

const BENCH_MANIFEST: &str = r#"# Written by `cargo run -p xtask -- bench-client`; rewritten on every run.
[package]
name = "client-bench"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
seam-connect = { path = "../seam-connect" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[dev-dependencies]
axum = { version = "0.8", default-features = false, features = ["http1", "tokio", "query"] }
criterion = { version = "0.5", default-features = false, features = ["cargo_bench_support"] }
reqwest = { version = "0.12", default-features = false, features = ["json"] }
tokio = { version = "1", features = ["macros", "net", "rt-multi-thread"] }
uuid = "1"

[[bench]]
name = "client"
harness = false
"#;

/// Builds one sample per position (first, middle, last variant) of the
/// tagged union `name`, and the `#[serde(untagged)]` twin of the union.
fn union_samples(api: &Api, name: &str) -> Result<(Value, String)> {
    let Some(TypeKind::Tagged { tags, variants, fallback, .. }) = api.types.get(name).map(|def| &def.kind) else {
        bail!("{name} is not a tagged union in this document");
    };
    if variants.is_empty() {
        bail!("{name} has no variants");
    }
    let mut payloads = Map::new();
    for (position, index) in [("first", 0), ("middle", variants.len() / 2), ("last", variants.len() - 1)] {
        let variant = &variants[index];
        let sample = samples::tagged_sample(api, tags, &variant.type_ref, &variant.tag_values[0], 0);
        payloads.insert(position.to_string(), json!({"variant": variant.name, "json": sample}));
    }

    let mut source = format!(
        "/// `models::{name}` as a `#[serde(untagged)]` enum: serde tries each variant in turn.\n\
         #[derive(Debug, serde::Deserialize)]\n#[serde(untagged)]\npub enum {name} {{\n"
    );
    for variant in variants {
        let TypeRef::Named(type_name) = &variant.type_ref else {
            bail!("{name}::{} is not a named type", variant.name);
        };
        let _ = writeln!(source, "    {}(seam_connect::models::{type_name}),", variant.name);
    }
    let _ = writeln!(source, "    {fallback}(serde_json::Value),\n}}\n");
    Ok((Value::Object(payloads), source))
}

/// Writes the `client-bench` member: manifest, library, bench and payloads.
fn write_bench_crate(scratch: &Scratch, api: &Api) -> Result<()> {
    let dir = scratch.member_dir(BENCH_MEMBER);
    fs::create_dir_all(dir.join("src"))?;
    fs::create_dir_all(dir.join("benches"))?;

    let mut payloads = Map::new();
    let mut library = String::from(
        "//! Written by `xtask bench-client`: the tagged unions of the Seam crate as untagged enums.\n\
         #![allow(clippy::large_enum_variant, dead_code, deprecated)]\n\n",
    );
    for name in UNIONS {
        let (samples, source) = union_samples(api, name)?;
        payloads.insert(name.to_string(), samples);
        library.push_str(&source);
    }
    let response = TypeRef::Named(GET_RESPONSE.to_string());
    if !api.types.contains_key(GET_RESPONSE) {
        bail!("{GET_RESPONSE} is not a type of this document");
    }
    payloads.insert("get_response".to_string(), samples::sample(api, &response, 0));

    let bench_source = repo_root().join("tests/xtask/bench/client.rs");
    let bench = fs::read_to_string(&bench_source).with_context(|| format!("cannot read {}", bench_source.display()))?;
    let files = [
        ("Cargo.toml", BENCH_MANIFEST.to_string()),
        ("src/lib.rs", library),
        ("benches/client.rs", bench),
        ("payloads.json", serde_json::to_string_pretty(&Value::Object(payloads))?),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        // Rewriting an unchanged file would make cargo rebuild the bench.
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}

/// Counts the lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> Result<(usize, usize)> {
    let mut files = 0;
    let mut lines = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files += 1;
                lines += fs::read_to_string(&path)?.lines().count();
            }
        }
    }
    Ok((files, lines))
}

fn seconds(time: Duration) -> String {
    format!("{:.1} s", time.as_secs_f64())
}

/// Times `cargo check -p seam-connect` into its own target folder: first
/// from empty (dependencies included), then after `cargo clean -p` of the
/// crate alone (dependencies already built).
fn time_check(scratch: &Scratch, tally: &mut Tally) -> Result<()> {
    let target = scratch.root.join("check-target");
    let _ = fs::remove_dir_all(&target);
    let env = [("CARGO_TARGET_DIR", target.as_path())];
    let log = scratch.logs.join("check.log");
    let _ = fs::remove_file(&log);

    let start = Instant::now();
    let total = cargo::run(scratch, &["check", "-p", MEMBER], &env, &log)?;
    let total_time = start.elapsed();
    tally.record(
        &format!("cargo check of {MEMBER} from an empty target folder: {}", seconds(total_time)),
        (!total.success).then(|| cargo::failure_reason(&total)).as_deref(),
    );

    let clean = cargo::run(scratch, &["clean", "-p", MEMBER], &env, &log)?;
    if !clean.success {
        bail!("cargo clean -p {MEMBER} failed: {}", cargo::failure_reason(&clean));
    }
    let start = Instant::now();
    let crate_only = cargo::run(scratch, &["check", "-p", MEMBER], &env, &log)?;
    let crate_time = start.elapsed();
    tally.record(
        &format!("cargo check of {MEMBER} alone, dependencies built: {}", seconds(crate_time)),
        (!crate_only.success).then(|| cargo::failure_reason(&crate_only)).as_deref(),
    );
    Ok(())
}

/// Runs `xtask bench-client SPEC`; `check` also times `cargo check`.
pub fn run(spec: &Path, check: bool) -> Result<bool> {
    let scratch = Scratch::create("bench-client")?;
    let mut tally = Tally::default();
    let failure = scratch.generate(spec, MEMBER, MEMBER, false)?;
    tally.record(&format!("generate {MEMBER} from {}", spec.display()), failure.as_deref());
    if failure.is_some() {
        return Ok(tally.finish());
    }
    let (files, lines) = rust_lines(&scratch.member_dir(MEMBER).join("src"))?;
    println!("size: {lines} lines of Rust in {files} files");

    let api = openapi_gen::build_model(spec, &openapi_gen::config::Config::settings_for(spec, None).map_err(|error| anyhow::anyhow!("{error}"))?).map_err(|error| anyhow::anyhow!("{error}"))?;
    write_bench_crate(&scratch, &api)?;
    scratch.write_manifest(&[MEMBER.to_string(), BENCH_MEMBER.to_string()])?;
    if check {
        time_check(&scratch, &mut tally)?;
    }

    let log = scratch.logs.join("bench.log");
    let _ = fs::remove_file(&log);
    let bench = cargo::run(&scratch, &["bench", "-p", BENCH_MEMBER, "--bench", "client"], &[], &log)?;
    for line in bench.stdout.lines() {
        println!("{line}");
    }
    tally.record(
        "criterion benches of client-bench",
        (!bench.success).then(|| cargo::failure_reason(&bench)).as_deref(),
    );
    Ok(tally.finish())
}
