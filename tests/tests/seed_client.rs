//! The client generated from `spec/seam-connect.yaml` against a server on
//! 127.0.0.1: what it sends and how it reads each kind of response.

use openapi_gen_tests::{CannedResponse, TestServer};
use seam_connect::models::{
    AccessMethodsAssignCardRequest, AccessMethodsAssignCardResponseActionAttemptActionType as ActionType,
    AccessMethodsAssignCardResponseActionAttemptStatus as Status,
};
use seam_connect::{Client, Error};

const ACCESS_METHOD_ID: &str = "3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d";
const ACTION_ATTEMPT_ID: &str = "a1b2c3d4-e5f6-4789-8abc-def012345678";

fn success_body() -> String {
    format!(
        r#"{{"action_attempt": {{"action_attempt_id": "{ACTION_ATTEMPT_ID}", "action_type": "ASSIGN_CREDENTIAL",
            "status": "pending", "result": null, "error": null}}, "ok": true}}"#
    )
}

fn request() -> AccessMethodsAssignCardRequest {
    AccessMethodsAssignCardRequest {
        access_method_id: ACCESS_METHOD_ID.parse().expect("valid uuid"),
        card_number: "1234 5678".to_string(),
    }
}

fn client(server: &TestServer) -> Client {
    Client::builder()
        .api_key("seam_test_key")
        .base_url(&server.base_url)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn assign_card_sends_documented_request() {
    let server = TestServer::start(CannedResponse::json(200, &success_body())).await.unwrap();
    client(&server).access_methods().assign_card(&request()).await.expect("call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, "/access_methods/assign_card");
    assert_eq!(sent.header("authorization"), Some("Bearer seam_test_key"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert!(sent.header("user-agent").is_some_and(|agent| agent.starts_with("seam-connect/")));
    let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("JSON body");
    assert_eq!(
        body,
        serde_json::json!({"access_method_id": ACCESS_METHOD_ID, "card_number": "1234 5678"})
    );
}

#[tokio::test]
async fn assign_card_parses_response() {
    let server = TestServer::start(CannedResponse::json(200, &success_body())).await.unwrap();
    let response = client(&server).access_methods().assign_card(&request()).await.unwrap();

    assert!(response.ok);
    let attempt = response.action_attempt;
    assert_eq!(attempt.action_attempt_id.to_string(), ACTION_ATTEMPT_ID);
    assert_eq!(attempt.action_type, ActionType::AssignCredential);
    assert_eq!(attempt.status, Status::Pending);
    assert_eq!(attempt.result, Some(None), "explicit null is kept apart from absent");
    assert_eq!(attempt.error, Some(None));
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let body = format!(
        r#"{{"action_attempt": {{"action_attempt_id": "{ACTION_ATTEMPT_ID}", "action_type": "NEW_KIND",
            "status": "queued"}}, "ok": true}}"#
    );
    let server = TestServer::start(CannedResponse::json(200, &body)).await.unwrap();
    let response = client(&server).access_methods().assign_card(&request()).await.unwrap();

    let attempt = response.action_attempt;
    assert_eq!(attempt.action_type, ActionType::Unknown("NEW_KIND".to_string()));
    assert_eq!(attempt.status, Status::Unknown("queued".to_string()));
    assert_eq!(attempt.result, None, "absent stays absent");
    let echoed = serde_json::to_value(&attempt).unwrap();
    assert_eq!(echoed["action_type"], "NEW_KIND");
    assert_eq!(echoed["status"], "queued");
    assert!(echoed.get("result").is_none());
}

#[tokio::test]
async fn unauthorized_keeps_error_body_and_request_id() {
    let body = r#"{"error": {"type": "unauthorized", "message": "Unauthorized", "request_id": "x"}}"#;
    let response = CannedResponse::json(401, body).with_header("seam-request-id", "req_123");
    let server = TestServer::start(response).await.unwrap();
    let error = client(&server).access_methods().assign_card(&request()).await.unwrap_err();

    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.request_id.as_deref(), Some("req_123"));
    assert_eq!(api.body, body);
    let details = api.details.as_ref().expect("error body parsed");
    assert_eq!(details.error_type, "unauthorized");
    assert_eq!(details.message, "Unauthorized");
    assert_eq!(details.other["request_id"], "x");
    assert_eq!(error.to_string(), "HTTP 401 Unauthorized: unauthorized: Unauthorized (request id req_123)");
}

#[tokio::test]
async fn server_error_with_text_body() {
    let server = TestServer::start(CannedResponse::text(500, "upstream exploded\n")).await.unwrap();
    let error = client(&server).access_methods().assign_card(&request()).await.unwrap_err();

    let api = error.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.body, "upstream exploded\n");
    assert_eq!(api.details, None);
    assert_eq!(api.request_id, None);
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"action_attempt": {"#)).await.unwrap();
    let error = client(&server).access_methods().assign_card(&request()).await.unwrap_err();

    let Error::Decode { status, body, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body, r#"{"action_attempt": {"#);
}

#[tokio::test]
async fn wrongly_typed_json_is_a_decode_error() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"action_attempt": 5, "ok": "yes"}"#)).await.unwrap();
    let error = client(&server).access_methods().assign_card(&request()).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "got {error:?}");
}

#[tokio::test]
async fn non_utf8_error_body_does_not_panic() {
    let response = CannedResponse {
        status: 502,
        headers: Vec::new(),
        body: vec![0xff, 0xfe, b'o', b'k'],
    };
    let server = TestServer::start(response).await.unwrap();
    let error = client(&server).access_methods().assign_card(&request()).await.unwrap_err();
    assert_eq!(error.api().map(|api| api.body.as_str()), Some("\u{fffd}\u{fffd}ok"));
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    let server = TestServer::start(CannedResponse::json(200, "{}")).await.unwrap();
    let base_url = server.base_url.clone();
    drop(server);
    // Give the server task a moment to close its listener.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let client = Client::builder().api_key("k").base_url(base_url).build().unwrap();
    let error = client.access_methods().assign_card(&request()).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "got {error:?}");
    let message = error.to_string();
    assert!(message.to_lowercase().contains("refused"), "the cause is shown: {message}");
}

#[test]
fn debug_output_hides_the_key() {
    let builder = Client::builder().api_key("seam_secret_value");
    let client = builder.clone().build().unwrap();
    assert!(!format!("{builder:?}").contains("seam_secret_value"));
    assert!(!format!("{client:?}").contains("seam_secret_value"));
    assert!(format!("{client:?}").contains("<redacted>"));
}

#[test]
fn default_base_url_comes_from_servers() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://connect.getseam.com");
    assert_eq!(seam_connect::DEFAULT_BASE_URL, "https://connect.getseam.com");
}

#[test]
fn relative_base_url_is_rejected() {
    let error = Client::builder().base_url("/api").build().unwrap_err();
    assert!(matches!(error, Error::Config(_)), "got {error:?}");
}

#[test]
fn non_http_base_url_is_rejected() {
    let error = Client::builder().base_url("ftp://example.test").build().unwrap_err();
    assert!(matches!(error, Error::Config(_)), "got {error:?}");
}
