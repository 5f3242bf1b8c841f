//! A `oneOf` with a discriminator dispatches on the tag value (explicit
//! mapping keys and implicit schema names), rejects unknown tags, and writes
//! the tag exactly once, although every member also declares it.

use case_14_discriminator_tag_field_in_variant::models::{Circle, Polygon, Shape, Square};
use case_14_discriminator_tag_field_in_variant::{Client, Error};
use serde_json::json;

#[allow(dead_code)]
async fn signatures(client: &Client) {
    let _: Result<Vec<Shape>, Error> = client.shapes().list_shapes().await;
}

fn shape(value: serde_json::Value) -> Shape {
    serde_json::from_value(value).expect("a valid shape")
}

#[test]
fn circle_by_mapping_key() {
    match shape(json!({"kind": "circle", "radius": 1.5})) {
        Shape::Circle(circle) => assert_eq!(circle.radius, 1.5),
        other => panic!("expected a circle, got {other:?}"),
    }
}

#[test]
fn square_by_mapping_key() {
    match shape(json!({"kind": "sq", "side": 2})) {
        Shape::Square(square) => assert_eq!(square.side, 2.0),
        other => panic!("expected a square, got {other:?}"),
    }
}

#[test]
fn polygon_by_schema_name() {
    match shape(json!({"kind": "Polygon", "sides": 5})) {
        Shape::Polygon(polygon) => assert_eq!(polygon.sides, 5),
        other => panic!("expected a polygon, got {other:?}"),
    }
}

#[test]
fn circle_round_trip_one_tag() {
    let value = json!({"kind": "circle", "radius": 1.5});
    let text = serde_json::to_string(&shape(value.clone())).unwrap();
    assert_eq!(text.matches("\"kind\"").count(), 1);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
}

#[test]
fn square_round_trip_keeps_key() {
    let value = json!({"kind": "sq", "side": 2.0});
    let back = serde_json::to_value(shape(value.clone())).unwrap();
    assert_eq!(back, value);
}

#[test]
fn polygon_round_trip() {
    let value = json!({"kind": "Polygon", "sides": 5});
    let back = serde_json::to_value(shape(value.clone())).unwrap();
    assert_eq!(back, value);
}

/// An unknown tag is never taken for the first member: it is kept, raw,
/// in the fallback variant, so that a new kind from the server does not
/// fail the whole response.
#[test]
fn unknown_tag_kept_raw() {
    let body = json!({"kind": "hexagon", "sides": 6});
    let shape = serde_json::from_value::<Shape>(body.clone()).expect("decodes");
    assert_eq!(shape, Shape::Unknown(body.clone()));
    assert_eq!(serde_json::to_value(&shape).unwrap(), body);
}

#[test]
fn tag_decides_not_shape_of_body() {
    let result = serde_json::from_value::<Shape>(json!({"kind": "circle", "side": 2}));
    assert!(result.is_err());
}

#[test]
fn standalone_members_keep_tag() {
    let circle = Circle { kind: "circle".into(), radius: 1.0 };
    let square = Square { kind: "sq".into(), side: 1.0 };
    let polygon = Polygon { kind: "Polygon".into(), sides: 3 };
    assert_eq!(serde_json::to_value(circle).unwrap(), json!({"kind": "circle", "radius": 1.0}));
    assert_eq!(serde_json::to_value(square).unwrap(), json!({"kind": "sq", "side": 1.0}));
    assert_eq!(serde_json::to_value(polygon).unwrap(), json!({"kind": "Polygon", "sides": 3}));
}
