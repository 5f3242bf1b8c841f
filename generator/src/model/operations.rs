//! Operation mapping: parameters, request bodies, responses and security of
//! one operation.

use std::collections::BTreeSet;

use openapiv3::{Operation as OperationObject, Parameter as ParameterObject, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::naming::{claim, pascal_ident, snake_ident};
use super::types::{SchemaRef, TypeSpace};
use super::{NameOrigin, Operation, Parameter, ParameterLocation, PathSegment, RequestBody, Response, TypeRef};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;
use crate::resolve::lookup;

/// What the naming pass decided for one operation.
pub struct Named<'a> {
    /// The path template.
    pub path: &'a str,
    /// The HTTP method in lower case, as the key of the path item.
    pub http_method: &'a str,
    /// The operation object.
    pub operation: &'a OperationObject,
    /// Parameters declared on the path item.
    pub path_parameters: &'a [ReferenceOr<ParameterObject>],
    /// The group, if any.
    pub group: Option<String>,
    /// The Rust method name.
    pub name: String,
    /// Where the name came from.
    pub name_origin: NameOrigin,
}

impl Named<'_> {
    /// JSON pointer of the operation object.
    pub fn pointer(&self) -> String {
        push_pointer(&push_pointer("/paths", self.path), self.http_method)
    }

    /// The prefix of inline type names: group and method in PascalCase.
    fn type_prefix(&self) -> String {
        let group = self.group.as_deref().unwrap_or("");
        pascal_ident(&format!("{group}_{}", self.name), "Operation")
    }
}

/// Maps one operation whose name is decided.
pub fn map_operation(
    named: &Named<'_>,
    space: &mut TypeSpace<'_>,
    source: &Source,
    spec: &openapiv3::OpenAPI,
) -> Result<Operation, Diagnostic> {
    let pointer = named.pointer();
    let prefix = named.type_prefix();
    let components = spec.components.as_ref();

    // Names of the generated method's own locals.
    let mut taken: BTreeSet<String> = ["body", "request", "item", "joined"].map(String::from).into();
    let mut parameters = Vec::new();
    for (parameter_pointer, parameter) in merged_parameters(named, &pointer) {
        let (parameter, _) = lookup(parameter, "parameters", |key| components?.parameters.get(key))
            .map_err(|message| source.error(&parameter_pointer, message))?;
        parameters.push(map_parameter(parameter, &parameter_pointer, &prefix, space, source, &mut taken)?);
    }

    let path_segments = split_path(named.path, &parameters)
        .map_err(|message| source.error(&push_pointer("/paths", named.path), message))?;
    // Signature order: path parameters as they appear in the template, then
    // required parameters, then optional ones.
    let position = |parameter: &Parameter| {
        let in_path = path_segments
            .iter()
            .position(|segment| *segment == PathSegment::Parameter(parameter.name.clone()));
        match (in_path, parameter.required) {
            (Some(index), _) => (0, index),
            (None, true) => (1, 0),
            (None, false) => (2, 0),
        }
    };
    parameters.sort_by_key(position);

    let request_body = match &named.operation.request_body {
        Some(body) => {
            let body_pointer = push_pointer(&pointer, "requestBody");
            let (body, _) = lookup(body, "requestBodies", |key| components?.request_bodies.get(key))
                .map_err(|message| source.error(&body_pointer, message))?;
            Some(map_request_body(body, &body_pointer, &prefix, space, source)?)
        }
        None => None,
    };

    let responses = map_responses(named.operation, &pointer, &prefix, space, source, spec)?;
    let success_type = responses
        .iter()
        .find(|response| response.status.starts_with('2'))
        .and_then(|response| response.body.as_ref())
        .map(|(_, type_ref)| type_ref.clone());

    let security = named
        .operation
        .security
        .as_ref()
        .or(spec.security.as_ref())
        .map(|requirements| {
            requirements
                .iter()
                .map(|requirement| requirement.keys().cloned().collect())
                .collect()
        })
        .unwrap_or_default();

    Ok(Operation {
        operation_id: named.operation.operation_id.clone(),
        name: named.name.clone(),
        name_origin: named.name_origin,
        http_method: named.http_method.to_ascii_uppercase(),
        path: named.path.to_string(),
        path_segments,
        summary: named.operation.summary.clone(),
        description: named.operation.description.clone(),
        deprecated: named.operation.deprecated,
        parameters,
        request_body,
        responses,
        success_type,
        security,
        pointer,
    })
}

