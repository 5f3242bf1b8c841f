//! Codegen of the crate root (`src/lib.rs`) and its `Cargo.toml`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, text_lines};
use crate::config::Dependency as ConfigDependency;
use crate::model::features::Features;
use crate::model::{Api, SecurityKind, SecurityScheme};
use crate::Settings;

/// Optional dependencies of a generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// `uuid`, for `format: uuid`.
    pub uuid: bool,
    /// `chrono`, for `format: date-time` and `date` with `types.date_time =
    /// "chrono"`.
    pub chrono: bool,
    /// `time`, with `types.date_time = "time"`.
    pub time: bool,
    /// `jiff`, with `types.date_time = "jiff"`.
    pub jiff: bool,
    /// `indexmap`, with `types.map = "IndexMap"`.
    pub indexmap: bool,
    /// `serde_with`, for optional nullable fields.
    pub serde_with: bool,
    /// The client's dependencies (`reqwest`, `tokio` and the crates of the
    /// runtime files); false for a types-only crate.
    pub client: bool,
    /// `base64`, for the serde helpers of `src/codec.rs`.
    pub base64: bool,
}

/// One runtime dependency of the generated code, as a `[dependencies]`
/// entry of `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The package name, which the generated code uses as written (with
    /// `-` as `_`), so it cannot be renamed.
    pub name: String,
    /// The TOML value of the entry: a version requirement, with features
    /// where the code needs some.
    pub requirement: String,
}

impl std::fmt::Display for Dependency {
    /// Writes the `Cargo.toml` line: `name = requirement`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.name, self.requirement)
    }
}

