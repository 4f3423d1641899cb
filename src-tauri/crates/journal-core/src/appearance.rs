//! How the app shows itself before the journal is unlocked: its language, and whether it goes
//! under a neutral name (discreet mode).
//!
//! Contract:
//! - The choice lives in one small plaintext file beside the journal, [`FILE_NAME`], because
//!   the lock screen needs it before any key exists. It holds only the language choice and, in
//!   discreet mode, the neutral name the member chose: `{"language":"system","look":"neutral",
//!   "name":"Notes"}`. With the defaults (system language, the app's own name) no file exists.
//!   docs/security.md says what this reveals (that the member chose a neutral name) and why.
//! - [`load`] never fails: a missing, unreadable or malformed file means the defaults (so a
//!   damaged file can never keep the journal from opening); a neutral name that is empty or
//!   too long after trimming is replaced by [`DEFAULT_NEUTRAL_NAME`].
//! - [`save`] writes the file whole or not at all (see `files::write_private_file`), and
//!   removes it when the choice is back to the defaults.
//! - A neutral name never contains the words discreet mode exists to hide ([`reveals`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{JournalError, Result};
use crate::files::write_private_file;
use crate::validate::{Problem, ValidationError};
use crate::words::Language;

/// The file beside the journal.
pub const FILE_NAME: &str = "appearance.json";

/// The neutral name offered first.
pub const DEFAULT_NEUTRAL_NAME: &str = "Notes";

/// The longest neutral name, in characters.
pub const NEUTRAL_NAME_MAX: usize = 40;

/// Which language the app uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LanguageChoice {
    /// The system's language when the app has it, else English.
    #[default]
    System,
    /// English.
    En,
    /// Spanish.
    Es,
}

impl LanguageChoice {
    /// The language this choice means, with `system` being the system's language.
    pub fn resolve(self, system: Language) -> Language {
        match self {
            LanguageChoice::System => system,
            LanguageChoice::En => Language::En,
            LanguageChoice::Es => Language::Es,
        }
    }
}

/// How the app presents itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Appearance {
    /// The language.
    pub language: LanguageChoice,
    /// In discreet mode, the neutral name the app goes by (window title, menu entry, lock
    /// screen); `None` shows the app as it is.
    pub neutral_name: Option<String>,
}

/// What the file holds.
#[derive(Serialize, Deserialize)]
struct Stored {
    language: LanguageChoice,
    #[serde(skip_serializing_if = "Option::is_none")]
    look: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

/// Words a neutral name must not hold: they would say what the app is. Compared without case
/// or accents, as whole words.
const REVEALING: [&str; 12] = [
    "recovery",
    "recuperacion",
    "na",
    "narcotics",
    "narcoticos",
    "anonymous",
    "anonimos",
    "clean",
    "limpio",
    "journal",
    "diario",
    "sober",
];

/// Whether `name` holds a word discreet mode exists to hide.
pub fn reveals(name: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = name
        .nfkd()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || c.is_ascii_punctuation())
        .flat_map(char::to_lowercase)
        .collect();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| REVEALING.contains(&word))
}

/// A neutral name as the member typed it, trimmed, or a validation error naming `neutralName`.
pub fn check_neutral_name(name: &str) -> Result<String> {
    let name = name.trim();
    let invalid = |p| JournalError::Invalid(ValidationError::new("neutralName", p));
    if name.is_empty() {
        return Err(invalid(Problem::Required));
    }
    if name.chars().count() > NEUTRAL_NAME_MAX || name.chars().any(char::is_control) {
        return Err(invalid(Problem::TooLong {
            max: NEUTRAL_NAME_MAX as u32,
        }));
    }
    if reveals(name) {
        return Err(invalid(Problem::Revealing));
    }
    Ok(name.to_owned())
}

