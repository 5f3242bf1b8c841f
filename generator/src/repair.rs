//! Part of the load stage: reads the mistakes that published documents
//! commonly make, each with a warning naming its JSON pointer:
//! - `description: null` is dropped (a response gets an empty description);
//! - a response without `description` gets an empty one;
//! - an operation without `responses` gets an empty map (OpenAPI 3.1 makes
//!   it optional, so there is no warning there);
//! - a parameter's `required` that is a string (`required: optional`) is
//!   read as `true` for `"true"` and as `false` otherwise, except that path
//!   parameters are always required.

use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The result of `repair`: its warnings and the path templates it rewrote.
#[derive(Debug, Default)]
pub struct Repaired {
    /// Warnings, each with the JSON pointer of what was repaired.
    pub warnings: Vec<Diagnostic>,
    /// Path templates that were read differently from how they are written:
    /// the JSON pointer of the path item as read, and as written.
    pub renamed_paths: Vec<(String, String)>,
}

/// Repairs `document` in place.
pub fn repair(document: &mut Value, version_3_1: bool) -> Repaired {
    let mut repairer = Repairer {
        version_3_1,
        warnings: Vec::new(),
        renamed_paths: Vec::new(),
    };
    repairer.null_descriptions(document, "", None);
    repairer.servers(document, "");
    repairer.path_templates(document);
    for section in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = document.get_mut(section) {
            for (path, item) in items.iter_mut() {
                repairer.path_item(item, &push_pointer(&push_pointer("", section), path));
            }
        }
    }
    if let Some(components) = document.get_mut("components") {
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                repairer.response(response, &push_pointer("/components/responses", name));
            }
        }
        if let Some(Value::Object(parameters)) = components.get_mut("parameters") {
            for (name, parameter) in parameters.iter_mut() {
                repairer.parameter(parameter, &push_pointer("/components/parameters", name));
            }
        }
        if let Some(Value::Object(items)) = components.get_mut("pathItems") {
            for (name, item) in items.iter_mut() {
                repairer.path_item(item, &push_pointer("/components/pathItems", name));
            }
        }
    }
    Repaired {
        warnings: repairer.warnings,
        renamed_paths: repairer.renamed_paths,
    }
}

struct Repairer {
    version_3_1: bool,
    warnings: Vec<Diagnostic>,
    renamed_paths: Vec<(String, String)>,
}

impl Repairer {
    /// Server variable values must be strings; numbers (`port: {default:
    /// 443}`) are read as their text.
    fn servers(&mut self, holder: &mut Value, pointer: &str) {
        let Some(Value::Array(servers)) = holder.get_mut("servers") else {
            return;
        };
        for (index, server) in servers.iter_mut().enumerate() {
            let Some(Value::Object(variables)) = server.get_mut("variables") else {
                continue;
            };
            for (name, variable) in variables.iter_mut() {
                let variable_pointer = format!("{pointer}/servers/{index}/variables/{}", name.replace('~', "~0").replace('/', "~1"));
                if let Some(value) = variable.get_mut("default") {
                    self.stringify(value, &push_pointer(&variable_pointer, "default"));
                }
                if let Some(Value::Array(values)) = variable.get_mut("enum") {
                    for (position, value) in values.iter_mut().enumerate() {
                        self.stringify(value, &format!("{variable_pointer}/enum/{position}"));
                    }
                }
            }
        }
    }

    fn stringify(&mut self, value: &mut Value, pointer: &str) {
        if matches!(value, Value::Number(_) | Value::Bool(_)) {
            let text = value.to_string();
            self.warn(pointer.to_string(), format!("server variable value `{text}` is not a string: read as \"{text}\""));
            *value = Value::String(text);
        }
    }

