//! Operation mapping: parameters, request bodies, responses and security of
//! one operation.

use std::collections::BTreeSet;

use openapiv3::{
    Operation as OperationObject, Parameter as ParameterObject, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, SchemaKind, Type,
};

use super::bodies::{map_request_body, BodyContext, MappedBody};
use super::media::resolve_schema;
use super::naming::{claim, pascal_ident, snake_ident};
use super::responses::map_responses;
use super::types::{SchemaRef, TypeSpace};
use super::{NameOrigin, Operation, Parameter, ParameterLocation, ParameterStyle, PathSegment};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;
use crate::resolve::lookup;

/// State shared by every operation of a document while it is mapped.
pub struct OperationContext {
    /// Type names taken in the `groups` modules: group handles and the
    /// success, error and form types of operations.
    pub type_names: BTreeSet<String>,
    /// Names of the security schemes the document defines.
    pub scheme_names: BTreeSet<String>,
    /// Warnings so far.
    pub warnings: Vec<Diagnostic>,
}

/// Header parameters that the OpenAPI specification tells clients to
/// ignore, because the client sets these headers itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

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
    /// The group module (the group path joined by `_`), if any.
    pub group: Option<String>,
    /// The accessor names from `Client` down to the group.
    pub group_path: Vec<String>,
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

/// Maps one operation whose name is decided. Returns `None`, with a
/// warning, for an operation whose request body has a form shape that the
/// client cannot send.
pub fn map_operation(
    named: &Named<'_>,
    space: &mut TypeSpace<'_>,
    source: &Source,
    spec: &openapiv3::OpenAPI,
    context: &mut OperationContext,
) -> Result<Option<Operation>, Diagnostic> {
    let pointer = named.pointer();
    let prefix = named.type_prefix();
    let components = spec.components.as_ref();

    // Names of the generated method's locals that exist while parameters
    // are still read, and of the body arguments.
    let mut taken: BTreeSet<String> = ["request", "response"].map(String::from).into();
    if named.operation.request_body.is_some() {
        taken.extend(["body", "form", "content_type"].map(String::from));
    }
    let mut parameters = Vec::new();
    for (parameter_pointer, parameter) in merged_parameters(named, &pointer, spec, source)? {
        if let Some(parameter) = map_parameter(parameter, &parameter_pointer, &prefix, space, source, spec, &mut taken, context)? {
            parameters.push((parameter_pointer, parameter));
        }
    }
    let mut parameters = drop_unused_path_parameters(named.path, parameters, context);

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
            let mut body_context = BodyContext {
                space: &mut *space,
                source,
                spec,
                type_names: &mut context.type_names,
                warnings: &mut context.warnings,
            };
            match map_request_body(body, &body_pointer, &prefix, &mut body_context)? {
                MappedBody::Body(body) => Some(body),
                MappedBody::Nothing => None,
                MappedBody::Unsupported { pointer: at, reason } => {
                    let method = format!("{} {}", named.http_method.to_ascii_uppercase(), named.path);
                    context.warnings.push(
                        unlocated_warning(&at, format!("operation `{method}` is left out of the client: {reason}"))
                            .with_help("describe the body as an object whose properties are scalars, objects, arrays or (multipart only) files"),
                    );
                    return Ok(None);
                }
            }
        }
        None => None,
    };

    let mapped = map_responses(named.operation, &pointer, &prefix, space, source, spec, &mut context.type_names)?;

    let security: Vec<Vec<String>> = named
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
    let security_pointer = match &named.operation.security {
        Some(_) => push_pointer(&pointer, "security"),
        None => "/security".to_string(),
    };
    for (index, requirement) in security.iter().enumerate() {
        for scheme in requirement.iter().filter(|scheme| !context.scheme_names.contains(*scheme)) {
            let at = push_pointer(&push_pointer(&security_pointer, &index.to_string()), scheme);
            // The document-wide requirement applies to many operations but
            // is reported once.
            if context.warnings.iter().any(|warning| warning.pointer.as_deref() == Some(at.as_str())) {
                continue;
            }
            context.warnings.push(unlocated_warning(
                &at,
                format!("security requirement names `{scheme}`, which `components.securitySchemes` does not define; alternatives that need it are never used"),
            ));
        }
    }

    Ok(Some(Operation {
        operation_id: named.operation.operation_id.clone(),
        name: named.name.clone(),
        name_origin: named.name_origin,
        http_method: named.http_method.to_ascii_uppercase(),
        path: named.path.to_string(),
        path_segments,
        summary: named.operation.summary.clone(),
        description: named.operation.description.clone(),
        deprecated: named.operation.deprecated,
        deprecation_note: named
            .operation
            .extensions
            .get(crate::lifecycle::DEPRECATION_NOTE)
            .and_then(|note| note.as_str())
            .map(str::to_string),
        parameters,
        request_body,
        responses: mapped.responses,
        success: mapped.success,
        success_headers: mapped.success_headers,
        error_type: mapped.error_type,
        accept: mapped.accept,
        security,
        pointer,
        action_attempt: None,
        pagination: None,
    }))
}

