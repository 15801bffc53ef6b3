//! Reading source documents from disk: `.txt` (with an optional `<stem>.meta.json` sidecar), `.jsonl`
//! (one document per line), `.html`/`.htm` (main text by readability) and `.warc`/`.warc.gz` (one
//! document per text or HTML response).
//!
//! [`documents`] walks files and directories and yields [`Item`]s one at a time — documents, warnings and
//! errors — so that a batch of any size never sits in memory at once. Every error and warning names its
//! file (and line or record); a bad file never stops the others, and nothing here panics on any input.

mod doc;
mod error;
mod html;
mod http;
mod jsonl;
pub mod lang;
mod meta;
mod read;
mod single;
mod walk;
mod warc;

pub use doc::{sha256_hex, SourceDoc, APPLICATION_JSONL, TEXT_HTML, TEXT_PLAIN};
pub use error::{IngestError, Location, Warning};
pub use html::{extract_html, HtmlText};
pub use walk::{collect_files, stem, FileKind};

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Default largest input accepted, in bytes: a whole `.txt`/`.html` file, one JSONL line, or one WARC
/// record's content.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How to read inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Largest `.txt`/`.html` file, JSONL line or WARC record content accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// One thing found while reading: a document, a warning, or an error.
#[derive(Debug)]
pub enum Item {
    /// A document that was read (boxed: it holds its bytes and text).
    Doc(Box<SourceDoc>),
    /// A problem that did not stop a document from being read.
    Warning(Warning),
    /// An input, or part of one, that could not be read.
    Error(IngestError),
}

/// The items of one file.
enum FileItems {
    /// Items already read (single-document files).
    Ready(std::vec::IntoIter<Item>),
    /// A JSONL file, streamed line by line.
    Jsonl(Box<jsonl::JsonlReader>),
    /// A WARC archive, streamed record by record.
    Warc(Box<warc::WarcReader>),
}

impl Iterator for FileItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            FileItems::Ready(items) => items.next(),
            FileItems::Jsonl(r) => r.next(),
            FileItems::Warc(r) => r.next(),
        }
    }
}

/// Reads one input file of any supported kind, one item at a time.
pub fn read_file(path: &Path, options: &Options) -> impl Iterator<Item = Item> {
    open_file(path, options)
}

fn open_file(path: &Path, options: &Options) -> FileItems {
    let limit = options.max_bytes;
    match FileKind::of(path) {
        None => FileItems::Ready(
            vec![Item::Error(IngestError::Unsupported {
                path: path.to_path_buf(),
            })]
            .into_iter(),
        ),
        Some(FileKind::Txt) => {
            FileItems::Ready(single::read_single(path, single::Single::Text, limit).into_iter())
        }
        Some(FileKind::Html) => {
            FileItems::Ready(single::read_single(path, single::Single::Html, limit).into_iter())
        }
        Some(FileKind::Jsonl) => FileItems::Jsonl(Box::new(jsonl::JsonlReader::open(path, limit))),
        Some(FileKind::Warc) => {
            FileItems::Warc(Box::new(warc::WarcReader::open(path, false, limit)))
        }
        Some(FileKind::WarcGz) => {
            FileItems::Warc(Box::new(warc::WarcReader::open(path, true, limit)))
        }
    }
}

/// Reads one `.txt` document (an `.html` page when `html`) from bytes already in memory, with the
/// bytes of its `<stem>.meta.json` sidecar if it has one: what reading such a file does once its bytes
/// are read (warnings, then the document; the file system is not touched). `name` names the document
/// and its warnings. The entry point of the `ingest_text` and `ingest_html` fuzz targets.
pub fn single_items(name: &Path, raw: Vec<u8>, html: bool, sidecar: Option<&[u8]>) -> Vec<Item> {
    let kind = if html {
        single::Single::Html
    } else {
        single::Single::Text
    };
    single::parse_single(name, raw, kind, Ok(sidecar.map(<[u8]>::to_vec)))
}

/// Reads JSONL from any reader (a pipe, a buffer), naming `name` in errors and warnings.
pub fn jsonl_items(
    name: &Path,
    reader: impl std::io::BufRead + 'static,
    options: &Options,
) -> impl Iterator<Item = Item> {
    jsonl::JsonlReader::from_reader(name, Some(Box::new(reader)), None, options.max_bytes)
}

/// Reads a WARC archive from any reader, gzip-compressed when `gz`, naming `name` in errors.
pub fn warc_items(
    name: &Path,
    reader: impl std::io::BufRead + 'static,
    gz: bool,
    options: &Options,
) -> impl Iterator<Item = Item> {
    let reader: Box<dyn std::io::BufRead> = if gz {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            reader,
        )))
    } else {
        Box::new(reader)
    };
    warc::WarcReader::from_reader(name, reader, gz, options.max_bytes)
}

/// Every item under a set of paths, file after file in walk order.
pub struct Documents {
    options: Options,
    pending: VecDeque<Item>,
    files: std::vec::IntoIter<PathBuf>,
    current: Option<FileItems>,
    files_total: usize,
    files_done: usize,
}

impl Documents {
    /// How many input files the paths expanded to.
    pub fn files_total(&self) -> usize {
        self.files_total
    }

    /// How many input files have been read to their end.
    pub fn files_done(&self) -> usize {
        self.files_done
    }
}

impl Iterator for Documents {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(item) = self.pending.pop_front() {
            return Some(item);
        }
        loop {
            if let Some(current) = self.current.as_mut() {
                if let Some(item) = current.next() {
                    if let Item::Doc(doc) = &item {
                        self.pending
                            .extend(lang::unread_language_warning(doc).map(Item::Warning));
                    }
                    return Some(item);
                }
                self.current = None;
                self.files_done += 1;
            }
            let path = self.files.next()?;
            self.current = Some(open_file(&path, &self.options));
        }
    }
}

/// Walks `paths` (files and directories, recursively in sorted order) and reads every input file in
/// them lazily. Errors from the walk (missing paths, unsupported explicit files) come first.
pub fn documents(paths: &[PathBuf], options: &Options) -> Documents {
    let mut errors = Vec::new();
    let files = collect_files(paths, &mut errors);
    Documents {
        options: *options,
        pending: errors.into_iter().map(Item::Error).collect(),
        files_total: files.len(),
        files: files.into_iter(),
        current: None,
        files_done: 0,
    }
}