/// Path-item parameters overridden by operation parameters of the same name
/// and location, each with its JSON pointer.
fn merged_parameters<'a>(named: &Named<'a>, pointer: &str) -> Vec<(String, &'a ReferenceOr<ParameterObject>)> {
    let item_pointer = push_pointer(&push_pointer("/paths", named.path), "parameters");
    let operation_pointer = push_pointer(pointer, "parameters");
    let key = |parameter: &ReferenceOr<ParameterObject>| match parameter {
        ReferenceOr::Item(parameter) => {
            let data = parameter.parameter_data_ref();
            Some((data.name.clone(), std::mem::discriminant(parameter)))
        }
        ReferenceOr::Reference { .. } => None,
    };
    let own: Vec<_> = named.operation.parameters.iter().filter_map(key).collect();
    let mut merged: Vec<(String, &ReferenceOr<ParameterObject>)> = named
        .path_parameters
        .iter()
        .enumerate()
        .filter(|(_, parameter)| key(parameter).is_none_or(|key| !own.contains(&key)))
        .map(|(index, parameter)| (push_pointer(&item_pointer, &index.to_string()), parameter))
        .collect();
    merged.extend(
        named
            .operation
            .parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| (push_pointer(&operation_pointer, &index.to_string()), parameter)),
    );
    merged
}

fn map_parameter(
    parameter: &ParameterObject,
    pointer: &str,
    prefix: &str,
    space: &mut TypeSpace<'_>,
    source: &Source,
    taken: &mut BTreeSet<String>,
) -> Result<Parameter, Diagnostic> {
    let data = parameter.parameter_data_ref();
    let location = match parameter {
        ParameterObject::Path { .. } => ParameterLocation::Path,
        ParameterObject::Query { .. } => ParameterLocation::Query,
        ParameterObject::Header { .. } => ParameterLocation::Header,
        ParameterObject::Cookie { .. } => {
            return Err(source
                .error(pointer, format!("unsupported parameter `{}`: cookie parameters are not supported yet", data.name))
                .with_help("remove the parameter or send the cookie through a custom reqwest client"));
        }
    };
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return Err(source.error(
            pointer,
            format!("unsupported parameter `{}`: parameters described by `content` are not supported yet", data.name),
        ));
    };
    let hint = format!("{prefix}{}", pascal_ident(&data.name, "Parameter"));
    let mapped = space.map(SchemaRef::of(schema), &push_pointer(pointer, "schema"), &hint)?;
    let explode = data.explode.unwrap_or(matches!(location, ParameterLocation::Query));
    Ok(Parameter {
        wire_name: data.name.clone(),
        name: claim(snake_ident(&data.name, "parameter"), "_", taken),
        location,
        required: data.required || location == ParameterLocation::Path,
        type_ref: mapped.type_ref,
        explode,
        description: data.description.clone(),
    })
}

