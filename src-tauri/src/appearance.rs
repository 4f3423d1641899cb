//! How the app shows itself: its language and, in discreet mode, a neutral name and icon.
//!
//! Contract:
//! - [`Look`] holds the member's choice (read from the plaintext file beside the journal at
//!   start, see `journal_core::appearance`) and the system's language. Everything the shell
//!   writes for people takes its words from [`Look::words`].
//! - [`Look::app_name`] is the only name the window, the lock screen and the PDF metadata use:
//!   the neutral name in discreet mode, else the app's own name in the member's language.
//! - In discreet mode a per-user menu entry ([`DESKTOP_FILE`] under
//!   `$XDG_DATA_HOME/applications`) replaces the installed one for this user, with the neutral
//!   name and the neutral icon; turning the mode off removes it (and only a file this module
//!   wrote: it carries [`MARKER`]). The window's title and icon change at once.
//! - Nothing here reads or writes the journal, and nothing is logged.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use journal_core::appearance::{self, Appearance};
use journal_core::{Language, Result, Words, write_private_file};
use tauri::{AppHandle, Manager};

use crate::window::MAIN_LABEL;

/// The installed menu entry's file name (see the .deb): a per-user file of the same name
/// replaces it in the menu.
pub const DESKTOP_FILE: &str = "Recovery Journal.desktop";

/// The neutral icon's name in the user's icon theme folder.
pub const NEUTRAL_ICON_NAME: &str = "notes-plain";

/// A line only our own per-user entry carries, so turning discreet mode off never removes a
/// file the member or another program wrote.
pub const MARKER: &str = "X-Neutral-Entry=true";

/// The neutral icon: a plain page of notes (assets/neutral-icon.png, drawn for this app).
pub const NEUTRAL_ICON_PNG: &[u8] = include_bytes!("../../assets/neutral-icon.png");

/// The member's choice of look, and the system's language.
pub struct Look {
    chosen: Mutex<Appearance>,
    system: Language,
}

impl Look {
    /// The look stored in `data_dir`, with the system language from the environment.
    pub fn load(data_dir: &Path) -> Look {
        Look {
            chosen: Mutex::new(appearance::load(data_dir)),
            system: Language::from_environment(|k| std::env::var(k).ok()),
        }
    }

    /// The choice as stored.
    pub fn appearance(&self) -> Appearance {
        self.chosen.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// The language in use.
    pub fn language(&self) -> Language {
        self.appearance().language.resolve(self.system)
    }

    /// Words in the language in use.
    pub fn words(&self) -> Words {
        Words::new(self.language())
    }

    /// The name the app goes by now.
    pub fn app_name(&self) -> String {
        self.appearance()
            .neutral_name
            .unwrap_or_else(|| self.words().text("app.name", &[]))
    }

    /// Store a new choice in `data_dir` and take it; returns it as kept.
    pub fn choose(&self, data_dir: &Path, wanted: &Appearance) -> Result<Appearance> {
        let kept = appearance::save(data_dir, wanted)?;
        if let Ok(mut chosen) = self.chosen.lock() {
            *chosen = kept.clone();
        }
        Ok(kept)
    }
}

/// Where per-user menu entries and icons go: `$XDG_DATA_HOME`, else `~/.local/share`.
pub fn user_data_home(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            var("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".local/share"))
        })
}

/// The per-user menu entry for `name`.
fn desktop_entry(name: &str, icon: &Path) -> String {
    // The name is checked (no control characters); a desktop entry value only needs its
    // backslashes escaped.
    let name = name.replace('\\', "\\\\");
    format!(
        "[Desktop Entry]\nType=Application\nName={name}\nExec=recovery-journal\n\
         Icon={}\nStartupWMClass=recovery-journal\nTerminal=false\nCategories=Utility;\n{MARKER}\n",
        icon.display()
    )
}

/// Write (or replace) the per-user menu entry and icon for discreet mode under `data_home`.
pub fn write_menu_entry(data_home: &Path, name: &str) -> Result<()> {
    let icons = data_home.join("icons/hicolor/128x128/apps");
    let apps = data_home.join("applications");
    std::fs::create_dir_all(&icons)?;
    std::fs::create_dir_all(&apps)?;
    let icon = icons.join(format!("{NEUTRAL_ICON_NAME}.png"));
    write_if_changed(&icon, NEUTRAL_ICON_PNG)?;
    write_if_changed(
        &apps.join(DESKTOP_FILE),
        desktop_entry(name, &icon).as_bytes(),
    )
}

