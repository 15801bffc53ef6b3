//! The dossier as a PDF (A4, Helvetica, text wrapped and paginated), written with `pdf-writer`.
//! The standard fonts cover Windows-1252 only: other characters print as `?` (the HTML dossier
//! keeps every script).

use super::{Dossier, Line};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// Characters per line at the body size (Helvetica 9.5 pt averages about 5 pt a character).
const WRAP: usize = 96;

/// A character in Windows-1252 (the fonts' encoding), or `?`.
fn win1252(c: char) -> u8 {
    match c {
        '\u{20}'..='\u{7e}' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201c}' => 0x93,
        '\u{201d}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2026}' => 0x85,
        '\u{20ac}' => 0x80,
        _ => b'?',
    }
}

/// `text` cut into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            let head: String = word.chars().take(width).collect();
            let tail: String = word.chars().skip(width).collect();
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(head);
            word = tail;
        }
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// One laid-out line: font (1 regular, 2 bold), size, indent, text.
struct Laid {
    bold: bool,
    size: f32,
    indent: f32,
    text: String,
    gap_before: f32,
}

fn layout(lines: &[Line]) -> Vec<Laid> {
    let mut out = Vec::new();
    for line in lines {
        let (bold, size, indent, gap, width, bullet, text) = match line {
            Line::Title(t) => (true, 15.0, 0.0, 0.0, 60, false, t),
            Line::Heading(t) => (true, 11.5, 0.0, 10.0, 80, false, t),
            Line::Text(t) => (false, 9.5, 0.0, 3.0, WRAP, false, t),
            Line::Item(t) => (false, 9.5, 10.0, 2.0, WRAP - 3, true, t),
        };
        for (n, piece) in wrap(text, width).into_iter().enumerate() {
            let text = match (bullet, n) {
                (true, 0) => format!("- {piece}"),
                (true, _) => format!("  {piece}"),
                _ => piece,
            };
            out.push(Laid {
                bold,
                size,
                indent,
                text,
                gap_before: if n == 0 { gap } else { 0.0 },
            });
        }
    }
    out
}

/// The dossier as PDF bytes.
pub fn render(d: &Dossier) -> Vec<u8> {
    let laid = layout(&d.lines());
    // pages: cut where the next line would pass the bottom margin
    let mut pages: Vec<Vec<(f32, &Laid)>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    for l in &laid {
        let step = l.gap_before + l.size * 1.35;
        if y - step < MARGIN {
            pages.push(Vec::new());
            y = PAGE_H - MARGIN;
        }
        y -= step;
        if let Some(page) = pages.last_mut() {
            page.push((y, l));
        }
    }
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut next = 6;
    let mut page_ids = Vec::new();
    for _ in &pages {
        page_ids.push((Ref::new(next), Ref::new(next + 1)));
        next += 2;
    }
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let title = format!("Claim {} for incident {}", d.claim.id, d.incident.id);
    pdf.document_info(info)
        .title(pdf_writer::TextStr(&title))
        .producer(pdf_writer::TextStr("Toll"));
    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        p.parent(tree);
        p.contents(*content_id);
        {
            let mut resources = p.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Name(b"F1"), regular);
            fonts.pair(Name(b"F2"), bold);
        }
        p.finish();
        let mut content = Content::new();
        for (y, l) in page {
            let bytes: Vec<u8> = l.text.chars().map(win1252).collect();
            content.begin_text();
            content.set_font(Name(if l.bold { b"F2" } else { b"F1" }), l.size);
            content.next_line(MARGIN + l.indent, *y);
            content.show(Str(&bytes));
            content.end_text();
        }
        pdf.stream(*content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_and_lines_are_wrapped() {
        let lines = wrap("a bb ccc dddddddddd", 4);
        assert_eq!(lines, vec!["a bb", "ccc", "dddd", "dddd", "dd"]);
        assert_eq!(win1252('é'), 0xe9);
        assert_eq!(win1252('م'), b'?');
    }
}
