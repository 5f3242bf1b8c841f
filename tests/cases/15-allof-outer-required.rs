//! `required` next to `allOf` applies to the merged properties: it adds a
//! required field to `Extended` and tightens `Base.category` in `Pinned`.

use case_15_allof_outer_required::models::{Base, Extended, Pinned};
use serde_json::json;

/// Checks the field types at compile time; never called.
#[allow(dead_code)]
fn field_types(base: Base, extended: Extended, pinned: Pinned) {
    let _: Option<String> = base.category;
    let _: Option<String> = base.note;
    let _: Option<String> = extended.category;
    let _: Option<String> = extended.note;
    let _: bool = extended.flag;
    let _: String = pinned.category;
    let _: Option<String> = pinned.note;
}

#[test]
fn pinned_without_category_rejected() {
    let result = serde_json::from_value::<Pinned>(json!({"note": "x"}));
    assert!(result.is_err());
}

#[test]
fn pinned_round_trip() {
    let value = json!({"category": "c", "note": "x"});
    let pinned: Pinned = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(pinned.category, "c");
    assert_eq!(serde_json::to_value(&pinned).unwrap(), value);
}

#[test]
fn extended_without_flag_rejected() {
    let result = serde_json::from_value::<Extended>(json!({"category": "c"}));
    assert!(result.is_err());
}

#[test]
fn extended_round_trip() {
    let value = json!({"category": "c", "flag": true});
    let extended: Extended = serde_json::from_value(value.clone()).unwrap();
    assert!(extended.flag);
    assert_eq!(serde_json::to_value(&extended).unwrap(), value);
}

#[test]
fn base_accepts_empty_object() {
    let base: Base = serde_json::from_value(json!({})).unwrap();
    assert_eq!(base, Base { category: None, note: None });
}
