//! Part of the load stage: makes every reference point at a component.
//!
//! 1. References to other files (`pet.yaml`, `./common.json#/Pet`), relative
//!    to the file that holds them, are bundled: each file is read once and
//!    kept under the top-level `x-bundled` member, keyed by its path, and its
//!    references are rewritten to point there. A file that refers back to a
//!    file already read is not read again.
//! 2. References to anything but `#/components/<kind>/<name>` (into
//!    `#/paths/...`, into a property of a component, to `$defs`, into a
//!    bundled file) get a copy of their target as a new component of the
//!    kind their position expects, named after the target, and point there.
//!
//! `$ref` members inside example values and extensions are data, not
//! references, and are left alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{pointer_tokens, push_pointer, Diagnostic};

/// The top-level member that contains the bundled files.
pub const BUNDLED: &str = "x-bundled";

/// Bundles the files that `document` (read from `path`) refers to, and
/// returns their paths, sorted: the files that a build step must watch.
pub fn bundle_files(document: &mut Value, path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut bundler = Bundler {
        root: base.clone(),
        files: HashMap::new(),
        bundled: Map::new(),
    };
    bundler.rewrite(document, &base, None, "", None)?;
    if !bundler.bundled.is_empty() {
        if let Value::Object(root) = document {
            root.insert(BUNDLED.to_string(), Value::Object(bundler.bundled));
        }
    }
    let mut files: Vec<PathBuf> = bundler.files.into_keys().collect();
    files.sort();
    Ok(files)
}

struct Bundler {
    /// The folder of the document; bundle keys are relative to it.
    root: PathBuf,
    /// Bundle keys of the files read so far, by path.
    files: HashMap<PathBuf, String>,
    bundled: Map<String, Value>,
}

impl Bundler {
    /// Rewrites the references in `value`, which belongs to the file in
    /// folder `base` bundled under `key` (`None` for the document itself).
    fn rewrite(
        &mut self,
        value: &mut Value,
        base: &Path,
        key: Option<&str>,
        pointer: &str,
        parent_key: Option<&str>,
    ) -> Result<(), Diagnostic> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let rewritten = self.reference(reference, base, key, pointer)?;
                    map.insert("$ref".to_string(), Value::String(rewritten));
                }
                let names_are_data = matches!(parent_key, Some("properties" | "patternProperties"));
                for (member, child) in map.iter_mut() {
                    let is_data = matches!(member.as_str(), "example" | "examples" | "default" | "enum" | "const")
                        || (member.starts_with("x-") && !names_are_data);
                    if is_data && !names_are_data {
                        continue;
                    }
                    self.rewrite(child, base, key, &push_pointer(pointer, member), Some(member))?;
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, base, key, &push_pointer(pointer, &index.to_string()), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn reference(&mut self, reference: &str, base: &Path, key: Option<&str>, pointer: &str) -> Result<String, Diagnostic> {
        let (file, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        if file.is_empty() {
            // A local reference inside a bundled file points into that file.
            return Ok(match key {
                Some(key) => format!("#/{BUNDLED}/{}{fragment}", escape(key)),
                None => reference.to_string(),
            });
        }
        if file.contains("://") {
            return Err(Diagnostic::error(format!(
                "unsupported reference `{reference}`: references to URLs are not followed"
            ))
            .at(push_pointer(pointer, "$ref"))
            .with_help("download the file next to the document and refer to it by a relative path"));
        }
        let target = base.join(file);
        let bundle_key = match self.files.get(&target) {
            Some(bundle_key) => bundle_key.clone(),
            None => self.read(&target, reference, pointer)?,
        };
        Ok(format!("#/{BUNDLED}/{}{fragment}", escape(&bundle_key)))
    }

    /// Reads and bundles the file at `target`; returns its bundle key.
    fn read(&mut self, target: &Path, reference: &str, pointer: &str) -> Result<String, Diagnostic> {
        let error = |reason: String| {
            Diagnostic::error(format!("cannot read the file of reference `{reference}`: {reason}"))
                .at(push_pointer(pointer, "$ref"))
        };
        let text = std::fs::read_to_string(target).map_err(|io| error(format!("{}: {io}", target.display())))?;
        let mut value = if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|parse| error(format!("invalid JSON: {parse}")))?
        } else {
            crate::yaml::parse(&text)
                .map_err(|parse| error(format!("invalid YAML at line {}: {}", parse.line, parse.message)))?
                .0
        };
        let mut bundle_key = target.strip_prefix(&self.root).unwrap_or(target).display().to_string();
        while self.bundled.contains_key(&bundle_key) {
            bundle_key.push('_');
        }
        self.files.insert(target.to_path_buf(), bundle_key.clone());
        // Reserve the key before reading further files, so that a file
        // that refers back to this one reuses it.
        self.bundled.insert(bundle_key.clone(), Value::Null);
        let base = target.parent().map(Path::to_path_buf).unwrap_or_default();
        let file_pointer = format!("/{BUNDLED}/{}", escape(&bundle_key));
        self.rewrite(&mut value, &base, Some(&bundle_key), &file_pointer, None)?;
        self.bundled.insert(bundle_key.clone(), value);
        Ok(bundle_key)
    }
}

