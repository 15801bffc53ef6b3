//! WARC archives (`.warc`, `.warc.gz`), read one record at a time.
//!
//! Every `response` record whose HTTP payload is `text/html` or `text/plain` (status 2xx), and every
//! `resource` record of those types, becomes a document; other records are skipped. The size limit
//! applies to each record's content, so an archive of any size streams. A malformed or truncated archive
//! yields the documents before the damage and then one error naming the file and the record's offset.

use crate::doc::SourceDoc;
use crate::error::{IngestError, Location, Warning};
use crate::html::extract_html;
use crate::http::parse_response;
use crate::read::{decode, open_regular, read_line_bounded, Line};
use crate::Item;
use flate2::read::MultiGzDecoder;
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use toll_model::ReportMeta;

/// Longest WARC header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADERS: usize = 1024;

/// A `BufRead` that counts the bytes consumed, to know each record's offset.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// Streams the documents of one WARC archive.
pub(crate) struct WarcReader {
    path: PathBuf,
    reader: Option<Counting<Box<dyn BufRead>>>,
    decompressed: bool,
    limit: u64,
    pending: VecDeque<Item>,
}

/// One record's header fields that matter here.
#[derive(Debug, Default)]
struct Header {
    warc_type: String,
    content_type: Option<String>,
    content_length: Option<u64>,
    target_uri: Option<String>,
    date: Option<String>,
    record_id: Option<String>,
}

impl WarcReader {
    /// Opens `path` (gzip-compressed when `gz`); an unreadable file yields one error.
    pub(crate) fn open(path: &Path, gz: bool, limit: u64) -> WarcReader {
        match open_regular(path) {
            Ok((f, _)) => {
                let reader: Box<dyn BufRead> = if gz {
                    Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(f))))
                } else {
                    Box::new(BufReader::new(f))
                };
                WarcReader::from_reader(path, reader, gz, limit)
            }
            Err(e) => WarcReader {
                path: path.to_path_buf(),
                reader: None,
                decompressed: gz,
                limit,
                pending: VecDeque::from([Item::Error(e)]),
            },
        }
    }

    /// Reads an archive from any (already decompressed) reader, naming `path` in errors.
    pub(crate) fn from_reader(
        path: &Path,
        reader: Box<dyn BufRead>,
        decompressed: bool,
        limit: u64,
    ) -> WarcReader {
        WarcReader {
            path: path.to_path_buf(),
            reader: Some(Counting {
                inner: reader,
                pos: 0,
            }),
            decompressed,
            limit,
            pending: VecDeque::new(),
        }
    }

    fn location(&self, offset: u64) -> Location {
        Location::Record {
            offset,
            decompressed: self.decompressed,
        }
    }

    fn error(&self, offset: u64, message: String) -> Item {
        Item::Error(IngestError::Warc {
            path: self.path.clone(),
            location: self.location(offset),
            message,
        })
    }

    /// Reads records until one gives items (or the archive ends or breaks).
    fn advance(&mut self) {
        while self.pending.is_empty() {
            let Some(reader) = self.reader.as_mut() else {
                return;
            };
            match read_record(reader, self.limit) {
                Ok(None) => self.reader = None,
                Ok(Some(Record::Fatal { offset, message })) => {
                    self.reader = None;
                    let e = self.error(offset, message);
                    self.pending.push_back(e);
                }
                Ok(Some(Record::TooLarge { offset, size })) => {
                    self.pending.push_back(Item::Error(IngestError::TooLarge {
                        path: self.path.clone(),
                        location: Some(self.location(offset)),
                        size,
                        limit: self.limit,
                    }));
                }
                Ok(Some(Record::Skipped)) => {}
                Ok(Some(Record::Content {
                    offset,
                    header,
                    block,
                })) => self.push_document(offset, header, block),
                Err((offset, e)) => {
                    self.reader = None;
                    let message = if e.kind() == io::ErrorKind::UnexpectedEof {
                        "archive is truncated inside this record".to_string()
                    } else {
                        format!("archive is corrupt or unreadable in this record: {e}")
                    };
                    let e = self.error(offset, message);
                    self.pending.push_back(e);
                }
            }
        }
    }

    /// Turns a `response` or `resource` record into a document when its payload is text or HTML.
    fn push_document(&mut self, offset: u64, header: Header, block: Vec<u8>) {
        let (media, payload) = if header.warc_type == "response" {
            match parse_response(&block, self.limit) {
                Err(message) => {
                    let e = self.error(offset, message);
                    self.pending.push_back(e);
                    return;
                }
                Ok(r) if !(200..300).contains(&r.status) => return,
                Ok(r) => (r.content_type, r.body),
            }
        } else {
            (header.content_type.clone(), block)
        };
        let essence = media
            .as_deref()
            .and_then(|m| m.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let html = matches!(essence.as_str(), "text/html" | "application/xhtml+xml");
        if !html && essence != "text/plain" {
            return;
        }
        let location = self.location(offset);
        let mut warnings: Vec<Warning> = Vec::new();
        let decoded = decode(&payload, &self.path, Some(location), &mut warnings);
        self.pending.extend(warnings.into_iter().map(Item::Warning));
        let id = header
            .record_id
            .as_deref()
            .map(|s| s.trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("{}@{offset}", crate::walk::stem(&self.path)));
        let mut meta = ReportMeta {
            id,
            url: header.target_uri.clone(),
            ..ReportMeta::default()
        };
        let text = if html {
            let page = extract_html(&decoded);
            meta.title = page.title;
            meta.outlet = page.outlet;
            meta.published = page.published;
            page.text
        } else {
            decoded
        };
        let source = header
            .target_uri
            .clone()
            .unwrap_or_else(|| self.path.display().to_string());
        let mut doc = SourceDoc::new(payload, &essence, source, self.path.clone(), meta, text);
        doc.location = Some(location);
        doc.captured_at = header.date;
        self.pending.push_back(Item::Doc(Box::new(doc)));
    }
}

