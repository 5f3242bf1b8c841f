//! Integer formats map to Rust integers of the right width and sign, an
//! integer without a format is `i64` (never `i32`), and `u64` values above
//! `i64::MAX` survive.

use case_20_unsigned_integer_format::models::Counters;
use case_20_unsigned_integer_format::{Client, Error};
use serde_json::json;

/// Checks the field types at compile time; never called; `bounded` may be `u32` or
/// `i64`.
#[allow(dead_code)]
fn field_types(counters: Counters) {
    let _: u64 = counters.total;
    let _: Option<u8> = counters.small;
    let _: Option<u32> = counters.word;
    let _: Option<i64> = counters.id;
    let _: Option<i32> = counters.delta;
    let _: Option<i64> = counters.plain;
    let _ = counters.bounded.map(|bounded| bounded + 1);
    let _: Option<i64> = counters.big_signed;
    let _: Option<f32> = counters.ratio;
    let _: Option<f64> = counters.precise;
}

#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _: Result<(), Error> = client.blobs().get_blob_by_size(u64::MAX).await;
}

#[test]
fn largest_u64_round_trip() {
    let value = json!({"total": u64::MAX});
    let counters: Counters = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(counters.total, u64::MAX);
    assert_eq!(serde_json::to_value(&counters).unwrap(), value);
}

#[test]
fn all_fields_round_trip() {
    let value = json!({
        "total": 1,
        "small": 255,
        "word": 4294967295_u64,
        "id": -9007199254740993_i64,
        "delta": -5,
        "plain": 3000000000_u64,
        "bounded": 4294967295_u64,
        "big_signed": i64::MAX,
        "ratio": 0.5,
        "precise": 0.1
    });
    let counters: Counters = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&counters).unwrap(), value);
}

#[test]
fn negative_total_rejected() {
    let result = serde_json::from_value::<Counters>(json!({"total": -1}));
    assert!(result.is_err());
}

#[test]
fn small_above_u8_rejected() {
    let result = serde_json::from_value::<Counters>(json!({"total": 1, "small": 256}));
    assert!(result.is_err());
}

#[test]
fn plain_above_i32_accepted() {
    let counters: Counters = serde_json::from_value(json!({"total": 1, "plain": 3000000000_u64})).unwrap();
    assert_eq!(counters.plain, Some(3_000_000_000));
}

#[tokio::test]
async fn path_renders_u64() {
    let (base_url, server) = server::serve_once(server::response("204 No Content", "application/json", b""));
    let client = Client::builder().base_url(&base_url).build().expect("client");
    client.blobs().get_blob_by_size(u64::MAX).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /blobs/18446744073709551615 HTTP/1.1");
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
