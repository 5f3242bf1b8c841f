//! `anyOf` over string alternatives maps to a type that (de)serializes a
//! plain JSON string, never to a struct of flattened fields.

use case_13_anyof_string_refs_flatten::models::{OrderDraft, OrderDraftQuantity};
use case_13_anyof_string_refs_flatten::{Client, Error};
use serde_json::json;

#[allow(dead_code)]
async fn signatures(client: &Client, draft: &OrderDraft) {
    let _: Result<(), Error> = client.orders().create_order(draft).await;
}

const DIGEST: &str = "0xabababababababababababababababababababababababababababababababab";

#[test]
fn digest_memo_round_trip() {
    let value = json!({"memo": DIGEST, "quantity": 3});
    let draft: OrderDraft = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&draft).unwrap(), value);
}

#[test]
fn text_memo_round_trip() {
    let value = json!({"memo": "hi", "quantity": "7"});
    let draft: OrderDraft = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&draft).unwrap(), value);
}

#[test]
fn memo_is_json_string() {
    let draft: OrderDraft = serde_json::from_value(json!({"memo": "hi"})).unwrap();
    assert_eq!(serde_json::to_value(&draft.memo).unwrap(), json!("hi"));
}

#[test]
fn number_memo_rejected() {
    let result = serde_json::from_value::<OrderDraft>(json!({"memo": 5}));
    assert!(result.is_err());
}

#[test]
fn object_memo_rejected() {
    let result = serde_json::from_value::<OrderDraft>(json!({"memo": {"text": "hi"}}));
    assert!(result.is_err());
}

#[test]
fn integer_quantity() {
    let draft: OrderDraft = serde_json::from_value(json!({"memo": "m", "quantity": 3})).unwrap();
    assert_eq!(draft.quantity, Some(OrderDraftQuantity::Integer(3)));
}

#[test]
fn string_quantity() {
    let draft: OrderDraft = serde_json::from_value(json!({"memo": "m", "quantity": "7"})).unwrap();
    assert_eq!(draft.quantity, Some(OrderDraftQuantity::String("7".into())));
}
