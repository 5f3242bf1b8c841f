//! The error type of every client call.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// What can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request did not get a complete response: connection refused,
    /// timeout, TLS failure, or the body could not be read.
    #[error("request failed: {}", error_chain(.0))]
    Transport(#[source] reqwest::Error),
    /// The server answered with a status outside 2xx.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered 2xx, but the body is not the documented JSON.
    #[error("invalid response body (HTTP {status}): {source}")]
    Decode {
        /// The response status.
        status: StatusCode,
        /// The body as text (invalid UTF-8 replaced by U+FFFD).
        body: String,
        /// Why decoding failed, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The client was configured with an invalid value.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// Joins an error and its sources, so that "error sending request" also
/// says "connection refused".
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl Error {
    /// Returns the HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Transport(error) => error.status(),
            Error::Config(_) => None,
        }
    }

    /// Returns the non-2xx response, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// A response with a status outside 2xx.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The response status.
    pub status: StatusCode,
    /// The request id the server sent back, for support requests.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub body: String,
    /// The `{"error": {"type": ..., "message": ...}}` body, when the body has
    /// that shape.
    pub details: Option<ErrorDetails>,
}

/// The `error` member of a JSON error body.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// Machine-readable error type, such as `invalid_input`.
    #[serde(rename = "type")]
    pub error_type: String,
    /// Human-readable message.
    pub message: String,
    /// Any other members of `error`.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    error: ErrorDetails,
}

impl ApiError {
    /// Builds the error from a non-2xx response; `request_id_headers` lists
    /// the headers that may carry the request id, most specific first.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: &[u8], request_id_headers: &[&str]) -> Self {
        let request_id = request_id_headers
            .iter()
            .find_map(|name| headers.get(*name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let details = serde_json::from_slice::<ErrorEnvelope>(body)
            .ok()
            .map(|envelope| envelope.error);
        ApiError {
            status,
            request_id,
            headers,
            body: String::from_utf8_lossy(body).into_owned(),
            details,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(details) = &self.details {
            write!(f, ": {}: {}", details.error_type, details.message)?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}
