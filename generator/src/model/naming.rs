//! Rust names for document names: case conversion (heck), keyword escaping
//! and collision resolution.
//!
//! # Operation naming rule
//!
//! Every operation becomes a method of a group handle:
//! `client.<group>().<method>(...)`.
//!
//! - **Group**: the first literal segment of the path, in snake_case, after
//!   skipping leading segments that only name an API version (`v1`, `v2beta`,
//!   `1.0`) or the word `api`. `/access_methods/assign_card` is in group
//!   `access_methods`; `/v1/pets/{id}` is in group `pets`. A path with no
//!   literal segment (`/` or `/{id}`) puts its operations on `Client` itself.
//! - **Method**, from `operationId` when present: its words (snake_case),
//!   minus the group's words when the id starts with them, minus one word equal
//!   to the operation's HTTP method at either end.
//!   `accessMethodsAssignCardPost` on `POST /access_methods/assign_card`
//!   becomes `assign_card`; `listPets` on `GET /pets` becomes `list_pets`.
//! - **Method**, without `operationId` (or when the steps above leave no
//!   words): the HTTP method, then the remaining literal path segments after
//!   the group, then `by_<param>` for each path parameter:
//!   `GET /pets/{pet_id}/toys` becomes `get_toys_by_pet_id`.
//! - **Collisions** within a group: every colliding operation that has an
//!   `operationId` falls back to its full `operationId` in snake_case; names
//!   still taken get `_2`, `_3`... in document order.
//! - Rust keywords get a trailing underscore (`type_`, `self_`).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers as they are (strict and reserved keywords
/// of every edition, and `Self`).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Returns whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Replaces every character that cannot appear in an ASCII identifier by a
/// word break, so that heck sees `a-b.c@d` as four words.
fn ascii_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The case of a name: the two conversions of `heck` that naming uses.
#[derive(Clone, Copy)]
enum Case {
    Snake = 0,
    UpperCamel = 1,
}

/// The maximum number of names that [`convert_case`] caches for each case.
/// Past it the cache starts over, so that a long-lived process that models
/// many documents stays small.
const CASE_CACHE_LIMIT: usize = 1 << 16;

thread_local! {
    /// Converted names by text, one map for each [`Case`]. `heck` formats
    /// every character through `core::fmt`, and a document converts the
    /// same property and enum value names many times.
    static CASE_CACHE: RefCell<[HashMap<String, String>; 2]> = RefCell::new([HashMap::new(), HashMap::new()]);
}

/// Converts `text` to `case` after [`ascii_words`], from the cache if this
/// thread has converted it before.
fn convert_case(text: &str, case: Case) -> String {
    CASE_CACHE.with(|cache| {
        if let Some(name) = cache.borrow()[case as usize].get(text) {
            return name.clone();
        }
        let words = ascii_words(text);
        let name = match case {
            Case::Snake => words.to_snake_case(),
            Case::UpperCamel => words.to_upper_camel_case(),
        };
        let mut cache = cache.borrow_mut();
        let names = &mut cache[case as usize];
        if names.len() >= CASE_CACHE_LIMIT {
            names.clear();
        }
        names.insert(text.to_string(), name.clone());
        name
    })
}

/// Converts any text to a snake_case identifier: keywords get a trailing
/// underscore, a leading digit gets an `_` prefix, and text with no letters
/// or digits becomes `fallback`.
pub fn snake_ident(text: &str, fallback: &str) -> String {
    let mut name = convert_case(text, Case::Snake);
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// Converts any text to a PascalCase identifier: a leading digit gets an `N`
/// prefix, and text with no letters or digits becomes `fallback`.
pub fn pascal_ident(text: &str, fallback: &str) -> String {
    let mut name = convert_case(text, Case::UpperCamel);
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// Splits text into lower-case words.
pub fn words(text: &str) -> Vec<String> {
    convert_case(text, Case::Snake)
        .split('_')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// Names of symbols that make up whole enum values such as `+` or `-`.
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "Plus",
        '-' => "Minus",
        '*' => "Asterisk",
        '/' => "Slash",
        '\\' => "Backslash",
        '.' => "Dot",
        ',' => "Comma",
        ':' => "Colon",
        ';' => "Semicolon",
        '!' => "Exclamation",
        '?' => "Question",
        '=' => "Equals",
        '<' => "LessThan",
        '>' => "GreaterThan",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Ampersand",
        '|' => "Pipe",
        '^' => "Caret",
        '~' => "Tilde",
        '_' => "Underscore",
        ' ' => "Space",
        '(' => "LeftParen",
        ')' => "RightParen",
        '[' => "LeftBracket",
        ']' => "RightBracket",
        '{' => "LeftBrace",
        '}' => "RightBrace",
        '\'' => "Quote",
        '"' => "DoubleQuote",
        _ => return None,
    })
}

/// Converts an enum value to a variant name: `""` is `Empty`, values made
/// only of symbols spell the symbols (`+` is `Plus`), others are PascalCase.
pub fn variant_ident(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
    }
    if !value.chars().any(|c| c.is_ascii_alphanumeric()) {
        let spelled: Option<String> = value.chars().map(symbol_name).collect();
        if let Some(spelled) = spelled {
            return spelled;
        }
    }
    let mut name = pascal_ident(value, "Value");
    // `1.5` and `15` must not both become `N15`.
    if value.starts_with('-') && value[1..].starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Minus{}", name.trim_start_matches('N'));
    }
    name
}

