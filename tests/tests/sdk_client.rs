//! The SDK conventions of the Seam preset on a small fixture: nested groups
//! from naming extensions, one method for GET/POST twins, lifecycle flags,
//! credentials from the environment, retries, action attempts and paging.

use std::time::Duration;

use futures_util::TryStreamExt;
use openapi_gen_tests::{CannedResponse, TestServer};
use sdk_fixture::models::LocksLockDoorRequest;
use sdk_fixture::{Client, ClientBuilder, Error, RequestOptions};

fn client(server: &TestServer) -> Client {
    let options = RequestOptions::default()
        .retry_delay(Duration::from_millis(1))
        .poll_interval(Duration::from_millis(1))
        .wait_timeout(Duration::from_millis(100));
    Client::builder()
        .api_key("key_123")
        .base_url(&server.base_url)
        .options(options)
        .build()
        .unwrap()
}

fn attempt(status: &str) -> String {
    format!(r#"{{"action_attempt":{{"action_attempt_id":"aa1","action_type":"LOCK_DOOR","status":"{status}","result":null,"error":null}}}}"#)
}

fn page(ids: &[&str], next: Option<&str>) -> CannedResponse {
    let locks: Vec<String> = ids.iter().map(|id| format!(r#"{{"lock_id":"{id}","state":"locked"}}"#)).collect();
    let next = next.map_or("null".to_string(), |next| format!("\"{next}\""));
    let more = next != "null";
    CannedResponse::json(
        200,
        &format!(r#"{{"locks":[{}],"pagination":{{"has_next_page":{more},"next_page_cursor":{next}}}}}"#, locks.join(",")),
    )
}

#[tokio::test]
async fn twins_become_one_post_method() {
    let server = TestServer::start(page(&["l1"], None)).await.unwrap();
    let response = client(&server).locks().list(None).await.unwrap();
    assert_eq!(response.locks.len(), 1);
    let requests = server.requests();
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, "/locks/list");
    assert_eq!(requests[0].header("authorization"), Some("Bearer key_123"));
}

#[tokio::test]
async fn nested_group_reaches_its_operation() {
    let server = TestServer::start(CannedResponse::empty(200)).await.unwrap();
    client(&server).locks().simulate().jam().await.unwrap();
    assert_eq!(server.requests()[0].uri, "/locks/simulate/jam");
}

#[test]
fn lifecycle_flags_shape_the_models() {
    let lock: sdk_fixture::models::Lock =
        serde_json::from_str(r#"{"lock_id":"l1","state":"jammed","firmware_secret":"x"}"#).unwrap();
    // `firmware_secret` is a draft property: the model leaves it out.
    let json = serde_json::to_value(&lock).unwrap();
    assert!(json.get("firmware_secret").is_none());
    // An enum value the document does not list is kept as sent.
    assert_eq!(json["state"], "jammed");
}

#[tokio::test]
async fn lock_door_waits_to_success() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, &attempt("pending")),
        CannedResponse::json(200, &attempt("pending")),
        CannedResponse::json(200, &attempt("success")),
    ])
    .await
    .unwrap();
    let request = LocksLockDoorRequest { lock_id: "l1".into() };
    let attempt = client(&server).locks().lock_door_and_wait(&request).await.unwrap();
    assert!(attempt.is_success());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].uri, "/action_attempts/get");
    assert_eq!(String::from_utf8_lossy(&requests[1].body), r#"{"action_attempt_id":"aa1"}"#);
}

#[tokio::test]
async fn lock_door_wait_times_out_with_the_last_attempt() {
    let server = TestServer::start_sequence(vec![CannedResponse::json(200, &attempt("pending")); 200]).await.unwrap();
    let client = client(&server);
    let client = client.with_options(client.options().wait_timeout(Duration::from_millis(20)));
    let request = LocksLockDoorRequest { lock_id: "l1".into() };
    let error = client.locks().lock_door_and_wait(&request).await.unwrap_err();
    assert!(matches!(error, Error::ActionAttemptTimeout(_)), "{error:?}");
    assert!(error.action_attempt().is_some_and(|attempt| attempt.is_pending()));
}

