//! Cargo features of a crate whose groups are gated: one feature per group,
//! and for each model type the features whose operations reach it.
//!
//! A group's feature turns on the group's own operations and, through the
//! feature list, every group nested in it (`locks = ["locks-simulate"]`).
//! The handle of a group is compiled when its feature or the feature of any
//! nested group is on, because nested groups are reached through it. A type
//! is gated by the features of the groups whose operations reach it, and is
//! compiled when any of them is on. Types that an ungrouped operation
//! reaches, and every type these refer to, are always compiled. Types no
//! operation reaches (webhook payloads, unused components), and every type
//! these refer to, get the feature `other-types`, which is on by default.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Api, Group, TypeRef};

/// The Cargo features of the crate.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    /// The feature of each group, by group module name (`Group::name`).
    pub groups: BTreeMap<String, GroupFeature>,
    /// The features of the top-level groups, which together turn on every
    /// group: the crate's `default` feature list.
    pub default: Vec<String>,
    /// The features that compile each gated type, by type name, sorted;
    /// a type that is not listed is always compiled.
    pub types: BTreeMap<String, Vec<String>>,
    /// The feature of the types that no operation reaches (webhook payloads,
    /// unused components) and of the types they use; `None` when every type
    /// is reached by an operation.
    pub other_types: Option<String>,
}

/// The name of the feature of the types that no operation reaches; a group
/// of that name gets another.
pub const OTHER_TYPES: &str = "other-types";

/// The Cargo feature of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupFeature {
    /// The feature name.
    pub name: String,
    /// The features of the groups nested directly in this one, which this
    /// feature turns on.
    pub nested: Vec<String>,
    /// This feature and the features of every group nested in this one at
    /// any depth: the handle type is compiled when any of them is on.
    pub handle: Vec<String>,
}

/// Builds the features of `api`: one per group, named from the group path.
pub fn plan(api: &Api) -> Features {
    let names = feature_names(&api.groups);
    let mut groups = BTreeMap::new();
    for group in &api.groups {
        let is_nested_in = |other: &Group, depth: Option<usize>| {
            other.path.len() > group.path.len()
                && other.path.starts_with(&group.path)
                && depth.is_none_or(|depth| other.path.len() == group.path.len() + depth)
        };
        let nested = api.groups.iter().filter(|other| is_nested_in(other, Some(1))).map(|other| names[&other.name].clone()).collect();
        let mut handle: Vec<String> = api.groups.iter().filter(|other| is_nested_in(other, None)).map(|other| names[&other.name].clone()).collect();
        handle.insert(0, names[&group.name].clone());
        groups.insert(
            group.name.clone(),
            GroupFeature {
                name: names[&group.name].clone(),
                nested,
                handle,
            },
        );
    }
    let mut default: Vec<String> = api.groups.iter().filter(|group| group.parent.is_none()).map(|group| names[&group.name].clone()).collect();
    let types = type_features(api, &names);
    let other_types = types.values().any(|features| features.iter().any(|feature| feature == OTHER_TYPES));
    if other_types {
        default.push(OTHER_TYPES.to_string());
        default.sort();
    }
    Features {
        types,
        groups,
        default,
        other_types: other_types.then(|| OTHER_TYPES.to_string()),
    }
}

/// Names each group's feature: the words of its path in kebab case
/// (`acs_users` becomes `acs-users`). A name that is `default`,
/// `other-types`, or that an earlier group (in path order) already has gets
/// `-group`, then a number.
fn feature_names(groups: &[Group]) -> BTreeMap<String, String> {
    let mut used_names = BTreeSet::from(["default".to_string(), OTHER_TYPES.to_string()]);
    let mut names = BTreeMap::new();
    for group in groups {
        let words: Vec<String> = group
            .path
            .iter()
            .map(|segment| segment.trim_matches('_').replace('_', "-"))
            .filter(|segment| !segment.is_empty())
            .collect();
        let base = if words.is_empty() { "group".to_string() } else { words.join("-") };
        let mut name = base.clone();
        let mut attempt = 1;
        while used_names.contains(&name) {
            name = if attempt == 1 { format!("{base}-group") } else { format!("{base}-group-{attempt}") };
            attempt += 1;
        }
        used_names.insert(name.clone());
        names.insert(group.name.clone(), name);
    }
    names
}

