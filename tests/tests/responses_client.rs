//! The client generated from `fixtures/responses.yaml` against a server on
//! 127.0.0.1: dispatch on the status, typed error bodies, text and binary
//! bodies, response headers and the `Accept` header.

use openapi_gen_tests::{CannedResponse, TestServer};
use responses_fixture::groups::{
    ReportsGetLatestReportError, ReportsGetLatestReportSuccess,
    SummaryGetSummarySuccess, TasksCreateTaskError, TasksDownloadArchiveError, TasksGetTaskError,
    TasksGetTaskLogError, TasksGetTaskSuccess, TasksPutNoteError, PingGetError,
};
use responses_fixture::models::{Failure, Pending, Pong, Task, TasksCreateTaskRequest};
use responses_fixture::{Client, Error};

/// A client without retries, so that each scripted answer reaches one call.
fn client(server: &TestServer) -> Client {
    let options = responses_fixture::RequestOptions::default().max_retries(0);
    Client::builder().base_url(&server.base_url).options(options).build().unwrap()
}

/// A GET that gets 503 is sent again and returns the later success.
#[tokio::test]
async fn get_is_retried_after_503() {
    let server = TestServer::start_sequence(vec![CannedResponse::text(503, "maintenance"), CannedResponse::json(200, TASK)])
        .await
        .unwrap();
    let options = responses_fixture::RequestOptions::default().retry_delay(std::time::Duration::from_millis(1));
    let tasks = Client::builder().base_url(&server.base_url).options(options).build().unwrap();
    assert_eq!(tasks.tasks().get_task("t1").await.unwrap(), responses_fixture::groups::TasksGetTaskSuccess::Ok(task()));
}

fn task() -> Task {
    Task {
        id: "t1".into(),
        title: "Backup".into(),
    }
}

const TASK: &str = r#"{"id": "t1", "title": "Backup"}"#;

#[tokio::test]
async fn success_enum_has_one_variant_per_status() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, TASK),
        CannedResponse::json(202, r#"{"percent": 40}"#),
        CannedResponse::empty(204),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    assert_eq!(tasks.tasks().get_task("t1").await.unwrap(), TasksGetTaskSuccess::Ok(task()));
    assert_eq!(
        tasks.tasks().get_task("t1").await.unwrap(),
        TasksGetTaskSuccess::Accepted(Pending { percent: 40 })
    );
    assert_eq!(tasks.tasks().get_task("t1").await.unwrap(), TasksGetTaskSuccess::NoContent);

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.uri, "/tasks/t1");
    assert_eq!(
        sent.header("accept"),
        Some("application/json, application/problem+json, text/plain")
    );
}

#[tokio::test]
async fn typed_error_bodies_per_status() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::bytes(404, "application/problem+json", br#"{"reason": "no such task"}"#),
        CannedResponse::bytes(429, "text/plain; charset=utf-8", "wait 5 s, s'il vous plaît".as_bytes()),
        CannedResponse::text(503, "maintenance"),
        CannedResponse::json(502, r#"{"reason": "upstream"}"#),
        CannedResponse::text(418, "teapot"),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    let not_found = tasks.tasks().get_task("t1").await.unwrap_err();
    let expected = TasksGetTaskError::NotFound(Failure {
        reason: "no such task".into(),
    });
    assert_eq!(not_found.typed::<TasksGetTaskError>(), Some(&expected));
    assert_eq!(not_found.status().map(|status| status.as_u16()), Some(404));

    let too_many = tasks.tasks().get_task("t1").await.unwrap_err();
    let expected = TasksGetTaskError::TooManyRequests("wait 5 s, s'il vous plaît".into());
    assert_eq!(too_many.typed::<TasksGetTaskError>(), Some(&expected));

    let unavailable = tasks.tasks().get_task("t1").await.unwrap_err();
    let expected = TasksGetTaskError::ServiceUnavailable("maintenance".into());
    assert_eq!(unavailable.typed::<TasksGetTaskError>(), Some(&expected), "exact code wins over 5XX");

    let bad_gateway = tasks.tasks().get_task("t1").await.unwrap_err();
    let expected = TasksGetTaskError::ServerError(Failure {
        reason: "upstream".into(),
    });
    assert_eq!(bad_gateway.typed::<TasksGetTaskError>(), Some(&expected), "5XX range");

    let teapot = tasks.tasks().get_task("t1").await.unwrap_err();
    assert_eq!(teapot.typed::<TasksGetTaskError>(), Some(&TasksGetTaskError::Default));
    let api = teapot.api().expect("Error::Api");
    assert!(api.documented, "`default` documents every other status");
    assert_eq!(api.body, "teapot");
}

#[tokio::test]
async fn mismatched_error_body_keeps_raw_body() {
    let server = TestServer::start(CannedResponse::bytes(404, "text/html", b"<h1>Not Found</h1>"))
        .await
        .unwrap();
    let error = client(&server).tasks().get_task("t1").await.unwrap_err();

    assert_eq!(error.typed::<TasksGetTaskError>(), None);
    let api = error.api().expect("Error::Api");
    assert!(api.documented);
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.body, "<h1>Not Found</h1>");
    assert_eq!(&api.raw_body[..], b"<h1>Not Found</h1>");
}

