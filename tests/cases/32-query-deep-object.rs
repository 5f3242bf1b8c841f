//! `style: deepObject` query parameters are sent as `name[member]=value`
//! pairs, one per set member, with values percent-encoded; an absent
//! optional parameter adds nothing.

use std::collections::BTreeMap;

use case_32_query_deep_object::models::{ProductFilter, ProductsListProductsPage};
use case_32_query_deep_object::Client;

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

/// Splits the query of a request line into decoded `(key, value)` pairs;
/// brackets may arrive percent-encoded.
fn query_pairs(request_line: &str) -> BTreeMap<String, String> {
    let target = request_line.split(' ').nth(1).expect("a request target");
    let query = target.split_once('?').map(|(_, query)| query).unwrap_or("");
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        percent_encoding::percent_decode_str(&text)
            .decode_utf8()
            .expect("UTF-8")
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn page() -> ProductsListProductsPage {
    ProductsListProductsPage { size: 20, number: 2 }
}

async fn list(filter: Option<&ProductFilter>) -> String {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/json", b""));
    client(&base_url).products().list_products(&page(), filter).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    request.request_line
}

#[tokio::test]
async fn filter_and_page_members() {
    let filter = ProductFilter {
        min_price: Some(10.0),
        max_price: None,
        category: Some("tools".into()),
        in_stock: None,
    };
    let request_line = list(Some(&filter)).await;
    assert!(request_line.starts_with("GET /products?"), "{request_line}");
    let pairs = query_pairs(&request_line);
    let keys: Vec<&str> = pairs.keys().map(String::as_str).collect();
    assert_eq!(keys, ["filter[category]", "filter[min_price]", "page[number]", "page[size]"]);
    assert_eq!(pairs["filter[min_price]"].parse::<f64>().ok(), Some(10.0));
    assert_eq!(pairs["filter[category]"], "tools");
    assert_eq!(pairs["page[size]"], "20");
    assert_eq!(pairs["page[number]"], "2");
}

#[tokio::test]
async fn absent_filter_adds_nothing() {
    let request_line = list(None).await;
    let pairs = query_pairs(&request_line);
    let keys: Vec<&str> = pairs.keys().map(String::as_str).collect();
    assert_eq!(keys, ["page[number]", "page[size]"]);
}

#[tokio::test]
async fn boolean_member_rendered() {
    let filter = ProductFilter {
        min_price: None,
        max_price: None,
        category: None,
        in_stock: Some(true),
    };
    let pairs = query_pairs(&list(Some(&filter)).await);
    assert_eq!(pairs.get("filter[in_stock]").map(String::as_str), Some("true"));
}

#[tokio::test]
async fn member_values_encoded() {
    let filter = ProductFilter {
        min_price: None,
        max_price: None,
        category: Some("hand tools&more=yes".into()),
        in_stock: None,
    };
    let request_line = list(Some(&filter)).await;
    assert!(!request_line.contains("tools&more"), "{request_line}");
    let pairs = query_pairs(&request_line);
    assert_eq!(pairs["filter[category]"], "hand tools&more=yes");
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
