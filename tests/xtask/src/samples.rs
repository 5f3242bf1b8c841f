//! Synthesized JSON samples for generated types, written as an integration
//! test of the generated crate. Every component type must decode its sample
//! and encode it back unchanged. Every member of a tagged union must decode
//! to its own variant, and an unknown tag to the fallback variant.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use openapi_gen::model::{Api, Primitive, TypeKind, TypeOrigin, TypeRef};
use serde_json::{json, Map, Value};

use crate::workspace::Scratch;
use crate::{cargo, Tally};

/// The test target this module writes into a generated crate.
pub const TEST_NAME: &str = "generated_samples";

/// Writes the samples test of `spec` into `member` and runs it.
pub fn check(scratch: &Scratch, spec: &Path, member: &str, crate_name: &str, tally: &mut Tally) -> Result<()> {
    let settings = openapi_gen::config::Config::settings_for(spec, None).map_err(|error| anyhow::anyhow!("{error}"))?;
    let api = openapi_gen::build_model(spec, &settings).map_err(|error| anyhow::anyhow!("{error}"))?;
    let (text, checks) = test_file(&api, &crate_name.replace('-', "_"));
    let tests = scratch.member_dir(member).join("tests");
    fs::create_dir_all(&tests).with_context(|| format!("cannot create {}", tests.display()))?;
    let path = tests.join(format!("{TEST_NAME}.rs"));
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let log = scratch.logs.join(format!("{member}.samples.log"));
    let _ = fs::remove_file(&log);
    let run = cargo::run(scratch, &["test", "-p", crate_name, "--test", TEST_NAME, "--", "--nocapture"], &[], &log)?;
    let reason = (!run.success).then(|| cargo::failure_reason(&run));
    tally.record(&format!("{checks} synthesized samples of {member}"), reason.as_deref());
    if let Ok(output) = fs::read_to_string(&log) {
        for line in output.lines().filter(|line| line.contains("component types round-trip")) {
            println!("{line}");
        }
    }
    Ok(())
}

/// Depth up to which optional members are filled in. Deeper down only
/// required members are, so that recursive types stay finite.
const OPTIONAL_DEPTH: usize = 3;
/// Maximum depth of a sample.
const MAX_DEPTH: usize = 12;

/// Builds a sample value of `type_ref`.
pub fn sample(api: &Api, type_ref: &TypeRef, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match type_ref {
        TypeRef::Named(name) => match api.types.get(name).map(|def| &def.kind) {
            Some(kind) => sample_kind(api, kind, depth),
            None => Value::Null,
        },
        TypeRef::Primitive(primitive) => primitive_sample(*primitive),
        TypeRef::Array(item) if depth < MAX_DEPTH => json!([sample(api, item, depth + 1)]),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(_, value) if depth < MAX_DEPTH => json!({"key": sample(api, value, depth + 1)}),
        TypeRef::Map(..) => json!({}),
        TypeRef::Nullable(inner) => sample(api, inner, depth),
        TypeRef::Any => json!({"any": [1, "two"]}),
        // Nothing is known of a type that the config puts in place of a schema.
        TypeRef::External(_) => Value::Null,
    }
}

fn primitive_sample(primitive: Primitive) -> Value {
    match primitive {
        Primitive::String => json!("text"),
        Primitive::Bool => json!(true),
        Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::I128 => json!(-7),
        Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 | Primitive::U128 => json!(7),
        Primitive::F32 | Primitive::F64 => json!(1.5),
        Primitive::Uuid => json!("3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d"),
        Primitive::DateTime(_) => json!("2024-01-02T03:04:05Z"),
        Primitive::Date(_) => json!("2024-01-02"),
        Primitive::Base64 => json!("aGVsbG8"),
        Primitive::Binary => json!([104, 105]),
    }
}

fn sample_kind(api: &Api, kind: &TypeKind, depth: usize) -> Value {
    match kind {
        TypeKind::Struct { fields } => {
            let mut object = Map::new();
            for field in fields {
                if field.flatten {
                    if let Value::Object(members) = sample(api, &field.type_ref, depth + 1) {
                        if matches!(field.type_ref, TypeRef::Named(_)) {
                            object.extend(members);
                        }
                    }
                    continue;
                }
                let always_sent = field.required || field.default.is_some();
                if always_sent || depth < OPTIONAL_DEPTH {
                    object.insert(field.wire_name.clone(), sample(api, &field.type_ref, depth + 1));
                }
            }
            Value::Object(object)
        }
        TypeKind::StringEnum { variants, .. } => variants.first().map_or(json!("other"), |variant| json!(variant.wire_value)),
        TypeKind::IntegerEnum { variants, .. } => variants.first().map_or(json!(0), |variant| json!(variant.value)),
        // A scalar member keeps the sample shallow; deep samples of
        // recursive types get cut off.
        TypeKind::Untagged { variants } => variants
            .iter()
            .find(|variant| matches!(variant.type_ref, TypeRef::Primitive(_)))
            .or(variants.first())
            .map_or(Value::Null, |variant| sample(api, &variant.type_ref, depth)),
        TypeKind::Tagged { tags, variants, .. } => variants.first().map_or(Value::Null, |variant| {
            tagged_sample(api, tags, &variant.type_ref, &variant.tag_values[0], depth)
        }),
        TypeKind::Alias { target } => sample(api, target, depth),
    }
}

