//! The Seam conventions of the generated client, against a fake Seam server
//! on 127.0.0.1 that responds to each request from a script.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use seam_connect::models::{AccessMethodsAssignCardRequest, AcsUsersListRequest};
use seam_connect::{Client, Error, RequestOptions};

/// One scripted response: status, extra headers, body.
type Answer = (u16, Vec<(&'static str, String)>, String);

/// A server that responds to the requests with `answers` in order (the last
/// one repeats) and records each request line and body.
struct FakeSeam {
    url: String,
    requests: Arc<Mutex<Vec<(String, String)>>>,
}

fn fake_seam(answers: Vec<Answer>) -> FakeSeam {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    std::thread::spawn(move || {
        let mut index = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            recorded
                .lock()
                .expect("lock")
                .push((line.trim().to_string(), String::from_utf8_lossy(&body).into_owned()));
            let (status, headers, body) = answers[index.min(answers.len() - 1)].clone();
            index += 1;
            let mut response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nseam-request-id: req_{index}\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                response.push_str(&format!("{name}: {value}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(&body);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    FakeSeam { url, requests }
}

impl FakeSeam {
    fn client(&self) -> Client {
        let options = RequestOptions::default()
            .retry_delay(Duration::from_millis(5))
            .poll_interval(Duration::from_millis(5))
            .wait_timeout(Duration::from_millis(200));
        Client::builder()
            .api_key("seam_test_key")
            .base_url(&self.url)
            .options(options)
            .build()
            .expect("client builds")
    }

    fn lines(&self) -> Vec<String> {
        self.requests.lock().expect("lock").iter().map(|(line, _)| line.clone()).collect()
    }
}

fn ok(body: &str) -> Answer {
    (200, Vec::new(), body.to_string())
}

fn attempt(status: &str, extra: &str) -> String {
    format!(
        r#"{{"action_attempt_id":"5f1b7c6e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","action_type":"ASSIGN_CREDENTIAL","status":"{status}","result":null,"error":null{extra}}}"#
    )
}

fn assign_request() -> AccessMethodsAssignCardRequest {
    AccessMethodsAssignCardRequest {
        access_method_id: "3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d".parse().expect("uuid"),
        card_number: "1234".to_string(),
    }
}

#[tokio::test]
async fn assign_card_then_wait_to_success() {
    let success = r#"{"action_attempt_id":"5f1b7c6e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","action_type":"ASSIGN_CREDENTIAL","status":"success","result":{"card":"ok"},"error":null}"#;
    let server = fake_seam(vec![
        ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", ""))),
        ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", ""))),
        ok(&format!(r#"{{"action_attempt":{success},"ok":true}}"#)),
    ]);
    let attempt = server.client().access_methods().assign_card_and_wait(&assign_request()).await.expect("success");
    assert!(attempt.is_success());
    assert_eq!(attempt.result, Some(serde_json::json!({"card": "ok"})));
    let lines = server.lines();
    assert_eq!(lines[0], "POST /access_methods/assign_card HTTP/1.1");
    assert_eq!(lines[1], "POST /action_attempts/get HTTP/1.1");
    assert_eq!(lines.len(), 3);
}

#[tokio::test]
async fn assign_card_without_waiting_returns_the_pending_attempt() {
    let server = fake_seam(vec![ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", "")))]);
    let response = server.client().access_methods().assign_card(&assign_request()).await.expect("call");
    let json = serde_json::to_value(&response).expect("serializes");
    assert_eq!(json["action_attempt"]["status"], "pending");
    assert_eq!(server.lines().len(), 1);
}

#[tokio::test]
async fn wait_to_error() {
    let failed = r#"{"action_attempt_id":"5f1b7c6e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","action_type":"ASSIGN_CREDENTIAL","status":"error","result":null,"error":{"type":"no_credential_on_encoder","message":"No card on the encoder."}}"#;
    let server = fake_seam(vec![
        ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", ""))),
        ok(&format!(r#"{{"action_attempt":{failed},"ok":true}}"#)),
    ]);
    let error = server.client().access_methods().assign_card_and_wait(&assign_request()).await.unwrap_err();
    assert!(matches!(error, Error::ActionAttemptFailed(_)), "{error:?}");
    assert_eq!(error.error_type(), Some("no_credential_on_encoder"));
    assert_eq!(error.action_attempt().and_then(|attempt| attempt.error.as_ref()).map(|error| error.message.as_str()), Some("No card on the encoder."));
}

#[tokio::test]
async fn wait_to_timeout_keeps_the_last_attempt() {
    let server = fake_seam(vec![ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", "")))]);
    let client = server.client();
    let client = client.with_options(client.options().wait_timeout(Duration::from_millis(30)));
    let error = client.access_methods().assign_card_and_wait(&assign_request()).await.unwrap_err();
    assert!(matches!(error, Error::ActionAttemptTimeout(_)), "{error:?}");
    assert!(error.action_attempt().is_some_and(|attempt| attempt.is_pending()));
}

/// An access system user with every member the document requires.
fn user(number: u32) -> String {
    format!(
        r#"{{"acs_user_id":"00000000-0000-4000-8000-00000000000{number}","acs_system_id":"00000000-0000-4000-8000-000000000000","workspace_id":"00000000-0000-4000-8000-000000000000","created_at":"2026-01-01T00:00:00Z","display_name":"User {number}","warnings":[],"errors":[],"connected_account_id":"00000000-0000-4000-8000-000000000000","is_managed":true}}"#
    )
}

fn users_page(numbers: &[u32], next: Option<&str>) -> Answer {
    let users: Vec<String> = numbers.iter().map(|number| user(*number)).collect();
    let next_json = next.map_or("null".to_string(), |next| format!("\"{next}\""));
    ok(&format!(
        r#"{{"acs_users":[{}],"pagination":{{"has_next_page":{},"next_page_cursor":{next_json},"next_page_url":null}},"ok":true}}"#,
        users.join(","),
        next.is_some()
    ))
}

fn names(users: &[seam_connect::models::AcsUser]) -> Vec<String> {
    users
        .iter()
        .map(|user| serde_json::to_value(user).expect("serializes")["display_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn pagination_over_three_pages_and_resuming() {
    use futures_util::TryStreamExt;

    let pages = || vec![users_page(&[1, 2], Some("c2")), users_page(&[3], Some("c3")), users_page(&[4], None)];
    let server = fake_seam(pages());
    let client = server.client();
    let all: Vec<_> = client.acs().users().list_items(None, None).try_collect().await.expect("three pages");
    assert_eq!(names(&all), ["User 1", "User 2", "User 3", "User 4"]);
    let bodies: Vec<String> = server.requests.lock().expect("lock").iter().map(|(_, body)| body.clone()).collect();
    assert_eq!(bodies.len(), 3);
    assert!(!bodies[0].contains("page_cursor"), "{}", bodies[0]);
    assert!(bodies[1].contains(r#""page_cursor":"c2""#), "{}", bodies[1]);
    assert!(bodies[2].contains(r#""page_cursor":"c3""#), "{}", bodies[2]);

    // One page at a time, saving the cursor, then resuming from it.
    let server = fake_seam(pages());
    let client = server.client();
    let users = client.acs().users();
    let first = users.list_page(Some(&AcsUsersListRequest::default()), None).await.expect("first page");
    assert_eq!(names(&first.items), ["User 1", "User 2"]);
    assert!(first.has_next_page);
    let saved = first.next_cursor.clone();
    assert_eq!(saved.as_deref(), Some("c2"));
    let rest: Vec<_> = users.list_items(None, saved).try_collect().await.expect("resumed");
    assert_eq!(names(&rest), ["User 3", "User 4"]);
}

#[tokio::test]
async fn unauthorized_is_easy_to_match() {
    let server = fake_seam(vec![(401, Vec::new(), r#"{"error":{"type":"unauthorized","message":"Unauthorized"}}"#.to_string())]);
    let error = server.client().access_methods().assign_card(&assign_request()).await.unwrap_err();
    assert!(error.is_unauthorized());
    assert_eq!(error.api().and_then(|api| api.request_id.as_deref()), Some("req_1"));
    assert!(!format!("{error:?} {error}").contains("seam_test_key"));
}

#[tokio::test]
async fn invalid_input_lists_validation_messages() {
    let body = r#"{"error":{"type":"invalid_input","message":"Invalid input","data":{"x":1},"validation_errors":{"_errors":[],"card_number":{"_errors":["Required"]}}}}"#;
    let server = fake_seam(vec![(400, Vec::new(), body.to_string())]);
    let error = server.client().access_methods().assign_card(&assign_request()).await.unwrap_err();
    assert!(error.is_invalid_input());
    let messages = error.validation_errors();
    assert_eq!(messages.len(), 1);
    assert_eq!((messages[0].field.as_str(), messages[0].message.as_str()), ("card_number", "Required"));
    assert_eq!(error.api().and_then(|api| api.details.as_ref()).and_then(|details| details.data.clone()), Some(serde_json::json!({"x": 1})));
}

#[tokio::test]
async fn non_json_error_keeps_the_raw_text() {
    let server = fake_seam(vec![(502, Vec::new(), "Bad gateway".to_string())]);
    let error = server.client().access_methods().assign_card(&assign_request()).await.unwrap_err();
    assert_eq!(error.api().map(|api| api.body.as_str()), Some("Bad gateway"));
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let answers = vec![(503, Vec::new(), "{}".to_string()), ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", "")))];
    let server = fake_seam(answers.clone());
    let error = server.client().access_methods().assign_card(&assign_request()).await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.lines().len(), 1);

    let server = fake_seam(answers);
    let client = server.client();
    let client = client.with_options(client.options().retry_non_idempotent(true));
    client.access_methods().assign_card(&assign_request()).await.expect("retried");
    assert_eq!(server.lines().len(), 2);
}

#[tokio::test]
async fn too_many_requests_honours_retry_after() {
    let answers = vec![
        (429, vec![("retry-after", "0".to_string())], "{}".to_string()),
        ok(&format!(r#"{{"action_attempt":{},"ok":true}}"#, attempt("pending", ""))),
    ];
    let server = fake_seam(answers);
    let client = server.client();
    let client = client.with_options(client.options().retry_non_idempotent(true).retry_delay(Duration::from_secs(600)));
    // With a 600 s backoff the test would hang; `Retry-After: 0` replaces it.
    client.access_methods().assign_card(&assign_request()).await.expect("retried after 0 s");
    assert_eq!(server.lines().len(), 2);
}

#[tokio::test]
async fn unknown_enum_value_and_action_type_decode() {
    let unknown = r#"{"action_attempt_id":"5f1b7c6e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","action_type":"TELEPORT","status":"success","result":{},"error":null}"#;
    let server = fake_seam(vec![ok(&format!(r#"{{"action_attempt":{unknown},"ok":true}}"#))]);
    let attempt = server.client().wait_for_action_attempt("5f1b7c6e-2f4a-4c1e-9d7b-1a2b3c4d5e6f").await.expect("decodes");
    assert_eq!(attempt.action_type, "TELEPORT");
    let typed: seam_connect::models::ActionAttempt = serde_json::from_str(unknown).expect("typed model decodes");
    assert_eq!(serde_json::to_value(&typed).expect("serializes")["action_type"], "TELEPORT");

    // An enum value the document does not list is kept as sent.
    let status: seam_connect::models::AccessCodeStatus = serde_json::from_str(r#""expiring""#).expect("decodes");
    assert_eq!(serde_json::to_string(&status).expect("serializes"), r#""expiring""#);
    assert_ne!(status, seam_connect::models::AccessCodeStatus::Set);
}

#[test]
fn from_env_reads_key_or_token_and_rejects_both() {
    let env = |pairs: &'static [(&'static str, &'static str)]| move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
    assert!(seam_connect::ClientBuilder::from_lookup(env(&[("SEAM_API_KEY", "k")])).is_ok());
    assert!(seam_connect::ClientBuilder::from_lookup(env(&[("SEAM_PERSONAL_ACCESS_TOKEN", "t"), ("SEAM_WORKSPACE_ID", "w")])).is_ok());
    let both = seam_connect::ClientBuilder::from_lookup(env(&[("SEAM_API_KEY", "k"), ("SEAM_PERSONAL_ACCESS_TOKEN", "t")])).unwrap_err();
    assert!(both.to_string().contains("SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN"), "{both}");
    let builder = seam_connect::ClientBuilder::from_lookup(env(&[("SEAM_API_KEY", "secret_k"), ("SEAM_ENDPOINT", "http://127.0.0.1:9")])).expect("builder");
    let client = builder.build().expect("client");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    assert!(!format!("{client:?}").contains("secret_k"));
}

/// `acs_users_list` exists as GET and POST in the document; the client has
/// one `list` method, sent as a JSON POST.
#[tokio::test]
async fn get_post_twins_are_one_method() {
    let server = fake_seam(vec![users_page(&[1], None)]);
    let _ = server.client().acs().users().list(None).await;
    assert_eq!(server.lines(), ["POST /acs/users/list HTTP/1.1"]);
}
