//! The words the core writes for people (exports, the printed report, step summaries), in the
//! member's language.
//!
//! Contract:
//! - There is one source of words for the whole app: the UI's locale files
//!   (`ui/src/locales/<code>.json`), compiled in. A key here is the same dot path the UI's
//!   `t()` uses, so a heading reads the same on screen, in the PDF and in an export.
//! - [`Words::text`] never fails: a key missing from the member's language falls back to
//!   English, and a key missing from both comes back as the key itself (visible, never a panic).
//!   The locale tests (`ui/src/lib/locales.test.ts`, and this module's) keep both files whole.
//! - `{name}` placeholders are filled from the given pairs; plural objects choose their form
//!   by the count as CLDR does for English and Spanish (`=N` exact forms first).
//! - Dates are written in the language's long form ("December 7, 2026", "7 de diciembre de
//!   2026"), the same form the UI's `Intl` long dates give; numbers are grouped as CLDR groups
//!   them (English 1,234; Spanish 1234 and 12.345).

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A language the app is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Language {
    /// English (the default, and the fallback for a missing word).
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Language {
    /// Every language, in the order a chooser lists them.
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    /// The BCP 47 code ("en", "es").
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    /// The language of a locale name such as `es_MX.UTF-8`, `es-419` or `en`, if the app has it.
    pub fn from_locale_name(name: &str) -> Option<Language> {
        let primary = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The system's language, as gettext decides it: the locale POSIX picks (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`), unless it is set to something other than `C` and GNU's
    /// `LANGUAGE` priority list (`es:en`) names a language the app has first; English when
    /// neither names one.
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|k| var(k).filter(|v| !v.is_empty()))
            .next();
        let plain_c = locale
            .as_deref()
            .is_none_or(|l| l == "C" || l == "POSIX" || l.starts_with("C."));
        let preferred = (!plain_c)
            .then(|| var("LANGUAGE"))
            .flatten()
            .and_then(|list| list.split(':').find_map(Language::from_locale_name));
        preferred
            .or_else(|| locale.as_deref().and_then(Language::from_locale_name))
            .unwrap_or_default()
    }
}

/// The parsed locale files, once per process.
fn messages(language: Language) -> &'static Value {
    static EN: OnceLock<Value> = OnceLock::new();
    static ES: OnceLock<Value> = OnceLock::new();
    let (cell, source) = match language {
        Language::En => (&EN, include_str!("../../../../ui/src/locales/en.json")),
        Language::Es => (&ES, include_str!("../../../../ui/src/locales/es.json")),
    };
    // The files are checked by tests; a broken one gives no words (keys show), never a panic.
    cell.get_or_init(|| serde_json::from_str(source).unwrap_or(Value::Null))
}

fn lookup<'a>(root: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(root, |node, part| node.get(part))
}

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    language: Language,
}

impl Words {
    /// The words of `language`.
    pub const fn new(language: Language) -> Self {
        Words { language }
    }

    /// Which language these are.
    pub fn language(&self) -> Language {
        self.language
    }

    fn find(&self, key: &str) -> Option<&'static Value> {
        lookup(messages(self.language), key).or_else(|| lookup(messages(Language::En), key))
    }

    /// The message at `key`, with `{name}` filled from `params`.
    pub fn text(&self, key: &str, params: &[(&str, &str)]) -> String {
        match self.find(key) {
            Some(Value::String(s)) => fill(s, params),
            Some(Value::Object(forms)) => match forms.get("other") {
                Some(Value::String(s)) => fill(s, params),
                _ => key.to_owned(),
            },
            _ => key.to_owned(),
        }
    }

    /// The plural message at `key` for `count` (also given to the message as `{count}`,
    /// grouped for the language).
    pub fn count(&self, key: &str, count: u64, params: &[(&str, &str)]) -> String {
        let Some(found) = self.find(key) else {
            return key.to_owned();
        };
        let number = self.number(count);
        let mut all: Vec<(&str, &str)> = vec![("count", number.as_str())];
        all.extend_from_slice(params);
        let template = match found {
            Value::String(s) => Some(s),
            Value::Object(forms) => [format!("={count}"), plural_category(count).to_owned()]
                .iter()
                .chain(std::iter::once(&"other".to_owned()))
                .find_map(|form| match forms.get(form.as_str()) {
                    Some(Value::String(s)) => Some(s),
                    _ => None,
                }),
            _ => None,
        };
        template.map_or_else(|| key.to_owned(), |s| fill(s, &all))
    }

    /// `n` grouped as the language groups digits.
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let (separator, min_digits) = match self.language {
            Language::En => (',', 4),
            // CLDR's Spanish groups only from five digits on ("1234", "12.345").
            Language::Es => ('.', 5),
        };
        if digits.len() < min_digits {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// `time` as the language writes the time of day ("6:30 PM", "18:30").
    pub fn time(&self, time: chrono::NaiveTime) -> String {
        match self.language {
            Language::En => time.format("%-I:%M %p").to_string(),
            Language::Es => time.format("%H:%M").to_string(),
        }
    }

    /// `date` in the language's long form.
    pub fn date(&self, date: NaiveDate) -> String {
        let (pattern, locale) = match self.language {
            Language::En => ("%B %-d, %Y", chrono::Locale::en_US),
            Language::Es => ("%-d de %B de %Y", chrono::Locale::es_ES),
        };
        date.format_localized(pattern, locale).to_string()
    }
}

