//! A recording HTTP server on 127.0.0.1 for testing generated clients over
//! real HTTP: it answers every request with one canned response and keeps
//! what it received.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, such as `POST`.
    pub method: String,
    /// Path and query string, such as `/pets/1?limit=2`.
    pub uri: String,
    /// Headers, names in lower case; repeated headers are joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Returns one header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// The response the server sends to every request.
#[derive(Debug, Clone)]
pub struct CannedResponse {
    /// Status code.
    pub status: u16,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl CannedResponse {
    /// A JSON response with the given status.
    pub fn json(status: u16, body: &str) -> Self {
        CannedResponse {
            status,
            headers: vec![("content-type".to_string(), "application/json".to_string())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A plain-text response with the given status.
    pub fn text(status: u16, body: &str) -> Self {
        CannedResponse {
            status,
            headers: vec![("content-type".to_string(), "text/plain".to_string())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

#[derive(Clone)]
struct Shared {
    response: CannedResponse,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
}

/// A running server; it stops when dropped.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    _shutdown: oneshot::Sender<()>,
}

impl TestServer {
    /// Starts a server on a free port of 127.0.0.1 that answers `response`.
    pub async fn start(response: CannedResponse) -> std::io::Result<TestServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            response,
            requests: Arc::clone(&requests),
        };
        let app = Router::new().fallback(record).with_state(shared);
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(TestServer {
            base_url,
            requests,
            _shutdown: shutdown,
        })
    }

    /// Returns the requests received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().map(|requests| requests.clone()).unwrap_or_default()
    }
}

async fn record(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.map(|bytes| bytes.to_vec()).unwrap_or_default();
    let mut headers = BTreeMap::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_string())
            .and_modify(|existing: &mut String| {
                existing.push_str(", ");
                existing.push_str(&value);
            })
            .or_insert(value);
    }
    let recorded = RecordedRequest {
        method: parts.method.to_string(),
        uri: parts.uri.to_string(),
        headers,
        body,
    };
    if let Ok(mut requests) = shared.requests.lock() {
        requests.push(recorded);
    }

    let mut response = Response::new(Body::from(shared.response.body.clone()));
    *response.status_mut() = StatusCode::from_u16(shared.response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &shared.response.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
