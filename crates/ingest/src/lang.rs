//! The language a report is written in: what its metadata says (`lang` in a sidecar or a JSONL
//! line), else what `whatlang` detects in its text. Codes are ISO 639-1 ("en", "fr") where
//! `data/languages.tsv` lists one. A report in a language Toll does not read yet is still read and
//! archived; it gets a warning naming the file and the language.

use crate::doc::SourceDoc;
use crate::error::Warning;
use std::sync::OnceLock;

/// How much of a text (bytes, from its start) language detection reads: enough for any report,
/// and the work per input stays bounded.
const DETECT_BYTES: usize = 4096;

/// One row of `data/languages.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code, as whatlang names the language.
    pub iso639_3: &'static str,
    /// ISO 639-1 code, as Toll stores it.
    pub code: &'static str,
    /// English name, for messages.
    pub name: &'static str,
    /// True when Toll extracts accounts from reports in this language.
    pub read: bool,
}

/// The languages of `data/languages.tsv`.
pub fn languages() -> &'static [Language] {
    static TABLE: OnceLock<Vec<Language>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/languages.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(Language {
                    iso639_3: f.next()?,
                    code: f.next()?,
                    name: f.next()?,
                    read: f.next() == Some("read"),
                })
            })
            .collect()
    })
}

/// The language of `text` as an ISO 639-1 code (639-3 for a language the table lacks), or `None`
/// when the text is too short or mixed for a reliable answer.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code3 = info.lang().code();
    Some(
        languages()
            .iter()
            .find(|l| l.iso639_3 == code3)
            .map_or(code3, |l| l.code)
            .to_string(),
    )
}

/// The table's row for a code (ISO 639-1 or 639-3, any case).
pub fn language(code: &str) -> Option<&'static Language> {
    let code = code.trim().to_ascii_lowercase();
    languages()
        .iter()
        .find(|l| l.code == code || l.iso639_3 == code)
}

/// True when Toll extracts accounts from reports in `code`.
pub fn is_read(code: &str) -> bool {
    language(code).is_some_and(|l| l.read)
}

/// The warning for a report in a language Toll does not read yet, if it is one.
pub fn unread_language_warning(doc: &SourceDoc) -> Option<Warning> {
    let code = doc.meta.lang.as_deref()?;
    if is_read(code) {
        return None;
    }
    let name = language(code).map_or(code, |l| l.name);
    Some(Warning {
        path: doc.file.clone(),
        location: doc.location,
        message: format!(
            "report {:?} is in {name} ({code}), a language Toll does not read yet: it is archived, \
             but accounts may be missed",
            doc.meta.id
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_english_and_names_other_languages() {
        assert!(is_read("en"));
        assert!(is_read("ENG"));
        assert!(is_read("fr"));
        assert!(!is_read("pt"));
        assert_eq!(language("uk").map(|l| l.name), Some("Ukrainian"));
        assert!(languages()
            .iter()
            .all(|l| l.code.len() == 2 && l.iso639_3.len() == 3));
    }

    #[test]
    fn languages_are_detected_in_report_sized_texts() {
        let en =
            "An air strike on a market in the town killed at least twelve civilians on Monday, \
                  local officials said, and wounded dozens more who were taken to hospital.";
        assert_eq!(detect(en).as_deref(), Some("en"));
        let fr =
            "Une frappe aérienne sur un marché de la ville a tué au moins douze civils lundi, \
                  selon les autorités locales, et blessé des dizaines d'autres personnes.";
        assert_eq!(detect(fr).as_deref(), Some("fr"));
        let uk =
            "Унаслідок ракетного удару по торговельному центру загинули щонайменше дванадцять \
                  цивільних, повідомили місцеві посадовці, ще десятки людей поранені.";
        assert_eq!(detect(uk).as_deref(), Some("uk"));
        let ar = "قتل ما لا يقل عن اثني عشر مدنيا في غارة جوية على سوق في المدينة يوم الاثنين، \
                  بحسب مسؤولين محليين، وأصيب العشرات بجروح.";
        assert_eq!(detect(ar).as_deref(), Some("ar"));
    }

    #[test]
    fn a_long_text_is_detected_from_its_start_and_never_split_inside_a_character() {
        let text = "é".repeat(DETECT_BYTES);
        let _ = detect(&text);
        assert_eq!(detect(""), None);
    }
}
