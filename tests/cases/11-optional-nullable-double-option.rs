//! Optional and nullable fields keep three states apart: absent (`None`),
//! `null` (`Some(None)`) and a value (`Some(Some(v))`). Required nullable
//! fields are always sent, as `null` when `None`.

use case_11_optional_nullable_double_option::models::{Address, ProfilePatch};
use case_11_optional_nullable_double_option::{Client, Error};
use serde_json::json;

/// Checks the field types at compile time; never called.
#[allow(dead_code)]
fn field_types(patch: ProfilePatch) {
    let _: Option<Option<String>> = patch.nickname;
    let _: Option<Option<i32>> = patch.age;
    let _: Option<String> = patch.email;
    let _: Option<String> = patch.display_name;
    let _: Option<Option<Address>> = patch.address;
}

#[allow(dead_code)]
async fn signatures(client: &Client, patch: &ProfilePatch) {
    let _: Result<ProfilePatch, Error> = client.profiles().patch_profile("p1", patch).await;
}

fn empty() -> ProfilePatch {
    ProfilePatch {
        nickname: None,
        age: None,
        email: None,
        display_name: None,
        address: None,
    }
}

#[test]
fn absent_nickname_omitted() {
    let value = serde_json::to_value(empty()).unwrap();
    assert_eq!(value, json!({"display_name": null}));
}

#[test]
fn null_nickname_sent() {
    let patch = ProfilePatch {
        nickname: Some(None),
        ..empty()
    };
    let value = serde_json::to_value(patch).unwrap();
    assert_eq!(value, json!({"nickname": null, "display_name": null}));
}

#[test]
fn value_nickname_sent() {
    let patch = ProfilePatch {
        nickname: Some(Some("x".into())),
        ..empty()
    };
    let value = serde_json::to_value(patch).unwrap();
    assert_eq!(value, json!({"nickname": "x", "display_name": null}));
}

#[test]
fn absent_deserializes_to_none() {
    let patch: ProfilePatch = serde_json::from_value(json!({"display_name": "Ann"})).unwrap();
    assert_eq!(patch.nickname, None);
}

#[test]
fn null_deserializes_to_some_none() {
    let patch: ProfilePatch = serde_json::from_value(json!({"nickname": null, "display_name": "Ann"})).unwrap();
    assert_eq!(patch.nickname, Some(None));
}

#[test]
fn value_deserializes_to_some_some() {
    let patch: ProfilePatch = serde_json::from_value(json!({"nickname": "x", "display_name": "Ann"})).unwrap();
    assert_eq!(patch.nickname, Some(Some("x".to_string())));
}

#[test]
fn mixed_states_round_trip() {
    let value = json!({"nickname": null, "age": 30, "display_name": null, "address": {"city": "Oslo"}});
    let patch: ProfilePatch = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(patch.age, Some(Some(30)));
    assert_eq!(patch.address, Some(Some(Address { city: Some("Oslo".into()) })));
    assert_eq!(serde_json::to_value(&patch).unwrap(), value);
}

#[test]
fn nullable_address_null() {
    let value = json!({"address": null, "display_name": "Ann"});
    let patch: ProfilePatch = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(patch.address, Some(None));
    assert_eq!(serde_json::to_value(&patch).unwrap(), value);
}

#[test]
fn email_null_not_kept() {
    let patch: ProfilePatch = serde_json::from_value(json!({"email": null, "display_name": "Ann"})).unwrap();
    let value = serde_json::to_value(&patch).unwrap();
    assert_eq!(value, json!({"display_name": "Ann"}));
}
