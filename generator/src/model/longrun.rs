//! Marks the operations that start action attempts and the list operations
//! that page, as the settings describe them.

use std::collections::BTreeSet;

use super::{
    ActionAttemptPoll, Api, BodyKind, Field, Operation, Paging, ParameterLocation, Primitive, RequestBodyKind, Success, TypeKind,
    TypeRef,
};
use crate::diagnostic::Diagnostic;
use crate::Settings;

/// Sets `Operation::action_attempt`, `Operation::pagination` and
/// `Api::action_attempt_poll`; `flagged` contains the pointers of operations
/// that the action extension marks.
pub fn annotate(api: &mut Api, settings: &Settings, flagged: &BTreeSet<String>) {
    let actions = &settings.action_attempts;
    if actions.enabled {
        let poll = api
            .groups
            .iter()
            .flat_map(|group| group.operations.iter())
            .chain(api.ungrouped.iter())
            .find(|operation| operation.path == actions.poll_path);
        match poll {
            Some(operation) => {
                api.action_attempt_poll = Some(ActionAttemptPoll {
                    http_method: operation.http_method.clone(),
                    path: operation.path.clone(),
                    security: operation.security.clone(),
                    id_property: actions.id_property.clone(),
                    response_property: actions.response_property.clone(),
                })
            }
            None => api.warnings.push(Diagnostic::warning(format!(
                "config option `action_attempts.poll_path` names `{}`, which the document does not have; the client cannot wait for action attempts",
                actions.poll_path
            ))),
        }
    }
    let pages = &settings.pagination;
    let mut paged = 0;
    let types = &api.types;
    let fields_of = |type_ref: &TypeRef| -> Option<Vec<Field>> {
        let mut type_ref = type_ref.clone();
        // Follow aliases a few steps.
        for _ in 0..4 {
            let TypeRef::Named(name) = &type_ref else {
                return None;
            };
            match &types.get(name)?.kind {
                TypeKind::Struct { fields } => return Some(fields.clone()),
                TypeKind::Alias { target } => type_ref = target.clone(),
                _ => return None,
            }
        }
        None
    };
    let waitable = api.action_attempt_poll.is_some();
    let mut warnings = Vec::new();
    for group in &mut api.groups {
        for operation in &mut group.operations {
            let success = match (&operation.success, operation.success_headers) {
                (Success::Body { body: BodyKind::Json(type_ref) }, false) => fields_of(type_ref),
                _ => None,
            };
            let Some(success) = success else {
                continue;
            };
            let has = |fields: &[Field], wire: &str| fields.iter().any(|field| field.wire_name == wire);
            let body_only = operation.parameters.is_empty()
                && matches!(&operation.request_body, None | Some(super::RequestBody { kind: RequestBodyKind::Json { .. }, .. }));
            // The response member finds the operations that the extension
            // does not mark. Without the member there is no attempt to wait for.
            let has_attempt = has(&success, &actions.response_property);
            if waitable && flagged.contains(&operation.pointer) && !has_attempt {
                warnings.push(Diagnostic::warning(format!(
                    "operation `{} {}` is marked with `{}` but its response has no `{}` member; the client cannot wait for it",
                    operation.http_method, operation.path, actions.extension, actions.response_property
                )));
            }
            let is_poll = operation.path == actions.poll_path;
            if waitable && body_only && !is_poll && has_attempt {
                operation.action_attempt = Some(actions.response_property.clone());
            }
            if pages.enabled {
                if let Some(paging) = paging_of(operation, &success, &fields_of, settings) {
                    operation.pagination = Some(paging);
                    paged += 1;
                }
            }
        }
    }
    api.warnings.append(&mut warnings);
    if pages.enabled && paged == 0 {
        api.warnings.push(Diagnostic::warning(format!(
            "config option `pagination` names the cursor `{}` and the response member `{}`, which no list operation has together",
            pages.cursor_parameter, pages.response_property
        )));
    }
}

fn paging_of(
    operation: &Operation,
    success: &[Field],
    fields_of: &impl Fn(&TypeRef) -> Option<Vec<Field>>,
    settings: &Settings,
) -> Option<Paging> {
    let pages = &settings.pagination;
    // The cursor is a member of the JSON body (Seam's POST lists) or an
    // optional string query parameter (GET lists), never both.
    let cursor_argument = match &operation.request_body {
        Some(body) if operation.parameters.is_empty() => {
            let RequestBodyKind::Json { type_ref } = &body.kind else {
                return None;
            };
            let request = fields_of(type_ref)?;
            if !request.iter().any(|field| field.wire_name == pages.cursor_parameter) {
                return None;
            }
            None
        }
        Some(_) => return None,
        None => {
            let parameter = operation.parameters.iter().find(|parameter| {
                parameter.location == ParameterLocation::Query && parameter.wire_name == pages.cursor_parameter
            })?;
            if parameter.required || parameter.type_ref != TypeRef::Primitive(Primitive::String) {
                return None;
            }
            Some(parameter.name.clone())
        }
    };
    if !success.iter().any(|field| field.wire_name == pages.response_property) {
        return None;
    }
    let mut arrays = success.iter().filter_map(|field| match &field.type_ref {
        TypeRef::Array(item) if field.wire_name != pages.response_property => Some((field, item)),
        _ => None,
    });
    let (items, item_type) = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    Some(Paging {
        cursor: pages.cursor_parameter.clone(),
        cursor_argument,
        items: items.wire_name.clone(),
        item_type: (**item_type).clone(),
        pagination: pages.response_property.clone(),
        next_cursor: pages.next_cursor_property.clone(),
        has_next: pages.has_next_property.clone(),
    })
}
