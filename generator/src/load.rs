//! Load stage: reads the document, tells YAML from JSON by its content, checks
//! the OpenAPI version and maps JSON pointers back to source lines.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{pointer_tokens, Diagnostic};

/// Serialization format of a loaded document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON text.
    Json,
    /// YAML text (a superset of JSON, but parsed with a YAML parser).
    Yaml,
}

/// A loaded document: its text, parsed value and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path used in diagnostics, as the user gave it.
    pub path: PathBuf,
    /// The document text.
    pub text: String,
    /// Whether the text was read as JSON or YAML.
    pub format: Format,
    /// The parsed document, normalized to the OpenAPI 3.0 shape.
    pub value: Value,
    /// Input the load stage read leniently, located by JSON pointer.
    pub warnings: Vec<Diagnostic>,
    /// Every file read: `path` first, then the files that references
    /// pulled in, sorted.
    pub files: Vec<PathBuf>,
    /// Path items whose template was read differently from how it is
    /// written: the JSON pointer as read and as written, so that
    /// diagnostics of later stages find their line.
    pub renamed_paths: Vec<(String, String)>,
    /// For a Swagger 2.0 input: pairs of pointer prefixes, in the converted
    /// document and in the input (see [`crate::swagger2::Conversion`]), so
    /// that diagnostics name the input's pointers. Empty otherwise.
    pub origins: Vec<(String, String)>,
}

/// Reads and parses the document at `path`.
pub fn load_file(path: &Path) -> Result<Source, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_string(),
            std::io::ErrorKind::InvalidData => "file is not valid UTF-8".to_string(),
            _ => error.to_string(),
        };
        Diagnostic::error(format!("cannot read {}: {reason}", path.display()))
            .in_file(path)
            .with_help("pass the path of an OpenAPI document in YAML or JSON")
    })?;
    load_str(text, path)
}

/// Parses `text` as a document; `path` is only used in diagnostics.
pub fn load_str(text: String, path: &Path) -> Result<Source, Diagnostic> {
    let format = detect_format(&text);
    let (value, parse_warnings) = match format {
        Format::Json => (parse_json(&text, path)?, Vec::new()),
        Format::Yaml => parse_yaml(&text, path)?,
    };
    let mut source = Source {
        path: path.to_path_buf(),
        text,
        format,
        value,
        warnings: Vec::new(),
        files: vec![path.to_path_buf()],
        renamed_paths: Vec::new(),
        origins: Vec::new(),
    };
    let is_swagger_2 = source
        .value
        .get("swagger")
        .is_some_and(|version| display_scalar(version).starts_with("2."));
    if is_swagger_2 {
        let conversion = crate::swagger2::convert(std::mem::take(&mut source.value));
        source.value = conversion.document;
        // The converter's warnings already use the input's pointers, so they
        // are located before `origins` would map them again.
        let mut warnings = conversion.warnings;
        source.locate_all(&mut warnings);
        source.warnings.extend(warnings);
        source.origins = conversion.origins;
    }
    let version = check_version(&source)?;
    source.warnings.splice(0..0, parse_warnings);
    let referenced = crate::bundle::bundle_files(&mut source.value, path).map_err(|error| source.locate(error))?;
    source.files.extend(referenced);
    crate::bundle::webhook_payloads(&mut source.value);
    let hoisted = crate::bundle::hoist(&mut source.value);
    source.warnings.extend(hoisted);
    let repaired = crate::repair::repair(&mut source.value, version == Version::V3_1);
    source.warnings.extend(repaired.warnings);
    source.renamed_paths = repaired.renamed_paths;
    source
        .warnings
        .extend(crate::normalize::normalize(&mut source.value, version == Version::V3_1));
    Ok(source)
}

/// JSON documents start with `{` (after whitespace and an optional byte order
/// mark); anything else is read as YAML.
fn detect_format(text: &str) -> Format {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    }
}

fn parse_json(text: &str, path: &Path) -> Result<Value, Diagnostic> {
    let text = text.trim_start_matches('\u{feff}');
    serde_json::from_str(text).map_err(|error| {
        Diagnostic::error(format!("invalid JSON: {}", strip_position(&error.to_string())))
            .in_file(path)
            .with_location(error.line(), error.column())
    })
}

