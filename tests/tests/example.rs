//! Runs the `assign_card` example binary against a server on 127.0.0.1, as
//! a user would with `SEAM_ENDPOINT` set.

use std::path::PathBuf;
use std::process::Command;

use openapi_gen_tests::{CannedResponse, TestServer};

/// `cargo test` builds the examples next to the test binaries:
/// `target/<profile>/examples/assign_card`.
fn example_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path");
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    profile_dir.join("examples").join(format!("assign_card{}", std::env::consts::EXE_SUFFIX))
}

#[tokio::test]
async fn example_calls_local_server() {
    let body = r#"{"action_attempt": {"action_attempt_id": "a1b2c3d4-e5f6-4789-8abc-def012345678",
        "action_type": "ASSIGN_CREDENTIAL", "status": "pending"}, "ok": true}"#;
    let server = TestServer::start(CannedResponse::json(200, body)).await.unwrap();

    let binary = example_binary();
    let base_url = server.base_url.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .args(["3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d", "CARD-0042"])
            .env("SEAM_API_KEY", "seam_example_key")
            .env("SEAM_ENDPOINT", base_url)
            .output()
            .expect("example runs")
    })
    .await
    .unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(printed["action_attempt"]["action_attempt_id"], "a1b2c3d4-e5f6-4789-8abc-def012345678");

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, "/access_methods/assign_card");
    assert_eq!(sent.header("authorization"), Some("Bearer seam_example_key"));
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"access_method_id": "3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d", "card_number": "CARD-0042"})
    );
}

#[test]
fn example_without_key_explains_itself() {
    let output = Command::new(example_binary())
        .args(["3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d", "CARD-0042"])
        .env_remove("SEAM_API_KEY")
        .output()
        .expect("example runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("set SEAM_API_KEY"));
}