/// Escapes a JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The kind of object a position in the document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    Header,
    RequestBody,
    Response,
    Example,
    Link,
    Callback,
    PathItem,
    Operation,
    Media,
}

impl Kind {
    /// The `components` member for references of this kind.
    fn components(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::PathItem => "pathItems",
            Kind::Operation | Kind::Media => return None,
        })
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Tokens that describe structure rather than name something; skipped when
/// naming a copied component.
const STRUCTURAL: &[&str] = &[
    "paths", "webhooks", "components", "schemas", "parameters", "headers", "requestBodies", "requestBody", "responses",
    "content", "schema", "properties", "items", "allOf", "oneOf", "anyOf", "prefixItems", "additionalProperties", "$defs",
    "definitions", "not", BUNDLED,
];

/// Moves the inline request body schemas of `webhooks` operations into
/// `components.schemas`, named after the webhook with `Payload`, so that a
/// type is generated for each payload.
pub fn webhook_payloads(document: &mut Value) {
    let mut moved = Vec::new();
    if let Some(Value::Object(webhooks)) = document.get_mut("webhooks") {
        for (name, item) in webhooks.iter_mut() {
            let Value::Object(item) = item else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let Some(Value::Object(content)) = operation.pointer_mut("/requestBody/content") else {
                    continue;
                };
                for (_, media) in content.iter_mut() {
                    let Some(schema) = media.get_mut("schema") else {
                        continue;
                    };
                    if schema.get("$ref").is_some() {
                        continue;
                    }
                    moved.push((format!("{name} {method} Payload"), std::mem::take(schema)));
                    let index = moved.len() - 1;
                    *schema = serde_json::json!({"$ref": format!("#/components/schemas/{{PAYLOAD-{index}}}")});
                }
            }
        }
    }
    let mut names = Vec::new();
    for (base, schema) in moved {
        let base: String = base.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let mut name = base.clone();
        let mut counter = 2;
        while document.pointer(&format!("/components/schemas/{}", escape(&name))).is_some() {
            name = format!("{base}{counter}");
            counter += 1;
        }
        insert_component(document, "schemas", &name, schema);
        names.push(name);
    }
    if names.is_empty() {
        return;
    }
    if let Some(webhooks) = document.get_mut("webhooks") {
        replace_placeholders(webhooks, &names);
    }
}

fn replace_placeholders(value: &mut Value, names: &[String]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                let index = reference
                    .strip_prefix("#/components/schemas/{PAYLOAD-")
                    .and_then(|rest| rest.strip_suffix('}'))
                    .and_then(|index| index.parse::<usize>().ok());
                if let Some(name) = index.and_then(|index| names.get(index)) {
                    *reference = format!("#/components/schemas/{}", escape(name));
                }
            }
            for child in map.values_mut() {
                replace_placeholders(child, names);
            }
        }
        Value::Array(items) => {
            for child in items {
                replace_placeholders(child, names);
            }
        }
        _ => {}
    }
}

