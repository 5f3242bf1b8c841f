//! A recording HTTP server on 127.0.0.1 for testing generated clients over
//! real HTTP: it sends canned responses and keeps the requests it
//! received.

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
    /// Every header line in the order received, names in lower case, so
    /// that repeated headers can be counted.
    pub header_lines: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Returns one header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// Returns every value of a header, in the order received.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.header_lines
            .iter()
            .filter(|(line_name, _)| line_name == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Returns the query string, or `""` when there is none.
    pub fn query(&self) -> &str {
        self.uri.split_once('?').map(|(_, query)| query).unwrap_or("")
    }

    /// Parses a `multipart/form-data` body into its parts, in order.
    pub async fn multipart_parts(&self) -> Result<Vec<RecordedPart>, multer::Error> {
        let content_type = self.header("content-type").unwrap_or_default();
        let boundary = multer::parse_boundary(content_type)?;
        let body = self.body.clone();
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let content_type = field
                .headers()
                .get("content-type")
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
            let body = field.bytes().await?.to_vec();
            parts.push(RecordedPart {
                name,
                file_name,
                content_type,
                body,
            });
        }
        Ok(parts)
    }
}

/// One part of a recorded `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedPart {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// Its `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Its body.
    pub body: Vec<u8>,
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

    /// A response with the given status, `Content-Type` and raw body.
    pub fn bytes(status: u16, content_type: &str, body: &[u8]) -> Self {
        CannedResponse {
            status,
            headers: vec![("content-type".to_string(), content_type.to_string())],
            body: body.to_vec(),
        }
    }

    /// A response with the given status and no body.
    pub fn empty(status: u16) -> Self {
        CannedResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
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
    /// Responses in the order they are sent; the last one repeats.
    responses: Arc<Vec<CannedResponse>>,
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
    /// Starts a server on a free port of 127.0.0.1 that sends `response` for
    /// every request.
    pub async fn start(response: CannedResponse) -> std::io::Result<TestServer> {
        TestServer::start_sequence(vec![response]).await
    }

    /// Starts a server that sends the first response for the first request,
    /// the second for the second, and so on. Once they run out, the last one
    /// repeats, and an empty list sends 500.
    pub async fn start_sequence(responses: Vec<CannedResponse>) -> std::io::Result<TestServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            responses: Arc::new(responses),
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
    let mut header_lines = Vec::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        header_lines.push((name.as_str().to_string(), value.clone()));
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
        header_lines,
        body,
    };
    let index = match shared.requests.lock() {
        Ok(mut requests) => {
            requests.push(recorded);
            requests.len() - 1
        }
        Err(_) => 0,
    };

    let canned = shared
        .responses
        .get(index)
        .or(shared.responses.last())
        .cloned()
        .unwrap_or_else(|| CannedResponse::empty(500));
    let mut response = Response::new(Body::from(canned.body.clone()));
    *response.status_mut() = StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &canned.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
