//! Files that hold one document: `.txt` and `.html`/`.htm`, each with an optional `<stem>.meta.json`.

use crate::doc::{SourceDoc, TEXT_HTML, TEXT_PLAIN};
use crate::error::{IngestError, Warning};
use crate::html::extract_html;
use crate::meta::{apply_sidecar_bytes, read_sidecar, sidecar_path};
use crate::read::{decode, mtime_rfc3339, read_limited};
use crate::walk::stem;
use crate::Item;
use std::path::Path;
use toll_model::ReportMeta;

/// Whether the file is plain text or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Single {
    /// `.txt`: the text is the decoded file.
    Text,
    /// `.html`: the text is the page's main text.
    Html,
}

/// Reads one `.txt` or `.html` file into items: the document, preceded by any warnings and by a
/// sidecar error (the document is still read when its sidecar cannot be).
pub(crate) fn read_single(path: &Path, kind: Single, limit: u64) -> Vec<Item> {
    let (raw, metadata) = match read_limited(path, limit) {
        Ok(r) => r,
        Err(e) => return vec![Item::Error(e)],
    };
    let sidecar = read_sidecar(path, &stem(path));
    let mut items = parse_single(path, raw, kind, sidecar);
    if let Some(Item::Doc(doc)) = items.last_mut() {
        doc.captured_at = mtime_rfc3339(&metadata);
    }
    items
}

/// The items of one `.txt` or `.html` document whose bytes (and sidecar's bytes, or the error reading
/// them) are already read: a sidecar error first, then warnings, then the document.
pub(crate) fn parse_single(
    path: &Path,
    raw: Vec<u8>,
    kind: Single,
    sidecar: Result<Option<Vec<u8>>, IngestError>,
) -> Vec<Item> {
    let mut items = Vec::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let decoded = decode(&raw, path, None, &mut warnings);
    let stem = stem(path);
    let mut meta = ReportMeta {
        id: stem.clone(),
        ..ReportMeta::default()
    };
    let (text, media_type) = match kind {
        Single::Text => (decoded, TEXT_PLAIN),
        Single::Html => {
            let page = extract_html(&decoded);
            meta.title = page.title;
            meta.url = page.url;
            meta.outlet = page.outlet;
            meta.published = page.published;
            (page.text, TEXT_HTML)
        }
    };
    match sidecar {
        Ok(Some(bytes)) => {
            apply_sidecar_bytes(&sidecar_path(path, &stem), &bytes, &mut meta, &mut warnings)
        }
        Ok(None) => {}
        Err(e) => items.push(Item::Error(e)),
    }
    items.extend(warnings.into_iter().map(Item::Warning));
    let doc = SourceDoc::new(
        raw,
        media_type,
        path.display().to_string(),
        path.to_path_buf(),
        meta,
        text,
    );
    items.push(Item::Doc(Box::new(doc)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn docs(items: &[Item]) -> Vec<&SourceDoc> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Doc(d) => Some(d.as_ref()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn txt_with_sidecar() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("strike.txt");
        fs::write(&p, "An air strike killed 12 civilians.\n")?;
        fs::write(
            dir.path().join("strike.meta.json"),
            r#"{"id":"strike-01","published":"2017-03-17","outlet":"Example Wire"}"#,
        )?;
        let items = read_single(&p, Single::Text, 1000);
        let d = docs(&items);
        assert_eq!(d.len(), 1, "{items:?}");
        assert_eq!(d[0].meta.id, "strike-01");
        assert_eq!(d[0].meta.published.as_deref(), Some("2017-03-17"));
        assert_eq!(d[0].raw, b"An air strike killed 12 civilians.\n");
        assert_eq!(d[0].text, "An air strike killed 12 civilians.\n");
        assert_eq!(d[0].media_type, "text/plain");
        assert_eq!(d[0].source, p.display().to_string());
        let captured = d[0].captured_at.as_deref().unwrap_or("");
        assert!(
            captured.ends_with('Z') && captured.len() == 20,
            "{captured}"
        );
        Ok(())
    }

    #[test]
    fn binary_junk_is_read_lossily_with_a_warning() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("junk.txt");
        let junk: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        fs::write(&p, &junk)?;
        fs::write(dir.path().join("junk.meta.json"), b"\xff{not json")?;
        let items = read_single(&p, Single::Text, 1 << 20);
        let warnings: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Warning(w) => Some(w.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("junk.txt: invalid UTF-8"));
        assert!(warnings[1].contains("junk.meta.json: sidecar ignored"));
        let d = docs(&items);
        assert_eq!(d[0].raw, junk, "raw bytes are kept exactly");
        assert_eq!(d[0].meta.id, "junk");
        Ok(())
    }

    #[test]
    fn html_file_gets_page_metadata_and_sidecar_wins() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("page.html");
        fs::write(
            &p,
            "<html><head><title>Blast in the square</title>\
             <meta property=\"article:published_time\" content=\"2023-11-02\"></head>\
             <body><p>A car bomb killed 9 people in the square.</p></body></html>",
        )?;
        fs::write(
            dir.path().join("page.meta.json"),
            r#"{"outlet":"Sidecar Outlet"}"#,
        )?;
        let items = read_single(&p, Single::Html, 1 << 20);
        let d = docs(&items);
        assert_eq!(d.len(), 1, "{items:?}");
        assert_eq!(d[0].media_type, "text/html");
        assert_eq!(d[0].meta.id, "page");
        assert_eq!(d[0].meta.title.as_deref(), Some("Blast in the square"));
        assert_eq!(d[0].meta.published.as_deref(), Some("2023-11-02"));
        assert_eq!(d[0].meta.outlet.as_deref(), Some("Sidecar Outlet"));
        assert!(d[0]
            .text
            .contains("A car bomb killed 9 people in the square."));
        Ok(())
    }

    #[test]
    fn missing_and_too_large_files_are_errors() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("big.txt");
        fs::write(&p, "x".repeat(200))?;
        let items = read_single(&p, Single::Text, 100);
        assert!(matches!(
            items.as_slice(),
            [Item::Error(IngestError::TooLarge { .. })]
        ));
        let items = read_single(&dir.path().join("none.html"), Single::Html, 100);
        assert!(matches!(
            items.as_slice(),
            [Item::Error(IngestError::Io { .. })]
        ));
        Ok(())
    }
}
