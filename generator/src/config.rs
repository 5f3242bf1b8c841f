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
//! keep_hidden = true               # keep x-undocumented and x-draft items
//! ```

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

/// The `[lifecycle]` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LifecycleSettings {
    /// Extensions that mark an operation, parameter, property or union member
    /// as not public (`x-undocumented`, `x-draft`).
    pub hidden_extensions: Vec<String>,
    /// Keep what `hidden_extensions` marks instead of leaving it out.
    pub keep_hidden: bool,
    /// Extension that marks an item as deprecated; a string value becomes
    /// the note of `#[deprecated]`.
    pub deprecated_extension: Option<String>,
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
            hidden_extensions: vec!["x-undocumented".to_string(), "x-draft".to_string()],
            keep_hidden: false,
            deprecated_extension: Some("x-deprecated".to_string()),
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
        Settings::from_toml(&text).map_err(|error| {
            let mut diagnostic = Diagnostic::error(format!("invalid config file: {}", error.message())).in_file(path);
            if let Some(span) = error.span() {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |index| index + 1) + 1;
                diagnostic = diagnostic.with_location(line, column);
            }
            diagnostic
        })
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
        let settings = Settings::from_toml("preset = \"seam\"\n[lifecycle]\nkeep_hidden = true\n").unwrap();
        assert!(settings.lifecycle.keep_hidden);
        assert_eq!(settings.lifecycle.hidden_extensions, ["x-undocumented", "x-draft"]);
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
}
