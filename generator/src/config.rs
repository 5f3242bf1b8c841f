//! The generator settings and the config file that sets them: TOML next to
//! the document (`<name>.toml` beside `<name>.yaml`) or given with
//! `--config`.
//!
//! [`Settings`] is the one declaration of every key: the config file is
//! deserialized into it, so a key of the file and a field of the library
//! settings cannot drift apart. A file is read on top of a preset (`preset =
//! "seam"`) or of the defaults, table by table and key by key.
//!
//! ```toml
//! preset = "seam"                  # conventions of the Seam Connect API
//! crate_name = "seam-connect"      # default: from `info.title`
//! crate_version = "1.0.0"          # default: `info.version` when it is semver
//!
//! [client]
//! request_id_headers = ["seam-request-id"]
//! max_retries = 2
//!
//! [lifecycle]
//! draft = "keep"                   # keep items that x-draft marks
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// Every setting of a generation run. `Default` lists every default; each
/// field is also a key or table of the config file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The preset the file starts from (`seam`); `None` starts from the
    /// defaults.
    pub preset: Option<String>,
    /// Package name of the generated crate; `None` derives it from
    /// `info.title` (`Seam Connect` becomes `seam-connect`).
    pub crate_name: Option<String>,
    /// Package version; `None` uses `info.version` when it is a semantic
    /// version, `0.1.0` otherwise.
    pub crate_version: Option<String>,
    /// Turns warnings into errors: a run that has any fails with all of
    /// them and writes nothing.
    pub strict: bool,
    /// Runtime defaults of the generated client.
    pub client: ClientSettings,
    /// Where group and method names come from.
    pub naming: NamingSettings,
    /// Which operations, properties and union members are left out.
    pub lifecycle: LifecycleSettings,
    /// Credentials read from the environment and credentials sent together.
    pub auth: AuthSettings,
    /// Waiting for long-running actions.
    pub action_attempts: ActionAttemptSettings,
    /// Cursor pagination of list operations.
    pub pagination: PaginationSettings,
    /// Operations kept: every operation when all lists are empty, else the
    /// ones that match at least one entry.
    pub include: OperationFilter,
    /// Operations left out, after `include`.
    pub exclude: OperationFilter,
    /// Rust names chosen in place of the generated ones.
    pub rename: RenameSettings,
    /// Type choices: date-time crate, map type, replaced schemas, extra
    /// derives and attributes.
    pub types: TypeSettings,
    /// Extra dependencies of the generated `Cargo.toml`, such as the crate of
    /// a type that `types.replace` names: crate name to version requirement.
    pub dependencies: BTreeMap<String, Dependency>,
    /// The config file these settings were read from, named by warnings
    /// about options that match nothing. Not a key of the file.
    #[serde(skip)]
    pub config_file: Option<PathBuf>,
    /// Emit the models only: no client, no `reqwest` and no `tokio`, for
    /// webhook receivers and servers.
    pub types_only: bool,
    /// Cargo features that compile a part of the groups.
    pub features: FeatureSettings,
}

/// The `[features]` table: one Cargo feature per group, so that a crate
/// compiles only the groups its user turns on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeatureSettings {
    /// Whether each group goes behind a Cargo feature.
    pub gate_groups: GateGroups,
    /// With `gate_groups = "auto"`, the number of groups (nested ones
    /// included) from which groups are gated.
    pub min_groups: usize,
}

/// The `features.gate_groups` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateGroups {
    /// Gate the groups when the document has at least `min_groups` of them.
    #[default]
    Auto,
    /// Always gate the groups.
    On,
    /// Never gate: every group is always compiled.
    Off,
}

impl Default for FeatureSettings {
    fn default() -> Self {
        FeatureSettings {
            gate_groups: GateGroups::Auto,
            min_groups: 10,
        }
    }
}

