//! Codegen stage: turns the model into token streams with `quote!`, one
//! function per kind of item. Names and types come from the model as they
//! are; nothing here invents a name.

mod crate_files;
mod models;
mod operations;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::diagnostic::Diagnostic;
use crate::model::{Api, DateTimeCrate, MapType, Primitive, TypeKind, TypeRef};

pub use crate_files::{cargo_toml, features_toml, lib_file, readme, types_lib_file, Dependencies, Dependency};
pub use models::{models_file, models_footer, models_header, models_items};
pub use operations::{group_feature, group_file, groups_mod_file};

/// Which module a type is written from, so that model types are named with
/// the right path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `models`.
    Models,
    /// In a module inside `models`, such as `models::defaults`.
    ModelsChild,
    /// Anywhere else in the crate.
    Elsewhere,
}

/// Builds an identifier that the model has already made valid.
fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
}

/// Checks that every name in the model is a valid Rust identifier, so that
/// codegen cannot fail on one.
pub fn check_identifiers(api: &Api) -> Result<(), Diagnostic> {
    let mut names: Vec<(&str, &str)> = Vec::new();
    for def in api.types.values() {
        names.push((&def.name, &def.pointer));
        match &def.kind {
            TypeKind::Struct { fields } => names.extend(fields.iter().map(|field| (field.name.as_str(), def.pointer.as_str()))),
            TypeKind::StringEnum { variants, fallback, .. } => {
                names.extend(variants.iter().map(|variant| (variant.name.as_str(), def.pointer.as_str())));
                names.push((fallback, &def.pointer));
            }
            TypeKind::IntegerEnum { variants, fallback, .. } => {
                names.extend(variants.iter().map(|variant| (variant.name.as_str(), def.pointer.as_str())));
                names.push((fallback, &def.pointer));
            }
            TypeKind::Untagged { variants } => {
                names.extend(variants.iter().map(|variant| (variant.name.as_str(), def.pointer.as_str())));
            }
            TypeKind::Tagged { variants, others, fallback, .. } => {
                names.extend(variants.iter().map(|variant| (variant.name.as_str(), def.pointer.as_str())));
                names.extend(others.iter().map(|variant| (variant.name.as_str(), def.pointer.as_str())));
                names.push((fallback, &def.pointer));
            }
            TypeKind::Alias { .. } => {}
        }
    }
    let operations = api.groups.iter().flat_map(|group| group.operations.iter()).chain(api.ungrouped.iter());
    for operation in operations {
        let pointer = operation.pointer.as_str();
        names.extend(operations::identifiers(operation).into_iter().map(|name| (name, pointer)));
    }
    for group in &api.groups {
        names.push((&group.name, ""));
        names.push((&group.type_name, ""));
    }
    for scheme in &api.security_schemes {
        names.push((&scheme.setter, ""));
    }
    for def in api.types.values() {
        for path in def.extra_derives.iter().chain(&def.attributes) {
            if path.parse::<TokenStream>().is_err() {
                return Err(Diagnostic::error(format!("internal error: `{path}` is not valid Rust")).at(def.pointer.as_str()));
            }
        }
    }
    for (name, pointer) in names {
        if syn::parse_str::<syn::Ident>(name).is_err() {
            return Err(Diagnostic::error(format!("internal error: `{name}` is not a valid Rust identifier"))
                .at(pointer)
                .with_help("please report this with the document that caused it"));
        }
    }
    Ok(())
}