#[tokio::test]
async fn typed_returns_none_for_another_type() {
    let server = TestServer::start(CannedResponse::text(400, "title is empty")).await.unwrap();
    let request = TasksCreateTaskRequest { title: String::new() };
    let error = client(&server).tasks().create_task(&request).await.unwrap_err();

    assert_eq!(
        error.typed::<TasksCreateTaskError>(),
        Some(&TasksCreateTaskError::BadRequest("title is empty".into()))
    );
    assert_eq!(error.typed::<TasksGetTaskError>(), None);
    assert_eq!(error.typed::<String>(), None);
}

#[tokio::test]
async fn same_body_on_two_statuses_returns_it_directly() {
    let server = TestServer::start_sequence(vec![CannedResponse::json(201, TASK), CannedResponse::json(200, TASK)])
        .await
        .unwrap();
    let tasks = client(&server);
    let request = TasksCreateTaskRequest { title: "Backup".into() };

    let created: Task = tasks.tasks().create_task(&request).await.unwrap();
    assert_eq!(created, task());
    let existing: Task = tasks.tasks().create_task(&request).await.unwrap();
    assert_eq!(existing, task());

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("accept"), Some("application/json, text/plain"));
    assert_eq!(sent.body, br#"{"title":"Backup"}"#);
}

#[tokio::test]
async fn undocumented_status_is_an_error_with_raw_body() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(202, TASK),
        CannedResponse::bytes(500, "application/octet-stream", &[0, 159, 146, 150]),
    ])
    .await
    .unwrap();
    let tasks = client(&server);
    let request = TasksCreateTaskRequest { title: "Backup".into() };

    let accepted = tasks.tasks().create_task(&request).await.unwrap_err();
    let api = accepted.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 202);
    assert!(!api.documented);
    assert_eq!(api.body, TASK);
    assert_eq!(accepted.typed::<TasksCreateTaskError>(), None);
    assert_eq!(accepted.to_string(), "HTTP 202 Accepted (a status this operation does not document)");

    let failed = tasks.tasks().create_task(&request).await.unwrap_err();
    let api = failed.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 500);
    assert!(!api.documented);
    assert_eq!(&api.raw_body[..], &[0, 159, 146, 150]);
    assert_eq!(failed.to_string(), "HTTP 500 Internal Server Error");
}

#[tokio::test]
async fn text_body_is_read_as_lossy_utf8() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::bytes(200, "text/plain; charset=utf-8", b"line 1\nline \xff2\n"),
        CannedResponse::json(500, r#"{"reason": "disk full"}"#),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    let log: String = tasks.tasks().get_task_log("t1").await.unwrap();
    assert_eq!(log, "line 1\nline \u{fffd}2\n");
    assert_eq!(server.requests()[0].header("accept"), Some("text/plain, application/json"));

    let error = tasks.tasks().get_task_log("t1").await.unwrap_err();
    let expected = TasksGetTaskLogError::Default(Failure {
        reason: "disk full".into(),
    });
    assert_eq!(error.typed::<TasksGetTaskLogError>(), Some(&expected));
}