#[tokio::test]
async fn list_items_cross_pages_and_resume() {
    let server = TestServer::start_sequence(vec![
        page(&["l1", "l2"], Some("p2")),
        page(&["l3"], Some("p3")),
        page(&["l4"], None),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let locks: Vec<_> = client.locks().list_items(None, None).try_collect().await.unwrap();
    let ids: Vec<&str> = locks.iter().map(|lock| lock.lock_id.as_str()).collect();
    assert_eq!(ids, ["l1", "l2", "l3", "l4"]);
    let bodies: Vec<String> = server.requests().iter().map(|request| String::from_utf8_lossy(&request.body).into_owned()).collect();
    assert_eq!(bodies, ["{}", r#"{"page_cursor":"p2"}"#, r#"{"page_cursor":"p3"}"#]);

    let server = TestServer::start_sequence(vec![page(&["l3"], None)]).await.unwrap();
    let resumed: Vec<_> = self::client(&server).locks().list_items(None, Some("p2".into())).try_collect().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(String::from_utf8_lossy(&server.requests()[0].body), r#"{"page_cursor":"p2"}"#);
}

fn event_page(ids: &[&str], next: Option<&str>) -> CannedResponse {
    let events: Vec<String> = ids.iter().map(|id| format!(r#"{{"event_id":"{id}"}}"#)).collect();
    let next = next.map_or("null".to_string(), |next| format!("\"{next}\""));
    let more = next != "null";
    CannedResponse::json(
        200,
        &format!(r#"{{"events":[{}],"pagination":{{"has_next_page":{more},"next_page_cursor":{next}}}}}"#, events.join(",")),
    )
}

#[tokio::test]
async fn query_cursor_pages_keep_parameters() {
    let server = TestServer::start_sequence(vec![
        event_page(&["e1", "e2"], Some("p2")),
        event_page(&["e3"], Some("p3")),
        event_page(&["e4"], None),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let types = ["lock.locked".to_string()];
    let events: Vec<_> = client.events().list_items("d1", Some(&types), Some(2), None).try_collect().await.unwrap();
    let ids: Vec<&str> = events.iter().map(|event| event.event_id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4"]);
    let uris: Vec<String> = server.requests().iter().map(|request| request.uri.clone()).collect();
    assert_eq!(
        uris,
        [
            "/events/list?device_id=d1&event_types=lock.locked&limit=2",
            "/events/list?device_id=d1&event_types=lock.locked&limit=2&page_cursor=p2",
            "/events/list?device_id=d1&event_types=lock.locked&limit=2&page_cursor=p3",
        ]
    );

    let server = TestServer::start_sequence(vec![event_page(&["e3"], Some("p3"))]).await.unwrap();
    let page = self::client(&server).events().list_page("d1", None, None, Some("p2")).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next_cursor.as_deref(), Some("p3"));
    assert_eq!(server.requests()[0].uri, "/events/list?device_id=d1&page_cursor=p2");
}

#[test]
fn from_env_pairs_token_with_workspace() {
    let lookup = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
    };
    let both = ClientBuilder::from_lookup(lookup(&[("SEAM_API_KEY", "k"), ("SEAM_PERSONAL_ACCESS_TOKEN", "t")])).unwrap_err();
    assert!(both.to_string().contains("SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set"), "{both}");
    let missing = ClientBuilder::from_lookup(lookup(&[("SEAM_PERSONAL_ACCESS_TOKEN", "t")])).unwrap_err();
    assert!(missing.to_string().contains("SEAM_WORKSPACE_ID"), "{missing}");
    let none = ClientBuilder::from_lookup(lookup(&[])).unwrap_err();
    assert!(none.to_string().contains("SEAM_API_KEY"), "{none}");
}

#[tokio::test]
async fn token_travels_with_workspace_header() {
    let server = TestServer::start(page(&[], None)).await.unwrap();
    let base_url: &'static str = Box::leak(server.base_url.clone().into_boxed_str());
    let pairs: &'static [(&'static str, &'static str)] = Box::leak(Box::new([
        ("SEAM_PERSONAL_ACCESS_TOKEN", "token_456"),
        ("SEAM_WORKSPACE_ID", "ws_1"),
        ("SEAM_ENDPOINT", base_url),
    ]));
    let builder = ClientBuilder::from_lookup(|name| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())).unwrap();
    let client = builder.build().unwrap();
    assert!(!format!("{client:?}").contains("token_456"));
    client.locks().list(None).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer token_456"));
    assert_eq!(request.header("seam-workspace"), Some("ws_1"));
}

#[tokio::test]
async fn retry_after_http_date_skips_backoff() {
    // A date in the past: retry at once instead of after the 600 s backoff.
    let server = TestServer::start_sequence(vec![
        CannedResponse::text(503, "busy").with_header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
        page(&[], None),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let client = client.with_options(client.options().retry_non_idempotent(true).retry_delay(Duration::from_secs(600)));
    let listed = tokio::time::timeout(Duration::from_secs(30), client.locks().list(None)).await;
    listed.expect("the retry waited for the backoff, not for Retry-After").unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn long_retry_after_returns_at_once() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::text(429, "come back in an hour").with_header("retry-after", "3600"),
        page(&[], None),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let client = client.with_options(client.options().retry_non_idempotent(true));
    let listed = tokio::time::timeout(Duration::from_secs(30), client.locks().list(None)).await;
    let error = listed.expect("the client waited out a Retry-After of an hour").unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1);

    // Within a raised cap, the same response is waited out and retried.
    let server = TestServer::start_sequence(vec![
        CannedResponse::text(429, "come back in a second").with_header("retry-after", "1"),
        page(&[], None),
    ])
    .await
    .unwrap();
    let client = crate::client(&server);
    let options = client.options().retry_non_idempotent(true).max_retry_after(Duration::from_secs(1));
    client.with_options(options).locks().list(None).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn post_503_is_not_retried() {
    let server = TestServer::start_sequence(vec![CannedResponse::text(503, "busy"), page(&[], None)]).await.unwrap();
    let error = client(&server).locks().list(None).await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_replaces_the_backoff() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::text(429, "slow down").with_header("retry-after", "0"),
        page(&[], None),
    ])
    .await
    .unwrap();
    let client = client(&server);
    let client = client.with_options(client.options().retry_non_idempotent(true).retry_delay(Duration::from_secs(600)));
    client.locks().list(None).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}
