//! OpenAPI 3.1 `type` arrays load: `"null"` in the list makes a field
//! nullable (`Option`, or `Option<Option<T>>` when also optional), and a list
//! of several types becomes an untagged union.

use case_19_type_array_nullable_31::models::{Room, RoomCode, RoomNotes};
use serde_json::json;

/// Checks the field types at compile time; never called.
#[allow(dead_code)]
fn field_types(room: Room) {
    let _: Option<String> = room.number;
    let _: Option<i64> = room.floor;
    let _: Option<Option<i32>> = room.capacity;
    let _: Option<Option<RoomNotes>> = room.notes;
    let _: Option<RoomCode> = room.code;
    let _: Option<Option<Vec<String>>> = room.tags;
}

fn room(value: serde_json::Value) -> Room {
    serde_json::from_value(value).expect("a valid room")
}

#[test]
fn required_nulls_sent() {
    let value = json!({"number": null, "floor": null});
    let parsed = room(value.clone());
    assert_eq!(parsed.number, None);
    assert_eq!(parsed.floor, None);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
}

#[test]
fn capacity_null_kept() {
    let parsed = room(json!({"number": "1", "floor": 2, "capacity": null}));
    assert_eq!(parsed.capacity, Some(None));
}

#[test]
fn capacity_absent() {
    let parsed = room(json!({"number": "1", "floor": 2}));
    assert_eq!(parsed.capacity, None);
}

#[test]
fn capacity_value() {
    let parsed = room(json!({"number": "1", "floor": 2, "capacity": 4}));
    assert_eq!(parsed.capacity, Some(Some(4)));
}

#[test]
fn notes_null_first_in_list() {
    let parsed = room(json!({"number": "1", "floor": 2, "notes": null}));
    assert_eq!(parsed.notes, Some(None));
}

#[test]
fn notes_object() {
    let parsed = room(json!({"number": "1", "floor": 2, "notes": {"text": "quiet"}}));
    let notes = parsed.notes.flatten().expect("notes present");
    assert_eq!(notes.text.as_deref(), Some("quiet"));
}

#[test]
fn code_string() {
    let parsed = room(json!({"number": "1", "floor": 2, "code": "A1"}));
    assert_eq!(parsed.code, Some(RoomCode::String("A1".into())));
}

#[test]
fn code_integer() {
    let parsed = room(json!({"number": "1", "floor": 2, "code": 12}));
    assert_eq!(parsed.code, Some(RoomCode::Integer(12)));
}

#[test]
fn nothing_accepts_null() {
    let result = serde_json::from_value::<Room>(json!({"number": "1", "floor": 2, "nothing": null}));
    assert!(result.is_ok());
}

#[test]
fn tags_null_and_list() {
    let null_tags = room(json!({"number": "1", "floor": 2, "tags": null}));
    let listed = room(json!({"number": "1", "floor": 2, "tags": ["a"]}));
    assert_eq!(null_tags.tags, Some(None));
    assert_eq!(listed.tags, Some(Some(vec!["a".to_string()])));
}

#[test]
fn full_room_round_trip() {
    let value = json!({
        "number": "101",
        "floor": 1,
        "capacity": null,
        "notes": {"text": "quiet"},
        "code": 7,
        "tags": ["sea", "view"]
    });
    let parsed = room(value.clone());
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
}