#[tokio::test]
async fn json_looking_text_is_not_decoded() {
    let server = TestServer::start(CannedResponse::text(200, r#"{"not": "json to the client"}"#))
        .await
        .unwrap();
    let log = client(&server).tasks().get_task_log("t1").await.unwrap();
    assert_eq!(log, r#"{"not": "json to the client"}"#);
}

#[tokio::test]
async fn binary_download_is_untouched() {
    let bytes: Vec<u8> = (0..=255).collect();
    let server = TestServer::start_sequence(vec![
        CannedResponse::bytes(200, "application/zip", &bytes),
        CannedResponse::bytes(410, "application/octet-stream", &[1, 2, 3]),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    let archive: bytes::Bytes = tasks.tasks().download_archive("t 1").await.unwrap();
    assert_eq!(archive.as_ref(), &bytes[..]);
    let sent = &server.requests()[0];
    assert_eq!(sent.uri, "/tasks/t%201/archive");
    assert_eq!(sent.header("accept"), Some("application/zip, application/octet-stream"));

    let gone = tasks.tasks().download_archive("t 1").await.unwrap_err();
    assert_eq!(
        gone.typed::<TasksDownloadArchiveError>(),
        Some(&TasksDownloadArchiveError::Gone(bytes::Bytes::from_static(&[1, 2, 3])))
    );
}

#[tokio::test]
async fn binary_upload_sets_content_type() {
    let server = TestServer::start(CannedResponse::empty(204)).await.unwrap();
    let tasks = client(&server);
    let payload = vec![0u8, 255, 10, 13];

    tasks.tasks().upload_archive("t1", payload.clone()).await.unwrap();
    tasks
        .tasks()
        .upload_archive("t1", bytes::Bytes::from_static(b"static"))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].uri, "/tasks/t1/archive");
    assert_eq!(requests[0].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[0].header("accept"), Some("*/*"), "reqwest's default: no response has a body");
    assert_eq!(requests[0].body, payload);
    assert_eq!(requests[1].body, b"static");
}

#[tokio::test]
async fn media_type_range_takes_content_type_argument() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::bytes(200, "image/webp", b"RIFF"),
        CannedResponse::empty(204),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    let preview = tasks.tasks().get_preview("t1").await.unwrap();
    assert_eq!(preview.as_ref(), b"RIFF");
    assert_eq!(server.requests()[0].header("accept"), Some("image/*"));

    tasks
        .tasks()
        .put_preview("t1", "image/png", Some(reqwest::Body::from(vec![137, 80])))
        .await
        .unwrap();
    let sent = &server.requests()[1];
    assert_eq!(sent.header("content-type"), Some("image/png"));
    assert_eq!(sent.body, [137, 80]);

    let error = tasks
        .tasks()
        .put_preview("t1", "image/png\r\nX-Injected: 1", Some(reqwest::Body::from("x")))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "got {error:?}");
    assert_eq!(server.requests().len(), 2, "nothing was sent");
}

#[tokio::test]
async fn optional_binary_body_can_be_left_out() {
    let server = TestServer::start(CannedResponse::empty(204)).await.unwrap();
    client(&server).tasks().put_preview("t1", "image/png", None).await.unwrap();
    let sent = &server.requests()[0];
    assert!(sent.body.is_empty());
    assert_eq!(sent.header("content-type"), None);
}

#[tokio::test]
async fn text_request_body_and_status_ranges() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::empty(202),
        CannedResponse::json(409, r#"{"reason": "locked"}"#),
        CannedResponse::empty(301),
    ])
    .await
    .unwrap();
    let tasks = client(&server);

    tasks.tasks().put_note("t1", "remember: \"quotes\" & ünïcode").await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(sent.body, "remember: \"quotes\" & ünïcode".as_bytes());

    let conflict = tasks.tasks().put_note("t1", "x").await.unwrap_err();
    let expected = TasksPutNoteError::ClientError(Failure { reason: "locked".into() });
    assert_eq!(conflict.typed::<TasksPutNoteError>(), Some(&expected), "4XX range");

    let moved = tasks.tasks().put_note("t1", "x").await.unwrap_err();
    assert_eq!(moved.api().map(|api| api.documented), Some(false));
}

#[tokio::test]
async fn response_headers_are_reachable() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, r#"["a", "b"]"#)
            .with_header("etag", "\"v7\"")
            .with_header("x-rate-remaining", "9"),
        CannedResponse::empty(304).with_header("etag", "\"v7\""),
    ])
    .await
    .unwrap();
    let summary = client(&server);

    let fresh = summary.summary().get_summary().await.unwrap();
    assert_eq!(fresh.status.as_u16(), 200);
    assert_eq!(fresh.header("etag"), Some("\"v7\""));
    assert_eq!(fresh.header("X-Rate-Remaining"), Some("9"));
    assert_eq!(fresh.body, SummaryGetSummarySuccess::Ok(vec!["a".to_string(), "b".to_string()]));

    let cached = summary.summary().get_summary().await.unwrap();
    assert_eq!(cached.status.as_u16(), 304);
    assert_eq!(cached.header("etag"), Some("\"v7\""));
    assert_eq!(cached.into_body(), SummaryGetSummarySuccess::NotModified);
}

