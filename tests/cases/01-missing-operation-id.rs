//! Operations without `operationId` get stable, unique method names made
//! from the HTTP method and the path, and the document is not rejected.

use case_01_missing_operation_id::models::Widget;
use case_01_missing_operation_id::{Client, Error};

/// Checks that every operation has a method, and its types, at compile
/// time; never called.
#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _: Result<Vec<Widget>, Error> = client.widgets().get().await;
    let _: Result<(), Error> = client.widgets().post(&Widget { name: "w".into() }).await;
    let _: Result<Widget, Error> = client.widgets().get_by_widget_id("w1").await;
    let _: Result<(), Error> = client.widgets().delete_by_widget_id("w1").await;
    let _: Result<(), Error> = client.widget_parts().get().await;
    let _: Result<(), Error> = client.widget().get_parts().await;
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

#[tokio::test]
async fn hyphenated_path_route() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/json", b"{}"));
    client(&base_url).widget_parts().get().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /widget-parts HTTP/1.1");
}

#[tokio::test]
async fn nested_path_route() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/json", b"{}"));
    client(&base_url).widget().get_parts().await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /widget/parts HTTP/1.1");
}

#[tokio::test]
async fn path_level_parameter_applies() {
    let reply = server::response("200 OK", "application/json", br#"{"name":"gear"}"#);
    let (base_url, server) = server::serve_once(reply);
    let widget = client(&base_url).widgets().get_by_widget_id("w1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "GET /widgets/w1 HTTP/1.1");
    assert_eq!(widget, Widget { name: "gear".into() });
}

#[tokio::test]
async fn delete_uses_path_parameter() {
    let (base_url, server) = server::serve_once(server::response("204 No Content", "application/json", b""));
    client(&base_url).widgets().delete_by_widget_id("w1").await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "DELETE /widgets/w1 HTTP/1.1");
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
