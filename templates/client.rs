//! The HTTP client, its builder, how credentials are sent, and how
//! parameters, bodies and responses are encoded and decoded.

use std::fmt;
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, COOKIE, USER_AGENT};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, Error, ErrorBody};

/// The timeout of each attempt used unless the options set another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(crate::DEFAULT_TIMEOUT_SECS);

/// The longest `Retry-After` delay that is waited out unless the options
/// set another.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Retry, timeout and waiting settings. A client has one set
/// ([`Client::options`]); [`Client::with_options`] makes a client with
/// another set for one call or a few.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// How often a request is sent again after a connection error, a
    /// timeout, `429 Too Many Requests` or a 5xx status.
    pub max_retries: u32,
    /// The delay before the first retry; it doubles with each retry and gets
    /// random jitter. A `Retry-After` header replaces it.
    pub retry_delay: Duration,
    /// The longest `Retry-After` delay that is waited out. A response that
    /// requests a longer wait is returned at once, as an error, instead of
    /// being retried.
    pub max_retry_after: Duration,
    /// The timeout of each attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Also retry requests whose HTTP method is not idempotent (POST,
    /// PATCH). Off by default, as a retried POST may act twice.
    pub retry_non_idempotent: bool,
    /// The delay between two polls while waiting for an action attempt.
    pub poll_interval: Duration,
    /// How long waiting for an action attempt goes on before it gives up.
    pub wait_timeout: Duration,
}

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            max_retries: crate::DEFAULT_MAX_RETRIES,
            retry_delay: Duration::from_millis(crate::DEFAULT_RETRY_DELAY_MS),
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            timeout: DEFAULT_TIMEOUT,
            retry_non_idempotent: crate::DEFAULT_RETRY_NON_IDEMPOTENT,
            poll_interval: Duration::from_millis(crate::DEFAULT_POLL_INTERVAL_MS),
            wait_timeout: Duration::from_millis(crate::DEFAULT_WAIT_TIMEOUT_MS),
        }
    }
}

impl RequestOptions {
    /// Sets `max_retries`.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets `retry_delay`.
    pub fn retry_delay(mut self, retry_delay: Duration) -> Self {
        self.retry_delay = retry_delay;
        self
    }

