//! The example round trip: every component schema with an `example` (or
//! `examples`) value is deserialized into its generated type and serialized
//! back, and the JSON written back is compared with the example.
//!
//! `xtask write-crate --examples` writes the test into the generated crate as
//! `tests/example_round_trip.rs`, with the examples in `tests/examples.json`.
//! The test writes what it serialized to the file named by
//! `ROUND_TRIP_OUTPUT`, and [`check_examples`] compares that with the examples.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use heck::ToKebabCase;
use openapi_gen::model::{Api, TypeOrigin};
use openapi_gen::GeneratedFile;
use serde_json::{json, Value};

use crate::json_diff::{differences, Difference};
use crate::workspace::Scratch;
use crate::{cargo, Tally};

/// The test target that `write-crate --examples` adds.
const TEST_NAME: &str = "example_round_trip";

/// Differences listed on one result line; the rest are counted.
const SHOWN_DIFFERENCES: usize = 3;

/// One example value of a component schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The key under `components.schemas`.
    pub component: String,
    /// The position in `examples` when the value comes from that list.
    pub index: Option<usize>,
    /// The Rust type generated for the component, if one was found.
    pub type_name: Option<String>,
    /// The example.
    pub value: Value,
}

impl Example {
    fn label(&self) -> String {
        match self.index {
            Some(index) => format!("example {}[{index}]", self.component),
            None => format!("example {}", self.component),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "component": self.component,
            "index": self.index,
            "type": self.type_name,
            "example": self.value,
        })
    }

    fn from_json(entry: &Value) -> Result<Example> {
        Ok(Example {
            component: entry["component"].as_str().context("entry without component")?.to_string(),
            index: entry["index"].as_u64().map(|index| index as usize),
            type_name: entry["type"].as_str().map(str::to_string),
            value: entry["example"].clone(),
        })
    }
}

/// Lists the examples of the component schemas of `document`, with the type
/// that `api` generates for each component (the `Component` type whose
/// pointer is `/components/schemas/<name>`). `example` gives one value;
/// `examples` (an array, as in JSON Schema) gives one per item.
pub fn collect_examples(document: &Value, api: &Api) -> Vec<Example> {
    let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut examples = Vec::new();
    for (component, schema) in schemas {
        let pointer = format!("/components/schemas/{}", component.replace('~', "~0").replace('/', "~1"));
        let type_name = api
            .types
            .values()
            .find(|def| def.origin == TypeOrigin::Component && def.pointer == pointer)
            .map(|def| def.name.clone());
        let example = |index: Option<usize>, value: &Value| Example {
            component: component.clone(),
            index,
            type_name: type_name.clone(),
            value: value.clone(),
        };
        if let Some(value) = schema.get("example") {
            examples.push(example(None, value));
        }
        if let Some(values) = schema.get("examples").and_then(Value::as_array) {
            examples.extend(values.iter().enumerate().map(|(index, value)| example(Some(index), value)));
        }
    }
    examples
}

/// Renders `tests/examples.json` and, when some example has a type,
/// `tests/example_round_trip.rs` for the crate whose library is `library`.
pub fn test_files(examples: &[Example], library: &str) -> Vec<GeneratedFile> {
    let entries: Vec<Value> = examples.iter().map(Example::to_json).collect();
    let mut files = vec![GeneratedFile {
        path: "tests/examples.json".to_string(),
        contents: format!("{:#}\n", Value::Array(entries)),
    }];
    let checks: Vec<String> = examples
        .iter()
        .filter_map(|example| example.type_name.as_ref())
        .map(|type_name| format!("    round_trip::<{library}::models::{type_name}>,\n"))
        .collect();
    if !checks.is_empty() {
        files.push(GeneratedFile {
            path: format!("tests/{TEST_NAME}.rs"),
            contents: TEST_TEMPLATE.replace("CHECKS_HERE\n", &checks.concat()),
        });
    }
    files
}

const TEST_TEMPLATE: &str = r#"//! Written by `cargo run -p xtask`: deserializes the example of each component
//! schema into its generated type and serializes it back. The harness
//! compares the output with the example; run alone, this test only checks
//! that every example deserializes.

use serde_json::{json, Value};

type Check = fn(&Value) -> Result<Value, String>;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(example.clone()).map_err(|error| format!("rejected: {error}"))?;
    serde_json::to_value(&typed).map_err(|error| format!("cannot serialize: {error}"))
}

