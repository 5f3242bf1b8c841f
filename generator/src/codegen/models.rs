//! Codegen of `src/models.rs`: one item per `TypeDef`, and the functions
//! that return field defaults.

use std::ops::Range;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{cfg_any, doc_attrs, gate_items, ident, type_tokens, GatedItems, Scope};
use crate::model::{
    Api, DefaultValue, Derives, EnumVariant, Field, IntegerVariant, Primitive, TaggedVariant, TypeDef, TypeKind,
    TypeRef, UnionVariant,
};

/// Renders every named type of the API, each behind the features of the
/// groups that use it when groups are gated.
pub fn models_file(api: &Api) -> TokenStream {
    let mut tokens = models_header();
    for type_items in models_items(api, 0..api.types.len()) {
        tokens.extend(gate_items(type_items.tokens, type_items.cfg.as_ref()));
    }
    tokens.extend(models_footer(api));
    tokens
}

/// Returns the start of `src/models.rs`: its inner doc comment.
pub fn models_header() -> TokenStream {
    quote! {
        //! Request and response types.
    }
}

/// Returns the items of the types at `range` in `api.types`, one entry a
/// type. [`models_header`], the items of every type in order, then
/// [`models_footer`] make [`models_file`].
pub fn models_items(api: &Api, range: Range<usize>) -> impl Iterator<Item = GatedItems> + '_ {
    let defs = api.types.values().skip(range.start).take(range.len());
    defs.map(|def| GatedItems {
        tokens: type_item(def),
        cfg: type_cfg(api, &def.name),
    })
}

/// Returns the end of `src/models.rs`: the `defaults` module, if any field
/// needs it.
pub fn models_footer(api: &Api) -> TokenStream {
    defaults_module(api).unwrap_or_default()
}

