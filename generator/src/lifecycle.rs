//! Part of the load stage, driven by [`LifecycleSettings`]. It leaves out
//! operations, parameters, properties and union members that an extension
//! marks as not public (`x-undocumented`, `x-draft`). It also turns a
//! deprecation extension (`x-deprecated: "Use foo."`) into `deprecated: true`
//! plus a note that the model reads from [`DEPRECATION_NOTE`].

use serde_json::Value;

use crate::config::LifecycleSettings;

/// The member that carries the note of a deprecation extension to the model.
pub const DEPRECATION_NOTE: &str = "x-openapi-gen-deprecation-note";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Counts of the flagged items, used to report settings that match nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Items marked by a hidden extension.
    pub hidden: usize,
    /// Items marked by the deprecation extension.
    pub deprecated: usize,
}

/// Rewrites `document` in place.
pub fn apply(document: &mut Value, settings: &LifecycleSettings) -> Found {
    let mut rewrite = Rewrite {
        settings,
        found: Found::default(),
    };
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
    rewrite.found
}

struct Rewrite<'a> {
    settings: &'a LifecycleSettings,
    found: Found,
}

impl Rewrite<'_> {
    fn is_hidden(&mut self, value: &Value) -> bool {
        let marked = self.settings.hidden_extensions.iter().any(|extension| {
            value
                .get(extension)
                .is_some_and(|flag| !matches!(flag, Value::Null | Value::Bool(false)))
        });
        if marked {
            self.found.hidden += 1;
        }
        marked && !self.settings.keep_hidden
    }

    fn path_item(&mut self, item: &mut Value) {
        let Value::Object(members) = item else {
            return;
        };
        let hidden: Vec<String> = members
            .iter()
            .filter(|(key, _)| METHODS.contains(&key.as_str()))
            .filter(|(_, operation)| self.is_hidden(operation))
            .map(|(key, _)| key.clone())
            .collect();
        for key in hidden {
            members.remove(&key);
        }
        self.walk(item);
    }

    /// Visits every object below `value`, except examples.
    fn walk(&mut self, value: &mut Value) {
        match value {
            Value::Object(members) => {
                self.deprecation(members);
                if let Some(Value::Object(properties)) = members.get_mut("properties") {
                    let hidden: Vec<String> = properties
                        .iter()
                        .filter(|(_, schema)| self.is_hidden(schema))
                        .map(|(name, _)| name.clone())
                        .collect();
                    for name in &hidden {
                        properties.remove(name);
                    }
                    if let Some(Value::Array(required)) = members.get_mut("required") {
                        required.retain(|name| !hidden.iter().any(|hidden| name.as_str() == Some(hidden)));
                    }
                }
                for key in ["oneOf", "anyOf", "parameters"] {
                    if let Some(Value::Array(items)) = members.get(key) {
                        let keep: Vec<bool> = items
                            .iter()
                            .map(|item| !(self.is_hidden(item) || item.get("schema").is_some_and(|schema| self.is_hidden(schema))))
                            .collect();
                        // A union keeps at least one member.
                        if key == "parameters" || keep.iter().any(|keep| *keep) {
                            if let Some(Value::Array(items)) = members.get_mut(key) {
                                let mut flags = keep.iter();
                                items.retain(|_| flags.next().copied().unwrap_or(true));
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
            hidden_extensions: vec!["x-undocumented".to_string()],
            keep_hidden: false,
            deprecated_extension: Some("x-deprecated".to_string()),
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
        assert_eq!(found, Found { hidden: 3, deprecated: 1 });
        assert_eq!(
            document,
            json!({
                "paths": {"/b": {"post": {"x-deprecated": "Use /c.", "deprecated": true, DEPRECATION_NOTE: "Use /c.", "parameters": []}}},
                "components": {"schemas": {"S": {"properties": {"y": {}}, "required": ["y"]}}}
            })
        );
    }

    #[test]
    fn keep_hidden_keeps_everything() {
        let mut document = json!({"paths": {"/a": {"get": {"x-undocumented": true}}}});
        let before = document.clone();
        let settings = LifecycleSettings {
            keep_hidden: true,
            ..seam()
        };
        apply(&mut document, &settings);
        assert_eq!(document, before);
    }
}