/// Makes `name` unique among `taken` by appending 2, 3... (with `separator`
/// before the number), records it, and returns it.
pub fn claim(name: String, separator: &str, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let base = name.trim_end_matches('_');
    let mut number = 2u64;
    loop {
        let candidate = format!("{base}{separator}{number}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        number += 1;
    }
}

/// HTTP method names in lower case, as they appear in operation ids.
const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Returns the group of a path: its first literal segment that is not a
/// version marker, in snake_case.
pub fn group_of_path(path: &str) -> Option<String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .filter(|segment| !is_parameter(segment))
        .find(|segment| !is_version_segment(segment))
        .map(|segment| snake_ident(segment, "root"))
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Matches `api`, `v1`, `v2beta`, `v1.2` and `1.0`.
fn is_version_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    if lower == "api" {
        return true;
    }
    let digits = lower.strip_prefix('v').unwrap_or(&lower);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Derives a method name from an `operationId` following the module rule;
/// returns `None` when no words remain.
pub fn method_from_operation_id(operation_id: &str, group: Option<&str>, http_method: &str) -> Option<String> {
    let mut id_words = words(operation_id);
    if let Some(group) = group {
        let group_words = words(group);
        if id_words.starts_with(&group_words) {
            id_words.drain(..group_words.len());
        }
    }
    let method = http_method.to_ascii_lowercase();
    // A trailing method word is noise (`assignCardPost`); a leading one reads
    // as a verb (`getPet`) and stays.
    if id_words.len() > 1 && id_words.last() == Some(&method) && HTTP_METHODS.contains(&method.as_str()) {
        id_words.pop();
    }
    if id_words.is_empty() {
        return None;
    }
    Some(snake_ident(&id_words.join("_"), "call"))
}

/// Derives a method name from the HTTP method and the path.
pub fn method_from_path(path: &str, group: Option<&str>, http_method: &str) -> String {
    let mut parts = vec![http_method.to_ascii_lowercase()];
    let mut params = Vec::new();
    let mut seen_group = group.is_none();
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        if is_parameter(segment) {
            params.push(segment.trim_matches(|c| c == '{' || c == '}').to_string());
            continue;
        }
        if !seen_group {
            if is_version_segment(segment) {
                continue;
            }
            if Some(snake_ident(segment, "root").as_str()) == group {
                seen_group = true;
                continue;
            }
        }
        parts.push(segment.to_string());
    }
    for param in params {
        parts.push("by".to_string());
        parts.push(param);
    }
    snake_ident(&parts.join("_"), "call")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_id_drops_group_and_method() {
        let name = method_from_operation_id("accessMethodsAssignCardPost", Some("access_methods"), "POST");
        assert_eq!(name.as_deref(), Some("assign_card"));
    }

    #[test]
    fn operation_id_keeps_leading_verb() {
        assert_eq!(method_from_operation_id("getPet", Some("pets"), "GET").as_deref(), Some("get_pet"));
        assert_eq!(method_from_operation_id("listPets", Some("pets"), "GET").as_deref(), Some("list_pets"));
    }

    #[test]
    fn operation_id_equal_to_group_is_empty() {
        assert_eq!(method_from_operation_id("pets", Some("pets"), "GET"), None);
    }

    #[test]
    fn path_names() {
        assert_eq!(method_from_path("/pets/{pet_id}/toys", Some("pets"), "GET"), "get_toys_by_pet_id");
        assert_eq!(method_from_path("/v1/widgets", Some("widgets"), "POST"), "post");
    }

    #[test]
    fn groups_skip_versions() {
        assert_eq!(group_of_path("/v1/pets/{id}").as_deref(), Some("pets"));
        assert_eq!(group_of_path("/api/v2beta/access-methods").as_deref(), Some("access_methods"));
        assert_eq!(group_of_path("/{id}"), None);
    }

    #[test]
    fn identifiers() {
        assert_eq!(snake_ident("type", "x"), "type_");
        assert_eq!(snake_ident("self", "x"), "self_");
        assert_eq!(snake_ident("2fa-code", "x"), "_2fa_code");
        assert_eq!(snake_ident("@#", "value"), "value");
        assert_eq!(pascal_ident("200 response", "X"), "N200Response");
        assert_eq!(pascal_ident("Self", "X"), "Self_");
    }

    #[test]
    fn variants() {
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("+"), "Plus");
        assert_eq!(variant_ident("ASSIGN_CREDENTIAL"), "AssignCredential");
        assert_eq!(variant_ident("-1"), "Minus1");
    }

    #[test]
    fn claims_are_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(claim("Empty".into(), "", &mut taken), "Empty");
        assert_eq!(claim("Empty".into(), "", &mut taken), "Empty2");
        assert_eq!(claim("self_".into(), "_", &mut taken), "self_");
        assert_eq!(claim("self_".into(), "_", &mut taken), "self_2");
    }
}