    /// Sets `max_retry_after`.
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Sets `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets `retry_non_idempotent`.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Sets `poll_interval`.
    pub fn poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// Sets `wait_timeout`.
    pub fn wait_timeout(mut self, wait_timeout: Duration) -> Self {
        self.wait_timeout = wait_timeout;
        self
    }
}

/// A client for the API. Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    options: RequestOptions,
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
    /// A bearer token and a header that always travels with it.
    BearerWithHeader {
        token: Secret,
        name: &'static str,
        value: Secret,
    },
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

    pub(crate) fn bearer_with_header(token: impl Into<String>, name: &'static str, value: impl Into<String>) -> Self {
        Credential::BearerWithHeader {
            token: Secret(token.into()),
            name,
            value: Secret(value.into()),
        }
    }

    fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Credential::BearerWithHeader { token, name, value } => request.bearer_auth(&token.0).header(*name, &value.0),
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
            .field("options", &self.options)
            .field("user_agent", &self.user_agent)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Returns the retry, timeout and waiting settings of this client.
    pub fn options(&self) -> &RequestOptions {
        &self.options
    }

    /// Returns a client that shares this one's connections and credentials
    /// but uses `options`, for one call or a few:
    /// `client.with_options(client.options().max_retries(0))`.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            options,
            ..self.clone()
        }
    }

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
    /// the alternative sets of security schemes of the operation, in document
    /// order. The credentials of the first non-empty set that the client has
    /// all of are attached. An empty set (`{}` in the document) means that
    /// credentials are optional. When no set is satisfied, the request is
    /// sent without credentials and the server's response (typically 401)
    /// comes back as `Error::Api`.
    #[allow(dead_code)] // Unused when the document has no operations.
    pub(crate) fn request(&self, method: Method, path: &str, security: &[&[&str]]) -> RequestBuilder {
        let url = format!("{}{}", self.base_url, path);
        let mut request = self
            .http
            .request(method, url)
            .timeout(self.options.timeout)
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

    /// Sends a request and reads the whole response, whatever its status.
    // NOTE: binary downloads are read into memory whole as well; there is no
    // streaming response API yet.
    /// Cookies added one by one (credentials and cookie parameters) are
    /// joined into one `Cookie` header, as RFC 6265 requires.
    #[allow(dead_code)] // Unused when the document has no operations.
    pub(crate) async fn send(&self, request: RequestBuilder) -> Result<RawResponse, Error> {
        let (http, request) = request.build_split();
        let mut request = request.map_err(|error| self.transport_error(error))?;
        let cookies: Vec<&[u8]> = request.headers().get_all(COOKIE).iter().map(HeaderValue::as_bytes).collect();
        if cookies.len() > 1 {
            let joined = HeaderValue::from_bytes(&cookies.join(&b"; "[..]))
                .map_err(|_| Error::InvalidRequest("the cookies do not form a valid `Cookie` header".to_string()))?;
            request.headers_mut().insert(COOKIE, joined);
        }
        // Only requests that can be sent again are retried: idempotent
        // methods (or any, when `retry_non_idempotent` is set) with a body that is not
        // a stream.
        let idempotent = matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
        let retries = match request.try_clone() {
            Some(_) if idempotent || self.options.retry_non_idempotent => self.options.max_retries,
            _ => 0,
        };
        let max_retry_after = self.options.max_retry_after;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.options.retry_delay)
            .with_max_delay(self.options.retry_delay.saturating_mul(64))
            .with_max_times(retries as usize)
            .with_jitter();
        let attempt = || {
            // A request whose body is a stream cannot be copied: it is sent
            // once, as is, after the retry loop gives up at once.
            let copy = request.try_clone();
            let http = http.clone();
            async move {
                let Some(request) = copy else {
                    return Err(Attempt::NotRepeatable);
                };
                Client::attempt(&http, request).await
            }
        };
        // The last 429 or 5xx response before a retry, returned when a later
        // attempt gets no response at all.
        let mut last_response: Option<RawResponse> = None;
        let result = attempt
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|failure| match failure {
                Attempt::NotRepeatable => false,
                // A response that requests a longer wait goes back to the
                // caller at once, so that the call does not hang.
                Attempt::Status(response) => response.retry_after().is_none_or(|wait| wait <= max_retry_after),
                Attempt::Transport(_) => true,
            })
            .adjust(|failure, delay| match (failure, delay) {
                (Attempt::Status(response), Some(delay)) => Some(response.retry_after().unwrap_or(delay)),
                (_, delay) => delay,
            })
            .notify(|failure, _| {
                if let Attempt::Status(response) = failure {
                    last_response = Some(response.clone());
                }
            })
            .await;
        match result {
            Ok(response) | Err(Attempt::Status(response)) => Ok(response),
            Err(Attempt::Transport(error)) => match last_response {
                Some(response) => Ok(response),
                None => Err(self.transport_error(error)),
            },
            Err(Attempt::NotRepeatable) => {
                let response = http.execute(request).await.map_err(|error| self.transport_error(error))?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(|error| self.transport_error(error))?;
                Ok(RawResponse { status, headers, body })
            }
        }
    }

    /// Sends one attempt. A 429 or 5xx response counts as a failure worth a retry.
    async fn attempt(http: &reqwest::Client, request: reqwest::Request) -> Result<RawResponse, Attempt> {
        let response = http.execute(request).await.map_err(Attempt::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Attempt::Transport)?;
        let raw = RawResponse { status, headers, body };
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Attempt::Status(raw));
        }
        Ok(raw)
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

/// The reason one attempt of a request did not give the final response.
enum Attempt {
    /// No complete response.
    Transport(reqwest::Error),
    /// A status worth retrying: 429 or 5xx.
    Status(RawResponse),
    /// The request body cannot be sent twice; it is sent once, as is.
    NotRepeatable,
}

/// A whole response as received, before the operation decides by its
/// status whether it is a success or an error.
#[derive(Clone)]
pub(crate) struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

// Each operation uses some of these decoders, not all of them.
#[allow(dead_code)]
impl RawResponse {
    /// Returns the status code.
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Returns the delay of a `Retry-After` header, given either in seconds
    /// or as an HTTP date (a date in the past means no delay).
    fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let date = httpdate::parse_http_date(value).ok()?;
        Some(date.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
    }

    /// Decodes a JSON body.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            source,
        })
    }

    /// Decodes one member of a JSON body.
    #[allow(dead_code)] // Unused when the client does not wait for actions.
    pub(crate) fn json_member<T: DeserializeOwned>(&self, member: &str) -> Result<T, Error> {
        let decode = |source| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            source,
        };
        let mut value: serde_json::Value = serde_json::from_slice(&self.body).map_err(decode)?;
        let member = value.get_mut(member).map(serde_json::Value::take).unwrap_or_default();
        serde_json::from_value(member).map_err(decode)
    }

    /// Decodes a JSON error body; `None` when it is not the documented JSON,
    /// so that the error keeps its status and raw body.
    pub(crate) fn json_or_none<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Returns the body as text. It is read as UTF-8 whatever `charset` the
    /// `Content-Type` names, and invalid bytes become U+FFFD.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Returns the body bytes untouched.
    pub(crate) fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// Wraps a decoded success body with the status and headers.
    pub(crate) fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// Turns a documented error response into `Error::Api`, with the body
    /// decoded into the operation's error type when it could be.
    pub(crate) fn error<E: ErrorBody>(self, typed: Option<E>) -> Error {
        self.api_error(true, typed)
    }

    /// Turns a documented error response of an operation without an error
    /// type into `Error::Api`.
    pub(crate) fn documented_error(self) -> Error {
        self.api_error(true, None::<()>)
    }

    /// Turns a response with a status the operation does not document into
    /// `Error::Api`.
    pub(crate) fn unexpected(self) -> Error {
        self.api_error(false, None::<()>)
    }

    fn api_error<E: ErrorBody>(self, documented: bool, typed: Option<E>) -> Error {
        let error = ApiError::new(self.status, self.headers, self.body, crate::REQUEST_ID_HEADERS, documented, typed);
        Error::Api(Box::new(error))
    }
}

/// A successful response with its status and headers. Operations whose
/// success responses document headers return this.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// Returns the response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Returns the response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Returns one header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Returns the body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file content, sent untouched.
    pub bytes: Bytes,
    /// The `filename` of the part's `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// The part's `Content-Type`. `None` uses the type that the document
    /// gives in `encoding`, else `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// Creates a part from the file content, with no file name.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the `Content-Type`, replacing the documented one.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// How a parameter writes arrays and objects: the OpenAPI `style` values.
#[allow(dead_code)] // Each document uses some styles, not all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `a,b,c`.
    Simple,
    /// `.a.b.c`.
    Label,
    /// `;name=a,b,c`.
    Matrix,
    /// `name=a&name=b`, or `name=a,b` unexploded.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
}

