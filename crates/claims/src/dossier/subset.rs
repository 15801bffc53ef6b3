//! A TrueType font cut down to the glyphs a PDF uses: glyph ids stay as they are (the PDF's
//! CIDToGIDMap is Identity), the outlines of every other glyph are emptied, and the tables a PDF
//! reader does not need (cmap, layout, glyph names) are dropped.

use std::collections::BTreeSet;

/// Tables kept, in the order of their tags (a table directory is sorted by tag).
const KEEP: [&[u8; 4]; 10] = [
    b"OS/2", b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep",
];

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The font's tables: tag and bytes, as its directory lists them.
fn tables(data: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = usize::from(u16_at(data, 4)?);
    (0..count)
        .map(|n| {
            let record = 12 + 16 * n;
            let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(data, record + 8)? as usize;
            let length = u32_at(data, record + 12)? as usize;
            Some((tag, data.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// The glyphs a composite glyph is made of (none for a simple glyph).
fn components(glyph: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if glyph.len() < 10 || i16::from_be_bytes([glyph[0], glyph[1]]) >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(id)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(id);
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += if flags & 0x0008 != 0 {
            2
        } else if flags & 0x0040 != 0 {
            4
        } else if flags & 0x0080 != 0 {
            8
        } else {
            0
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// `data` (a TrueType font) with the outlines of the glyphs `used` (and of glyph 0 and the
/// components of composite glyphs) and nothing else; `None` when the font is not one this can cut.
pub fn subset(data: &[u8], used: impl IntoIterator<Item = u16>) -> Option<Vec<u8>> {
    let tables = tables(data)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head")?;
    let glyf = table(b"glyf")?;
    let loca = table(b"loca")?;
    let glyphs = usize::from(u16_at(table(b"maxp")?, 4)?);
    let long = i16::from_be_bytes(head.get(50..52)?.try_into().ok()?) == 1;
    let bounds = |id: usize| -> Option<(usize, usize)> {
        let at = |n: usize| {
            if long {
                u32_at(loca, 4 * n).map(|o| o as usize)
            } else {
                u16_at(loca, 2 * n).map(|o| 2 * usize::from(o))
            }
        };
        let (start, end) = (at(id)?, at(id + 1)?);
        (start <= end && end <= glyf.len()).then_some((start, end))
    };
    // the glyphs to keep: those used, glyph 0, and every component of a kept composite glyph
    let mut keep: BTreeSet<u16> = used.into_iter().collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(id) = todo.pop() {
        let (start, end) = bounds(usize::from(id))?;
        for c in components(&glyf[start..end]) {
            if usize::from(c) < glyphs && keep.insert(c) {
                todo.push(c);
            }
        }
    }
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for id in 0..glyphs {
        new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        if u16::try_from(id).is_ok_and(|id| keep.contains(&id)) {
            let (start, end) = bounds(id)?;
            new_glyf.extend(&glyf[start..end]);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes()); // long loca offsets
    let out_tables: Vec<([u8; 4], Vec<u8>)> = KEEP
        .iter()
        .filter_map(|tag| {
            let bytes = match *tag {
                b"glyf" => std::mem::take(&mut new_glyf),
                b"loca" => std::mem::take(&mut new_loca),
                b"head" => std::mem::take(&mut new_head),
                _ => table(tag)?.to_vec(),
            };
            Some((**tag, bytes))
        })
        .collect();
    // the file: header, table directory, tables (each padded to 4 bytes)
    let count = u16::try_from(out_tables.len()).ok()?;
    let mut pow = 1u16;
    while pow * 2 <= count {
        pow *= 2;
    }
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend(count.to_be_bytes());
    out.extend((pow * 16).to_be_bytes());
    out.extend(pow.trailing_zeros().to_be_bytes()[2..].iter());
    out.extend((count * 16 - pow * 16).to_be_bytes());
    let mut offset = 12 + 16 * out_tables.len();
    let mut head_at = None;
    for (tag, bytes) in &out_tables {
        out.extend(tag);
        out.extend(checksum(bytes).to_be_bytes());
        out.extend(u32::try_from(offset).ok()?.to_be_bytes());
        out.extend(u32::try_from(bytes.len()).ok()?.to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += bytes.len().div_ceil(4) * 4;
    }
    for (_, bytes) in &out_tables {
        out.extend(bytes);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let at = head_at? + 8;
    out.get_mut(at..at + 4)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_the_used_outlines_under_their_ids_and_drops_the_rest(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let path = std::env::var_os(super::super::pdf::FONT_ENV)
            .unwrap_or_else(|| super::super::pdf::DEJAVU_SANS.into());
        let data = std::fs::read(&path).map_err(|e| {
            format!(
                "{}: {e}: install Debian's fonts-dejavu-core or set TOLL_PDF_FONT",
                std::path::Path::new(&path).display()
            )
        })?;
        let face = ttf_parser::Face::parse(&data, 0)?;
        let id = |c: char| face.glyph_index(c).map(|g| g.0).ok_or("no glyph");
        let (kept, dropped) = (id('Ж')?, id('Z')?);
        let small = subset(&data, [kept]).ok_or("not cut")?;
        assert!(
            small.len() * 4 < data.len(),
            "{} of {}",
            small.len(),
            data.len()
        );
        let cut = ttf_parser::Face::parse(&small, 0)?;
        assert_eq!(cut.number_of_glyphs(), face.number_of_glyphs());
        let bbox = |f: &ttf_parser::Face, g: u16| f.glyph_bounding_box(ttf_parser::GlyphId(g));
        assert!(bbox(&cut, kept).is_some());
        assert_eq!(bbox(&cut, kept), bbox(&face, kept));
        assert!(bbox(&cut, dropped).is_none(), "an unused glyph is empty");
        assert_eq!(
            cut.glyph_hor_advance(ttf_parser::GlyphId(dropped)),
            face.glyph_hor_advance(ttf_parser::GlyphId(dropped))
        );
        assert_eq!(
            checksum(&small),
            0xB1B0_AFBA,
            "the whole file sums as the format says"
        );
        assert!(subset(b"not a font", [1]).is_none());
        // a composite glyph keeps the glyphs it is made of: find one among accented capitals
        let composite = "ḨÅÉŠŻḤ"
            .chars()
            .filter_map(|c| face.glyph_index(c))
            .find_map(|g| {
                let cut = subset(&data, [g.0])?;
                let parts = {
                    // the parts as the cut font's own glyph table lists them
                    let t = tables(&cut)?;
                    let loca = t.iter().find(|(tag, _)| tag == b"loca")?.1;
                    let glyf = t.iter().find(|(tag, _)| tag == b"glyf")?.1;
                    let start = u32_at(loca, 4 * usize::from(g.0))? as usize;
                    let end = u32_at(loca, 4 * usize::from(g.0) + 4)? as usize;
                    components(glyf.get(start..end)?)
                };
                (!parts.is_empty()).then_some((cut, parts))
            })
            .ok_or("no composite glyph among the accented capitals")?;
        let (cut, parts) = composite;
        let cut = ttf_parser::Face::parse(&cut, 0)?;
        for part in parts {
            assert_eq!(bbox(&cut, part), bbox(&face, part), "component {part} kept");
        }
        Ok(())
    }
}
