//! The dossier as one HTML page for print (A4, print CSS; no script, nothing loaded from elsewhere).

use super::{Dossier, Line};

/// The dossier's print style: inline in a written file, served as `/static/dossier.css` by `toll serve`
/// (whose Content-Security-Policy allows no inline style).
pub const STYLE: &str = "@page { size: A4; margin: 18mm 16mm; }
body { font: 10.5pt/1.4 Georgia, 'Times New Roman', serif; color: #000; max-width: 48em; margin: 2em auto; }
h1 { font-size: 16pt; margin: 0 0 .4em; }
h2 { font-size: 12pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #444; page-break-after: avoid; }
ul { margin: 0; padding-left: 1.2em; }
li { margin: .15em 0; page-break-inside: avoid; overflow-wrap: anywhere; }
.confidential { font-weight: bold; }
@media print { body { margin: 0; max-width: none; } }";

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The dossier as an HTML document with its style inline (a file to open or print anywhere).
pub fn render(d: &Dossier) -> String {
    render_with(d, &format!("<style>\n{STYLE}\n</style>"))
}

/// The dossier as an HTML document whose style is the stylesheet at `href` (as a server serves it).
pub fn render_linked(d: &Dossier, href: &str) -> String {
    render_with(
        d,
        &format!("<link rel=\"stylesheet\" href=\"{}\">", escape(href)),
    )
}

fn render_with(d: &Dossier, style: &str) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let lines = d.lines();
    let title = lines
        .iter()
        .find_map(|l| match l {
            Line::Title(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("Claim dossier");
    out.push_str(&format!(
        "<title>{}</title>\n{style}\n</head>\n<body>\n",
        escape(title)
    ));
    let mut in_list = false;
    for (n, line) in lines.iter().enumerate() {
        let item = matches!(line, Line::Item(_));
        if in_list && !item {
            out.push_str("</ul>\n");
            in_list = false;
        }
        match line {
            Line::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", escape(t))),
            Line::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", escape(h))),
            Line::Text(t) if n == 1 => {
                out.push_str(&format!("<p class=\"confidential\">{}</p>\n", escape(t)))
            }
            Line::Text(t) => out.push_str(&format!("<p>{}</p>\n", escape(t))),
            Line::Item(t) => {
                if !in_list {
                    out.push_str("<ul>\n");
                    in_list = true;
                }
                out.push_str(&format!("<li>{}</li>\n", escape(t)));
            }
        }
    }
    if in_list {
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
