//! Builds the `Api` model from a resolved document.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, SecurityScheme as SchemeObject};

use super::naming::{claim, group_of_path, method_from_operation_id, method_from_path, pascal_ident, snake_ident};
use super::operations::{map_operation, Named, OperationContext};
use super::types::TypeSpace;
use super::{Api, ApiInfo, Group, NameOrigin, SecurityKind, SecurityScheme, Server};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::resolve::Resolved;

/// Builds the model of a resolved document.
pub fn build(resolved: &Resolved) -> Result<Api, Diagnostic> {
    let spec = &resolved.spec;
    let source = &resolved.source;

    let info = ApiInfo {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
    };
    let servers = spec
        .servers
        .iter()
        .map(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            Server {
                url: url.trim_end_matches('/').to_string(),
                description: server.description.clone(),
            }
        })
        .collect();
    let security_schemes = security_schemes(resolved)?;

    let mut space = TypeSpace::new(spec, source);
    space.map_components()?;

    let named = name_operations(resolved)?;
    // Operation types live in the `groups` modules next to the group
    // handles, and `groups` re-exports them all, so they share one namespace.
    let mut context = OperationContext {
        type_names: named
            .iter()
            .filter_map(|operation| operation.group.as_deref())
            .map(|group| pascal_ident(group, "Group"))
            .collect(),
        scheme_names: security_schemes.iter().map(|scheme| scheme.wire_name.clone()).collect(),
        warnings: Vec::new(),
    };
    let mut groups: BTreeMap<String, Vec<_>> = BTreeMap::new();
    let mut ungrouped = Vec::new();
    for operation in &named {
        let Some(mapped) = map_operation(operation, &mut space, source, spec, &mut context)? else {
            continue;
        };
        match &operation.group {
            Some(group) => groups.entry(group.clone()).or_default().push(mapped),
            None => ungrouped.push(mapped),
        }
    }
    space.finish();
    let mut warnings = source.warnings.clone();
    warnings.append(&mut space.warnings);
    warnings.append(&mut context.warnings);
    // A value can be reported twice (as a type and as a field); once is enough.
    let mut seen = BTreeSet::new();
    warnings.retain(|warning| seen.insert(warning.pointer.clone()));
    source.locate_all(&mut warnings);

    let groups = groups
        .into_iter()
        .map(|(name, mut operations)| {
            operations.sort_by(|a, b| a.name.cmp(&b.name));
            Group {
                type_name: pascal_ident(&name, "Group"),
                name,
                operations,
            }
        })
        .collect();
    ungrouped.sort_by(|a, b| a.name.cmp(&b.name));

    Ok(Api {
        info,
        servers,
        security_schemes,
        groups,
        ungrouped,
        types: space.types,
        warnings,
    })
}

/// Names every operation following the rule in `naming`, resolving
/// collisions within each group.
fn name_operations(resolved: &Resolved) -> Result<Vec<Named<'_>>, Diagnostic> {
    let mut named = Vec::new();
    for (path, item) in &resolved.spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(resolved.source.error(
                &push_pointer("/paths", path),
                "unsupported path item: `$ref` on a path item is not supported yet",
            ));
        };
        let group = group_of_path(path);
        for (http_method, operation) in item.iter() {
            let from_id = operation
                .operation_id
                .as_deref()
                .and_then(|id| method_from_operation_id(id, group.as_deref(), http_method));
            let (name, name_origin) = match from_id {
                Some(name) => (name, NameOrigin::OperationId),
                None => (method_from_path(path, group.as_deref(), http_method), NameOrigin::MethodAndPath),
            };
            named.push(Named {
                path,
                http_method,
                operation,
                path_parameters: &item.parameters,
                group: group.clone(),
                name,
                name_origin,
            });
        }
    }

    // Names used more than once in a group fall back to the full operationId.
    let mut counts: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
    for operation in &named {
        *counts.entry((operation.group.clone(), operation.name.clone())).or_default() += 1;
    }
    for operation in &mut named {
        if counts[&(operation.group.clone(), operation.name.clone())] > 1 {
            if let Some(id) = &operation.operation.operation_id {
                operation.name = snake_ident(id, "call");
            }
        }
    }
    // Names that still collide get a number, in document order.
    let mut taken: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    for operation in &mut named {
        let group_taken = taken.entry(operation.group.clone()).or_default();
        if operation.group.is_none() && group_taken.is_empty() {
            // Methods on `Client` itself must not shadow its own methods or
            // the group accessors.
            group_taken.extend(["builder", "base_url", "http_client"].map(String::from));
        }
        operation.name = claim(operation.name.clone(), "_", group_taken);
    }
    if let Some(ungrouped) = taken.get(&None) {
        let groups: BTreeSet<_> = named.iter().filter_map(|operation| operation.group.clone()).collect();
        if let Some(clash) = ungrouped.iter().find(|name| groups.contains(*name)) {
            return Err(Diagnostic::error(format!(
                "operation name `{clash}` on the client clashes with the group accessor of the same name"
            )));
        }
    }
    Ok(named)
}

fn security_schemes(resolved: &Resolved) -> Result<Vec<SecurityScheme>, Diagnostic> {
    let Some(components) = &resolved.spec.components else {
        return Ok(Vec::new());
    };
    // Setters that `ClientBuilder` defines itself.
    let mut taken: BTreeSet<String> = ["base_url", "build", "http_client", "timeout", "user_agent"]
        .map(String::from)
        .into();
    let mut schemes = Vec::new();
    for (wire_name, scheme) in &components.security_schemes {
        let pointer = push_pointer("/components/securitySchemes", wire_name);
        let ReferenceOr::Item(scheme) = scheme else {
            return Err(resolved
                .source
                .error(&pointer, "unsupported security scheme: `$ref` is not supported here yet"));
        };
        let (kind, description) = match scheme {
            SchemeObject::HTTP { scheme, bearer_format, description, .. } => {
                let kind = if scheme.eq_ignore_ascii_case("basic") {
                    SecurityKind::Basic
                } else {
                    SecurityKind::Bearer {
                        format: bearer_format.clone(),
                    }
                };
                (kind, description.clone())
            }
            SchemeObject::APIKey { location, name, description, .. } => {
                let kind = match location {
                    openapiv3::APIKeyLocation::Header => SecurityKind::ApiKeyHeader { name: name.clone() },
                    openapiv3::APIKeyLocation::Query => SecurityKind::ApiKeyQuery { name: name.clone() },
                    openapiv3::APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie { name: name.clone() },
                };
                (kind, description.clone())
            }
            // OAuth 2 and OpenID Connect tokens are sent as bearer tokens;
            // obtaining them is up to the caller.
            SchemeObject::OAuth2 { description, .. } | SchemeObject::OpenIDConnect { description, .. } => {
                (SecurityKind::Bearer { format: None }, description.clone())
            }
        };
        schemes.push(SecurityScheme {
            wire_name: wire_name.clone(),
            setter: claim(snake_ident(wire_name, "credential"), "_", &mut taken),
            kind,
            description,
        });
    }
    Ok(schemes)
}