/// Parses YAML into a JSON value; the one place that parses YAML. Returns
/// warnings for what was read leniently (duplicate keys).
///
/// The `yaml-rust2` parser reads the text first, because it reports
/// duplicate keys and keeps keys as written. Some published documents break
/// YAML rules that libyaml tolerates (such as a continuation line of a
/// quoted scalar indented no more than its key); those are read again with
/// `serde_yaml`, with a warning.
fn parse_yaml(text: &str, path: &Path) -> Result<(Value, Vec<Diagnostic>), Diagnostic> {
    let text = text.trim_start_matches('\u{feff}');
    let error = match crate::yaml::parse(text) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    match serde_yaml::from_str::<Value>(text) {
        Ok(value) => {
            let warning = Diagnostic::warning(format!(
                "invalid YAML ({}), read with the more lenient rules of libyaml; duplicate keys are not reported and source lines may be missing from later messages",
                error.message
            ))
            .in_file(path)
            .with_location(error.line, error.column);
            Ok((value, vec![warning]))
        }
        Err(_) => Err(Diagnostic::error(format!("invalid YAML: {}", error.message))
            .in_file(path)
            .with_location(error.line, error.column)),
    }
}

/// Removes the " at line L column C" suffix that parsers append, because the
/// diagnostic prints the location itself.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// The OpenAPI versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V3_0,
    V3_1,
}

fn check_version(source: &Source) -> Result<Version, Diagnostic> {
    let Some(root) = source.value.as_object() else {
        return Err(source.error(
            "",
            "not an OpenAPI document: expected a mapping with an `openapi` field at the top level",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err(source.error(
            "/swagger",
            format!("unknown Swagger version `{}`: expected 2.0", display_scalar(swagger)),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(source
            .error(
                "",
                "not an OpenAPI document: the top-level `openapi` field is missing",
            )
            .with_help("an OpenAPI document starts with `openapi: 3.0.3` or `openapi: 3.1.0`, a Swagger document with `swagger: \"2.0\"`"));
    };
    let version = display_scalar(version);
    if version.starts_with("3.0") {
        Ok(Version::V3_0)
    } else if version.starts_with("3.1") {
        Ok(Version::V3_1)
    } else {
        Err(source.error(
            "/openapi",
            format!("unknown OpenAPI version `{version}`: expected 3.0.x or 3.1.x"),
        ))
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl Source {
    /// Builds an error located at `pointer` in this document.
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message).at(pointer))
    }

    /// Builds a warning located at `pointer` in this document.
    pub fn warning(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(message).at(pointer))
    }

    /// Fills in the file name and, from the diagnostic's pointer, the line and
    /// column.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.file.is_none() {
            diagnostic.file = Some(self.path.clone());
        }
        self.to_original(&mut diagnostic);
        if diagnostic.location.is_none() {
            if let Some(pointer) = &diagnostic.pointer {
                diagnostic.location = self.line_of(pointer);
            }
        }
        diagnostic
    }

    /// For a converted Swagger 2.0 input, rewrites the pointer and the
    /// references in the message of a diagnostic that has no location yet
    /// into the input's spelling (`/definitions/Pet` for
    /// `/components/schemas/Pet`).
    fn to_original(&self, diagnostic: &mut Diagnostic) {
        let is_this_file = diagnostic.file.as_ref().is_none_or(|file| *file == self.path);
        if self.origins.is_empty() || diagnostic.location.is_some() || !is_this_file {
            return;
        }
        if let Some(pointer) = &diagnostic.pointer {
            diagnostic.pointer = Some(self.original_pointer(&self.written_pointer(pointer)));
        }
        // Sections that the conversion renamed (`/definitions` became
        // `/components/schemas`) get their input names back in the
        // references and pointers that the message quotes.
        for (converted, original) in &self.origins {
            if pointer_tokens(converted).len() == 2 {
                for quote in ["#", "`"] {
                    diagnostic.message = diagnostic.message.replace(&format!("{quote}{converted}/"), &format!("{quote}{original}/"));
                }
            }
        }
    }

    /// Maps a pointer of the converted Swagger 2.0 document to the input by
    /// the longest matching prefix in `origins`.
    fn original_pointer(&self, pointer: &str) -> String {
        let matching = self
            .origins
            .iter()
            .filter(|(converted, _)| {
                pointer
                    .strip_prefix(converted.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(converted, _)| converted.len());
        match matching {
            Some((converted, original)) => format!("{original}{}", &pointer[converted.len()..]),
            None => pointer.to_string(),
        }
    }

    /// Returns `pointer` with a path template as read replaced by the
    /// template as written in the text.
    fn written_pointer<'a>(&self, pointer: &'a str) -> std::borrow::Cow<'a, str> {
        for (read, written) in &self.renamed_paths {
            if let Some(rest) = pointer.strip_prefix(read.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{written}{rest}").into();
                }
            }
        }
        pointer.into()
    }

    /// Finds the 1-based line and column of the node at `pointer` (of its key,
    /// for a mapping member). The text is scanned again on each call, which is
    /// fine because this runs only while reporting a diagnostic.
    pub fn line_of(&self, pointer: &str) -> Option<(usize, usize)> {
        if pointer.is_empty() {
            return Some((1, 1));
        }
        let target = pointer_tokens(&self.written_pointer(pointer));
        let targets = with_ancestors(std::slice::from_ref(&target));
        nearest(&self.scan(&targets), &target)
    }

    /// Fills in file, line and column of many diagnostics with one scan of
    /// the text.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut() {
            self.to_original(diagnostic);
        }
        let targets: Vec<Vec<String>> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.location.is_none())
            .filter_map(|diagnostic| diagnostic.pointer.as_deref())
            .map(|pointer| pointer_tokens(&self.written_pointer(pointer)))
            .collect();
        let found = self.scan(&with_ancestors(&targets));
        for diagnostic in diagnostics {
            if diagnostic.file.is_none() {
                diagnostic.file = Some(self.path.clone());
            }
            if diagnostic.location.is_none() {
                if let Some(pointer) = &diagnostic.pointer {
                    diagnostic.location = nearest(&found, &pointer_tokens(&self.written_pointer(pointer)));
                }
            }
        }
    }

    /// Scans the text once and returns the position of each target path
    /// that exists in it.
    fn scan(&self, targets: &[Vec<String>]) -> HashMap<Vec<String>, (usize, usize)> {
        let mut locator = Locator {
            targets: targets.iter().cloned().collect(),
            target_depths: targets.iter().map(Vec::len).collect(),
            path: Vec::new(),
            frames: Vec::new(),
            found: HashMap::new(),
        };
        if locator.targets.is_empty() {
            return HashMap::new();
        }
        let mut parser = Parser::new_from_str(&self.text);
        // A scan error ends the search; targets found before it are kept.
        // The scan stops as soon as every target is found.
        while let Ok((event, mark)) = parser.next_token() {
            if event == Event::StreamEnd {
                break;
            }
            locator.on_event(event, mark);
            if locator.found.len() == locator.targets.len() {
                break;
            }
        }
        locator
            .found
            .into_iter()
            .map(|(path, mark)| (path, (mark.line(), mark.col() + 1)))
            .collect()
    }
}

