//! Serde helpers for the models: base64 bytes and unions told apart by tag
//! properties.

use std::fmt;

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes that travel as a base64 string (`format: byte`). Decoding accepts
/// the standard alphabet with or without padding.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

impl fmt::Debug for Base64Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64Bytes({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Bytes(bytes)
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let text = text.trim_end_matches('=');
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(text)
            .map(Base64Bytes)
            .map_err(serde::de::Error::custom)
    }
}

/// Returns the string value of the tag property `name`, if there is one.
#[allow(dead_code)] // Unused when the document has no tagged unions.
pub(crate) fn tag(value: &serde_json::Value, name: &str) -> Option<String> {
    value.get(name).and_then(serde_json::Value::as_str).map(str::to_string)
}

/// Decodes one variant of a tagged union from the whole JSON object.
#[allow(dead_code)] // Unused when the document has no tagged unions.
pub(crate) fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Serializes a variant whose type lacks the tag properties, adding them.
#[allow(dead_code)] // Unused when every tagged member declares its tags.
pub(crate) fn serialize_with_tags<T: Serialize, S: Serializer>(
    value: &T,
    tags: &[(&str, &str)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(members) = &mut json {
        for (name, tag) in tags {
            members.insert((*name).to_string(), serde_json::Value::String((*tag).to_string()));
        }
    }
    json.serialize(serializer)
}
