# Shared helpers for the project's scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Install the Debian/Ubuntu packages named in scripts/debian-packages.txt that are missing.
ensure_system_packages() {
  local wanted missing=()
  mapfile -t wanted < <(grep -Ev '^\s*(#|$)' "$ROOT/scripts/debian-packages.txt")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust is not installed. Install a stable toolchain (https://rustup.rs), then run this again." >&2
    exit 1
  fi
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
}

ensure_node() {
  local major=0
  command -v node >/dev/null 2>&1 && major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    say "Installing Node.js and npm"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends nodejs npm
    major="$(node -p 'process.versions.node.split(".")[0]')"
  fi
  if [ "$major" -lt 20 ]; then
    echo "The UI build needs Node.js 20 or newer (found $(node --version)). Install it, then run this again." >&2
    exit 1
  fi
}

# Install the UI's npm packages exactly as locked, when they are missing or the lock changed.
# `npm install` rather than `npm ci`: npm 11 writes lock files that record only this platform's
# optional packages (rollup's native builds), and its own `npm ci` then refuses them as out of
# sync. `npm install` installs the locked versions; we then insist the lock file is unchanged,
# which is the guarantee `npm ci` would give.
ensure_ui_packages() {
  ensure_node
  local lock="$ROOT/ui/package-lock.json"
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    say "Installing the UI's npm packages from the lock file"
    local before
    before="$(sha256sum "$lock")"
    (cd "$ROOT/ui" && npm install --no-audit --no-fund)
    if [ "$before" != "$(sha256sum "$lock")" ]; then
      echo "ui/package-lock.json changed during install: package.json and the lock file disagree." >&2
      exit 1
    fi
  fi
}

build_ui() {
  ensure_ui_packages
  say "Building the UI"
  (cd "$ROOT/ui" && npm run build)
}
