//! Tests of the generator config options against the committed crates of
//! `fixtures/config.yaml` (with `config.toml`) and `fixtures/jiff.yaml`
//! (with `jiff.toml`), and of the warnings about options that match
//! nothing.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use config_fixture::models::{Animal, AnimalStatus, Order};
use serde_json::json;

/// Decodes `text`, checks the value, and checks that it encodes back to the
/// same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: serde_json::Value) -> T {
    let value: T = serde_json::from_value(text.clone()).expect("value decodes");
    assert_eq!(serde_json::to_value(&value).expect("value encodes"), text);
    value
}

#[test]
fn chrono_date_time_round_trips() {
    let text = json!({"name": "Rex", "id": 1, "status": "available", "updated_at": "2024-02-29T12:34:56.789Z"});
    let pet: pet_store::models::Pet = round_trip(text);
    let expected = chrono::DateTime::parse_from_rfc3339("2024-02-29T12:34:56.789Z").unwrap();
    assert_eq!(pet.updated_at, Some(expected.to_utc()));
}

#[test]
fn time_date_time_round_trips() {
    let order: Order = round_trip(json!({"id": 1, "placed_at": "2024-02-29T12:34:56.789+02:00"}));
    assert_eq!(order.placed_at.0, time::macros::datetime!(2024-02-29 12:34:56.789 +02:00));
    let animal: Animal = round_trip(json!({"id": 1, "name": "Rex", "birthday": "2024-02-29"}));
    assert_eq!(animal.birthday.map(|date| date.0), Some(time::macros::date!(2024 - 02 - 29)));
}

#[test]
fn time_rejects_other_formats() {
    for text in ["2024-02-29T12:34:56", "1709210096", "2024-02-30T00:00:00Z"] {
        let result = serde_json::from_value::<Order>(json!({"id": 1, "placed_at": text}));
        assert!(result.is_err(), "{text} was accepted");
    }
    for text in ["2024-2-29", "2024-02-30", "+024-02-29"] {
        let result = serde_json::from_value::<Animal>(json!({"id": 1, "name": "Rex", "birthday": text}));
        assert!(result.is_err(), "{text} was accepted");
    }
}

#[test]
fn jiff_date_time_round_trips() {
    let event: jiff_fixture::models::Event = round_trip(json!({"at": "2024-02-29T12:34:56.789Z", "day": "2024-02-29"}));
    assert_eq!(event.at, "2024-02-29T12:34:56.789Z".parse::<jiff::Timestamp>().unwrap());
    assert_eq!(event.day, jiff::civil::date(2024, 2, 29));
}

#[test]
fn index_map_keeps_member_order() {
    let event: jiff_fixture::models::Event = round_trip(json!({"at": "2024-02-29T00:00:00Z", "day": "2024-02-29", "counts": {"zebra": 1, "apple": 2}}));
    let counts: indexmap::IndexMap<String, i64> = event.counts.unwrap();
    assert_eq!(counts.keys().collect::<Vec<_>>(), ["zebra", "apple"]);
}

#[test]
fn renamed_and_replaced_types() {
    let animal: Animal = round_trip(json!({"id": 1, "name": "Rex", "type": "dog", "status": "sold", "price": "12.50", "labels": {"b": "2", "a": "1"}}));
    assert_eq!(animal.kind.as_deref(), Some("dog"));
    assert_eq!(animal.status, Some(AnimalStatus::Sold));
    assert_eq!(animal.price.map(|price| price.to_string()).as_deref(), Some("12.50"));
    // BTreeMap sorts the members.
    let labels: std::collections::BTreeMap<String, String> = animal.labels.clone().unwrap();
    assert_eq!(labels.keys().collect::<Vec<_>>(), ["a", "b"]);
}

#[test]
fn extra_derives_and_attributes() {
    let first: Animal = serde_json::from_value(json!({"id": 1, "name": "Rex"})).unwrap();
    let second: Animal = serde_json::from_value(json!({"id": 2, "name": "Rex"})).unwrap();
    // `Eq` and `Hash` from `types.derives`, `PartialOrd` from `types.extra_derives`.
    let set: HashSet<Animal> = [first.clone(), second.clone(), first.clone()].into();
    assert_eq!(set.len(), 2);
    assert!(first < second);
    // `#[serde(deny_unknown_fields)]` from `types.attributes` on Order only.
    assert!(serde_json::from_value::<Order>(json!({"id": 1, "placed_at": "2024-02-29T00:00:00Z", "note": "x"})).is_err());
    assert!(serde_json::from_value::<Animal>(json!({"id": 1, "name": "Rex", "note": "x"})).is_ok());
}

#[test]
fn client_presets_from_config() {
    let options = config_fixture::RequestOptions::default();
    assert_eq!(options.max_retries, 4);
    assert_eq!(options.retry_delay, Duration::from_millis(250));
    assert_eq!(options.timeout, Duration::from_secs(12));
    assert!(options.retry_non_idempotent);
}