/// Builds the derive list: always `Debug, Clone, PartialEq`, then what the
/// model allows, then any extra traits.
fn derive_attr(derives: Derives, default: bool, extra: TokenStream) -> TokenStream {
    let eq = derives.eq.then(|| quote!(, Eq));
    let hash = derives.hash.then(|| quote!(, Hash));
    let copy = derives.copy.then(|| quote!(, Copy));
    let default = default.then(|| quote!(, Default));
    quote!(#[derive(Debug, Clone #copy, PartialEq #eq #hash #default #extra)])
}

/// The derives and attributes that the settings add to a type, written
/// after its own derive so that helper attributes such as `#[serde(...)]`
/// follow the derive that declares them.
fn settings_attrs(def: &TypeDef) -> TokenStream {
    // The model has checked that each entry parses.
    let parse = |text: &String| text.parse::<TokenStream>().unwrap_or_default();
    let derives: Vec<TokenStream> = def.extra_derives.iter().map(parse).collect();
    let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    let attributes = def.attributes.iter().map(parse);
    quote!(#derive #(#attributes)*)
}

/// Union variants hold whole response objects of very different sizes.
/// Boxing the large ones would make every match and construction clumsier
/// for a saving that only matters for huge collections, so the size lint is
/// allowed on unions.
fn union_size_allowance() -> TokenStream {
    quote!(#[allow(clippy::large_enum_variant)])
}

pub(super) fn deprecated_attr(deprecated: bool, note: Option<&str>) -> Option<TokenStream> {
    match (deprecated, note) {
        (false, _) => None,
        (true, Some(note)) => Some(quote!(#[deprecated(note = #note)])),
        (true, None) => Some(quote!(#[deprecated])),
    }
}

fn type_item(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let additions = settings_attrs(def);
    let deprecated = deprecated_attr(def.deprecated, def.deprecation_note.as_deref());
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields } => {
            let has_default_functions = fields
                .iter()
                .any(|field| field.default.as_ref().is_some_and(|default| default.value != DefaultValue::Empty));
            let derive_default = def.derives.default && !has_default_functions;
            let derive = derive_attr(def.derives, derive_default, quote!(, serde::Serialize, serde::Deserialize));
            let field_tokens = fields.iter().map(field_tokens);
            let default_impl = (def.derives.default && has_default_functions).then(|| struct_default(&name, fields));
            quote! {
                #docs
                #deprecated
                #derive
                #additions
                pub struct #name {
                    #(#field_tokens)*
                }

                #default_impl
            }
        }
        TypeKind::StringEnum { variants, fallback, default } => {
            string_enum(&quote!(#docs #deprecated), &additions, &name, def.derives, variants, fallback, default.as_deref())
        }
        TypeKind::IntegerEnum { variants, fallback, default } => {
            integer_enum(&quote!(#docs #deprecated), &additions, &name, def.derives, variants, fallback, default.as_deref())
        }
        TypeKind::Untagged { variants } => {
            let derive = derive_attr(def.derives, false, quote!(, serde::Serialize, serde::Deserialize));
            let size_lint = union_size_allowance();
            let variants = variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                let inner = type_tokens(&variant.type_ref, Scope::Models);
                quote!(#variant_name(#inner),)
            });
            quote! {
                #docs
                #deprecated
                #derive
                #size_lint
                #[serde(untagged)]
                #additions
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Tagged { tags, variants, others, fallback } => {
            tagged_union(&quote!(#docs #deprecated), &additions, &name, def.derives, tags, variants, others, fallback)
        }
        TypeKind::Alias { target } => {
            let target = type_tokens(target, Scope::Models);
            quote! {
                #docs
                #deprecated
                pub type #name = #target;
            }
        }
    }
}

/// Renders a field. Optional fields are left out when `None`; optional and
/// nullable fields keep absent (`None`), `null` (`Some(None)`) and a value
/// (`Some(Some(v))`) apart; fields with a default are never `None`.
fn field_tokens(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let deprecated = deprecated_attr(field.deprecated, field.deprecation_note.as_deref());
    let name = ident(&field.name);
    let mut inner = type_tokens(&field.type_ref, Scope::Models);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    let mut serde_args = Vec::new();
    if field.flatten {
        serde_args.push(quote!(flatten));
    } else if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let ty = if field.flatten {
        inner
    } else if let Some(default) = &field.default {
        match default.value {
            DefaultValue::Empty => serde_args.push(quote!(default)),
            _ => {
                let path = format!("defaults::{}", default.function);
                serde_args.push(quote!(default = #path));
            }
        }
        inner
    } else {
        match (field.required, field.nullable) {
            (true, false) => inner,
            (true, true) => quote!(Option<#inner>),
            (false, false) => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
                quote!(Option<#inner>)
            }
            (false, true) => {
                serde_args.push(quote!(
                    default,
                    skip_serializing_if = "Option::is_none",
                    with = "::serde_with::rust::double_option"
                ));
                quote!(Option<Option<#inner>>)
            }
        }
    };
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// `impl Default` for a struct whose fields have document defaults, so that
/// `Default::default()` and deserializing `{}` agree.
fn struct_default(name: &syn::Ident, fields: &[Field]) -> TokenStream {
    let values = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        match &field.default {
            Some(default) if default.value != DefaultValue::Empty => {
                let function = ident(&default.function);
                quote!(#field_name: defaults::#function(),)
            }
            _ => quote!(#field_name: Default::default(),),
        }
    });
    quote! {
        impl Default for #name {
            fn default() -> Self {
                #name {
                    #(#values)*
                }
            }
        }
    }
}

/// Returns the `#[cfg]` of a type when features gate it.
fn type_cfg(api: &Api, type_name: &str) -> Option<TokenStream> {
    let features = api.features.as_ref()?.types.get(type_name)?;
    cfg_any(features)
}

/// The `defaults` module: one function per field default, gated like the
/// struct of the field.
fn defaults_module(api: &Api) -> Option<TokenStream> {
    let mut functions = Vec::new();
    for def in api.types.values() {
        let TypeKind::Struct { fields } = &def.kind else { continue };
        let cfg = type_cfg(api, &def.name);
        for field in fields {
            let Some(default) = &field.default else { continue };
            let (ty, value) = match &default.value {
                DefaultValue::Empty => continue,
                DefaultValue::Json(json) => {
                    let ty = type_tokens(&field.type_ref, Scope::ModelsChild);
                    // The text was checked to be an array or object when the
                    // model was built; a mismatch with the item type falls
                    // back to the empty collection instead of failing.
                    (quote!(#ty), quote!(::serde_json::from_str(#json).unwrap_or_default()))
                }
                DefaultValue::String(text) => (quote!(String), quote!(#text.to_string())),
                DefaultValue::Bool(flag) => (quote!(bool), quote!(#flag)),
                DefaultValue::Integer(integer) => {
                    let ty = type_tokens(&field.type_ref, Scope::ModelsChild);
                    (ty, integer_literal(*integer))
                }
                DefaultValue::Float(float) => match field.type_ref {
                    TypeRef::Primitive(Primitive::F32) => (quote!(f32), {
                        let literal = Literal::f32_suffixed(*float as f32);
                        quote!(#literal)
                    }),
                    _ => (quote!(f64), {
                        let literal = Literal::f64_suffixed(*float);
                        quote!(#literal)
                    }),
                },
                DefaultValue::Variant(type_name, variant) => {
                    let type_name = ident(type_name);
                    let variant = ident(variant);
                    let ty = type_tokens(&field.type_ref, Scope::ModelsChild);
                    (ty, quote!(super::#type_name::#variant))
                }
            };
            let function = ident(&default.function);
            functions.push(quote! {
                #cfg
                pub(super) fn #function() -> #ty {
                    #value
                }
            });
        }
    }
    if functions.is_empty() {
        return None;
    }
    Some(quote! {
        /// Values of the document's `default`s, used when a member is absent.
        mod defaults {
            #(#functions)*
        }
    })
}

fn integer_literal(value: i64) -> TokenStream {
    let literal = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// Renders an open string enum: listed values are variants, any other value
/// is kept in the fallback variant and sent back unchanged.
fn string_enum(
    header: &TokenStream,
    additions: &TokenStream,
    name: &syn::Ident,
    derives: Derives,
    variants: &[EnumVariant],
    fallback: &str,
    default: Option<&str>,
) -> TokenStream {
    let fallback = ident(fallback);
    let derive = derive_attr(Derives { default: false, ..derives }, default.is_some(), quote!());
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = format!(" `{}`", variant.wire_value.replace('`', "'"));
        let default_attr = (default == Some(variant.name.as_str())).then(|| quote!(#[default]));
        quote! {
            #[doc = #doc]
            #default_attr
            #variant_name,
        }
    });
    let to_str = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(#name::#variant_name => #wire,)
    });
    let from_str = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(#wire => #name::#variant_name,)
    });
    quote! {
        #header
        #derive
        #additions
        pub enum #name {
            #(#declarations)*
            /// A value this version of the crate does not list, kept as sent.
            #fallback(String),
        }

        impl #name {
            /// Returns the value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::#fallback(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::#fallback(other.to_string()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(#name::from(value.as_ref()))
            }
        }
    }
}

/// Renders an open integer enum, sent as a JSON number.
fn integer_enum(
    header: &TokenStream,
    additions: &TokenStream,
    name: &syn::Ident,
    derives: Derives,
    variants: &[IntegerVariant],
    fallback: &str,
    default: Option<&str>,
) -> TokenStream {
    let fallback = ident(fallback);
    let derive = derive_attr(Derives { default: false, ..derives }, default.is_some(), quote!());
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = format!(" `{}`", variant.value);
        let default_attr = (default == Some(variant.name.as_str())).then(|| quote!(#[default]));
        quote! {
            #[doc = #doc]
            #default_attr
            #variant_name,
        }
    });
    let to_value = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = integer_literal(variant.value);
        quote!(#name::#variant_name => #value,)
    });
    let from_value = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = integer_literal(variant.value);
        quote!(#value => #name::#variant_name,)
    });
    quote! {
        #header
        #derive
        #additions
        pub enum #name {
            #(#declarations)*
            /// A value this version of the crate does not list, kept as sent.
            #fallback(i64),
        }

        impl #name {
            /// Returns the value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(#to_value)*
                    #name::#fallback(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => #name::#fallback(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                Ok(#name::from(value))
            }
        }
    }
}

/// Renders a union whose tag properties select the variant: deserializing reads the
/// tags and decodes only the matching variant; unknown tags are kept raw.
/// Members that are not objects are tried in turn for values that are not
/// objects.
#[allow(clippy::too_many_arguments)]
fn tagged_union(
    header: &TokenStream,
    additions: &TokenStream,
    name: &syn::Ident,
    derives: Derives,
    tags: &[String],
    variants: &[TaggedVariant],
    others: &[UnionVariant],
    fallback: &str,
) -> TokenStream {
    let fallback = ident(fallback);
    let derive = derive_attr(Derives { default: false, ..derives }, false, quote!());
    let tag_list = tags.iter().map(|tag| format!("`{tag}`")).collect::<Vec<_>>().join(", ");
    let size_lint = union_size_allowance();

    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let inner = type_tokens(&variant.type_ref, Scope::Models);
        let values = variant
            .tag_values
            .iter()
            .map(|tuple| tuple.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(" + "))
            .collect::<Vec<_>>()
            .join(", ");
        let doc = format!(" Selected by {tag_list} = {values}.");
        quote! {
            #[doc = #doc]
            #variant_name(#inner),
        }
    });

    let serialize_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        if variant.declares_tags {
            quote!(#name::#variant_name(value) => serde::Serialize::serialize(value, serializer),)
        } else {
            let pairs = tags.iter().zip(&variant.tag_values[0]).map(|(tag, value)| quote!((#tag, #value)));
            quote!(#name::#variant_name(value) => crate::codec::serialize_with_tags(value, &[#(#pairs),*], serializer),)
        }
    });

    let tag_reads = tags.iter().map(|tag| quote!(crate::codec::tag(&value, #tag)));
    let (scrutinee, arms): (TokenStream, Vec<TokenStream>) = if tags.len() == 1 {
        let arms = variants
            .iter()
            .map(|variant| {
                let variant_name = ident(&variant.name);
                let patterns = variant.tag_values.iter().map(|tuple| {
                    let value = &tuple[0];
                    quote!(Some(#value))
                });
                quote!(#(#patterns)|* => crate::codec::decode_variant(value).map(#name::#variant_name),)
            })
            .collect();
        (quote!(tags.0.as_deref()), arms)
    } else {
        let positions: Vec<TokenStream> = (0..tags.len())
            .map(|index| {
                let index = syn::Index::from(index);
                quote!(tags.#index.as_deref())
            })
            .collect();
        let arms = variants
            .iter()
            .map(|variant| {
                let variant_name = ident(&variant.name);
                let patterns = variant.tag_values.iter().map(|tuple| {
                    let values = tuple.iter().map(|value| quote!(Some(#value)));
                    quote!((#(#values),*))
                });
                quote!(#(#patterns)|* => crate::codec::decode_variant(value).map(#name::#variant_name),)
            })
            .collect();
        (quote!((#(#positions),*)), arms)
    };

    let other_declarations = others.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let inner = type_tokens(&variant.type_ref, Scope::Models);
        quote! {
            /// Selected when the value is not a JSON object.
            #variant_name(#inner),
        }
    });
    let other_serialize_arms = others.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        quote!(#name::#variant_name(value) => serde::Serialize::serialize(value, serializer),)
    });
    let non_objects = (!others.is_empty()).then(|| {
        let attempts = others.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            let inner = type_tokens(&variant.type_ref, Scope::Models);
            quote! {
                if let Ok(decoded) = ::serde_json::from_value::<#inner>(value.clone()) {
                    return Ok(#name::#variant_name(decoded));
                }
            }
        });
        quote! {
            if !value.is_object() {
                #(#attempts)*
                return Ok(#name::#fallback(value));
            }
        }
    });
    quote! {
        #header
        #derive
        #additions
        #size_lint
        pub enum #name {
            #(#declarations)*
            #(#other_declarations)*
            /// A member this version of the crate does not list, kept as received.
            #fallback(::serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #(#other_serialize_arms)*
                    #name::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #non_objects
                let tags = (#(#tag_reads,)*);
                match #scrutinee {
                    #(#arms)*
                    _ => Ok(#name::#fallback(value)),
                }
            }
        }
    }
}

/// Returns whether any field uses `Option<Option<T>>`, which needs `serde_with`.
pub fn uses_double_option(api: &Api) -> bool {
    api.types.values().any(|def| match &def.kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .any(|field| !field.required && field.nullable && !field.flatten && field.default.is_none()),
        _ => false,
    })
}

/// Returns whether a type matching `predicate` appears anywhere in the API.
pub fn uses(api: &Api, predicate: impl Fn(&TypeRef) -> bool + Copy) -> bool {
    fn walk(type_ref: &TypeRef, predicate: &dyn Fn(&TypeRef) -> bool) -> bool {
        predicate(type_ref)
            || match type_ref {
                TypeRef::Array(inner) | TypeRef::Map(_, inner) | TypeRef::Nullable(inner) => walk(inner, predicate),
                _ => false,
            }
    }
    let in_types = api.types.values().any(|def| crate::model::kind_type_refs(&def.kind).into_iter().any(|type_ref| walk(type_ref, &predicate)));
    let in_operations = api
        .groups
        .iter()
        .flat_map(|group| group.operations.iter())
        .chain(api.ungrouped.iter())
        .any(|operation| crate::model::operation_type_refs(operation).into_iter().any(|type_ref| walk(type_ref, &predicate)));
    in_types || in_operations
}