/// The choice stored in `dir`, or the defaults.
pub fn load(dir: &Path) -> Appearance {
    let Ok(bytes) = std::fs::read(dir.join(FILE_NAME)) else {
        return Appearance::default();
    };
    if bytes.len() > 4096 {
        return Appearance::default();
    }
    let Ok(stored) = serde_json::from_slice::<Stored>(&bytes) else {
        return Appearance::default();
    };
    let neutral_name = (stored.look.as_deref() == Some("neutral")).then(|| {
        stored
            .name
            .as_deref()
            .and_then(|n| check_neutral_name(n).ok())
            .unwrap_or_else(|| DEFAULT_NEUTRAL_NAME.to_owned())
    });
    Appearance {
        language: stored.language,
        neutral_name,
    }
}

/// Store `appearance` in `dir` (the neutral name checked first), or remove the file when it is
/// the defaults. Returns what was stored, with the name as kept.
pub fn save(dir: &Path, appearance: &Appearance) -> Result<Appearance> {
    let neutral_name = appearance
        .neutral_name
        .as_deref()
        .map(check_neutral_name)
        .transpose()?;
    let kept = Appearance {
        language: appearance.language,
        neutral_name,
    };
    let path = dir.join(FILE_NAME);
    if kept == Appearance::default() {
        return match std::fs::remove_file(&path) {
            Ok(()) => Ok(kept),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(kept),
            Err(e) => Err(JournalError::from(e)),
        };
    }
    let stored = Stored {
        language: kept.language,
        look: kept.neutral_name.as_ref().map(|_| "neutral".to_owned()),
        name: kept.neutral_name.clone(),
    };
    let json = serde_json::to_vec(&stored)
        .map_err(|_| JournalError::Io(std::io::ErrorKind::InvalidData))?;
    write_private_file(&path, &json)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_leave_no_file_and_a_choice_survives_a_reload() -> Result<()> {
        let dir = tempfile::tempdir().map_err(JournalError::from)?;
        assert_eq!(load(dir.path()), Appearance::default());
        let chosen = Appearance {
            language: LanguageChoice::Es,
            neutral_name: Some("  Cuaderno ".to_owned()),
        };
        let kept = save(dir.path(), &chosen)?;
        assert_eq!(kept.neutral_name.as_deref(), Some("Cuaderno"));
        assert_eq!(load(dir.path()), kept);
        let text =
            std::fs::read_to_string(dir.path().join(FILE_NAME)).map_err(JournalError::from)?;
        assert_eq!(
            text,
            r#"{"language":"es","look":"neutral","name":"Cuaderno"}"#
        );
        save(dir.path(), &Appearance::default())?;
        assert!(!dir.path().join(FILE_NAME).exists());
        Ok(())
    }

    #[test]
    fn a_damaged_file_means_the_defaults() -> Result<()> {
        let dir = tempfile::tempdir().map_err(JournalError::from)?;
        for junk in [
            &b"{"[..],
            b"null",
            b"\xff\xfe",
            b"{\"language\":\"klingon\"}",
        ] {
            std::fs::write(dir.path().join(FILE_NAME), junk).map_err(JournalError::from)?;
            assert_eq!(load(dir.path()), Appearance::default());
        }
        std::fs::write(
            dir.path().join(FILE_NAME),
            r#"{"language":"en","look":"neutral","name":"Recovery"}"#,
        )
        .map_err(JournalError::from)?;
        assert_eq!(
            load(dir.path()).neutral_name.as_deref(),
            Some(DEFAULT_NEUTRAL_NAME)
        );
        Ok(())
    }

    #[test]
    fn a_neutral_name_never_reveals() {
        for bad in [
            "Recovery",
            "my NA notes",
            "Diario",
            "Recuperación",
            "Clean days",
            "JOURNAL",
            "Narcóticos",
        ] {
            assert!(reveals(bad), "{bad}");
            assert!(check_neutral_name(bad).is_err(), "{bad}");
        }
        for good in ["Notes", "Cuaderno", "Banana", "Nana's recipes", "Planner"] {
            assert!(!reveals(good), "{good}");
            assert!(check_neutral_name(good).is_ok(), "{good}");
        }
        assert!(check_neutral_name("   ").is_err());
        assert!(check_neutral_name(&"x".repeat(NEUTRAL_NAME_MAX + 1)).is_err());
    }
}