/// The parameters of an operation with references resolved, each with its
/// JSON pointer: the path item's parameters, except those that an operation
/// parameter of the same name and location overrides, then the operation's.
fn merged_parameters<'a>(
    named: &Named<'a>,
    pointer: &str,
    spec: &'a openapiv3::OpenAPI,
    source: &Source,
) -> Result<Vec<(String, &'a ParameterObject)>, Diagnostic> {
    let components = spec.components.as_ref();
    let resolve = |list: &'a [ReferenceOr<ParameterObject>], list_pointer: String| {
        list.iter()
            .enumerate()
            .map(|(index, parameter)| {
                let parameter_pointer = push_pointer(&list_pointer, &index.to_string());
                match lookup(parameter, "parameters", |key| components?.parameters.get(key)) {
                    Ok((parameter, _)) => Ok((parameter_pointer, parameter)),
                    Err(message) => Err(source.error(&parameter_pointer, message)),
                }
            })
            .collect::<Result<Vec<_>, Diagnostic>>()
    };
    let item = resolve(named.path_parameters, push_pointer(&push_pointer("/paths", named.path), "parameters"))?;
    let own = resolve(&named.operation.parameters, push_pointer(pointer, "parameters"))?;
    let key = |parameter: &ParameterObject| (parameter.parameter_data_ref().name.clone(), std::mem::discriminant(parameter));
    let own_keys: Vec<_> = own.iter().map(|(_, parameter)| key(parameter)).collect();
    let mut merged: Vec<(String, &ParameterObject)> =
        item.into_iter().filter(|(_, parameter)| !own_keys.contains(&key(parameter))).collect();
    merged.extend(own);
    Ok(merged)
}

/// Leaves out, with a warning, path parameters that the path template never
/// uses: a value for them could not be sent anywhere.
fn drop_unused_path_parameters(
    path: &str,
    parameters: Vec<(String, Parameter)>,
    context: &mut OperationContext,
) -> Vec<Parameter> {
    let mut kept = Vec::with_capacity(parameters.len());
    for (pointer, parameter) in parameters {
        let in_template = path.contains(&format!("{{{}}}", parameter.wire_name));
        if parameter.location == ParameterLocation::Path && !in_template {
            // A shared path-item parameter is reported once.
            if !context.warnings.iter().any(|warning| warning.pointer.as_deref() == Some(pointer.as_str())) {
                context.warnings.push(unlocated_warning(
                    &pointer,
                    format!("path parameter `{}` is not used by the path template `{path}`: left out of the method", parameter.wire_name),
                ));
            }
            continue;
        }
        kept.push(parameter);
    }
    kept
}