/// Points references that are not `#/components/<kind>/<name>` at copies of
/// their targets under `components`. Returns one warning per copied target.
pub fn hoist(document: &mut Value) -> Vec<Diagnostic> {
    let mut names: HashMap<String, String> = HashMap::new();
    let mut warnings = Vec::new();
    // Each round copies the targets found so far; copies can hold further
    // references, handled by the next round.
    for _ in 0..32 {
        let mut found = Vec::new();
        walk_document(document, &mut found);
        let pending: Vec<(String, Kind, String)> = found
            .into_iter()
            .filter(|(_, kind, target)| !is_component(target, *kind))
            .collect();
        if pending.is_empty() {
            break;
        }
        for (at, kind, target) in pending {
            let Some(section) = kind.components() else {
                continue;
            };
            let Some(fragment) = target.strip_prefix('#') else {
                continue;
            };
            let name = match names.get(&target) {
                Some(name) => name.clone(),
                None => {
                    let Some(copy) = document.pointer(&percent_decode(fragment)).cloned() else {
                        continue;
                    };
                    let name = unique_name(document, section, fragment);
                    warnings.push(
                        Diagnostic::warning(format!(
                            "reference `{target}` does not name a component: its target is generated as `#/components/{section}/{name}`"
                        ))
                        .at(at.clone()),
                    );
                    insert_component(document, section, &name, copy);
                    names.insert(target.clone(), name.clone());
                    name
                }
            };
            if let Some(Value::Object(holder)) = document.pointer_mut(&at) {
                holder.insert("$ref".to_string(), Value::String(format!("#/components/{section}/{}", escape(&name))));
            }
        }
    }
    warnings
}

fn is_component(target: &str, kind: Kind) -> bool {
    let Some(section) = kind.components() else {
        return true;
    };
    let Some(rest) = target.strip_prefix("#/components/").and_then(|rest| rest.strip_prefix(section)) else {
        return false;
    };
    rest.strip_prefix('/').is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

fn insert_component(document: &mut Value, section: &str, name: &str, value: Value) {
    let Value::Object(root) = document else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return;
    };
    let section = components.entry(section).or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(section) = section {
        section.insert(name.to_string(), value);
    }
}

/// Names the copy of `fragment`'s target after the last token that names
/// something (with the token before it when that is a status code), made
/// unique in the section.
fn unique_name(document: &Value, section: &str, fragment: &str) -> String {
    let tokens: Vec<String> = pointer_tokens(&percent_decode(fragment))
        .into_iter()
        .map(|token| match token.rsplit_once('.') {
            Some((stem, "yaml" | "yml" | "json")) => stem.rsplit('/').next().unwrap_or(stem).to_string(),
            _ => token,
        })
        .filter(|token| !STRUCTURAL.contains(&token.as_str()) && !METHODS.contains(&token.as_str()))
        // Media types (`application/json`) name no schema; paths do.
        .filter(|token| !token.contains('/') || token.starts_with('/'))
        .collect();
    let mut words: Vec<String> = Vec::new();
    for token in tokens.iter().rev() {
        let word = token
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .trim_end_matches(".json")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let numeric = word.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == 'x');
        words.insert(0, word);
        if !numeric || words.len() >= 3 {
            break;
        }
    }
    let mut base: String = words
        .join("_")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    base = base.trim_matches('_').to_string();
    if base.is_empty() {
        base = "Inline".to_string();
    }
    let taken = |name: &str| document.pointer(&format!("/components/{section}/{}", escape(name))).is_some();
    let mut name = base.clone();
    let mut counter = 2;
    while taken(&name) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    name
}

/// Decodes `%XX` escapes in a URI fragment.
fn percent_decode(text: &str) -> String {
    crate::resolve::percent_decode(text)
}

type Found = Vec<(String, Kind, String)>;

fn walk_document(document: &Value, found: &mut Found) {
    for section in ["paths", "webhooks"] {
        each_member(document, section, "", |item, pointer| walk(item, pointer, Kind::PathItem, found));
    }
    let Some(components) = document.get("components") else {
        return;
    };
    for (section, kind) in [
        ("schemas", Kind::Schema),
        ("parameters", Kind::Parameter),
        ("headers", Kind::Header),
        ("requestBodies", Kind::RequestBody),
        ("responses", Kind::Response),
        ("pathItems", Kind::PathItem),
        ("callbacks", Kind::Callback),
        ("links", Kind::Link),
        ("examples", Kind::Example),
    ] {
        each_member(components, section, "/components", |item, pointer| walk(item, pointer, kind, found));
    }
}

fn each_member(value: &Value, key: &str, pointer: &str, mut f: impl FnMut(&Value, &str)) {
    if let Some(Value::Object(map)) = value.get(key) {
        let base = push_pointer(pointer, key);
        for (name, member) in map {
            f(member, &push_pointer(&base, name));
        }
    }
}

