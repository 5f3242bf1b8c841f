//! Malformed responses to generated clients, through servers on 127.0.0.1:
//! truncated, oversized, wrongly typed and non-UTF-8 bodies each end in an
//! `Error` (or, for text bodies, in the documented lossy decoding), never in
//! a panic.

use openapi_gen_tests::{CannedResponse, TestServer};
use responses_fixture::groups::TasksGetTaskError;
use responses_fixture::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).build().unwrap()
}

/// Calls `get_task` (200: `Task` as JSON, 202: `Pending` with an `int32`)
/// against a server that sends `response`, and returns the error.
async fn get_task_error(response: CannedResponse) -> Error {
    let server = TestServer::start(response).await.unwrap();
    match client(&server.base_url).tasks().get_task("t1").await {
        Ok(success) => panic!("decoded a malformed body as {success:?}"),
        Err(error) => error,
    }
}

fn assert_decode_error(error: &Error, case: &str) {
    assert!(matches!(error, Error::Decode { .. }), "{case}: expected Error::Decode, got {error:?}");
}

#[tokio::test]
async fn truncated_json_is_decode_error() {
    let bodies = [r#"{"id": "t1", "ti"#, r#"{"id": "t1", "title": "Back"#, "{", ""];
    for body in bodies {
        let error = get_task_error(CannedResponse::json(200, body)).await;
        assert_decode_error(&error, body);
    }
}

#[tokio::test]
async fn wrongly_typed_json_is_decode_error() {
    let cases = [
        (200, r#"{"id": 1, "title": "Backup"}"#),
        (200, r#"{"id": "t1"}"#),
        (200, r#"{"id": "t1", "title": null}"#),
        (200, "[]"),
        (200, r#""t1""#),
        (200, "null"),
        (202, r#"{"percent": "40"}"#),
        (202, r#"{"percent": 40.5}"#),
        (202, r#"{"percent": 99999999999}"#),
        (202, r#"{"percent": 1e400}"#),
        (202, r#"{"percent": -1e400}"#),
    ];
    for (status, body) in cases {
        let error = get_task_error(CannedResponse::json(status, body)).await;
        assert_decode_error(&error, body);
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status), "{body}");
    }
}

#[tokio::test]
async fn non_utf8_json_is_decode_error() {
    let bodies: [&[u8]; 3] = [b"{\"id\": \"\xff\xfe\", \"title\": \"x\"}", b"\xef\xbb\xbf\xff", b"\x00\x01\x02"];
    for body in bodies {
        let error = get_task_error(CannedResponse::bytes(200, "application/json", body)).await;
        assert_decode_error(&error, &String::from_utf8_lossy(body));
    }
}

#[tokio::test]
async fn oversized_bodies_decode_or_fail_cleanly() {
    // 16 MiB of one string decodes: the client sets no size limit.
    let title = "x".repeat(16 << 20);
    let server = TestServer::start(CannedResponse::json(200, &format!(r#"{{"id": "t1", "title": "{title}"}}"#)))
        .await
        .unwrap();
    let decoded = client(&server.base_url).tasks().get_task("t1").await.unwrap();
    assert!(format!("{decoded:?}").len() > 16 << 20);

    // 16 MiB of trailing data after a valid document.
    let trailing = format!("{{\"id\": \"t1\", \"title\": \"Backup\"}}{}", " 0".repeat(8 << 20));
    assert_decode_error(&get_task_error(CannedResponse::json(200, &trailing)).await, "trailing data");

    // Nesting far deeper than serde_json's recursion limit of 128.
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_decode_error(&get_task_error(CannedResponse::json(200, &nested)).await, "deep nesting");
}

#[tokio::test]
async fn malformed_error_bodies_stay_api_errors() {
    let cases: [(u16, &[u8]); 4] = [
        (404, br#"{"reason": "#),
        (404, br#"{"reason": 7}"#),
        (404, b"{\"reason\": \"\xff\"}"),
        (500, b"\xff\xfe\xfd"),
    ];
    for (status, body) in cases {
        let error = get_task_error(CannedResponse::bytes(status, "application/json", body)).await;
        let Some(api) = error.api() else {
            panic!("HTTP {status}: expected Error::Api, got {error:?}");
        };
        assert_eq!(api.status.as_u16(), status);
        assert_eq!(api.raw_body.as_ref(), body, "the raw bytes are kept");
        assert_eq!(error.typed::<TasksGetTaskError>(), None, "no typed body for {body:?}");
    }
}

#[tokio::test]
async fn non_utf8_text_is_decoded_lossily() {
    let server = TestServer::start(CannedResponse::bytes(200, "text/plain; charset=utf-8", b"line \xff\xfe end"))
        .await
        .unwrap();
    let log = client(&server.base_url).tasks().get_task_log("t1").await.unwrap();
    assert_eq!(log, "line \u{fffd}\u{fffd} end");
}

/// Starts a raw TCP server on 127.0.0.1 that reads one request, sends
/// `response` and closes the connection.
async fn raw_server(response: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        if let Ok((mut stream, _)) = listener.accept().await {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request).await;
            let _ = stream.write_all(response).await;
            let _ = stream.shutdown().await;
        }
    });
    base_url
}

#[tokio::test]
async fn body_cut_short_is_transport_error() {
    let response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"t1\", ";
    let base_url = raw_server(response).await;
    let error = client(&base_url).tasks().get_task("t1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "expected Error::Transport, got {error:?}");
}

#[tokio::test]
async fn garbage_status_line_is_transport_error() {
    let base_url = raw_server(b"HTTP/1.1 2xx Whatever\r\n\r\n").await;
    let error = client(&base_url).tasks().get_task("t1").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "expected Error::Transport, got {error:?}");
}
