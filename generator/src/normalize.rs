//! Part of the load stage: rewrites a document into the OpenAPI 3.0 shape
//! that `openapiv3` reads, so that later stages see one dialect.
//!
//! In every schema (found by walking the places the specification puts
//! schemas, never by guessing from key names):
//! - `$ref` with sibling keywords becomes `allOf: [{$ref}]` plus the
//!   siblings, so that `nullable`, `description` or `readOnly` next to a
//!   reference are kept (OpenAPI 3.0 ignores them, but writers mean them).
//! - Numeric `exclusiveMinimum`/`exclusiveMaximum` (the JSON Schema 2020-12
//!   form) becomes `minimum`/`maximum` plus `true`; in a 3.0 document this is
//!   a warning.
//! - OpenAPI 3.1 only: `type` arrays become `nullable` plus one type, or a
//!   `oneOf` of one schema per type; `type: "null"` members of `oneOf` and
//!   `anyOf` become `nullable`; `const` becomes a one-value `enum`; an
//!   `examples` array becomes `example`.
//! - A member of `oneOf`/`anyOf` that has only `type: object` and
//!   `nullable: true` (with at most a `title` or `description`) means
//!   `null` beside the other members. It is removed, and the schema becomes
//!   `nullable`. Documents converted from OData (Microsoft Graph writes
//!   `anyOf: [{$ref}, {type: object, nullable: true}]` thousands of times)
//!   use it as the OpenAPI 3.0 spelling of a nullable reference.

use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};

