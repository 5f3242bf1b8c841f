//! Header parameters are sent with their exact names: enum values as their
//! wire strings, arrays comma-separated, and `Accept` declared as a
//! parameter is ignored. A value that cannot be a header value is an error,
//! not a panic. A body-less `304` is a documented response, and response
//! headers such as `ETag` are reachable.
//!
//! The response wrapper follows the expected shape: `status()`,
//! `headers()` and `into_inner()`.

use case_29_header_parameter::models::ReportsListReportsXClientVersion as ClientVersion;
use case_29_header_parameter::Client;

const REQUEST_ID: &str = "6f1c2a9e-0d4b-4c8e-9a57-3b2f1e0d9c8a";

fn request_id() -> uuid::Uuid {
    REQUEST_ID.parse().expect("a UUID")
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

/// `Accept` is not an argument: four header arguments, checked by the
/// compiler.
#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _ = client
        .reports()
        .list_reports(request_id(), Some(&ClientVersion::N202406), Some("\"v1\""), Some(&["a".to_string()]))
        .await;
}

#[tokio::test]
async fn headers_sent_with_wire_names() {
    let reply = server::response("200 OK", "application/json", br#"["r1"]"#);
    let (base_url, server) = server::serve_once(reply);
    let flags = ["a".to_string(), "b".to_string(), "c".to_string()];
    client(&base_url)
        .reports()
        .list_reports(request_id(), Some(&ClientVersion::N202406), Some("\"v0\""), Some(&flags))
        .await
        .expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /reports HTTP/1.1");
    assert_eq!(request.header("x-client-version"), Some("2024-06"));
    assert_eq!(request.header("x-request-id"), Some(REQUEST_ID));
    assert_eq!(request.header("if-none-match"), Some("\"v0\""));
    assert_eq!(request.header("x-trace-flags"), Some("a,b,c"));
}

#[tokio::test]
async fn optional_headers_omitted() {
    let reply = server::response("200 OK", "application/json", b"[]");
    let (base_url, server) = server::serve_once(reply);
    client(&base_url)
        .reports()
        .list_reports(request_id(), None, None, None)
        .await
        .expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.header("x-client-version"), None);
    assert_eq!(request.header("if-none-match"), None);
    assert_eq!(request.header("x-trace-flags"), None);
}

#[tokio::test]
async fn invalid_header_value_is_error() {
    let reply = server::response("200 OK", "application/json", b"[]");
    let (base_url, _server) = server::serve_once(reply);
    let result = client(&base_url)
        .reports()
        .list_reports(request_id(), None, Some("bad\nvalue"), None)
        .await;
    let error = result.expect_err("a newline cannot be sent in a header");
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn etag_reachable() {
    let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\netag: \"v1\"\r\ncontent-length: 6\r\nconnection: close\r\n\r\n[\"r1\"]";
    let (base_url, _server) = server::serve_once(reply.to_vec());
    let response = client(&base_url)
        .reports()
        .list_reports(request_id(), None, None, None)
        .await
        .expect("call");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let etag = response.headers().get("etag").and_then(|value| value.to_str().ok());
    assert_eq!(etag, Some("\"v1\""));
    let body = format!("{:?}", response.into_body());
    assert!(body.contains("\"r1\""), "{body}");
}

#[tokio::test]
async fn not_modified_is_not_error() {
    let reply = b"HTTP/1.1 304 Not Modified\r\netag: \"v1\"\r\nconnection: close\r\n\r\n";
    let (base_url, _server) = server::serve_once(reply.to_vec());
    let response = client(&base_url)
        .reports()
        .list_reports(request_id(), None, Some("\"v1\""), None)
        .await
        .expect("304 is documented");
    assert_eq!(response.status(), reqwest::StatusCode::NOT_MODIFIED);
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