/// One check per entry of `examples.json` that has a type, in order.
const CHECKS: &[Check] = &[
CHECKS_HERE
];

#[test]
fn examples() {
    let entries: Vec<Value> = serde_json::from_str(include_str!("examples.json")).expect("examples.json is JSON");
    let examples: Vec<&Value> = entries
        .iter()
        .filter(|entry| !entry["type"].is_null())
        .map(|entry| &entry["example"])
        .collect();
    assert_eq!(examples.len(), CHECKS.len(), "examples.json does not match the checks");

    let results: Vec<Value> = examples
        .iter()
        .zip(CHECKS)
        .map(|(example, check)| match check(example) {
            Ok(output) => json!({ "ok": output }),
            Err(error) => json!({ "error": error }),
        })
        .collect();
    match std::env::var_os("ROUND_TRIP_OUTPUT") {
        Some(path) => std::fs::write(path, Value::Array(results).to_string()).expect("cannot write ROUND_TRIP_OUTPUT"),
        None => {
            let rejected: Vec<&Value> = results.iter().filter_map(|result| result.get("error")).collect();
            assert!(rejected.is_empty(), "rejected examples: {rejected:?}");
        }
    }
}
"#;

/// Builds and runs the round-trip test of member `member` (package
/// `crate_name`), prints a line per failed example and the share that
/// round-trips, and counts every example in `tally`.
pub fn check_examples(scratch: &Scratch, member: &str, crate_name: &str, tally: &mut Tally) -> Result<()> {
    let tests = scratch.member_dir(member).join("tests");
    let text = fs::read_to_string(tests.join("examples.json"))
        .with_context(|| format!("cannot read the examples written into {}", tests.display()))?;
    let entries: Vec<Value> = serde_json::from_str(&text).context("tests/examples.json is not valid JSON")?;
    let examples = entries.iter().map(Example::from_json).collect::<Result<Vec<_>>>()?;
    if examples.is_empty() {
        println!("round trip: no schema under components has an `example` or `examples` value, so nothing was checked");
        return Ok(());
    }

    let (typed, untyped): (Vec<&Example>, Vec<&Example>) =
        examples.iter().partition(|example| example.type_name.is_some());
    for example in &untyped {
        tally.record(&example.label(), Some("no generated type has this component's pointer"));
    }
    let mut round_tripped = 0;
    if !typed.is_empty() {
        let outputs = run_test(scratch, member, crate_name)?;
        let outputs = match outputs {
            Ok(outputs) => outputs,
            Err(reason) => {
                tally.record(&format!("round-trip test of {member}"), Some(&reason));
                println!("round trip: 0 of {} examples (the test did not run)", examples.len());
                return Ok(());
            }
        };
        if outputs.len() != typed.len() {
            bail!("the round-trip test returned {} results for {} examples", outputs.len(), typed.len());
        }
        for (example, output) in typed.iter().zip(&outputs) {
            let failure = judge(example, output);
            if failure.is_none() {
                round_tripped += 1;
                tally.passed += 1;
            } else {
                tally.record(&example.label(), failure.as_deref());
            }
        }
    }
    let percent = 100.0 * round_tripped as f64 / examples.len() as f64;
    println!("round trip: {round_tripped} of {} examples ({percent:.1}%)", examples.len());
    Ok(())
}

/// Runs the test; returns its per-example results, or the reason it failed.
fn run_test(scratch: &Scratch, member: &str, crate_name: &str) -> Result<Result<Vec<Value>, String>> {
    let output: PathBuf = scratch.logs.join(format!("{member}.round-trip.json"));
    let _ = fs::remove_file(&output);
    let log = scratch.logs.join(format!("{member}.log"));
    let run = cargo::run(
        scratch,
        &["test", "-p", crate_name, "--test", TEST_NAME],
        &[("ROUND_TRIP_OUTPUT", output.as_path())],
        &log,
    )?;
    if !run.success {
        return Ok(Err(cargo::failure_reason(&run)));
    }
    let text = fs::read_to_string(&output).with_context(|| format!("the round-trip test wrote no {}", output.display()))?;
    let results: Vec<Value> = serde_json::from_str(&text).context("invalid round-trip results")?;
    Ok(Ok(results))
}