impl Iterator for WarcReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.advance();
        self.pending.pop_front()
    }
}

/// What one record gave.
enum Record {
    /// A `response` or `resource` record with its content block.
    Content {
        offset: u64,
        header: Header,
        block: Vec<u8>,
    },
    /// A record of another type: its content was skipped.
    Skipped,
    /// A content block over the limit: skipped, reading goes on.
    TooLarge { offset: u64, size: u64 },
    /// Malformed framing: reading cannot go on.
    Fatal { offset: u64, message: String },
}

/// Reads the next record; `Ok(None)` at the clean end of the archive. I/O errors carry the record offset.
fn read_record(
    r: &mut Counting<Box<dyn BufRead>>,
    limit: u64,
) -> Result<Option<Record>, (u64, io::Error)> {
    let mut line = Vec::new();
    // skip blank lines between records
    let mut offset;
    loop {
        offset = r.pos;
        match read_line_bounded(r, &mut line, MAX_HEADER_LINE).map_err(|e| (offset, e))? {
            Line::Eof => return Ok(None),
            Line::TooLong(_) => {
                return Ok(Some(Record::Fatal {
                    offset,
                    message: "not a WARC record: expected a WARC/1.x version line".into(),
                }))
            }
            Line::Full if line.iter().all(u8::is_ascii_whitespace) => continue,
            Line::Full => break,
        }
    }
    if !line.starts_with(b"WARC/") {
        let shown: String = String::from_utf8_lossy(&line).chars().take(40).collect();
        return Ok(Some(Record::Fatal {
            offset,
            message: format!(
                "not a WARC record: expected a WARC/1.x version line, found {shown:?}"
            ),
        }));
    }
    let mut header = Header::default();
    let mut count = 0;
    loop {
        match read_line_bounded(r, &mut line, MAX_HEADER_LINE).map_err(|e| (offset, e))? {
            Line::Eof => {
                return Err((
                    offset,
                    io::Error::new(io::ErrorKind::UnexpectedEof, "end inside the header"),
                ))
            }
            Line::TooLong(n) => {
                return Ok(Some(Record::Fatal {
                    offset,
                    message: format!("WARC header line of {n} bytes is too long"),
                }))
            }
            Line::Full if line.is_empty() => break,
            Line::Full => {}
        }
        count += 1;
        if count > MAX_HEADERS {
            return Ok(Some(Record::Fatal {
                offset,
                message: format!("more than {MAX_HEADERS} WARC header lines"),
            }));
        }
        let text = String::from_utf8_lossy(&line);
        let Some((name, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => header.warc_type = value.to_ascii_lowercase(),
            "content-type" => header.content_type = Some(value),
            "content-length" => header.content_length = value.parse().ok(),
            "warc-target-uri" => {
                header.target_uri = Some(value.trim_matches(|c| c == '<' || c == '>').to_string())
            }
            "warc-date" => header.date = Some(value),
            "warc-record-id" => header.record_id = Some(value),
            _ => {}
        }
    }
    let Some(length) = header.content_length else {
        return Ok(Some(Record::Fatal {
            offset,
            message: "WARC record has no valid Content-Length".into(),
        }));
    };
    let wanted = matches!(header.warc_type.as_str(), "response" | "resource");
    let record = if !wanted || length > limit {
        let skipped = io::copy(&mut r.take(length), &mut io::sink()).map_err(|e| (offset, e))?;
        if skipped < length {
            return Err((
                offset,
                io::Error::new(io::ErrorKind::UnexpectedEof, "end inside the content"),
            ));
        }
        if wanted {
            Record::TooLarge {
                offset,
                size: length,
            }
        } else {
            Record::Skipped
        }
    } else {
        let mut block = Vec::with_capacity(usize::try_from(length).unwrap_or(0).min(1 << 24));
        r.take(length)
            .read_to_end(&mut block)
            .map_err(|e| (offset, e))?;
        if (block.len() as u64) < length {
            return Err((
                offset,
                io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "content declared {length} bytes, archive ends after {}",
                        block.len()
                    ),
                ),
            ));
        }
        Record::Content {
            offset,
            header,
            block,
        }
    };
    Ok(Some(record))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::fs;
    use std::io::Write;

    /// Builds one WARC record.
    pub(crate) fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2024-03-08T06:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nDate: x\r\n\r\n{body}")
            .into_bytes()
    }

    fn archive() -> Vec<u8> {
        let mut a = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        a.extend(record(
            "request",
            "https://example.org/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        a.extend(record(
            "response",
            "https://example.org/a",
            "application/http; msgtype=response",
            &http(
                "text/html; charset=utf-8",
                "<html><head><title>Market strike</title></head><body><p>An air strike killed 12 civilians.</p></body></html>",
            ),
        ));
        a.extend(record(
            "response",
            "https://example.org/logo.png",
            "application/http; msgtype=response",
            &http("image/png", "\u{89}PNG"),
        ));
        a.extend(record(
            "resource",
            "file:///notes.txt",
            "text/plain",
            b"Gunmen killed 3 guards.",
        ));
        a
    }

    fn read(data: Vec<u8>, limit: u64) -> Vec<Item> {
        WarcReader::from_reader(
            Path::new("crawl.warc"),
            Box::new(io::Cursor::new(data)),
            false,
            limit,
        )
        .collect()
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Doc(d) => format!("doc {} {}", d.media_type, d.source),
                Item::Error(e) => format!("error {e}"),
                Item::Warning(w) => format!("warning {w}"),
            })
            .collect()
    }

    #[test]
    fn responses_and_resources_become_documents() {
        let items = read(archive(), 1 << 20);
        assert_eq!(
            summary(&items),
            [
                "doc text/html https://example.org/a",
                "doc text/plain file:///notes.txt"
            ]
        );
        let Some(Item::Doc(d)) = items.first() else {
            panic!("a document")
        };
        assert!(d.raw.starts_with(b"<html>"), "HTTP headers are stripped");
        assert_eq!(
            d.text,
            "Market strike\n\nAn air strike killed 12 civilians."
        );
        assert_eq!(d.meta.title.as_deref(), Some("Market strike"));
        assert_eq!(d.meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(d.meta.id, "urn:uuid:response-21");
        assert_eq!(d.captured_at.as_deref(), Some("2024-03-08T06:00:00Z"));
        assert!(matches!(d.location, Some(Location::Record { offset, .. }) if offset > 0));
    }

    #[test]
    fn truncated_archive_keeps_earlier_documents_and_names_the_record() {
        let full = archive();
        // cut inside the last record's content
        let cut = full.len() - 10;
        let items = read(full[..cut].to_vec(), 1 << 20);
        let s = summary(&items);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0], "doc text/html https://example.org/a");
        let last_offset = full.len()
            - record(
                "resource",
                "file:///notes.txt",
                "text/plain",
                b"Gunmen killed 3 guards.",
            )
            .len();
        assert_eq!(
            s[1],
            format!("error crawl.warc record at byte {last_offset}: archive is truncated inside this record")
        );
    }

    #[test]
    fn garbage_and_missing_length_stop_with_an_error() {
        let s = summary(&read(b"\x00\x01binary junk\nmore".to_vec(), 1000));
        assert_eq!(s.len(), 1);
        assert!(
            s[0].contains("record at byte 0: not a WARC record"),
            "{s:?}"
        );
        let s = summary(&read(
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nxx".to_vec(),
            1000,
        ));
        assert!(s[0].contains("no valid Content-Length"), "{s:?}");
        assert!(
            read(Vec::new(), 1000).is_empty(),
            "an empty archive has no records"
        );
    }

    #[test]
    fn oversized_record_is_an_error_and_reading_goes_on() {
        let mut a = record("resource", "file:///big.txt", "text/plain", &[b'x'; 500]);
        a.extend(record("resource", "file:///small.txt", "text/plain", b"ok"));
        let s = summary(&read(a, 100));
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(
            s[0].contains("record at byte 0: record content is 500 bytes, over the limit of 100"),
            "{s:?}"
        );
        assert_eq!(s[1], "doc text/plain file:///small.txt");
    }

    #[test]
    fn gzip_members_per_record_and_truncated_gzip() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut gz = Vec::new();
        for rec in [
            record(
                "resource",
                "file:///one.txt",
                "text/plain",
                b"Shelling killed 7 people.",
            ),
            record(
                "resource",
                "file:///two.txt",
                "text/plain",
                b"A car bomb killed 9.",
            ),
        ] {
            let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(&rec)?;
            gz.extend(e.finish()?);
        }
        let p = dir.path().join("c.warc.gz");
        fs::write(&p, &gz)?;
        let s = summary(&WarcReader::open(&p, true, 1000).collect::<Vec<_>>());
        assert_eq!(
            s,
            [
                "doc text/plain file:///one.txt",
                "doc text/plain file:///two.txt"
            ]
        );
        fs::write(&p, &gz[..gz.len() - 15])?;
        let s = summary(&WarcReader::open(&p, true, 1000).collect::<Vec<_>>());
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(s[0], "doc text/plain file:///one.txt");
        assert!(
            s[1].starts_with("error ")
                && s[1].contains("c.warc.gz record at byte")
                && s[1].contains("(decompressed)"),
            "{s:?}"
        );
        Ok(())
    }

    #[test]
    fn bad_http_in_one_record_does_not_stop_the_archive() {
        let mut a = record(
            "response",
            "https://example.org/x",
            "application/http",
            b"not http at all",
        );
        a.extend(record("resource", "file:///ok.txt", "text/plain", b"ok"));
        let s = summary(&read(a, 1000));
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(
            s[0].contains("record at byte 0: HTTP headers are not terminated"),
            "{s:?}"
        );
        assert_eq!(s[1], "doc text/plain file:///ok.txt");
    }
}
