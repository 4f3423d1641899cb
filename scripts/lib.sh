# Shared helpers for the project's scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Each heading says how long the run has taken so far (one clock for a script and the scripts
# it calls), so a slow stage shows in any log, CI's included.
RUN_STARTED="${RUN_STARTED:-$(date +%s)}"
export RUN_STARTED
say() {
  local t=$(($(date +%s) - RUN_STARTED))
  printf '\n\033[1m==> %s\033[0m  [%d:%02d]\n' "$*" $((t / 60)) $((t % 60))
}

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

# Fail at once, and say why, when the disk holding target/ has less than $1 GiB free: a build
# that runs out of space fails much later, at a link, with a message that does not say so.
ensure_disk_space() {
  local want_gib="$1" free_kib
  mkdir -p "$ROOT/target"
  free_kib="$(df -Pk "$ROOT/target" | awk 'NR == 2 { print $4 }')"
  if [ "$((free_kib / 1024 / 1024))" -lt "$want_gib" ]; then
    echo "Only $((free_kib / 1024 / 1024)) GiB free for target/; a full run needs about $want_gib GiB." >&2
    echo "Free some space (an old target/ folder, for example), then run this again." >&2
    exit 1
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
  # rustfmt and clippy come with most toolchains; add them only when missing, and say so if
  # that fails (a hidden failure here would surface later as a confusing "no such command").
  local missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Adding Rust components: ${missing[*]}"
    if ! rustup component add "${missing[@]}"; then
      echo "Could not add ${missing[*]} with rustup. Add them by hand, then run this again." >&2
      exit 1
    fi
  fi
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

# Install the UI's npm packages exactly as locked, with `npm ci`: it refuses a lock file that
# disagrees with package.json and never rewrites it. Skipped when node_modules was installed
# from this very lock file and package.json has not changed since.
ensure_ui_packages() {
  ensure_node
  local stamp="$ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/ui/package-lock.json" -nt "$stamp" ] \
    || [ "$ROOT/ui/package.json" -nt "$stamp" ]; then
    say "Installing the UI's npm packages from the lock file (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  fi
}

# Build the UI into ui/dist once per run: scripts/test builds it with its checks and sets
# UI_BUILT=1, so scripts/e2e (and the app build it embeds into) does not build it again.
build_ui() {
  ensure_ui_packages
  if [ "${UI_BUILT:-}" = 1 ]; then
    return
  fi
  say "Building the UI"
  (cd "$ROOT/ui" && npm run build)
  export UI_BUILT=1
}

# The release app as members get it, built by the Tauri CLI (the UI's locked devDependency):
# target/release/recovery-journal and, with `deb`, its Debian package under
# target/release/bundle/deb/. `tauri build` turns on Tauri's production feature
# (custom-protocol), so a plain `cargo build --release` would be a second, different release
# build; every script builds the release app through here instead.
#   build_release_app deb    the binary and the .deb
#   build_release_app        the binary only
build_release_app() {
  build_ui
  local bundle=(--no-bundle)
  [ "${1:-}" = deb ] && bundle=(--bundles deb)
  (cd "$ROOT/src-tauri" && "$ROOT/ui/node_modules/.bin/tauri" build "${bundle[@]}" --ci -- --locked)
}

# ----- Counting tests across the run -----
# Every test command of scripts/test runs through `counted`, which keeps its output in
# target/test-logs/. `test_summary` sums what the logs report (Vitest's "Tests" line and every
# cargo "test result:" line) into one plain line: "N passed, N failed" and ", N skipped" when
# any test was skipped. A skip is a test cargo reports as ignored, or a test that printed
# "SKIPPED <name>:" because RECOVERY_JOURNAL_ALLOW_SKIP allowed it (docs/testing.md); a test
# run whose tests may skip must show their output (--nocapture or --show-output).
TEST_LOGS="$ROOT/target/test-logs"

counted() {
  local label="$1"
  shift
  mkdir -p "$TEST_LOGS"
  local log
  log="$TEST_LOGS/$(printf '%02d' "$(find "$TEST_LOGS" -name '*.log' | wc -l)")-$label.log"
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

# Why the run failed, for the end of its output (CI shows only the tail): each failing
# test's name and the first lines of its error ("Error: ..." from a test returning a Result,
# or "panicked at ..."), from every log in target/test-logs/, at most 80 lines in all.
failure_reasons() {
  [ -d "$TEST_LOGS" ] || return 0
  local strip='s/\x1b\[[0-9;]*m//g'
  for log in "$TEST_LOGS"/*.log; do
    [ -e "$log" ] || continue
    sed -e "$strip" "$log" | awk -v file="$(basename "$log")" '
      /^---- .* ----$/ { name = $2 }
      /^Error: / || /panicked at / || /^ *(FAIL|×) / {
        if (!shown++) print "  in " file ":"
        print "    " (name ? name ": " : "") $0
        for (i = 0; i < 8 && (getline line) > 0; i++) {
          if (line ~ /^(Stack backtrace|stack backtrace|note: run with)/) break
          print "      " line
        }
      }'
  done | head -n 80
}

test_summary() {
  local passed=0 failed=0 skipped=0 n
  [ -d "$TEST_LOGS" ] || { echo "0 passed, 0 failed"; return; }
  local strip='s/\x1b\[[0-9;]*m//g'
  for log in "$TEST_LOGS"/*.log; do
    [ -e "$log" ] || continue
    # Vitest: "      Tests  2 failed | 181 passed | 1 skipped (184)"
    while read -r p f k; do
      passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + k))
    done < <(sed -e "$strip" "$log" | grep -E '^\s*Tests\s+[0-9]' | awk '{
        p = f = k = 0
        for (i = 2; i <= NF; i++) {
          if ($i == "passed") p += $(i - 1)
          if ($i == "failed") f += $(i - 1)
          if ($i == "skipped" || $i == "todo") k += $(i - 1)
        }
        print p, f, k
      }')
    # cargo: "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out"
    while read -r p f i; do
      passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + i))
    done < <(sed -e "$strip" "$log" \
      | sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2 \3/p')
    # Allowed skips pass in cargo's count: move them to the skipped column. With --nocapture
    # the line follows libtest's "test <name> ... " on the same line.
    n=$(sed -e "$strip" "$log" | grep -cE '(^|\.\.\. )SKIPPED [A-Za-z0-9_:]+:' || true)
    passed=$((passed - n)); skipped=$((skipped + n))
  done
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
}
