//! The generator config file: TOML next to the document (`<name>.toml`
//! beside `<name>.yaml`) or given with `--config`.
//!
//! ```toml
//! crate_name = "seam-connect"      # default: from `info.title`
//! crate_version = "1.0.0"          # default: `info.version` when it is semver
//!
//! [client]
//! request_id_headers = ["seam-request-id"]
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::Settings;

/// The contents of a config file. Unknown keys are errors, so that a typo
/// does not go unnoticed.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Package name of the generated crate.
    pub crate_name: Option<String>,
    /// Package version of the generated crate.
    pub crate_version: Option<String>,
    /// Settings of the generated client.
    #[serde(default)]
    pub client: ClientConfig,
}

/// The `[client]` table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Response headers that carry the request id, most specific first.
    pub request_id_headers: Option<Vec<String>>,
}

impl Config {
    /// Returns the config file that sits next to `spec`, if there is one.
    pub fn beside(spec: &Path) -> Option<PathBuf> {
        let candidate = spec.with_extension("toml");
        (candidate != spec && candidate.is_file()).then_some(candidate)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Diagnostic::error(format!("cannot read config file {}: {error}", path.display())).in_file(path)
        })?;
        toml::from_str(&text).map_err(|error| {
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

    /// Builds the settings for `spec`: defaults, then the config file
    /// (`config`, or the one beside `spec` when `config` is `None`).
    pub fn settings_for(spec: &Path, config: Option<&Path>) -> Result<Settings, Diagnostic> {
        let mut settings = Settings::default();
        let path = config.map(Path::to_path_buf).or_else(|| Config::beside(spec));
        if let Some(path) = path {
            Config::load(&path)?.apply(&mut settings);
        }
        Ok(settings)
    }

    /// Applies the values this file sets on top of `settings`.
    pub fn apply(self, settings: &mut Settings) {
        if let Some(crate_name) = self.crate_name {
            settings.crate_name = Some(crate_name);
        }
        if let Some(crate_version) = self.crate_version {
            settings.crate_version = Some(crate_version);
        }
        if let Some(headers) = self.client.request_id_headers {
            settings.request_id_headers = headers;
        }
    }
}
