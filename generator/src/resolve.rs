//! Resolve stage: checks that every `$ref` points at something, rejects
//! reference cycles, and reads the document into `openapiv3` types.

use openapiv3::{OpenAPI, ReferenceOr};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;

/// A document whose references all resolve, in typed form.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The loaded text, kept for locating diagnostics.
    pub source: Source,
    /// The typed document.
    pub spec: OpenAPI,
}

/// Checks the references of `source` and reads it into `openapiv3` types.
pub fn resolve(source: Source) -> Result<Resolved, Diagnostic> {
    // The two steps read the document independently, so they run on two
    // threads. A reference error is still reported before a typing error.
    let (checked, spec) = rayon::join(|| check_references(&source), || read_typed(&source));
    checked?;
    Ok(Resolved { source, spec: spec? })
}

/// Checks that every `$ref` of the document points at something.
fn check_references(source: &Source) -> Result<(), Diagnostic> {
    let mut references = Vec::new();
    collect_references(&source.value, "", None, &mut references);
    for (pointer, target) in &references {
        check_reference(source, pointer, target)?;
    }
    Ok(())
}

/// Collects `(pointer of the $ref member, target)` pairs. Example values and
/// extensions (`x-...` members, except as property names) are data, not
/// schema, so `$ref` keys inside them are not references.
fn collect_references(value: &Value, pointer: &str, parent_key: Option<&str>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push((push_pointer(pointer, "$ref"), target.clone()));
            }
            let names_are_data = matches!(parent_key, Some("properties" | "patternProperties"));
            for (key, child) in map {
                let is_data = key == "example"
                    || (key == "value" && is_example_object(map))
                    || (key.starts_with("x-") && key != crate::bundle::BUNDLED);
                if is_data && !names_are_data {
                    continue;
                }
                collect_references(child, &push_pointer(pointer, key), Some(key), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_references(child, &push_pointer(pointer, &index.to_string()), None, out);
            }
        }
        _ => {}
    }
}

/// An Example Object has `value` beside `summary`, `description` or
/// `externalValue`, and no schema keywords.
fn is_example_object(map: &Map<String, Value>) -> bool {
    !map.contains_key("type") && !map.contains_key("properties") && !map.contains_key("schema")
}

fn check_reference(source: &Source, pointer: &str, target: &str) -> Result<(), Diagnostic> {
    let Some(fragment) = target.strip_prefix('#') else {
        return Err(source
            .error(
                pointer,
                format!("unsupported reference `{target}`: references to other files are not supported yet"),
            )
            .with_help("bundle the document into one file first"));
    };
    let decoded = percent_decode(fragment);
    if source.value.pointer(&decoded).is_none() {
        return Err(source
            .error(pointer, format!("unresolved reference `{target}`: nothing exists at `{decoded}`"))
            .with_help("fix the reference or add the missing component"));
    }

    // Follow chains of references that point at other references, so that
    // `A -> B -> A` is reported instead of looped on.
    let mut seen = vec![decoded.clone()];
    let mut current = decoded;
    while let Some(Value::String(next)) = source
        .value
        .pointer(&current)
        .and_then(|node| node.get("$ref"))
    {
        let Some(next_fragment) = next.strip_prefix('#') else {
            break;
        };
        let next = percent_decode(next_fragment);
        if seen.contains(&next) {
            seen.push(next);
            return Err(source.error(
                pointer,
                format!("reference cycle: {}", seen.join(" -> ")),
            ));
        }
        seen.push(next.clone());
        current = next;
    }
    Ok(())
}

/// Decodes `%XX` escapes in a URI fragment; invalid escapes are kept as text.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_typed(source: &Source) -> Result<OpenAPI, Diagnostic> {
    // Tracking the path of every node costs time, and only a failure needs
    // it. Reading the same input again with tracking on fails the same way.
    if let Ok(spec) = OpenAPI::deserialize(&source.value) {
        return Ok(spec);
    }
    let result: Result<OpenAPI, _> = serde_path_to_error::deserialize(&source.value);
    result.map_err(|error| {
        let mut pointer = String::new();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = push_pointer(&pointer, &index.to_string());
                }
                serde_path_to_error::Segment::Map { key } => {
                    pointer = push_pointer(&pointer, key);
                }
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let message = error.into_inner().to_string();
        source
            .error(&pointer, format!("invalid OpenAPI document: {message}"))
            .with_help("check this node against the OpenAPI 3.0 specification")
    })
}

/// Returns the component name of a `#/components/<kind>/<name>` reference.
pub fn component_name<'a>(reference: &'a str, kind: &str) -> Option<&'a str> {
    let rest = reference.strip_prefix("#/components/")?;
    let rest = rest.strip_prefix(kind)?;
    let name = rest.strip_prefix('/')?;
    (!name.contains('/')).then_some(name)
}

/// Looks up `#/components/<kind>/<name>` references in a typed document,
/// following chains of references.
pub fn lookup<'a, T>(
    reference_or: &'a ReferenceOr<T>,
    kind: &str,
    components: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
) -> Result<(&'a T, Option<String>), String> {
    let mut current = reference_or;
    let mut name = None;
    for _ in 0..64 {
        match current {
            ReferenceOr::Item(item) => return Ok((item, name)),
            ReferenceOr::Reference { reference } => {
                let Some(component) = component_name(reference, kind) else {
                    return Err(format!(
                        "unsupported reference `{reference}`: only references to `#/components/{kind}/...` can be used here for now"
                    ));
                };
                let component = component.replace("~1", "/").replace("~0", "~");
                let Some(next) = components(&component) else {
                    return Err(format!("unresolved reference `{reference}`"));
                };
                name = Some(component);
                current = next;
            }
        }
    }
    Err("reference chain longer than 64 links".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn component_names() {
        assert_eq!(component_name("#/components/schemas/Pet", "schemas"), Some("Pet"));
        assert_eq!(component_name("#/components/schemas/Pet/x", "schemas"), None);
        assert_eq!(component_name("#/definitions/Pet", "schemas"), None);
    }
}
