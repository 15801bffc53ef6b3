//! Low-level reading: size-limited whole files, bounded lines, lossy UTF-8, modification times.

use crate::error::{IngestError, Location, Warning};
use std::fs;
use std::io::{self, BufRead, Read};
use std::path::Path;

/// Opens a regular file for reading, with its metadata. Anything else — a FIFO, socket, character or
/// block device, also behind a symbolic link — is refused as [`IngestError::NotRegular`] before it is
/// opened (opening a FIFO blocks until a writer comes; a device such as `/dev/urandom` never ends), and
/// checked again on the open file in case the path changed in between.
pub(crate) fn open_regular(path: &Path) -> Result<(fs::File, fs::Metadata), IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not_regular = || IngestError::NotRegular {
        path: path.to_path_buf(),
    };
    if !fs::metadata(path).map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let file = fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    Ok((file, metadata))
}

/// Reads a regular file whole, refusing files over `limit` bytes (checked before and while reading).
pub(crate) fn read_limited(
    path: &Path,
    limit: u64,
) -> Result<(Vec<u8>, fs::Metadata), IngestError> {
    let io = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let (file, metadata) = open_regular(path)?;
    let size = metadata.len();
    let too_large = |size| IngestError::TooLarge {
        path: path.to_path_buf(),
        location: None,
        size,
        limit,
    };
    if size > limit {
        return Err(too_large(size));
    }
    let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(io)?;
    if buf.len() as u64 > limit {
        return Err(too_large(buf.len() as u64));
    }
    Ok((buf, metadata))
}

/// Decodes bytes as UTF-8; invalid sequences become U+FFFD and a warning names the file (and place).
pub(crate) fn decode(
    bytes: &[u8],
    path: &Path,
    location: Option<Location>,
    warnings: &mut Vec<Warning>,
) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            warnings.push(Warning {
                path: path.to_path_buf(),
                location,
                message: "invalid UTF-8, decoded lossily (invalid bytes replaced by U+FFFD)".into(),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// The file's modification time as RFC 3339 (UTC, seconds), when the platform gives one.
pub(crate) fn mtime_rfc3339(metadata: &fs::Metadata) -> Option<String> {
    let modified = metadata.modified().ok()?;
    let t: chrono::DateTime<chrono::Utc> = modified.into();
    Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// What `read_line_bounded` found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input: no more lines.
    Eof,
    /// A line (in the buffer, without its `\n` or `\r\n`).
    Full,
    /// A line longer than the limit; it was skipped up to its end. Carries its length.
    TooLong(u64),
}

/// Reads one line into `buf` (cleared first), keeping at most `limit` bytes in memory: a longer line
/// is consumed to its end without being stored, so one huge line cannot exhaust memory.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut len: u64 = 0;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        len = len.saturating_add(take as u64);
        if len <= limit {
            buf.extend_from_slice(&chunk[..take]);
        }
        r.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if len > limit {
        buf.clear();
        return Ok(Line::TooLong(len));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines_split_and_skip_long_ones() -> io::Result<()> {
        let data = b"first\r\nthis line is far too long\n\nlast".to_vec();
        let mut r = io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10)?, Line::Full);
        assert_eq!(buf, b"first");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10)?, Line::TooLong(25));
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10)?, Line::Full);
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10)?, Line::Full);
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10)?, Line::Eof);
        Ok(())
    }

    #[test]
    fn decode_warns_on_invalid_utf8() {
        let mut w = Vec::new();
        assert_eq!(decode(b"ok", Path::new("a.txt"), None, &mut w), "ok");
        assert!(w.is_empty());
        let s = decode(b"bad \xff end", Path::new("a.txt"), None, &mut w);
        assert_eq!(s, "bad \u{fffd} end");
        assert_eq!(w.len(), 1);
        assert!(w[0].to_string().starts_with("a.txt: invalid UTF-8"));
    }

    #[test]
    fn limited_read_refuses_large_files() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("a.txt");
        fs::write(&p, b"0123456789")?;
        assert_eq!(read_limited(&p, 10)?.0, b"0123456789");
        let err = read_limited(&p, 9).err().ok_or("expected an error")?;
        assert!(matches!(err, IngestError::TooLarge { size: 10, .. }));
        let missing = read_limited(&dir.path().join("none.txt"), 9).err();
        assert!(matches!(missing, Some(IngestError::Io { .. })));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn limited_read_refuses_devices() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = dir.path().join("zeros.txt");
        std::os::unix::fs::symlink("/dev/zero", &p)?;
        let err = read_limited(&p, 9).err().ok_or("expected an error")?;
        assert!(matches!(err, IngestError::NotRegular { .. }), "{err}");
        assert!(err.to_string().contains("zeros.txt: not a regular file"));
        Ok(())
    }
}