/// A parameter value as JSON, with object members in the order they were
/// serialised (field order), which `serde_json::Value` does not keep.
enum Ordered {
    Null,
    Scalar(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    fn of<T: Serialize + ?Sized>(value: &T) -> Ordered {
        // Serialising a model type to JSON text fails only for maps with
        // non-string keys, which parameters never are; such a value is sent
        // as absent.
        serde_json::to_string(value)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Ordered::Null)
    }

    /// The value as one piece of text: scalars as they are (strings without
    /// quotes), arrays and objects as JSON.
    fn text(&self) -> String {
        match self {
            Ordered::Null => String::new(),
            Ordered::Scalar(text) => text.clone(),
            Ordered::Array(_) | Ordered::Object(_) => self.json(),
        }
    }

    fn json(&self) -> String {
        match self {
            Ordered::Null => "null".to_string(),
            Ordered::Scalar(text) => serde_json::to_string(text).unwrap_or_default(),
            Ordered::Array(items) => format!("[{}]", items.iter().map(Ordered::json).collect::<Vec<_>>().join(",")),
            Ordered::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(key, value)| format!("{}:{}", serde_json::to_string(key).unwrap_or_default(), value.json()))
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }

    /// Array items and object members without nulls, as text.
    fn items(&self) -> Vec<String> {
        match self {
            Ordered::Array(items) => items
                .iter()
                .filter(|item| !matches!(item, Ordered::Null))
                .map(Ordered::text)
                .collect(),
            _ => Vec::new(),
        }
    }