/// Builds a sample of the union member `type_ref` with its tag members set
/// to `values`.
pub fn tagged_sample(api: &Api, tags: &[String], type_ref: &TypeRef, values: &[String], depth: usize) -> Value {
    let mut value = sample(api, type_ref, depth);
    if let Value::Object(members) = &mut value {
        for (tag, tag_value) in tags.iter().zip(values) {
            members.insert(tag.clone(), json!(tag_value));
        }
    }
    value
}

/// Wraps `text` in a Rust raw string literal with enough `#`s.
fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// Writes the test file; returns it and how many checks it holds.
pub fn test_file(api: &Api, library: &str) -> (String, usize) {
    let mut text = String::new();
    let mut checks = 0;
    let _ = writeln!(
        text,
        "//! Written by `xtask`: synthesized samples of the generated types.\n\n\
         #![allow(deprecated)]\n\n\
         use {library}::models;\n\n\
         fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, json: &str, failures: &mut Vec<String>) {{\n\
         \x20   let value: serde_json::Value = serde_json::from_str(json).expect(\"valid sample\");\n\
         \x20   match serde_json::from_value::<T>(value.clone()) {{\n\
         \x20       Ok(decoded) => {{\n\
         \x20           let encoded = serde_json::to_value(&decoded).expect(\"encodes\");\n\
         \x20           if encoded != value {{\n\
         \x20               failures.push(format!(\"{{name}}: sent back {{encoded}}, expected {{value}}\"));\n\
         \x20           }}\n\
         \x20       }}\n\
         \x20       Err(error) => failures.push(format!(\"{{name}}: {{error}}\")),\n\
         \x20   }}\n\
         }}\n"
    );

    let _ = writeln!(text, "#[test]\nfn component_types_round_trip() {{\n    let mut failures = Vec::new();");
    let mut total = 0;
    for def in api.types.values().filter(|def| def.origin == TypeOrigin::Component) {
        let json = sample(api, &TypeRef::Named(def.name.clone()), 0).to_string();
        let _ = writeln!(text, "    round_trip::<models::{}>({:?}, {}, &mut failures);", def.name, def.name, raw_string(&json));
        total += 1;
    }
    checks += total;
    let _ = writeln!(
        text,
        "    println!(\"{{}} of {total} component types round-trip\", {total} - failures.len());\n    \
         assert!(failures.is_empty(), \"{{}} of {total} failed:\\n{{}}\", failures.len(), failures.join(\"\\n\"));\n}}\n"
    );

    let mut union_tests = 0;
    for def in api.types.values() {
        let TypeKind::Tagged { tags, variants, fallback, .. } = &def.kind else { continue };
        union_tests += 1;
        let _ = writeln!(text, "#[test]\nfn {}_dispatch() {{", heck::AsSnakeCase(&def.name));
        let mut seen = BTreeSet::new();
        for variant in variants {
            for values in &variant.tag_values {
                if !seen.insert(values.clone()) {
                    continue;
                }
                let json = tagged_sample(api, tags, &variant.type_ref, values, 0).to_string();
                let _ = writeln!(
                    text,
                    "    let decoded: models::{name} = serde_json::from_str({json}).expect(\"{name}::{variant} decodes\");\n    \
                     assert!(matches!(decoded, models::{name}::{variant}(_)), \"{name}::{variant}: {{decoded:?}}\");\n    \
                     assert_eq!(serde_json::to_value(&decoded).expect(\"encodes\"), serde_json::from_str::<serde_json::Value>({json}).expect(\"valid\"));",
                    name = def.name,
                    variant = variant.name,
                    json = raw_string(&json),
                );
                checks += 1;
            }
        }
        let unknown: Map<String, Value> = tags.iter().map(|tag| (tag.clone(), json!("not_a_listed_value"))).collect();
        let unknown = Value::Object(unknown).to_string();
        let _ = writeln!(
            text,
            "    let unknown: models::{name} = serde_json::from_str({json}).expect(\"unknown tags decode\");\n    \
             assert!(matches!(unknown, models::{name}::{fallback}(_)), \"{{unknown:?}}\");\n}}\n",
            name = def.name,
            json = raw_string(&unknown),
        );
        checks += 1;
    }
    let _ = writeln!(text, "// {union_tests} tagged unions, {checks} checks.");
    (text, checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_escape_quotes_and_hashes() {
        assert_eq!(raw_string("a"), "r#\"a\"#");
        assert_eq!(raw_string("\"#"), "r##\"\"#\"##");
    }
}
