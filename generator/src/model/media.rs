//! Media types of request and response bodies, and the raw schema lookups
//! that deciding a body's encoding needs.

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// The encoding of a body, decided by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Encoding {
    /// `application/json` and `+json` types.
    Json,
    /// `text/*`.
    Text,
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
    /// Everything else: bytes sent and returned untouched.
    Binary,
}

/// Returns the media type without parameters, trimmed and in lower case:
/// `text/plain; charset=utf-8` becomes `text/plain`.
pub fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Classifies a media type. Many documents write `*/*` for JSON bodies, so a
/// range such as `*/*` counts as JSON when its schema is an object, array or
/// composition. Otherwise a range counts as binary.
pub fn encoding_of(media_type: &str, media: &MediaType, spec: &OpenAPI) -> Encoding {
    let essence = essence(media_type);
    match essence.as_str() {
        "application/json" => Encoding::Json,
        "multipart/form-data" => Encoding::Multipart,
        "application/x-www-form-urlencoded" => Encoding::UrlEncoded,
        _ if essence.ends_with("+json") => Encoding::Json,
        _ if essence.starts_with("text/") => Encoding::Text,
        _ if essence.contains('*') && media.schema.as_ref().is_some_and(|schema| is_structured(spec, schema)) => {
            Encoding::Json
        }
        _ => Encoding::Binary,
    }
}

/// Picks the media type of a content map that the client uses: the first
/// JSON one, else the first text one, and so on in the order of `Encoding`,
/// among those that `allowed` accepts.
pub fn pick<'a>(
    content: &'a IndexMap<String, MediaType>,
    spec: &OpenAPI,
    allowed: impl Fn(Encoding) -> bool,
) -> Option<(&'a String, &'a MediaType, Encoding)> {
    content
        .iter()
        .map(|(media_type, media)| (media_type, media, encoding_of(media_type, media, spec)))
        .filter(|(_, _, encoding)| allowed(*encoding))
        .min_by_key(|(_, _, encoding)| *encoding)
}

/// Follows `#/components/schemas/...` references to a schema; `None` for a
/// reference that does not resolve (the type mapping reports those).
pub fn resolve_schema<'a, T: std::borrow::Borrow<Schema>>(
    spec: &'a OpenAPI,
    schema: &'a ReferenceOr<T>,
) -> Option<&'a Schema> {
    let mut reference = match schema {
        ReferenceOr::Item(schema) => return Some(schema.borrow()),
        ReferenceOr::Reference { reference } => reference.as_str(),
    };
    for _ in 0..64 {
        let key = reference.strip_prefix("#/components/schemas/")?;
        let key = key.replace("~1", "/").replace("~0", "~");
        match spec.components.as_ref()?.schemas.get(&key)? {
            ReferenceOr::Item(schema) => return Some(schema),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// Returns whether a schema is `type: string` with `format: binary`.
pub fn is_binary_string(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(string)) if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// Returns whether a schema is a string, number, integer or boolean.
pub fn is_scalar(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_))
    )
}

/// Returns whether a schema is anything but a scalar: an object, array,
/// composition or a schema without `type`.
fn is_structured<T: std::borrow::Borrow<Schema>>(spec: &OpenAPI, schema: &ReferenceOr<T>) -> bool {
    resolve_schema(spec, schema).is_some_and(|schema| !is_scalar(schema))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(schema: Option<&str>) -> MediaType {
        let schema = schema.map(|text| serde_yaml::from_str(text).expect("valid schema"));
        MediaType {
            schema,
            ..MediaType::default()
        }
    }

    #[test]
    fn media_type_encodings() {
        let spec: OpenAPI = serde_yaml::from_str("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}").unwrap();
        let cases = [
            ("application/json", None, Encoding::Json),
            ("Application/JSON; charset=utf-8", None, Encoding::Json),
            ("application/problem+json", None, Encoding::Json),
            ("text/plain; charset=utf-8", None, Encoding::Text),
            ("text/csv", None, Encoding::Text),
            ("multipart/form-data", None, Encoding::Multipart),
            ("application/x-www-form-urlencoded", None, Encoding::UrlEncoded),
            ("application/octet-stream", Some("{type: string}"), Encoding::Binary),
            ("image/*", Some("{type: string, format: binary}"), Encoding::Binary),
            ("application/xml", Some("{type: object}"), Encoding::Binary),
            ("*/*", Some("{type: object}"), Encoding::Json),
            ("*/*", Some("{type: string}"), Encoding::Binary),
            ("*/*", None, Encoding::Binary),
        ];
        for (media_type, schema, expected) in cases {
            assert_eq!(encoding_of(media_type, &media(schema), &spec), expected, "{media_type} {schema:?}");
        }
    }

    #[test]
    fn essence_drops_parameters() {
        assert_eq!(essence(" Text/Plain ; charset=utf-8"), "text/plain");
    }
}
