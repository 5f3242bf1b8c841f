//! Reads YAML into a JSON value with the `yaml-rust2` event parser.
//!
//! Documents that vendors publish are not always strict YAML, so the
//! reading is lenient where the meaning is still clear:
//! - A key that appears twice in one mapping keeps its last value, with a
//!   warning naming the JSON pointer and the position of the later key.
//! - Keys are kept as written: `200:` becomes the key `"200"`.
//! - Plain scalars follow the YAML 1.2 core schema (`null`, `~`, `true`,
//!   `false`, integers, decimal numbers); an integer too large for 64 bits
//!   becomes the nearest floating-point number, and `.inf` and `.nan`,
//!   which JSON cannot hold, stay strings.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::{push_pointer, Diagnostic};

/// A YAML syntax error: message and 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Parses the first document in `text`. Returns the value and warnings
/// located by JSON pointer only.
pub fn parse(text: &str) -> Result<(Value, Vec<Diagnostic>), SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|error| SyntaxError {
        message: error.info().to_string(),
        line: error.marker().line(),
        column: error.marker().col() + 1,
    })?;
    if let Some(message) = builder.error {
        return Err(message);
    }
    Ok((builder.root.unwrap_or(Value::Null), builder.warnings))
}

/// An open mapping or sequence.
enum Open {
    Mapping {
        map: Map<String, Value>,
        key: Option<String>,
        /// The position of `key` in the text.
        key_mark: Option<Marker>,
        anchor: usize,
        pointer: String,
    },
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        pointer: String,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Value>,
    root: Option<Value>,
    warnings: Vec<Diagnostic>,
    error: Option<SyntaxError>,
    /// Only the first document of a stream is read.
    done: bool,
}

impl Builder {
    /// The pointer of the node that starts now.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            Some(Open::Mapping { key: Some(key), pointer, .. }) => push_pointer(pointer, key),
            Some(Open::Mapping { pointer, .. }) => pointer.clone(),
            Some(Open::Sequence { items, pointer, .. }) => push_pointer(pointer, &items.len().to_string()),
            None => String::new(),
        }
    }

    /// Adds a finished node to its parent, or makes it the root.
    fn add(&mut self, value: Value, anchor: usize, mark: Marker) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(value);
                self.done = true;
            }
            Some(Open::Sequence { items, .. }) => items.push(value),
            Some(Open::Mapping { map, key, key_mark, pointer, .. }) => match key.take() {
                None => match key_text(&value) {
                    Some(text) => {
                        *key = Some(text);
                        *key_mark = Some(mark);
                    }
                    None => {
                        self.error = self.error.take().or(Some(SyntaxError {
                            message: "a mapping key must be a scalar".to_string(),
                            line: mark.line(),
                            column: mark.col() + 1,
                        }));
                        *key = Some(String::new());
                    }
                },
                Some(name) => {
                    if map.insert(name.clone(), value).is_some() {
                        // The pointer alone would be located at the first
                        // occurrence; the warning is about the later one.
                        let mut warning = Diagnostic::warning(format!("duplicate key `{name}` in a YAML mapping: the last value is used"))
                            .at(push_pointer(pointer, &name));
                        if let Some(key_mark) = key_mark.take() {
                            warning = warning.with_location(key_mark.line(), key_mark.col() + 1);
                        }
                        self.warnings.push(warning);
                    }
                }
            },
        }
    }
}

/// The text of a scalar used as a mapping key.
fn key_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Null => Some("null".to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.done || self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                // A key is kept as written; `200:` stays "200".
                let is_key = matches!(self.stack.last(), Some(Open::Mapping { key: None, .. }));
                let value = if is_key {
                    Value::String(text)
                } else {
                    scalar(text, style, tag.as_ref())
                };
                self.add(value, anchor, mark);
            }
            Event::Alias(anchor) => {
                let value = self.anchors.get(&anchor).cloned().unwrap_or(Value::Null);
                self.add(value, 0, mark);
            }
            Event::MappingStart(anchor, _) => {
                let pointer = self.child_pointer();
                self.stack.push(Open::Mapping {
                    map: Map::new(),
                    key: None,
                    key_mark: None,
                    anchor,
                    pointer,
                });
            }
            Event::SequenceStart(anchor, _) => {
                let pointer = self.child_pointer();
                self.stack.push(Open::Sequence {
                    items: Vec::new(),
                    anchor,
                    pointer,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, anchor) = match self.stack.pop() {
                    Some(Open::Mapping { map, anchor, .. }) => (Value::Object(map), anchor),
                    Some(Open::Sequence { items, anchor, .. }) => (Value::Array(items), anchor),
                    None => return,
                };
                self.add(value, anchor, mark);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

/// Resolves a scalar: quoted and block scalars and `!!str` are strings,
/// plain scalars follow the core schema.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let tag = tag.map(|tag| tag.suffix.as_str());
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(&text).map(Value::Number).unwrap_or(Value::String(text))
}

/// Reads a decimal, hexadecimal (`0x`) or octal (`0o`) number.
fn number(text: &str) -> Option<Number> {
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return u64::from_str_radix(octal, 8).ok().map(Number::from);
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let numeric = !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    if !numeric {
        return None;
    }
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    if let Ok(integer) = unsigned.parse::<i64>() {
        return Some(Number::from(integer));
    }
    if let Ok(integer) = unsigned.parse::<u64>() {
        return Some(Number::from(integer));
    }
    unsigned.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn value(text: &str) -> Value {
        parse(text).expect("valid YAML").0
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        assert_eq!(
            value("a: 1\nb: -2.5\nc: true\nd: ~\ne: '1'\nf: yes\ng: 0x1F\nh: .inf\ni: 1e3\n"),
            json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "1", "f": "yes", "g": 31, "h": ".inf", "i": 1000.0})
        );
    }

    #[test]
    fn keys_are_kept_as_written() {
        assert_eq!(value("200:\n  x: 1\n1.10: a\n"), json!({"200": {"x": 1}, "1.10": "a"}));
    }

    #[test]
    fn large_integers_become_floats() {
        assert_eq!(value("m: -9223372036854775809\n"), json!({"m": -9223372036854775809.0}));
    }

    #[test]
    fn duplicate_key_last_wins() {
        let (value, warnings) = parse("a:\n  b: 1\n  b: 2\n").unwrap();
        assert_eq!(value, json!({"a": {"b": 2}}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer.as_deref(), Some("/a/b"));
        assert_eq!(warnings[0].location, Some((3, 3)), "located at the later key");
    }

    #[test]
    fn aliases_copy_the_anchored_node() {
        assert_eq!(value("a: &x {k: [1, 2]}\nb: *x\n"), json!({"a": {"k": [1, 2]}, "b": {"k": [1, 2]}}));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let error = parse("a: [1, 2\n").unwrap_err();
        assert!(error.line >= 1);
    }
}
