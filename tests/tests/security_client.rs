//! The client generated from `fixtures/security.yaml` against a server on
//! 127.0.0.1: which credentials each operation sends.

use openapi_gen_tests::{CannedResponse, RecordedRequest, TestServer};
use security_fixture::{Client, ClientBuilder};

async fn server() -> TestServer {
    TestServer::start(CannedResponse::empty(204)).await.unwrap()
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(&server.base_url)
}

fn all_credentials(server: &TestServer) -> Client {
    builder(server)
        .jwt("token-1")
        .password("ada", "pw")
        .header_key("hk")
        .query_key("qk")
        .cookie_key("ck")
        .build()
        .unwrap()
}

/// The credentials a request carries: authorization, API key header, query
/// string and cookie header.
fn credentials(request: &RecordedRequest) -> (Option<&str>, Option<&str>, &str, Option<&str>) {
    (
        request.header("authorization"),
        request.header("x-api-key"),
        request.query(),
        request.header("cookie"),
    )
}

#[tokio::test]
async fn document_requirement_applies_by_default() {
    let server = server().await;
    all_credentials(&server).account().get_account().await.unwrap();
    assert_eq!(credentials(&server.requests()[0]), (Some("Bearer token-1"), None, "", None));
}

#[tokio::test]
async fn empty_security_sends_no_credentials() {
    let server = server().await;
    all_credentials(&server).health().get_health().await.unwrap();
    assert_eq!(credentials(&server.requests()[0]), (None, None, "", None));
}

#[tokio::test]
async fn schemes_in_one_requirement_are_all_sent() {
    let server = server().await;
    all_credentials(&server).exports().create_export().await.unwrap();
    assert_eq!(credentials(&server.requests()[0]), (None, Some("hk"), "api_key=qk", None));
}

#[tokio::test]
async fn partly_satisfied_requirement_sends_nothing() {
    let server = server().await;
    let client = builder(&server).header_key("hk").jwt("token-1").build().unwrap();
    client.exports().create_export().await.unwrap();
    assert_eq!(credentials(&server.requests()[0]), (None, None, "", None));
}

#[tokio::test]
async fn first_satisfied_alternative_wins() {
    let server = server().await;
    all_credentials(&server).admin().get_admin().await.unwrap();
    let basic_only = builder(&server).password("ada", "pw").build().unwrap();
    basic_only.admin().get_admin().await.unwrap();
    let none = builder(&server).build().unwrap();
    none.admin().get_admin().await.unwrap();

    let requests = server.requests();
    assert_eq!(credentials(&requests[0]), (Some("Bearer token-1"), None, "", None));
    assert_eq!(credentials(&requests[1]), (Some("Basic YWRhOnB3"), None, "", None));
    assert_eq!(credentials(&requests[2]), (None, None, "", None), "sent without credentials");
}

#[tokio::test]
async fn optional_security_uses_credentials_when_set() {
    let server = server().await;
    all_credentials(&server).feed().get_feed().await.unwrap();
    builder(&server).build().unwrap().feed().get_feed().await.unwrap();

    let requests = server.requests();
    assert_eq!(credentials(&requests[0]), (Some("Bearer token-1"), None, "", None));
    assert_eq!(credentials(&requests[1]), (None, None, "", None));
}

#[tokio::test]
async fn cookie_credential_joins_cookie_parameters() {
    let server = server().await;
    let client = all_credentials(&server);
    client.preferences().get_preferences(Some("dark mode")).await.unwrap();
    client.preferences().get_preferences(None).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header_values("cookie"), ["auth=ck; theme=dark%20mode"]);
    assert_eq!(requests[1].header_values("cookie"), ["auth=ck"]);
}

#[tokio::test]
async fn missing_credential_is_left_to_the_server() {
    let server = TestServer::start(CannedResponse::json(401, r#"{"error": {"type": "unauthorized", "message": "no"}}"#))
        .await
        .unwrap();
    let error = builder(&server).build().unwrap().account().get_account().await.unwrap_err();
    let api = error.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 401);
    assert!(!api.documented);
    assert_eq!(server.requests()[0].header("authorization"), None);
}
