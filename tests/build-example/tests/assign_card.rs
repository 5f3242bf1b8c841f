//! The client that `build.rs` generated, against a server on 127.0.0.1.

use build_example::api::seam_connect::{Client, Error};
use openapi_gen_tests::{CannedResponse, TestServer};

const ACCESS_METHOD_ID: &str = "3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d";
const ACTION_ATTEMPT_ID: &str = "a1b2c3d4-e5f6-4789-8abc-def012345678";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .api_key("seam_test_key")
        .base_url(&server.base_url)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn assign_card_round_trip() {
    let body = format!(
        r#"{{"action_attempt": {{"action_attempt_id": "{ACTION_ATTEMPT_ID}", "action_type": "ASSIGN_CREDENTIAL",
            "status": "pending", "result": null, "error": null}}, "ok": true}}"#
    );
    let server = TestServer::start(CannedResponse::json(200, &body)).await.expect("server starts");
    let id = build_example::assign_card(&client(&server), ACCESS_METHOD_ID.parse().expect("uuid"), "1234")
        .await
        .expect("call succeeds");
    assert_eq!(id.to_string(), ACTION_ATTEMPT_ID);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, "/access_methods/assign_card");
    assert_eq!(requests[0].header("authorization"), Some("Bearer seam_test_key"));
    // The user agent names the crate that includes the client.
    assert!(requests[0].header("user-agent").is_some_and(|agent| agent.starts_with("build-example/")));
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON body");
    assert_eq!(sent, serde_json::json!({"access_method_id": ACCESS_METHOD_ID, "card_number": "1234"}));
}

#[tokio::test]
async fn error_status_keeps_the_body() {
    let server = TestServer::start(CannedResponse::json(
        400,
        r#"{"error": {"type": "invalid_input", "message": "card_number is too long"}}"#,
    ))
    .await
    .expect("server starts");
    let error = build_example::assign_card(&client(&server), ACCESS_METHOD_ID.parse().expect("uuid"), "1234")
        .await
        .expect_err("400 is an error");
    assert!(error.is_invalid_input(), "{error:?}");
    assert!(matches!(error, Error::Api(_)));
}
