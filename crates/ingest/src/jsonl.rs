//! `.jsonl` files, read line by line: each non-blank line is one JSON object and one document whose raw
//! bytes are the line. The size limit applies to each line, so a file of any size streams.

use crate::doc::{SourceDoc, APPLICATION_JSONL};
use crate::error::{IngestError, Location, Warning};
use crate::meta::JsonReport;
use crate::read::{decode, mtime_rfc3339, open_regular, read_line_bounded, Line};
use crate::walk::stem;
use crate::Item;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use toll_model::ReportMeta;

/// Streams the documents of one JSONL file.
pub(crate) struct JsonlReader {
    path: PathBuf,
    stem: String,
    reader: Option<Box<dyn BufRead>>,
    captured_at: Option<String>,
    limit: u64,
    line: usize,
    buf: Vec<u8>,
    pending: VecDeque<Item>,
}

impl JsonlReader {
    /// Opens `path`; an unreadable file yields one error.
    pub(crate) fn open(path: &Path, limit: u64) -> JsonlReader {
        let mut r = JsonlReader::from_reader(path, None, None, limit);
        match open_regular(path) {
            Ok((f, m)) => {
                r.captured_at = mtime_rfc3339(&m);
                r.reader = Some(Box::new(BufReader::new(f)));
            }
            Err(e) => r.pending.push_back(Item::Error(e)),
        }
        r
    }

    /// Reads JSONL from any reader, naming `path` in errors.
    pub(crate) fn from_reader(
        path: &Path,
        reader: Option<Box<dyn BufRead>>,
        captured_at: Option<String>,
        limit: u64,
    ) -> JsonlReader {
        JsonlReader {
            path: path.to_path_buf(),
            stem: stem(path),
            reader,
            captured_at,
            limit,
            line: 0,
            buf: Vec::new(),
            pending: VecDeque::new(),
        }
    }

    /// Reads lines until one gives items (or the file ends).
    fn advance(&mut self) {
        while self.pending.is_empty() {
            let Some(reader) = self.reader.as_mut() else {
                return;
            };
            self.line += 1;
            let at = Some(Location::Line(self.line));
            match read_line_bounded(reader.as_mut(), &mut self.buf, self.limit) {
                Err(source) => {
                    self.reader = None;
                    self.pending.push_back(Item::Error(IngestError::Io {
                        path: self.path.clone(),
                        source,
                    }));
                }
                Ok(Line::Eof) => self.reader = None,
                Ok(Line::TooLong(size)) => {
                    self.pending.push_back(Item::Error(IngestError::TooLarge {
                        path: self.path.clone(),
                        location: at,
                        size,
                        limit: self.limit,
                    }))
                }
                Ok(Line::Full) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let raw = std::mem::take(&mut self.buf);
                    self.parse_line(raw, at);
                }
            }
        }
    }

    fn parse_line(&mut self, raw: Vec<u8>, at: Option<Location>) {
        let mut warnings: Vec<Warning> = Vec::new();
        let line = decode(&raw, &self.path, at, &mut warnings);
        if line.trim().is_empty() {
            // a line of Unicode white space only is blank too
            return;
        }
        self.pending.extend(warnings.into_iter().map(Item::Warning));
        match serde_json::from_str::<JsonReport>(&line) {
            Err(e) => self.pending.push_back(Item::Error(IngestError::Json {
                path: self.path.clone(),
                location: at,
                message: e.to_string(),
            })),
            Ok(mut j) => {
                let text = j.text.take().unwrap_or_default();
                let mut meta = ReportMeta {
                    id: format!("{}-{}", self.stem, self.line),
                    ..ReportMeta::default()
                };
                j.apply(&mut meta);
                let mut doc = SourceDoc::new(
                    raw,
                    APPLICATION_JSONL,
                    self.path.display().to_string(),
                    self.path.clone(),
                    meta,
                    text,
                );
                doc.location = at;
                doc.captured_at = self.captured_at.clone();
                self.pending.push_back(Item::Doc(Box::new(doc)));
            }
        }
    }
}

impl Iterator for JsonlReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.advance();
        self.pending.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &[u8], limit: u64) -> Vec<Item> {
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(data.to_vec()));
        JsonlReader::from_reader(Path::new("feed.jsonl"), Some(reader), None, limit).collect()
    }

    #[test]
    fn lines_become_documents_and_bad_lines_errors() {
        let data = concat!(
            r#"{"id":"feed-1","title":"Car bomb","text":"A car bomb killed 9 people."}"#,
            "\r\n",
            r#"{"id":"feed-2", broken"#,
            "\n\n   \n\u{a0}\u{3000}\n",
            r#"{"text":"Rescuers said 4 children died."}"#,
            "\n",
            "[1,2]\n",
        );
        let items = read(data.as_bytes(), 1 << 20);
        let mut out = Vec::new();
        for i in &items {
            match i {
                Item::Doc(d) => out.push(format!("doc {} {:?}", d.meta.id, d.location)),
                Item::Error(e) => out.push(format!("error {e}")),
                Item::Warning(w) => out.push(format!("warning {w}")),
            }
        }
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(out[0], "doc feed-1 Some(Line(1))");
        assert!(
            out[1].starts_with("error feed.jsonl line 2: invalid JSON"),
            "{}",
            out[1]
        );
        assert_eq!(out[2], "doc feed-6 Some(Line(6))");
        assert!(
            out[3].starts_with("error feed.jsonl line 7: invalid JSON"),
            "{}",
            out[3]
        );
        let Some(Item::Doc(first)) = items.first() else {
            panic!("first item is a document")
        };
        assert_eq!(
            first.raw,
            br#"{"id":"feed-1","title":"Car bomb","text":"A car bomb killed 9 people."}"#,
            "raw bytes are the line without its line break"
        );
        assert_eq!(first.text, "A car bomb killed 9 people.");
        assert_eq!(first.media_type, "application/jsonl");
        assert_eq!(first.meta.title.as_deref(), Some("Car bomb"));
    }

    #[test]
    fn huge_line_is_refused_and_the_next_still_read() {
        let mut data = format!(r#"{{"text":"{}"}}"#, "x".repeat(5000)).into_bytes();
        data.extend_from_slice(b"\n{\"id\":\"after\",\"text\":\"ok\"}\n");
        let items = read(&data, 1000);
        assert_eq!(items.len(), 2);
        assert!(matches!(
            &items[0],
            Item::Error(IngestError::TooLarge {
                size: 5011,
                location: Some(Location::Line(1)),
                ..
            })
        ));
        assert!(matches!(&items[1], Item::Doc(d) if d.meta.id == "after"));
    }

    #[test]
    fn invalid_utf8_line_warns_and_is_still_parsed() {
        let items = read(b"{\"text\":\"bad \xff byte\"}\n", 1000);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Warning(w) if w.location == Some(Location::Line(1))));
        assert!(
            matches!(&items[1], Item::Doc(d) if d.text == "bad \u{fffd} byte" && d.raw.contains(&0xff))
        );
    }
}