/// Write `bytes` to `path` (whole or not at all) unless it holds exactly them already: every
/// start in discreet mode syncs the menu entry, and then costs two reads, not two synced
/// writes.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|held| held == bytes) {
        return Ok(());
    }
    write_private_file(path, bytes)
}

/// Remove the per-user menu entry and icon, if this app wrote them.
pub fn remove_menu_entry(data_home: &Path) -> Result<()> {
    let entry = data_home.join("applications").join(DESKTOP_FILE);
    match std::fs::read_to_string(&entry) {
        Ok(text) if text.lines().any(|l| l == MARKER) => std::fs::remove_file(&entry)?,
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    let icon = data_home
        .join("icons/hicolor/128x128/apps")
        .join(format!("{NEUTRAL_ICON_NAME}.png"));
    match std::fs::remove_file(icon) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Bring the menu entry in line with `look`: written in discreet mode, removed otherwise.
pub fn sync_menu_entry(look: &Look) -> Result<()> {
    let Some(home) = user_data_home(|k| std::env::var(k).ok()) else {
        return Ok(());
    };
    match look.appearance().neutral_name {
        Some(name) => write_menu_entry(&home, &name),
        None => remove_menu_entry(&home),
    }
}

/// Give the main window the current name and, in discreet mode, the neutral icon.
pub fn apply_to_window(app: &AppHandle, look: &Look) {
    let Some(window) = app.get_webview_window(MAIN_LABEL) else {
        return;
    };
    let _ = window.set_title(&look.app_name());
    if look.appearance().neutral_name.is_some() {
        if let Ok(icon) = tauri::image::Image::from_bytes(NEUTRAL_ICON_PNG) {
            let _ = window.set_icon(icon);
        }
    } else if let Some(icon) = app.default_window_icon() {
        let _ = window.set_icon(icon.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_entry_comes_and_goes_and_never_takes_a_strangers_file() -> Result<()> {
        let home = tempfile::tempdir()?;
        write_menu_entry(home.path(), "Cuaderno")?;
        let entry = home.path().join("applications").join(DESKTOP_FILE);
        let text = std::fs::read_to_string(&entry)?;
        assert!(text.contains("\nName=Cuaderno\n"), "{text}");
        let lower = text.to_lowercase();
        for word in ["recovery journal", "narcotics", "clean", "journal"] {
            assert!(
                !lower
                    .lines()
                    .filter(|l| !l.starts_with("exec=") && !l.starts_with("startupwmclass="))
                    .any(|l| l.contains(word)),
                "{word} in {text}"
            );
        }
        let icon = home
            .path()
            .join("icons/hicolor/128x128/apps/notes-plain.png");
        assert_eq!(std::fs::read(&icon)?, NEUTRAL_ICON_PNG);
        // Written again with a new name: replaced.
        write_menu_entry(home.path(), "Planner")?;
        assert!(std::fs::read_to_string(&entry)?.contains("\nName=Planner\n"));
        remove_menu_entry(home.path())?;
        assert!(!entry.exists() && !icon.exists());
        // A file of the same name that we did not write stays.
        std::fs::write(&entry, "[Desktop Entry]\nName=Mine\n")?;
        remove_menu_entry(home.path())?;
        assert!(entry.exists());
        Ok(())
    }

    #[test]
    fn the_data_home_follows_xdg() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            user_data_home(env(&[("XDG_DATA_HOME", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x"))
        );
        assert_eq!(
            user_data_home(env(&[("XDG_DATA_HOME", "rel"), ("HOME", "/h")])),
            Some(PathBuf::from("/h/.local/share"))
        );
        assert_eq!(user_data_home(env(&[])), None);
    }

    #[test]
    fn the_name_follows_the_choice() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let look = Look::load(dir.path());
        let own = look.app_name();
        assert!(!own.is_empty());
        look.choose(
            dir.path(),
            &Appearance {
                neutral_name: Some("Notes".into()),
                ..Appearance::default()
            },
        )?;
        assert_eq!(look.app_name(), "Notes");
        assert_eq!(Look::load(dir.path()).app_name(), "Notes");
        look.choose(dir.path(), &Appearance::default())?;
        assert_eq!(look.app_name(), own);
        Ok(())
    }
}