#[test]
fn renamed_operation_is_called_all() {
    // A compile check: `listPets` is `all` after `rename.operations`.
    let _all = config_fixture::groups::Pets::all;
    let _list_orders = config_fixture::groups::Store::list_orders;
}

/// Writes `config` to a config file in a temporary folder and loads it;
/// the folder lives as long as the returned guard.
fn load_config(config: &str) -> (tempfile::TempDir, std::path::PathBuf, openapi_gen::Settings) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("options.toml");
    std::fs::write(&path, config).unwrap();
    let settings = openapi_gen::config::Config::load(&path).unwrap();
    (folder, path, settings)
}

fn warnings_for(config: &str) -> Vec<String> {
    let (_folder, path, settings) = load_config(config);
    let generated = openapi_gen::generate(Path::new("fixtures/config.yaml"), &settings).unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    for warning in &warnings {
        if warning.contains("config option") {
            assert!(warning.contains(&path.display().to_string()), "{warning} does not name the file");
        }
    }
    warnings
}

#[test]
fn options_matching_nothing_warn() {
    let warnings = warnings_for(
        r#"
[include]
tags = ["pets", "nosuchtag"]
groups = ["nosuchgroup"]
[exclude]
operations = ["nosuchOperation"]
paths = ["/nowhere/**"]
[lifecycle]
draft_extensions = ["x-nosuch"]
[rename.types]
NoSuchSchema = "Other"
[rename.properties.Pet]
nosuch = "other"
[rename.operations]
nosuchOperation = "other"
[types.replace]
NoSuchSchema = "String"
[types.derives]
NoSuchType = ["Hash"]
"#,
    );
    for key in [
        "include.tags",
        "include.groups",
        "exclude.operations",
        "exclude.paths",
        "lifecycle.draft_extensions",
        "rename.types.NoSuchSchema",
        "rename.properties.Pet.nosuch",
        "rename.operations.nosuchOperation",
        "types.replace.NoSuchSchema",
        "types.derives.NoSuchType",
    ] {
        assert!(
            warnings.iter().any(|warning| warning.contains(&format!("config option `{key}`"))),
            "no warning names `{key}`: {warnings:#?}"
        );
    }
}

/// Returns the paths of the operations that a config keeps from `fixtures/config.yaml`.
fn kept_paths(config: &str) -> Vec<String> {
    let (_folder, _path, settings) = load_config(config);
    let api = openapi_gen::build_model(Path::new("fixtures/config.yaml"), &settings).unwrap();
    let mut paths: Vec<String> = api.groups.iter().flat_map(|group| group.operations.iter().map(|operation| operation.path.clone())).collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn trailing_double_star_matches_prefix() {
    let excluded = kept_paths("[exclude]\npaths = [\"/pets/**\"]\n");
    assert!(!excluded.iter().any(|path| path.starts_with("/pets")), "{excluded:?}");
    assert!(excluded.contains(&"/store/orders".to_string()), "{excluded:?}");

    let included = kept_paths("[include]\npaths = [\"/pets/**\"]\n");
    assert!(included.contains(&"/pets".to_string()), "{included:?}");
    assert!(included.contains(&"/pets/{petId}".to_string()), "{included:?}");
    assert!(!included.contains(&"/store/orders".to_string()), "{included:?}");

    // `/pets/*` still needs one segment after `/pets`.
    let one_segment = kept_paths("[include]\npaths = [\"/pets/*\"]\n");
    assert!(!one_segment.contains(&"/pets".to_string()), "{one_segment:?}");
}

#[test]
fn invalid_option_values_are_errors() {
    for (config, key) in [
        ("[rename.types]\nPet = \"not a name\"\n", "rename.types.Pet"),
        ("[rename.types]\nPet = \"Order\"\n", "rename.types.Pet"),
        ("[rename.operations]\nlistPets = \"createPet\"\n", "rename.operations.listPets"),
        ("[rename.operations]\nlistPets = \"create_pet\"\n", "rename.operations.listPets"),
        ("[types.replace]\nMoney = \"not a type!\"\n", "types.replace.Money"),
        ("[types.attributes]\nPet = [\"non_exhaustive\"]\n", "types.attributes.Pet"),
        ("[include]\npaths = [\"/pets/[\"]\n", "include.paths"),
    ] {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("options.toml");
        std::fs::write(&path, config).unwrap();
        let settings = openapi_gen::config::Config::load(&path).unwrap();
        let error = openapi_gen::generate(Path::new("fixtures/config.yaml"), &settings).expect_err(config);
        assert!(error.message.contains(&format!("`{key}`")), "{error}");
        assert_eq!(error.file.as_deref(), Some(path.as_path()), "{error}");
    }
}
