//! Reading reports from files: `.txt` (with an optional `<name>.meta.json`
//! sidecar) and `.jsonl` (one report per line), files or whole directories.
//!
//! Every failure names the file (and line) it came from and never stops the
//! rest of the batch: callers get a list of reports and a list of errors.

use serde::Deserialize;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use toll_model::{Report, ReportMeta};

/// Default largest input file accepted, in bytes.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file or directory could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is larger than the limit.
    #[error(
        "{path}: file is {size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)"
    )]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSONL line or a sidecar is not the expected JSON.
    #[error("{path}{}: invalid JSON: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Json {
        /// The path.
        path: PathBuf,
        /// 1-based line, for JSONL.
        line: Option<usize>,
        /// What the parser said.
        message: String,
    },
    /// The path is neither a directory nor a supported file type.
    #[error("{path}: unsupported file type (expected .txt or .jsonl)")]
    Unsupported {
        /// The path.
        path: PathBuf,
    },
}

/// A report read from disk, with where it came from and any warnings.
#[derive(Debug)]
pub struct LoadedReport {
    /// The report.
    pub report: Report,
    /// The file it came from.
    pub source: PathBuf,
}

/// What reading a set of paths produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Reports read successfully.
    pub reports: Vec<LoadedReport>,
    /// Inputs that failed, each naming its file.
    pub errors: Vec<InputError>,
    /// Non-fatal problems (lossy UTF-8 decoding), each naming its file.
    pub warnings: Vec<String>,
}

/// One line of a JSONL input, or a sidecar's contents plus text.
#[derive(Debug, Deserialize)]
struct JsonReport {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Expands files and directories (recursively, sorted) into the input files to read.
pub fn collect_files(paths: &[PathBuf], errors: &mut Vec<InputError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        walk(p, true, &mut seen, &mut out, errors);
    }
    out
}

fn is_input_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    (name.ends_with(".txt") || name.ends_with(".jsonl")) && !name.ends_with(".meta.json")
}

fn walk(
    p: &Path,
    explicit: bool,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<InputError>,
) {
    match fs::metadata(p) {
        Err(source) => errors.push(InputError::Io {
            path: p.to_path_buf(),
            source,
        }),
        Ok(m)
            if m.is_dir()
                && !explicit
                && !seen.insert(fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())) =>
        {
            // a directory reached again through a symbolic link: walked once already
        }
        Ok(m) if m.is_dir() => match fs::read_dir(p) {
            Err(source) => errors.push(InputError::Io {
                path: p.to_path_buf(),
                source,
            }),
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                if explicit {
                    seen.insert(fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
                }
                for c in children {
                    walk(&c, false, seen, out, errors);
                }
            }
        },
        Ok(_) => {
            if is_input_file(p) {
                out.push(p.to_path_buf());
            } else if explicit {
                errors.push(InputError::Unsupported {
                    path: p.to_path_buf(),
                });
            }
        }
    }
}

/// Reads a file whole, refusing files over `limit` bytes.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    let mut buf = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_path_buf(),
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

/// Decodes bytes as UTF-8, replacing invalid sequences and warning with the file name.
fn decode(bytes: Vec<u8>, path: &Path, warnings: &mut Vec<String>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            warnings.push(format!(
                "{}: invalid UTF-8, decoded lossily (invalid bytes replaced by U+FFFD)",
                path.display()
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("report");
    name.strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".jsonl"))
        .unwrap_or(name)
        .to_string()
}

fn read_txt(path: &Path, limit: u64, loaded: &mut Loaded) {
    let bytes = match read_limited(path, limit) {
        Ok(b) => b,
        Err(e) => return loaded.errors.push(e),
    };
    let text = decode(bytes, path, &mut loaded.warnings);
    let mut meta = ReportMeta {
        id: stem(path),
        ..ReportMeta::default()
    };
    let sidecar = path.with_file_name(format!("{}.meta.json", stem(path)));
    if sidecar.exists() {
        match read_limited(&sidecar, 1024 * 1024) {
            Err(e) => loaded.errors.push(e),
            Ok(b) => match serde_json::from_slice::<JsonReport>(&b) {
                Ok(j) => {
                    if let Some(id) = j.id.filter(|s| !s.is_empty()) {
                        meta.id = id;
                    }
                    meta.url = j.url;
                    meta.title = j.title;
                    meta.outlet = j.outlet;
                    meta.published = j.published;
                }
                Err(e) => {
                    loaded.warnings.push(format!(
                        "{}: sidecar ignored: invalid JSON: {e}",
                        sidecar.display()
                    ));
                }
            },
        }
    }
    loaded.reports.push(LoadedReport {
        report: Report { meta, text },
        source: path.to_path_buf(),
    });
}

fn read_jsonl(path: &Path, limit: u64, loaded: &mut Loaded) {
    let bytes = match read_limited(path, limit) {
        Ok(b) => b,
        Err(e) => return loaded.errors.push(e),
    };
    let text = decode(bytes, path, &mut loaded.warnings);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<JsonReport>(line) {
            Err(e) => loaded.errors.push(InputError::Json {
                path: path.to_path_buf(),
                line: Some(n + 1),
                message: e.to_string(),
            }),
            Ok(j) => {
                let id =
                    j.id.filter(|s| !s.is_empty())
                        .unwrap_or_else(|| format!("{}-{}", stem(path), n + 1));
                let meta = ReportMeta {
                    id,
                    url: j.url,
                    title: j.title,
                    outlet: j.outlet,
                    published: j.published,
                };
                let body = j.text.unwrap_or_default();
                loaded.reports.push(LoadedReport {
                    report: Report { meta, text: body },
                    source: path.to_path_buf(),
                });
            }
        }
    }
}

/// Reads every report under `paths`; errors are collected, never fatal.
pub fn load(paths: &[PathBuf], limit: u64) -> Loaded {
    let mut loaded = Loaded::default();
    let files = collect_files(paths, &mut loaded.errors);
    for f in files {
        if f.extension().is_some_and(|e| e == "jsonl") {
            read_jsonl(&f, limit, &mut loaded);
        } else {
            read_txt(&f, limit, &mut loaded);
        }
    }
    loaded
}