    /// Reads `{name*}`, `{.name}` and `{;name*}` in a path template as
    /// `{name}`, because the parameter's `style` and `explode` decide how
    /// the value is written, and declares path parameters that the template
    /// uses but no operation declares as required strings.
    fn path_templates(&mut self, document: &mut Value) {
        let components = document.pointer("/components/parameters").cloned().unwrap_or(Value::Null);
        let Some(Value::Object(paths)) = document.get_mut("paths") else {
            return;
        };
        let old = std::mem::take(paths);
        for (path, mut item) in old {
            let pointer = push_pointer("/paths", &path);
            let declared = |holder: &Value| -> Vec<String> {
                let Some(Value::Array(parameters)) = holder.get("parameters") else {
                    return Vec::new();
                };
                parameters
                    .iter()
                    .filter_map(|parameter| {
                        let parameter = match parameter.get("$ref").and_then(Value::as_str) {
                            Some(reference) => components.get(reference.strip_prefix("#/components/parameters/")?)?,
                            None => parameter,
                        };
                        (parameter.get("in").and_then(Value::as_str) == Some("path"))
                            .then(|| parameter.get("name").and_then(Value::as_str).map(str::to_string))?
                    })
                    .collect()
            };
            let shared = declared(&item);
            let mut all_declared = shared.clone();
            for method in METHODS {
                if let Some(operation) = item.get(*method) {
                    all_declared.extend(declared(operation));
                }
            }
            let key = plain_template(&path, &all_declared);
            if key != path {
                self.warn(pointer.clone(), format!("path template `{path}` is read as `{key}`"));
                self.renamed_paths.push((push_pointer("/paths", &key), pointer.clone()));
            }
            let names = template_names(&key);
            for method in METHODS {
                let Some(operation) = item.get_mut(*method) else {
                    continue;
                };
                let mut known = shared.clone();
                known.extend(declared(operation));
                for name in &names {
                    if known.contains(name) {
                        continue;
                    }
                    let Value::Object(map) = operation else {
                        continue;
                    };
                    let parameters = map.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(parameters) = parameters {
                        parameters.push(serde_json::json!({
                            "name": name, "in": "path", "required": true, "schema": {"type": "string"}
                        }));
                        self.warnings.push(
                            Diagnostic::warning(format!(
                                "path parameter `{name}` is not declared: read as a required string"
                            ))
                            .at(push_pointer(&pointer, method)),
                        );
                    }
                }
            }
            paths.insert(key, item);
        }
    }

    fn warn(&mut self, pointer: String, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(message).at(pointer));
    }

    /// Drops every `description: null`, except inside example values and
    /// as a property name.
    fn null_descriptions(&mut self, value: &mut Value, pointer: &str, parent_key: Option<&str>) {
        match value {
            Value::Object(map) => {
                let names_are_data = matches!(parent_key, Some("properties" | "example" | "examples" | "value" | "default" | "enum"));
                if !names_are_data && map.get("description") == Some(&Value::Null) {
                    map.remove("description");
                    self.warn(push_pointer(pointer, "description"), "`description: null` is ignored");
                }
                if matches!(parent_key, Some("example" | "default" | "enum")) {
                    return;
                }
                for (key, child) in map.iter_mut() {
                    self.null_descriptions(child, &push_pointer(pointer, key), Some(key));
                }
            }
            Value::Array(items) => {
                if matches!(parent_key, Some("example" | "examples" | "default" | "enum")) {
                    return;
                }
                for (index, child) in items.iter_mut().enumerate() {
                    self.null_descriptions(child, &push_pointer(pointer, &index.to_string()), None);
                }
            }
            _ => {}
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        self.parameters(item, pointer);
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(*method) else {
                continue;
            };
            let operation_pointer = push_pointer(pointer, method);
            if !operation.contains_key("responses") {
                operation.insert("responses".to_string(), Value::Object(Map::new()));
                if !self.version_3_1 {
                    self.warn(
                        push_pointer(&operation_pointer, "responses"),
                        "operation without `responses`: read as documenting no response",
                    );
                }
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                for (status, response) in responses.iter_mut() {
                    let response_pointer = push_pointer(&push_pointer(&operation_pointer, "responses"), status);
                    self.response(response, &response_pointer);
                }
            }
            if let Some(operation) = item.get_mut(*method) {
                self.parameters(operation, &operation_pointer);
            }
        }
    }

    fn parameters(&mut self, holder: &mut Value, pointer: &str) {
        if let Some(Value::Array(parameters)) = holder.get_mut("parameters") {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                let parameter_pointer = push_pointer(&push_pointer(pointer, "parameters"), &index.to_string());
                self.parameter(parameter, &parameter_pointer);
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        let Value::Object(map) = parameter else {
            return;
        };
        let in_path = map.get("in").and_then(Value::as_str) == Some("path");
        if let Some(Value::String(text)) = map.get("required") {
            let required = in_path || text.eq_ignore_ascii_case("true");
            self.warn(
                push_pointer(pointer, "required"),
                format!("`required: {text}` is not a boolean: read as `required: {required}`"),
            );
            map.insert("required".to_string(), Value::Bool(required));
        }
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        let Value::Object(map) = response else {
            return;
        };
        if !map.contains_key("description") && !map.contains_key("$ref") {
            map.insert("description".to_string(), Value::String(String::new()));
            self.warn(pointer.to_string(), "response without `description`: read with an empty description");
        }
    }
}