/// Keywords that only apply to one JSON type, moved with that type when a
/// `type` array is split.
const KEYWORDS_BY_TYPE: &[(&str, &[&str])] = &[
    ("string", &["format", "pattern", "minLength", "maxLength"]),
    ("integer", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("number", &["format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("object", &["properties", "required", "additionalProperties", "minProperties", "maxProperties"]),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
];

/// Rewrites `document` in place; `version_3_1` enables the 3.1 rules.
/// Returns warnings, located by JSON pointer only.
pub fn normalize(document: &mut Value, version_3_1: bool) -> Vec<Diagnostic> {
    let mut normalizer = Normalizer {
        version_3_1,
        warnings: Vec::new(),
    };
    normalizer.document(document);
    normalizer.warnings
}

struct Normalizer {
    version_3_1: bool,
    warnings: Vec<Diagnostic>,
}

/// Calls `f` on each member value of an object member that is a map.
fn each_member(value: &mut Value, key: &str, pointer: &str, mut f: impl FnMut(&mut Value, &str)) {
    if let Some(Value::Object(map)) = value.get_mut(key) {
        let base = push_pointer(pointer, key);
        for (name, member) in map.iter_mut() {
            f(member, &push_pointer(&base, name));
        }
    }
}

/// Calls `f` on each item of an array member.
fn each_item(value: &mut Value, key: &str, pointer: &str, mut f: impl FnMut(&mut Value, &str)) {
    if let Some(Value::Array(items)) = value.get_mut(key) {
        let base = push_pointer(pointer, key);
        for (index, item) in items.iter_mut().enumerate() {
            f(item, &push_pointer(&base, &index.to_string()));
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Normalizer {
    fn document(&mut self, document: &mut Value) {
        if self.version_3_1 {
            if let Value::Object(root) = document {
                root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
            }
        }
        each_member(document, "paths", "", |item, pointer| self.path_item(item, pointer));
        each_member(document, "webhooks", "", |item, pointer| self.path_item(item, pointer));
        let Some(components) = document.get_mut("components") else {
            return;
        };
        let base = "/components";
        each_member(components, "schemas", base, |schema, pointer| self.schema(schema, pointer));
        each_member(components, "parameters", base, |parameter, pointer| self.parameter(parameter, pointer));
        each_member(components, "headers", base, |header, pointer| self.parameter(header, pointer));
        each_member(components, "requestBodies", base, |body, pointer| self.content_holder(body, pointer));
        each_member(components, "responses", base, |response, pointer| self.response(response, pointer));
        each_member(components, "pathItems", base, |item, pointer| self.path_item(item, pointer));
        each_member(components, "callbacks", base, |callback, pointer| self.callback(callback, pointer));
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        each_item(item, "parameters", pointer, |parameter, pointer| self.parameter(parameter, pointer));
        for method in METHODS {
            if let Some(operation) = item.get_mut(*method) {
                let operation_pointer = push_pointer(pointer, method);
                self.operation(operation, &operation_pointer);
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str) {
        each_item(operation, "parameters", pointer, |parameter, pointer| self.parameter(parameter, pointer));
        if let Some(body) = operation.get_mut("requestBody") {
            self.content_holder(body, &push_pointer(pointer, "requestBody"));
        }
        each_member(operation, "responses", pointer, |response, pointer| self.response(response, pointer));
        each_member(operation, "callbacks", pointer, |callback, pointer| self.callback(callback, pointer));
    }

    fn callback(&mut self, callback: &mut Value, pointer: &str) {
        if let Value::Object(map) = callback {
            for (expression, item) in map.iter_mut() {
                self.path_item(item, &push_pointer(pointer, expression));
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        self.content_parameter(parameter, pointer);
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &push_pointer(pointer, "schema"));
        }
        self.content_holder(parameter, pointer);
    }

    /// A parameter or header described by `content` is read as a string
    /// that holds the value serialized in that media type.
    fn content_parameter(&mut self, parameter: &mut Value, pointer: &str) {
        let Value::Object(map) = parameter else {
            return;
        };
        if map.contains_key("schema") || map.contains_key("$ref") {
            return;
        }
        let Some(Value::Object(content)) = map.remove("content") else {
            return;
        };
        let media_type = content.keys().next().cloned().unwrap_or_default();
        map.insert("schema".to_string(), serde_json::json!({"type": "string"}));
        self.warnings.push(
            Diagnostic::warning(format!(
                "parameter described by `content` ({media_type}): read as a string that the caller serializes"
            ))
            .at(push_pointer(pointer, "content")),
        );
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        self.content_holder(response, pointer);
        each_member(response, "headers", pointer, |header, pointer| self.parameter(header, pointer));
    }

    /// Request bodies, responses and parameters with `content`.
    fn content_holder(&mut self, holder: &mut Value, pointer: &str) {
        each_member(holder, "content", pointer, |media, pointer| {
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &push_pointer(pointer, "schema"));
            }
            each_member(media, "encoding", pointer, |encoding, pointer| {
                each_member(encoding, "headers", pointer, |header, pointer| self.parameter(header, pointer));
            });
        });
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        // JSON Schema's boolean schemas: `true` allows anything, `false`
        // nothing.
        if let Value::Bool(allowed) = schema {
            *schema = if *allowed {
                Value::Object(Map::new())
            } else {
                serde_json::json!({"not": {}})
            };
        }
        let Value::Object(map) = schema else {
            return;
        };
        self.prefix_items(map, pointer);
        self.exclusive_bounds(map, pointer);
        if self.version_3_1 {
            if let Some(constant) = map.remove("const") {
                map.insert("enum".to_string(), Value::Array(vec![constant]));
            }
            if let Some(Value::Array(examples)) = map.remove("examples") {
                if let Some(first) = examples.into_iter().next() {
                    map.entry("example").or_insert(first);
                }
            }
        }
        // `type` arrays, `type: "null"` and `items` arrays are invalid in
        // OpenAPI 3.0, but documents converted from JSON Schema have them.
        if !self.version_3_1 && map.get("type").is_some_and(Value::is_array) {
            self.warnings.push(
                Diagnostic::warning("a `type` array is the OpenAPI 3.1 form; read as in OpenAPI 3.1")
                    .at(push_pointer(pointer, "type")),
            );
        }
        self.type_array(map);
        if let Some(Value::Array(choices)) = map.get("items").filter(|items| items.is_array()).cloned() {
            self.warnings.push(
                Diagnostic::warning("an `items` array is read as `items: {anyOf: [...]}`").at(push_pointer(pointer, "items")),
            );
            map.insert("items".to_string(), serde_json::json!({"anyOf": choices}));
        }
        self.null_members(map, "oneOf");
        self.null_members(map, "anyOf");
        if map.contains_key("$ref") && map.len() > 1 {
            wrap_reference(map);
        }

        for key in ["properties", "patternProperties", "$defs", "definitions"] {
            each_member(schema, key, pointer, |child, pointer| self.schema(child, pointer));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            each_item(schema, key, pointer, |child, pointer| self.schema(child, pointer));
        }
        for key in ["items", "additionalProperties", "not", "contains", "if", "then", "else"] {
            if let Some(child) = schema.get_mut(key) {
                // `additionalProperties` may be a boolean in OpenAPI 3.0 too.
                if key == "additionalProperties" && child.is_boolean() {
                    continue;
                }
                self.schema(child, &push_pointer(pointer, key));
            }
        }
    }

    /// `prefixItems` (a tuple) has no 3.0 form: the items are read as any
    /// of the tuple's member schemas.
    fn prefix_items(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(members)) = map.remove("prefixItems") else {
            return;
        };
        let mut choices = members;
        match map.remove("items") {
            Some(Value::Bool(false)) | None => {}
            Some(rest) => choices.push(rest),
        }
        map.insert("items".to_string(), serde_json::json!({"anyOf": choices}));
        self.warnings.push(
            Diagnostic::warning(
                "`prefixItems` (a tuple) is read as an array whose items are any of the tuple's schemas",
            )
            .at(push_pointer(pointer, "prefixItems")),
        );
    }

    fn exclusive_bounds(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            let Some(Value::Number(number)) = map.get(exclusive).cloned() else {
                continue;
            };
            if !self.version_3_1 {
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "numeric `{exclusive}: {number}` is the OpenAPI 3.1 form; read as `{bound}: {number}` with `{exclusive}: true`"
                    ))
                    .at(push_pointer(pointer, exclusive)),
                );
            }
            map.insert(bound.to_string(), Value::Number(number));
            map.insert(exclusive.to_string(), Value::Bool(true));
        }
    }

    /// `type: [string, "null"]` becomes `type: string, nullable: true`;
    /// several non-null types become a `oneOf`.
    fn type_array(&mut self, map: &mut Map<String, Value>) {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Array(types)) => types.iter().filter_map(|item| item.as_str().map(str::to_string)).collect(),
            Some(Value::String(single)) if single == "null" => vec!["null".to_string()],
            _ => return,
        };
        let nullable = types.iter().any(|name| name == "null");
        let concrete: Vec<&String> = types.iter().filter(|name| *name != "null").collect();
        map.remove("type");
        if nullable {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
        match concrete.as_slice() {
            [] => {}
            [single] => {
                map.insert("type".to_string(), Value::String((*single).clone()));
            }
            several => {
                let members = several
                    .iter()
                    .map(|name| {
                        let mut member = Map::new();
                        member.insert("type".to_string(), Value::String((*name).clone()));
                        let keywords = KEYWORDS_BY_TYPE
                            .iter()
                            .find(|(type_name, _)| type_name == name)
                            .map(|(_, keywords)| *keywords)
                            .unwrap_or_default();
                        for keyword in keywords {
                            if let Some(value) = map.get(*keyword) {
                                member.insert((*keyword).to_string(), value.clone());
                            }
                        }
                        Value::Object(member)
                    })
                    .collect();
                for (_, keywords) in KEYWORDS_BY_TYPE {
                    for keyword in *keywords {
                        map.remove(*keyword);
                    }
                }
                map.insert("oneOf".to_string(), Value::Array(members));
            }
        }
    }

    /// Removes `{type: "null"}` members of `oneOf`/`anyOf`, and
    /// `{type: object, nullable: true}` members beside others, and marks the
    /// schema `nullable` instead.
    fn null_members(&mut self, map: &mut Map<String, Value>, keyword: &str) {
        let Some(Value::Array(members)) = map.get_mut(keyword) else {
            return;
        };
        let before = members.len();
        members.retain(|member| member.get("type").and_then(Value::as_str) != Some("null"));
        if members.iter().any(|member| !is_null_placeholder(member)) {
            members.retain(|member| !is_null_placeholder(member));
        }
        if members.len() == before {
            return;
        }
        map.insert("nullable".to_string(), Value::Bool(true));
        // One remaining member: the schema is that member, nullable.
        if let Some(Value::Array(members)) = map.get(keyword) {
            if let [only] = members.as_slice() {
                let only = only.clone();
                map.remove(keyword);
                map.insert("allOf".to_string(), Value::Array(vec![only]));
            }
        }
    }
}