/// Returns `#[cfg(...)]` that compiles an item when any of `features` is
/// on, or nothing for an empty list (an item that is always compiled).
fn cfg_any(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [feature] => Some(quote!(#[cfg(feature = #feature)])),
        several => Some(quote!(#[cfg(any(#(feature = #several),*))])),
    }
}

/// Tokens of one or more whole items, and the `#[cfg]` attribute that
/// belongs on each of them when features gate them.
pub struct GatedItems {
    /// The items, without `cfg`.
    pub tokens: TokenStream,
    /// `#[cfg(...)]`, or `None` for items that are always compiled.
    pub cfg: Option<TokenStream>,
}

/// Puts `cfg` on every item of `items`, which may render several items
/// (a type and its trait impls). Tokens that do not parse as items are
/// returned unchanged, so that the emit stage reports the invalid file.
pub(crate) fn gate_items(items: TokenStream, cfg: Option<&TokenStream>) -> TokenStream {
    let Some(cfg) = cfg else { return items };
    let Ok(file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    match gate(file.items, cfg.clone()) {
        Ok(gated) => quote!(#(#gated)*),
        Err(_) => items,
    }
}

/// Puts the attributes in `cfg` before the attributes of every item of a
/// syntax tree.
pub(crate) fn gate(mut items: Vec<syn::Item>, cfg: TokenStream) -> syn::Result<Vec<syn::Item>> {
    use syn::parse::Parser;
    use syn::Item;

    let cfg = syn::Attribute::parse_outer.parse2(cfg)?;
    for item in &mut items {
        let attrs = match item {
            Item::Const(item) => &mut item.attrs,
            Item::Enum(item) => &mut item.attrs,
            Item::ExternCrate(item) => &mut item.attrs,
            Item::Fn(item) => &mut item.attrs,
            Item::ForeignMod(item) => &mut item.attrs,
            Item::Impl(item) => &mut item.attrs,
            Item::Macro(item) => &mut item.attrs,
            Item::Mod(item) => &mut item.attrs,
            Item::Static(item) => &mut item.attrs,
            Item::Struct(item) => &mut item.attrs,
            Item::Trait(item) => &mut item.attrs,
            Item::TraitAlias(item) => &mut item.attrs,
            Item::Type(item) => &mut item.attrs,
            Item::Union(item) => &mut item.attrs,
            Item::Use(item) => &mut item.attrs,
            // Syntax that `syn` keeps as tokens: gate it as tokens.
            other => {
                let cfg = &cfg;
                *other = syn::parse2(quote::quote!(#(#cfg)* #other))?;
                continue;
            }
        };
        attrs.splice(0..0, cfg.iter().cloned());
    }
    Ok(items)
}


/// Emits one `#[doc]` attribute per line, so that docs print as `///` lines.
fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = line.trim_end();
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Splits free text into doc lines.
fn text_lines(text: &str) -> Vec<String> {
    text.trim().lines().map(|line| line.trim_end().to_string()).collect()
}

/// Renders the Rust type of a `TypeRef`.
fn type_tokens(type_ref: &TypeRef, scope: Scope) -> TokenStream {
    match type_ref {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::ModelsChild => quote!(super::#name),
                Scope::Elsewhere => quote!(crate::models::#name),
            }
        }
        TypeRef::Primitive(primitive) => primitive_tokens(*primitive),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Map(_, value) if **value == TypeRef::Any => quote!(::serde_json::Map<String, ::serde_json::Value>),
        TypeRef::Map(map, value) => {
            let value = type_tokens(value, scope);
            match map {
                MapType::HashMap => quote!(std::collections::HashMap<String, #value>),
                MapType::BTreeMap => quote!(std::collections::BTreeMap<String, #value>),
                MapType::IndexMap => quote!(::indexmap::IndexMap<String, #value>),
            }
        }
        // `check_identifiers` has checked the path.
        TypeRef::External(path) => match syn::parse_str::<syn::Type>(path) {
            Ok(path) => quote!(#path),
            Err(_) => quote!(compile_error!("invalid type path")),
        },
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Any => quote!(::serde_json::Value),
    }
}

fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote!(String),
        Primitive::Bool => quote!(bool),
        Primitive::I8 => quote!(i8),
        Primitive::I16 => quote!(i16),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::I128 => quote!(i128),
        Primitive::U8 => quote!(u8),
        Primitive::U16 => quote!(u16),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::U128 => quote!(u128),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Uuid => quote!(::uuid::Uuid),
        Primitive::DateTime(DateTimeCrate::Chrono) => quote!(::chrono::DateTime<::chrono::Utc>),
        Primitive::DateTime(DateTimeCrate::Time) => quote!(crate::time_types::DateTime),
        Primitive::DateTime(DateTimeCrate::Jiff) => quote!(::jiff::Timestamp),
        Primitive::Date(DateTimeCrate::Chrono) => quote!(::chrono::NaiveDate),
        Primitive::Date(DateTimeCrate::Time) => quote!(crate::time_types::Date),
        Primitive::Date(DateTimeCrate::Jiff) => quote!(::jiff::civil::Date),
        Primitive::Base64 => quote!(crate::codec::Base64Bytes),
        Primitive::Binary => quote!(Vec<u8>),
    }
}

/// Returns the optional dependencies the generated crate needs.
pub fn dependencies(api: &Api) -> Dependencies {
    let date_crate = |wanted: DateTimeCrate| {
        move |type_ref: &TypeRef| {
            matches!(type_ref, TypeRef::Primitive(Primitive::DateTime(used) | Primitive::Date(used)) if *used == wanted)
        }
    };
    Dependencies {
        uuid: models::uses(api, |type_ref| *type_ref == TypeRef::Primitive(Primitive::Uuid)),
        chrono: models::uses(api, date_crate(DateTimeCrate::Chrono)),
        time: models::uses(api, date_crate(DateTimeCrate::Time)),
        jiff: models::uses(api, date_crate(DateTimeCrate::Jiff)),
        indexmap: models::uses(api, |type_ref| matches!(type_ref, TypeRef::Map(MapType::IndexMap, _))),
        serde_with: models::uses_double_option(api),
        client: true,
        // `src/codec.rs` contains `Base64Bytes` and the helpers of tagged unions.
        base64: models::uses(api, |type_ref| *type_ref == TypeRef::Primitive(Primitive::Base64))
            || api.types.values().any(|def| matches!(def.kind, TypeKind::Tagged { .. })),
    }
}
