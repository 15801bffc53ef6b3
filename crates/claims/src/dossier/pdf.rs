//! The dossier as a PDF (A4, text wrapped and paginated), written with `pdf-writer`.
//!
//! With a Unicode TrueType font (the file at `$TOLL_PDF_FONT`, else DejaVu Sans from Debian's
//! `fonts-dejavu-core`), every script the font covers is printed: the font is embedded once per
//! document, cut down to the glyphs used (`subset`), as a Type0 font with Identity-H encoding, its widths and a ToUnicode map
//! (so text can be copied and searched). Lines are shaped with `rustybuzz` (Arabic letters join)
//! and ordered with `unicode-bidi` (right-to-left runs in visual order, in a left-to-right page),
//! and wrapped by the shaped advance widths. Without a usable font it falls back to Helvetica,
//! whose encoding (Windows-1252) prints other characters as `?`, and says so on the first page.

use super::{Dossier, Line};
use crate::ClaimsError;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use unicode_bidi::{Level, ParagraphBidiInfo};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// Characters per line at the body size (Helvetica 9.5 pt averages about 5 pt a character).
const WRAP: usize = 96;

/// The environment variable naming a TrueType font file to embed.
pub const FONT_ENV: &str = "TOLL_PDF_FONT";
/// DejaVu Sans where Debian's `fonts-dejavu-core` installs it.
pub const DEJAVU_SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
/// DejaVu Sans Bold where Debian's `fonts-dejavu-core` installs it.
pub const DEJAVU_SANS_BOLD: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
/// The line a dossier printed without a Unicode font carries on its first page.
pub const NO_FONT_NOTICE: &str =
    "Characters outside Latin-1 are shown as ? \u{2014} install fonts-dejavu-core or set TOLL_PDF_FONT";

/// A TrueType font's files to embed, read and checked once.
#[derive(Debug, Clone)]
pub struct FontFiles {
    /// The regular face's file.
    pub regular: Vec<u8>,
    /// The bold face's file, when there is one (else bold lines use the regular face).
    pub bold: Option<Vec<u8>>,
    /// Where the regular face was read.
    pub path: PathBuf,
}

/// A font file read and parsed as TrueType, or why not.
fn read_face(path: &Path) -> Result<Vec<u8>, ClaimsError> {
    let data = std::fs::read(path)
        .map_err(|e| ClaimsError::Dossier(format!("font {}: {e}", path.display())))?;
    let refuse = |why: String| {
        ClaimsError::Dossier(format!(
            "font {}: not a usable TrueType font: {why}",
            path.display()
        ))
    };
    if ttf_parser::fonts_in_collection(&data).is_some() {
        return Err(refuse("a font collection (give one .ttf file)".into()));
    }
    let face = ttf_parser::Face::parse(&data, 0).map_err(|e| refuse(e.to_string()))?;
    if face.tables().glyf.is_none() {
        return Err(refuse("no TrueType outlines (glyf table)".into()));
    }
    Ok(data)
}

impl FontFiles {
    /// Reads `regular` (and `bold`, when given) and checks that they parse as TrueType fonts.
    pub fn read(regular: &Path, bold: Option<&Path>) -> Result<FontFiles, ClaimsError> {
        Ok(FontFiles {
            regular: read_face(regular)?,
            bold: bold.map(read_face).transpose()?,
            path: regular.to_path_buf(),
        })
    }

    /// The font to embed: the file at `$TOLL_PDF_FONT` when it is set (used for bold too), else
    /// DejaVu Sans and DejaVu Sans Bold at Debian's paths (`fonts-dejavu-core`).
    pub fn find() -> Result<FontFiles, ClaimsError> {
        if let Some(path) = std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
            return FontFiles::read(Path::new(&path), None);
        }
        let bold = Path::new(DEJAVU_SANS_BOLD);
        FontFiles::read(Path::new(DEJAVU_SANS), bold.exists().then_some(bold))
    }
}