/// Maps one parameter. Returns `None` for a header parameter in
/// `IGNORED_HEADERS`.
#[allow(clippy::too_many_arguments)]
fn map_parameter(
    parameter: &ParameterObject,
    pointer: &str,
    prefix: &str,
    space: &mut TypeSpace<'_>,
    source: &Source,
    spec: &openapiv3::OpenAPI,
    taken: &mut BTreeSet<String>,
    context: &mut OperationContext,
) -> Result<Option<Parameter>, Diagnostic> {
    let data = parameter.parameter_data_ref();
    let (location, style) = match parameter {
        ParameterObject::Path { style, .. } => {
            let style = match style {
                PathStyle::Simple => ParameterStyle::Simple,
                PathStyle::Label => ParameterStyle::Label,
                PathStyle::Matrix => ParameterStyle::Matrix,
            };
            (ParameterLocation::Path, style)
        }
        ParameterObject::Query { style, .. } => {
            let style = match style {
                QueryStyle::Form => ParameterStyle::Form,
                QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                QueryStyle::DeepObject => ParameterStyle::DeepObject,
            };
            (ParameterLocation::Query, style)
        }
        ParameterObject::Header { .. } => (ParameterLocation::Header, ParameterStyle::Simple),
        ParameterObject::Cookie { .. } => (ParameterLocation::Cookie, ParameterStyle::Form),
    };
    if location == ParameterLocation::Header && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
        return Ok(None);
    }
    if matches!(location, ParameterLocation::Header | ParameterLocation::Cookie) && !is_token(&data.name) {
        let kind = if location == ParameterLocation::Header { "header" } else { "cookie" };
        return Err(source
            .error(pointer, format!(
                "invalid {kind} parameter name `{}`: an HTTP token has only letters, digits and the characters ! # $ % & ' * + - . ^ _ ` | ~",
                data.name
            ))
            .with_help(format!("rename the parameter to a valid {kind} name")));
    }
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return Err(source.error(
            pointer,
            format!("unsupported parameter `{}`: parameters described by `content` are not supported yet", data.name),
        ));
    };
    let schema_pointer = push_pointer(pointer, "schema");
    if style == ParameterStyle::DeepObject {
        warn_nested_members(&data.name, schema, &schema_pointer, spec, context);
    }
    let hint = format!("{prefix}{}", pascal_ident(&data.name, "Parameter"));
    let mapped = space.map(SchemaRef::of(schema), &schema_pointer, &hint)?;
    let explode = data.explode.unwrap_or(style == ParameterStyle::Form);
    Ok(Some(Parameter {
        wire_name: data.name.clone(),
        name: claim(snake_ident(&data.name, "parameter"), "_", taken),
        location,
        required: data.required || location == ParameterLocation::Path,
        type_ref: mapped.type_ref,
        style,
        explode,
        description: data.description.clone(),
    }))
}

/// Warns about members of a `deepObject` parameter that are objects or
/// arrays: OpenAPI defines no encoding for them.
fn warn_nested_members(
    name: &str,
    schema: &ReferenceOr<openapiv3::Schema>,
    pointer: &str,
    spec: &openapiv3::OpenAPI,
    context: &mut OperationContext,
) {
    let Some(SchemaKind::Type(Type::Object(object))) = resolve_schema(spec, schema).map(|schema| &schema.schema_kind) else {
        return;
    };
    // A referenced schema is reported where it is written.
    let object_pointer = match schema {
        ReferenceOr::Reference { reference } => reference.trim_start_matches('#').to_string(),
        ReferenceOr::Item(_) => pointer.to_string(),
    };
    for (member, member_schema) in &object.properties {
        let Some(resolved) = resolve_schema(spec, member_schema) else {
            continue;
        };
        let sent_as = match &resolved.schema_kind {
            _ if super::media::is_scalar(resolved) => continue,
            SchemaKind::Type(Type::Array(_)) => format!("an array, sent as one `{name}[{member}][]=item` pair per item"),
            _ => format!("an object, sent as `{name}[{member}][key]=value` pairs"),
        };
        context.warnings.push(unlocated_warning(
            &push_pointer(&push_pointer(&object_pointer, "properties"), member),
            format!("member `{member}` of the deepObject parameter `{name}` is {sent_as}, a convention that OpenAPI does not define"),
        ));
    }
}

/// Returns whether `text` is an HTTP token (RFC 9110), the syntax of header
/// and cookie names.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
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

/// A warning located later, together with all others, in one scan.
fn unlocated_warning(pointer: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(message).at(pointer)
}
