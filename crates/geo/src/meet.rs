//! Forms of a name that the gazetteer lacks and the names it knows that they meet: inflected
//! Cyrillic words ("у Кременчуці" for "Кременчук", "Харківської" for "Харківська"), Arabic words
//! with attached particles ("بالموصل" for "الموصل"), and French or German transliterations of
//! Slavic and Arabic names ("Krementchouk", "Charkiw" for "Kremenchuk", "Kharkiv"). The rules are
//! data: `data/inflections.tsv` and `data/transliterations.tsv`.

use crate::normalize;
use std::sync::OnceLock;

/// The inflection rules, compiled in.
const INFLECTIONS: &str = include_str!("../data/inflections.tsv");
/// The transliteration rules, compiled in.
const TRANSLITERATIONS: &str = include_str!("../data/transliterations.tsv");

/// Fewest characters an inflected word keeps once its affix is taken off ("Києві": "ки").
const MIN_STEM: usize = 2;
/// Fewest characters of a base form.
const MIN_BASE: usize = 3;
/// Most spellings the transliteration rules make of one name.
const MAX_SPELLINGS: usize = 12;

/// One rewriting of an affix: the inflected form's and the base's, both normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Affix {
    form: String,
    base: String,
}

/// The loaded rules.
#[derive(Debug, Default)]
struct Rules {
    /// Cyrillic endings, longest first.
    cyrillic_suffixes: Vec<Affix>,
    /// Arabic attached particles, longest first.
    arabic_prefixes: Vec<Affix>,
    /// Latin transliteration rules, in file order.
    transliterations: Vec<Affix>,
}

/// The normalised form of an affix (which may be empty).
fn normalize_affix(affix: &str) -> String {
    normalize(affix.trim())
}

/// Reads the rules from the data files; malformed lines are skipped (a test checks there are
/// none).
fn parse(inflections: &str, transliterations: &str) -> Rules {
    let mut rules = Rules::default();
    for line in data_lines(inflections) {
        let f: Vec<&str> = line.split('\t').collect();
        let [script, affix, form, base] = f.as_slice() else {
            continue;
        };
        let rule = Affix {
            form: normalize_affix(form),
            base: normalize_affix(base),
        };
        if rule.form.is_empty() {
            continue;
        }
        match (*script, *affix) {
            ("cyrillic", "suffix") => rules.cyrillic_suffixes.push(rule),
            ("arabic", "prefix") => rules.arabic_prefixes.push(rule),
            _ => {}
        }
    }
    for line in data_lines(transliterations) {
        if let Some((form, base)) = line.split_once('\t') {
            if !form.is_empty() && !base.contains('\t') {
                rules.transliterations.push(Affix {
                    form: form.to_string(),
                    base: base.to_string(),
                });
            }
        }
    }
    // longest first; the sort is stable, so file order among equals
    let longest_first = |a: &Affix, b: &Affix| b.form.chars().count().cmp(&a.form.chars().count());
    rules.cyrillic_suffixes.sort_by(longest_first);
    rules.arabic_prefixes.sort_by(longest_first);
    rules
}

/// The lines of a data file that are rules (not blank, not comments).
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| parse(INFLECTIONS, TRANSLITERATIONS))
}

/// True for a letter of the Cyrillic script.
fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{052F}').contains(&c)
}

/// True for a letter of the Arabic script.
fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// The base forms an inflected normalised word may have, most likely first: for a Cyrillic word,
/// the word with a case ending replaced ("кременчуці" → "кременчук"); for an Arabic word, without
/// an attached particle ("بالموصل" → "الموصل"). None for a name of several words, for other
/// scripts, or when the stem would be shorter than two letters or the base than three.
pub fn inflection_bases(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    if key.contains(' ') {
        return out;
    }
    let Some(first) = key.chars().next() else {
        return out;
    };
    let len = key.chars().count();
    if is_cyrillic(first) {
        for rule in &rules().cyrillic_suffixes {
            if let Some(stem) = key.strip_suffix(rule.form.as_str()) {
                if len - rule.form.chars().count() >= MIN_STEM {
                    push_base(&mut out, format!("{stem}{}", rule.base));
                }
            }
        }
    } else if is_arabic(first) {
        for rule in &rules().arabic_prefixes {
            if let Some(stem) = key.strip_prefix(rule.form.as_str()) {
                if len - rule.form.chars().count() >= MIN_STEM {
                    push_base(&mut out, format!("{}{stem}", rule.base));
                }
            }
        }
    }
    out
}

