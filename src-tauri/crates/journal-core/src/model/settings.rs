//! The member's settings, stored encrypted like everything else (they reveal habits too).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Valid};

/// Colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Theme {
    /// Follow the system's light or dark preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// How often the journal backs itself up while it is unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum BackupSchedule {
    /// No automatic backups (backups before an upgrade are still taken).
    Off,
    /// Once a day.
    #[default]
    Daily,
    /// Once a week.
    Weekly,
}

fn default_backups_kept() -> u32 {
    Settings::DEFAULT_BACKUPS_KEPT
}

/// Settings of one journal. There is exactly one record, with [`Settings::ID`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// Minutes of inactivity before the journal locks itself.
    pub auto_lock_minutes: u32,
    /// Colour theme.
    #[serde(default)]
    pub theme: Theme,
    /// The first day of the member's 90-in-90, if they are doing one.
    #[serde(default)]
    pub ninety_start: Option<NaiveDate>,
    /// The member's home group, as they write it.
    #[serde(default)]
    pub home_group: String,
    /// How often automatic backups are taken (default daily).
    #[serde(default)]
    pub backup_schedule: BackupSchedule,
    /// How many automatic backups are kept beside the journal (default 7); older ones are
    /// removed after a newer one is verified.
    #[serde(default = "default_backups_kept")]
    pub backups_kept: u32,
}

impl Settings {
    /// The fixed identity of the settings record.
    pub const ID: Uuid = Uuid::from_u128(0x5e77_1265_0000_4000_8000_0000_0000_0001);
    /// Shortest auto-lock time.
    pub const MIN_AUTO_LOCK: u32 = 1;
    /// Longest auto-lock time (a day).
    pub const MAX_AUTO_LOCK: u32 = 24 * 60;
    /// Automatic backups kept unless the member chooses otherwise.
    pub const DEFAULT_BACKUPS_KEPT: u32 = 7;
    /// Most automatic backups kept.
    pub const MAX_BACKUPS_KEPT: u32 = 100;
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            auto_lock_minutes: 5,
            theme: Theme::System,
            ninety_start: None,
            home_group: String::new(),
            backup_schedule: BackupSchedule::Daily,
            backups_kept: Self::DEFAULT_BACKUPS_KEPT,
        }
    }
}

impl Entity for Settings {
    fn set_id(&mut self, _id: Uuid) {
        // There is only one settings record; its identity is fixed.
    }
    fn table(records: &super::Records) -> &std::collections::HashMap<Uuid, Self> {
        &records.settings
    }
    fn table_mut(records: &mut super::Records) -> &mut std::collections::HashMap<Uuid, Self> {
        &mut records.settings
    }
    const KIND: RecordKind = RecordKind::Settings;
    fn id(&self) -> Uuid {
        Self::ID
    }
    fn validate(&self, _today: NaiveDate) -> Valid {
        validate::in_range(
            "autoLockMinutes",
            self.auto_lock_minutes,
            Self::MIN_AUTO_LOCK,
            Self::MAX_AUTO_LOCK,
        )?;
        validate::in_range("backupsKept", self.backups_kept, 1, Self::MAX_BACKUPS_KEPT)?;
        validate::short("homeGroup", &self.home_group)
    }
    fn title(&self) -> String {
        String::new()
    }
    fn date(&self) -> Option<NaiveDate> {
        None
    }
    fn texts(&self) -> Vec<&str> {
        // Settings are not something a member searches for.
        Vec::new()
    }
}
