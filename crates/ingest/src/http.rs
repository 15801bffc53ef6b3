//! HTTP responses as stored in WARC `response` records: status line, headers, and the body with any
//! chunked transfer coding and gzip/deflate content coding undone (within a size limit).

use flate2::read::{GzDecoder, ZlibDecoder};
use std::io::Read;

/// A parsed HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    /// The status code (200, 404, …).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, decoded.
    pub body: Vec<u8>,
}

/// Parses an HTTP response message; `limit` bounds the decoded body. Errors say what is wrong.
pub(crate) fn parse_response(msg: &[u8], limit: u64) -> Result<Response, String> {
    let (head, body) = split_head(msg).ok_or("HTTP headers are not terminated by a blank line")?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(format!("not an HTTP response: {:?}", truncate(status_line)));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("invalid HTTP status line: {:?}", truncate(status_line)))?;
    let (mut content_type, mut chunked, mut encoding) = (None, false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_string()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = if chunked {
        dechunk(body).unwrap_or_else(|| body.to_vec())
    } else {
        body.to_vec()
    };
    match encoding.as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => body = inflate(GzDecoder::new(&body[..]), limit)?,
        Some("deflate") => body = inflate(ZlibDecoder::new(&body[..]), limit)?,
        Some(other) => return Err(format!("unsupported Content-Encoding {other:?}")),
    }
    Ok(Response {
        status,
        content_type,
        body,
    })
}

fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

/// Splits at the first blank line (`\r\n\r\n` or `\n\n`).
fn split_head(msg: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = msg
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    let lf = msg.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let (i, n) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((msg.get(..i)?, msg.get(i + n..)?))
}

/// Undoes chunked transfer coding; `None` when the body is not validly chunked (some archivers store it
/// de-chunked while keeping the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n")?;
        let size_line = std::str::from_utf8(body.get(..eol)?).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        body = body.get(eol + 2..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

/// Decompresses a body, refusing output over `limit` bytes (so a small bomb cannot fill memory).
fn inflate(r: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the HTTP body: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "decompressed HTTP body is over the limit of {limit} bytes"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    #[test]
    fn plain_response() -> Result<(), String> {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>",
            100,
        )?;
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, b"<p>hi</p>");
        Ok(())
    }

    #[test]
    fn chunked_and_gzip_bodies_are_decoded() -> Result<(), Box<dyn std::error::Error>> {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n",
            100,
        )?;
        assert_eq!(r.body, b"hello world");
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"compressed text")?;
        let mut msg = b"HTTP/1.0 200 OK\nContent-Encoding: gzip\n\n".to_vec();
        msg.extend_from_slice(&gz.finish()?);
        assert_eq!(parse_response(&msg, 100)?.body, b"compressed text");
        let err = parse_response(&msg, 5).err().unwrap_or_default();
        assert!(err.contains("over the limit"), "{err}");
        Ok(())
    }

    #[test]
    fn malformed_responses_are_errors() {
        for bad in [
            &b"HTTP/1.1 200 OK\r\nno end of headers"[..],
            b"GET / HTTP/1.1\r\n\r\n",
            b"HTTP/1.1 abc\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nnot gzip at all",
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx",
        ] {
            assert!(
                parse_response(bad, 100).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        // a body that claims to be chunked but is not is kept as it is
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nplain",
            100,
        );
        assert_eq!(r.map(|r| r.body), Ok(b"plain".to_vec()));
    }
}