/// Splits `/a/{b}/c` into literal text and parameter names.
fn split_path(path: &str, parameters: &[Parameter]) -> Result<Vec<PathSegment>, String> {
    let mut segments = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("invalid path template `{path}`: `{{` without a closing `}}`"));
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let wire_name = &rest[open + 1..open + close];
        let parameter = parameters
            .iter()
            .find(|parameter| parameter.location == ParameterLocation::Path && parameter.wire_name == wire_name)
            .ok_or_else(|| format!("path template `{path}` uses `{{{wire_name}}}`, but no path parameter `{wire_name}` is declared"))?;
        segments.push(PathSegment::Parameter(parameter.name.clone()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    Ok(segments)
}

/// Picks the JSON media type of a content map: `application/json` first,
/// then any `+json` type.
fn json_media_type<T>(content: &indexmap::IndexMap<String, T>) -> Option<(&String, &T)> {
    content
        .iter()
        .find(|(media_type, _)| media_type.split(';').next().map(str::trim) == Some("application/json"))
        .or_else(|| {
            content
                .iter()
                .find(|(media_type, _)| media_type.split(';').next().is_some_and(|essence| essence.trim().ends_with("+json")))
        })
}

fn map_request_body(
    body: &openapiv3::RequestBody,
    pointer: &str,
    prefix: &str,
    space: &mut TypeSpace<'_>,
    source: &Source,
) -> Result<RequestBody, Diagnostic> {
    let Some((media_type, media)) = json_media_type(&body.content) else {
        let listed: Vec<&str> = body.content.keys().map(String::as_str).collect();
        return Err(source
            .error(
                &push_pointer(pointer, "content"),
                format!("unsupported request body: only JSON bodies are supported yet, found {}", listed.join(", ")),
            )
            .with_help("add an `application/json` media type or remove the operation"));
    };
    let type_ref = match &media.schema {
        Some(schema) => {
            let schema_pointer = push_pointer(&push_pointer(&push_pointer(pointer, "content"), media_type), "schema");
            space.map(SchemaRef::of(schema), &schema_pointer, &format!("{prefix}Request"))?.type_ref
        }
        None => TypeRef::Any,
    };
    // Many documents leave out `required: true` on bodies that cannot be
    // empty; a body whose schema requires properties is treated as required.
    let schema_requires_properties = match &media.schema {
        Some(schema) => space.requires_properties(SchemaRef::of(schema)),
        None => false,
    };
    Ok(RequestBody {
        media_type: media_type.clone(),
        type_ref,
        required: body.required || schema_requires_properties,
    })
}

fn map_responses(
    operation: &OperationObject,
    pointer: &str,
    prefix: &str,
    space: &mut TypeSpace<'_>,
    source: &Source,
    spec: &openapiv3::OpenAPI,
) -> Result<Vec<Response>, Diagnostic> {
    let responses_pointer = push_pointer(pointer, "responses");
    let components = spec.components.as_ref();
    let mut statuses: Vec<(String, &ReferenceOr<openapiv3::Response>)> = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| {
            let status = match status {
                StatusCode::Code(code) => code.to_string(),
                StatusCode::Range(range) => format!("{range}XX"),
            };
            (status, response)
        })
        .collect();
    if let Some(default) = &operation.responses.default {
        statuses.push(("default".to_string(), default));
    }

    let first_success = statuses.iter().position(|(status, _)| status.starts_with('2'));
    let mut responses = Vec::new();
    for (index, (status, response)) in statuses.iter().enumerate() {
        let response_pointer = push_pointer(&responses_pointer, status);
        let (response, _) = lookup(response, "responses", |key| components?.responses.get(key))
            .map_err(|message| source.error(&response_pointer, message))?;
        let hint = if Some(index) == first_success {
            format!("{prefix}Response")
        } else {
            format!("{prefix}Response{}", pascal_ident(status, "Default"))
        };
        let body = match json_media_type(&response.content) {
            Some((media_type, media)) => {
                let schema_pointer =
                    push_pointer(&push_pointer(&push_pointer(&response_pointer, "content"), media_type), "schema");
                let type_ref = match &media.schema {
                    Some(schema) => space.map(SchemaRef::of(schema), &schema_pointer, &hint)?.type_ref,
                    None => TypeRef::Any,
                };
                Some((media_type.clone(), type_ref))
            }
            None => None,
        };
        responses.push(Response {
            status: status.clone(),
            description: response.description.clone(),
            body,
        });
    }
    Ok(responses)
}
