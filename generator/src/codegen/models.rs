//! Codegen of `src/models.rs`: one item per `TypeDef`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens, Scope};
use crate::model::{Api, EnumVariant, Field, TypeDef, TypeKind, TypeRef};

/// Renders every named type of the API.
pub fn models_file(api: &Api) -> TokenStream {
    let items = api.types.values().map(type_item);
    quote! {
        //! Request and response types.
        // Descriptions come from the document and are not written as rustdoc
        // Markdown; lints about their formatting would only flag the source.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::all)]

        #(#items)*
    }
}

fn type_item(def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields } => {
            let fields = fields.iter().map(field_tokens);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::StringEnum { variants, fallback } => string_enum(&docs, &name, variants, fallback),
        TypeKind::Untagged { variants } => {
            let variants = variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                let inner = type_tokens(&variant.type_ref, Scope::Models);
                quote!(#variant_name(#inner),)
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias { target } => {
            let target = type_tokens(target, Scope::Models);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

/// Renders a field. Optional fields are left out when `None`; optional and
/// nullable fields keep absent (`None`), `null` (`Some(None)`) and a value
/// (`Some(Some(v))`) apart.
fn field_tokens(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.name);
    let mut inner = type_tokens(&field.type_ref, Scope::Models);
    if field.boxed {
        inner = quote!(Box<#inner>);
    }
    let mut serde_args = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let ty = match (field.required, field.nullable) {
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
    };
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// Renders an open string enum: listed values are variants, any other value
/// is kept in the fallback variant and sent back unchanged.
fn string_enum(docs: &TokenStream, name: &syn::Ident, variants: &[EnumVariant], fallback: &str) -> TokenStream {
    let fallback = ident(fallback);
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let doc = format!(" `{}`", variant.wire_value.replace('`', "'"));
        quote! {
            #[doc = #doc]
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
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// Whether any field or alias of the API uses `Option<Option<T>>`, which
/// needs `serde_with`.
pub fn uses_double_option(api: &Api) -> bool {
    api.types.values().any(|def| match &def.kind {
        TypeKind::Struct { fields } => fields.iter().any(|field| !field.required && field.nullable),
        _ => false,
    })
}

/// Whether a primitive appears anywhere in the API.
pub fn uses(api: &Api, predicate: impl Fn(&TypeRef) -> bool + Copy) -> bool {
    fn walk(type_ref: &TypeRef, predicate: &dyn Fn(&TypeRef) -> bool) -> bool {
        predicate(type_ref)
            || match type_ref {
                TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, predicate),
                _ => false,
            }
    }
    let in_types = api.types.values().any(|def| match &def.kind {
        TypeKind::Struct { fields } => fields.iter().any(|field| walk(&field.type_ref, &predicate)),
        TypeKind::Untagged { variants } => variants.iter().any(|variant| walk(&variant.type_ref, &predicate)),
        TypeKind::Alias { target } => walk(target, &predicate),
        TypeKind::StringEnum { .. } => false,
    });
    let in_operations = api
        .groups
        .iter()
        .flat_map(|group| group.operations.iter())
        .chain(api.ungrouped.iter())
        .any(|operation| {
            operation
                .parameters
                .iter()
                .any(|parameter| walk(&parameter.type_ref, &predicate))
        });
    in_types || in_operations
}
