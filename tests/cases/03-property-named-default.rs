//! Properties named like Rust keywords (`type`, `self`, `crate`, `Self`,
//! `match`) or like generated items (`default`, `new`, `builder`) become
//! valid, distinct fields and keep their wire names.

use case_03_property_named_default::models::FilterOption;
use serde_json::json;

fn full() -> FilterOption {
    FilterOption {
        default: Some(true),
        type_: "toggle".into(),
        self_: "me".into(),
        crate_: Some(7),
        self_2: Some("Me".into()),
        new: Some(false),
        builder: Some("b".into()),
        match_: Some("exact".into()),
    }
}

#[test]
fn serializes_wire_names() {
    let value = serde_json::to_value(full()).unwrap();
    let expected = json!({
        "default": true,
        "type": "toggle",
        "self": "me",
        "crate": 7,
        "Self": "Me",
        "new": false,
        "builder": "b",
        "match": "exact"
    });
    assert_eq!(value, expected);
}

#[test]
fn deserializes_wire_names() {
    let text = r#"{"default":true,"type":"toggle","self":"me","crate":7,"Self":"Me","new":false,"builder":"b","match":"exact"}"#;
    let option: FilterOption = serde_json::from_str(text).unwrap();
    assert_eq!(option, full());
}

#[test]
fn self_and_capital_self_distinct() {
    let option: FilterOption = serde_json::from_value(json!({"type": "t", "self": "lower", "Self": "upper"})).unwrap();
    assert_eq!(option.self_, "lower");
    assert_eq!(option.self_2.as_deref(), Some("upper"));
}

#[test]
fn optional_fields_omitted() {
    let option: FilterOption = serde_json::from_value(json!({"type": "t", "self": "s"})).unwrap();
    assert_eq!(serde_json::to_value(option).unwrap(), json!({"type": "t", "self": "s"}));
}

#[test]
fn required_type_missing_rejected() {
    let result = serde_json::from_value::<FilterOption>(json!({"self": "s"}));
    assert!(result.is_err());
}

#[test]
fn required_self_missing_rejected() {
    let result = serde_json::from_value::<FilterOption>(json!({"type": "t"}));
    assert!(result.is_err());
}
