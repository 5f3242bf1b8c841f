//! Operation selection and renaming from the settings (`[include]`,
//! `[exclude]`, `[rename.operations]`), and pruning of the types that only
//! left-out items used.

use std::collections::BTreeSet;

use globset::GlobMatcher;

use super::build::CLIENT_METHODS;
use super::operations::Named;
use super::{Api, BodyKind, FormValue, Operation, RequestBodyKind, Success, TypeKind, TypeOrigin, TypeRef};
use crate::config::{OperationFilter, Settings};
use crate::diagnostic::{push_pointer, Diagnostic};

/// The name under which an operation is called: its group path and method
/// joined by `.` (`pets.list`, or `ping` on `Client`).
fn call_path(operation: &Named<'_>) -> String {
    operation.group_path.iter().chain([&operation.name]).cloned().collect::<Vec<_>>().join(".")
}

/// One filter table with its path patterns compiled.
struct Filter<'a> {
    table: &'static str,
    filter: &'a OperationFilter,
    /// The matchers of each path pattern; a pattern ending in `/**` has a
    /// second one for the path without that ending.
    paths: Vec<Vec<GlobMatcher>>,
    /// Entries that matched an operation, as list name and index.
    used: BTreeSet<(&'static str, usize)>,
}

impl<'a> Filter<'a> {
    fn new(table: &'static str, filter: &'a OperationFilter, settings: &Settings) -> Result<Self, Diagnostic> {
        let mut paths = Vec::new();
        for pattern in &filter.paths {
            let compile = |glob: &str| {
                globset::GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map(|glob| glob.compile_matcher())
                    .map_err(|error| settings.option_error(&format!("{table}.paths"), format!("`{pattern}` is not a glob pattern: {}", error.kind())))
            };
            let mut matchers = vec![compile(pattern)?];
            // `**` stands for zero segments too, so `/pets/**` matches `/pets`.
            if let Some(prefix) = pattern.strip_suffix("/**").filter(|prefix| !prefix.is_empty()) {
                matchers.push(compile(prefix)?);
            }
            paths.push(matchers);
        }
        Ok(Filter {
            table,
            filter,
            paths,
            used: BTreeSet::new(),
        })
    }

