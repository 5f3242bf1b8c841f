//! Self-recursive, mutually recursive and three-cycle schemas compile (with
//! `Box` on the edges that close a cycle) and round-trip nested values.

use case_23_recursive_schemas::models::{Chain, Member, StepA, Team, TreeNode};
use case_23_recursive_schemas::{Client, Error};
use serde_json::json;

/// Checks the field types at compile time; never called. `Option` alone is no
/// indirection, `Vec` already is.
#[allow(dead_code)]
fn field_types(node: TreeNode, chain: Chain) {
    let _: Option<Box<TreeNode>> = node.parent;
    let _: Option<Vec<TreeNode>> = node.children;
    let _: Option<Box<Chain>> = chain.rest;
}

#[allow(dead_code)]
async fn signatures(client: &Client, node: &TreeNode) {
    let _: Result<(), Error> = client.nodes().create_node(node).await;
}

#[test]
fn tree_round_trip() {
    let value = json!({"label": "r", "children": [{"label": "c", "parent": {"label": "r"}}]});
    let node: TreeNode = serde_json::from_value(value.clone()).unwrap();
    let children = node.children.as_ref().expect("children");
    assert_eq!(children[0].label, "c");
    assert_eq!(children[0].parent.as_ref().map(|parent| parent.label.as_str()), Some("r"));
    assert_eq!(serde_json::to_value(&node).unwrap(), value);
}

#[test]
fn mutual_recursion_round_trip() {
    let value = json!({"lead": {"team": {"lead": {}}}});
    let team: Team = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&team).unwrap(), value);
}

#[test]
fn member_round_trip() {
    let value = json!({"team": {}});
    let member: Member = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&member).unwrap(), value);
}

#[test]
fn three_cycle_round_trip() {
    let value = json!({"next": {"next": {"next": {"next": {"next": {"next": null}}}}}});
    let step: StepA = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&step).unwrap(), value);
}

#[test]
fn three_cycle_requires_next() {
    let result = serde_json::from_value::<StepA>(json!({"next": {}}));
    assert!(result.is_err());
}

#[test]
fn chain_round_trip() {
    let value = json!({"value": 1, "rest": {"value": 2, "rest": {"value": 3}}});
    let chain: Chain = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(chain.rest.as_ref().map(|rest| rest.value), Some(2));
    assert_eq!(serde_json::to_value(&chain).unwrap(), value);
}