    fn members(&self) -> Vec<(String, String)> {
        match self {
            Ordered::Object(members) => members
                .iter()
                .filter(|(_, value)| !matches!(value, Ordered::Null))
                .map(|(key, value)| (key.clone(), value.text()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;

        impl<'de> serde::de::Visitor<'de> for OrderedVisitor {
            type Value = Ordered;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }

            fn visit_bool<E>(self, value: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(value.to_string()))
            }

            fn visit_i64<E>(self, value: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(value.to_string()))
            }

            fn visit_u64<E>(self, value: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(value.to_string()))
            }

            fn visit_f64<E>(self, value: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(serde_json::Value::from(value).to_string()))
            }

            fn visit_str<E>(self, value: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(value.to_string()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Ordered>()? {
                    members.push((key, value));
                }
                Ok(Ordered::Object(members))
            }
        }

        deserializer.deserialize_any(OrderedVisitor)
    }
}

/// Characters escaped in path segments and cookie values: everything but
/// RFC 3986 unreserved characters.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

/// Renders a parameter value as text: strings as they are, other values as
/// JSON (`true`, `42`).
#[allow(dead_code)] // Unused when no operation has form fields.
pub(crate) fn parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    Ordered::of(value).text()
}

/// Joins array items or object members with `separator`; object members are
/// `key=value` when `explode` is true and `key,value` otherwise.
fn joined(value: &Ordered, separator: &str, explode: bool, encode_piece: fn(&str) -> String) -> String {
    match value {
        Ordered::Array(_) => value.items().iter().map(|item| encode_piece(item)).collect::<Vec<_>>().join(separator),
        Ordered::Object(_) => {
            let pairs = value.members().into_iter().map(|(key, text)| {
                if explode {
                    format!("{}={}", encode_piece(&key), encode_piece(&text))
                } else {
                    format!("{}{separator}{}", encode_piece(&key), encode_piece(&text))
                }
            });
            pairs.collect::<Vec<_>>().join(separator)
        }
        other => encode_piece(&other.text()),
    }
}

/// Renders a path parameter of `simple` style, not exploded, as
/// percent-encoded text: `a,b,c` for arrays.
#[allow(dead_code)] // Unused when no operation has path parameters.
pub(crate) fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    joined(&Ordered::of(value), ",", false, encode)
}