/// A PDF and, when it could not embed a Unicode font, why (its text then shows `?` for every
/// character outside Windows-1252).
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Set when the PDF fell back to Helvetica: the notice and the reason.
    pub warning: Option<String>,
}

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

/// `text` cut into lines no wider than `width` as `measure` tells, at spaces where it can.
fn wrap(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while measure(&word) > width {
            // the longest head that fits (at least one character)
            let mut head = String::new();
            for c in word.chars() {
                let mut longer = head.clone();
                longer.push(c);
                if !head.is_empty() && measure(&longer) > width {
                    break;
                }
                head = longer;
            }
            let tail = word[head.len()..].to_string();
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(head);
            word = tail;
        }
        if !line.is_empty() && measure(&format!("{line} {word}")) > width {
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

/// One glyph of a shaped line.
#[derive(Debug, Clone, PartialEq)]
struct Glyph {
    /// The glyph id (the CID too: CIDToGIDMap is Identity).
    id: u16,
    /// The shaped advance, in font units.
    advance: i32,
    /// The text it stands for (empty for the second and later glyphs of one cluster).
    text: String,
}

/// A face and the shape plans made for it (making one is slow: one per direction and script).
struct Shaper<'a> {
    face: rustybuzz::Face<'a>,
    plans: std::cell::RefCell<HashMap<(bool, rustybuzz::Script), rustybuzz::ShapePlan>>,
}

impl<'a> Shaper<'a> {
    fn new(face: rustybuzz::Face<'a>) -> Shaper<'a> {
        Shaper {
            face,
            plans: Default::default(),
        }
    }

    /// The face's units per em (at least 1), as a float.
    fn upem(&self) -> f32 {
        self.face.units_per_em().max(1) as f32
    }

    /// `buffer` (direction and script set) shaped with a plan made once.
    fn run(&self, buffer: rustybuzz::UnicodeBuffer) -> rustybuzz::GlyphBuffer {
        let rtl = buffer.direction() == rustybuzz::Direction::RightToLeft;
        let script = buffer.script();
        let mut plans = self.plans.borrow_mut();
        let plan = plans.entry((rtl, script)).or_insert_with(|| {
            rustybuzz::ShapePlan::new(&self.face, buffer.direction(), Some(script), None, &[])
        });
        rustybuzz::shape_with_plan(&self.face, plan, buffer)
    }
}

/// `text` shaped with `face`: right-to-left runs (Arabic, Hebrew) ordered visually within a
/// left-to-right line, each run shaped in its direction; the glyphs from left to right.
fn shape(face: &Shaper, text: &str) -> Vec<Glyph> {
    let mut out = Vec::new();
    if text.is_empty() {
        return out;
    }
    let bidi = ParagraphBidiInfo::new(text, Some(Level::ltr()));
    let (levels, runs) = bidi.visual_runs(0..text.len());
    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let Some(s) = text.get(run) else { continue };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(s);
        buffer.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let shaped = face.run(buffer);
        let mut starts: Vec<usize> = shaped
            .glyph_infos()
            .iter()
            .map(|g| g.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let mut given = std::collections::HashSet::new();
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .copied()
                .find(|&x| x > start)
                .unwrap_or(s.len());
            let text = if given.insert(start) {
                s.get(start..end).unwrap_or_default().to_string()
            } else {
                String::new()
            };
            out.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                text,
            });
        }
    }
    out
}

/// One laid-out line: bold or regular, size, indent, text.
struct Laid {
    bold: bool,
    size: f32,
    indent: f32,
    text: String,
    gap_before: f32,
}

/// How lines are measured for wrapping.
enum Measure<'a> {
    /// Helvetica: by characters, at the widths the dossier always had.
    Chars,
    /// An embedded font: by its shaped advance widths, in points.
    Font {
        regular: &'a Shaper<'a>,
        bold: &'a Shaper<'a>,
    },
}

