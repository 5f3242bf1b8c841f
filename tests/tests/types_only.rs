//! The types-only crate generated from `fixtures/types-only.yaml`: models
//! without a client, for webhook receivers. That it compiles in this
//! workspace proves its code needs no dependency beyond its manifest.

use types_only_fixture::models::{CodeSet, Event, LockLocked, LockLockedMethod};

const MANIFEST: &str = include_str!("../generated/types_only/Cargo.toml");

/// Returns the names of the `[dependencies]` of the generated manifest.
fn dependencies() -> Vec<String> {
    let section = MANIFEST.split("[dependencies]").nth(1).expect("manifest has [dependencies]");
    section
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim().to_string()))
        .collect()
}

#[test]
fn manifest_lists_no_client_crates() {
    let names = dependencies();
    for client_crate in ["reqwest", "tokio", "backon", "bytes", "futures-util", "percent-encoding", "thiserror"] {
        assert!(!names.iter().any(|name| name == client_crate), "{client_crate} in {names:?}");
    }
    assert_eq!(names, ["base64", "chrono", "serde", "serde_json", "serde_with", "uuid"]);
}

#[test]
fn crate_has_no_client_files() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/types_only/src");
    let mut files: Vec<String> = std::fs::read_dir(&source)
        .expect("src of the types-only crate")
        .map(|entry| entry.expect("directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["codec.rs", "lib.rs", "models.rs"]);
}

#[test]
fn webhook_payload_round_trips() {
    let body = r#"{"event_type":"lock.locked","event_id":"0b7d3c1e-4f51-4d5a-9a57-0c1f0a6f4c11","lock_id":"front","occurred_at":"2024-05-01T10:00:00Z","method":"keypad"}"#;
    let event: Event = serde_json::from_str(body).expect("event decodes");
    let Event::LockLocked(LockLocked { lock_id, method, .. }) = &event else {
        panic!("expected LockLocked, got {event:?}");
    };
    assert_eq!(lock_id, "front");
    assert_eq!(method, &Some(LockLockedMethod::Keypad));
    let written: serde_json::Value = serde_json::to_value(&event).expect("event encodes");
    let read: serde_json::Value = serde_json::from_str(body).expect("valid JSON");
    assert_eq!(written, read);
}

#[test]
fn base64_and_null_members_decode() {
    let body = r#"{"event_type":"code.set","event_id":"0b7d3c1e-4f51-4d5a-9a57-0c1f0a6f4c11","code":"1234","signature":"aGk=","name":null}"#;
    let code: CodeSet = serde_json::from_str(body).expect("code event decodes");
    assert_eq!(code.signature.as_ref().map(|bytes| bytes.0.clone()), Some(b"hi".to_vec()));
    assert_eq!(code.name, Some(None));
}
