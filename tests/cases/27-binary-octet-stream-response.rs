//! Binary bodies (`application/octet-stream`, `image/*`) travel as raw
//! bytes: downloads are returned untouched, with no UTF-8 or JSON decoding,
//! and uploads are sent as the bytes given, not as JSON.

use case_27_binary_octet_stream_response::Client;

/// Bytes that are neither UTF-8 nor JSON.
const BINARY: &[u8] = &[0x89, b'P', b'N', b'G', 0x00, 0xff, 0xfe, b'\n'];

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

#[tokio::test]
async fn download_returns_raw_bytes() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/octet-stream", BINARY));
    let bytes = client(&base_url).files().download_file("f1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /files/f1/content HTTP/1.1");
    assert_eq!(&bytes[..], BINARY);
}

#[tokio::test]
async fn download_accepts_octet_stream() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/octet-stream", BINARY));
    client(&base_url).files().download_file("f1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.header("accept"), Some("application/octet-stream"));
}

#[tokio::test]
async fn thumbnail_returns_raw_bytes() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "image/png", BINARY));
    let bytes = client(&base_url).thumbnails().get_thumbnail("f1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /thumbnails/f1 HTTP/1.1");
    assert_eq!(request.header("accept"), Some("image/png"));
    assert_eq!(&bytes[..], BINARY);
}

#[tokio::test]
async fn unformatted_string_is_binary() {
    let (base_url, _server) = server::serve_once(server::response("200 OK", "application/octet-stream", BINARY));
    let bytes = client(&base_url).exports().get_latest_export().await.expect("call");
    assert_eq!(&bytes[..], BINARY);
}

#[tokio::test]
async fn upload_sends_raw_bytes() {
    let (base_url, server) = server::serve_once(server::response("204 No Content", "application/json", b""));
    client(&base_url).files().upload_file("f1", BINARY.to_vec()).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "PUT /files/f1/content HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, BINARY);
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
