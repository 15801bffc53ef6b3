//! HTML pages: the main text (readability, falling back to the whole body) and the page's metadata
//! (`<title>`, `og:` and `article:` meta tags, JSON-LD, canonical link).

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// Largest number of elements readability scores; bigger pages fall back to the whole body's text.
const MAX_ELEMENTS: usize = 200_000;

/// Deepest element nesting parsed with a DOM; deeper (pathological) markup is reduced to its text
/// with a flat tag stripper, so that no tree walk can exhaust the stack.
const MAX_DEPTH: usize = 512;

/// The text and metadata of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlText {
    /// The main text: the title as the first line when the text does not start with it, then the
    /// paragraphs, separated by blank lines.
    pub text: String,
    /// The page title (`<title>`, `og:title` or JSON-LD headline).
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD` (`article:published_time`, `date` meta tags, JSON-LD), when given.
    pub published: Option<String>,
    /// The site name (`og:site_name`, JSON-LD publisher).
    pub outlet: Option<String>,
    /// The canonical URL (`og:url` or `<link rel="canonical">`).
    pub url: Option<String>,
}

/// Extracts a page's main text and metadata. Never panics; broken markup gives whatever text it holds.
pub fn extract_html(html: &str) -> HtmlText {
    if nesting_depth(html) > MAX_DEPTH {
        return HtmlText {
            text: normalize(&strip_tags(html)),
            ..HtmlText::default()
        };
    }
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut out = HtmlText::default();
    let mut body = String::new();
    // without a document URL, `new` cannot fail
    if let Ok(mut r) = Readability::new(html, None, Some(config)) {
        let meta = r.get_article_metadata(r.parse_json_ld());
        out.title = non_empty(&meta.title).or_else(|| non_empty(&r.doc.select("title").text()));
        out.published = meta.published_time.as_deref().and_then(iso_date);
        out.outlet = meta.site_name.as_deref().and_then(non_empty);
        out.url = meta.url.as_deref().and_then(non_empty).or_else(|| {
            r.doc
                .select("link[rel=canonical]")
                .attr("href")
                .as_deref()
                .and_then(non_empty)
        });
        if let Ok(article) = r.parse() {
            body = normalize(&article.text_content);
        }
    }
    if body.is_empty() {
        let doc = Document::from(html);
        doc.select("script, style, noscript, template, head")
            .remove();
        body = normalize(&doc.select("body").formatted_text());
        if body.is_empty() {
            body = normalize(&doc.formatted_text());
        }
    }
    out.text = match &out.title {
        Some(t) if !body.starts_with(t.as_str()) => {
            if body.is_empty() {
                t.clone()
            } else {
                format!("{t}\n\n{body}")
            }
        }
        _ => body,
    };
    out
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// The `YYYY-MM-DD` at the start of a date or timestamp ("2024-03-07T10:00:00Z"), if it is one.
fn iso_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    Some(d.to_string())
}

/// Trims every line, collapses runs of spaces, and keeps at most one blank line between paragraphs.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&words.join(" "));
    }
    out
}

/// Elements that never have children.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"br"
            | b"img"
            | b"meta"
            | b"link"
            | b"hr"
            | b"input"
            | b"wbr"
            | b"source"
            | b"area"
            | b"base"
            | b"col"
            | b"embed"
            | b"param"
            | b"track"
            | b"keygen"
    )
}

/// Elements an end tag for another element does not close past (HTML's scope boundaries, and lists).
fn is_boundary(name: &[u8]) -> bool {
    matches!(
        name,
        b"html"
            | b"table"
            | b"td"
            | b"th"
            | b"tr"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"caption"
            | b"template"
            | b"object"
            | b"applet"
            | b"marquee"
            | b"button"
            | b"select"
            | b"ol"
            | b"ul"
            | b"svg"
            | b"math"
            | b"foreignobject"
    )
}

/// Estimates the depth of the element tree an HTML parser builds, erring on the deep side: a stack of
/// open elements where an end tag closes its element unless a scope boundary lies between, and a start
/// tag closes an open element of the same name only for elements such as `p`, `li` or `td` and when that is the
/// innermost one. The HTML parser's
/// time grows with the square of the depth, so pathological nesting is caught before parsing.
///
/// Counting stops once the depth passes `MAX_DEPTH` (the answer is then `MAX_DEPTH + 1`): the stack
/// never grows past it, so an end tag's search down the stack is bounded and the estimate stays linear
/// in the page's size (an unbounded stack made thousands of unmatched end tags quadratic).
fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let find = |from: usize, needle: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
            .map(|p| from + p)
    };
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut max = 0usize;
    let mut i = 0usize;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        if b.get(i..).is_some_and(|r| r.starts_with(b"!--")) {
            i = find(i, b"-->").map_or(b.len(), |p| p + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name: Vec<u8> = b
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .map(u8::to_ascii_lowercase)
            .collect();
        if !name.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let end = find(start, b">").unwrap_or(b.len());
        let self_closing = end > 0 && b.get(end - 1) == Some(&b'/');
        i = end;
        if closing {
            for pos in (0..stack.len()).rev() {
                if stack[pos] == name {
                    stack.truncate(pos);
                    break;
                }
                if is_boundary(&stack[pos]) {
                    break;
                }
            }
            continue;
        }
        if matches!(
            name.as_slice(),
            b"script" | b"style" | b"textarea" | b"title" | b"xmp"
        ) {
            // raw text: markup inside is not markup
            let mut close = b"</".to_vec();
            close.extend_from_slice(&name);
            i = find(end, &close).unwrap_or(b.len());
            continue;
        }
        if is_void(&name) || self_closing {
            continue;
        }
        let closes_sibling = matches!(
            name.as_slice(),
            b"p" | b"li" | b"dt" | b"dd" | b"option" | b"tr" | b"td" | b"th" | b"rt" | b"rp"
        );
        if closes_sibling && stack.last() == Some(&name) {
            stack.pop();
        }
        stack.push(name);
        max = max.max(stack.len());
        if max > MAX_DEPTH {
            return max;
        }
    }
    max
}

/// Text of markup with every tag removed (each tag becomes a line break); used for pathological input.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push('\n');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Shelling hits Varesk suburb</title>
<meta property="og:site_name" content="Illustrative Daily">
<meta property="article:published_time" content="2024-05-02T08:30:00Z">
<link rel="canonical" href="https://example.org/illustrative/varesk">
<script>var killed = 999;</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Shelling hits Varesk suburb</h1>
<p>VARESK — Shelling struck a residential street in the suburb of Varesk on Wednesday evening,
killing 7 civilians and wounding 15 others, the regional health office said.</p>
<p>Residents said the shells landed as families gathered outside after the evening meal, and rescue
workers searched damaged houses into the night with torches and bare hands.</p>
<p>The health office said the figure could rise as more of the wounded were taken to hospitals in
the provincial capital, where doctors appealed for blood donations.</p>
</article>
<footer>Copyright Illustrative Daily</footer>
</body></html>"#;

    #[test]
    fn article_text_and_metadata() {
        let h = extract_html(PAGE);
        assert_eq!(h.title.as_deref(), Some("Shelling hits Varesk suburb"));
        assert_eq!(h.published.as_deref(), Some("2024-05-02"));
        assert_eq!(h.outlet.as_deref(), Some("Illustrative Daily"));
        assert_eq!(
            h.url.as_deref(),
            Some("https://example.org/illustrative/varesk")
        );
        assert!(
            h.text.starts_with("Shelling hits Varesk suburb\n\n"),
            "{}",
            h.text
        );
        assert!(
            h.text
                .contains("killing 7 civilians and wounding 15 others"),
            "{}",
            h.text
        );
        assert!(
            h.text.contains("hands.\n\nThe health office"),
            "paragraphs: {}",
            h.text
        );
        assert!(!h.text.contains("999"), "scripts are not text: {}", h.text);
        assert!(
            !h.text.contains("Copyright"),
            "boilerplate dropped: {}",
            h.text
        );
    }

    #[test]
    fn short_page_falls_back_to_body_text() {
        let h = extract_html(
            "<html><body><div>Gunmen killed 3 guards.</div><p>Second.</p></body></html>",
        );
        assert_eq!(h.title, None);
        assert!(h.text.contains("Gunmen killed 3 guards."), "{}", h.text);
        assert!(h.text.contains("Second."), "{}", h.text);
    }

    #[test]
    fn broken_markup_still_gives_text() {
        let h = extract_html(
            "<p>A drone strike <b>killed 5 <i>fighters</p></div></span><<>>&amp;&bogus;",
        );
        assert!(h.text.contains("killed 5 fighters"), "{}", h.text);
        assert_eq!(extract_html("").text, "");
        assert_eq!(extract_html("\0\0\u{fffd}").text, "\u{fffd}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "{}Shelling killed 7 people.{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let h = extract_html(&html);
        assert_eq!(h.text, "Shelling killed 7 people.");
    }

    /// Found while fuzzing (issue 14), by timing large pages: deep markup followed by end tags that
    /// match nothing made every end tag search the whole stack (a 900 KB page took minutes).
    #[test]
    fn nesting_estimate_stops_past_the_limit() {
        let page = format!("{}{}", "<div>".repeat(100_000), "</b>".repeat(100_000));
        assert_eq!(nesting_depth(&page), MAX_DEPTH + 1);
        assert_eq!(nesting_depth(&"<div>".repeat(MAX_DEPTH)), MAX_DEPTH);
        let h = extract_html(&format!("{page}Shelling killed 7 people."));
        assert_eq!(h.text, "Shelling killed 7 people.");
    }

    #[test]
    fn nesting_estimate_errs_deep() {
        assert_eq!(
            nesting_depth("<html><body><p>a<p>b<br><img/></body></html>"),
            3
        );
        assert_eq!(
            nesting_depth("<div><!-- <div><div> --><script>'<div><div>'</script></div>"),
            1
        );
        // an end tag does not close past a table cell, as in HTML
        let trick = "<div><table><tr><td></div>".repeat(10);
        assert_eq!(nesting_depth(&trick), 40);
        let lists = "<li><ul>".repeat(10);
        assert_eq!(nesting_depth(&lists), 20);
        assert_eq!(nesting_depth("<<>><a</b><1>"), 1);
    }

    #[test]
    fn dates_only_when_iso() {
        assert_eq!(
            iso_date("2017-03-17T09:00:00+03:00").as_deref(),
            Some("2017-03-17")
        );
        assert_eq!(iso_date("March 17, 2017"), None);
        assert_eq!(iso_date("2017-1"), None);
        assert_eq!(normalize("  a  b \n\n\n c\n d "), "a b\n\nc\nd");
    }
}