impl FeatureSettings {
    /// Returns whether a crate with `groups` groups gets one feature per
    /// group.
    pub fn gates(&self, groups: usize) -> bool {
        match self.gate_groups {
            GateGroups::Auto => groups > 0 && groups >= self.min_groups,
            GateGroups::On => groups > 0,
            GateGroups::Off => false,
        }
    }
}

/// The `[include]` and `[exclude]` tables: which operations they match. An
/// operation matches when any entry of any list matches it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OperationFilter {
    /// Entries of the operation's `tags`.
    pub tags: Vec<String>,
    /// Groups as the client reaches them, with nested groups joined by `.`
    /// (`acs` or `acs.users`); a group matches its nested groups too.
    pub groups: Vec<String>,
    /// `operationId`s as written, or generated names as called,
    /// `<group>.<method>` (`pets.list`, or `ping` for an operation on
    /// `Client`).
    pub operations: Vec<String>,
    /// Glob patterns of path templates as written (`/pets/{petId}`): `*`
    /// matches within one segment, `**` any number of segments, `?` one
    /// character, `{a,b}` either text. A trailing `/**` also matches the path
    /// without it (`/pets/**` matches `/pets`).
    pub paths: Vec<String>,
}

impl OperationFilter {
    /// Returns whether no list has an entry.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.groups.is_empty() && self.operations.is_empty() && self.paths.is_empty()
    }
}

/// The `[rename]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RenameSettings {
    /// `components.schemas` key to Rust type name. Inline types named after
    /// a renamed type follow it (`PetStatus` becomes `AnimalStatus`).
    pub types: BTreeMap<String, String>,
    /// Per type (Rust type name or `components.schemas` key): property name
    /// on the wire to Rust field name.
    pub properties: BTreeMap<String, BTreeMap<String, String>>,
    /// `operationId`, or generated `<group>.<method>`, to method name.
    pub operations: BTreeMap<String, String>,
}

/// The `[types]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TypeSettings {
    /// The crate of `format: date-time` and `format: date` values.
    pub date_time: DateTimeCrate,
    /// The Rust type of JSON objects with `additionalProperties`.
    pub map: MapType,
    /// Derives added to every generated model type (not to aliases), as
    /// paths such as `Hash` or `schemars::JsonSchema`.
    pub extra_derives: Vec<String>,
    /// `components.schemas` key to the path of an existing Rust type used in
    /// its place; the schema's own type is not generated.
    pub replace: BTreeMap<String, String>,
    /// Per type (Rust type name or `components.schemas` key): derives added
    /// to it.
    pub derives: BTreeMap<String, Vec<String>>,
    /// Per type (Rust type name or `components.schemas` key): outer
    /// attributes written above it, such as `#[non_exhaustive]`.
    pub attributes: BTreeMap<String, Vec<String>>,
}

/// The `types.date_time` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateTimeCrate {
    /// `chrono::DateTime<chrono::Utc>` and `chrono::NaiveDate`.
    #[default]
    Chrono,
    /// `time_types::DateTime` and `time_types::Date`: wrappers of
    /// `time::OffsetDateTime` and `time::Date`, defined in the generated
    /// crate, that read and write RFC 3339 and `YYYY-MM-DD`.
    Time,
    /// `jiff::Timestamp` and `jiff::civil::Date`.
    Jiff,
}

/// The `types.map` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum MapType {
    /// `std::collections::HashMap`.
    #[default]
    HashMap,
    /// `std::collections::BTreeMap`: members sorted by key.
    BTreeMap,
    /// `indexmap::IndexMap`: members in the order of the JSON text, which
    /// also makes `serde_json::Map` keep that order.
    IndexMap,
}

/// One entry of `[dependencies]`: a version requirement, or a table with
/// the version and features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Dependency {
    /// `name = "1"`.
    Version(String),
    /// `name = { version = "1", features = ["serde"] }`.
    Detailed {
        /// The version requirement.
        version: String,
        /// Features to enable.
        #[serde(default)]
        features: Vec<String>,
    },
}

