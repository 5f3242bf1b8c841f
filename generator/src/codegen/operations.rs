//! Codegen of the operation methods: `src/groups/mod.rs` and one file per
//! group.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{cfg_any, doc_attrs, gate_items, ident, text_lines, type_tokens, Scope};
use crate::model::features::GroupFeature;
use crate::model::{
    Api, BodyKind, Form, FormField, FormValue, Group, Operation, Paging, Parameter, ParameterLocation, ParameterStyle,
    PathSegment, Primitive, RequestBody, RequestBodyKind, Response, ResponseBody, StatusMatch, Success, TypeRef,
};

/// Names of the types an operation defines in its group's module.
pub fn operation_type_names(operation: &Operation) -> Vec<&str> {
    let mut names = Vec::new();
    if let Success::Enum { type_name } = &operation.success {
        names.push(type_name.as_str());
    }
    if let Some(error_type) = &operation.error_type {
        names.push(error_type.as_str());
    }
    if let Some(body) = &operation.request_body {
        if let RequestBodyKind::Multipart { form } | RequestBodyKind::UrlEncoded { form } = &body.kind {
            names.push(form.type_name.as_str());
        }
    }
    names
}

/// Every name an operation puts into the generated code: method, arguments,
/// types, variants and form fields.
pub fn identifiers(operation: &Operation) -> Vec<&str> {
    let mut names = vec![operation.name.as_str()];
    names.extend(operation.parameters.iter().map(|parameter| parameter.name.as_str()));
    names.extend(operation_type_names(operation));
    for response in &operation.responses {
        let variants = [&response.success_variant, &response.error_variant];
        names.extend(variants.into_iter().flatten().map(String::as_str));
    }
    if let Some(body) = &operation.request_body {
        if let RequestBodyKind::Multipart { form } | RequestBodyKind::UrlEncoded { form } = &body.kind {
            names.extend(form.fields.iter().map(|field| field.name.as_str()));
        }
    }
    names
}