/// Operators of RFC 6570 URI templates that can start an expression. OpenAPI
/// templates have none, but documents write label (`{.name}`) and matrix
/// (`{;name}`) expressions this way.
const TEMPLATE_OPERATORS: &[char] = &['.', ';', '/', '?', '&', '#', '+'];

/// Rewrites every expression of `path` to the bare parameter name: drops
/// the explode modifier `*`, and an operator in front of a name that is
/// only declared without it (`{slot.key}` stays when `slot.key` is declared).
fn plain_template(path: &str, declared: &[String]) -> String {
    let mut plain = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        plain.push_str(&rest[..=open]);
        let expression = &rest[open + 1..close];
        let name = expression.strip_suffix('*').unwrap_or(expression);
        let name = match name.strip_prefix(TEMPLATE_OPERATORS) {
            Some(bare) if !declared.iter().any(|known| known == name) && declared.iter().any(|known| known == bare) => bare,
            _ => name,
        };
        plain.push_str(name);
        plain.push('}');
        rest = &rest[close + 1..];
    }
    plain.push_str(rest);
    plain
}

/// The names between braces in a path template.
fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn string_required_becomes_boolean() {
        let mut document = json!({"paths": {"/a": {"get": {"responses": {}, "parameters": [
            {"name": "q", "in": "query", "required": "optional"},
            {"name": "p", "in": "path", "required": "optional"}
        ]}}}});
        let warnings = repair(&mut document, false).warnings;
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][0]["required"], json!(false));
        assert_eq!(document["paths"]["/a"]["get"]["parameters"][1]["required"], json!(true));
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[0].pointer.as_deref(), Some("/paths/~1a/get/parameters/0/required"));
    }

    #[test]
    fn missing_responses_and_descriptions() {
        let mut document = json!({"paths": {"/a": {
            "get": {"description": null},
            "post": {"responses": {"200": {"description": null}}}
        }}});
        let warnings = repair(&mut document, false).warnings;
        assert_eq!(document["paths"]["/a"]["get"], json!({"responses": {}}));
        assert_eq!(document["paths"]["/a"]["post"]["responses"]["200"], json!({"description": ""}));
        assert_eq!(warnings.len(), 4);
    }

    #[test]
    fn undeclared_path_parameters_are_strings() {
        let mut document = json!({"paths": {"/a/{id}/{x*}": {"parameters": [{"name": "x", "in": "path", "required": true}],
            "get": {"responses": {}}}}});
        let warnings = repair(&mut document, false).warnings;
        assert_eq!(
            document["paths"]["/a/{id}/{x}"]["get"]["parameters"],
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
        );
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            repair(&mut json!({"paths": {"/b/{.x*}": {"parameters": [{"name": "x", "in": "path"}]}}}), false).renamed_paths,
            [("/paths/~1b~1{x}".to_string(), "/paths/~1b~1{.x*}".to_string())]
        );
    }

    #[test]
    fn template_operators_are_dropped() {
        let declared = ["tags".to_string(), "slot.key".to_string(), "point".to_string()];
        assert_eq!(plain_template("/a/{.tags*}/{;point}", &declared), "/a/{tags}/{point}");
        assert_eq!(plain_template("/a/{slot.key}/{.undeclared}", &declared), "/a/{slot.key}/{.undeclared}");
        assert_eq!(plain_template("/a/{tags*}/{open", &declared), "/a/{tags}/{open");
    }

    #[test]
    fn null_in_examples_is_data() {
        let mut document = json!({"components": {"schemas": {"S": {"example": {"description": null}}}}});
        assert!(repair(&mut document, false).warnings.is_empty());
        assert_eq!(document["components"]["schemas"]["S"]["example"], json!({"description": null}));
    }
}