/// The width of `text` set in `face` at `size` points.
fn width(face: &Shaper, size: f32, text: &str) -> f32 {
    let units: i64 = shape(face, text).iter().map(|g| i64::from(g.advance)).sum();
    units as f32 * size / face.upem()
}

fn layout(lines: &[Line], measure: &Measure) -> Vec<Laid> {
    let mut out = Vec::new();
    for line in lines {
        let (bold, size, indent, gap, chars, bullet, text) = match line {
            Line::Title(t) => (true, 15.0, 0.0, 0.0, 60, false, t),
            Line::Heading(t) => (true, 11.5, 0.0, 10.0, 80, false, t),
            Line::Text(t) => (false, 9.5, 0.0, 3.0, WRAP, false, t),
            Line::Item(t) => (false, 9.5, 10.0, 2.0, WRAP - 3, true, t),
        };
        let pieces = match measure {
            Measure::Chars => wrap(text, chars as f32, &|s: &str| s.chars().count() as f32),
            Measure::Font { regular, bold: b } => {
                let face = if bold { *b } else { *regular };
                let prefix = if bullet { width(face, size, "- ") } else { 0.0 };
                let room = PAGE_W - 2.0 * MARGIN - indent - prefix;
                // a line's width: its words', each shaped once, and the spaces between them
                let space = width(face, size, " ");
                let words = std::cell::RefCell::new(HashMap::<String, f32>::new());
                let measure = |s: &str| {
                    let mut words = words.borrow_mut();
                    let mut total = 0.0;
                    for (n, w) in s.split(' ').enumerate() {
                        if n > 0 {
                            total += space;
                        }
                        total += *words
                            .entry(w.to_string())
                            .or_insert_with(|| width(face, size, w));
                    }
                    total
                };
                wrap(text, room, &measure)
            }
        };
        for (n, piece) in pieces.into_iter().enumerate() {
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

/// Lines cut into pages where the next line would pass the bottom margin, each with its baseline.
fn paginate(laid: &[Laid]) -> Vec<Vec<(f32, &Laid)>> {
    let mut pages: Vec<Vec<(f32, &Laid)>> = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    for l in laid {
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
    pages
}

/// The dossier as PDF bytes, with the Unicode font found by [`FontFiles::find`] when there is
/// one (else Helvetica, with a notice on the first page).
pub fn render(d: &Dossier) -> Vec<u8> {
    render_noted(d).bytes
}

/// The dossier as PDF bytes, and a warning when no Unicode font could be embedded.
pub fn render_noted(d: &Dossier) -> Rendered {
    let title = format!("Claim {} for incident {}", d.claim.id, d.incident.id);
    let lines = d.lines();
    match FontFiles::find() {
        Ok(font) => render_lines(&title, &lines, Some(&font)),
        Err(e) => {
            let mut r = render_lines(&title, &lines, None);
            r.warning = Some(format!("{NO_FONT_NOTICE} ({e})"));
            r
        }
    }
}

/// `lines` as a PDF titled `title`, set in `font` when given (and usable), else in Helvetica
/// with [`NO_FONT_NOTICE`] after the first line.
pub fn render_lines(title: &str, lines: &[Line], font: Option<&FontFiles>) -> Rendered {
    let faces = font.and_then(|f| {
        let regular = ttf_parser::Face::parse(&f.regular, 0).ok()?;
        let bold = match &f.bold {
            Some(b) => Some(ttf_parser::Face::parse(b, 0).ok()?),
            None => None,
        };
        Some((
            Shaper::new(rustybuzz::Face::from_face(regular)),
            bold.map(|b| Shaper::new(rustybuzz::Face::from_face(b))),
            f,
        ))
    });
    match faces {
        Some((regular, bold, files)) => Rendered {
            bytes: unicode_pdf(title, lines, &regular, bold.as_ref(), files),
            warning: None,
        },
        None => {
            let mut lines = lines.to_vec();
            lines.insert(lines.len().min(1), Line::Text(NO_FONT_NOTICE.into()));
            Rendered {
                bytes: helvetica_pdf(title, &lines),
                warning: font
                    .is_some()
                    .then(|| format!("{NO_FONT_NOTICE} (the font file does not parse)")),
            }
        }
    }
}

/// The document's fixed objects: catalog, page tree, info; and one (page, content) pair of
/// references per page, from reference `first` on.
fn skeleton(pdf: &mut Pdf, title: &str, pages: usize, first: i32) -> (Ref, Vec<(Ref, Ref)>) {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let info = Ref::new(3);
    let page_ids: Vec<(Ref, Ref)> = (0..pages as i32)
        .map(|n| (Ref::new(first + 2 * n), Ref::new(first + 2 * n + 1)))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    pdf.document_info(info)
        .title(pdf_writer::TextStr(title))
        .producer(pdf_writer::TextStr("Toll"));
    (tree, page_ids)
}

/// A page with fonts `F1` (regular) and `F2` (bold) and its content.
fn page(pdf: &mut Pdf, tree: Ref, ids: (Ref, Ref), regular: Ref, bold: Ref, content: Content) {
    let mut p = pdf.page(ids.0);
    p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
    p.parent(tree);
    p.contents(ids.1);
    {
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
    }
    p.finish();
    pdf.stream(ids.1, &content.finish());
}

/// The PDF in Helvetica (Windows-1252: other characters print as `?`).
fn helvetica_pdf(title: &str, lines: &[Line]) -> Vec<u8> {
    let laid = layout(lines, &Measure::Chars);
    let pages = paginate(&laid);
    let mut pdf = Pdf::new();
    let (regular, bold) = (Ref::new(4), Ref::new(5));
    let (tree, page_ids) = skeleton(&mut pdf, title, pages.len(), 6);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    for (lines, ids) in pages.iter().zip(&page_ids) {
        let mut content = Content::new();
        for (y, l) in lines {
            let bytes: Vec<u8> = l.text.chars().map(win1252).collect();
            content.begin_text();
            content.set_font(Name(if l.bold { b"F2" } else { b"F1" }), l.size);
            content.next_line(MARGIN + l.indent, *y);
            content.show(Str(&bytes));
            content.end_text();
        }
        page(&mut pdf, tree, *ids, regular, bold, content);
    }
    pdf.finish()
}

/// The glyphs a document uses from one face: id -> (hmtx advance, text).
type Used = BTreeMap<u16, (u16, String)>;

/// The PDF with the TrueType faces embedded (bold lines in `bold`, else in `regular`).
fn unicode_pdf(
    title: &str,
    lines: &[Line],
    regular: &Shaper,
    bold: Option<&Shaper>,
    files: &FontFiles,
) -> Vec<u8> {
    let bold_face = bold.unwrap_or(regular);
    let laid = layout(
        lines,
        &Measure::Font {
            regular,
            bold: bold_face,
        },
    );
    let pages = paginate(&laid);
    let mut pdf = Pdf::new();
    // five objects a face: Type0, CIDFont, descriptor, ToUnicode, font file
    let (regular_ref, bold_ref) = (Ref::new(4), Ref::new(9));
    let (tree, page_ids) = skeleton(&mut pdf, title, pages.len(), 14);
    let mut used: [Used; 2] = [Used::new(), Used::new()];
    for (lines, ids) in pages.iter().zip(&page_ids) {
        let mut content = Content::new();
        for (y, l) in lines {
            let which = usize::from(l.bold && bold.is_some());
            let face = if which == 1 { bold_face } else { regular };
            let upem = face.upem();
            content.begin_text();
            content.set_font(Name(if l.bold { b"F2" } else { b"F1" }), l.size);
            content.next_line(MARGIN + l.indent, *y);
            {
                let mut shown = content.show_positioned();
                let mut items = shown.items();
                let mut run: Vec<u8> = Vec::new();
                for g in shape(face, &l.text) {
                    let declared = face
                        .face
                        .glyph_hor_advance(ttf_parser::GlyphId(g.id))
                        .unwrap_or(0);
                    run.extend(g.id.to_be_bytes());
                    let entry = used[which]
                        .entry(g.id)
                        .or_insert_with(|| (declared, String::new()));
                    if entry.1.is_empty() {
                        entry.1 = g.text;
                    }
                    if g.advance != i32::from(declared) {
                        items.show(Str(&run));
                        run.clear();
                        items.adjust((i32::from(declared) - g.advance) as f32 * 1000.0 / upem);
                    }
                }
                if !run.is_empty() {
                    items.show(Str(&run));
                }
            }
            content.end_text();
        }
        page(
            &mut pdf,
            tree,
            *ids,
            regular_ref,
            if bold.is_some() {
                bold_ref
            } else {
                regular_ref
            },
            content,
        );
    }
    embed(&mut pdf, regular_ref, regular, &files.regular, &used[0]);
    if let (Some(face), Some(data)) = (bold, &files.bold) {
        embed(&mut pdf, bold_ref, face, data, &used[1]);
    }
    pdf.finish()
}

/// The face's PostScript name (ASCII letters, digits and `-`), or a made-up one.
fn postscript_name(face: &ttf_parser::Face) -> String {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .map(|n| {
            n.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "TollUnicode".into())
}

/// Writes `face` (file `data`) as a Type0 font at `type0` and its four objects after it: the
/// CIDFontType2 with the widths of the glyphs `used`, its descriptor, the ToUnicode map and the
/// font file cut down to the glyphs used (the whole file if it cannot be cut).
fn embed(pdf: &mut Pdf, type0: Ref, shaper: &Shaper, data: &[u8], used: &Used) {
    let face = &shaper.face;
    let cid = Ref::new(type0.get() + 1);
    let descriptor = Ref::new(type0.get() + 2);
    let to_unicode = Ref::new(type0.get() + 3);
    let file = Ref::new(type0.get() + 4);
    // the font cut down to the glyphs used (named with a tag of six capitals, as a subset is),
    // else the whole file
    let (name, program) = match super::subset::subset(data, used.keys().copied()) {
        Some(cut) => {
            use sha2::Digest;
            let mut hash = sha2::Sha256::new();
            for id in used.keys() {
                hash.update(id.to_be_bytes());
            }
            let tag: String = hash.finalize()[..6]
                .iter()
                .map(|b| char::from(b'A' + b % 26))
                .collect();
            (format!("{tag}+{}", postscript_name(face)), cut)
        }
        None => (postscript_name(face), data.to_vec()),
    };
    let data = &program[..];
    let scale = 1000.0 / shaper.upem();
    pdf.type0_font(type0)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    {
        let mut font = pdf.cid_font(cid);
        font.subtype(CidFontType::Type2)
            .base_font(Name(name.as_bytes()))
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0);
        font.cid_to_gid_map_predefined(Name(b"Identity"));
        let mut widths = font.widths();
        for (id, (advance, _)) in used {
            widths.consecutive(*id, [f32::from(*advance) * scale]);
        }
    }
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if face.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    if face.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    pdf.font_descriptor(descriptor)
        .name(Name(name.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(face.italic_angle())
        .ascent(f32::from(face.ascender()) * scale)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
        .stem_v(10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0))
        .font_file2(file);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (id, (_, text)) in used {
        if !text.is_empty() {
            cmap.pair_with_multiple(*id, text.chars());
        }
    }
    pdf.cmap(to_unicode, &cmap.finish());
    pdf.stream(file, data).pair(
        Name(b"Length1"),
        i32::try_from(data.len()).unwrap_or(i32::MAX),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The font the tests embed: `$TOLL_PDF_FONT`, else DejaVu Sans; a missing font fails the
    /// test (it is never skipped).
    fn font() -> Result<FontFiles, String> {
        FontFiles::find().map_err(|e| {
            format!(
                "{e}: install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) \
                 or set {FONT_ENV} to a TrueType font with Cyrillic and Arabic"
            )
        })
    }

    /// A dossier's lines naming people in Cyrillic and Arabic and a place with a dotted letter.
    fn lines() -> Vec<Line> {
        let mut out = vec![
            Line::Title("Claim 7 for incident inc-test-0042".into()),
            Line::Heading("Victims".into()),
            Line::Item("Олена Коваленко: killed, age 41; the claimant's mother".into()),
            Line::Item("محمد علي: injured, age 12; the claimant's son".into()),
            Line::Item("Date: 2019-06-02; place: Ḩajjah; country: YE".into()),
        ];
        // enough text to run over a page
        for n in 0..90 {
            out.push(Line::Text(format!(
                "Paragraph {n} of an illustrative account, long enough to wrap at the right \
                 margin of the page at least once and show that wrapping keeps every word."
            )));
        }
        out
    }

    /// The text of every page, as lopdf reads it through the fonts' encodings.
    fn text_of(pdf: &[u8]) -> Result<(String, usize), Box<dyn std::error::Error>> {
        let doc = lopdf::Document::load_mem(pdf)?;
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        Ok((doc.extract_text(&pages)?, pages.len()))
    }

    #[test]
    fn long_words_and_lines_are_wrapped() {
        let lines = wrap("a bb ccc dddddddddd", 4.0, &|s: &str| {
            s.chars().count() as f32
        });
        assert_eq!(lines, vec!["a bb", "ccc", "dddd", "dddd", "dd"]);
        assert_eq!(win1252('é'), 0xe9);
        assert_eq!(win1252('م'), b'?');
    }

    #[test]
    fn an_embedded_font_prints_cyrillic_arabic_and_latin_extended_names() -> TestResult {
        let font = font()?;
        let r = render_lines("Claim 7", &lines(), Some(&font));
        assert!(r.warning.is_none(), "{:?}", r.warning);
        let raw = String::from_utf8_lossy(&r.bytes);
        assert!(raw.contains("/Identity-H") && raw.contains("/CIDFontType2"));
        assert!(raw.contains("/FontFile2") && raw.contains("/ToUnicode"));
        assert!(!raw.contains("/Helvetica"));
        let (text, pages) = text_of(&r.bytes)?;
        assert!(pages > 1, "the text runs over pages");
        assert!(text.contains("inc-test-0042"), "{text}");
        assert!(text.contains("Олена Коваленко"), "{text}");
        assert!(text.contains("place: Ḩajjah"), "{text}");
        assert!(!text.contains("?"), "no character is lost: {text}");
        // Arabic is drawn right to left: the page holds its glyphs in visual order, each mapped
        // back to its letter by the ToUnicode map
        let visual: String = "محمد علي".chars().rev().collect();
        assert!(text.contains(&visual), "{text}");
        assert!(
            text.contains("Paragraph 89 of"),
            "the last paragraph is there"
        );
        Ok(())
    }

    #[test]
    fn the_font_file_is_embedded_once_and_bold_lines_use_the_bold_face() -> TestResult {
        let font = font()?;
        let r = render_lines("Claim 7", &lines(), Some(&font));
        let raw = String::from_utf8_lossy(&r.bytes);
        let files = if font.bold.is_some() { 2 } else { 1 };
        assert_eq!(raw.matches("/FontFile2").count(), files);
        assert_eq!(raw.matches("/Type0").count(), files);
        // each face is cut down to the glyphs used: far smaller than the font files
        let size = font.regular.len() + font.bold.as_ref().map_or(0, Vec::len);
        assert!(r.bytes.len() * 4 < size, "{} bytes", r.bytes.len());
        let doc = lopdf::Document::load_mem(&r.bytes)?;
        let mut programs = 0;
        for object in doc.objects.values() {
            if let Ok(stream) = object.as_stream() {
                if stream.dict.has(b"Length1") {
                    ttf_parser::Face::parse(&stream.content, 0)?;
                    programs += 1;
                }
            }
        }
        assert_eq!(programs, files, "each font program parses");
        Ok(())
    }

    #[test]
    fn arabic_letters_are_joined_and_ordered_right_to_left() -> TestResult {
        let font = font()?;
        let face = Shaper::new(rustybuzz::Face::from_face(ttf_parser::Face::parse(
            &font.regular,
            0,
        )?));
        let isolated = |c: char| face.face.glyph_index(c).map(|g| g.0);
        let glyphs = shape(&face, "x محمد y");
        // the first and last glyphs are the Latin letters: the Arabic word sits between them
        assert_eq!(glyphs.first().map(|g| g.text.as_str()), Some("x"));
        assert_eq!(glyphs.last().map(|g| g.text.as_str()), Some("y"));
        let arabic: Vec<&Glyph> = glyphs
            .iter()
            .filter(|g| g.text.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)))
            .collect();
        let letters: String = arabic.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(letters, "دمحم", "visual order, right to left");
        // the first meem of the word (drawn rightmost) takes its initial form, not the isolated one
        let meem = arabic.last().map(|g| g.id);
        assert!(meem.is_some() && meem != isolated('م'), "{arabic:?}");
        Ok(())
    }

    #[test]
    fn wrapping_follows_the_fonts_advance_widths() -> TestResult {
        let font = font()?;
        let face = Shaper::new(rustybuzz::Face::from_face(ttf_parser::Face::parse(
            &font.regular,
            0,
        )?));
        // "W" is wider than "i": the same count of characters fills a line sooner
        assert!(width(&face, 10.0, "WWWW") > 2.0 * width(&face, 10.0, "iiii"));
        let measure = |s: &str| width(&face, 10.0, s);
        let wide = wrap(&["WWWW"; 30].join(" "), 200.0, &measure);
        let narrow = wrap(&["iiii"; 30].join(" "), 200.0, &measure);
        assert!(wide.len() > narrow.len(), "{wide:?} {narrow:?}");
        assert!(wide.iter().all(|l| measure(l) <= 200.0));
        Ok(())
    }

    #[test]
    fn without_a_font_the_pdf_falls_back_to_helvetica_and_says_so() -> TestResult {
        let r = render_lines("Claim 7", &lines(), None);
        assert!(r.warning.is_none(), "no font was asked for");
        let raw = String::from_utf8_lossy(&r.bytes);
        assert!(raw.contains("/Helvetica") && !raw.contains("/FontFile2"));
        let (text, pages) = text_of(&r.bytes)?;
        assert!(pages > 1);
        assert!(text.contains("inc-test-0042"));
        assert!(
            text.contains("Characters outside Latin-1 are shown as ?"),
            "{text}"
        );
        assert!(text.contains("install fonts-dejavu-core or set TOLL_PDF_FONT"));
        assert!(
            text.contains("????? ?????????"),
            "Cyrillic prints as ?: {text}"
        );
        assert!(text.contains("place: ?ajjah"));
        assert!(!text.contains("Олена"));
        // the notice comes right after the title, on the first page
        let title = text.find("inc-test-0042").unwrap_or(usize::MAX);
        let notice = text.find("Characters outside").unwrap_or(0);
        let victims = text.find("Victims").unwrap_or(0);
        assert!(title < notice && notice < victims);
        Ok(())
    }

    #[test]
    fn a_font_file_that_is_no_truetype_is_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let bad = dir.path().join("bad.ttf");
        std::fs::write(&bad, b"not a font")?;
        let e = FontFiles::read(&bad, None).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("not a usable TrueType font")));
        assert!(FontFiles::read(&dir.path().join("missing.ttf"), None).is_err());
        // a collection header: one font file is wanted, not a collection
        let ttc = dir.path().join("fonts.ttc");
        std::fs::write(&ttc, b"ttcf\x00\x01\x00\x00\x00\x00\x00\x00")?;
        let e = FontFiles::read(&ttc, None).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("not a usable TrueType font")));
        Ok(())
    }
}