/// Returns whether `member` is `{type: object, nullable: true}` with no
/// other constraint, which a union uses to allow `null`.
fn is_null_placeholder(member: &Value) -> bool {
    let Some(map) = member.as_object() else {
        return false;
    };
    map.get("type").and_then(Value::as_str) == Some("object")
        && map.get("nullable") == Some(&Value::Bool(true))
        && map.keys().all(|key| matches!(key.as_str(), "type" | "nullable" | "title" | "description"))
}

/// Moves `$ref` into `allOf` so that its sibling keywords stay in effect.
fn wrap_reference(map: &mut Map<String, Value>) {
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut target = Map::new();
    target.insert("$ref".to_string(), reference);
    match map.get_mut("allOf") {
        Some(Value::Array(members)) => members.insert(0, Value::Object(target)),
        _ => {
            map.insert("allOf".to_string(), Value::Array(vec![Value::Object(target)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema_after(schema: Value, version_3_1: bool) -> (Value, usize) {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        let warnings = normalize(&mut document, version_3_1);
        (document["components"]["schemas"]["S"].clone(), warnings.len())
    }

    #[test]
    fn reference_siblings_move_into_all_of() {
        let (schema, _) = schema_after(json!({"$ref": "#/components/schemas/P", "nullable": true}), false);
        assert_eq!(schema, json!({"allOf": [{"$ref": "#/components/schemas/P"}], "nullable": true}));
    }

    #[test]
    fn plain_reference_is_unchanged() {
        let (schema, _) = schema_after(json!({"$ref": "#/components/schemas/P"}), false);
        assert_eq!(schema, json!({"$ref": "#/components/schemas/P"}));
    }

    #[test]
    fn numeric_exclusive_minimum_in_3_0_warns() {
        let (schema, warnings) = schema_after(json!({"type": "number", "exclusiveMinimum": 0}), false);
        assert_eq!(schema, json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(warnings, 1);
    }

    #[test]
    fn type_array_with_null() {
        let (schema, _) = schema_after(json!({"type": ["integer", "null"], "format": "int32"}), true);
        assert_eq!(schema, json!({"type": "integer", "format": "int32", "nullable": true}));
    }

    #[test]
    fn type_array_of_two_types() {
        let (schema, _) = schema_after(json!({"type": ["string", "integer"], "format": "int64"}), true);
        assert_eq!(
            schema,
            json!({"oneOf": [{"type": "string", "format": "int64"}, {"type": "integer", "format": "int64"}]})
        );
    }

    #[test]
    fn const_and_examples() {
        let (schema, _) = schema_after(json!({"const": "a", "examples": ["a", "b"]}), true);
        assert_eq!(schema, json!({"enum": ["a"], "example": "a"}));
    }

    #[test]
    fn null_member_of_any_of() {
        let (schema, _) = schema_after(json!({"anyOf": [{"$ref": "#/components/schemas/P"}, {"type": "null"}]}), true);
        assert_eq!(schema, json!({"allOf": [{"$ref": "#/components/schemas/P"}], "nullable": true}));
    }

    #[test]
    fn nullable_object_member_means_null() {
        let member = json!({"anyOf": [{"$ref": "#/components/schemas/P"}, {"type": "object", "nullable": true}]});
        let (schema, _) = schema_after(member, false);
        assert_eq!(schema, json!({"allOf": [{"$ref": "#/components/schemas/P"}], "nullable": true}));
        // Alone, or with properties, it is an object like any other.
        let alone = json!({"anyOf": [{"type": "object", "nullable": true}]});
        assert_eq!(schema_after(alone.clone(), false).0, alone);
        let typed = json!({"oneOf": [{"type": "string"}, {"type": "object", "nullable": true, "properties": {"a": {}}}]});
        assert_eq!(schema_after(typed.clone(), false).0, typed);
    }

    #[test]
    fn properties_named_like_keywords_are_schemas() {
        let (schema, _) = schema_after(json!({"properties": {"const": {"type": "string"}}}), true);
        assert_eq!(schema, json!({"properties": {"const": {"type": "string"}}}));
    }
}
