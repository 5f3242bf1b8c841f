//! A `multipart/form-data` body is sent as a multipart form: the file part
//! with its `encoding` content type, text parts, one part per array item,
//! and a JSON part. Absent optional fields send no part. A
//! form-urlencoded body is sent as `key=value` pairs.
//!
//! Type names follow the generator's rule for inline request bodies
//! (`<Group><Operation>Form`, in `groups`); the file part is `FilePart`.

use case_28_multipart_file_upload::groups::{DocumentsSearchDocumentsForm, DocumentsUploadDocumentForm};
use case_28_multipart_file_upload::models::DocumentsUploadDocumentMeta;
use case_28_multipart_file_upload::FilePart;
use case_28_multipart_file_upload::Client;

/// One part of a multipart body.
#[derive(Debug)]
struct Part {
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Returns the `name` parameter of `Content-Disposition`.
    fn name(&self) -> Option<&str> {
        let disposition = self.header("content-disposition")?;
        let start = disposition.find("name=\"")? + "name=\"".len();
        let end = disposition[start..].find('"')? + start;
        Some(&disposition[start..end])
    }
}

/// Splits a multipart body at `boundary` into its parts.
fn parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(end) = find(rest, delimiter.as_bytes()) else { break };
        let raw = &rest[..end];
        let raw = raw.strip_suffix(b"\r\n").unwrap_or(raw);
        let split = find(raw, b"\r\n\r\n").expect("part headers end");
        let headers = String::from_utf8_lossy(&raw[..split])
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        parts.push(Part {
            headers,
            body: raw[split + 4..].to_vec(),
        });
        rest = &rest[end..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn boundary(content_type: &str) -> String {
    let start = content_type.find("boundary=").expect("a boundary") + "boundary=".len();
    content_type[start..].trim_matches('"').to_string()
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().expect("client")
}

fn full_form() -> DocumentsUploadDocumentForm {
    DocumentsUploadDocumentForm {
        file: FilePart::new(b"%PDF-1.7\x00\xff".to_vec()).file_name("report.pdf"),
        title: Some("Q3 report".into()),
        tags: Some(vec!["finance".into(), "q3".into()]),
        meta: Some(DocumentsUploadDocumentMeta { pages: Some(3) }),
    }
}

async fn upload(form: DocumentsUploadDocumentForm) -> (String, Vec<Part>) {
    let reply = server::response("201 Created", "application/json", br#"{"id":"d1"}"#);
    let (base_url, server) = server::serve_once(reply);
    let response = client(&base_url).documents().upload_document(form).await.expect("call");
    assert_eq!(response.id.as_deref(), Some("d1"));
    let request = server.join().unwrap().expect("a request");
    let content_type = request.header("content-type").expect("a content type").to_string();
    assert!(content_type.starts_with("multipart/form-data"), "{content_type}");
    (request.request_line.clone(), parts(&request.body, &boundary(&content_type)))
}

#[tokio::test]
async fn upload_posts_multipart() {
    let (request_line, _) = upload(full_form()).await;
    assert_eq!(request_line, "POST /documents HTTP/1.1");
}

#[tokio::test]
async fn file_part_bytes_and_type() {
    let (_, parts) = upload(full_form()).await;
    let file = parts.iter().find(|part| part.name() == Some("file")).expect("a file part");
    assert_eq!(file.body, b"%PDF-1.7\x00\xff");
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file.header("content-disposition").unwrap_or("").contains("filename=\"report.pdf\""));
}

#[tokio::test]
async fn title_text_part() {
    let (_, parts) = upload(full_form()).await;
    let title = parts.iter().find(|part| part.name() == Some("title")).expect("a title part");
    assert_eq!(title.body, b"Q3 report");
}

#[tokio::test]
async fn one_part_per_tag() {
    let (_, parts) = upload(full_form()).await;
    let tags: Vec<&[u8]> = parts
        .iter()
        .filter(|part| part.name() == Some("tags"))
        .map(|part| part.body.as_slice())
        .collect();
    assert_eq!(tags, [b"finance".as_slice(), b"q3".as_slice()]);
}

#[tokio::test]
async fn meta_json_part() {
    let (_, parts) = upload(full_form()).await;
    let meta = parts.iter().find(|part| part.name() == Some("meta")).expect("a meta part");
    assert_eq!(meta.header("content-type"), Some("application/json"));
    let value: serde_json::Value = serde_json::from_slice(&meta.body).expect("JSON");
    assert_eq!(value, serde_json::json!({"pages": 3}));
}

#[tokio::test]
async fn absent_fields_send_no_part() {
    let form = DocumentsUploadDocumentForm {
        title: None,
        tags: None,
        meta: None,
        ..full_form()
    };
    let (_, parts) = upload(form).await;
    let names: Vec<Option<&str>> = parts.iter().map(Part::name).collect();
    assert_eq!(names, [Some("file")]);
}

#[tokio::test]
async fn search_sends_form_urlencoded() {
    let (base_url, server) = server::serve_once(server::response("200 OK", "application/json", b""));
    let form = DocumentsSearchDocumentsForm {
        q: Some("tax & fees".into()),
        page: Some(2),
    };
    client(&base_url).documents().search_documents(Some(&form)).await.expect("call");
    let request = server.join().unwrap().expect("a request");
    assert_eq!(request.request_line, "POST /documents/search HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    let body = String::from_utf8(request.body).expect("UTF-8");
    let spaces_as_plus = body == "q=tax+%26+fees&page=2";
    let spaces_percent_encoded = body == "q=tax%20%26%20fees&page=2";
    assert!(spaces_as_plus || spaces_percent_encoded, "{body}");
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
