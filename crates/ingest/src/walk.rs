//! Expanding paths into input files: directories are walked recursively in sorted order, and a directory
//! reached again through a symbolic link is skipped. Only regular files (after following symbolic links)
//! are inputs: a FIFO, socket or device with an input's name, or named explicitly, is an error.

use crate::error::IngestError;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The kinds of input file, told by their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.txt`: one report, with an optional `<stem>.meta.json` sidecar.
    Txt,
    /// `.jsonl`: one report per line.
    Jsonl,
    /// `.html` or `.htm`: one web page, with an optional sidecar.
    Html,
    /// `.warc`: a web archive.
    Warc,
    /// `.warc.gz`: a gzip-compressed web archive (one gzip member per record, or one for all).
    WarcGz,
}

impl FileKind {
    /// The kind of `path`, or `None` for a file that is not an input. The extension is checked on the
    /// name's raw bytes, so a name that is not UTF-8 (`caf\xe9.txt`) is still a `.txt` file.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.as_encoded_bytes().to_ascii_lowercase();
        let name = name.as_slice();
        if name.ends_with(b".txt") {
            Some(FileKind::Txt)
        } else if name.ends_with(b".jsonl") {
            Some(FileKind::Jsonl)
        } else if name.ends_with(b".html") || name.ends_with(b".htm") {
            Some(FileKind::Html)
        } else if name.ends_with(b".warc") {
            Some(FileKind::Warc)
        } else if name.ends_with(b".warc.gz") {
            Some(FileKind::WarcGz)
        } else {
            None
        }
    }
}

/// The file name without its input extension (`a.txt` → `a`, `b.warc.gz` → `b`); a name that is not
/// UTF-8 is decoded lossily (invalid bytes become U+FFFD).
pub fn stem(path: &Path) -> String {
    let Some(name) = path.file_name() else {
        return "report".to_string();
    };
    let name = name.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    for ext in [".warc.gz", ".warc", ".jsonl", ".html", ".htm", ".txt"] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name.to_string()
}

/// Expands files and directories (recursively, sorted) into the input files to read. Paths that
/// cannot be read, special files (FIFOs, sockets, devices) named explicitly or with an input's name,
/// and explicitly named files of an unsupported type, become errors.
pub fn collect_files(paths: &[PathBuf], errors: &mut Vec<IngestError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        walk(p, true, &mut seen, &mut out, errors);
    }
    out
}

fn canonical(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn walk(
    p: &Path,
    explicit: bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    errors: &mut Vec<IngestError>,
) {
    match fs::metadata(p) {
        Err(source) => errors.push(IngestError::Io {
            path: p.to_path_buf(),
            source,
        }),
        Ok(m) if m.is_dir() && !explicit && !seen.insert(canonical(p)) => {
            // a directory reached again through a symbolic link: walked once already
        }
        Ok(m) if m.is_dir() => match fs::read_dir(p) {
            Err(source) => errors.push(IngestError::Io {
                path: p.to_path_buf(),
                source,
            }),
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                if explicit {
                    seen.insert(canonical(p));
                }
                for c in children {
                    walk(&c, false, seen, out, errors);
                }
            }
        },
        Ok(m) => {
            let input = FileKind::of(p).is_some();
            if (input || explicit) && !m.is_file() {
                // a FIFO would block the batch when opened, a device would never end
                errors.push(IngestError::NotRegular {
                    path: p.to_path_buf(),
                });
            } else if input {
                out.push(p.to_path_buf());
            } else if explicit {
                errors.push(IngestError::Unsupported {
                    path: p.to_path_buf(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_stems() {
        assert_eq!(FileKind::of(Path::new("a/b.txt")), Some(FileKind::Txt));
        assert_eq!(FileKind::of(Path::new("b.meta.json")), None);
        assert_eq!(FileKind::of(Path::new("c.HTM")), Some(FileKind::Html));
        assert_eq!(FileKind::of(Path::new("d.warc.gz")), Some(FileKind::WarcGz));
        assert_eq!(FileKind::of(Path::new("e.gz")), None);
        assert_eq!(stem(Path::new("x/crawl.warc.gz")), "crawl");
        assert_eq!(stem(Path::new("page.html")), "page");
        assert_eq!(stem(Path::new("notes.md")), "notes.md");
    }

    #[test]
    fn walk_is_sorted_recursive_and_reports_bad_paths() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        fs::create_dir_all(root.join("sub/deeper"))?;
        for f in [
            "b.txt",
            "a.jsonl",
            "sub/c.html",
            "sub/deeper/d.warc",
            "skip.md",
            "a.meta.json",
        ] {
            fs::write(root.join(f), "x")?;
        }
        let mut errors = Vec::new();
        let files = collect_files(
            &[
                root.to_path_buf(),
                root.join("missing.txt"),
                root.join("skip.md"),
            ],
            &mut errors,
        );
        let names: Vec<String> = files
            .iter()
            .filter_map(|f| f.strip_prefix(root).ok())
            .map(|f| f.display().to_string())
            .collect();
        assert_eq!(
            names,
            ["a.jsonl", "b.txt", "sub/c.html", "sub/deeper/d.warc"]
        );
        assert_eq!(errors.len(), 2);
        assert!(matches!(errors[0], IngestError::Io { .. }));
        assert!(matches!(errors[1], IngestError::Unsupported { .. }));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_errors_not_inputs() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("in");
        fs::create_dir(&root)?;
        fs::write(root.join("b.txt"), "x")?;
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("a.jsonl"))
            .arg(root.join("pipe.md"))
            .status()?;
        assert!(status.success());
        std::os::unix::fs::symlink("/dev/urandom", root.join("random.jsonl"))?;
        let _socket = std::os::unix::net::UnixListener::bind(root.join("s.txt"))?;
        let device = dir.path().join("named.txt");
        std::os::unix::fs::symlink("/dev/zero", &device)?;
        let mut errors = Vec::new();
        let files = collect_files(&[root.clone(), device], &mut errors);
        assert_eq!(files, [root.join("b.txt")]);
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        for (m, name) in messages
            .iter()
            .zip(["a.jsonl", "random.jsonl", "s.txt", "named.txt"])
        {
            assert!(m.contains(name), "{messages:?}");
            assert!(m.contains("not a regular file"), "{messages:?}");
        }
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_inputs() -> std::io::Result<()> {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let txt = Path::new(OsStr::from_bytes(b"caf\xe9.txt"));
        assert_eq!(FileKind::of(txt), Some(FileKind::Txt));
        assert_eq!(
            FileKind::of(Path::new(OsStr::from_bytes(b"\xff.WARC.gz"))),
            Some(FileKind::WarcGz)
        );
        assert_eq!(FileKind::of(Path::new(OsStr::from_bytes(b"\xff.md"))), None);
        assert_eq!(stem(txt), "caf\u{fffd}");

        let dir = tempfile::tempdir()?;
        let root = dir.path().join("in");
        fs::create_dir(&root)?;
        fs::write(root.join(txt), "x")?;
        fs::write(root.join(OsStr::from_bytes(b"caf\xe9.md")), "x")?;
        let mut errors = Vec::new();
        let files = collect_files(&[root.clone(), root.join(txt)], &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files, [root.join(txt), root.join(txt)]);
        Ok(())
    }
}
