//! An operation with several documented responses exposes each success
//! status as its own variant and keeps error bodies, dispatching on the
//! status code. A body-less `default` is not a second body type.
//!
//! The success enum and its variants (`GetJobSuccess::Ok`, `Accepted`,
//! `NoContent`) follow the expected shape. Error bodies are checked through
//! `Error::status()` and `Debug`, so the tests leave open how the typed error
//! is reached.

use case_24_multiple_response_bodies::groups::JobsGetJobSuccess as GetJobSuccess;
use case_24_multiple_response_bodies::models::{Job, Progress, UsersGetMeResponse};
use case_24_multiple_response_bodies::{Client, RequestOptions};

/// Checks the success types at compile time; never called.
#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _: Option<GetJobSuccess> = client.jobs().get_job("j1").await.ok();
    let _: Option<UsersGetMeResponse> = client.users().get_me().await.ok();
}

/// The test servers answer once, so retries (on by default for GET on 5xx)
/// are turned off.
fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .options(RequestOptions::default().max_retries(0))
        .build()
        .expect("client")
}

#[tokio::test]
async fn ok_status_gives_job() {
    let reply = server::response("200 OK", "application/json", br#"{"id":"j1","output":"done"}"#);
    let (base_url, server) = server::serve_once(reply);
    let success = client(&base_url).jobs().get_job("j1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /jobs/j1 HTTP/1.1");
    let expected = Job { id: "j1".into(), output: "done".into() };
    assert_eq!(success, GetJobSuccess::Ok(expected));
}

#[tokio::test]
async fn accepted_status_gives_progress() {
    let reply = server::response("202 Accepted", "application/json", br#"{"percent":40}"#);
    let (base_url, _server) = server::serve_once(reply);
    let success = client(&base_url).jobs().get_job("j1").await.expect("call");
    assert_eq!(success, GetJobSuccess::Accepted(Progress { percent: 40 }));
}

#[tokio::test]
async fn no_content_status() {
    let reply = server::response("204 No Content", "application/json", b"");
    let (base_url, _server) = server::serve_once(reply);
    let success = client(&base_url).jobs().get_job("j1").await.expect("call");
    assert_eq!(success, GetJobSuccess::NoContent);
}

#[tokio::test]
async fn not_found_keeps_problem() {
    let reply = server::response("404 Not Found", "application/json", br#"{"message":"no such job"}"#);
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).jobs().get_job("j9").await.expect_err("404 is an error");
    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    let debug = format!("{error:?}");
    assert!(debug.contains("NotFound(Problem { message: \"no such job\" })"), "{debug}");
}

#[tokio::test]
async fn default_status_keeps_raw_body() {
    let reply = server::response("500 Internal Server Error", "text/plain", b"database down");
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).jobs().get_job("j1").await.expect_err("500 is an error");
    assert_eq!(error.status(), Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR));
    let debug = format!("{error:?}");
    assert!(debug.contains("database down"), "{debug}");
}

#[tokio::test]
async fn undocumented_status_is_error() {
    let reply = server::response("418 I'm a teapot", "text/plain", b"short and stout");
    let (base_url, _server) = server::serve_once(reply);
    let error = client(&base_url).users().get_me().await.expect_err("418 is an error");
    assert_eq!(error.status(), Some(reqwest::StatusCode::IM_A_TEAPOT));
}

#[tokio::test]
async fn single_body_stays_plain() {
    let reply = server::response("200 OK", "application/json", br#"{"handle":"ann"}"#);
    let (base_url, _server) = server::serve_once(reply);
    let me = client(&base_url).users().get_me().await.expect("call");
    assert_eq!(me.handle.as_deref(), Some("ann"));
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
