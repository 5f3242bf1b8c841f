//! Schema `default` values are applied when a member is absent: enum
//! defaults (`impl Default` with the right variant), scalars, arrays, and a
//! default next to an `allOf` reference.

use case_36_enum_default_value::models::{Config, ConfigMode, Level};
use serde_json::json;

/// Checks the field types at compile time; never called; `level` has no default
/// where it is used, so its type is left open.
#[allow(dead_code)]
fn field_types(config: Config) {
    let _: ConfigMode = config.mode;
    let _: i64 = config.retries;
    let _: String = config.label;
    let _: f64 = config.ratio;
    let _: Vec<String> = config.tags;
    let _: Level = config.floor;
}

fn empty() -> Config {
    serde_json::from_value(json!({})).expect("an empty config is valid")
}

#[test]
fn level_default_impl() {
    assert_eq!(Level::default(), Level::Medium);
}

#[test]
fn mode_default_impl() {
    assert_eq!(ConfigMode::default(), ConfigMode::Auto);
}

#[test]
fn empty_mode_auto() {
    assert_eq!(empty().mode, ConfigMode::Auto);
}

#[test]
fn empty_retries_three() {
    assert_eq!(empty().retries, 3);
}

#[test]
fn empty_label_none_text() {
    assert_eq!(empty().label, "none");
}

#[test]
fn empty_ratio_half() {
    assert_eq!(empty().ratio, 0.5);
}

#[test]
fn empty_tags_empty() {
    assert!(empty().tags.is_empty());
}

#[test]
fn empty_floor_low() {
    assert_eq!(empty().floor, Level::Low);
}

#[test]
fn given_values_win() {
    let value = json!({"level": "high", "mode": "manual", "retries": 0, "label": "x", "ratio": 1.5, "tags": ["a"], "floor": "high"});
    let config: Config = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(config.mode, ConfigMode::Manual);
    assert_eq!(config.retries, 0);
    assert_eq!(config.floor, Level::High);
    assert_eq!(serde_json::to_value(&config).unwrap(), value);
}
