//! A 3.0 document that uses the 3.1 numeric form of `exclusiveMinimum` and
//! `exclusiveMaximum` still generates; bounds do not change the types.

use case_18_numeric_exclusive_minimum_in_30::models::Rating;
use serde_json::json;

/// Checks the field types at compile time; never called; `votes` may be signed or
/// unsigned.
#[allow(dead_code)]
fn field_types(rating: Rating) {
    let _: f64 = rating.score;
    let _ = rating.votes.map(|votes| votes + 1);
}

#[test]
fn rating_round_trip() {
    let value = json!({"score": 4.5, "votes": 12});
    let rating: Rating = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(rating.score, 4.5);
    assert_eq!(rating.votes, Some(12));
    assert_eq!(serde_json::to_value(&rating).unwrap(), value);
}

#[test]
fn votes_optional() {
    let rating: Rating = serde_json::from_value(json!({"score": 1.0})).unwrap();
    assert_eq!(rating.votes, None);
}

#[test]
fn score_required() {
    let result = serde_json::from_value::<Rating>(json!({"votes": 3}));
    assert!(result.is_err());
}
