//! Request body mapping: JSON, text, binary, `multipart/form-data` and
//! `application/x-www-form-urlencoded` bodies.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, MediaType, OpenAPI, QueryStyle, SchemaKind, Type};

use super::media::{is_binary_string, is_scalar, pick, resolve_schema, Encoding};
use super::naming::{claim, pascal_ident, snake_ident};
use super::types::{SchemaRef, TypeSpace};
use super::{Form, FormField, FormValue, RequestBody, RequestBodyKind, TypeRef};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;

/// A mapped request body, or the reason the operation cannot be generated.
pub enum MappedBody {
    /// The body.
    Body(RequestBody),
    /// A form body without fields (`properties: {}`), sent as no body.
    Nothing,
    /// A form shape the client cannot send, with the pointer and reason.
    Unsupported {
        /// JSON pointer of the offending schema.
        pointer: String,
        /// The unsupported shape, as one sentence.
        reason: String,
    },
}

/// The document, types and names that a body is mapped with.
pub struct BodyContext<'s, 'a> {
    /// The type mapping.
    pub space: &'s mut TypeSpace<'a>,
    /// The document text, for locations.
    pub source: &'s Source,
    /// The typed document.
    pub spec: &'s OpenAPI,
    /// Names taken in the `groups` modules.
    pub type_names: &'s mut BTreeSet<String>,
    /// Warnings of the run.
    pub warnings: &'s mut Vec<Diagnostic>,
}

/// Maps a request body. `prefix` starts the names of inline types.
pub fn map_request_body(
    body: &openapiv3::RequestBody,
    pointer: &str,
    prefix: &str,
    context: &mut BodyContext<'_, '_>,
) -> Result<MappedBody, Diagnostic> {
    let Some((media_type, media, encoding)) = pick(&body.content, context.spec, |_| true) else {
        return Err(context
            .source
            .error(&push_pointer(pointer, "content"), "invalid request body: `content` lists no media type")
            .with_help("add a media type such as `application/json`, or remove the request body"));
    };
    let media_pointer = push_pointer(&push_pointer(pointer, "content"), media_type);
    let schema_pointer = push_pointer(&media_pointer, "schema");
    let kind = match encoding {
        Encoding::Json => {
            let type_ref = match &media.schema {
                Some(schema) => {
                    context
                        .space
                        .map(SchemaRef::of(schema), &schema_pointer, &format!("{prefix}Request"))?
                        .type_ref
                }
                None => TypeRef::Any,
            };
            RequestBodyKind::Json { type_ref }
        }
        Encoding::Text => RequestBodyKind::Text,
        Encoding::Binary => RequestBodyKind::Binary {
            content_type_argument: media_type.contains('*'),
        },
        Encoding::Multipart | Encoding::UrlEncoded => {
            let multipart = encoding == Encoding::Multipart;
            match map_form(media, &media_pointer, multipart, prefix, context)? {
                // A form without fields has nothing to send.
                Ok(form) if form.fields.is_empty() => return Ok(MappedBody::Nothing),
                Ok(form) if multipart => RequestBodyKind::Multipart { form },
                Ok(form) => RequestBodyKind::UrlEncoded { form },
                Err((pointer, reason)) => return Ok(MappedBody::Unsupported { pointer, reason }),
            }
        }
    };
    // Many documents leave out `required: true` on bodies that cannot be
    // empty; a body whose schema requires properties is treated as required.
    let schema_requires_properties = match &media.schema {
        Some(schema) => context.space.requires_properties(SchemaRef::of(schema)),
        None => false,
    };
    Ok(MappedBody::Body(RequestBody {
        media_type: media_type.clone(),
        kind,
        required: body.required || schema_requires_properties,
    }))
}

