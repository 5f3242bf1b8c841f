//! Compares an example with the JSON written back after a round trip,
//! keeping a member that is absent apart from one that is `null`.

use std::fmt;

use serde_json::Value;

/// One difference, at a JSON pointer into the example.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    /// The example has `null`; the output leaves the member out.
    NullBecameAbsent(String),
    /// The example leaves the member out; the output has `null`.
    AbsentBecameNull(String),
    /// The example has a value; the output leaves the member out.
    Dropped(String),
    /// The output has a member with a value that the example does not have.
    Added(String),
    /// Both have the member, with other values.
    Changed {
        /// Where.
        pointer: String,
        /// The value in the example.
        expected: Value,
        /// The value in the output.
        actual: Value,
    },
}

impl Difference {
    /// Returns whether this is only the absent-versus-null kind of difference.
    pub fn is_null_versus_absent(&self) -> bool {
        matches!(self, Difference::NullBecameAbsent(_) | Difference::AbsentBecameNull(_))
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let root = |pointer: &str| if pointer.is_empty() { "(root)".to_string() } else { pointer.to_string() };
        match self {
            Difference::NullBecameAbsent(pointer) => write!(f, "{}: null in the example, absent after", root(pointer)),
            Difference::AbsentBecameNull(pointer) => write!(f, "{}: absent in the example, null after", root(pointer)),
            Difference::Dropped(pointer) => write!(f, "{}: dropped", root(pointer)),
            Difference::Added(pointer) => write!(f, "{}: added", root(pointer)),
            Difference::Changed { pointer, expected, actual } => {
                write!(f, "{}: {} became {}", root(pointer), short(expected), short(actual))
            }
        }
    }
}

/// Renders a value as compact JSON, cut to a length that fits on a result line.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(57).collect();
    format!("{cut}...")
}

/// Lists every difference between `expected` (the example) and `actual`
/// (the round-trip output). Numbers are equal when their values are, so
/// `1` and `1.0` match.
pub fn differences(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut found = Vec::new();
    compare(expected, actual, String::new(), &mut found);
    found
}

fn compare(expected: &Value, actual: &Value, pointer: String, found: &mut Vec<Difference>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, expected_member) in expected {
                let member_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (expected_member, actual.get(key)) {
                    (_, Some(actual_member)) => compare(expected_member, actual_member, member_pointer, found),
                    (Value::Null, None) => found.push(Difference::NullBecameAbsent(member_pointer)),
                    (_, None) => found.push(Difference::Dropped(member_pointer)),
                }
            }
            for (key, actual_member) in actual {
                if expected.contains_key(key) {
                    continue;
                }
                let member_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                found.push(match actual_member {
                    Value::Null => Difference::AbsentBecameNull(member_pointer),
                    _ => Difference::Added(member_pointer),
                });
            }
        }
        (Value::Array(expected_items), Value::Array(actual_items)) if expected_items.len() == actual_items.len() => {
            for (index, (expected_item, actual_item)) in expected_items.iter().zip(actual_items).enumerate() {
                compare(expected_item, actual_item, format!("{pointer}/{index}"), found);
            }
        }
        (Value::Number(expected_number), Value::Number(actual_number))
            if expected_number.as_f64() == actual_number.as_f64() => {}
        _ if expected == actual => {}
        _ => found.push(Difference::Changed {
            pointer,
            expected: expected.clone(),
            actual: actual.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_values() {
        assert_eq!(differences(&json!({"a": [1, {"b": null}]}), &json!({"a": [1, {"b": null}]})), []);
    }

    #[test]
    fn integer_and_float_match() {
        assert_eq!(differences(&json!({"ratio": 1}), &json!({"ratio": 1.0})), []);
    }

    #[test]
    fn null_and_absent_kept_apart() {
        let found = differences(&json!({"gone": null}), &json!({"new": null}));
        assert_eq!(
            found,
            [
                Difference::NullBecameAbsent("/gone".to_string()),
                Difference::AbsentBecameNull("/new".to_string())
            ]
        );
        assert!(found.iter().all(Difference::is_null_versus_absent));
    }

    #[test]
    fn dropped_added_changed() {
        let found = differences(&json!({"a": 1, "b": "x"}), &json!({"b": "y", "c": true}));
        assert_eq!(
            found,
            [
                Difference::Dropped("/a".to_string()),
                Difference::Changed {
                    pointer: "/b".to_string(),
                    expected: json!("x"),
                    actual: json!("y")
                },
                Difference::Added("/c".to_string()),
            ]
        );
    }

    #[test]
    fn pointer_tokens_escaped() {
        let found = differences(&json!({"a/b": {"c~d": 1}}), &json!({"a/b": {}}));
        assert_eq!(found, [Difference::Dropped("/a~1b/c~0d".to_string())]);
    }

    #[test]
    fn arrays_of_other_length_change_whole() {
        let found = differences(&json!([1, 2]), &json!([1]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].to_string(), "(root): [1,2] became [1]");
    }
}