/// The `[client]` table: defaults of the generated client, each of which the
/// caller can change per client and per call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClientSettings {
    /// Response headers that carry the request id, most specific first.
    pub request_id_headers: Vec<String>,
    /// How often a failed idempotent request is sent again.
    pub max_retries: u32,
    /// The delay before the first retry, in milliseconds; it doubles with
    /// each retry and gets random jitter.
    pub retry_delay_ms: u64,
    /// The timeout of each attempt, in seconds.
    pub timeout_secs: u64,
    /// Whether POST and PATCH requests are retried too.
    pub retry_non_idempotent: bool,
}

/// The `[naming]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NamingSettings {
    /// Operation extension holding the group path (a string or a list of
    /// strings for nested groups), such as `x-fern-sdk-group-name`.
    pub group_extension: Option<String>,
    /// Operation extension holding the method name, such as
    /// `x-fern-sdk-method-name`.
    pub method_extension: Option<String>,
    /// What to do with operations on the same path whose names collide in
    /// their group: `keep` them all (the general collision rule renames
    /// them), or keep only the `post` or the `get` one when there is one.
    pub twins: Twins,
}

/// The `naming.twins` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Twins {
    /// Keep every operation.
    #[default]
    Keep,
    /// Keep the POST operation, leave out the others.
    Post,
    /// Keep the GET operation, leave out the others.
    Get,
}

/// The `[lifecycle]` table: what happens to operations, parameters,
/// properties and union members that are undocumented, drafts or
/// deprecated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LifecycleSettings {
    /// Extensions that mark an item as undocumented (`x-undocumented`).
    pub undocumented_extensions: Vec<String>,
    /// Whether undocumented items are generated.
    pub undocumented: Keep,
    /// Extensions that mark an item as a draft (`x-draft`).
    pub draft_extensions: Vec<String>,
    /// Whether drafts are generated.
    pub draft: Keep,
    /// Extension that marks an item as deprecated besides the standard
    /// `deprecated: true`; a string value becomes the note of
    /// `#[deprecated]`.
    pub deprecated_extension: Option<String>,
    /// Whether deprecated items are generated (with `#[deprecated]`).
    pub deprecated: Keep,
}

/// Whether items with a lifecycle flag are generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// Generate them.
    Keep,
    /// Leave them out.
    Drop,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        LifecycleSettings {
            undocumented_extensions: Vec::new(),
            undocumented: Keep::Drop,
            draft_extensions: Vec::new(),
            draft: Keep::Drop,
            deprecated_extension: None,
            deprecated: Keep::Keep,
        }
    }
}

/// The `[auth]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// Environment variable that `Client::from_env` reads the base URL from.
    pub endpoint_variable: Option<String>,
    /// Credentials that `Client::from_env` reads, as alternatives: setting
    /// the variables of two of them is an error.
    pub from_env: Vec<EnvCredential>,
    /// Security schemes whose credential always travels with another
    /// scheme's one, as one builder setter with two arguments.
    pub pairs: Vec<SchemePair>,
}

/// One credential that `Client::from_env` can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvCredential {
    /// The security scheme (key of `components.securitySchemes`).
    pub scheme: String,
    /// The variable holding its credential.
    pub variable: String,
    /// The variable holding the paired scheme's credential, for a scheme
    /// listed in `auth.pairs`.
    pub pair_variable: Option<String>,
}

/// Two security schemes sent together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemePair {
    /// The scheme that the operations' `security` names.
    pub scheme: String,
    /// The API key scheme in a header that goes with it.
    pub with: String,
}

