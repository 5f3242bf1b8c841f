//! Builds the `Api` model from a resolved document.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, SecurityScheme as SchemeObject};

use crate::config::{Settings, Twins};
use super::naming::{claim, group_of_path, method_from_operation_id, method_from_path, pascal_ident, snake_ident};
use super::operations::{map_operation, Named, OperationContext};
use super::select::{rename_operations, select_operations};
use super::types::TypeSpace;
use super::{Api, ApiInfo, Group, NameOrigin, SecurityKind, SecurityScheme, Server};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::resolve::Resolved;

/// Builds the model of a resolved document.
pub fn build(resolved: &Resolved, settings: &Settings) -> Result<Api, Diagnostic> {
    let Unlocated { mut api, count } = build_unlocated(resolved, settings)?;
    resolved.source.locate_all(&mut api.warnings[..count]);
    Ok(api)
}

/// A model whose first `count` warnings still need their file and line.
pub struct Unlocated {
    /// The model.
    pub api: Api,
    /// How many of `api.warnings`, from the start, [`Source::locate_all`]
    /// must fill in; the warnings after them are complete.
    ///
    /// [`Source::locate_all`]: crate::load::Source::locate_all
    pub count: usize,
}

/// Builds the model of a resolved document like [`build`], but leaves the
/// scan of the text that locates the warnings to the caller, which can run
/// it next to other work.
pub fn build_unlocated(resolved: &Resolved, settings: &Settings) -> Result<Unlocated, Diagnostic> {
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

    let mut space = TypeSpace::new(spec, source, settings)?;
    space.map_components()?;

    let mut setting_warnings = Vec::new();
    let mut named = name_operations(resolved, settings, &mut setting_warnings)?;
    let left_out = select_operations(&mut named, settings, &mut setting_warnings)?;
    rename_operations(&mut named, settings, &mut setting_warnings)?;
    let group_paths: BTreeSet<Vec<String>> = named
        .iter()
        .flat_map(|operation| (1..=operation.group_path.len()).map(|depth| operation.group_path[..depth].to_vec()))
        .collect();
    // Operation types live in the `groups` modules next to the group
    // handles, and `groups` re-exports them all, so they share one namespace.
    let mut context = OperationContext {
        type_names: group_paths.iter().map(|path| pascal_ident(&path.join("_"), "Group")).collect(),
        scheme_names: security_schemes.iter().map(|scheme| scheme.wire_name.clone()).collect(),
        warnings: Vec::new(),
    };
    let mut groups: BTreeMap<Vec<String>, Vec<_>> = group_paths.iter().map(|path| (path.clone(), Vec::new())).collect();
    let mut ungrouped = Vec::new();
    let mut flagged_action = BTreeSet::new();
    for operation in &named {
        let Some(mapped) = map_operation(operation, &mut space, source, spec, &mut context)? else {
            continue;
        };
        if operation.operation.extensions.contains_key(&settings.action_attempts.extension) {
            flagged_action.insert(mapped.pointer.clone());
        }
        match &operation.group {
            Some(_) => groups.entry(operation.group_path.clone()).or_default().push(mapped),
            None => ungrouped.push(mapped),
        }
    }
    space.finish()?;
    let mut warnings = source.warnings.clone();
    warnings.append(&mut space.warnings);
    warnings.append(&mut context.warnings);
    warnings.append(&mut setting_warnings);
    // A value can be reported twice (as a type and as a field); once is enough.
    let mut seen = BTreeSet::new();
    warnings.retain(|warning| warning.pointer.is_none() || seen.insert(warning.pointer.clone()));
    let count = warnings.len();

    // A group whose operations were all left out, and that has no nested
    // group with an operation, would be an empty handle: leave it out too.
    let used: BTreeSet<Vec<String>> = groups
        .iter()
        .filter(|(_, operations)| !operations.is_empty())
        .flat_map(|(path, _)| (1..=path.len()).map(|depth| path[..depth].to_vec()))
        .collect();
    groups.retain(|path, _| used.contains(path));
    let groups = groups
        .into_iter()
        .map(|(path, mut operations)| {
            operations.sort_by(|a, b| a.name.cmp(&b.name));
            let name = path.join("_");
            let parent = (path.len() > 1).then(|| pascal_ident(&path[..path.len() - 1].join("_"), "Group"));
            Group {
                type_name: pascal_ident(&name, "Group"),
                accessor: path.last().cloned().unwrap_or_default(),
                parent,
                path,
                name,
                operations,
            }
        })
        .collect();
    ungrouped.sort_by(|a, b| a.name.cmp(&b.name));

    let mut api = Api {
        info,
        servers,
        security_schemes,
        groups,
        ungrouped,
        types: space.types,
        warnings,
        action_attempt_poll: None,
        features: None,
    };
    super::longrun::annotate(&mut api, settings, &flagged_action);
    let mut removed_schemas = BTreeSet::new();
    for pointer in &left_out {
        if let Some(operation) = source.value.pointer(pointer) {
            removed_schemas.extend(crate::lifecycle::schema_references(operation, &source.value));
        }
    }
    super::select::prune(&mut api, &removed_schemas);
    if !settings.types_only && settings.features.gates(api.groups.len()) {
        api.features = Some(super::features::plan(&api));
    }
    Ok(Unlocated { api, count })
}

