//! Part of the load stage: converts a Swagger 2.0 document into an OpenAPI
//! 3.0 document, so that later stages see one dialect.
//!
//! - `definitions`, `parameters` and `responses` move under `components`,
//!   and references to them are rewritten.
//! - A `body` parameter becomes the `requestBody`, with one media type per
//!   entry of `consumes`; `formData` parameters become one object schema
//!   sent as `multipart/form-data` when `consumes` lists it or a parameter
//!   is a file, and as `application/x-www-form-urlencoded` otherwise.
//! - Other parameters get a `schema` made of their type keywords, and
//!   `collectionFormat` becomes `style` and `explode`.
//! - A response `schema` becomes `content` with one media type per entry of
//!   `produces`.
//! - `host`, `basePath` and `schemes` become `servers`.
//! - `securityDefinitions` become `securitySchemes` (`basic`, `apiKey`,
//!   `oauth2` with its flow).
//! - `type: file` becomes a binary string; `x-nullable` becomes `nullable`;
//!   a `discriminator` property name becomes a Discriminator Object.
//!
//! Each moved subtree is recorded as a pair of JSON pointers (where it is in
//! the converted document, where it was in the input), so that diagnostics
//! of later stages can name the input's pointer and line.

use serde_json::{json, Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Keywords of a non-body parameter that describe its value; they move into
/// the parameter's `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// An OpenAPI 3.0 document converted from Swagger 2.0.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The converted document.
    pub document: Value,
    /// Warnings about the input, located by the pointers of the input.
    pub warnings: Vec<Diagnostic>,
    /// Pairs of pointer prefixes: a subtree of the converted document and
    /// where it was in the input. A pointer of the converted document maps
    /// to the input by its longest prefix in this list. A pointer that
    /// matches none is the same in both.
    pub origins: Vec<(String, String)>,
}

/// Converts the Swagger 2.0 document `document` into OpenAPI 3.0.
pub fn convert(document: Value) -> Conversion {
    let Value::Object(mut root) = document else {
        return Conversion {
            document,
            warnings: Vec::new(),
            origins: Vec::new(),
        };
    };
    let mut converter = Converter {
        consumes: strings(root.get("consumes")).unwrap_or_else(|| vec!["application/json".to_string()]),
        produces: strings(root.get("produces")).unwrap_or_else(|| vec!["application/json".to_string()]),
        parameters: match root.get("parameters") {
            Some(Value::Object(parameters)) => parameters.clone(),
            _ => Map::new(),
        },
        warnings: Vec::new(),
        origins: Vec::new(),
    };

    let mut out = Map::new();
    out.insert("openapi".to_string(), Value::String("3.0.3".to_string()));
    out.insert("info".to_string(), root.remove("info").unwrap_or_else(|| json!({"title": "API", "version": "0.1.0"})));
    out.insert("servers".to_string(), servers(&root));
    if let Some(key) = ["host", "basePath", "schemes"].into_iter().find(|key| root.contains_key(*key)) {
        converter.moved("/servers".to_string(), format!("/{key}"));
    }
    let mut paths = Map::new();
    if let Some(Value::Object(items)) = root.remove("paths") {
        for (path, item) in items {
            let pointer = push_pointer("/paths", &path);
            paths.insert(path, converter.path_item(item, &pointer));
        }
    }
    out.insert("paths".to_string(), Value::Object(paths));

    let mut components = Map::new();
    if let Some(definitions) = root.remove("definitions") {
        components.insert("schemas".to_string(), definitions);
        converter.moved("/components/schemas".to_string(), "/definitions".to_string());
    }
    let mut parameters = Map::new();
    for (name, parameter) in converter.parameters.clone() {
        let location = parameter.get("in").and_then(Value::as_str);
        // Body and form parameters are inlined into each operation's body.
        if !matches!(location, Some("body" | "formData")) {
            let pointer = push_pointer("/parameters", &name);
            let converted = converter.simple_parameter(parameter, &push_pointer("/components/parameters", &name), &pointer);
            parameters.insert(name, converted);
        }
    }
    if !parameters.is_empty() {
        components.insert("parameters".to_string(), Value::Object(parameters));
        converter.moved("/components/parameters".to_string(), "/parameters".to_string());
    }
    if let Some(Value::Object(responses)) = root.remove("responses") {
        let produces = converter.produces.clone();
        let converted: Map<String, Value> = responses
            .into_iter()
            .map(|(name, response)| {
                let pointers = (push_pointer("/components/responses", &name), push_pointer("/responses", &name));
                (name, converter.response(response, &produces, pointers))
            })
            .collect();
        components.insert("responses".to_string(), Value::Object(converted));
        converter.moved("/components/responses".to_string(), "/responses".to_string());
    }
    if let Some(Value::Object(definitions)) = root.remove("securityDefinitions") {
        let schemes: Map<String, Value> = definitions
            .into_iter()
            .map(|(name, scheme)| {
                let pointers = (push_pointer("/components/securitySchemes", &name), push_pointer("/securityDefinitions", &name));
                (name, converter.security_scheme(scheme, pointers))
            })
            .collect();
        components.insert("securitySchemes".to_string(), Value::Object(schemes));
        converter.moved("/components/securitySchemes".to_string(), "/securityDefinitions".to_string());
    }
    if !components.is_empty() {
        out.insert("components".to_string(), Value::Object(components));
    }
    for key in ["security", "tags", "externalDocs"] {
        if let Some(value) = root.remove(key) {
            out.insert(key.to_string(), value);
        }
    }
    for (key, value) in root {
        if key.starts_with("x-") {
            out.insert(key, value);
        }
    }
    let mut document = Value::Object(out);
    rewrite(&mut document, None);
    Conversion {
        document,
        warnings: converter.warnings,
        origins: converter.origins,
    }
}