/// The `[action_attempts]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ActionAttemptSettings {
    /// Generate the waiting methods.
    pub enabled: bool,
    /// Operation extension that marks an operation as starting an action.
    pub extension: String,
    /// Response property holding the attempt; an operation whose JSON
    /// success body has it starts an action too.
    pub response_property: String,
    /// Path of the operation that returns an attempt by id (sent as a JSON
    /// POST with `{ <id_property>: id }`).
    pub poll_path: String,
    /// Property naming the attempt id.
    pub id_property: String,
    /// Default delay between two polls, in milliseconds.
    pub poll_interval_ms: u64,
    /// Default limit of a wait, in milliseconds.
    pub timeout_ms: u64,
}

/// The `[pagination]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaginationSettings {
    /// Generate the paging methods.
    pub enabled: bool,
    /// The query parameter or JSON body property that selects a page.
    pub cursor_parameter: String,
    /// The response property holding the page information.
    pub response_property: String,
    /// The member of the page information that holds the next cursor.
    pub next_cursor_property: String,
    /// The member of the page information that tells whether there is a
    /// next page.
    pub has_next_property: String,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            request_id_headers: vec!["x-request-id".to_string(), "request-id".to_string()],
            max_retries: 2,
            retry_delay_ms: 500,
            timeout_secs: 30,
            retry_non_idempotent: false,
        }
    }
}

impl Default for ActionAttemptSettings {
    fn default() -> Self {
        ActionAttemptSettings {
            enabled: false,
            extension: "x-action-attempt-type".to_string(),
            response_property: "action_attempt".to_string(),
            poll_path: "/action_attempts/get".to_string(),
            id_property: "action_attempt_id".to_string(),
            poll_interval_ms: 1000,
            timeout_ms: 10_000,
        }
    }
}

impl Default for PaginationSettings {
    fn default() -> Self {
        PaginationSettings {
            enabled: false,
            cursor_parameter: "page_cursor".to_string(),
            response_property: "pagination".to_string(),
            next_cursor_property: "next_page_cursor".to_string(),
            has_next_property: "has_next_page".to_string(),
        }
    }
}

/// Names of the presets.
pub const PRESETS: &[&str] = &["seam"];

impl Settings {
    /// Returns the settings of a preset, or `None` for an unknown name.
    pub fn preset(name: &str) -> Option<Settings> {
        match name {
            "seam" => Some(Settings::seam()),
            _ => None,
        }
    }

    /// The conventions of the Seam Connect document: Fern group and method
    /// names, GET/POST twins sent as JSON POST, lifecycle flags, API key or
    /// personal access token with workspace from the environment, action
    /// attempts and cursor pagination.
    fn seam() -> Settings {
        let mut settings = Settings {
            preset: Some("seam".to_string()),
            ..Settings::default()
        };
        settings.client.request_id_headers = vec!["seam-request-id".to_string()];
        settings.naming = NamingSettings {
            group_extension: Some("x-fern-sdk-group-name".to_string()),
            method_extension: Some("x-fern-sdk-method-name".to_string()),
            twins: Twins::Post,
        };
        settings.lifecycle = LifecycleSettings {
            undocumented_extensions: vec!["x-undocumented".to_string()],
            draft_extensions: vec!["x-draft".to_string()],
            deprecated_extension: Some("x-deprecated".to_string()),
            ..LifecycleSettings::default()
        };
        settings.auth = AuthSettings {
            endpoint_variable: Some("SEAM_ENDPOINT".to_string()),
            from_env: vec![
                EnvCredential {
                    scheme: "api_key".to_string(),
                    variable: "SEAM_API_KEY".to_string(),
                    pair_variable: None,
                },
                EnvCredential {
                    scheme: "pat_with_workspace".to_string(),
                    variable: "SEAM_PERSONAL_ACCESS_TOKEN".to_string(),
                    pair_variable: Some("SEAM_WORKSPACE_ID".to_string()),
                },
            ],
            pairs: vec![SchemePair {
                scheme: "pat_with_workspace".to_string(),
                with: "seam_workspace".to_string(),
            }],
        };
        settings.action_attempts.enabled = true;
        settings.pagination.enabled = true;
        settings
    }

