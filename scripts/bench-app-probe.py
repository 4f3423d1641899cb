#!/usr/bin/env python3
"""Time the release app on a virtual display by watching the screen (used by scripts/bench-app).

The release build's webview is incognito, and WebKitGTK never lets WebDriver automate an
incognito webview, so this looks at pixels instead: `xwd` screenshots of the root window,
polled as fast as they come (about every 15-40 ms here, the resolution of these figures).

One run:
  1. launch the app (`--data-dir`), t0;
  2. "launch -> unlock screen": the first screenshot that matches the unlock screen;
  3. type the passphrase (xdotool), press Return, t1;
  4. "unlock -> dashboard": the first screenshot that matches the dashboard (includes the KDF);
  5. after 5 s idle, the memory of the app and all its processes (WebKit's web and network
     processes): RSS and PSS (PSS shares the libraries fairly between processes), from
     /proc/<pid>/smaps_rollup;
  6. close the app.

Run 0 only learns what the two screens look like (each is the screen once it has been
unchanged for 3 s); runs 1..N are timed against those references. "Matches" allows 5 % of
sampled pixels to differ (a blinking caret, a focus ring, a sub-pixel
shift of the layout between launches).

Prints one JSON object per timed run, and the median in the last line.
"""

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

SAMPLE_STEP = 97  # sample every 97th pixel: ~10,000 pixels for 1280x800
TOLERANCE = 0.05


def shot():
    for attempt in range(20):
        r = subprocess.run(["xwd", "-root", "-silent"], capture_output=True)
        if r.returncode == 0:
            break
        time.sleep(0.05)
    else:
        raise RuntimeError("xwd failed: " + r.stderr.decode(errors="replace"))
    data = r.stdout
    header = int.from_bytes(data[0:4], "big")
    ncolors = int.from_bytes(data[76:80], "big")
    px = data[header + ncolors * 12 :]
    return [px[i : i + 4] for i in range(0, len(px) - 4, 4 * SAMPLE_STEP)]


def same(a, b):
    if a is None or b is None or len(a) != len(b):
        return False
    diff = sum(1 for x, y in zip(a, b) if x != y)
    return diff <= TOLERANCE * len(a)


def share_different(a, b):
    if a is None or b is None or len(a) != len(b):
        return 1.0
    return sum(1 for x, y in zip(a, b) if x != y) / max(1, len(a))


def blank(s):
    return len(set(s[:: max(1, len(s) // 500)])) <= 1


def wait_for(ref, deadline):
    """Time at which the screen first matches `ref`."""
    while time.monotonic() < deadline:
        t = time.monotonic()
        s = shot()
        if same(s, ref):
            return t
    save_png("timeout")
    raise TimeoutError("screen never matched (see timeout.png)")


def settle(after, not_like, quiet=3.0, deadline=60.0):
    """The screen once it has stayed the same for `quiet` s, is not blank, and differs from
    `not_like` in at least 10 % of sampled pixels (the dashboard against the unlock screen: the
    "opening your journal" state of the unlock screen, which can sit still during the KDF, is
    not the dashboard)."""
    end = time.monotonic() + deadline
    last, since = None, time.monotonic()
    while time.monotonic() < end:
        s = shot()
        if not same(s, last):
            last, since = s, time.monotonic()
        elif (
            time.monotonic() - since >= quiet
            and time.monotonic() > after
            and not blank(s)
            and (not_like is None or share_different(s, not_like) >= 0.10)
        ):
            return s
    raise TimeoutError("screen never settled")


def save_png(name):
    """Keep a picture of a reference screen (for whoever checks what was timed)."""
    out = os.environ.get("BENCH_SHOTS")
    if out and shutil.which("convert"):
        subprocess.run(f"xwd -root -silent | convert xwd:- '{out}/{name}.png'", shell=True)


def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return pids


def memory(pid):
    rss = pss = 0
    names = []
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            with open(f"/proc/{p}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            pass
    return rss, pss, names


def run_once(app, data_dir, passphrase, refs, log):
    t0 = time.monotonic()
    proc = subprocess.Popen([app, "--data-dir", data_dir], stdout=log, stderr=log)
    try:
        if refs is None:
            unlock_ref = settle(t0, None)
            save_png("unlock-screen")
        else:
            unlock_ref = refs[0]
            t_unlock_screen = wait_for(unlock_ref, t0 + 60)
        # Let the page settle its focus before typing (not part of any figure).
        time.sleep(0.5)
        subprocess.run(["xdotool", "type", "--delay", "0", passphrase], check=True)
        t1 = time.monotonic()
        subprocess.run(["xdotool", "key", "Return"], check=True)
        if refs is None:
            dash_ref = settle(t1, unlock_ref)
            save_png("dashboard")
            return (unlock_ref, dash_ref), None
        t_dash = wait_for(refs[1], t1 + 60)
        time.sleep(5)
        rss, pss, names = memory(proc.pid)
        return refs, {
            "launch_to_unlock_screen_ms": round((t_unlock_screen - t0) * 1e3, 1),
            "unlock_to_dashboard_ms": round((t_dash - t1) * 1e3, 1),
            "idle_rss_mib": round(rss / 1024, 1),
            "idle_pss_mib": round(pss / 1024, 1),
            "processes": names,
        }
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch_only(app, data_dir, ref_file):
    """Launch, return once the screen matches the unlock screen saved by a full run, close."""
    with open(ref_file) as f:
        ref = [bytes.fromhex(x) for x in json.load(f)]
    proc = subprocess.Popen([app, "--data-dir", data_dir], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for(ref, time.monotonic() + 60)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    if sys.argv[1] == "--launch-only":
        launch_only(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    app, data_dir, passphrase, runs, log_path = sys.argv[1:6]
    with open(log_path, "ab") as log:
        refs, _ = run_once(app, data_dir, passphrase, None, log)
        with open(os.path.join(os.path.dirname(log_path), "unlock-ref.json"), "w") as f:
            json.dump([x.hex() for x in refs[0]], f)
        results = []
        for _ in range(int(runs)):
            refs, r = run_once(app, data_dir, passphrase, refs, log)
            print(json.dumps(r), flush=True)
            results.append(r)
    keys = ["launch_to_unlock_screen_ms", "unlock_to_dashboard_ms", "idle_rss_mib", "idle_pss_mib"]
    print(json.dumps({"median": {k: statistics.median(r[k] for r in results) for k in keys},
                      "min": {k: min(r[k] for r in results) for k in keys},
                      "max": {k: max(r[k] for r in results) for k in keys},
                      "runs": len(results)}))


if __name__ == "__main__":
    main()