struct Converter {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The top-level `parameters`, for resolving references to body and
    /// form parameters.
    parameters: Map<String, Value>,
    warnings: Vec<Diagnostic>,
    /// See [`Conversion::origins`].
    origins: Vec<(String, String)>,
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    let items: Vec<String> = value?.as_array()?.iter().filter_map(|item| item.as_str().map(str::to_string)).collect();
    (!items.is_empty()).then_some(items)
}

fn servers(root: &Map<String, Value>) -> Value {
    let host = root.get("host").and_then(Value::as_str);
    let base_path = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = base_path.trim_end_matches('/');
    let Some(host) = host else {
        return json!([{"url": if base_path.is_empty() { "/" } else { base_path }}]);
    };
    let schemes = strings(root.get("schemes")).unwrap_or_else(|| vec!["https".to_string()]);
    Value::Array(
        schemes
            .iter()
            .map(|scheme| json!({"url": format!("{scheme}://{host}{base_path}")}))
            .collect(),
    )
}

impl Converter {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(message).at(pointer));
    }

    /// Records that the subtree at `converted` was at `original` in the input.
    fn moved(&mut self, converted: String, original: String) {
        if converted != original {
            self.origins.push((converted, original));
        }
    }

    fn path_item(&mut self, item: Value, pointer: &str) -> Value {
        let Value::Object(mut item) = item else {
            return item;
        };
        let shared = match item.remove("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => Vec::new(),
        };
        let mut out = Map::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let operation_pointer = push_pointer(pointer, &key);
                let operation = self.operation(value, &shared, pointer, &operation_pointer);
                out.insert(key, operation);
            } else {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    /// Returns the parameter that `parameter` refers to when it is a
    /// reference to a top-level parameter.
    fn dereference(&self, parameter: &Value) -> Value {
        self.dereference_at(parameter, "").0
    }

    /// Like [`Converter::dereference`], also returning the input's pointer of
    /// the parameter returned; `pointer` is that of `parameter`.
    fn dereference_at(&self, parameter: &Value, pointer: &str) -> (Value, String) {
        let target = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/parameters/"))
            .and_then(|name| self.parameters.get(&name.replace("~1", "/").replace("~0", "~")).map(|target| (name, target)));
        match target {
            Some((name, target)) => (target.clone(), format!("/parameters/{name}")),
            None => (parameter.clone(), pointer.to_string()),
        }
    }

    fn operation(&mut self, operation: Value, shared: &[Value], item_pointer: &str, pointer: &str) -> Value {
        let Value::Object(mut operation) = operation else {
            return operation;
        };
        let consumes = strings(operation.remove("consumes").as_ref()).unwrap_or_else(|| self.consumes.clone());
        let produces = strings(operation.remove("produces").as_ref()).unwrap_or_else(|| self.produces.clone());
        let own = match operation.remove("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => Vec::new(),
        };
        // Path-level parameters apply unless the operation redefines the
        // same name and location.
        let key = |parameter: &Value| {
            (
                parameter.get("name").and_then(Value::as_str).map(str::to_string),
                parameter.get("in").and_then(Value::as_str).map(str::to_string),
            )
        };
        let own_keys: Vec<_> = own.iter().map(|parameter| key(&self.dereference(parameter))).collect();
        let mut all: Vec<(Value, String)> = Vec::new();
        for (index, parameter) in shared.iter().enumerate() {
            if !own_keys.contains(&key(&self.dereference(parameter))) {
                all.push((parameter.clone(), push_pointer(&push_pointer(item_pointer, "parameters"), &index.to_string())));
            }
        }
        for (index, parameter) in own.into_iter().enumerate() {
            all.push((parameter, push_pointer(&push_pointer(pointer, "parameters"), &index.to_string())));
        }

        let mut parameters = Vec::new();
        let mut form = Vec::new();
        let body_pointer = push_pointer(pointer, "requestBody");
        for (parameter, parameter_pointer) in all {
            let (resolved, resolved_pointer) = self.dereference_at(&parameter, &parameter_pointer);
            let converted_pointer = push_pointer(&push_pointer(pointer, "parameters"), &parameters.len().to_string());
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let body = request_body(&resolved, &consumes);
                    self.moved(body_pointer.clone(), parameter_pointer);
                    for media_type in body["content"].as_object().into_iter().flat_map(Map::keys) {
                        let schema = push_pointer(&push_pointer(&push_pointer(&body_pointer, "content"), media_type), "schema");
                        self.moved(schema, push_pointer(&resolved_pointer, "schema"));
                    }
                    operation.insert("requestBody".to_string(), body);
                }
                Some("formData") => form.push((resolved, parameter_pointer, resolved_pointer)),
                _ if parameter.get("$ref").is_some() => {
                    // Later stages name the referenced parameter's type by
                    // the using pointer and `schema`; that type is in the
                    // referenced parameter.
                    if resolved_pointer != parameter_pointer {
                        self.moved(push_pointer(&converted_pointer, "schema"), resolved_pointer);
                    }
                    self.moved(converted_pointer, parameter_pointer);
                    parameters.push(parameter);
                }
                _ => {
                    let converted = self.simple_parameter(parameter, &converted_pointer, &parameter_pointer);
                    self.moved(converted_pointer, parameter_pointer);
                    parameters.push(converted);
                }
            }
        }
        if let Some((_, first_pointer, _)) = form.first() {
            let form_parameters: Vec<Value> = form.iter().map(|(parameter, _, _)| parameter.clone()).collect();
            let body = form_body(&form_parameters, &consumes);
            self.moved(body_pointer.clone(), first_pointer.clone());
            for media_type in body["content"].as_object().into_iter().flat_map(Map::keys) {
                let properties = push_pointer(&push_pointer(&push_pointer(&push_pointer(&body_pointer, "content"), media_type), "schema"), "properties");
                for (parameter, _, resolved_pointer) in &form {
                    if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                        self.moved(push_pointer(&properties, name), resolved_pointer.clone());
                    }
                }
            }
            operation.insert("requestBody".to_string(), body);
        }
        if !parameters.is_empty() {
            operation.insert("parameters".to_string(), Value::Array(parameters));
        }
        if let Some(Value::Object(responses)) = operation.remove("responses") {
            let responses_pointer = push_pointer(pointer, "responses");
            let converted: Map<String, Value> = responses
                .into_iter()
                .map(|(status, response)| {
                    let status_pointer = push_pointer(&responses_pointer, &status);
                    (status, self.response(response, &produces, (status_pointer.clone(), status_pointer)))
                })
                .collect();
            operation.insert("responses".to_string(), Value::Object(converted));
        }
        Value::Object(operation)
    }

    /// Converts a query, path, header or form parameter: its type keywords
    /// move into `schema`, `collectionFormat` becomes `style`/`explode`.
    /// `converted` is the parameter's pointer in the output, `pointer` in the
    /// input.
    fn simple_parameter(&mut self, parameter: Value, converted: &str, pointer: &str) -> Value {
        let Value::Object(mut parameter) = parameter else {
            return parameter;
        };
        if parameter.contains_key("$ref") {
            return Value::Object(parameter);
        }
        self.moved(push_pointer(converted, "schema"), pointer.to_string());
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("query").to_string();
        let collection = parameter.remove("collectionFormat");
        let mut schema = Map::new();
        for keyword in SCHEMA_KEYWORDS {
            if let Some(value) = parameter.remove(*keyword) {
                schema.insert((*keyword).to_string(), value);
            }
        }
        parameter.remove("allowEmptyValue");
        parameter.insert("schema".to_string(), Value::Object(schema));
        let is_array = parameter["schema"].get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = collection.as_ref().and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location.as_str()) {
                ("multi", _) => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                (other, _) => {
                    self.warn(
                        &push_pointer(pointer, "collectionFormat"),
                        format!("`collectionFormat: {other}` has no OpenAPI 3 style here: sent comma-separated"),
                    );
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            parameter.insert("style".to_string(), Value::String(style.to_string()));
            parameter.insert("explode".to_string(), Value::Bool(explode));
        }
        Value::Object(parameter)
    }

    /// Converts a response; `pointers` are its pointer in the output and in
    /// the input.
    fn response(&mut self, response: Value, produces: &[String], pointers: (String, String)) -> Value {
        let (converted, original) = pointers;
        let Value::Object(mut response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let examples = match response.remove("examples") {
            Some(Value::Object(examples)) => examples,
            _ => Map::new(),
        };
        if let Some(schema) = response.remove("schema") {
            let mut content = Map::new();
            for media_type in produces {
                let schema_pointer = push_pointer(&push_pointer(&push_pointer(&converted, "content"), media_type), "schema");
                self.moved(schema_pointer, push_pointer(&original, "schema"));
                let mut media = Map::new();
                media.insert("schema".to_string(), schema.clone());
                if let Some(example) = examples.get(media_type) {
                    media.insert("example".to_string(), example.clone());
                }
                content.insert(media_type.clone(), Value::Object(media));
            }
            response.insert("content".to_string(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = response.remove("headers") {
            let converted: Map<String, Value> = headers
                .into_iter()
                .map(|(name, header)| {
                    let Value::Object(mut header) = header else {
                        return (name, header);
                    };
                    let header_pointer = push_pointer(&push_pointer(&converted, "headers"), &name);
                    self.moved(push_pointer(&header_pointer, "schema"), push_pointer(&push_pointer(&original, "headers"), &name));
                    let mut schema = Map::new();
                    for keyword in SCHEMA_KEYWORDS {
                        if let Some(value) = header.remove(*keyword) {
                            schema.insert((*keyword).to_string(), value);
                        }
                    }
                    header.remove("collectionFormat");
                    header.insert("schema".to_string(), Value::Object(schema));
                    (name, Value::Object(header))
                })
                .collect();
            response.insert("headers".to_string(), Value::Object(converted));
        }
        response.entry("description").or_insert_with(|| Value::String(String::new()));
        Value::Object(response)
    }

    /// Converts a security definition; `pointers` are its pointer in the
    /// output and in the input.
    fn security_scheme(&mut self, scheme: Value, pointers: (String, String)) -> Value {
        let (converted, pointer) = pointers;
        let description = scheme.get("description").cloned();
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({"type": "http", "scheme": "basic"}),
            Some("apiKey") => json!({"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}),
            Some("oauth2") => {
                let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let authorization_url = scheme.get("authorizationUrl").cloned().unwrap_or_else(|| json!(""));
                let token_url = scheme.get("tokenUrl").cloned().unwrap_or_else(|| json!(""));
                let flows = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => json!({"implicit": {"authorizationUrl": authorization_url, "scopes": scopes}}),
                    Some("password") => json!({"password": {"tokenUrl": token_url, "scopes": scopes}}),
                    Some("application") => json!({"clientCredentials": {"tokenUrl": token_url, "scopes": scopes}}),
                    _ => json!({"authorizationCode": {
                        "authorizationUrl": authorization_url, "tokenUrl": token_url, "scopes": scopes
                    }}),
                };
                // The flow's keys were beside `flow` in the input.
                let flows_pointer = push_pointer(&converted, "flows");
                self.moved(flows_pointer.clone(), push_pointer(&pointer, "flow"));
                for (flow, settings) in flows.as_object().into_iter().flatten() {
                    for key in settings.as_object().into_iter().flat_map(Map::keys) {
                        self.moved(push_pointer(&push_pointer(&flows_pointer, flow), key), push_pointer(&pointer, key));
                    }
                }
                json!({"type": "oauth2", "flows": flows})
            }
            other => {
                self.warn(
                    &push_pointer(&pointer, "type"),
                    format!("unknown security scheme type {other:?}: read as an API key header `Authorization`"),
                );
                json!({"type": "apiKey", "name": "Authorization", "in": "header"})
            }
        };
        if let (Some(description), Value::Object(map)) = (description, &mut out) {
            map.insert("description".to_string(), description);
        }
        out
    }
}

fn request_body(parameter: &Value, consumes: &[String]) -> Value {
    let schema = parameter.get("schema").cloned().unwrap_or_else(|| json!({}));
    // Form media types only apply to `formData` parameters.
    let mut media_types: Vec<&String> = consumes
        .iter()
        .filter(|media_type| media_type.as_str() != FORM && media_type.as_str() != MULTIPART)
        .collect();
    let fallback = "application/json".to_string();
    if media_types.is_empty() {
        media_types.push(&fallback);
    }
    let content: Map<String, Value> = media_types
        .into_iter()
        .map(|media_type| (media_type.clone(), json!({"schema": schema.clone()})))
        .collect();
    let mut body = Map::new();
    if let Some(description) = parameter.get("description") {
        body.insert("description".to_string(), description.clone());
    }
    body.insert("content".to_string(), Value::Object(content));
    body.insert(
        "required".to_string(),
        Value::Bool(parameter.get("required").and_then(Value::as_bool).unwrap_or(false)),
    );
    Value::Object(body)
}

fn form_body(parameters: &[Value], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for parameter in parameters {
        let Some(name) = parameter.get("name").and_then(Value::as_str) else {
            continue;
        };
        let mut schema = Map::new();
        for keyword in SCHEMA_KEYWORDS {
            if let Some(value) = parameter.get(*keyword) {
                schema.insert((*keyword).to_string(), value.clone());
            }
        }
        if let Some(description) = parameter.get("description") {
            schema.insert("description".to_string(), description.clone());
        }
        has_file |= schema.get("type").and_then(Value::as_str) == Some("file");
        properties.insert(name.to_string(), Value::Object(schema));
        if parameter.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(name.to_string()));
        }
    }
    let media_type = if has_file || consumes.iter().any(|media_type| media_type == MULTIPART) {
        MULTIPART
    } else {
        FORM
    };
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    json!({
        "required": !required.is_empty(),
        "content": {media_type: {"schema": schema}}
    })
}

/// Rewrites references and 2.0-only schema keywords everywhere except in
/// example values.
fn rewrite(value: &mut Value, parent_key: Option<&str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (old, new) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(old) {
                        *reference = format!("{new}{rest}");
                        break;
                    }
                }
            }
            let is_schema_map = matches!(parent_key, Some("properties"));
            if !is_schema_map {
                if map.get("type").and_then(Value::as_str) == Some("file") {
                    map.insert("type".to_string(), Value::String("string".to_string()));
                    map.insert("format".to_string(), Value::String("binary".to_string()));
                }
                if let Some(nullable) = map.remove("x-nullable") {
                    map.insert("nullable".to_string(), nullable);
                }
                if let Some(Value::String(property)) = map.get("discriminator") {
                    let property = property.clone();
                    map.insert("discriminator".to_string(), json!({"propertyName": property}));
                }
            }
            for (key, child) in map.iter_mut() {
                if matches!(key.as_str(), "example" | "examples" | "x-example") && !is_schema_map {
                    continue;
                }
                rewrite(child, Some(key));
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite(item, None);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_json(document: Value) -> Value {
        convert(document).document
    }

    #[test]
    fn servers_from_host_base_path_and_schemes() {
        let document = convert_json(json!({
            "swagger": "2.0", "host": "api.example.com", "basePath": "/v1", "schemes": ["https", "http"], "paths": {}
        }));
        assert_eq!(
            document["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
    }

    #[test]
    fn body_and_form_parameters_become_request_bodies() {
        let document = convert_json(json!({
            "swagger": "2.0", "consumes": ["application/json"],
            "paths": {"/pets": {
                "post": {"parameters": [{"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
                         "responses": {"200": {"description": "ok", "schema": {"type": "file"}}}},
                "put": {"consumes": ["multipart/form-data"], "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": true},
                    {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}
                ], "responses": {}}
            }},
            "definitions": {"Pet": {"type": "object"}}
        }));
        let post = &document["paths"]["/pets"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true})
        );
        assert_eq!(
            post["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        let put = &document["paths"]["/pets"]["put"];
        assert_eq!(
            put["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(put["parameters"][0]["style"], json!("form"));
        assert_eq!(put["parameters"][0]["explode"], json!(true));
        assert_eq!(document["components"]["schemas"]["Pet"], json!({"type": "object"}));
    }

    #[test]
    fn security_definitions_become_schemes() {
        let document = convert_json(json!({
            "swagger": "2.0", "paths": {},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "oauth": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a/auth", "scopes": {"read": "r"}}
            }
        }));
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(schemes["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header"}));
        assert_eq!(
            schemes["oauth"],
            json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a/auth", "scopes": {"read": "r"}}}})
        );
    }

    #[test]
    fn origins_map_moved_subtrees() {
        let conversion = convert(json!({
            "swagger": "2.0", "paths": {"/notes": {"post": {
                "parameters": [{"name": "text", "in": "formData", "type": "string"}, {"name": "tag", "in": "query", "type": "string"}],
                "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}
            }}},
            "definitions": {"Note": {"type": "object"}},
            "securityDefinitions": {"oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token", "scopes": {}}}
        }));
        let origins = conversion.origins;
        for pair in [
            ("/components/schemas", "/definitions"),
            ("/components/securitySchemes", "/securityDefinitions"),
            ("/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl", "/securityDefinitions/oauth/tokenUrl"),
            ("/paths/~1notes/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/text", "/paths/~1notes/post/parameters/0"),
            ("/paths/~1notes/post/parameters/0/schema", "/paths/~1notes/post/parameters/1"),
            ("/paths/~1notes/post/parameters/0", "/paths/~1notes/post/parameters/1"),
            ("/paths/~1notes/post/responses/200/content/application~1json/schema", "/paths/~1notes/post/responses/200/schema"),
        ] {
            assert!(origins.contains(&(pair.0.to_string(), pair.1.to_string())), "{pair:?} missing from {origins:#?}");
        }
    }
}