    /// Creates the warning about the config option `key`, naming the config
    /// file when the settings came from one.
    pub fn option_warning(&self, key: &str, message: impl std::fmt::Display) -> Diagnostic {
        self.locate(Diagnostic::warning(format!("config option `{key}` {message}")))
    }

    /// Creates the error about the config option `key`, naming the config
    /// file when the settings came from one.
    pub fn option_error(&self, key: &str, message: impl std::fmt::Display) -> Diagnostic {
        self.locate(Diagnostic::error(format!("invalid config option `{key}`: {message}")))
    }

    fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        match &self.config_file {
            Some(file) => diagnostic.in_file(file),
            None => diagnostic,
        }
    }

    /// Parses config file text on top of its preset, or of the defaults.
    pub fn from_toml(text: &str) -> Result<Settings, toml::de::Error> {
        // Reading the text on its own first reports unknown keys and wrong
        // types with their line and column.
        toml::from_str::<Settings>(text)?;
        let table: toml::Table = text.parse()?;
        let base = match table.get("preset") {
            Some(toml::Value::String(name)) => Settings::preset(name).ok_or_else(|| {
                <toml::de::Error as serde::de::Error>::custom(format!(
                    "unknown preset `{name}`; the presets are: {}",
                    PRESETS.join(", ")
                ))
            })?,
            _ => Settings::default(),
        };
        let mut merged = toml::Table::try_from(&base).map_err(|error| <toml::de::Error as serde::de::Error>::custom(error.to_string()))?;
        merge(&mut merged, table);
        toml::Value::Table(merged).try_into()
    }
}

