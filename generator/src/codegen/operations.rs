//! Codegen of the operation methods: `src/groups/mod.rs` and one file per
//! group.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, text_lines, type_tokens, Scope};
use crate::model::{Api, Group, Operation, Parameter, ParameterLocation, PathSegment, Primitive, TypeRef};

/// Renders `src/groups/mod.rs`: the group modules, their accessors, and the
/// operations that belong to no group.
pub fn groups_mod_file(api: &Api) -> TokenStream {
    let modules = api.groups.iter().map(|group| {
        let module = ident(&group.name);
        let handle = ident(&group.type_name);
        quote! {
            mod #module;
            pub use #module::#handle;
        }
    });
    let ungrouped = (!api.ungrouped.is_empty()).then(|| {
        let methods = api.ungrouped.iter().map(|operation| operation_method(operation, quote!(self)));
        quote! {
            impl crate::Client {
                #(#methods)*
            }
        }
    });
    quote! {
        //! Operations, grouped by the first segment of their path.

        #(#modules)*

        #ungrouped
    }
}

/// Renders one group: its handle type, the accessor on `Client`, and one
/// method per operation.
pub fn group_file(group: &Group) -> TokenStream {
    let handle = ident(&group.type_name);
    let accessor = ident(&group.name);
    let handle_doc = format!(" Operations under `/{}`.", group.name);
    let accessor_doc = format!(" Operations under `/{}`.", group.name);
    let methods = group
        .operations
        .iter()
        .map(|operation| operation_method(operation, quote!(self.client)));
    quote! {
        #[doc = #handle_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a crate::Client,
        }

        impl crate::Client {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> #handle<'_> {
                #handle { client: self }
            }
        }

        impl #handle<'_> {
            #(#methods)*
        }
    }
}

/// Whether an argument of this type is passed by reference.
fn passed_by_reference(type_ref: &TypeRef) -> bool {
    !matches!(
        type_ref,
        TypeRef::Primitive(
            Primitive::Bool
                | Primitive::I8
                | Primitive::I16
                | Primitive::I32
                | Primitive::I64
                | Primitive::I128
                | Primitive::U8
                | Primitive::U16
                | Primitive::U32
                | Primitive::U64
                | Primitive::U128
                | Primitive::F32
                | Primitive::F64
                | Primitive::Uuid
                | Primitive::DateTime
                | Primitive::Date
        )
    )
}

/// The type of an argument: borrowed where the value is not `Copy`.
fn argument_type(type_ref: &TypeRef) -> TokenStream {
    match type_ref {
        TypeRef::Primitive(Primitive::String) => quote!(&str),
        TypeRef::Array(item) => {
            let item = type_tokens(item, Scope::Elsewhere);
            quote!(&[#item])
        }
        other if passed_by_reference(other) => {
            let inner = type_tokens(other, Scope::Elsewhere);
            quote!(&#inner)
        }
        other => type_tokens(other, Scope::Elsewhere),
    }
}

fn operation_docs(operation: &Operation) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(summary) = &operation.summary {
        docs.extend(text_lines(summary));
    }
    if let Some(description) = &operation.description {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(text_lines(description));
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!("`{} {}`", operation.http_method, operation.path));
    docs
}

fn operation_method(operation: &Operation, client: TokenStream) -> TokenStream {
    let docs = doc_attrs(&operation_docs(operation));
    let name = ident(&operation.name);

    let mut arguments = Vec::new();
    for parameter in &operation.parameters {
        let argument = ident(&parameter.name);
        let ty = argument_type(&parameter.type_ref);
        arguments.push(if parameter.required {
            quote!(#argument: #ty)
        } else {
            quote!(#argument: Option<#ty>)
        });
    }
    if let Some(body) = &operation.request_body {
        let ty = argument_type(&body.type_ref);
        arguments.push(if body.required { quote!(body: #ty) } else { quote!(body: Option<#ty>) });
    }
    let too_many = (arguments.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));

    let path = path_expression(operation);
    let method = ident(&operation.http_method);
    let security = operation.security.iter().map(|schemes| quote!(&[#(#schemes),*]));

    let mut steps = Vec::new();
    for parameter in &operation.parameters {
        steps.extend(parameter_step(parameter));
    }
    if let Some(body) = &operation.request_body {
        steps.push(if body.required {
            quote!(request = request.json(body);)
        } else {
            quote! {
                if let Some(body) = body {
                    request = request.json(body);
                }
            }
        });
    }
    let binding = if steps.is_empty() { quote!(let request) } else { quote!(let mut request) };

    let (output, send) = match &operation.success_type {
        Some(type_ref) => {
            let ty = type_tokens(type_ref, Scope::Elsewhere);
            (ty, quote!(#client.send_json(request).await))
        }
        None => (quote!(()), quote!(#client.send_empty(request).await)),
    };

    quote! {
        #docs
        #deprecated
        #too_many
        pub async fn #name(&self, #(#arguments),*) -> Result<#output, crate::Error> {
            #binding = #client.request(reqwest::Method::#method, #path, &[#(#security),*]);
            #(#steps)*
            #send
        }
    }
}

/// The request path: a literal, or the concatenation of literal pieces and
/// percent-encoded parameters.
fn path_expression(operation: &Operation) -> TokenStream {
    let mut pieces = Vec::new();
    let mut has_parameters = false;
    for segment in &operation.path_segments {
        match segment {
            PathSegment::Literal(text) => pieces.push(quote!(#text)),
            PathSegment::Parameter(name) => {
                has_parameters = true;
                let parameter = operation.parameters.iter().find(|parameter| parameter.name == *name);
                let argument = ident(name);
                let by_reference = parameter.is_some_and(|parameter| passed_by_reference(&parameter.type_ref));
                let value = if by_reference { quote!(#argument) } else { quote!(&#argument) };
                pieces.push(quote!(crate::client::path_segment(#value).as_str()));
            }
        }
    }
    if has_parameters {
        quote!(&[#(#pieces),*].concat())
    } else {
        quote!(#(#pieces)*)
    }
}

/// The statements that add one query or header parameter to `request`.
fn parameter_step(parameter: &Parameter) -> Option<TokenStream> {
    let wire = &parameter.wire_name;
    let argument = ident(&parameter.name);
    let by_reference = passed_by_reference(&parameter.type_ref);
    let value_of = |name: &TokenStream| {
        if by_reference {
            quote!(crate::client::parameter_text(#name))
        } else {
            quote!(crate::client::parameter_text(&#name))
        }
    };
    let add = |value: TokenStream| match parameter.location {
        ParameterLocation::Query => quote!(request = request.query(&[(#wire, #value)]);),
        ParameterLocation::Header => quote!(request = request.header(#wire, #value);),
        ParameterLocation::Path => quote!(),
    };

    let statements = match (&parameter.type_ref, parameter.location) {
        (_, ParameterLocation::Path) => return None,
        (TypeRef::Array(_), ParameterLocation::Query) if parameter.explode => {
            let each = add(quote!(crate::client::parameter_text(item)));
            quote! {
                for item in #argument {
                    #each
                }
            }
        }
        (TypeRef::Array(_), _) => {
            let joined = add(quote!(joined));
            quote! {
                let joined = #argument
                    .iter()
                    .map(crate::client::parameter_text)
                    .collect::<Vec<_>>()
                    .join(",");
                #joined
            }
        }
        _ => add(value_of(&quote!(#argument))),
    };
    Some(if parameter.required {
        statements
    } else {
        quote! {
            if let Some(#argument) = #argument {
                #statements
            }
        }
    })
}
