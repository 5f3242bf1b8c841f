//! Response mapping: which statuses count as success or error, how each body
//! is decoded, and the enums that hold several kinds of body.
//!
//! A response counts as a success when its status is 1xx, 2xx or 3xx (a
//! code or a range), and as an error when it is 4xx or 5xx. `default` covers
//! every status that no other response lists: it counts as an error, except
//! that when the operation lists no success response at all, `default` also
//! stands for the 2xx statuses.

use std::collections::BTreeSet;

use openapiv3::{Operation as OperationObject, ReferenceOr, StatusCode};

use super::media::{essence, pick, Encoding};
use super::naming::{claim, pascal_ident};
use super::types::{SchemaRef, TypeSpace};
use super::{BodyKind, Response, ResponseBody, StatusMatch, Success, TypeRef};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::load::Source;
use crate::resolve::lookup;

/// The responses of one operation and what its method returns.
pub struct MappedResponses {
    /// Declared responses in document order.
    pub responses: Vec<Response>,
    /// The value a successful call returns.
    pub success: Success,
    /// Whether a success response documents headers.
    pub success_headers: bool,
    /// The enum of typed error bodies, if any.
    pub error_type: Option<String>,
    /// The `Accept` header value.
    pub accept: Option<String>,
}

/// Maps the responses of an operation. `prefix` starts the names of inline
/// types; `type_names` contains the names taken in the `groups` modules.
pub fn map_responses(
    operation: &OperationObject,
    pointer: &str,
    prefix: &str,
    space: &mut TypeSpace<'_>,
    source: &Source,
    spec: &openapiv3::OpenAPI,
    type_names: &mut BTreeSet<String>,
) -> Result<MappedResponses, Diagnostic> {
    let responses_pointer = push_pointer(pointer, "responses");
    let components = spec.components.as_ref();
    let mut declared: Vec<(String, StatusMatch, &ReferenceOr<openapiv3::Response>)> = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| match status {
            StatusCode::Code(code) => (code.to_string(), StatusMatch::Code(*code), response),
            StatusCode::Range(range) => (format!("{range}XX"), StatusMatch::Range(*range), response),
        })
        .collect();
    if let Some(default) = &operation.responses.default {
        declared.push(("default".to_string(), StatusMatch::Default, default));
    }

    let any_success = declared.iter().any(|(_, statuses, _)| is_success(*statuses));
    let first_success = declared.iter().position(|(_, statuses, _)| is_success(*statuses));
    let mut responses = Vec::new();
    for (index, (status, statuses, response)) in declared.iter().enumerate() {
        let response_pointer = push_pointer(&responses_pointer, status);
        let (response, _) = lookup(response, "responses", |key| components?.responses.get(key))
            .map_err(|message| source.error(&response_pointer, message))?;
        let hint = if Some(index) == first_success {
            format!("{prefix}Response")
        } else {
            format!("{prefix}Response{}", pascal_ident(status, "Default"))
        };
        // Multipart and form bodies in responses are rare; they are returned
        // as bytes like any other media type the client does not decode.
        let body = match pick(&response.content, spec, |_| true) {
            Some((media_type, media, encoding)) => {
                let kind = match encoding {
                    Encoding::Json => {
                        let schema_pointer = push_pointer(
                            &push_pointer(&push_pointer(&response_pointer, "content"), media_type),
                            "schema",
                        );
                        let type_ref = match &media.schema {
                            Some(schema) => space.map(SchemaRef::of(schema), &schema_pointer, &hint)?.type_ref,
                            None => TypeRef::Any,
                        };
                        BodyKind::Json(type_ref)
                    }
                    Encoding::Text => BodyKind::Text,
                    Encoding::Multipart | Encoding::UrlEncoded | Encoding::Binary => BodyKind::Binary,
                };
                Some(ResponseBody {
                    media_type: media_type.clone(),
                    kind,
                })
            }
            None => None,
        };
        let success = is_success(*statuses) || (*statuses == StatusMatch::Default && !any_success);
        let error = !is_success(*statuses);
        let variant = status_variant(*statuses);
        responses.push(Response {
            status: status.clone(),
            statuses: *statuses,
            description: response.description.clone(),
            body,
            headers: response.headers.keys().cloned().collect(),
            success_variant: success.then(|| variant.clone()),
            error_variant: error.then_some(variant),
        });
    }

    let success_bodies: Vec<Option<&BodyKind>> = responses
        .iter()
        .filter(|response| response.success_variant.is_some())
        .map(|response| response.body.as_ref().map(|body| &body.kind))
        .collect();
    let success = match success_bodies.first() {
        None | Some(None) if success_bodies.iter().all(Option::is_none) => Success::Empty,
        Some(Some(first)) if success_bodies.iter().all(|body| *body == Some(*first)) => Success::Body {
            body: (*first).clone(),
        },
        _ => Success::Enum {
            type_name: claim(format!("{prefix}Success"), "", type_names),
        },
    };
    let success_headers = responses
        .iter()
        .any(|response| response.success_variant.is_some() && !response.headers.is_empty());
    let has_error_body = responses
        .iter()
        .any(|response| response.error_variant.is_some() && response.body.is_some());
    let error_type = has_error_body.then(|| claim(format!("{prefix}Error"), "", type_names));

    Ok(MappedResponses {
        accept: accept_header(&responses),
        responses,
        success,
        success_headers,
        error_type,
    })
}

/// Returns whether a status or range is 1xx, 2xx or 3xx.
fn is_success(statuses: StatusMatch) -> bool {
    match statuses {
        StatusMatch::Code(code) => code < 400,
        StatusMatch::Range(first_digit) => first_digit < 4,
        StatusMatch::Default => false,
    }
}

/// The enum variant for a response: the reason phrase of a registered code
/// (`200` is `Ok`, `404` is `NotFound`), `Status<code>` for other codes, the
/// class name for ranges, and `Default` for `default`.
fn status_variant(statuses: StatusMatch) -> String {
    match statuses {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|status| status.canonical_reason())
            .map(|reason| pascal_ident(reason, "Status"))
            .unwrap_or_else(|| format!("Status{code}")),
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(first_digit) => format!("Status{first_digit}XX"),
        StatusMatch::Default => "Default".to_string(),
    }
}

/// Lists the media types of the response bodies, success responses first,
/// each once and without parameters.
fn accept_header(responses: &[Response]) -> Option<String> {
    let mut media_types: Vec<String> = Vec::new();
    let ordered = responses
        .iter()
        .filter(|response| response.success_variant.is_some())
        .chain(responses.iter().filter(|response| response.success_variant.is_none()));
    for response in ordered {
        if let Some(body) = &response.body {
            let media_type = essence(&body.media_type);
            if !media_types.contains(&media_type) {
                media_types.push(media_type);
            }
        }
    }
    (!media_types.is_empty()).then(|| media_types.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_variants() {
        let cases = [
            (StatusMatch::Code(200), "Ok"),
            (StatusMatch::Code(204), "NoContent"),
            (StatusMatch::Code(304), "NotModified"),
            (StatusMatch::Code(503), "ServiceUnavailable"),
            (StatusMatch::Code(299), "Status299"),
            (StatusMatch::Range(2), "Success"),
            (StatusMatch::Range(4), "ClientError"),
            (StatusMatch::Default, "Default"),
        ];
        for (statuses, expected) in cases {
            assert_eq!(status_variant(statuses), expected, "{statuses:?}");
        }
    }
}
