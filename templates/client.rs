//! The HTTP client, its builder, and how credentials and responses are
//! handled.

use std::fmt;
use std::time::Duration;

use reqwest::header::{COOKIE, USER_AGENT};
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, Error};

/// The per-request timeout used unless the builder sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A client for the API. Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    timeout: Duration,
    user_agent: String,
    credentials: Vec<(&'static str, Credential)>,
}

/// A secret that never appears in `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential for one security scheme, and how it is sent.
// Each document uses some of these kinds of credential, not all of them.
#[allow(dead_code)]
#[derive(Clone, Debug)]
pub(crate) enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// `Authorization: Basic <base64(username:password)>`.
    Basic { username: String, password: Secret },
    /// A header carrying the key.
    Header { name: &'static str, value: Secret },
    /// A query parameter carrying the key.
    Query { name: &'static str, value: Secret },
    /// A cookie carrying the key.
    Cookie { name: &'static str, value: Secret },
}

#[allow(dead_code)]
impl Credential {
    pub(crate) fn bearer(token: impl Into<String>) -> Self {
        Credential::Bearer(Secret(token.into()))
    }

    pub(crate) fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: Secret(password.into()),
        }
    }

    pub(crate) fn header(name: &'static str, value: impl Into<String>) -> Self {
        Credential::Header {
            name,
            value: Secret(value.into()),
        }
    }

    pub(crate) fn query(name: &'static str, value: impl Into<String>) -> Self {
        Credential::Query {
            name,
            value: Secret(value.into()),
        }
    }

    pub(crate) fn cookie(name: &'static str, value: impl Into<String>) -> Self {
        Credential::Cookie {
            name,
            value: Secret(value.into()),
        }
    }

    fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Credential::Bearer(token) => request.bearer_auth(&token.0),
            Credential::Basic { username, password } => request.basic_auth(username, Some(&password.0)),
            Credential::Header { name, value } => request.header(*name, &value.0),
            Credential::Query { name, value } => request.query(&[(*name, &value.0)]),
            Credential::Cookie { name, value } => request.header(COOKIE, format!("{name}={}", value.0)),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Returns the base URL that request paths are appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the underlying `reqwest` client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// Starts a request to `path` (already percent-encoded). `security` lists
    /// alternative sets of security schemes; the credentials of the first
    /// set that the client has all of are attached.
    #[allow(dead_code)] // Unused when the document has no operations.
    pub(crate) fn request(&self, method: Method, path: &str, security: &[&[&str]]) -> RequestBuilder {
        let url = format!("{}{}", self.base_url, path);
        let mut request = self
            .http
            .request(method, url)
            .timeout(self.timeout)
            .header(USER_AGENT, &self.user_agent);
        let satisfied = security
            .iter()
            .filter(|schemes| !schemes.is_empty())
            .find(|schemes| schemes.iter().all(|scheme| self.credential(scheme).is_some()));
        for scheme in satisfied.copied().unwrap_or_default() {
            if let Some(credential) = self.credential(scheme) {
                request = credential.apply(request);
            }
        }
        request
    }

    #[allow(dead_code)] // Unused when the document has no operations.
    fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, credential)| credential)
    }

    /// Sends a request and decodes a JSON response body.
    #[allow(dead_code)] // Unused when no operation returns a JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: RequestBuilder) -> Result<T, Error> {
        let (status, body) = self.execute(request).await?;
        serde_json::from_slice(&body).map_err(|source| Error::Decode {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        })
    }

    /// Sends a request whose successful response has no body worth decoding.
    #[allow(dead_code)] // Unused when every operation returns a JSON body.
    pub(crate) async fn send_empty(&self, request: RequestBuilder) -> Result<(), Error> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends a request and reads the whole body; a status outside 2xx
    /// becomes `Error::Api`.
    async fn execute(&self, request: RequestBuilder) -> Result<(reqwest::StatusCode, Vec<u8>), Error> {
        let response = request.send().await.map_err(|error| self.transport_error(error))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(error))?
            .to_vec();
        if !status.is_success() {
            let error = ApiError::new(status, headers, &body, crate::REQUEST_ID_HEADERS);
            return Err(Error::Api(Box::new(error)));
        }
        Ok((status, body))
    }

    /// Wraps a `reqwest` error, dropping the URL when a credential travels in
    /// the query string so that the key cannot leak into error messages.
    fn transport_error(&self, error: reqwest::Error) -> Error {
        let key_in_url = self
            .credentials
            .iter()
            .any(|(_, credential)| matches!(credential, Credential::Query { .. }));
        if key_in_url {
            Error::Transport(error.without_url())
        } else {
            Error::Transport(error)
        }
    }
}

/// Renders a path parameter as one percent-encoded path segment.
#[allow(dead_code)] // Unused when no operation has path parameters.
pub(crate) fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    percent_encoding::utf8_percent_encode(&parameter_text(value), PATH_SEGMENT).to_string()
}

/// Characters escaped in a path segment: everything but RFC 3986 unreserved
/// characters.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Renders a parameter value as text: strings as they are, other values as
/// JSON (`true`, `42`).
#[allow(dead_code)] // Unused when no operation has query or header parameters.
pub(crate) fn parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        // Only maps with non-string keys fail to serialize, and parameters
        // are never such maps.
        Err(_) => String::new(),
    }
}

/// Builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    credentials: Vec<(&'static str, Credential)>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            http: None,
            credentials: Vec::new(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sets the URL that request paths are appended to, replacing the first
    /// server of the document.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// Sets the timeout of each request, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header; the default names this crate and its
    /// version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a `reqwest` client of the caller's choosing, for proxies, custom
    /// TLS roots or connection pool settings.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sets the credential of one security scheme, replacing an earlier one.
    #[allow(dead_code)] // Unused when the document has no security schemes.
    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// `Error::Config` when the base URL is not an absolute URL;
    /// `Error::Transport` when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        match reqwest::Url::parse(&self.base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && !url.cannot_be_a_base() => {}
            Ok(_) | Err(_) => {
                return Err(Error::Config(format!(
                    "base URL `{}` is not an absolute http(s) URL; set one with `ClientBuilder::base_url`",
                    self.base_url
                )));
            }
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::Transport)?,
        };
        Ok(Client {
            http,
            base_url: self.base_url,
            timeout: self.timeout,
            user_agent: self.user_agent,
            credentials: self.credentials,
        })
    }
}