/// Puts every key of `top` into `base`, table by table.
fn merge(base: &mut toml::Table, top: toml::Table) {
    for (key, value) in top {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(value)) => merge(inner, value),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Reading config files.
pub struct Config;

impl Config {
    /// Returns the config file that sits next to `spec`, if there is one.
    pub fn beside(spec: &Path) -> Option<PathBuf> {
        let candidate = spec.with_extension("toml");
        (candidate != spec && candidate.is_file()).then_some(candidate)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Settings, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Diagnostic::error(format!("cannot read config file {}: {error}", path.display())).in_file(path)
        })?;
        let mut settings = Settings::from_toml(&text).map_err(|error| {
            let mut diagnostic = Diagnostic::error(format!("invalid config file: {}", error.message())).in_file(path);
            if let Some(span) = error.span() {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |index| index + 1) + 1;
                diagnostic = diagnostic.with_location(line, column);
            }
            diagnostic
        })?;
        settings.config_file = Some(path.to_path_buf());
        Ok(settings)
    }

    /// Builds the settings for `spec`: the config file (`config`, or the one
    /// beside `spec` when `config` is `None`), else the defaults.
    pub fn settings_for(spec: &Path, config: Option<&Path>) -> Result<Settings, Diagnostic> {
        match config.map(Path::to_path_buf).or_else(|| Config::beside(spec)) {
            Some(path) => Config::load(&path),
            None => Ok(Settings::default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting survives the trip through the config file format, so
    /// each field of `Settings` is a key of the file.
    #[test]
    fn settings_round_trip_through_toml() {
        for settings in [Settings::default(), Settings::seam()] {
            let text = toml::to_string(&settings).expect("settings serialize");
            assert_eq!(Settings::from_toml(&text).expect("settings parse"), settings);
        }
    }

    #[test]
    fn file_keys_override_the_preset() {
        let settings = Settings::from_toml("preset = \"seam\"\n[lifecycle]\ndraft = \"keep\"\n").unwrap();
        assert_eq!(settings.lifecycle.draft, Keep::Keep);
        assert_eq!(settings.lifecycle.undocumented, Keep::Drop);
        assert_eq!(settings.lifecycle.draft_extensions, ["x-draft"]);
        assert_eq!(settings.naming.twins, Twins::Post);
    }

    #[test]
    fn group_gating_threshold() {
        let features = FeatureSettings::default();
        assert!(!features.gates(9));
        assert!(features.gates(10));
        let on = FeatureSettings { gate_groups: GateGroups::On, ..features.clone() };
        assert!(on.gates(1));
        assert!(!on.gates(0));
        let off = FeatureSettings { gate_groups: GateGroups::Off, ..features };
        assert!(!off.gates(100));
    }

    #[test]
    fn types_only_and_features_keys() {
        let settings = Settings::from_toml("types_only = true\n[features]\ngate_groups = \"on\"\nmin_groups = 3\n").unwrap();
        assert!(settings.types_only);
        assert_eq!(settings.features.gate_groups, GateGroups::On);
        assert_eq!(settings.features.min_groups, 3);
        assert!(Settings::from_toml("[features]\ngate_groups = \"sometimes\"\n").is_err());
    }

    #[test]
    fn unknown_keys_and_presets_are_errors() {
        assert!(Settings::from_toml("[client]\nretries = 3\n").is_err());
        assert!(Settings::from_toml("preset = \"stripe\"\n").is_err());
    }

    /// Returns the dotted path of every key below `value`, tables included.
    fn json_keys(prefix: &str, value: &serde_json::Value, keys: &mut Vec<String>) {
        if let serde_json::Value::Object(members) = value {
            for (key, member) in members {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                json_keys(&path, member, keys);
                keys.push(path);
            }
        }
    }

    /// The annotated TOML block of the README's config reference.
    fn readme_block() -> &'static str {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("### The config file").expect("README has the config reference")..];
        let start = section.find("```toml\n").expect("the reference has a TOML block") + "```toml\n".len();
        let end = section[start..].find("```").expect("the TOML block ends") + start;
        &section[start..end]
    }

    /// The README block parses into `Settings` (so it has no unknown key),
    /// and lists every key of `Settings`, including those whose default
    /// is absent (`None` becomes JSON `null`, which TOML cannot write).
    #[test]
    fn readme_documents_every_key() {
        let block = readme_block();
        Settings::from_toml(block).unwrap_or_else(|error| panic!("README config block: {error}"));
        let documented: toml::Table = block.parse().expect("README block is TOML");
        let documented = serde_json::to_value(&documented).expect("TOML converts to JSON");
        let mut documented_keys = Vec::new();
        json_keys("", &documented, &mut documented_keys);
        let mut keys = Vec::new();
        json_keys("", &serde_json::to_value(Settings::default()).expect("settings serialize"), &mut keys);
        for key in keys {
            assert!(documented_keys.contains(&key), "README config reference lacks `{key}`");
        }
    }

    /// Settings with every option set survive the trip through TOML.
    #[test]
    fn full_settings_round_trip_through_toml() {
        let settings = Settings::from_toml(readme_block()).expect("README block parses");
        let text = toml::to_string(&settings).expect("settings serialize");
        assert_eq!(Settings::from_toml(&text).expect("settings parse"), settings);
        assert_eq!(settings.types.date_time, DateTimeCrate::Chrono);
        assert_eq!(settings.rename.properties["Pet"]["type"], "kind");
        assert_eq!(
            settings.dependencies["rust_decimal"],
            Dependency::Detailed {
                version: "1".to_string(),
                features: vec!["serde-str".to_string()]
            }
        );
    }

    #[test]
    fn config_file_is_recorded() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path = folder.path().join("api.toml");
        std::fs::write(&path, "[types]\nmap = \"BTreeMap\"\n").expect("config written");
        let settings = Config::load(&path).expect("config loads");
        assert_eq!(settings.config_file.as_deref(), Some(path.as_path()));
        assert_eq!(settings.types.map, MapType::BTreeMap);
        let warning = settings.option_warning("rename.types.X", "names nothing");
        assert_eq!(warning.file.as_deref(), Some(path.as_path()));
    }
}
