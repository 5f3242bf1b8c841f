//! Part of the load stage, driven by [`LifecycleSettings`]. It leaves out
//! operations, parameters, properties and union members that are marked
//! undocumented, draft or deprecated, as the settings choose. Deprecation
//! is `deprecated: true` or the deprecation extension
//! (`x-deprecated: "Use foo."`); a kept deprecated item gets
//! `deprecated: true` plus the note, which the model reads from
//! [`DEPRECATION_NOTE`].
//!
//! A component schema with a dropped flag is left out where a property,
//! parameter or union member refers to it. Elsewhere, such as in a request
//! body, it stays.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::config::{Keep, LifecycleSettings};
use crate::diagnostic::pointer_tokens;

/// The member that carries the note of a deprecation extension to the model.
pub const DEPRECATION_NOTE: &str = "x-openapi-gen-deprecation-note";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Counts of the flagged items, and the schemas that removed items used.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    /// Items marked by an undocumented extension.
    pub undocumented: usize,
    /// Items marked by a draft extension.
    pub draft: usize,
    /// Items marked by the deprecation extension.
    pub deprecated: usize,
    /// `components.schemas` keys that removed items referred to: their
    /// types are left out when nothing else reaches them.
    pub removed_schemas: BTreeSet<String>,
}

/// Rewrites `document` in place.
pub fn apply(document: &mut Value, settings: &LifecycleSettings) -> Found {
    let mut rewrite = Rewrite {
        settings,
        found: Found::default(),
        dropped_schemas: BTreeSet::new(),
        removed: Vec::new(),
    };
    // Component schemas that are flagged themselves, so that references to
    // them count as flagged.
    if let Some(Value::Object(schemas)) = document.pointer("/components/schemas") {
        let flagged: BTreeSet<String> = schemas
            .iter()
            .filter(|(_, schema)| rewrite.is_dropped(schema))
            .map(|(key, _)| format!("#/components/schemas/{}", key.replace('~', "~0").replace('/', "~1")))
            .collect();
        rewrite.dropped_schemas = flagged;
    }
    rewrite.found = Found::default();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            rewrite.path_item(item);
        }
        // A path whose every operation is left out goes as a whole.
        paths.retain(|_, item| match item {
            Value::Object(members) => members.keys().any(|key| METHODS.contains(&key.as_str())) || members.contains_key("$ref"),
            _ => true,
        });
    }
    if let Some(components) = document.get_mut("components") {
        rewrite.walk(components);
    }
    let mut found = rewrite.found;
    for removed in &rewrite.removed {
        found.removed_schemas.extend(schema_references(removed, document));
    }
    found
}