/// Renders a path parameter of any style as percent-encoded text, including
/// the `.` or `;name=` prefix of `label` and `matrix` styles.
#[allow(dead_code)] // Unused when every path parameter has the default style.
pub(crate) fn path_value<T: Serialize + ?Sized>(name: &str, style: Style, explode: bool, value: &T) -> String {
    let value = Ordered::of(value);
    let name = encode(name);
    match (style, &value) {
        (Style::Label, Ordered::Null) | (Style::Matrix, Ordered::Null) => String::new(),
        (Style::Label, _) => format!(".{}", joined(&value, if explode { "." } else { "," }, explode, encode)),
        (Style::Matrix, Ordered::Array(_)) if explode => {
            value.items().iter().map(|item| format!(";{name}={}", encode(item))).collect()
        }
        (Style::Matrix, Ordered::Object(_)) if explode => format!(";{}", joined(&value, ";", true, encode)),
        (Style::Matrix, _) => format!(";{name}={}", joined(&value, ",", false, encode)),
        _ => joined(&value, ",", explode, encode),
    }
}

/// Returns the query pairs of a parameter, not yet percent-encoded. Null
/// values, null items and null members produce no pair.
#[allow(dead_code)] // Unused when no operation has query parameters.
pub(crate) fn query_pairs<T: Serialize + ?Sized>(name: &str, style: Style, explode: bool, value: &T) -> Vec<(String, String)> {
    let value = Ordered::of(value);
    let no_encoding: fn(&str) -> String = str::to_string;
    match (&value, style) {
        (Ordered::Null, _) => Vec::new(),
        (Ordered::Scalar(text), _) => vec![(name.to_string(), text.clone())],
        (Ordered::Object(_), Style::DeepObject) => {
            let mut pairs = Vec::new();
            bracket_pairs(name, &value, ArrayKeys::Empty, &mut pairs);
            pairs
        }
        (Ordered::Array(_), _) | (Ordered::Object(_), _) if explode => match &value {
            Ordered::Array(_) => value.items().into_iter().map(|item| (name.to_string(), item)).collect(),
            _ => value.members(),
        },
        (_, Style::SpaceDelimited) => vec![(name.to_string(), joined(&value, " ", false, no_encoding))],
        (_, Style::PipeDelimited) => vec![(name.to_string(), joined(&value, "|", false, no_encoding))],
        _ => vec![(name.to_string(), joined(&value, ",", false, no_encoding))],
    }
}

/// The key style of array items in bracketed pairs.
#[derive(Clone, Copy)]
enum ArrayKeys {
    /// `name[]=item`, the convention of Rails and `qs` for `deepObject`
    /// parameters.
    Empty,
    /// `name[0]=item`, which keeps the items of an array of objects apart.
    Indices,
}

/// Writes `name[key]=value` pairs. OpenAPI defines only scalar members;
/// nested objects continue the brackets (`name[a][b]=value`) and array items
/// are named by `keys`.
fn bracket_pairs(name: &str, value: &Ordered, keys: ArrayKeys, pairs: &mut Vec<(String, String)>) {
    match value {
        Ordered::Null => {}
        Ordered::Scalar(text) => pairs.push((name.to_string(), text.clone())),
        Ordered::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let key = match keys {
                    ArrayKeys::Empty => format!("{name}[]"),
                    ArrayKeys::Indices => format!("{name}[{index}]"),
                };
                bracket_pairs(&key, item, keys, pairs);
            }
        }
        Ordered::Object(members) => {
            for (key, member) in members {
                bracket_pairs(&format!("{name}[{key}]"), member, keys, pairs);
            }
        }
    }
}

/// Appends the pairs of a non-scalar field of an urlencoded body: object
/// members as `name[key]=value` and array items as `name[0]=value`, nested
/// as deep as the value goes. Indices keep the items of an array of objects
/// apart, which `name[][key]` cannot.
#[allow(dead_code)] // Unused when no urlencoded body has non-scalar fields.
pub(crate) fn nested_form_pairs<T: Serialize + ?Sized>(name: &str, value: &T, pairs: &mut Vec<(String, String)>) {
    bracket_pairs(name, &Ordered::of(value), ArrayKeys::Indices, pairs);
}

