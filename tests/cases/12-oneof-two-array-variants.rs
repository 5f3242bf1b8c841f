//! `oneOf` members that are arrays of different item types become distinct
//! untagged variants named after their item types.

use case_12_oneof_two_array_variants::models::{Gadget, Query, QueryIds, QueryTarget};
use serde_json::json;

fn target(value: serde_json::Value) -> QueryTarget {
    let query: Query = serde_json::from_value(json!({ "target": value })).unwrap();
    query.target.expect("target present")
}

#[test]
fn string_ids() {
    let query: Query = serde_json::from_value(json!({"ids": ["a", "b"]})).unwrap();
    assert_eq!(query.ids, Some(QueryIds::StringArray(vec!["a".into(), "b".into()])));
}

#[test]
fn integer_ids() {
    let query: Query = serde_json::from_value(json!({"ids": [1, 2]})).unwrap();
    assert_eq!(query.ids, Some(QueryIds::IntegerArray(vec![1, 2])));
}

#[test]
fn empty_ids_first_array() {
    let query: Query = serde_json::from_value(json!({"ids": []})).unwrap();
    assert_eq!(query.ids, Some(QueryIds::StringArray(Vec::new())));
}

#[test]
fn ids_round_trip() {
    for value in [json!({"ids": ["a"]}), json!({"ids": [7]})] {
        let query: Query = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&query).unwrap(), value);
    }
}

#[test]
fn target_string() {
    assert_eq!(target(json!("x")), QueryTarget::String("x".into()));
}

#[test]
fn target_string_array() {
    assert_eq!(target(json!(["x"])), QueryTarget::StringArray(vec!["x".into()]));
}

#[test]
fn target_gadget() {
    assert_eq!(target(json!({"serial": "x"})), QueryTarget::Gadget(Gadget { serial: "x".into() }));
}

#[test]
fn target_gadget_array() {
    let expected = QueryTarget::GadgetArray(vec![Gadget { serial: "x".into() }]);
    assert_eq!(target(json!([{"serial": "x"}])), expected);
}

#[test]
fn target_round_trip() {
    let value = json!({"target": [{"serial": "a"}, {"serial": "b"}]});
    let query: Query = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&query).unwrap(), value);
}

#[test]
fn mixed_ids_rejected() {
    let result = serde_json::from_value::<Query>(json!({"ids": ["a", 1]}));
    assert!(result.is_err());
}