/// Compares one result with its example; returns the reason it failed.
fn judge(example: &Example, result: &Value) -> Option<String> {
    if let Some(error) = result.get("error").and_then(Value::as_str) {
        return Some(error.to_string());
    }
    let found: Vec<Difference> = differences(&example.value, &result["ok"]);
    if found.is_empty() {
        return None;
    }
    let kind = if found.iter().all(Difference::is_null_versus_absent) {
        "absent versus null only"
    } else {
        "changed"
    };
    let shown: Vec<String> = found.iter().take(SHOWN_DIFFERENCES).map(Difference::to_string).collect();
    let more = found.len().saturating_sub(SHOWN_DIFFERENCES);
    let more = if more > 0 { format!(" [and {more} more]") } else { String::new() };
    Some(format!(
        "{kind} as {}: {}{more}",
        example.type_name.as_deref().unwrap_or("?"),
        shown.join("; ")
    ))
}

/// Runs `xtask roundtrip`: for each document, generates its crate and
/// round-trips its component examples.
pub fn run(specs: &[PathBuf]) -> Result<bool> {
    let scratch = Scratch::create("roundtrip")?;
    let mut tally = Tally::default();
    let mut members: Vec<(PathBuf, String, Option<String>)> = Vec::new();
    for spec in specs {
        let member = unique_member(spec, &members);
        let crate_name = format!("roundtrip-{member}");
        let failure = scratch.generate(spec, &member, &crate_name, true)?;
        members.push((spec.clone(), member, failure));
    }
    let generated: Vec<String> = members
        .iter()
        .filter(|(_, _, failure)| failure.is_none())
        .map(|(_, member, _)| member.clone())
        .collect();
    scratch.write_manifest(&generated)?;

    for (spec, member, failure) in &members {
        println!("== {}", spec.display());
        tally.record(&format!("generate {member}"), failure.as_deref());
        if failure.is_none() {
            check_examples(&scratch, member, &format!("roundtrip-{member}"), &mut tally)?;
            crate::samples::check(&scratch, spec, member, &format!("roundtrip-{member}"), &mut tally)?;
        }
    }
    println!("logs: {}", scratch.logs.display());
    Ok(tally.finish())
}

/// Derives a unique member folder name from the document's file name.
fn unique_member(spec: &Path, taken: &[(PathBuf, String, Option<String>)]) -> String {
    let stem = spec.file_stem().map(|stem| stem.to_string_lossy().to_kebab_case()).unwrap_or_default();
    let stem = if stem.is_empty() { "document".to_string() } else { stem };
    let mut candidate = stem.clone();
    let mut number = 2;
    while taken.iter().any(|(_, member, _)| *member == candidate) {
        candidate = format!("{stem}-{number}");
        number += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(type_name: Option<&str>) -> Example {
        Example {
            component: "pet".to_string(),
            index: None,
            type_name: type_name.map(str::to_string),
            value: json!({"name": "Rex", "tag": null}),
        }
    }

    #[test]
    fn examples_json_round_trips() {
        let original = Example {
            index: Some(2),
            ..example(Some("Pet"))
        };
        assert_eq!(Example::from_json(&original.to_json()).unwrap(), original);
    }

    #[test]
    fn test_file_lists_typed_examples() {
        let files = test_files(&[example(Some("Pet")), example(None)], "pet_store");
        assert_eq!(files.len(), 2);
        assert!(files[1].contents.contains("    round_trip::<pet_store::models::Pet>,\n];"));
    }

    #[test]
    fn no_test_file_without_types() {
        let files = test_files(&[example(None)], "pet_store");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "tests/examples.json");
    }

    #[test]
    fn judge_equal_output() {
        assert_eq!(judge(&example(Some("Pet")), &json!({"ok": {"name": "Rex", "tag": null}})), None);
    }

    #[test]
    fn judge_null_dropped() {
        let reason = judge(&example(Some("Pet")), &json!({"ok": {"name": "Rex"}}));
        assert_eq!(
            reason.as_deref(),
            Some("absent versus null only as Pet: /tag: null in the example, absent after")
        );
    }

    #[test]
    fn judge_rejected() {
        let reason = judge(&example(Some("Pet")), &json!({"error": "rejected: missing field `id`"}));
        assert_eq!(reason.as_deref(), Some("rejected: missing field `id`"));
    }

    #[test]
    fn members_are_unique() {
        let taken = vec![(PathBuf::from("a/pet_store.json"), "pet-store".to_string(), None)];
        assert_eq!(unique_member(Path::new("b/pet_store.yaml"), &taken), "pet-store-2");
    }
}
