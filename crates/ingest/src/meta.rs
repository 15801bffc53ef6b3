//! Report metadata from JSON (a JSONL line or a `<stem>.meta.json` sidecar).

use crate::error::{IngestError, Warning};
use crate::read::read_limited;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toll_model::ReportMeta;

/// Largest sidecar accepted, in bytes.
const SIDECAR_LIMIT: u64 = 1024 * 1024;

/// One line of a JSONL input, or a sidecar's contents: every field may be left out.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct JsonReport {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

impl JsonReport {
    /// Overrides `meta` with every field this JSON gives (a non-empty `id`, and any other field present).
    pub fn apply(self, meta: &mut ReportMeta) {
        if let Some(id) = self.id.filter(|s| !s.is_empty()) {
            meta.id = id;
        }
        if self.url.is_some() {
            meta.url = self.url;
        }
        if self.title.is_some() {
            meta.title = self.title;
        }
        if self.outlet.is_some() {
            meta.outlet = self.outlet;
        }
        if self.published.is_some() {
            meta.published = self.published;
        }
        if let Some(lang) = self.lang.filter(|l| !l.trim().is_empty()) {
            meta.lang = Some(lang.trim().to_ascii_lowercase());
        }
    }
}

/// The sidecar `<stem>.meta.json` beside `path`.
pub(crate) fn sidecar_path(path: &Path, stem: &str) -> PathBuf {
    match path.file_name().and_then(|n| n.to_str()) {
        Some(_) => path.with_file_name(format!("{stem}.meta.json")),
        // a name that is not UTF-8 has a lossy stem: name the sidecar from the raw name instead
        None => path.with_extension("meta.json"),
    }
}

/// The bytes of the sidecar `<stem>.meta.json` beside `path`, if there is one. A sidecar that cannot
/// be read is an error.
pub(crate) fn read_sidecar(path: &Path, stem: &str) -> Result<Option<Vec<u8>>, IngestError> {
    let sidecar = sidecar_path(path, stem);
    if !sidecar.exists() {
        return Ok(None);
    }
    read_limited(&sidecar, SIDECAR_LIMIT).map(|(bytes, _)| Some(bytes))
}

/// Applies a sidecar's bytes to `meta`; invalid JSON is ignored with a warning naming `sidecar`.
pub(crate) fn apply_sidecar_bytes(
    sidecar: &Path,
    bytes: &[u8],
    meta: &mut ReportMeta,
    warnings: &mut Vec<Warning>,
) {
    match serde_json::from_slice::<JsonReport>(bytes) {
        Ok(j) => j.apply(meta),
        Err(e) => warnings.push(Warning {
            path: sidecar.to_path_buf(),
            location: None,
            message: format!("sidecar ignored: invalid JSON: {e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_overrides_given_fields_only() -> Result<(), serde_json::Error> {
        let mut meta = ReportMeta {
            id: "stem".into(),
            title: Some("From the page".into()),
            ..ReportMeta::default()
        };
        let j: JsonReport = serde_json::from_str(r#"{"id":"","outlet":"Example Wire"}"#)?;
        j.apply(&mut meta);
        assert_eq!(meta.id, "stem");
        assert_eq!(meta.title.as_deref(), Some("From the page"));
        assert_eq!(meta.outlet.as_deref(), Some("Example Wire"));
        Ok(())
    }
}