/// Walks YAML parser events (JSON is read as YAML here) and records the
/// position of the node whose path equals `target`.
struct Locator {
    targets: HashSet<Vec<String>>,
    /// The lengths of the targets, so that nodes at other depths are not
    /// looked up.
    target_depths: HashSet<usize>,
    path: Vec<String>,
    /// Open containers, and whether each pushed a token onto `path`.
    frames: Vec<(Frame, bool)>,
    found: HashMap<Vec<String>, Marker>,
}

enum Frame {
    Mapping { key: Option<String>, expecting_key: bool },
    Sequence { index: usize },
}

impl Locator {
    /// Records `mark` when the path of the current node plus `token` is a
    /// target that has not been found yet.
    fn record(&mut self, token: &str, mark: Marker) {
        if !self.target_depths.contains(&(self.path.len() + 1)) {
            return;
        }
        self.path.push(token.to_string());
        if self.targets.contains(&self.path) && !self.found.contains_key(&self.path) {
            self.found.insert(self.path.clone(), mark);
        }
        self.path.pop();
    }

    /// Returns the reference token of a value node that starts now, or `None`
    /// when the node is a mapping key (which has been recorded instead).
    fn begin_node(&mut self, event: &Event, mark: Marker) -> Option<Option<String>> {
        let Some((frame, _)) = self.frames.last_mut() else {
            return Some(None);
        };
        match frame {
            Frame::Mapping { key, expecting_key } if *expecting_key => {
                *expecting_key = false;
                *key = match event {
                    Event::Scalar(text, ..) => Some(text.clone()),
                    _ => None,
                };
                if let Some(key) = key.clone() {
                    self.record(&key, mark);
                }
                None
            }
            Frame::Mapping { key, .. } => Some(Some(key.clone().unwrap_or_default())),
            Frame::Sequence { index } => Some(Some(index.to_string())),
        }
    }

