//! `text/plain` error bodies (with or without a `charset` parameter) are read
//! as UTF-8 text and kept in the error, and the error type works with `?`
//! into `Box<dyn Error + Send + Sync>`.

use case_25_text_plain_error_response::models::{ImportsStartImportRequest, ImportsStartImportResponse};
use case_25_text_plain_error_response::Client;

#[allow(dead_code)]
async fn signatures(client: &Client, body: &ImportsStartImportRequest) {
    let _: Option<ImportsStartImportResponse> = client.imports().start_import(body).await.ok();
}

/// Compiles only for error types usable with `?` and boxed errors.
fn assert_boxable<E: std::error::Error + Send + Sync + 'static>(error: E) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(error)
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

fn body() -> ImportsStartImportRequest {
    ImportsStartImportRequest { source: "s3://bucket".into() }
}

#[tokio::test]
async fn success_decodes_json() {
    let reply = server::response("200 OK", "application/json", br#"{"ticket":"t1"}"#);
    let (base_url, server) = server::serve_once(reply);
    let response = client(&base_url).imports().start_import(&body()).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "POST /imports HTTP/1.1");
    assert_eq!(request.body, br#"{"source":"s3://bucket"}"#);
    assert_eq!(response.ticket.as_deref(), Some("t1"));
}

#[tokio::test]
async fn bad_request_text_kept() {
    let reply = server::response("400 Bad Request", "text/plain; charset=utf-8", b"source is missing");
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).imports().start_import(&body()).await.expect_err("400 is an error");
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    let debug = format!("{error:?}");
    assert!(debug.contains("BadRequest(\"source is missing\")"), "{debug}");
}

#[tokio::test]
async fn unavailable_text_kept() {
    let reply = server::response("503 Service Unavailable", "text/plain", b"busy, retry later");
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).imports().start_import(&body()).await.expect_err("503 is an error");
    assert_eq!(error.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    let debug = format!("{error:?}");
    assert!(debug.contains("ServiceUnavailable(\"busy, retry later\")"), "{debug}");
}

#[tokio::test]
async fn error_is_boxable() {
    let reply = server::response("503 Service Unavailable", "text/plain", b"busy");
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).imports().start_import(&body()).await.expect_err("503 is an error");
    let boxed = assert_boxable(error);
    assert!(!boxed.to_string().is_empty());
}

/// A one-request HTTP/1.1 server on 127.0.0.1, the same in every case test
/// that checks the wire format.
mod server {
    // Not every test reads every part of a request.
    #![allow(dead_code)]

    /// One HTTP request as the test server read it.
    #[derive(Debug)]
    pub struct Recorded {
        /// Such as `GET /path?query HTTP/1.1`.
        pub request_line: String,
        /// Header names in lower case, in the order received.
        pub headers: Vec<(String, String)>,
        pub body: Vec<u8>,
    }

    impl Recorded {
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        }

        pub fn header_count(&self, name: &str) -> usize {
            self.headers.iter().filter(|(key, _)| key == name).count()
        }
    }

    /// Builds a raw HTTP/1.1 response.
    pub fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        [head.as_bytes(), body].concat()
    }

    /// Starts a server on 127.0.0.1 that reads one request, responds with the raw
    /// `reply`, and returns the base URL and a handle yielding the request. The
    /// server gives up after ten seconds without a connection.
    pub fn serve_once(reply: Vec<u8>) -> (String, std::thread::JoinHandle<Option<Recorded>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::time::{Duration, Instant};

        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        listener.set_nonblocking(true).expect("non-blocking listener");
        let handle = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(10);
            let stream = loop {
                match listener.accept() {
                    Ok((stream, _)) => break stream,
                    Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                    Err(_) => return None,
                }
            };
            stream.set_nonblocking(false).ok()?;
            stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
            let mut reader = BufReader::new(stream.try_clone().ok()?);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).ok()?;
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).ok()?;
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':')?;
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
            let mut body = Vec::new();
            let length = headers.iter().find(|(name, _)| name == "content-length");
            let chunked = headers
                .iter()
                .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
            if let Some((_, length)) = length {
                body.resize(length.parse().ok()?, 0);
                reader.read_exact(&mut body).ok()?;
            } else if chunked {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).ok()?;
                    let size = usize::from_str_radix(size.trim(), 16).ok()?;
                    let mut chunk = vec![0; size + 2];
                    reader.read_exact(&mut chunk).ok()?;
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            }
            let mut stream = stream;
            stream.write_all(&reply).ok()?;
            Some(Recorded {
                request_line: request_line.trim_end().to_string(),
                headers,
                body,
            })
        });
        (base_url, handle)
    }
}
