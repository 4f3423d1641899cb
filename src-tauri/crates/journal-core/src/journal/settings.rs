//! The member's settings.
//!
//! Contract: a journal always has settings: the defaults until the member first saves them
//! (through the generic [`Journal::save`]).

use super::unlocked::Journal;
use crate::model::Settings;

impl Journal {
    /// The member's settings (defaults until first saved).
    pub fn settings(&self) -> Settings {
        self.get::<Settings>(Settings::ID)
            .cloned()
            .unwrap_or_default()
    }
}
