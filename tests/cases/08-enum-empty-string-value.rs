//! Enum values that are empty, made of symbols only, or differ only in case
//! become distinct variants that keep their exact wire strings.

use case_08_enum_empty_string_value::models::{Sign, SortOrder, Unit};
use serde_json::json;

#[test]
fn empty_string_is_empty_variant() {
    let order: SortOrder = serde_json::from_value(json!("")).unwrap();
    assert_eq!(order, SortOrder::Empty);
}

#[test]
fn word_empty_is_other_variant() {
    let order: SortOrder = serde_json::from_value(json!("empty")).unwrap();
    assert_eq!(order, SortOrder::Empty2);
}

#[test]
fn sort_order_wire_strings() {
    let cases = [
        (SortOrder::Empty, ""),
        (SortOrder::Asc, "asc"),
        (SortOrder::Desc, "desc"),
        (SortOrder::Empty2, "empty"),
    ];
    for (variant, wire) in cases {
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
    }
}

#[test]
fn sign_wire_strings() {
    let cases = [(Sign::Plus, "+"), (Sign::Minus, "-"), (Sign::Asterisk, "*"), (Sign::Space, " ")];
    for (variant, wire) in cases {
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        assert_eq!(serde_json::from_value::<Sign>(json!(wire)).unwrap(), variant);
    }
}

#[test]
fn unit_case_twins_distinct() {
    let milli: Unit = serde_json::from_value(json!("mW")).unwrap();
    let mega: Unit = serde_json::from_value(json!("MW")).unwrap();
    assert_ne!(milli, mega);
    assert_eq!(serde_json::to_value(&milli).unwrap(), json!("mW"));
    assert_eq!(serde_json::to_value(&mega).unwrap(), json!("MW"));
}

#[test]
fn unit_variants_named() {
    assert_eq!(Unit::MW.as_str(), "mW");
    assert_eq!(Unit::Mw.as_str(), "MW");
    assert_eq!(Unit::KW.as_str(), "kW");
}

#[test]
fn from_str_gives_exact_variant() {
    assert_eq!("".parse::<SortOrder>().unwrap(), SortOrder::Empty);
    assert_eq!(" ".parse::<Sign>().unwrap(), Sign::Space);
}