/// Maps the schema of a form body to a form struct, or returns the pointer
/// and reason why its shape is unsupported.
fn map_form(
    media: &MediaType,
    media_pointer: &str,
    multipart: bool,
    prefix: &str,
    context: &mut BodyContext<'_, '_>,
) -> Result<Result<Form, (String, String)>, Diagnostic> {
    let schema_pointer = push_pointer(media_pointer, "schema");
    let kind = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let unsupported = |pointer: &str, reason: String| Ok(Err((pointer.to_string(), reason)));

    let Some(schema) = media.schema.as_ref().and_then(|schema| resolve_schema(context.spec, schema)) else {
        return unsupported(&schema_pointer, format!("the {kind} body has no object schema"));
    };
    let object = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object,
        _ => {
            return unsupported(
                &schema_pointer,
                format!("the {kind} body schema is not an object with `properties`"),
            )
        }
    };
    // `additionalProperties: false` closes the object; only an open one
    // carries free-form fields.
    let open = !matches!(object.additional_properties, None | Some(AdditionalProperties::Any(false)));
    if object.properties.is_empty() && open {
        return unsupported(
            &schema_pointer,
            format!("the {kind} body has only `additionalProperties`, and free-form fields are not supported"),
        );
    }

    let properties_pointer = push_pointer(&schema_pointer, "properties");
    let mut taken = BTreeSet::new();
    let mut fields = Vec::new();
    for (wire_name, property) in &object.properties {
        let property_pointer = push_pointer(&properties_pointer, wire_name);
        let Some(resolved) = resolve_schema(context.spec, property) else {
            return unsupported(&property_pointer, format!("property `{wire_name}` has an unresolved reference"));
        };
        let encoding = media.encoding.get(wire_name);
        if multipart && encoding.is_some_and(|encoding| !encoding.headers.is_empty()) {
            let encoding_pointer = push_pointer(&push_pointer(media_pointer, "encoding"), wire_name);
            let message = format!("the `headers` of part `{wire_name}` are not supported; the part is sent without them");
            context.warnings.push(Diagnostic::warning(message).at(&encoding_pointer));
        }
        let content_type = encoding.and_then(|encoding| encoding.content_type.clone());

        // Arrays are sent as one part or pair per item.
        let (repeated, item) = match &resolved.schema_kind {
            SchemaKind::Type(Type::Array(array)) => match array.items.as_ref().and_then(|items| resolve_schema(context.spec, items)) {
                Some(item) => (true, item),
                None => return unsupported(&property_pointer, format!("array property `{wire_name}` has no usable `items`")),
            },
            _ => (false, resolved),
        };
        let hint = format!("{prefix}{}", pascal_ident(wire_name, "Field"));
        let deep_object = encoding.is_some_and(|encoding| encoding.style == Some(QueryStyle::DeepObject));
        let value = if !multipart && (!is_scalar(item) || (repeated && deep_object)) && !is_binary_string(item) {
            // Objects, arrays of non-scalars and arrays with `style:
            // deepObject` go as bracketed pairs (`address[city]=x`,
            // `items[0][price]=y`), the way Stripe, Rails and the `qs`
            // library read them. OpenAPI defines this only for objects with
            // `style: deepObject`, so anything else gets a warning.
            if !deep_object {
                let message = format!(
                    "property `{wire_name}` of the {kind} body is not a scalar; it is sent as `{wire_name}[key]=value` pairs, a convention that OpenAPI defines only for `style: deepObject`"
                );
                context.warnings.push(Diagnostic::warning(message).at(&property_pointer));
            }
            let type_ref = context.space.map(SchemaRef::of(property), &property_pointer, &hint)?.type_ref;
            fields.push(FormField {
                wire_name: wire_name.clone(),
                name: claim(snake_ident(wire_name, "field"), "_", &mut taken),
                value: FormValue::Nested(type_ref),
                repeated: false,
                join: None,
                required: object.required.contains(wire_name),
                content_type: None,
                description: resolved.schema_data.description.clone(),
            });
            continue;
        } else if is_binary_string(item) {
            if !multipart {
                return unsupported(
                    &property_pointer,
                    format!("property `{wire_name}` is binary, which {kind} cannot carry"),
                );
            }
            FormValue::File
        } else if is_scalar(item) {
            FormValue::Text(item_type(context.space.map(SchemaRef::of(property), &property_pointer, &hint)?.type_ref, repeated))
        } else if repeated && matches!(item.schema_kind, SchemaKind::Type(Type::Array(_))) {
            return unsupported(
                &property_pointer,
                format!("property `{wire_name}` is an array of arrays, which has no {kind} encoding"),
            );
        } else {
            if content_type.as_deref().is_some_and(|content_type| !is_json_type(content_type)) {
                return unsupported(
                    &property_pointer,
                    format!("object property `{wire_name}` has a non-JSON `contentType`, which the client cannot encode"),
                );
            }
            FormValue::Json(item_type(context.space.map(SchemaRef::of(property), &property_pointer, &hint)?.type_ref, repeated))
        };

        // In an urlencoded body an array is one pair per item (`form` style,
        // exploded) unless `encoding` sets another `style` or `explode`.
        let join = match encoding {
            Some(encoding) if !multipart && repeated => {
                // openapiv3 reads an absent `explode` as false, so the
                // document itself says whether it was written.
                let explode_pointer = push_pointer(&push_pointer(&push_pointer(media_pointer, "encoding"), wire_name), "explode");
                let explode = match context.source.value.pointer(&explode_pointer) {
                    Some(written) => written.as_bool().unwrap_or(encoding.explode),
                    None => matches!(encoding.style, None | Some(QueryStyle::Form)),
                };
                match encoding.style {
                    Some(QueryStyle::SpaceDelimited) => Some(" ".to_string()),
                    Some(QueryStyle::PipeDelimited) => Some("|".to_string()),
                    _ if !explode => Some(",".to_string()),
                    _ => None,
                }
            }
            _ => None,
        };
        fields.push(FormField {
            wire_name: wire_name.clone(),
            name: claim(snake_ident(wire_name, "field"), "_", &mut taken),
            value,
            repeated,
            join,
            required: object.required.contains(wire_name),
            content_type: content_type.filter(|content_type| is_single_media_type(content_type)),
            description: resolved.schema_data.description.clone(),
        });
    }
    Ok(Ok(Form {
        // An empty form is sent as no body and needs no type.
        type_name: if fields.is_empty() { String::new() } else { claim(format!("{prefix}Form"), "", context.type_names) },
        fields,
    }))
}

/// The item type of an array type, or the type itself.
fn item_type(type_ref: TypeRef, repeated: bool) -> TypeRef {
    match type_ref {
        TypeRef::Array(item) if repeated => *item,
        other => other,
    }
}

/// Returns whether a media type is JSON (`application/json` or `+json`).
fn is_json_type(media_type: &str) -> bool {
    let essence = super::media::essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// Returns whether `encoding.contentType` names one concrete media type,
/// not a range (`image/*`) or a list, so that it can be a part's
/// `Content-Type`.
fn is_single_media_type(content_type: &str) -> bool {
    !content_type.contains('*') && !content_type.contains(',') && content_type.contains('/')
}
