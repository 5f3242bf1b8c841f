//! Integer enums are Rust enums that travel as JSON numbers, never as
//! strings, and render as numbers in the query string.
//!
//! Variant names follow the generator's rule for enum values: `-1` is
//! `Neg1` and `10` is `V10`.

use case_09_integer_enum::models::{Priority, Task, TaskRetryPolicy};
use case_09_integer_enum::{Client, Error};
use serde_json::json;

/// Checks the parameter type at compile time; never called.
#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _: Result<Vec<Task>, Error> = client.tasks().list_tasks(Some(&Priority::V10)).await;
}

#[test]
fn number_deserializes_to_variant() {
    let task: Task = serde_json::from_value(json!({"priority": 10})).unwrap();
    assert_eq!(task.priority, Priority::V10);
}

#[test]
fn negative_value_variant() {
    let task: Task = serde_json::from_value(json!({"priority": -1})).unwrap();
    assert_eq!(task.priority, Priority::Neg1);
}

#[test]
fn serializes_as_number() {
    let task: Task = serde_json::from_value(json!({"priority": 10})).unwrap();
    assert_eq!(serde_json::to_value(&task).unwrap(), json!({"priority": 10}));
}

#[test]
fn every_variant_is_its_number() {
    let cases = [(Priority::Neg1, -1), (Priority::V0, 0), (Priority::V1, 1), (Priority::V10, 10)];
    for (variant, number) in cases {
        assert_eq!(serde_json::to_value(variant).unwrap(), json!(number));
    }
}

#[test]
fn string_priority_rejected() {
    let result = serde_json::from_value::<Task>(json!({"priority": "10"}));
    assert!(result.is_err());
}

#[test]
fn inline_enum_numeric() {
    let value = json!({"priority": 0, "retry_policy": 3});
    let task: Task = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(task.retry_policy, Some(TaskRetryPolicy::V3));
    assert_eq!(serde_json::to_value(&task).unwrap(), value);
}

#[test]
fn inline_enum_string_rejected() {
    let result = serde_json::from_value::<Task>(json!({"priority": 0, "retry_policy": "3"}));
    assert!(result.is_err());
}

#[tokio::test]
async fn query_renders_number() {
    let reply = server::response("200 OK", "application/json", br#"[{"priority":-1}]"#);
    let (base_url, server) = server::serve_once(reply);
    let client = Client::builder().base_url(&base_url).build().expect("client");
    let tasks = client.tasks().list_tasks(Some(&Priority::Neg1)).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /tasks?priority=-1 HTTP/1.1");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].priority, Priority::Neg1);
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