/// Other spellings of a normalised Latin-script name, as the transliteration rules make them
/// ("krementchuk" → "kremenchuk", …), in the order the rules make them; at most
/// [`MAX_SPELLINGS`]. None for a name in another script.
pub fn transliterations(key: &str) -> Vec<String> {
    let rules = &rules().transliterations;
    if !key.is_ascii() || !rules.iter().any(|r| key.contains(r.form.as_str())) {
        return Vec::new();
    }
    let mut out = vec![key.to_string()];
    for rule in rules {
        for k in 0..out.len() {
            if out.len() >= MAX_SPELLINGS {
                break;
            }
            if out[k].contains(rule.form.as_str()) {
                let spelling = out[k].replace(rule.form.as_str(), &rule.base);
                push_new(&mut out, spelling);
            }
        }
    }
    out.remove(0);
    out
}

/// Adds a base form of at least [`MIN_BASE`] characters that `out` lacks.
fn push_base(out: &mut Vec<String>, s: String) {
    if s.chars().count() >= MIN_BASE {
        push_new(out, s);
    }
}

/// Adds `s` when `out` lacks it.
fn push_new(out: &mut Vec<String>, s: String) {
    if !out.contains(&s) {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_line_is_read() {
        let rules = rules();
        let lines = |t: &str| data_lines(t).count();
        assert_eq!(
            rules.cyrillic_suffixes.len() + rules.arabic_prefixes.len(),
            lines(INFLECTIONS)
        );
        assert_eq!(rules.transliterations.len(), lines(TRANSLITERATIONS));
    }

    #[test]
    fn cyrillic_case_endings_give_the_nominative() {
        let bases = |w: &str| inflection_bases(&normalize(w));
        assert!(bases("Кременчуці").contains(&normalize("Кременчук")));
        assert!(bases("Одесі").contains(&normalize("Одеса")));
        assert!(bases("Харкова").contains(&normalize("Харків")));
        assert!(bases("Харкові").contains(&normalize("Харків")));
        assert!(bases("Києві").contains(&normalize("Київ")));
        // a town in -ка ("у Горлівці"), a plural name ("у Сумах", "в Сумах")
        assert!(bases("Горлівці").contains(&normalize("Горлівка")));
        assert!(bases("Сумах").contains(&normalize("Суми")));
        assert!(bases("Сумах").contains(&normalize("Сумы")));
        assert!(bases("Харківської").contains(&normalize("Харківська")));
        assert!(bases("Одессе").contains(&normalize("Одесса")));
        assert!(bases("Мариуполя").contains(&normalize("Мариуполь")));
        // "і" turned "е" ("в Ірпені"), a neuter adjective form ("у Селидовому"), "в Умани"
        assert!(bases("Ірпені").contains(&normalize("Ірпінь")));
        assert!(bases("Селидовому").contains(&normalize("Селидове")));
        assert!(bases("Умани").contains(&normalize("Умань")));
        // the dative after "по", and a district named for its town
        assert!(bases("Києву").contains(&normalize("Київ")));
        assert!(bases("Харкову").contains(&normalize("Харків")));
        assert!(bases("Куп'янському").contains(&normalize("Куп'янськ")));
        assert!(bases("Купянского").contains(&normalize("Купянск")));
        // Latin words and short stems are left alone
        assert!(bases("Odesi").is_empty());
        assert!(bases("Ні").is_empty());
    }

    #[test]
    fn arabic_particles_come_off() {
        let bases = inflection_bases(&normalize("بالموصل"));
        assert_eq!(bases.first(), Some(&normalize("الموصل")));
        assert!(inflection_bases(&normalize("والرقة")).contains(&normalize("الرقة")));
    }

    #[test]
    fn transliterations_reach_the_english_spelling() {
        assert!(transliterations(&normalize("Krementchouk")).contains(&normalize("Kremenchuk")));
        assert!(transliterations(&normalize("Krementschuk")).contains(&normalize("Kremenchuk")));
        assert!(transliterations(&normalize("Charkiw")).contains(&normalize("Kharkiv")));
        assert!(transliterations(&normalize("Jytomyr")).contains(&normalize("Zhytomyr")));
        assert!(transliterations("кременчук").is_empty());
        assert!(transliterations("mosul").is_empty());
    }
}