/// Renders `src/groups/mod.rs`: the group modules, their accessors, and the
/// operations that belong to no group.
pub fn groups_mod_file(api: &Api) -> TokenStream {
    let modules = api.groups.iter().map(|group| {
        let module = ident(&group.name);
        let handle = ident(&group.type_name);
        let (handle_cfg, own_cfg) = group_cfgs(group_feature(api, group));
        let exported: Vec<_> = group
            .operations
            .iter()
            .flat_map(|operation| operation_type_names(operation).into_iter().map(ident))
            .collect();
        if own_cfg.is_none() {
            return quote! {
                mod #module;
                pub use #module::{#handle #(, #exported)*};
            };
        }
        // The operation types need the group's own feature, which a nested
        // group's feature does not turn on.
        let exported = (!exported.is_empty()).then(|| {
            quote! {
                #own_cfg
                pub use #module::{#(#exported),*};
            }
        });
        quote! {
            #handle_cfg
            mod #module;
            #handle_cfg
            pub use #module::#handle;
            #exported
        }
    });
    let ungrouped = (!api.ungrouped.is_empty()).then(|| {
        let types = api.ungrouped.iter().map(operation_types);
        let methods = api.ungrouped.iter().map(|operation| operation_method(operation, quote!(self)));
        quote! {
            #(#types)*

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

/// Returns the feature of `group` when groups are gated.
pub fn group_feature<'a>(api: &'a Api, group: &Group) -> Option<&'a GroupFeature> {
    api.features.as_ref()?.groups.get(&group.name)
}

/// Returns the `#[cfg]` of a group's handle (its feature or a nested group's) and
/// of its operations (its own feature); nothing when groups are not gated.
fn group_cfgs(feature: Option<&GroupFeature>) -> (Option<TokenStream>, Option<TokenStream>) {
    match feature {
        None => (None, None),
        Some(feature) => (cfg_any(&feature.handle), cfg_any(std::slice::from_ref(&feature.name))),
    }
}

/// Renders one group: its handle type, the accessor on `Client`, and one
/// method per operation. With a feature, the handle and accessor are
/// compiled with the group or any group nested in it, the operations with
/// the group only.
pub fn group_file(group: &Group, feature: Option<&GroupFeature>) -> TokenStream {
    // `groups/mod.rs` compiles the module with the handle's `#[cfg]`; inside
    // it only the operations of a group with nested groups need their own.
    let own_cfg = match feature {
        Some(feature) if feature.handle.len() > 1 => group_cfgs(Some(feature)).1,
        _ => None,
    };
    let handle = ident(&group.type_name);
    let accessor = ident(&group.accessor);
    let doc = match group.path.as_slice() {
        [single] => format!(" Operations under `/{single}`."),
        path => format!(" Operations of the `{}` group.", path.join(".")),
    };
    let methods = group
        .operations
        .iter()
        .map(|operation| operation_method(operation, quote!(self.client)));
    let companions = group.operations.iter().map(companion_methods);
    let types = group.operations.iter().map(|operation| gate_items(operation_types(operation), own_cfg.as_ref()));
    let accessor_impl = match &group.parent {
        None => quote! {
            impl crate::Client {
                #[doc = #doc]
                pub fn #accessor(&self) -> #handle<'_> {
                    #handle { client: self }
                }
            }
        },
        Some(parent) => {
            let parent = ident(parent);
            quote! {
                impl<'a> super::#parent<'a> {
                    #[doc = #doc]
                    pub fn #accessor(&self) -> #handle<'a> {
                        #handle { client: self.client }
                    }
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            pub(crate) client: &'a crate::Client,
        }

        #accessor_impl

        #own_cfg
        impl #handle<'_> {
            #(#methods)*
            #(#companions)*
        }

        #(#types)*
    }
}

/// Renders the waiting and paging methods that go with an operation.
fn companion_methods(operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let mut items = Vec::new();
    let body = operation.request_body.as_ref().and_then(|body| match &body.kind {
        RequestBodyKind::Json { type_ref } => Some((type_ref, body.required)),
        _ => None,
    });
    if let Some(property) = &operation.action_attempt {
        let wait = ident(&format!("{}_and_wait", operation.name));
        let doc = format!(" Calls [`Self::{}`], then waits until the action attempt it starts is no longer pending (see `Client::wait_for_action_attempt`).", operation.name);
        let (argument, call) = match body {
            Some((type_ref, true)) => {
                let ty = argument_type(type_ref);
                (quote!(body: #ty), quote!(self.#name(body)))
            }
            Some((type_ref, false)) => {
                let ty = argument_type(type_ref);
                (quote!(body: Option<#ty>), quote!(self.#name(body)))
            }
            None => (quote!(), quote!(self.#name())),
        };
        items.push(quote! {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// `Error::ActionAttemptFailed` when the action fails,
            /// `Error::ActionAttemptTimeout` when it is still pending at the
            /// wait limit, and the errors of the call itself.
            #[allow(deprecated)]
            pub async fn #wait(&self, #argument) -> Result<crate::ActionAttempt, crate::Error> {
                let response = #call.await?;
                let attempt = crate::longrun::attempt_in(&response, #property)?;
                if !attempt.is_pending() {
                    return match attempt.is_error() {
                        true => Err(crate::Error::ActionAttemptFailed(Box::new(attempt))),
                        false => Ok(attempt),
                    };
                }
                self.client.wait_for_action_attempt(&attempt.action_attempt_id).await
            }
        });
    }
    if let Some(paging) = &operation.pagination {
        items.push(paging_methods(operation, paging, body));
    }
    quote!(#(#items)*)
}

/// Renders the `_page` and `_items` methods of a list operation: one page
/// at a cursor, and a stream of the items of every page.
fn paging_methods(operation: &Operation, paging: &Paging, body: Option<(&TypeRef, bool)>) -> TokenStream {
    let name = ident(&operation.name);
    let page = ident(&format!("{}_page", operation.name));
    let stream = ident(&format!("{}_items", operation.name));
    let item = type_tokens(&paging.item_type, Scope::Elsewhere);
    let (cursor, items_member, pagination, next, has_next) =
        (&paging.cursor, &paging.items, &paging.pagination, &paging.next_cursor, &paging.has_next);
    let shape = quote! {
        const SHAPE: crate::longrun::PageShape = crate::longrun::PageShape {
            cursor: #cursor,
            items: #items_member,
            pagination: #pagination,
            next_cursor: #next,
            has_next: #has_next,
        };
    };
    let page_doc = format!(" Calls [`Self::{}`] for the page at `cursor` (`None`: the first page) and returns its items and the next cursor.", operation.name);
    let stream_doc = format!(" Every item of [`Self::{}`], page after page, starting at `cursor` (`None`: the first page; a saved `Page::next_cursor` resumes there).", operation.name);
    match (&paging.cursor_argument, body) {
        (None, Some((type_ref, required))) => {
            let body_type = type_tokens(type_ref, Scope::Elsewhere);
            let call = if required { quote!(self.#name(&body)) } else { quote!(self.#name(Some(&body))) };
            quote! {
                #[doc = #page_doc]
                #[allow(deprecated)]
                pub async fn #page(&self, body: Option<&#body_type>, cursor: Option<&str>) -> Result<crate::Page<#item>, crate::Error> {
                    #shape
                    let body: #body_type = SHAPE.with_cursor(body, cursor)?;
                    let response = #call.await?;
                    SHAPE.page(&response)
                }

                #[doc = #stream_doc]
                pub fn #stream(&self, body: Option<&#body_type>, cursor: Option<String>) -> crate::BoxStream<'_, Result<#item, crate::Error>> {
                    let handle = *self;
                    let body = body.cloned();
                    crate::longrun::items(cursor, move |cursor| {
                        let body = body.clone();
                        async move { handle.#page(body.as_ref(), cursor.as_deref()).await }
                    })
                }
            }
        }
        (Some(cursor_argument), _) => query_paging_methods(operation, cursor_argument, &item, &shape, &page_doc, &stream_doc),
        (None, None) => quote!(),
    }
}

/// Renders the paging methods of a list operation whose cursor is a query
/// parameter. They take the operation's other parameters, and the stream
/// owns copies of them because it outlives the call that creates it.
fn query_paging_methods(
    operation: &Operation,
    cursor_argument: &str,
    item: &TokenStream,
    shape: &TokenStream,
    page_doc: &str,
    stream_doc: &str,
) -> TokenStream {
    let name = ident(&operation.name);
    let page = ident(&format!("{}_page", operation.name));
    let stream = ident(&format!("{}_items", operation.name));
    let others: Vec<&Parameter> = operation.parameters.iter().filter(|parameter| parameter.name != cursor_argument).collect();
    let arguments: Vec<TokenStream> = others
        .iter()
        .map(|parameter| {
            let argument = ident(&parameter.name);
            let ty = argument_type(&parameter.type_ref);
            if parameter.required { quote!(#argument: #ty) } else { quote!(#argument: Option<#ty>) }
        })
        .collect();
    let call_arguments = operation.parameters.iter().map(|parameter| {
        if parameter.name == cursor_argument {
            quote!(cursor)
        } else {
            let argument = ident(&parameter.name);
            quote!(#argument)
        }
    });
    // Borrowed arguments become owned values in the stream and are lent
    // again for each page.
    let mut owned = Vec::new();
    let mut clones = Vec::new();
    let mut lent = Vec::new();
    for parameter in &others {
        let argument = ident(&parameter.name);
        if !passed_by_reference(&parameter.type_ref) {
            lent.push(quote!(#argument));
            continue;
        }
        let derefs = matches!(parameter.type_ref, TypeRef::Primitive(Primitive::String) | TypeRef::Array(_));
        if parameter.required {
            owned.push(quote!(let #argument = #argument.to_owned();));
            lent.push(quote!(&#argument));
        } else {
            owned.push(quote!(let #argument = #argument.map(ToOwned::to_owned);));
            lent.push(if derefs { quote!(#argument.as_deref()) } else { quote!(#argument.as_ref()) });
        }
        clones.push(quote!(let #argument = #argument.clone();));
    }
    let too_many = (arguments.len() + 1 > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #page_doc]
        #[allow(deprecated)]
        #too_many
        pub async fn #page(&self, #(#arguments,)* cursor: Option<&str>) -> Result<crate::Page<#item>, crate::Error> {
            #shape
            let response = self.#name(#(#call_arguments),*).await?;
            SHAPE.page(&response)
        }

        #[doc = #stream_doc]
        #too_many
        pub fn #stream(&self, #(#arguments,)* cursor: Option<String>) -> crate::BoxStream<'_, Result<#item, crate::Error>> {
            let handle = *self;
            #(#owned)*
            crate::longrun::items(cursor, move |cursor| {
                #(#clones)*
                async move { handle.#page(#(#lent,)* cursor.as_deref()).await }
            })
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
                | Primitive::DateTime(_)
                | Primitive::Date(_)
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
    let headers: Vec<String> = operation
        .responses
        .iter()
        .filter(|response| response.success_variant.is_some())
        .flat_map(|response| response.headers.iter().map(|header| format!("`{header}`")))
        .collect();
    if operation.success_headers {
        docs.push(String::new());
        docs.push(format!("Documented response headers, in `Response::headers`: {}.", headers.join(", ")));
    }
    if let Some(error_type) = &operation.error_type {
        docs.push(String::new());
        docs.push("# Errors".to_string());
        docs.push(String::new());
        docs.push(format!(
            "`Error::Api` for an error status; `Error::typed::<{error_type}>()` returns the decoded body of a documented one."
        ));
    }
    docs
}

/// The Rust type of a decoded response body.
fn body_type(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(type_ref) => type_tokens(type_ref, Scope::Elsewhere),
        BodyKind::Text => quote!(String),
        BodyKind::Binary => quote!(bytes::Bytes),
    }
}

/// The return type of a successful call.
fn success_type(operation: &Operation) -> TokenStream {
    let inner = match &operation.success {
        Success::Empty => quote!(()),
        Success::Body { body } => body_type(body),
        Success::Enum { type_name } => {
            let name = ident(type_name);
            quote!(#name)
        }
    };
    if operation.success_headers {
        quote!(crate::Response<#inner>)
    } else {
        inner
    }
}

/// Renders the types an operation defines next to its method: the success
/// enum, the error enum and the form struct. The enums allow
/// `clippy::large_enum_variant` because a large body next to a unit variant
/// is normal for a response and boxing it would only add an allocation.
fn operation_types(operation: &Operation) -> TokenStream {
    let mut items = Vec::new();
    let described = format!("`{}` (`{} {}`)", operation.name, operation.http_method, operation.path);
    if let Success::Enum { type_name } = &operation.success {
        let variants = response_variants(operation, |response| response.success_variant.as_deref());
        let docs = doc_attrs(&[format!("Success responses of {described}, one variant per documented status.")]);
        let name = ident(type_name);
        items.push(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#variants)*
            }
        });
    }
    if let Some(error_type) = &operation.error_type {
        let variants = response_variants(operation, |response| response.error_variant.as_deref());
        let docs = doc_attrs(&[
            format!("Error responses of {described}, one variant per documented status."),
            String::new(),
            "`Error::typed` returns it when the body matches the document.".to_string(),
        ]);
        let name = ident(error_type);
        items.push(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #(#variants)*
            }
        });
    }
    if let Some(body) = &operation.request_body {
        if let RequestBodyKind::Multipart { form } | RequestBodyKind::UrlEncoded { form } = &body.kind {
            items.push(form_struct(form, &body.media_type, &described));
        }
    }
    quote!(#(#items)*)
}

/// One enum variant per response that `variant_of` names.
fn response_variants<'a>(
    operation: &'a Operation,
    variant_of: impl Fn(&'a Response) -> Option<&'a str> + 'a,
) -> impl Iterator<Item = TokenStream> + 'a {
    operation.responses.iter().filter_map(move |response| {
        let variant = ident(variant_of(response)?);
        let mut docs = vec![format!("`{}`", response.status)];
        if let Some(first_line) = text_lines(&response.description).first() {
            docs[0] = format!("`{}`: {first_line}", response.status);
        }
        let docs = doc_attrs(&docs);
        Some(match &response.body {
            Some(body) => {
                let ty = body_type(&body.kind);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        })
    })
}

fn form_struct(form: &Form, media_type: &str, described: &str) -> TokenStream {
    let name = ident(&form.type_name);
    let docs = doc_attrs(&[format!("The `{media_type}` body of {described}.")]);
    let fields = form.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let mut ty = match &field.value {
            FormValue::File => quote!(crate::FilePart),
            FormValue::Text(type_ref) | FormValue::Json(type_ref) | FormValue::Nested(type_ref) => {
                type_tokens(type_ref, Scope::Elsewhere)
            }
        };
        if field.repeated {
            ty = quote!(Vec<#ty>);
        }
        if !field.required {
            ty = quote!(Option<#ty>);
        }
        let mut lines = field.description.as_deref().map(text_lines).unwrap_or_default();
        if field.wire_name != field.name {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!("Sent as `{}`.", field.wire_name));
        }
        let field_docs = doc_attrs(&lines);
        quote! {
            #field_docs
            pub #field_name: #ty,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
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
        arguments.extend(body_arguments(body));
    }
    let too_many = (arguments.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let deprecated = super::models::deprecated_attr(operation.deprecated, operation.deprecation_note.as_deref());

    let path = path_expression(operation);
    let method = ident(&operation.http_method);
    let security = operation.security.iter().map(|schemes| quote!(&[#(#schemes),*]));

    let mut steps = Vec::new();
    if let Some(accept) = &operation.accept {
        steps.push(quote!(request = request.header(reqwest::header::ACCEPT, #accept);));
    }
    for parameter in &operation.parameters {
        steps.extend(parameter_step(parameter));
    }
    if let Some(body) = &operation.request_body {
        steps.push(body_step(body));
    }
    let binding = if steps.is_empty() { quote!(let request) } else { quote!(let mut request) };
    let output = success_type(operation);
    let arms = response_arms(operation);

    quote! {
        #docs
        #deprecated
        #too_many
        pub async fn #name(&self, #(#arguments),*) -> Result<#output, crate::Error> {
            #binding = #client.request(reqwest::Method::#method, #path, &[#(#security),*]);
            #(#steps)*
            let response = #client.send(request).await?;
            match response.status() {
                #(#arms)*
            }
        }
    }
}

/// The arguments that carry the request body.
fn body_arguments(body: &RequestBody) -> Vec<TokenStream> {
    let optional = |ty: TokenStream| if body.required { ty } else { quote!(Option<#ty>) };
    match &body.kind {
        RequestBodyKind::Json { type_ref } => {
            let ty = optional(argument_type(type_ref));
            vec![quote!(body: #ty)]
        }
        RequestBodyKind::Text => {
            let ty = optional(quote!(&str));
            vec![quote!(body: #ty)]
        }
        RequestBodyKind::Binary { content_type_argument } => {
            // `None` cannot name an `impl Trait` type, so an optional body
            // takes a `reqwest::Body`.
            let ty = if body.required { quote!(impl Into<reqwest::Body>) } else { quote!(Option<reqwest::Body>) };
            let mut arguments = Vec::new();
            if *content_type_argument {
                arguments.push(quote!(content_type: &str));
            }
            arguments.push(quote!(body: #ty));
            arguments
        }
        RequestBodyKind::Multipart { form } => {
            let name = ident(&form.type_name);
            let ty = optional(quote!(#name));
            vec![quote!(form: #ty)]
        }
        RequestBodyKind::UrlEncoded { form } => {
            let name = ident(&form.type_name);
            let ty = optional(quote!(&#name));
            vec![quote!(form: #ty)]
        }
    }
}

/// The statements that attach the request body.
fn body_step(body: &RequestBody) -> TokenStream {
    let media_type = &body.media_type;
    let (argument, statements) = match &body.kind {
        RequestBodyKind::Json { type_ref } => {
            // `json` sets `application/json` only when no `Content-Type` is set.
            let essence = media_type.split(';').next().unwrap_or_default().trim();
            let content_type = (!essence.eq_ignore_ascii_case("application/json"))
                .then(|| quote!(request = request.header(reqwest::header::CONTENT_TYPE, #media_type);));
            // `json` takes a reference; `Copy` scalars are passed by value.
            let value = if passed_by_reference(type_ref) { quote!(body) } else { quote!(&body) };
            (quote!(body), quote! {
                #content_type
                request = request.json(#value);
            })
        }
        RequestBodyKind::Text => (quote!(body), quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, #media_type)
                .body(body.to_owned());
        }),
        RequestBodyKind::Binary { content_type_argument: true } => (quote!(body), quote! {
            request = request
                .header(reqwest::header::CONTENT_TYPE, crate::client::content_type(content_type)?)
                .body(body);
        }),
        RequestBodyKind::Binary { content_type_argument: false } => (quote!(body), quote! {
            request = request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body);
        }),
        RequestBodyKind::Multipart { form } => {
            let parts = form.fields.iter().map(multipart_field);
            (quote!(form), quote! {
                let mut multipart = reqwest::multipart::Form::new();
                #(#parts)*
                request = request.multipart(multipart);
            })
        }
        RequestBodyKind::UrlEncoded { form } => {
            let pairs = form.fields.iter().map(urlencoded_field);
            (quote!(form), quote! {
                let mut pairs: Vec<(String, String)> = Vec::new();
                #(#pairs)*
                request = request.form(&pairs);
            })
        }
    };
    if body.required {
        statements
    } else {
        quote! {
            if let Some(#argument) = #argument {
                #statements
            }
        }
    }
}

/// The statements that add one form field to `multipart`.
fn multipart_field(field: &FormField) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.name);
    let content_type = field.content_type.as_deref();
    let part = |value: TokenStream| match (&field.value, content_type) {
        (FormValue::File, Some(content_type)) => quote!(crate::client::file_part(#value, Some(#content_type))?),
        (FormValue::File, None) => quote!(crate::client::file_part(#value, None)?),
        (FormValue::Text(_), Some(content_type)) => quote!(crate::client::text_part(#value, Some(#content_type))?),
        (FormValue::Text(_), None) => quote!(crate::client::text_part(#value, None)?),
        // Nested values are urlencoded only; a multipart part would carry
        // them as JSON.
        (FormValue::Json(_) | FormValue::Nested(_), _) => {
            let content_type = content_type.unwrap_or("application/json");
            quote!(crate::client::json_part(#value, #content_type)?)
        }
    };
    // Files move out of the form; other values are borrowed.
    let source = match field.value {
        FormValue::File => quote!(form.#name),
        FormValue::Text(_) | FormValue::Json(_) | FormValue::Nested(_) => quote!(&form.#name),
    };
    let add = |value: TokenStream| {
        let part = part(value);
        quote!(multipart = multipart.part(#wire, #part);)
    };
    match (field.required, field.repeated) {
        (true, false) => add(source),
        (true, true) => {
            let each = add(quote!(item));
            quote! {
                for item in #source {
                    #each
                }
            }
        }
        (false, false) => {
            let one = add(quote!(value));
            quote! {
                if let Some(value) = #source {
                    #one
                }
            }
        }
        (false, true) => {
            let each = add(quote!(item));
            let items = match field.value {
                FormValue::File => quote!(form.#name.into_iter().flatten()),
                FormValue::Text(_) | FormValue::Json(_) | FormValue::Nested(_) => quote!(form.#name.iter().flatten()),
            };
            quote! {
                for item in #items {
                    #each
                }
            }
        }
    }
}

/// The statements that add one form field to `pairs`.
fn urlencoded_field(field: &FormField) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.name);
    let add = match (&field.value, &field.join, field.repeated) {
        (FormValue::Nested(_), _, _) => quote!(crate::client::nested_form_pairs(#wire, value, &mut pairs);),
        (_, Some(separator), true) => quote! {
            let joined: Vec<String> = values.iter().map(crate::client::parameter_text).collect();
            pairs.push((#wire.to_owned(), joined.join(#separator)));
        },
        (_, None, true) => quote! {
            for item in values {
                pairs.push((#wire.to_owned(), crate::client::parameter_text(item)));
            }
        },
        (_, _, false) => quote!(pairs.push((#wire.to_owned(), crate::client::parameter_text(value)));),
    };
    let binding = if field.repeated { quote!(values) } else { quote!(value) };
    if field.required {
        quote! {
            let #binding = &form.#name;
            #add
        }
    } else {
        quote! {
            if let Some(#binding) = &form.#name {
                #add
            }
        }
    }
}

/// The match arms that turn the response into the method's result: exact
/// codes first, then ranges, then `default` and undocumented statuses.
fn response_arms(operation: &Operation) -> Vec<TokenStream> {
    let mut codes: Vec<(String, Vec<Literal>, TokenStream)> = Vec::new();
    let mut ranges = Vec::new();
    let mut rest = Vec::new();
    for response in &operation.responses {
        let success = response.success_variant.as_ref().map(|variant| success_value(operation, response, variant));
        let error = response.error_variant.as_ref().map(|variant| error_value(operation, response, variant));
        match response.statuses {
            StatusMatch::Code(code) => {
                // Codes with the same result share one arm: `400 | 401 => ...`.
                let Some(value) = success.or(error) else {
                    continue;
                };
                let key = value.to_string();
                match codes.iter_mut().find(|(existing, _, _)| *existing == key) {
                    Some((_, patterns, _)) => patterns.push(Literal::u16_unsuffixed(code)),
                    None => codes.push((key, vec![Literal::u16_unsuffixed(code)], value)),
                }
            }
            StatusMatch::Range(first_digit) => {
                let (low, high) = (Literal::u16_unsuffixed(first_digit * 100), Literal::u16_unsuffixed(first_digit * 100 + 99));
                ranges.extend(success.map(|value| quote!(#low..=#high => #value,)));
                ranges.extend(error.map(|value| quote!(#low..=#high => #value,)));
            }
            StatusMatch::Default => {
                // `default` stands for the 2xx statuses only when nothing
                // else documents a success.
                rest.extend(success.map(|value| quote!(200..=299 => #value,)));
                rest.extend(error.map(|value| quote!(_ => #value,)));
            }
        }
    }
    let has_success = operation.responses.iter().any(|response| response.success_variant.is_some());
    if !has_success {
        rest.push(quote!(200..=299 => Ok(()),));
    }
    let has_default_error = operation
        .responses
        .iter()
        .any(|response| response.statuses == StatusMatch::Default && response.error_variant.is_some());
    if !has_default_error {
        rest.push(quote!(_ => Err(response.unexpected()),));
    }
    let codes = codes
        .into_iter()
        .map(|(_, patterns, value)| quote!(#(#patterns)|* => #value,));
    codes.chain(ranges).chain(rest).collect()
}

/// Decodes the body of `response` into its Rust value.
fn decode(body: &Option<ResponseBody>) -> Option<TokenStream> {
    body.as_ref().map(|body| match body.kind {
        BodyKind::Json(_) => quote!(response.json()?),
        BodyKind::Text => quote!(response.text()),
        BodyKind::Binary => quote!(response.bytes()),
    })
}

/// The expression of a success arm.
fn success_value(operation: &Operation, response: &Response, variant: &str) -> TokenStream {
    let decoded = decode(&response.body);
    let value = match (&operation.success, decoded) {
        (Success::Enum { type_name }, Some(decoded)) => {
            let (name, variant) = (ident(type_name), ident(variant));
            quote!(#name::#variant(#decoded))
        }
        (Success::Enum { type_name }, None) => {
            let (name, variant) = (ident(type_name), ident(variant));
            quote!(#name::#variant)
        }
        (_, Some(decoded)) => decoded,
        (_, None) => quote!(()),
    };
    if operation.success_headers {
        quote!({
            let value = #value;
            Ok(response.into_response(value))
        })
    } else {
        quote!(Ok(#value))
    }
}

/// The expression of an error arm.
fn error_value(operation: &Operation, response: &Response, variant: &str) -> TokenStream {
    let Some(error_type) = &operation.error_type else {
        return quote!(Err(response.documented_error()));
    };
    let (name, variant) = (ident(error_type), ident(variant));
    let typed = match response.body.as_ref().map(|body| &body.kind) {
        Some(BodyKind::Json(_)) => quote!(response.json_or_none().map(#name::#variant)),
        Some(BodyKind::Text) => quote!(Some(#name::#variant(response.text()))),
        Some(BodyKind::Binary) => quote!(Some(#name::#variant(response.bytes()))),
        None => quote!(Some(#name::#variant)),
    };
    quote!({
        let typed = #typed;
        Err(response.error(typed))
    })
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
                let Some(parameter) = operation.parameters.iter().find(|parameter| parameter.name == *name) else {
                    continue;
                };
                let value = value_of(parameter);
                if parameter.style == ParameterStyle::Simple && !parameter.explode {
                    pieces.push(quote!(crate::client::path_segment(#value).as_str()));
                } else {
                    let wire = &parameter.wire_name;
                    let style = style_tokens(parameter.style);
                    let explode = parameter.explode;
                    pieces.push(quote!(crate::client::path_value(#wire, #style, #explode, #value).as_str()));
                }
            }
        }
    }
    if has_parameters {
        quote!(&[#(#pieces),*].concat())
    } else {
        quote!(#(#pieces)*)
    }
}

/// A reference to the argument of a parameter.
fn value_of(parameter: &Parameter) -> TokenStream {
    let argument = ident(&parameter.name);
    if passed_by_reference(&parameter.type_ref) {
        quote!(#argument)
    } else {
        quote!(&#argument)
    }
}

fn style_tokens(style: ParameterStyle) -> TokenStream {
    match style {
        ParameterStyle::Simple => quote!(crate::client::Style::Simple),
        ParameterStyle::Label => quote!(crate::client::Style::Label),
        ParameterStyle::Matrix => quote!(crate::client::Style::Matrix),
        ParameterStyle::Form => quote!(crate::client::Style::Form),
        ParameterStyle::SpaceDelimited => quote!(crate::client::Style::SpaceDelimited),
        ParameterStyle::PipeDelimited => quote!(crate::client::Style::PipeDelimited),
        ParameterStyle::DeepObject => quote!(crate::client::Style::DeepObject),
    }
}

/// The statements that add one query, header or cookie parameter to
/// `request`.
fn parameter_step(parameter: &Parameter) -> Option<TokenStream> {
    let wire = &parameter.wire_name;
    let argument = ident(&parameter.name);
    let value = value_of(parameter);
    let explode = parameter.explode;
    let statements = match parameter.location {
        ParameterLocation::Path => return None,
        ParameterLocation::Query if parameter.style == ParameterStyle::Form && matches!(parameter.type_ref, TypeRef::Primitive(_)) => {
            quote!(request = request.query(&[(#wire, crate::client::parameter_text(#value))]);)
        }
        ParameterLocation::Query => {
            let style = style_tokens(parameter.style);
            quote!(request = request.query(&crate::client::query_pairs(#wire, #style, #explode, #value));)
        }
        ParameterLocation::Header => {
            quote!(request = request.header(#wire, crate::client::header_value(#wire, #explode, #value)?);)
        }
        ParameterLocation::Cookie => {
            quote!(request = request.header(reqwest::header::COOKIE, crate::client::cookie(#wire, #value));)
        }
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