/// Methods that `Client` defines itself, which operations on the client
/// and group accessors must not shadow.
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "http_client",
    "from_env",
    "with_options",
    "options",
    "wait_for_action_attempt",
    "get_action_attempt",
];

/// The group path an extension value gives: a string or a list of strings.
fn extension_group(value: &serde_json::Value) -> Option<Vec<String>> {
    let names: Vec<String> = match value {
        serde_json::Value::String(name) => vec![name.clone()],
        serde_json::Value::Array(items) => items.iter().filter_map(|item| item.as_str().map(str::to_string)).collect(),
        _ => return None,
    };
    Some(names.iter().map(|name| snake_ident(name, "group")).collect())
}

/// Names every operation following the rule in `naming`, or the naming
/// extensions that `settings` names, resolving collisions within each group.
fn name_operations<'a>(resolved: &'a Resolved, all_settings: &Settings, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Named<'a>>, Diagnostic> {
    let settings = &all_settings.naming;
    let mut named = Vec::new();
    let (mut group_extension_used, mut method_extension_used) = (false, false);
    for (path, item) in &resolved.spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(resolved.source.error(
                &push_pointer("/paths", path),
                "unsupported path item: `$ref` on a path item is not supported yet",
            ));
        };
        let path_group = group_of_path(path);
        for (http_method, operation) in item.iter() {
            let extension = |name: &Option<String>| name.as_ref().and_then(|name| operation.extensions.get(name));
            let group_path = match extension(&settings.group_extension).and_then(extension_group) {
                Some(group_path) => {
                    group_extension_used = true;
                    group_path
                }
                None => path_group.iter().cloned().collect(),
            };
            let group = (!group_path.is_empty()).then(|| group_path.join("_"));
            let from_extension = extension(&settings.method_extension)
                .and_then(|value| value.as_str())
                .map(|name| snake_ident(name, "call"));
            let from_id = operation
                .operation_id
                .as_deref()
                .and_then(|id| method_from_operation_id(id, group.as_deref(), http_method));
            let (name, name_origin) = match (from_extension, from_id) {
                (Some(name), _) => {
                    method_extension_used = true;
                    (name, NameOrigin::Extension)
                }
                (None, Some(name)) => (name, NameOrigin::OperationId),
                (None, None) => (method_from_path(path, group.as_deref(), http_method), NameOrigin::MethodAndPath),
            };
            named.push(Named {
                path,
                http_method,
                operation,
                path_parameters: &item.parameters,
                group,
                group_path,
                name,
                name_origin,
            });
        }
    }
    for (setting, name, used) in [
        ("naming.group_extension", &settings.group_extension, group_extension_used),
        ("naming.method_extension", &settings.method_extension, method_extension_used),
    ] {
        if let (Some(name), false) = (name, used) {
            warnings.push(all_settings.option_warning(setting, format!("names `{name}`, which no operation has; names follow the general rule")));
        }
    }

    // Twins: the same path and name under several HTTP methods become one
    // method, sent with the preferred HTTP method.
    let preferred = match settings.twins {
        Twins::Keep => None,
        Twins::Post => Some("post"),
        Twins::Get => Some("get"),
    };
    if let Some(keep) = preferred {
        let key = |operation: &Named<'_>| (operation.group.clone(), operation.name.clone(), operation.path.to_string());
        let kept: BTreeSet<_> = named.iter().filter(|operation| operation.http_method == keep).map(key).collect();
        named.retain(|operation| operation.http_method == keep || !kept.contains(&key(operation)));
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
    // Names that still collide get a number, in document order. The
    // accessors of nested groups are taken first.
    let mut taken: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    taken.entry(None).or_default().extend(CLIENT_METHODS.iter().map(|name| name.to_string()));
    for operation in &named {
        for depth in 1..operation.group_path.len() {
            let parent = operation.group_path[..depth].join("_");
            taken.entry(Some(parent)).or_default().insert(operation.group_path[depth].clone());
        }
    }
    for operation in &mut named {
        let group_taken = taken.entry(operation.group.clone()).or_default();
        operation.name = claim(operation.name.clone(), "_", group_taken);
    }
    if let Some(ungrouped) = taken.get(&None) {
        let groups: BTreeSet<_> = named.iter().filter_map(|operation| operation.group_path.first().cloned()).collect();
        if let Some(clash) = ungrouped.iter().find(|name| groups.contains(*name)) {
            return Err(Diagnostic::error(format!(
                "operation name `{clash}` on the client clashes with the group accessor of the same name"
            )));
        }
        if let Some(clash) = groups.iter().find(|name| CLIENT_METHODS.contains(&name.as_str())) {
            return Err(Diagnostic::error(format!(
                "group `{clash}` clashes with the client method of the same name"
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