/// The CLDR plural category of a whole number in English and Spanish (both: 1 is "one").
/// Spanish's "many" (1,000,000 and other round millions) falls back to "other" when a file
/// has no "many" form, which reads correctly.
fn plural_category(count: u64) -> &'static str {
    match count {
        1 => "one",
        n if n != 0 && n.is_multiple_of(1_000_000) => "many",
        _ => "other",
    }
}

fn fill(template: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if after[..close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let name = &after[..close];
                match params.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) if m.contains_key("other") => out.push(path.to_owned()),
            Value::Object(m) => {
                for (k, v) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    leaves(v, &p, out);
                }
            }
            _ => out.push(path.to_owned()),
        }
    }

    #[test]
    fn both_locale_files_parse_and_have_the_same_keys() {
        let mut en = Vec::new();
        let mut es = Vec::new();
        leaves(messages(Language::En), "", &mut en);
        leaves(messages(Language::Es), "", &mut es);
        assert!(en.len() > 500, "English has {} messages", en.len());
        en.sort();
        es.sort();
        let missing: Vec<_> = en.iter().filter(|k| es.binary_search(k).is_err()).collect();
        let extra: Vec<_> = es.iter().filter(|k| en.binary_search(k).is_err()).collect();
        assert!(missing.is_empty(), "missing in es.json: {missing:?}");
        assert!(extra.is_empty(), "only in es.json: {extra:?}");
    }

    #[test]
    fn text_fills_and_falls_back() {
        let en = Words::new(Language::En);
        assert_eq!(en.text("meetings.formats.stepStudy", &[]), "Step study");
        assert_eq!(
            en.text("keeping.meetingList.alsoOnline", &[("place", "Hall")]),
            "Hall (also online)"
        );
        assert_eq!(en.text("no.such.key", &[]), "no.such.key");
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("a { b", &[]), "a { b");
    }

    #[test]
    fn plural_forms() {
        let en = Words::new(Language::En);
        assert_eq!(
            en.count("meetings.filter.count", 0, &[]),
            "No meetings match"
        );
        assert_eq!(
            en.count("meetings.filter.count", 1, &[]),
            "1 meeting matches"
        );
        assert_eq!(
            en.count("meetings.filter.count", 1234, &[]),
            "1,234 meetings match"
        );
    }

    #[test]
    fn numbers_and_dates_follow_the_language() {
        let en = Words::new(Language::En);
        let es = Words::new(Language::Es);
        assert_eq!(en.number(999), "999");
        assert_eq!(en.number(1234), "1,234");
        assert_eq!(es.number(1234), "1234");
        assert_eq!(es.number(12345), "12.345");
        assert_eq!(es.number(1_234_567), "1.234.567");
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
        assert_eq!(en.date(d), "December 7, 2026");
        assert_eq!(es.date(d), "7 de diciembre de 2026");
    }

    #[test]
    fn language_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Language::from_environment(env(&[("LANG", "es_MX.UTF-8")])),
            Language::Es
        );
        assert_eq!(
            Language::from_environment(env(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_GB")])),
            Language::En
        );
        assert_eq!(
            Language::from_environment(env(&[("LANG", "fr_FR.UTF-8")])),
            Language::En
        );
        assert_eq!(
            Language::from_environment(env(&[("LC_MESSAGES", "es"), ("LANG", "C")])),
            Language::Es
        );
        assert_eq!(Language::from_environment(env(&[])), Language::En);
        // GNU's priority list wins over the locale, but not over the plain C locale.
        assert_eq!(
            Language::from_environment(env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "fr:es:en")])),
            Language::Es
        );
        assert_eq!(
            Language::from_environment(env(&[("LANG", "C.UTF-8"), ("LANGUAGE", "es")])),
            Language::En
        );
        assert_eq!(Language::from_locale_name("es-419"), Some(Language::Es));
    }
}