    /// Returns whether any entry matches the operation, and records every
    /// entry that does.
    fn matches(&mut self, operation: &Named<'_>) -> bool {
        let mut matched = false;
        let tags = &operation.operation.tags;
        for (index, tag) in self.filter.tags.iter().enumerate() {
            if tags.contains(tag) {
                self.used.insert(("tags", index));
                matched = true;
            }
        }
        let dotted_group = operation.group_path.join(".");
        for (index, group) in self.filter.groups.iter().enumerate() {
            let nested = dotted_group.strip_prefix(group.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
            if !operation.group_path.is_empty() && nested {
                self.used.insert(("groups", index));
                matched = true;
            }
        }
        let call = call_path(operation);
        for (index, name) in self.filter.operations.iter().enumerate() {
            if operation.operation.operation_id.as_deref() == Some(name.as_str()) || call == *name {
                self.used.insert(("operations", index));
                matched = true;
            }
        }
        for (index, matchers) in self.paths.iter().enumerate() {
            if matchers.iter().any(|glob| glob.is_match(operation.path)) {
                self.used.insert(("paths", index));
                matched = true;
            }
        }
        matched
    }

    /// Warns about every entry that matched no operation.
    fn unused(&self, settings: &Settings, warnings: &mut Vec<Diagnostic>) {
        let lists: [(&'static str, &Vec<String>); 4] = [
            ("tags", &self.filter.tags),
            ("groups", &self.filter.groups),
            ("operations", &self.filter.operations),
            ("paths", &self.filter.paths),
        ];
        for (list, entries) in lists {
            for (index, entry) in entries.iter().enumerate() {
                if !self.used.contains(&(list, index)) {
                    warnings.push(settings.option_warning(&format!("{}.{list}", self.table), format!("has `{entry}`, which matches no operation")));
                }
            }
        }
    }
}

/// Keeps the operations that `[include]` selects (all when it is empty) and
/// `[exclude]` does not. Returns the JSON pointers of the operations left
/// out.
pub(super) fn select_operations(named: &mut Vec<Named<'_>>, settings: &Settings, warnings: &mut Vec<Diagnostic>) -> Result<Vec<String>, Diagnostic> {
    if settings.include.is_empty() && settings.exclude.is_empty() {
        return Ok(Vec::new());
    }
    let mut include = Filter::new("include", &settings.include, settings)?;
    let mut exclude = Filter::new("exclude", &settings.exclude, settings)?;
    let mut dropped = Vec::new();
    named.retain(|operation| {
        // Both filters see every operation, so that each entry that matches
        // something is known.
        let included = include.matches(operation) || settings.include.is_empty();
        let excluded = exclude.matches(operation);
        let keep = included && !excluded;
        if !keep {
            dropped.push(operation.pointer());
        }
        keep
    });
    include.unused(settings, warnings);
    exclude.unused(settings, warnings);
    Ok(dropped)
}

/// Gives the operations that `[rename.operations]` names their new method
/// names. A new name that another method of the same group (or a nested
/// group's accessor) has is an error.
pub(super) fn rename_operations(named: &mut [Named<'_>], settings: &Settings, warnings: &mut Vec<Diagnostic>) -> Result<(), Diagnostic> {
    for (key, new_name) in &settings.rename.operations {
        let option = format!("rename.operations.{key}");
        let valid = syn::parse_str::<syn::Ident>(new_name).is_ok() && super::naming::snake_ident(new_name, "call") == *new_name;
        if !valid {
            return Err(settings.option_error(&option, format!("`{new_name}` is not a snake_case Rust identifier")));
        }
        let Some(index) = named
            .iter()
            .position(|operation| operation.operation.operation_id.as_deref() == Some(key.as_str()) || call_path(operation) == *key)
        else {
            warnings.push(settings.option_warning(&option, "names no operation of the document"));
            continue;
        };
        let group_path = named[index].group_path.clone();
        let mut taken: BTreeSet<String> = named
            .iter()
            .enumerate()
            .filter(|(other, operation)| *other != index && operation.group_path == group_path)
            .map(|(_, operation)| operation.name.clone())
            .collect();
        // Accessors of the groups nested in this one.
        for operation in named.iter() {
            if operation.group_path.len() > group_path.len() && operation.group_path.starts_with(&group_path) {
                taken.insert(operation.group_path[group_path.len()].clone());
            }
        }
        if group_path.is_empty() {
            taken.extend(CLIENT_METHODS.iter().map(|name| name.to_string()));
        }
        if taken.contains(new_name) {
            return Err(settings.option_error(&option, format!("the method name `{new_name}` is already taken in its group")));
        }
        named[index].name = new_name.clone();
    }
    Ok(())
}

/// Returns the named types that a type use mentions.
fn names_in<'a>(type_ref: &'a TypeRef, names: &mut Vec<&'a str>) {
    match type_ref {
        TypeRef::Named(name) => names.push(name),
        TypeRef::Array(inner) | TypeRef::Map(_, inner) | TypeRef::Nullable(inner) => names_in(inner, names),
        TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Any => {}
    }
}

/// Returns every type use of an operation, outermost types only.
pub fn operation_type_refs(operation: &Operation) -> Vec<&TypeRef> {
    let mut refs: Vec<&TypeRef> = operation.parameters.iter().map(|parameter| &parameter.type_ref).collect();
    if let Some(body) = &operation.request_body {
        match &body.kind {
            RequestBodyKind::Json { type_ref } => refs.push(type_ref),
            RequestBodyKind::Multipart { form } | RequestBodyKind::UrlEncoded { form } => {
                refs.extend(form.fields.iter().filter_map(|field| match &field.value {
                    FormValue::Text(type_ref) | FormValue::Json(type_ref) | FormValue::Nested(type_ref) => Some(type_ref),
                    FormValue::File => None,
                }));
            }
            RequestBodyKind::Text | RequestBodyKind::Binary { .. } => {}
        }
    }
    for response in &operation.responses {
        if let Some(BodyKind::Json(type_ref)) = response.body.as_ref().map(|body| &body.kind) {
            refs.push(type_ref);
        }
    }
    if let Success::Body { body: BodyKind::Json(type_ref) } = &operation.success {
        refs.push(type_ref);
    }
    if let Some(paging) = &operation.pagination {
        refs.push(&paging.item_type);
    }
    refs
}

/// Returns every type use inside a named type, outermost types only.
pub fn kind_type_refs(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().map(|field| &field.type_ref).collect(),
        TypeKind::Untagged { variants } => variants.iter().map(|variant| &variant.type_ref).collect(),
        TypeKind::Tagged { variants, others, .. } => variants
            .iter()
            .map(|variant| &variant.type_ref)
            .chain(others.iter().map(|variant| &variant.type_ref))
            .collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => Vec::new(),
    }
}

/// Returns the names of every type reachable from `roots`.
fn closure<'a>(api: &'a Api, roots: Vec<&'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(def) = api.types.get(name) {
            for type_ref in kind_type_refs(&def.kind) {
                names_in(type_ref, &mut stack);
            }
        }
    }
    seen
}

/// Removes the types that only left-out items used: the types of the
/// `components.schemas` keys in `removed_schemas` and every type reachable
/// from them, unless a kept operation, or a component schema outside that
/// set, still reaches them. Component schemas that no operation ever used
/// stay.
pub fn prune(api: &mut Api, removed_schemas: &BTreeSet<String>) {
    if removed_schemas.is_empty() {
        return;
    }
    let pointers: BTreeSet<String> = removed_schemas.iter().map(|key| push_pointer("/components/schemas", key)).collect();
    let dead: BTreeSet<String> = {
        let candidates: Vec<&str> = api
            .types
            .values()
            .filter(|def| def.origin == TypeOrigin::Component && pointers.contains(&def.pointer))
            .map(|def| def.name.as_str())
            .collect();
        let unsure = closure(api, candidates);
        let mut roots: Vec<&str> = Vec::new();
        let operations = api.groups.iter().flat_map(|group| group.operations.iter()).chain(api.ungrouped.iter());
        for operation in operations {
            for type_ref in operation_type_refs(operation) {
                names_in(type_ref, &mut roots);
            }
        }
        roots.extend(
            api.types
                .values()
                .filter(|def| def.origin == TypeOrigin::Component && !unsure.contains(def.name.as_str()))
                .map(|def| def.name.as_str()),
        );
        let live = closure(api, roots);
        unsure.into_iter().filter(|name| !live.contains(name)).map(str::to_string).collect()
    };
    api.types.retain(|name, _| !dead.contains(name));
}
