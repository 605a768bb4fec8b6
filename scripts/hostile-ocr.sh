#!/usr/bin/env bash
# The hostile PDFs of ../shared/hostile ingested in one batch with OCR on (issue 16's bar:
# 0 batch crashes, every file an outcome). Not a test: it can take many minutes.
#
# Prints: files in the folder and files in the report (every file must have an outcome), how
# the batch ended (exit 0, or 1 when some files failed: anything else, or a signal, is a
# batch crash), counts by outcome, wall time, peak RSS (GNU time: the largest process of the
# run), pages and files read by OCR and OCR pages/s over the run, and the slowest files.
#
# Usage: scripts/hostile-ocr.sh [extra `council ingest` flags, e.g. --ocr off]
#        (SHARED=/path/to/shared, COUNCIL_BIN=target/release/council by default, built when
#        COUNCIL_BIN is not given; KEEP=DIR keeps the index, report and logs in DIR)
# Run it under `nice -n 15` on a shared machine: the default settings are the ones measured.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
HOSTILE=$SHARED/hostile
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}

[ -d "$HOSTILE" ] || { echo "no hostile set at $HOSTILE" >&2; exit 1; }
if [ -z "${COUNCIL_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet --bin council)
fi
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

if [ -n "${KEEP:-}" ]; then
  WORK=$KEEP
  mkdir -p "$WORK"
  rm -rf "$WORK/index"
else
  WORK=$(mktemp -d /tmp/hostile-ocr.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi

# The same files the ingest walks: regular files, hidden ones left out.
FILES=$(find "$HOSTILE" -name '.*' -prune -o -type f -print | wc -l)
/usr/bin/time -v "$BIN" ingest "$HOSTILE" --index "$WORK/index" --report "$WORK/report.json" \
  "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || true

python3 - "$WORK" "$FILES" "$*" <<'PY'
import json, os, re, sys
work, files, flags = sys.argv[1], int(sys.argv[2]), sys.argv[3]
err = open(os.path.join(work, "err.txt"), errors="replace").read()
out = open(os.path.join(work, "out.txt"), errors="replace").read()
def timed(label):
    m = re.search(r"^\s*" + re.escape(label) + r": (.*)$", err, re.M)
    return m.group(1).strip() if m else None
status = timed("Exit status")
signal = re.search(r"Command terminated by signal (\d+)", err)
wall = timed("Elapsed (wall clock) time (h:mm:ss or m:ss)") or "?"
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss_mb = int(timed("Maximum resident set size (kbytes)") or 0) / 1024
path = os.path.join(work, "report.json")
if not os.path.exists(path):
    print(f"## hostile ({flags or 'default flags'}): BATCH CRASH: no report "
          f"(exit {status}, signal {signal.group(1) if signal else None})")
    print(out[-2000:], err[-2000:], sep="\n")
    sys.exit(1)
rep = json.load(open(path))
reported = len(rep["files"])
crash = signal is not None or status not in ("0", "1")
print(f"## hostile ({flags or 'default flags'}): {files} files in the folder, {reported} with an "
      f"outcome in the report; exit {status}{' (some files failed)' if status == '1' else ''}; "
      f"batch crashes: {1 if crash else 0}")
print(f"   wall {secs:.1f} s, peak RSS {rss_mb:.0f} MB")
counts = sorted(rep["outcomes"].items(), key=lambda kv: (-kv[1], kv[0]))
print("   outcomes: " + ", ".join(f"{k} {v}" for k, v in counts))
ocr = [f for f in rep["files"] if f.get("ocr")]
pages = sum(f["ocr"]["pages"] for f in ocr)
print(f"   OCR: {len(ocr)} files, {pages} pages, {pages / max(secs, 1e-9):.2f} pages/s over the run")
for key in ("ocr_skipped_budget", "ocr_pages_skipped_budget"):
    if key in rep:
        print(f"   {key}: {rep[key]}")
for line in out.splitlines():
    if line.startswith(("ingested ", "OCR:", "OCR budget")):
        print(f"   council: {line}")
fallback = [f for f in rep["files"] if f.get("extractor") == "pdftotext"]
repaired = [f for f in rep["files"] if f.get("note") and f.get("extractor") != "pdftotext"]
print(f"   read by the pdftotext fallback: {len(fallback)} files; lost glyphs repaired: {len(repaired)}")
slow = sorted(rep["files"], key=lambda f: -f["seconds"])[:5]
print("   slowest: " + "; ".join(f"{f['path']} {f['seconds']:.0f} s ({f['outcome']}, "
                                   f"{f['pages']} pages)" for f in slow))
sys.exit(1 if crash or reported != files else 0)
PY
