//! `{}` maps to `serde_json::Value` (any JSON, `null` included) and a bare
//! `type: object` to `serde_json::Map`, named with full paths in models and
//! client methods alike.

use case_22_free_form_object_response::models::Snapshot;
use case_22_free_form_object_response::{Client, Error};
use serde_json::{json, Map, Value};

/// Checks the field and method types at compile time; never called.
#[allow(dead_code)]
async fn signatures(client: &Client, snapshot: Snapshot) {
    let _: Option<Value> = snapshot.metadata;
    let _: Option<Map<String, Value>> = snapshot.extra;
    let _: Result<Vec<Snapshot>, Error> = client.snapshots().list_snapshots().await;
    let _: Result<Map<String, Value>, Error> = client.snapshots().put_snapshot("s1", &json!(1)).await;
}

#[test]
fn metadata_any_value() {
    for metadata in [json!(5), json!("text"), json!([1, 2]), json!({"a": {"b": true}})] {
        let value = json!({ "metadata": metadata });
        let snapshot: Snapshot = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&snapshot).unwrap(), value);
    }
}

#[test]
fn extra_object_round_trip() {
    let value = json!({"id": "s1", "extra": {"k": [1, "two"]}});
    let snapshot: Snapshot = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&snapshot).unwrap(), value);
}

#[test]
fn extra_non_object_rejected() {
    let result = serde_json::from_value::<Snapshot>(json!({"extra": 5}));
    assert!(result.is_err());
}

#[tokio::test]
async fn put_sends_any_json() {
    let reply = server::response("200 OK", "application/json", br#"{"stored":true}"#);
    let (base_url, server) = server::serve_once(reply);
    let client = Client::builder().base_url(&base_url).build().expect("client");
    let stored = client.snapshots().put_snapshot("s1", &json!([1, null])).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "PUT /snapshots/s1 HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), json!([1, null]));
    assert_eq!(stored.get("stored"), Some(&json!(true)));
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
