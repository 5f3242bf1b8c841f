//! Security requirements are applied per operation: the global bearer
//! requirement, `security: []` (no credentials), two schemes in one
//! requirement (both sent) and two requirements (the first one the client
//! can satisfy, in document order).

use case_34_bearer_security_scheme::Client;

/// Builds a client for `base_url` with every credential set.
fn all_credentials(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .token_auth("jwt-token")
        .basic_auth("ann", "secret")
        .key_header("header-key")
        .key_query("query-key")
        .build()
        .expect("client")
}

fn ok() -> Vec<u8> {
    server::response("200 OK", "application/json", b"")
}

#[tokio::test]
async fn global_bearer_applied() {
    let (base_url, server) = server::serve_once(ok());
    all_credentials(&base_url).profile().get_profile().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /profile HTTP/1.1");
    assert_eq!(request.header("authorization"), Some("Bearer jwt-token"));
}

#[tokio::test]
async fn empty_security_sends_nothing() {
    let (base_url, server) = server::serve_once(ok());
    all_credentials(&base_url).status().get_status().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /status HTTP/1.1");
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.header("x-access-key"), None);
}

#[tokio::test]
async fn and_requirement_sends_both() {
    let (base_url, server) = server::serve_once(server::response("202 Accepted", "application/json", b""));
    all_credentials(&base_url).exports().create_export().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "POST /exports?access_key=query-key HTTP/1.1");
    assert_eq!(request.header("x-access-key"), Some("header-key"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn or_requirement_prefers_first() {
    let (base_url, server) = server::serve_once(ok());
    all_credentials(&base_url).admin().get_admin().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.header("authorization"), Some("Bearer jwt-token"));
}

#[tokio::test]
async fn or_requirement_falls_back() {
    let (base_url, server) = server::serve_once(ok());
    let client = Client::builder()
        .base_url(&base_url)
        .basic_auth("ann", "secret")
        .build()
        .expect("client");
    client.admin().get_admin().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    // base64("ann:secret")
    assert_eq!(request.header("authorization"), Some("Basic YW5uOnNlY3JldA=="));
}

#[tokio::test]
async fn missing_credential_not_invented() {
    let (base_url, server) = server::serve_once(server::response("401 Unauthorized", "application/json", b"{}"));
    let client = Client::builder().base_url(&base_url).build().expect("client");
    let result = client.profile().get_profile().await;
    assert!(result.is_err());
    // Sending without credentials and failing before sending are both
    // allowed; a request that was sent carries no made-up credential.
    if let Some(request) = server.join().unwrap() {
        assert_eq!(request.header("authorization"), None);
    }
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
