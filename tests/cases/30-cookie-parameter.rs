//! Cookie parameters are sent in one `Cookie` header, optional ones only
//! when set, with values percent-encoded so that `;`, `,`, space and `"`
//! cannot break the header.
//!
//! The inline enum is named by the generator's rule for inline parameter
//! schemas (`<Group><Operation><Parameter>`).

use case_30_cookie_parameter::models::SessionGetSessionSummaryTheme as Theme;
use case_30_cookie_parameter::Client;

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

/// Checks the argument types at compile time; never called.
#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _ = client.session().get_session_summary("token", Some(&Theme::Light), Some(true)).await;
}

#[tokio::test]
async fn cookies_in_one_header() {
    let reply = server::response("200 OK", "application/json", br#"{"active":true}"#);
    let (base_url, server) = server::serve_once(reply);
    let summary = client(&base_url)
        .session()
        .get_session_summary("abc123", Some(&Theme::Dark), Some(true))
        .await
        .expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /session/summary?verbose=true HTTP/1.1");
    assert_eq!(request.header_count("cookie"), 1);
    assert_eq!(request.header("cookie"), Some("session_token=abc123; theme=dark"));
    assert_eq!(summary.active, Some(true));
}

#[tokio::test]
async fn optional_cookie_omitted() {
    let reply = server::response("200 OK", "application/json", b"{}");
    let (base_url, server) = server::serve_once(reply);
    client(&base_url)
        .session()
        .get_session_summary("abc123", None, None)
        .await
        .expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /session/summary HTTP/1.1");
    assert_eq!(request.header("cookie"), Some("session_token=abc123"));
}

#[tokio::test]
async fn cookie_value_encoded() {
    let token = "a;b, c\"d";
    let reply = server::response("200 OK", "application/json", b"{}");
    let (base_url, server) = server::serve_once(reply);
    client(&base_url)
        .session()
        .get_session_summary(token, None, None)
        .await
        .expect("call");
    let request = server.join().unwrap().expect("a request");
    let cookie = request.header("cookie").expect("a cookie header");
    let value = cookie.strip_prefix("session_token=").expect("the session cookie");
    assert!(!value.contains([';', ',', ' ', '"']), "{cookie}");
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8().expect("UTF-8");
    assert_eq!(decoded, token);
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