fn each_item(value: &Value, key: &str, pointer: &str, mut f: impl FnMut(&Value, &str)) {
    if let Some(Value::Array(items)) = value.get(key) {
        let base = push_pointer(pointer, key);
        for (index, item) in items.iter().enumerate() {
            f(item, &push_pointer(&base, &index.to_string()));
        }
    }
}

fn walk(value: &Value, pointer: &str, kind: Kind, found: &mut Found) {
    let Value::Object(map) = value else {
        return;
    };
    if let Some(Value::String(target)) = map.get("$ref") {
        found.push((pointer.to_string(), kind, target.clone()));
        if kind != Kind::Schema {
            return;
        }
    }
    match kind {
        Kind::PathItem => {
            each_item(value, "parameters", pointer, |child, at| walk(child, at, Kind::Parameter, found));
            for method in METHODS {
                if let Some(operation) = map.get(*method) {
                    walk(operation, &push_pointer(pointer, method), Kind::Operation, found);
                }
            }
        }
        Kind::Operation => {
            each_item(value, "parameters", pointer, |child, at| walk(child, at, Kind::Parameter, found));
            if let Some(body) = map.get("requestBody") {
                walk(body, &push_pointer(pointer, "requestBody"), Kind::RequestBody, found);
            }
            each_member(value, "responses", pointer, |child, at| walk(child, at, Kind::Response, found));
            each_member(value, "callbacks", pointer, |child, at| walk(child, at, Kind::Callback, found));
        }
        Kind::Callback => {
            for (expression, item) in map {
                walk(item, &push_pointer(pointer, expression), Kind::PathItem, found);
            }
        }
        Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response => {
            if let Some(schema) = map.get("schema") {
                walk(schema, &push_pointer(pointer, "schema"), Kind::Schema, found);
            }
            each_member(value, "content", pointer, |child, at| walk(child, at, Kind::Media, found));
            each_member(value, "headers", pointer, |child, at| walk(child, at, Kind::Header, found));
            each_member(value, "examples", pointer, |child, at| walk(child, at, Kind::Example, found));
            each_member(value, "links", pointer, |child, at| walk(child, at, Kind::Link, found));
        }
        Kind::Media => {
            if let Some(schema) = map.get("schema") {
                walk(schema, &push_pointer(pointer, "schema"), Kind::Schema, found);
            }
            each_member(value, "examples", pointer, |child, at| walk(child, at, Kind::Example, found));
            each_member(value, "encoding", pointer, |encoding, at| {
                each_member(encoding, "headers", at, |child, at| walk(child, at, Kind::Header, found));
            });
        }
        Kind::Schema => {
            for key in ["properties", "patternProperties", "$defs", "definitions"] {
                each_member(value, key, pointer, |child, at| walk(child, at, Kind::Schema, found));
            }
            for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
                each_item(value, key, pointer, |child, at| walk(child, at, Kind::Schema, found));
            }
            for key in ["items", "additionalProperties", "not", "contains", "if", "then", "else"] {
                if let Some(child) = map.get(key) {
                    walk(child, &push_pointer(pointer, key), Kind::Schema, found);
                }
            }
        }
        Kind::Example | Kind::Link => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_into_paths_become_components() {
        let mut document = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "", "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "self": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}
                }}}}},
                "404": {"description": "", "content": {"application/json": {"schema": {
                    "$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/self"
                }}}}
            }}}}
        });
        let warnings = hoist(&mut document);
        assert_eq!(warnings.len(), 2);
        let schema = &document["components"]["schemas"]["a_200"];
        assert_eq!(schema["properties"]["self"], json!({"$ref": "#/components/schemas/a_200"}));
        assert_eq!(document["components"]["schemas"]["self"], json!({"$ref": "#/components/schemas/a_200"}));
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["404"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/self"})
        );
    }

    #[test]
    fn defs_become_components_named_after_them() {
        let mut document = json!({"components": {"schemas": {
            "A": {"$defs": {"B": {"type": "string"}}, "properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"}}}
        }}});
        hoist(&mut document);
        assert_eq!(document["components"]["schemas"]["B"], json!({"type": "string"}));
        assert_eq!(
            document["components"]["schemas"]["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/B"})
        );
    }
}
