//! TypeScript for everything that crosses IPC, generated from Rust into
//! `ui/src/lib/bindings.ts`, which is committed: the types (ts-rs), and the lists the UI checks
//! what it receives against or calls by name:
//!
//! - `ERROR_CODES` (and the type `ErrorCode`): the core's codes, then the shell's own
//!   ([`crate::ipc::ShellErrorCode`]), read from the unions ts-rs writes for the two enums;
//! - `PROBLEM_KINDS` and `LOCK_REASONS`: the tags of [`core::Problem`] and the values of
//!   [`LockReason`], likewise;
//! - `COMMANDS` (and the type `CommandName`): `commands.list`, the list `build.rs` declares to
//!   the ACL and `tests/security_config.rs` holds equal to `generate_handler!` in `main.rs`.
//!
//! `cargo test -p recovery-journal bindings` fails when the committed file differs from what the
//! Rust generates (drift); run it with `UPDATE_BINDINGS=1` to write the file anew.

use journal_core as core;
use ts_rs::TS;

use crate::commands::keeping::{AutomaticBackups, BackupSecret};
use crate::commands::{AppStatus, CreatedJournal, NewSecrets, UnlockReport};
use crate::files::{ChooserWords, FilePurpose};
use crate::ipc::{IpcError, ShellErrorCode};
use crate::locking::{LockReason, LockedEvent};

/// Every command the shell registers, by the name the UI invokes it with.
const COMMANDS: &[&str] = &include!("../commands.list");

/// The values of a union of string literals, as ts-rs writes a unit-only enum: `"A" | "B"`.
fn literals(union: &str) -> Vec<String> {
    union
        .split(" | ")
        .map(|literal| {
            let value = literal.strip_prefix('"').and_then(|l| l.strip_suffix('"'));
            match value {
                Some(v) if !v.is_empty() && !v.contains(['"', '\\']) => v.to_owned(),
                _ => panic!("not a plain string literal: {literal}"),
            }
        })
        .collect()
}

/// The values of the tag `tag` in a union of objects, as ts-rs writes an internally tagged
/// enum: `{ "kind": "a" } | { "kind": "b", max: number, }`.
fn tags(union: &str, tag: &str) -> Vec<String> {
    let key = format!("{{ \"{tag}\": ");
    let values: Vec<String> = union
        .split(&key)
        .skip(1)
        .flat_map(|rest| literals(rest.split([',', ' ']).next().unwrap_or_default()))
        .collect();
    assert!(!values.is_empty(), "no {tag} tags in {union}");
    values
}

/// Every error code the UI can receive: the core's, then the shell's. The two lists must not
/// share a name: the UI could not tell the codes apart.
fn error_codes(cfg: &ts_rs::Config) -> Vec<String> {
    let mut codes = literals(&core::ErrorCode::inline(cfg));
    for code in literals(&ShellErrorCode::inline(cfg)) {
        assert!(
            !codes.contains(&code),
            "{code} is both a core and a shell code"
        );
        codes.push(code);
    }
    codes
}

/// `export const NAME = [ … ] as const;`, one value a line, with its doc comment and `then`
/// (a type derived from it, or a `satisfies` check against a generated type).
fn const_list(doc: &str, name: &str, values: &[impl AsRef<str>], then: &str) -> String {
    let mut out = format!("/** {doc} */\nexport const {name} = [\n");
    for value in values {
        out.push_str(&format!("  \"{}\",\n", value.as_ref()));
    }
    out.push_str("] as const");
    out.push_str(then);
    out
}

fn generate() -> String {
    let cfg = ts_rs::Config::new();
    let decls = [
        // Errors
        const_list(
            "Every error code the shell can send: the core's, then the shell's own.",
            "ERROR_CODES",
            &error_codes(&cfg),
            ";\n\nexport type ErrorCode = (typeof ERROR_CODES)[number];",
        ),
        core::Problem::decl(&cfg),
        const_list(
            "Every kind of field problem (`Problem[\"kind\"]`).",
            "PROBLEM_KINDS",
            &tags(&core::Problem::inline(&cfg), "kind"),
            " satisfies readonly Problem[\"kind\"][];",
        ),
        core::ValidationError::decl(&cfg),
        IpcError::decl(&cfg),
        // Shell
        crate::data_dir::DataFolder::decl(&cfg),
        AppStatus::decl(&cfg),
        CreatedJournal::decl(&cfg),
        NewSecrets::decl(&cfg),
        UnlockReport::decl(&cfg),
        LockReason::decl(&cfg),
        const_list(
            "Every reason the shell locks for.",
            "LOCK_REASONS",
            &literals(&LockReason::inline(&cfg)),
            " satisfies readonly LockReason[];",
        ),
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
        // Commands
        const_list(
            "Every command the shell registers (`src-tauri/commands.list`), by the name `invoke` takes.",
            "COMMANDS",
            COMMANDS,
            ";\n\nexport type CommandName = (typeof COMMANDS)[number];",
        ),
    ];
    let mut out = String::from(
        "// Generated from the Rust types and lists by `UPDATE_BINDINGS=1 cargo test -p recovery-journal bindings`.\n\
         // Do not edit: CI fails when this file and the Rust types drift apart.\n\n",
    );
    for decl in decls {
        // ts-rs declarations start `type …`; the lists come whole, with `export`.
        if decl.starts_with("type ") {
            out.push_str("export ");
        }
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
