//! The desktop shell of the recovery journal: a thin Tauri v2 layer over `journal-core`.
//!
//! Contract: commands are glue, state → core → error code, with no journal rules of their
//! own (`commands/mod.rs`); every command is listed in `commands.list` as well as in
//! `generate_handler!` below (`tests/security_config.rs` keeps the two equal); security
//! configuration lives in `Tauri.toml` and `capabilities/`, process hardening in
//! `hardening.rs`, wiping freed memory outside Rust in `freed_memory.rs`, every path that locks
//! the journal in `locking.rs`, and "one running app per journal folder" in
//! `single_instance.rs`. Nothing here logs.
#![forbid(unsafe_code)]
// Keep a console window from opening with the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod appearance;
mod auto_backup;
mod clipboard;
mod commands;
mod data_dir;
mod files;
mod freed_memory;
mod hardening;
mod ipc;
mod locking;
mod single_instance;
mod sleep_inhibitor;
mod state;
mod window;

#[cfg(test)]
mod bindings;

use tauri::Manager;

/// Every heap block is zeroed when it is freed (and when `realloc` moves it), so what the
/// journal decrypted does not outlive a lock in freed memory: records, the search index, serde
/// buffers. See docs/security.md, "Memory after lock", and journal-core's `tests/heap_canary.rs`.
/// The C and WebKit heaps are wiped by `freed_memory`.
#[global_allocator]
static ALLOC: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() {
    // First: it may start the program again, with the C and WebKit heaps wiped on free.
    freed_memory::ensure();
    hardening::apply();
    let explicit_dir = data_dir::from_args_or_env(std::env::args_os());
    window::sweep_stale_data_dirs();
    let webview_dir = match window::throwaway_data_dir() {
        Ok(dir) => dir,
        Err(_) => {
            // Without a private directory WebKit would write into the default profile.
            eprintln!("The app could not create a private temporary folder.");
            std::process::exit(1);
        }
    };
    let setup_webview_dir = webview_dir.clone();
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::set_appearance,
            commands::move_to_plain_folder,
            commands::create_journal,
            commands::unlock,
            commands::unlock_with_recovery_key,
            commands::lock,
            commands::touch,
            commands::dashboard,
            commands::clean_dates,
            commands::set_clean_date,
            commands::get_settings,
            commands::save_settings,
            commands::change_passphrase,
            commands::new_recovery_key,
            commands::copy_to_clipboard,
            commands::save_record,
            commands::delete_record,
            commands::search,
            commands::steps_overview,
            commands::step_page,
            commands::set_step_status,
            commands::reorder_questions,
            commands::inventory,
            commands::amends,
            commands::nightly_reviews,
            commands::meetings,
            commands::meeting_stats,
            commands::meeting_suggestions,
            commands::contacts,
            commands::mark_contacted,
            commands::journal_entries,
            commands::journal_entry_on,
            commands::keeping::choose_file,
            commands::keeping::back_up_now,
            commands::keeping::automatic_backups,
            commands::keeping::prepare_restore,
            commands::keeping::confirm_restore,
            commands::keeping::cancel_restore,
            commands::keeping::export_steps,
            commands::keeping::export_meetings_csv,
            commands::keeping::export_json,
            commands::keeping::import_json,
            commands::keeping::attendance_report,
            commands::keeping::save_attendance_pdf,
            commands::keeping::import_meeting_list,
            commands::keeping::meeting_list,
            commands::keeping::meeting_list_count,
            commands::keeping::listed_meetings_on,
            commands::keeping::clear_meeting_list,
            commands::keeping::prefill_meeting,
        ])
        .setup(move |app| {
            // A folder the member named; else the plain folder once the data moved there,
            // else the standard one (data_dir.rs).
            let (dir, folder) = match explicit_dir {
                Some(dir) => (dir, data_dir::DataFolder::Chosen),
                None => data_dir::default_dir(&app.path().app_data_dir()?),
            };
            // One app per journal folder: a second launch brings the first window forward
            // and ends here, before it has a window of its own.
            let instance = match single_instance::claim(&dir)? {
                single_instance::Claim::First(instance) => instance,
                single_instance::Claim::Second => {
                    window::remove_data_dir(&setup_webview_dir);
                    std::process::exit(0);
                }
            };
            let state = state::AppState::new(dir, folder);
            state
                .0
                .clipboard
                .connect(std::sync::Arc::new(clipboard::Gtk(app.handle().clone())));
            app.manage(state);
            app.manage(files::Chosen::default());
            files::disable_recent_files();
            let look = &app.state::<state::AppState>().0.look;
            window::create_main(app.handle(), &setup_webview_dir, &look.app_name())?;
            appearance::apply_to_window(app.handle(), look);
            // A menu entry left from before (or removed by hand) matches the choice again.
            let _ = appearance::sync_menu_entry(look);
            let handle = app.handle().clone();
            instance.listen(move || window::bring_to_front(&handle));
            app.manage(instance);
            locking::start(app.handle());
            auto_backup::start(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(_) => {
            window::remove_data_dir(&webview_dir);
            eprintln!("The app could not start its window.");
            std::process::exit(1);
        }
    };
    app.run(move |handle, event| {
        if let tauri::RunEvent::Exit = event {
            // Lock (checkpoint, drop keys) before the process goes, then remove whatever
            // WebKit left in its throwaway directory.
            handle.state::<state::AppState>().0.lock();
            window::remove_data_dir(&webview_dir);
        }
    });
}