/// Gates each type that ungrouped operations do not reach: by the features
/// of the groups that reach it, plus `other-types` when a type that no
/// operation reaches uses it.
fn type_features(api: &Api, names: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
    // Group indexes in `api.groups`, whose order is path order.
    let mut users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (index, group) in api.groups.iter().enumerate() {
        for name in reachable(api, group.operations.iter().flat_map(super::select::operation_type_refs)) {
            users.entry(name).or_default().insert(index);
        }
    }
    let always = reachable(api, api.ungrouped.iter().flat_map(super::select::operation_type_refs));
    let unused: Vec<TypeRef> = api
        .types
        .keys()
        .filter(|name| !users.contains_key(*name) && !always.contains(*name))
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    let other_types = reachable(api, unused.iter());
    for name in &other_types {
        users.entry(name.clone()).or_default();
    }
    users
        .into_iter()
        .filter(|(type_name, _)| !always.contains(type_name))
        .map(|(type_name, indexes)| {
            let groups: Vec<&Group> = indexes.into_iter().map(|index| &api.groups[index]).collect();
            // A group's feature turns on every group nested in it, so an
            // enclosing group adds nothing when a nested one is listed.
            let mut features: Vec<String> = groups
                .iter()
                .filter(|group| {
                    !groups
                        .iter()
                        .any(|other| other.path.len() > group.path.len() && other.path.starts_with(&group.path))
                })
                .map(|group| names[&group.name].clone())
                .collect();
            if other_types.contains(&type_name) {
                features.push(OTHER_TYPES.to_string());
            }
            features.sort();
            (type_name, features)
        })
        .collect()
}

/// Returns the names of the types in `roots` and of every type they use,
/// directly or through other types.
fn reachable<'a>(api: &'a Api, roots: impl Iterator<Item = &'a TypeRef>) -> BTreeSet<String> {
    let mut pending: Vec<&TypeRef> = roots.collect();
    let mut seen = BTreeSet::new();
    while let Some(type_ref) = pending.pop() {
        match type_ref {
            TypeRef::Named(name) => {
                if seen.insert(name.clone()) {
                    if let Some(def) = api.types.get(name) {
                        pending.extend(super::select::kind_type_refs(&def.kind));
                    }
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(_, inner) | TypeRef::Nullable(inner) => pending.push(inner),
            TypeRef::Primitive(_) | TypeRef::External(_) | TypeRef::Any => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(path: &[&str]) -> Group {
        let path: Vec<String> = path.iter().map(|segment| segment.to_string()).collect();
        Group {
            name: path.join("_"),
            accessor: path.last().cloned().unwrap_or_default(),
            parent: (path.len() > 1).then(|| "Parent".to_string()),
            type_name: "Handle".to_string(),
            path,
            operations: Vec::new(),
        }
    }

    #[test]
    fn type_gates_of_features_fixture() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/features.yaml");
        let settings = crate::config::Config::settings_for(&spec, None).expect("fixture config loads");
        let api = crate::build_model(&spec, &settings).expect("fixture builds");
        let features = api.features.expect("the fixture config gates the groups");
        let gate = |name: &str| features.types.get(name).cloned();
        assert_eq!(gate("Pet"), Some(vec!["pets".to_string()]));
        assert_eq!(gate("Price"), Some(vec!["pets".to_string(), "stores-orders".to_string()]));
        assert_eq!(gate("User"), Some(vec!["users".to_string()]));
        // Used by the ungrouped operation.
        assert_eq!(gate("Status"), None);
        // Used by no operation, and by a type that no operation uses.
        assert_eq!(gate("Unused"), Some(vec!["other-types".to_string()]));
        assert_eq!(gate("Person"), Some(vec!["other-types".to_string(), "users".to_string()]));
        assert_eq!(features.other_types.as_deref(), Some("other-types"));
        assert!(features.default.contains(&"other-types".to_string()));
        assert_eq!(features.groups["stores"].nested, ["stores-inventory", "stores-orders"]);
        assert_eq!(features.groups["stores_orders"].handle, ["stores-orders"]);
        assert_eq!(features.groups["default"].name, "default-group");
    }

    #[test]
    fn feature_names_are_kebab_case() {
        let names = feature_names(&[group(&["acs"]), group(&["acs", "users"]), group(&["type_"])]);
        assert_eq!(names["acs"], "acs");
        assert_eq!(names["acs_users"], "acs-users");
        assert_eq!(names["type_"], "type");
    }

    #[test]
    fn feature_names_avoid_default_and_collisions() {
        let names = feature_names(&[group(&["a", "b"]), group(&["a_", "b"]), group(&["default"]), group(&["default_group"])]);
        assert_eq!(names["a_b"], "a-b");
        assert_eq!(names["a__b"], "a-b-group");
        assert_eq!(names["default"], "default-group");
        assert_eq!(names["default_group"], "default-group-group");
    }
}
