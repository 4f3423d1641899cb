//! TypeScript types for everything that crosses IPC, generated from the Rust types (ts-rs)
//! into `ui/src/lib/bindings.ts`, which is committed.
//!
//! `cargo test -p recovery-journal bindings` fails when the committed file differs from what the
//! Rust types generate (drift); run it with `UPDATE_BINDINGS=1` to write the file anew.

use journal_core as core;
use ts_rs::TS;

use crate::commands::keeping::{AutomaticBackups, BackupSecret};
use crate::commands::{AppStatus, CreatedJournal, NewSecrets, UnlockReport};
use crate::files::{ChooserWords, FilePurpose};
use crate::ipc::IpcError;
use crate::locking::{LockReason, LockedEvent};

fn generate() -> String {
    let cfg = ts_rs::Config::new();
    let decls = [
        // Errors
        core::ErrorCode::decl(&cfg),
        core::Problem::decl(&cfg),
        core::ValidationError::decl(&cfg),
        IpcError::decl(&cfg),
        // Shell
        crate::data_dir::DataFolder::decl(&cfg),
        AppStatus::decl(&cfg),
        CreatedJournal::decl(&cfg),
        NewSecrets::decl(&cfg),
        UnlockReport::decl(&cfg),
        LockReason::decl(&cfg),
        LockedEvent::decl(&cfg),
        core::Damage::decl(&cfg),
        // How the app appears
        core::Language::decl(&cfg),
        core::LanguageChoice::decl(&cfg),
        core::Appearance::decl(&cfg),
        core::DamagedRecord::decl(&cfg),
        // Clean time
        core::KeyTag::decl(&cfg),
        core::CleanTimeDisplay::decl(&cfg),
        core::Milestone::decl(&cfg),
        core::CleanTime::decl(&cfg),
        core::CleanDate::decl(&cfg),
        // Dashboard and statistics
        core::NinetyInNinety::decl(&cfg),
        core::MeetingStats::decl(&cfg),
        core::SponseeToCall::decl(&cfg),
        core::Dashboard::decl(&cfg),
        // Records
        core::RecordKind::decl(&cfg),
        core::AnyRecord::decl(&cfg),
        core::Settings::decl(&cfg),
        core::Theme::decl(&cfg),
        core::StepInfo::decl(&cfg),
        core::StepStatus::decl(&cfg),
        core::StepWork::decl(&cfg),
        core::StepOverview::decl(&cfg),
        core::StepPage::decl(&cfg),
        core::StepNote::decl(&cfg),
        core::AskedBy::decl(&cfg),
        core::StepQuestion::decl(&cfg),
        core::InventoryRow::decl(&cfg),
        core::AmendStatus::decl(&cfg),
        core::Amend::decl(&cfg),
        core::NightlyReview::decl(&cfg),
        core::MeetingFormat::decl(&cfg),
        core::Attendance::decl(&cfg),
        core::Meeting::decl(&cfg),
        core::MeetingFilter::decl(&cfg),
        core::MeetingSuggestions::decl(&cfg),
        core::ContactRole::decl(&cfg),
        core::Contact::decl(&cfg),
        core::JournalEntry::decl(&cfg),
        core::SearchHit::decl(&cfg),
        FilePurpose::decl(&cfg),
        ChooserWords::decl(&cfg),
        BackupSecret::decl(&cfg),
        core::BackupSchedule::decl(&cfg),
        core::KindCount::decl(&cfg),
        core::BackupInfo::decl(&cfg),
        core::BackupFile::decl(&cfg),
        AutomaticBackups::decl(&cfg),
        core::ImportSummary::decl(&cfg),
        core::AttendanceRow::decl(&cfg),
        core::AttendanceReport::decl(&cfg),
        core::PaperSize::decl(&cfg),
        core::ReportOptions::decl(&cfg),
        core::ListedMeeting::decl(&cfg),
        core::MeetingListSummary::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p recovery-journal bindings`.\n\
         // Do not edit: CI fails when this file and the Rust types drift apart.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_match_the_rust_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let generated = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p recovery-journal bindings`"
    );
}
