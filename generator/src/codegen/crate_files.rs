//! Codegen of the crate root (`src/lib.rs`) and its `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, text_lines};
use crate::model::{Api, SecurityKind, SecurityScheme};

/// Optional dependencies of a generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// `uuid`, for `format: uuid`.
    pub uuid: bool,
    /// `chrono`, for `format: date-time` and `date`.
    pub chrono: bool,
    /// `serde_with`, for optional nullable fields.
    pub serde_with: bool,
}

/// Renders `src/lib.rs`.
pub fn lib_file(api: &Api, request_id_headers: &[String]) -> TokenStream {
    let mut crate_docs = vec![format!("Client for the {} API (version {}).", api.info.title, api.info.version)];
    if let Some(description) = &api.info.description {
        crate_docs.push(String::new());
        crate_docs.extend(text_lines(description));
    }
    let crate_docs = crate_docs.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #line])
    });

    let base_url = api.servers.first().map(|server| server.url.clone()).unwrap_or_default();
    let base_url_doc = if base_url.is_empty() {
        " The document lists no absolute server URL: set one with `ClientBuilder::base_url`.".to_string()
    } else {
        " The first server of the document, used unless `ClientBuilder::base_url` sets another.".to_string()
    };
    let setters = api.security_schemes.iter().map(credential_setter);

    quote! {
        #(#crate_docs)*
        // Descriptions come from the document and are not written as rustdoc
        // Markdown, so lints about their formatting would only flag the source.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::all)]
        // Deprecated items are still used by the crate itself; callers get the
        // warnings.
        #![allow(deprecated)]

        mod client;
        mod codec;
        mod error;
        pub mod groups;
        pub mod models;

        pub use client::{Client, ClientBuilder, FilePart, Response, DEFAULT_TIMEOUT};
        pub use codec::Base64Bytes;
        pub use error::{ApiError, Error, ErrorDetails};

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// Response headers that carry the request id, most specific first.
        pub(crate) const REQUEST_ID_HEADERS: &[&str] = &[#(#request_id_headers),*];

        impl ClientBuilder {
            #(#setters)*
        }
    }
}

/// A builder setter for one security scheme.
fn credential_setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let wire = &scheme.wire_name;
    let how = match &scheme.kind {
        SecurityKind::Bearer { format: Some(format) } => format!("sent as `Authorization: Bearer` ({format})"),
        SecurityKind::Bearer { format: None } => "sent as `Authorization: Bearer`".to_string(),
        SecurityKind::Basic => "sent as `Authorization: Basic`".to_string(),
        SecurityKind::ApiKeyHeader { name } => format!("sent in the `{name}` header"),
        SecurityKind::ApiKeyQuery { name } => format!("sent as the `{name}` query parameter"),
        SecurityKind::ApiKeyCookie { name } => format!("sent as the `{name}` cookie"),
    };
    let mut docs = vec![format!("Sets the credential of the `{wire}` security scheme, {how}.")];
    if let Some(description) = &scheme.description {
        docs.push(String::new());
        docs.extend(text_lines(description));
    }
    let docs = doc_attrs(&docs);
    match &scheme.kind {
        SecurityKind::Basic => quote! {
            #docs
            pub fn #setter(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.credential(#wire, client::Credential::basic(username, password))
            }
        },
        kind => {
            let constructor = match kind {
                SecurityKind::ApiKeyHeader { name } => quote!(client::Credential::header(#name, value)),
                SecurityKind::ApiKeyQuery { name } => quote!(client::Credential::query(#name, value)),
                SecurityKind::ApiKeyCookie { name } => quote!(client::Credential::cookie(#name, value)),
                _ => quote!(client::Credential::bearer(value)),
            };
            quote! {
                #docs
                pub fn #setter(self, value: impl Into<String>) -> Self {
                    self.credential(#wire, #constructor)
                }
            }
        }
    }
}

/// Renders `Cargo.toml`.
pub fn cargo_toml(header: &str, crate_name: &str, version: &str, title: &str, dependencies: Dependencies) -> String {
    let description = format!("Client for the {title} API, generated from its OpenAPI document")
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let mut text = format!(
        "{header}\n[package]\nname = \"{crate_name}\"\nversion = \"{version}\"\nedition = \"2021\"\ndescription = \"{description}\"\n\n[dependencies]\n"
    );
    text.push_str("base64 = \"0.22\"\n");
    text.push_str("bytes = \"1\"\n");
    if dependencies.chrono {
        text.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    text.push_str("percent-encoding = \"2\"\n");
    text.push_str("reqwest = { version = \"0.12\", default-features = false, features = [\"json\", \"multipart\", \"rustls-tls\", \"stream\"] }\n");
    text.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    text.push_str("serde_json = \"1\"\n");
    if dependencies.serde_with {
        text.push_str("serde_with = { version = \"3\", default-features = false, features = [\"std\"] }\n");
    }
    text.push_str("thiserror = \"2\"\n");
    if dependencies.uuid {
        text.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    text
}