/// Returns the `components.schemas` keys that `value` refers to, following
/// references to other components (parameters, responses, request bodies,
/// headers) and to paths, but not from one schema to another.
pub fn schema_references(value: &Value, document: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut followed = BTreeSet::new();
    let mut stack = vec![value];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(members) => {
                if let Some(Value::String(reference)) = members.get("$ref") {
                    if let Some(pointer) = reference.strip_prefix('#') {
                        let tokens = pointer_tokens(pointer);
                        match tokens.as_slice() {
                            [components, kind, key] if components == "components" && kind == "schemas" => {
                                keys.insert(key.clone());
                            }
                            _ => {
                                if followed.insert(pointer.to_string()) {
                                    stack.extend(document.pointer(pointer));
                                }
                            }
                        }
                    }
                }
                stack.extend(members.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    keys
}

struct Rewrite<'a> {
    settings: &'a LifecycleSettings,
    found: Found,
    /// References (`#/components/schemas/...`) to flagged schemas.
    dropped_schemas: BTreeSet<String>,
    /// Items removed so far, scanned at the end for the schemas they used.
    removed: Vec<Value>,
}

impl Rewrite<'_> {
    /// Returns whether a flag of `value` leaves it out, and counts its
    /// flags.
    fn is_dropped(&mut self, value: &Value) -> bool {
        let marked = |extensions: &[String]| {
            extensions.iter().any(|extension| {
                value
                    .get(extension)
                    .is_some_and(|flag| !matches!(flag, Value::Null | Value::Bool(false)))
            })
        };
        let undocumented = marked(&self.settings.undocumented_extensions);
        let draft = marked(&self.settings.draft_extensions);
        let deprecated_extension = self
            .settings
            .deprecated_extension
            .as_ref()
            .is_some_and(|extension| marked(std::slice::from_ref(extension)));
        let deprecated = deprecated_extension || value.get("deprecated") == Some(&Value::Bool(true));
        self.found.undocumented += usize::from(undocumented);
        self.found.draft += usize::from(draft);
        let reference = value.get("$ref").and_then(Value::as_str);
        (undocumented && self.settings.undocumented == Keep::Drop)
            || (draft && self.settings.draft == Keep::Drop)
            || (deprecated && self.settings.deprecated == Keep::Drop)
            || reference.is_some_and(|reference| self.dropped_schemas.contains(reference))
    }

    /// Returns whether a parameter, property or union member goes, judging
    /// by itself and by its `schema`.
    fn dropped(&mut self, item: &Value) -> bool {
        self.is_dropped(item) || item.get("schema").is_some_and(|schema| self.is_dropped(schema))
    }

    fn path_item(&mut self, item: &mut Value) {
        let Value::Object(members) = item else {
            return;
        };
        let dropped: Vec<String> = members
            .iter()
            .filter(|(key, _)| METHODS.contains(&key.as_str()))
            .filter(|(_, operation)| self.is_dropped(operation))
            .map(|(key, _)| key.clone())
            .collect();
        for key in dropped {
            self.removed.extend(members.remove(&key));
        }
        self.walk(item);
    }

    /// Visits every object below `value`, except examples.
    fn walk(&mut self, value: &mut Value) {
        match value {
            Value::Object(members) => {
                self.deprecation(members);
                if let Some(Value::Object(properties)) = members.get_mut("properties") {
                    let dropped: Vec<String> = properties
                        .iter()
                        .filter(|(_, schema)| self.dropped(schema))
                        .map(|(name, _)| name.clone())
                        .collect();
                    for name in &dropped {
                        self.removed.extend(properties.remove(name));
                    }
                    if let Some(Value::Array(required)) = members.get_mut("required") {
                        required.retain(|name| !dropped.iter().any(|dropped| name.as_str() == Some(dropped)));
                    }
                }
                for key in ["oneOf", "anyOf", "parameters"] {
                    if let Some(Value::Array(items)) = members.get_mut(key) {
                        let keep: Vec<bool> = items.iter().map(|item| !self.dropped(item)).collect();
                        // A union keeps at least one member.
                        let some_go = keep.iter().any(|keep| !*keep);
                        if some_go && (key == "parameters" || keep.iter().any(|keep| *keep)) {
                            for (item, keep) in std::mem::take(items).into_iter().zip(keep) {
                                if keep {
                                    items.push(item);
                                } else {
                                    self.removed.push(item);
                                }
                            }
                        }
                    }
                }
                for (key, member) in members.iter_mut() {
                    if key != "example" && key != "examples" {
                        self.walk(member);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item);
                }
            }
            _ => {}
        }
    }

    fn deprecation(&mut self, members: &mut serde_json::Map<String, Value>) {
        let Some(extension) = &self.settings.deprecated_extension else {
            return;
        };
        let note = match members.get(extension) {
            None | Some(Value::Null | Value::Bool(false)) => return,
            Some(Value::String(note)) => Some(note.clone()),
            Some(_) => None,
        };
        self.found.deprecated += 1;
        members.insert("deprecated".to_string(), Value::Bool(true));
        if let Some(note) = note {
            members.insert(DEPRECATION_NOTE.to_string(), Value::String(note));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn seam() -> LifecycleSettings {
        LifecycleSettings {
            undocumented_extensions: vec!["x-undocumented".to_string()],
            deprecated_extension: Some("x-deprecated".to_string()),
            ..LifecycleSettings::default()
        }
    }

    #[test]
    fn leaves_out_hidden_items_and_notes_deprecation() {
        let mut document = json!({
            "paths": {
                "/a": {"get": {"x-undocumented": "internal"}},
                "/b": {"post": {"x-deprecated": "Use /c.", "parameters": [{"name": "p", "in": "query", "schema": {"x-undocumented": true}}]}}
            },
            "components": {"schemas": {"S": {"properties": {"x": {"x-undocumented": "no"}, "y": {}}, "required": ["x", "y"]}}}
        });
        let found = apply(&mut document, &seam());
        assert_eq!(found.undocumented, 3);
        assert_eq!(found.deprecated, 1);
        assert_eq!(
            document,
            json!({
                "paths": {"/b": {"post": {"x-deprecated": "Use /c.", "deprecated": true, DEPRECATION_NOTE: "Use /c.", "parameters": []}}},
                "components": {"schemas": {"S": {"properties": {"y": {}}, "required": ["y"]}}}
            })
        );
    }

    #[test]
    fn keep_undocumented_keeps_everything() {
        let mut document = json!({"paths": {"/a": {"get": {"x-undocumented": true}}}});
        let before = document.clone();
        let settings = LifecycleSettings {
            undocumented: Keep::Keep,
            ..seam()
        };
        apply(&mut document, &settings);
        assert_eq!(document, before);
    }

    #[test]
    fn drop_deprecated_removes_items_and_reports_schemas() {
        let mut document = json!({
            "paths": {
                "/a": {"get": {"deprecated": true, "responses": {"200": {"$ref": "#/components/responses/Old"}}}},
                "/b": {"get": {"parameters": [{"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/Gone"}}]}}
            },
            "components": {
                "responses": {"Old": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Legacy"}}}}},
                "schemas": {
                    "Legacy": {"type": "object"},
                    "Gone": {"type": "string", "x-deprecated": "Use q."},
                    "S": {"properties": {"old": {"type": "string", "deprecated": true}, "new": {}}}
                }
            }
        });
        let settings = LifecycleSettings {
            deprecated: Keep::Drop,
            ..seam()
        };
        let found = apply(&mut document, &settings);
        assert!(document.pointer("/paths/~1a").is_none());
        assert_eq!(document.pointer("/paths/~1b/get/parameters"), Some(&json!([])));
        assert!(document.pointer("/components/schemas/S/properties/old").is_none());
        assert!(document.pointer("/components/schemas/S/properties/new").is_some());
        assert_eq!(found.removed_schemas, ["Gone".to_string(), "Legacy".to_string()].into());
    }

    #[test]
    fn draft_flags_are_separate() {
        let mut document = json!({"paths": {"/a": {"get": {"x-draft": true}}, "/b": {"get": {"x-undocumented": true}}}});
        let settings = LifecycleSettings {
            draft_extensions: vec!["x-draft".to_string()],
            draft: Keep::Keep,
            ..seam()
        };
        let found = apply(&mut document, &settings);
        assert!(document.pointer("/paths/~1a/get").is_some());
        assert!(document.pointer("/paths/~1b").is_none());
        assert_eq!((found.draft, found.undocumented), (1, 1));
    }
}