impl Dependencies {
    /// Returns every dependency of the generated code, sorted by name.
    pub fn list(self) -> Vec<Dependency> {
        let entry = |name: &str, requirement: &str| Dependency {
            name: name.to_string(),
            requirement: requirement.to_string(),
        };
        let client = self.client;
        let mut list = Vec::new();
        if client {
            list.push(entry("backon", r#"{ version = "1", default-features = false, features = ["std", "tokio-sleep"] }"#));
        }
        if client || self.base64 {
            list.push(entry("base64", r#""0.22""#));
        }
        if client {
            list.push(entry("bytes", r#""1""#));
        }
        if self.chrono {
            list.push(entry("chrono", r#"{ version = "0.4", default-features = false, features = ["serde", "std"] }"#));
        }
        if client {
            list.extend([
                entry("futures-util", r#"{ version = "0.3", default-features = false, features = ["alloc"] }"#),
                entry("httpdate", r#""1""#),
            ]);
        }
        if self.indexmap {
            list.push(entry("indexmap", r#"{ version = "2", features = ["serde"] }"#));
        }
        if self.jiff {
            list.push(entry("jiff", r#"{ version = "1", features = ["serde"] }"#));
        }
        if client {
            list.extend([
                entry("percent-encoding", r#""2""#),
                entry(
                    "reqwest",
                    r#"{ version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls", "stream"] }"#,
                ),
            ]);
        }
        list.push(entry("serde", r#"{ version = "1", features = ["derive"] }"#));
        // With `IndexMap`, `serde_json::Map` keeps the members in the order
        // of the text too.
        list.push(match self.indexmap {
            true => entry("serde_json", r#"{ version = "1", features = ["preserve_order"] }"#),
            false => entry("serde_json", r#""1""#),
        });
        if self.serde_with {
            list.push(entry("serde_with", r#"{ version = "3", default-features = false, features = ["std"] }"#));
        }
        if client {
            list.push(entry("thiserror", r#""2""#));
        }
        if self.time {
            list.push(entry("time", r#"{ version = "0.3", features = ["formatting", "parsing"] }"#));
        }
        if client {
            list.push(entry("tokio", r#"{ version = "1", features = ["time"] }"#));
        }
        if self.uuid {
            list.push(entry("uuid", r#"{ version = "1", features = ["serde"] }"#));
        }
        list
    }

    /// Returns [`Self::list`] with the entries of the config's
    /// `[dependencies]`, which replace generated entries of the same name,
    /// sorted by name.
    pub fn with_config(self, extra: &BTreeMap<String, ConfigDependency>) -> Vec<Dependency> {
        let mut entries: BTreeMap<String, String> =
            self.list().into_iter().map(|dependency| (dependency.name, dependency.requirement)).collect();
        for (name, dependency) in extra {
            let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
            let value = match dependency {
                ConfigDependency::Version(version) => quote(version),
                ConfigDependency::Detailed { version, features } if features.is_empty() => format!("{{ version = {} }}", quote(version)),
                ConfigDependency::Detailed { version, features } => {
                    let features: Vec<String> = features.iter().map(|feature| quote(feature)).collect();
                    format!("{{ version = {}, features = [{}] }}", quote(version), features.join(", "))
                }
            };
            entries.insert(name.clone(), value);
        }
        entries.into_iter().map(|(name, requirement)| Dependency { name, requirement }).collect()
    }
}

/// Renders `src/lib.rs`.
pub fn lib_file(api: &Api, settings: &Settings) -> TokenStream {
    let request_id_headers = &settings.client.request_id_headers;
    let client = &settings.client;
    let number = |value: u64| proc_macro2::Literal::u64_unsuffixed(value);
    let (max_retries, retry_delay, timeout) = (number(u64::from(client.max_retries)), number(client.retry_delay_ms), number(client.timeout_secs));
    let (poll_interval, wait_timeout) = (number(settings.action_attempts.poll_interval_ms), number(settings.action_attempts.timeout_ms));
    let retry_non_idempotent = client.retry_non_idempotent;
    // The module documents itself with inner doc comments.
    let time_types = super::dependencies(api).time.then(|| quote!(pub mod time_types;));
    let from_env = from_env(api, settings);
    let wait = wait_method(api);
    let crate_docs = crate_doc_attrs(api, format!("Client for the {} (version {}).", api_name(&api.info.title), api.info.version));

    let base_url = api.servers.first().map(|server| server.url.clone()).unwrap_or_default();
    let base_url_doc = if base_url.is_empty() {
        " The document lists no absolute server URL: set one with `ClientBuilder::base_url`.".to_string()
    } else {
        " The first server of the document, used unless `ClientBuilder::base_url` sets another.".to_string()
    };
    let setters = api.security_schemes.iter().map(|scheme| credential_setter(api, settings, scheme));

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
        mod longrun;
        pub mod models;
        #time_types

        pub use client::{Client, ClientBuilder, FilePart, RequestOptions, Response, DEFAULT_MAX_RETRY_AFTER, DEFAULT_TIMEOUT};
        pub use codec::Base64Bytes;
        pub use error::{ApiError, Error, ErrorDetails, ValidationError};
        pub use longrun::{ActionAttempt, ActionAttemptError, Page};
        /// The stream type of the paging methods.
        pub use futures_util::stream::BoxStream;

        /// How often a failed idempotent request is retried by default.
        pub(crate) const DEFAULT_MAX_RETRIES: u32 = #max_retries;
        /// The delay before the first retry, in milliseconds.
        pub(crate) const DEFAULT_RETRY_DELAY_MS: u64 = #retry_delay;
        /// The timeout of each attempt, in seconds.
        pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = #timeout;
        /// Whether POST and PATCH requests are retried too.
        pub(crate) const DEFAULT_RETRY_NON_IDEMPOTENT: bool = #retry_non_idempotent;
        /// The delay between two polls of an action attempt, in milliseconds.
        pub(crate) const DEFAULT_POLL_INTERVAL_MS: u64 = #poll_interval;
        /// How long waiting for an action attempt goes on, in milliseconds.
        pub(crate) const DEFAULT_WAIT_TIMEOUT_MS: u64 = #wait_timeout;

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// Response headers that carry the request id, most specific first.
        pub(crate) const REQUEST_ID_HEADERS: &[&str] = &[#(#request_id_headers),*];

        impl ClientBuilder {
            #(#setters)*
        }

        #from_env

        #wait
    }
}

/// Renders `src/lib.rs` of a types-only crate: the models, and the serde
/// helpers of `src/codec.rs` when `codec` is true.
pub fn types_lib_file(api: &Api, dependencies: Dependencies) -> TokenStream {
    let crate_docs = crate_doc_attrs(api, format!("Types of the {} (version {}), without a client.", api_name(&api.info.title), api.info.version));
    let codec = dependencies.base64.then(|| {
        quote! {
            mod codec;
            pub use codec::Base64Bytes;
        }
    });
    // The module documents itself with inner doc comments.
    let time_types = dependencies.time.then(|| quote!(pub mod time_types;));
    quote! {
        #(#crate_docs)*
        // Descriptions come from the document and are not written as rustdoc
        // Markdown, so lints about their formatting would only flag the source.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::all)]
        // Deprecated items are still used by the crate itself; callers get the
        // warnings.
        #![allow(deprecated)]

        #codec
        #time_types
        pub mod models;
    }
}

/// Builds the crate documentation: `first_line`, then `info.description`.
fn crate_doc_attrs(api: &Api, first_line: String) -> Vec<TokenStream> {
    let mut crate_docs = vec![first_line];
    if let Some(description) = &api.info.description {
        crate_docs.push(String::new());
        crate_docs.extend(text_lines(description));
    }
    crate_docs
        .iter()
        .map(|line| {
            let line = if line.is_empty() { String::new() } else { format!(" {line}") };
            quote!(#![doc = #line])
        })
        .collect()
}

/// `Client::wait_for_action_attempt`, when the model has the poll operation.
fn wait_method(api: &Api) -> Option<TokenStream> {
    let poll = api.action_attempt_poll.as_ref()?;
    let method = ident(&poll.http_method);
    let path = &poll.path;
    let security = poll.security.iter().map(|schemes| quote!(&[#(#schemes),*]));
    let (id_property, property) = (&poll.id_property, &poll.response_property);
    let attach = if poll.http_method == "GET" {
        quote!(request.query(&[(#id_property, action_attempt_id)]))
    } else {
        quote!(request.json(&serde_json::json!({ #id_property: action_attempt_id })))
    };
    let doc = format!(" Waits until the action attempt is no longer pending, polling `{} {path}` every `RequestOptions::poll_interval` for at most `RequestOptions::wait_timeout`.", poll.http_method);
    Some(quote! {
        impl Client {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// `Error::ActionAttemptFailed` when the attempt ends in `error`,
            /// `Error::ActionAttemptTimeout` with the last attempt when the
            /// limit passes, and the errors of any call.
            pub async fn wait_for_action_attempt(&self, action_attempt_id: &str) -> Result<ActionAttempt, Error> {
                let options = *self.options();
                longrun::wait(|| self.get_action_attempt(action_attempt_id), options.poll_interval, options.wait_timeout).await
            }

            async fn get_action_attempt(&self, action_attempt_id: &str) -> Result<ActionAttempt, Error> {
                let request = self.request(reqwest::Method::#method, #path, &[#(#security),*]);
                let request = #attach;
                let response = self.send(request).await?;
                if !(200..300).contains(&response.status()) {
                    return Err(response.unexpected());
                }
                response.json_member(#property)
            }
        }
    })
}

/// `ClientBuilder::from_env` and `Client::from_env`, when the settings name
/// environment variables.
fn from_env(api: &Api, settings: &Settings) -> Option<TokenStream> {
    let auth = &settings.auth;
    if auth.from_env.is_empty() && auth.endpoint_variable.is_none() {
        return None;
    }
    let mut reads = Vec::new();
    let mut names = Vec::new();
    let mut described = Vec::new();
    for credential in &auth.from_env {
        let Some(scheme) = api.security_schemes.iter().find(|scheme| scheme.wire_name == credential.scheme) else {
            continue;
        };
        let setter = ident(&scheme.setter);
        let variable = &credential.variable;
        names.push(variable.clone());
        match &credential.pair_variable {
            Some(pair) if paired_header(api, settings, &scheme.wire_name).is_some() => {
                described.push(format!("`{variable}` with `{pair}`"));
                let missing = format!("{variable} is set but {pair} is not; set both");
                reads.push(quote! {
                    if let Some(value) = lookup(#variable) {
                        let Some(pair) = lookup(#pair) else {
                            return Err(Error::Config(#missing.to_string()));
                        };
                        builder = builder.#setter(value, pair);
                    }
                });
            }
            _ => {
                described.push(format!("`{variable}`"));
                reads.push(quote! {
                    if let Some(value) = lookup(#variable) {
                        builder = builder.#setter(value);
                    }
                });
            }
        }
    }
    let endpoint = auth.endpoint_variable.as_ref().map(|variable| {
        quote! {
            if let Some(endpoint) = lookup(#variable) {
                builder = builder.base_url(endpoint);
            }
        }
    });
    let none_set = format!("no credential in the environment: set {}", described.join(", or "));
    let check = (!names.is_empty()).then(|| {
        quote! {
            let set: Vec<&str> = [#(#names),*].into_iter().filter(|name| lookup(name).is_some()).collect();
            match set.as_slice() {
                [] => return Err(Error::Config(#none_set.to_string())),
                [_] => {}
                several => {
                    return Err(Error::Config(format!(
                        "{} are set; set only one of them",
                        several.join(" and ")
                    )));
                }
            }
        }
    });
    let mut doc = vec!["Starts a builder from environment variables:".to_string(), String::new()];
    for line in &described {
        doc.push(format!("- {line}"));
    }
    if let Some(variable) = &auth.endpoint_variable {
        doc.push(format!("- `{variable}` for the base URL (optional)"));
    }
    doc.push(String::new());
    doc.push("# Errors".to_string());
    doc.push(String::new());
    doc.push("`Error::Config` when no credential or more than one is set, naming the variables.".to_string());
    let doc = doc_attrs(&doc);
    Some(quote! {
        impl ClientBuilder {
            #doc
            pub fn from_env() -> Result<ClientBuilder, Error> {
                ClientBuilder::from_lookup(|name| std::env::var(name).ok())
            }

            /// Like [`ClientBuilder::from_env`], reading each variable with
            /// `lookup` instead of from the process environment; empty values
            /// count as unset.
            pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
                let lookup = |name: &str| lookup(name).filter(|value| !value.is_empty());
                let mut builder = ClientBuilder::default();
                #check
                #(#reads)*
                #endpoint
                Ok(builder)
            }
        }

        impl Client {
            /// Builds a client from environment variables; see
            /// [`ClientBuilder::from_env`].
            ///
            /// # Errors
            ///
            /// As `ClientBuilder::from_env` and `ClientBuilder::build`.
            pub fn from_env() -> Result<Client, Error> {
                ClientBuilder::from_env()?.build()
            }
        }
    })
}

/// The header of the API key scheme that `auth.pairs` sends with `scheme`.
fn paired_header<'a>(api: &'a Api, settings: &Settings, scheme: &str) -> Option<&'a str> {
    let pair = settings.auth.pairs.iter().find(|pair| pair.scheme == scheme)?;
    api.security_schemes.iter().find_map(|other| match &other.kind {
        SecurityKind::ApiKeyHeader { name } if other.wire_name == pair.with => Some(name.as_str()),
        _ => None,
    })
}

/// A builder setter for one security scheme.
fn credential_setter(api: &Api, settings: &Settings, scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let wire = &scheme.wire_name;
    if let (SecurityKind::Bearer { .. }, Some(header)) = (&scheme.kind, paired_header(api, settings, wire)) {
        let docs = doc_attrs(&[format!(
            "Sets the credential of the `{wire}` security scheme, sent as `Authorization: Bearer`, with `pair` in the `{header}` header."
        )]);
        return quote! {
            #docs
            pub fn #setter(self, value: impl Into<String>, pair: impl Into<String>) -> Self {
                self.credential(#wire, client::Credential::bearer_with_header(value, #header, pair))
            }
        };
    }
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

/// Returns the API's name for prose: the title followed by "API", unless the
/// title's last word already is "API" in any case (`Uber API`, `Foo Api`).
fn api_name(title: &str) -> String {
    let last_word = title.rsplit(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty());
    match last_word {
        Some(word) if word.eq_ignore_ascii_case("api") => title.to_string(),
        _ => format!("{title} API"),
    }
}

/// Renders `Cargo.toml`.
pub fn cargo_toml(header: &str, crate_name: &str, version: &str, title: &str, dependencies: Dependencies, extra: &BTreeMap<String, ConfigDependency>) -> String {
    let kind = if dependencies.client { "Client for" } else { "Types of" };
    let description = format!("{kind} the {}, generated from its OpenAPI document", api_name(title))
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let mut text = format!(
        "{header}\n[package]\nname = \"{crate_name}\"\nversion = \"{version}\"\nedition = \"2021\"\ndescription = \"{description}\"\n\n[dependencies]\n"
    );
    for dependency in dependencies.with_config(extra) {
        text.push_str(&format!("{dependency}\n"));
    }
    text
}

/// Renders the `[features]` table of `Cargo.toml`: `default` turns on every
/// group and `other-types`, and each group's feature turns on the groups
/// nested in it.
pub fn features_toml(features: &Features) -> String {
    let list = |names: &[String]| names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ");
    let mut text = String::from("\n# One feature per group; a group's feature turns on the groups nested in it.\n[features]\n");
    text.push_str(&format!("default = [{}]\n", list(&features.default)));
    let mut lines: Vec<String> = features.groups.values().map(|group| format!("{} = [{}]\n", group.name, list(&group.nested))).collect();
    if let Some(other_types) = &features.other_types {
        lines.push(format!("{other_types} = []\n"));
    }
    lines.sort();
    text.extend(lines);
    text
}

/// Renders the crate's `README.md`: authentication, a call, waiting for an
/// action attempt and paging, with names from this API.
pub fn readme(header: &str, api: &Api, settings: &Settings, crate_name: &str, version: &str) -> String {
    if settings.types_only {
        return types_readme(header, api, crate_name);
    }
    let library = crate_name.replace('-', "_");
    let mut text = format!("<!-- {header} -->\n# {crate_name}\n\n");
    text.push_str(&format!("A client for the {} (version {}), generated from its OpenAPI document.\n", api_name(&api.info.title), api.info.version));
    if let Some(description) = &api.info.description {
        text.push_str(&format!("\n{}\n", description.trim()));
    }
    text.push_str(&auth_readme(api, settings, &library));
    text.push_str("\n## Calls\n\n");
    let first = api.groups.iter().find_map(|group| group.operations.first().map(|operation| (group, operation)));
    if let Some((group, operation)) = first {
        let chain: Vec<String> = group.path.iter().map(|part| format!("{part}()")).collect();
        text.push_str(&format!(
            "Operations are methods of group handles, such as `client.{}.{}(...)` for `{} {}`. Every call returns `Result<T, {library}::Error>`.\n",
            chain.join("."),
            operation.name,
            operation.http_method,
            operation.path
        ));
    }
    text.push_str("\nFailed idempotent requests (connection errors, timeouts, 429 and 5xx) are retried with exponential backoff and jitter, honouring `Retry-After`; POST is retried only with `RequestOptions::retry_non_idempotent`. Change the settings per client with `ClientBuilder::options`, or for one call:\n\n```rust,ignore\nlet patient = client.with_options(client.options().max_retries(5).timeout(std::time::Duration::from_secs(60)));\n```\n\nErrors carry the status, the request id and the decoded error body: `error.is_unauthorized()`, `error.is_invalid_input()`, `error.validation_errors()`.\n");
    let waiting = api.groups.iter().find_map(|group| {
        group.operations.iter().find(|operation| operation.action_attempt.is_some()).map(|operation| (group, operation))
    });
    if let Some((group, operation)) = waiting {
        let chain: Vec<String> = group.path.iter().map(|part| format!("{part}()")).collect();
        text.push_str(&format!(
            "\n## Action attempts\n\nSome operations start an action that finishes later. `{name}` returns at once, with the pending attempt; `{name}_and_wait` waits until it ends:\n\n```rust,ignore\nlet attempt = client.{chain}.{name}_and_wait(&request).await?;   // Ok: status `success`, with `result`\n// Error::ActionAttemptFailed: the attempt with its error type and message\n// Error::ActionAttemptTimeout: the last attempt, still pending\n```\n\n`client.wait_for_action_attempt(id)` waits for any attempt. Polling happens every `RequestOptions::poll_interval` for at most `RequestOptions::wait_timeout`.\n",
            name = operation.name,
            chain = chain.join("."),
        ));
    }
    // The example shows the paged operation with the fewest required
    // arguments; required arguments appear by name, optional ones as `None`.
    let paged = api
        .groups
        .iter()
        .flat_map(|group| group.operations.iter().map(move |operation| (group, operation)))
        .filter_map(|(group, operation)| Some((group, operation, operation.pagination.as_ref()?)))
        .min_by_key(|(_, operation, _)| operation.parameters.iter().filter(|parameter| parameter.required).count());
    if let Some((group, operation, paging)) = paged {
        let chain: Vec<String> = group.path.iter().map(|part| format!("{part}()")).collect();
        let arguments: Vec<&str> = match &paging.cursor_argument {
            None => vec!["None"],
            Some(cursor) => operation
                .parameters
                .iter()
                .filter(|parameter| &parameter.name != cursor)
                .map(|parameter| if parameter.required { parameter.name.as_str() } else { "None" })
                .collect(),
        };
        text.push_str(&format!(
            "\n## Pagination\n\nList operations that page have `{name}_page` (one page and its cursor) and `{name}_items` (a stream of every item):\n\n```rust,ignore\nuse futures_util::TryStreamExt;\n\nlet first = client.{chain}.{name}_page({arguments}, None).await?;\nlet saved = first.next_cursor.clone();            // resume later from here\nlet rest: Vec<_> = client.{chain}.{name}_items({arguments}, saved).try_collect().await?;\n```\n",
            name = operation.name,
            chain = chain.join("."),
            arguments = arguments.join(", "),
        ));
    }
    if let Some(features) = &api.features {
        text.push_str(&features_readme(api, features, crate_name, version));
    }
    text
}

/// Renders the README section on credentials, or nothing when the document
/// has no security schemes and the config reads no credentials from the
/// environment. The example calls the first scheme's setter with as many
/// arguments as the setter takes.
fn auth_readme(api: &Api, settings: &Settings, library: &str) -> String {
    let env_names: Vec<String> = settings.auth.from_env.iter().map(|credential| match &credential.pair_variable {
        Some(pair) => format!("`{}` with `{pair}`", credential.variable),
        None => format!("`{}`", credential.variable),
    }).collect();
    if api.security_schemes.is_empty() && env_names.is_empty() {
        return String::new();
    }
    let mut text = String::from("\n## Authentication\n");
    if !env_names.is_empty() {
        text.push_str(&format!("\n`Client::from_env()` reads {}", env_names.join(", or ")));
        if let Some(endpoint) = &settings.auth.endpoint_variable {
            text.push_str(&format!(", and the base URL from `{endpoint}` when set"));
        }
        text.push_str(". Setting two credentials is an error.\n");
    }
    if let Some(scheme) = api.security_schemes.first() {
        let paired = matches!(scheme.kind, SecurityKind::Bearer { .. }) && paired_header(api, settings, &scheme.wire_name).is_some();
        let arguments = match scheme.kind {
            SecurityKind::Basic => "\"username\", \"password\"",
            _ if paired => "\"...\", \"...\"",
            _ => "\"...\"",
        };
        text.push_str("\nThe builder has one setter per security scheme:\n\n```rust,ignore\n");
        text.push_str(&format!("let client = {library}::Client::builder()\n    .{}({arguments})\n    .build()?;\n```\n\n", scheme.setter));
        text.push_str("Credentials never appear in `Debug` output or in errors.\n");
    }
    text
}

/// Renders the README section on the Cargo features of the groups.
fn features_readme(api: &Api, features: &Features, crate_name: &str, version: &str) -> String {
    let example: Vec<String> = features
        .default
        .iter()
        .filter(|name| features.other_types.as_ref() != Some(*name))
        .take(2)
        .map(|name| format!("\"{name}\""))
        .collect();
    let mut text = format!(
        "\n## Cargo features\n\nEach group of operations is behind a Cargo feature, and every feature is on by default. To compile only the groups you call, turn the default features off and name the groups:\n\n```toml\n[dependencies]\n{crate_name} = {{ version = \"{version}\", default-features = false, features = [{}] }}\n```\n\n",
        example.join(", ")
    );
    text.push_str("A group's feature turns on the groups nested in it. The feature of a nested group also compiles the handle of the group around it, without that group's own operations. A model type is compiled when a group that is on uses it. Types that an operation outside the groups uses, and every type they refer to, are always compiled.\n\n");
    text.push_str("| feature | group | operations |\n|---|---|---:|\n");
    for group in &api.groups {
        let Some(feature) = features.groups.get(&group.name) else { continue };
        let chain: Vec<String> = group.path.iter().map(|part| format!("{part}()")).collect();
        text.push_str(&format!("| `{}` | `client.{}` | {} |\n", feature.name, chain.join("."), group.operations.len()));
    }
    if let Some(other_types) = &features.other_types {
        text.push_str(&format!("\n`{other_types}` compiles the types that no operation uses, such as webhook payloads, and the types they refer to.\n"));
    }
    text
}

/// Renders the README of a types-only crate.
fn types_readme(header: &str, api: &Api, crate_name: &str) -> String {
    let library = crate_name.replace('-', "_");
    let mut text = format!("<!-- {header} -->\n# {crate_name}\n\n");
    text.push_str(&format!(
        "The types of the {} (version {}), generated from its OpenAPI document, without a client: for webhook receivers, servers and tools that read or write the API's JSON. The crate depends on serde and serde_json, plus chrono, uuid, serde_with or base64 when the document's formats need them; it has no HTTP client and no async runtime.\n",
        api_name(&api.info.title),
        api.info.version
    ));
    if let Some(description) = &api.info.description {
        text.push_str(&format!("\n{}\n", description.trim()));
    }
    text.push_str("\n## Use\n\nEvery schema is a type in `models` that implements serde's `Serialize` and `Deserialize`");
    if let Some(def) = api.types.values().find(|def| matches!(def.kind, crate::model::TypeKind::Struct { .. })) {
        text.push_str(&format!(":\n\n```rust,ignore\nlet value: {library}::models::{} = serde_json::from_str(&body)?;\nlet body = serde_json::to_string(&value)?;\n```\n", def.name));
    } else {
        text.push_str(".\n");
    }
    text.push_str("\nString enums are open: a value the document does not list is kept in the `Unknown` variant and written back unchanged.\n");
    text
}
