//! The error type of every client call.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
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
    /// The server answered with an error status (4xx, 5xx, or what
    /// `default` covers), or with a status that the operation does not
    /// document.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered with a success status, but the body is not the
    /// documented JSON.
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
    /// An argument cannot be sent as given, such as a header value with a
    /// line break or an invalid content type. Nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A waited-for action attempt ended with status `error`; the attempt
    /// carries the error type and message.
    #[error("action attempt {} failed: {}", .0.action_attempt_id, .0.error.as_ref().map_or("no error given", |error| error.message.as_str()))]
    ActionAttemptFailed(Box<crate::ActionAttempt>),
    /// A waited-for action attempt was still pending when the wait limit
    /// passed; the error carries the last attempt polled.
    #[error("action attempt {} still pending after the wait limit", .0.action_attempt_id)]
    ActionAttemptTimeout(Box<crate::ActionAttempt>),
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
            Error::Config(_) | Error::InvalidRequest(_) | Error::ActionAttemptFailed(_) | Error::ActionAttemptTimeout(_) => None,
        }
    }

    /// Whether the server answered `401 Unauthorized`.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// The machine-readable error type: `error.type` of an error body, or of
    /// a failed action attempt.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.details.as_ref().map(|details| details.error_type.as_str()),
            Error::ActionAttemptFailed(attempt) => attempt.error.as_ref().map(|error| error.error_type.as_str()),
            _ => None,
        }
    }

    /// Whether the server rejected the input (`error.type` is
    /// `invalid_input`); [`Error::validation_errors`] tells which fields.
    pub fn is_invalid_input(&self) -> bool {
        self.error_type() == Some("invalid_input")
    }

    /// The per-field messages of an `invalid_input` error body.
    pub fn validation_errors(&self) -> Vec<ValidationError> {
        self.api()
            .and_then(|error| error.details.as_ref())
            .map(ErrorDetails::validation_messages)
            .unwrap_or_default()
    }

    /// The action attempt of an `ActionAttemptFailed` or
    /// `ActionAttemptTimeout` error.
    pub fn action_attempt(&self) -> Option<&crate::ActionAttempt> {
        match self {
            Error::ActionAttemptFailed(attempt) | Error::ActionAttemptTimeout(attempt) => Some(attempt),
            _ => None,
        }
    }

    /// Returns the error response, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Returns the decoded body of a documented error response as the
    /// operation's error enum `T` (in `groups`, named `<Group><Method>Error`);
    /// see [`ApiError::typed`].
    pub fn typed<T: Any>(&self) -> Option<&T> {
        self.api()?.typed()
    }
}

/// A decoded error body: any value that can travel inside `Error`.
pub(crate) trait ErrorBody: Any + fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug + Send + Sync> ErrorBody for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An error response, or a response with a status the operation does not
/// document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The response status.
    pub status: StatusCode,
    /// Whether the operation documents this status (as a code, a range such
    /// as `4XX`, or `default`).
    pub documented: bool,
    /// The request id the server sent back, for support requests.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub body: String,
    /// The body bytes as received.
    pub raw_body: Bytes,
    /// The `{"error": {"type": ..., "message": ...}}` body, when the body has
    /// that shape.
    pub details: Option<ErrorDetails>,
    /// The body decoded into the operation's error enum.
    typed: Option<Arc<dyn ErrorBody>>,
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
    /// Data about the error, when the server sends some.
    #[serde(default)]
    pub data: Option<serde_json::Value>,
    /// Problems with single fields of the request, when the server sends
    /// them; [`ErrorDetails::validation_messages`] lists them.
    #[serde(default)]
    pub validation_errors: Option<serde_json::Value>,
    /// Any other members of `error`.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// One message about one field of a rejected request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The field path, members joined by `.`; empty for the request as a
    /// whole.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl ErrorDetails {
    /// Lists `validation_errors`. Two shapes are read: nested objects whose
    /// `_errors` arrays hold the messages of each member (as zod formats
    /// them), and arrays of `{"path" or "field", "message"}` objects.
    pub fn validation_messages(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        if let Some(errors) = &self.validation_errors {
            collect_validation(errors, "", &mut out);
        }
        out
    }
}

fn collect_validation(value: &serde_json::Value, field: &str, out: &mut Vec<ValidationError>) {
    match value {
        serde_json::Value::Object(members) => {
            if let Some(serde_json::Value::String(message)) = members.get("message") {
                let named = members.get("path").or_else(|| members.get("field"));
                let field = match named {
                    Some(serde_json::Value::String(name)) => name.clone(),
                    Some(serde_json::Value::Array(parts)) => parts
                        .iter()
                        .map(|part| part.as_str().map_or_else(|| part.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join("."),
                    _ => field.to_string(),
                };
                out.push(ValidationError {
                    field,
                    message: message.clone(),
                });
                return;
            }
            for (key, member) in members {
                if key == "_errors" {
                    for message in member.as_array().into_iter().flatten().filter_map(|message| message.as_str()) {
                        out.push(ValidationError {
                            field: field.to_string(),
                            message: message.to_string(),
                        });
                    }
                } else {
                    let path = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
                    collect_validation(member, &path, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_validation(item, field, out);
            }
        }
        _ => {}
    }
}

#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    error: ErrorDetails,
}

impl ApiError {
    /// Builds the error from a response; `request_id_headers` lists the
    /// headers that may carry the request id, most specific first.
    pub(crate) fn new<E: ErrorBody>(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        request_id_headers: &[&str],
        documented: bool,
        typed: Option<E>,
    ) -> Self {
        let request_id = request_id_headers
            .iter()
            .find_map(|name| headers.get(*name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let details = serde_json::from_slice::<ErrorEnvelope>(&body)
            .ok()
            .map(|envelope| envelope.error);
        ApiError {
            status,
            documented,
            request_id,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            raw_body: body,
            details,
            typed: typed.map(|typed| Arc::new(typed) as Arc<dyn ErrorBody>),
        }
    }

    /// Returns the body decoded into the operation's error enum `T` (in
    /// `groups`, named `<Group><Method>Error`). Returns `None` when `T` is
    /// another type, the status is not documented, or the body is not what the
    /// document describes; the raw body is still in `body` and `raw_body`.
    pub fn typed<T: Any>(&self) -> Option<&T> {
        self.typed.as_deref()?.as_any().downcast_ref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.documented && !self.status.is_client_error() && !self.status.is_server_error() {
            f.write_str(" (a status this operation does not document)")?;
        }
        if let Some(details) = &self.details {
            write!(f, ": {}: {}", details.error_type, details.message)?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}
