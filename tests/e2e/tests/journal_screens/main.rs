//! Journeys through the journal's own screens: step work, amends, meetings, people, the daily
//! journal, search, and forms left invalid. One test each, each on a fresh journal; every
//! screen passed through is photographed (`target/e2e-screenshots/js<N>_…`).
//!
//! Run them alone with `scripts/e2e js` (tests run serially: `--test-threads=1`).
//!
//! The journeys are declared here; their bodies are in [`steps`] (step work, amends),
//! [`meetings`] (meetings, people) and [`journal`] (the daily journal, search, invalid forms).

mod journal;
mod meetings;
mod steps;

use journal::{
    daily_journal_survives_relaunch, invalid_forms_keep_typing, search_finds_every_kind,
};
use meetings::{contacts_sponsee_on_dashboard, meetings_week_heatmap_ninety};
use recovery_journal_e2e::journey;
use steps::{amends_filter, step_work_survives_lock};

journey!(js1_step_work_survives_lock, step_work_survives_lock);
journey!(js2_amends_filter, amends_filter);
journey!(
    js3_meetings_week_heatmap_ninety,
    meetings_week_heatmap_ninety
);
journey!(
    js4_contacts_sponsee_on_dashboard,
    contacts_sponsee_on_dashboard
);
journey!(
    js5_daily_journal_survives_relaunch,
    daily_journal_survives_relaunch
);
journey!(js6_search_finds_every_kind, search_finds_every_kind);
journey!(js7_invalid_forms_keep_typing, invalid_forms_keep_typing);