/// Renders a header parameter (`simple` style): `a,b,c` for arrays.
///
/// # Errors
///
/// `Error::InvalidRequest` when the text cannot be a header value, such as
/// text with a line break.
#[allow(dead_code)] // Unused when no operation has header parameters.
pub(crate) fn header_value<T: Serialize + ?Sized>(name: &str, explode: bool, value: &T) -> Result<HeaderValue, Error> {
    let no_encoding: fn(&str) -> String = str::to_string;
    let text = joined(&Ordered::of(value), ",", explode, no_encoding);
    HeaderValue::from_bytes(text.as_bytes()).map_err(|_| {
        Error::InvalidRequest(format!(
            "the value of header `{name}` contains a line break or another control character, which HTTP headers cannot carry"
        ))
    })
}

/// Renders one cookie as `name=value`, the value percent-encoded so that
/// `;`, `,`, spaces and quotes cannot break the `Cookie` header; arrays are
/// `a,b,c` before encoding.
#[allow(dead_code)] // Unused when no operation has cookie parameters.
pub(crate) fn cookie<T: Serialize + ?Sized>(name: &str, value: &T) -> String {
    let no_encoding: fn(&str) -> String = str::to_string;
    format!("{name}={}", encode(&joined(&Ordered::of(value), ",", false, no_encoding)))
}

/// Builds a text part of a multipart body.
#[allow(dead_code)] // Unused when no operation has a multipart body.
pub(crate) fn text_part<T: Serialize + ?Sized>(value: &T, content_type: Option<&str>) -> Result<reqwest::multipart::Part, Error> {
    let part = reqwest::multipart::Part::text(parameter_text(value));
    match content_type {
        Some(content_type) => with_content_type(part, content_type),
        None => Ok(part),
    }
}

/// Builds a JSON part of a multipart body.
#[allow(dead_code)] // Unused when no multipart body has an object field.
pub(crate) fn json_part<T: Serialize + ?Sized>(value: &T, content_type: &str) -> Result<reqwest::multipart::Part, Error> {
    let json = serde_json::to_string(value)
        .map_err(|error| Error::InvalidRequest(format!("a multipart field cannot be serialised as JSON: {error}")))?;
    with_content_type(reqwest::multipart::Part::text(json), content_type)
}

/// Builds a file part of a multipart body. Its `Content-Type` is the one the
/// caller set, else `documented`, else `application/octet-stream`.
#[allow(dead_code)] // Unused when no multipart body has a file field.
pub(crate) fn file_part(file: FilePart, documented: Option<&str>) -> Result<reqwest::multipart::Part, Error> {
    let length = file.bytes.len() as u64;
    let mut part = reqwest::multipart::Part::stream_with_length(reqwest::Body::from(file.bytes), length);
    if let Some(file_name) = file.file_name {
        part = part.file_name(file_name);
    }
    let content_type = file
        .content_type
        .as_deref()
        .or(documented)
        .unwrap_or("application/octet-stream");
    with_content_type(part, content_type)
}

fn with_content_type(part: reqwest::multipart::Part, content_type: &str) -> Result<reqwest::multipart::Part, Error> {
    part.mime_str(content_type)
        .map_err(|_| Error::InvalidRequest(format!("`{content_type}` is not a valid content type for a multipart part")))
}

/// Checks a content type passed by the caller for a body.
#[allow(dead_code)] // Unused when no body has a media type range.
pub(crate) fn content_type(value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest(format!("`{value}` is not a valid `Content-Type` header value")))
}

/// Builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    options: RequestOptions,
    user_agent: String,
    http: Option<reqwest::Client>,
    credentials: Vec<(&'static str, Credential)>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: crate::DEFAULT_BASE_URL.to_string(),
            options: RequestOptions::default(),
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
            .field("options", &self.options)
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

    /// Sets the timeout of each attempt, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// Sets every retry, timeout and waiting setting at once.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
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
            options: self.options,
            user_agent: self.user_agent,
            credentials: self.credentials,
        })
    }
}
