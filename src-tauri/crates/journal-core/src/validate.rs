//! Input validation with typed, kind errors.
//!
//! Contract: every record is validated before it is encrypted and written; a
//! [`ValidationError`] names the field (a stable camelCase name the UI matches to its input)
//! and the problem, never the value itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest short text (a name, a place, a phone number), in characters.
pub const SHORT_TEXT_MAX: usize = 200;
/// Longest long text (a note, an answer, a day's writing), in characters. Generous: a 4th-step
/// inventory can run to many pages.
pub const LONG_TEXT_MAX: usize = 200_000;
/// Most items in a list (feelings, gratitude items, formats).
pub const LIST_MAX: usize = 100;

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Problem {
    /// The field must not be empty.
    Required,
    /// The text is longer than allowed.
    TooLong {
        /// The limit in characters (or items for a list).
        max: u32,
    },
    /// The date is in the future where only past dates make sense.
    FutureDate,
    /// The number is outside its range.
    OutOfRange {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// The dates are in the wrong order (an end before its start).
    DateOrder,
    /// A neutral name holds a word that says what the app is (discreet mode).
    Revealing,
}

/// A field that did not pass validation.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("The field {field} needs attention.")]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValidationError {
    /// The field's stable name, as the UI knows it (e.g. `name`, `cleanDate`).
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

impl ValidationError {
    /// A new error for `field`.
    pub fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// Shorthand for validation results.
pub type Valid = Result<(), ValidationError>;

/// A required short text: not blank, at most [`SHORT_TEXT_MAX`] characters.
pub fn required_short(field: &str, value: &str) -> Valid {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    short(field, value)
}

/// An optional short text of at most [`SHORT_TEXT_MAX`] characters.
pub fn short(field: &str, value: &str) -> Valid {
    max_chars(field, value, SHORT_TEXT_MAX)
}

/// An optional long text of at most [`LONG_TEXT_MAX`] characters.
pub fn long(field: &str, value: &str) -> Valid {
    max_chars(field, value, LONG_TEXT_MAX)
}

/// A required long text.
pub fn required_long(field: &str, value: &str) -> Valid {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    long(field, value)
}

fn max_chars(field: &str, value: &str, max: usize) -> Valid {
    // Bytes bound chars from above: skip the count for the common short case.
    if value.len() > max && value.chars().count() > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong { max: max as u32 },
        ));
    }
    Ok(())
}

/// A list of short texts: at most [`LIST_MAX`] items, each a short text.
pub fn short_list(field: &str, items: &[String]) -> Valid {
    if items.len() > LIST_MAX {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max: LIST_MAX as u32,
            },
        ));
    }
    items.iter().try_for_each(|item| short(field, item))
}

/// A date that may not lie after `today`.
pub fn not_future(field: &str, date: NaiveDate, today: NaiveDate) -> Valid {
    if date > today {
        return Err(ValidationError::new(field, Problem::FutureDate));
    }
    Ok(())
}

/// A number within `min..=max`.
pub fn in_range(field: &str, value: u32, min: u32, max: u32) -> Valid {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            Problem::OutOfRange { min, max },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_required_and_long_text_is_counted_in_chars() {
        assert_eq!(
            required_short("name", "  ").unwrap_err().problem,
            Problem::Required
        );
        // 200 two-byte characters are within the limit even though they are 400 bytes.
        assert!(short("name", &"é".repeat(SHORT_TEXT_MAX)).is_ok());
        assert_eq!(
            short("name", &"é".repeat(SHORT_TEXT_MAX + 1))
                .unwrap_err()
                .problem,
            Problem::TooLong { max: 200 }
        );
    }

    #[test]
    fn future_dates_and_ranges() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(not_future("date", today, today).is_ok());
        assert!(not_future("date", today.succ_opt().unwrap(), today).is_err());
        assert!(in_range("craving", 10, 0, 10).is_ok());
        assert!(in_range("craving", 11, 0, 10).is_err());
    }
}