    fn end_value(&mut self) {
        match self.frames.last_mut() {
            Some((Frame::Mapping { expecting_key, .. }, _)) => *expecting_key = true,
            Some((Frame::Sequence { index }, _)) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match &event {
            Event::Scalar(..) | Event::Alias(..) => {
                if let Some(token) = self.begin_node(&event, mark) {
                    if let Some(token) = token {
                        self.record(&token, mark);
                    }
                    self.end_value();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // The root has no token; a mapping or sequence used as a key
                // is tracked under an empty token so that its end balances.
                let token = match self.begin_node(&event, mark) {
                    Some(token) => token,
                    None => Some(String::new()),
                };
                let pushed = token.is_some();
                if let Some(token) = token {
                    self.record(&token, mark);
                    self.path.push(token);
                }
                let frame = match event {
                    Event::MappingStart(..) => Frame::Mapping {
                        key: None,
                        expecting_key: true,
                    },
                    _ => Frame::Sequence { index: 0 },
                };
                self.frames.push((frame, pushed));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((_, pushed)) = self.frames.pop() {
                    if pushed {
                        self.path.pop();
                    }
                }
                self.end_value();
            }
            _ => {}
        }
    }
}

/// Returns `targets` and every ancestor of each, for [`nearest`].
fn with_ancestors(targets: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = targets
        .iter()
        .flat_map(|target| (1..=target.len()).map(|depth| target[..depth].to_vec()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Returns the position of `target`, or of its nearest ancestor in the text.
/// The load stage creates some nodes (an `items` array becomes
/// `items/anyOf`), and a diagnostic about one is shown at its parent.
/// Ancestors less than three levels deep (`/paths/~1a`) are too far away
/// to point at.
fn nearest(found: &HashMap<Vec<String>, (usize, usize)>, target: &[String]) -> Option<(usize, usize)> {
    (1..=target.len())
        .rev()
        .filter(|depth| *depth == target.len() || *depth >= 3)
        .find_map(|depth| found.get(&target[..depth]).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        load_str(text.to_string(), Path::new("doc.yaml")).expect("valid document")
    }

    #[test]
    fn locates_renamed_path_templates() {
        let doc = source("openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a/{.x*}:\n    get:\n      parameters: [{name: x, in: path, required: true}]\n      responses: {}\n");
        assert_eq!(doc.line_of("/paths/~1a~1{x}/get"), Some((7, 5)));
    }

    #[test]
    fn locates_yaml_member_key() {
        let doc = source("openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n");
        assert_eq!(doc.line_of("/info/version"), Some((4, 3)));
        assert_eq!(doc.line_of("/paths"), Some((5, 1)));
    }

    #[test]
    fn locates_sequence_item() {
        let doc = source("openapi: 3.0.0\nservers:\n  - url: a\n  - url: b\n");
        assert_eq!(doc.line_of("/servers/1/url"), Some((4, 5)));
    }

    #[test]
    fn locates_created_node_at_ancestor() {
        let doc = source("openapi: 3.0.0\nservers:\n  - url: a\n  - url: b\n");
        assert_eq!(doc.line_of("/servers/1/url/anyOf/0"), Some((4, 5)));
        let mut diagnostics = [
            Diagnostic::warning("w").at("/servers/0/url/anyOf/0"),
            Diagnostic::warning("w").at("/servers/0/variables/v"),
        ];
        doc.locate_all(&mut diagnostics);
        assert_eq!(diagnostics[0].location, doc.line_of("/servers/0/url"));
        assert_eq!(diagnostics[0].location.map(|(line, _)| line), Some(3));
        // `/servers/0` is too far up to point at.
        assert_eq!(diagnostics[1].location, None);
    }

    #[test]
    fn locates_json_member() {
        let doc = source("{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a\": {}\n  }\n}\n");
        assert_eq!(doc.format, Format::Json);
        assert_eq!(doc.line_of("/paths/~1a"), Some((4, 5)));
    }

    #[test]
    fn unknown_pointer_has_no_location() {
        let doc = source("openapi: 3.0.0\n");
        assert_eq!(doc.line_of("/nope"), None);
    }
}