#[tokio::test]
async fn default_alone_covers_success_and_error() {
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, r#"{"at": "noon"}"#),
        CannedResponse::json(503, r#"{"at": "never"}"#),
    ])
    .await
    .unwrap();
    let ping = client(&server);

    let pong: Pong = ping.ping().get().await.unwrap();
    assert_eq!(pong.at.as_deref(), Some("noon"));

    let error = ping.ping().get().await.unwrap_err();
    let expected = PingGetError::Default(Pong { at: Some("never".into()) });
    assert_eq!(error.typed::<PingGetError>(), Some(&expected));
}

#[tokio::test]
async fn only_errors_documented_means_2xx_is_success() {
    let server = TestServer::start_sequence(vec![CannedResponse::text(200, "fine"), CannedResponse::empty(500)])
        .await
        .unwrap();
    let legacy = client(&server);

    legacy.legacy().status().await.unwrap();
    let error = legacy.legacy().status().await.unwrap_err();
    assert_eq!(error.api().map(|api| api.documented), Some(true));
}

#[tokio::test]
async fn wildcard_with_schema_is_json() {
    let server = TestServer::start(CannedResponse::json(200, r#"{"at": "dawn"}"#)).await.unwrap();
    let pong = client(&server).anything().get_anything().await.unwrap();
    assert_eq!(pong.at.as_deref(), Some("dawn"));
    assert_eq!(server.requests()[0].header("accept"), Some("*/*"));
}

#[tokio::test]
async fn invalid_json_success_is_a_decode_error() {
    let server = TestServer::start(CannedResponse::json(202, r#"{"percent": "forty"}"#)).await.unwrap();
    let error = client(&server).tasks().get_task("t1").await.unwrap_err();
    let Error::Decode { status, body, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(status.as_u16(), 202);
    assert_eq!(body, r#"{"percent": "forty"}"#);
}

#[test]
fn error_works_with_question_mark_and_threads() {
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();

    fn convert() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Err(Error::InvalidRequest("example".into()))?;
        Ok(())
    }
    assert_eq!(convert().unwrap_err().to_string(), "invalid request: example");
}

#[tokio::test]
async fn large_bodies_and_bodiless_error_variant() {
    let report = r#"{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": "8", "i": "9", "j": "10"}"#;
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, report),
        CannedResponse::empty(204),
        CannedResponse::json(422, report),
        CannedResponse::empty(423),
    ])
    .await
    .unwrap();
    let reports = client(&server);

    let ok = reports.reports().get_latest_report().await.unwrap();
    let ReportsGetLatestReportSuccess::Ok(body) = ok else {
        panic!("expected Ok, got {ok:?}");
    };
    assert_eq!(body.j, "10");
    assert_eq!(
        reports.reports().get_latest_report().await.unwrap(),
        ReportsGetLatestReportSuccess::NoContent
    );

    let failed = reports.reports().get_latest_report().await.unwrap_err();
    let Some(ReportsGetLatestReportError::UnprocessableEntity(body)) = failed.typed::<ReportsGetLatestReportError>() else {
        panic!("expected UnprocessableEntity, got {failed:?}");
    };
    assert_eq!(body.a, "1");

    let locked = reports.reports().get_latest_report().await.unwrap_err();
    assert_eq!(locked.typed::<ReportsGetLatestReportError>(), Some(&ReportsGetLatestReportError::Locked));
}

/// A required member with a default is read when absent, and the
/// `anyOf: [$ref, {type: object, nullable: true}]` idiom is a nullable
/// reference, not a union.
#[tokio::test]
async fn absent_default_and_null_manager() {
    use responses_fixture::models::Person;
    let server = TestServer::start_sequence(vec![
        CannedResponse::json(200, r#"{"id": "p1", "manager": null}"#),
        CannedResponse::json(200, r##"{"@odata.type": "#example.boss", "id": "p2", "manager": {"id": "p3"}}"##),
    ])
    .await
    .unwrap();
    let people = client(&server);

    let first = people.people().get_person("p1").await.unwrap();
    assert_eq!(first.odata_type, "#example.person");
    assert_eq!(first.manager, Some(None));

    let second = people.people().get_person("p2").await.unwrap();
    assert_eq!(second.odata_type, "#example.boss");
    let manager = Person {
        id: Some("p3".into()),
        ..Person::default()
    };
    assert_eq!(second.manager, Some(Some(Box::new(manager))));
    // The default is always sent.
    assert_eq!(
        serde_json::to_value(&first).unwrap(),
        serde_json::json!({"@odata.type": "#example.person", "id": "p1", "manager": null})
    );
}
