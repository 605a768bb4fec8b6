#!/usr/bin/env bash
# Parse time and peak memory against paper size (not a test): generated text, Markdown and
# HTML papers of 1, 10 and 100 MB (SIZES, in MB) go through `council parse --format json`
# with the size and section limits raised above them; each line gives seconds, peak RSS (`/usr/bin/time
# -v`), sections, the deepest heading path, and the seconds and RSS per MB. Linear time
# shows as a flat s/MB column, bounded memory as RSS per MB that does not grow with size.
#
# The papers are built as long reports are written: numbered headings (`N. MATTER N`, or
# `#`/`##`/... in Markdown, `<h1>`..`<h6>` in HTML, levels cycling so heading stacks open
# and close) over numbered paragraphs.
#
# Usage: scripts/bench-size.sh        (COUNCIL_BIN=target/release/council, SIZES="1 10 100")
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}
SIZES=${SIZES:-1 10 100}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

generate() { # format, megabytes, path
  python3 - "$1" "$2" "$3" <<'PY'
import sys
fmt, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
target = mb << 20
with open(path, "w") as out:
    written, n = 0, 0
    if fmt == "html":
        out.write("<!DOCTYPE html><html><head><title>Report</title></head><body>\n")
    while written < target:
        n += 1
        level = 1 + n % 6
        para = (f"{n}.1 The committee considered the application for the site at {n} High "
                f"Street and the officer's recommendation to approve it subject to conditions.")
        if fmt == "text":
            chunk = f"{n}. MATTER {n} FOR THE COMMITTEE\n\n{para}\n\n"
        elif fmt == "markdown":
            chunk = f"{'#' * level} Matter {n} for the committee\n\n{para}\n\n"
        else:
            chunk = f"<h{level}>Matter {n} for the committee</h{level}>\n<p>{para}</p>\n"
        out.write(chunk)
        written += len(chunk)
    if fmt == "html":
        out.write("</body></html>\n")
PY
}

printf '%-9s %5s %8s %9s %9s %6s %8s %9s\n' format MB seconds peak_MB sections depth s/MB RSS/MB
for mb in $SIZES; do
  for fmt in text markdown html; do
    case $fmt in text) ext=txt ;; markdown) ext=md ;; html) ext=html ;; esac
    file=$WORK/paper-$mb.$ext
    generate "$fmt" "$mb" "$file"
    limit=$((mb * 2 + 1))
    /usr/bin/time -v -o "$WORK/time" "$BIN" parse "$file" --format json \
      --max-text-size "$limit" --max-file-size "$limit" --max-sections 100000000 >"$WORK/out.json"
    seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/time")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
    read -r sections depth < <(python3 - "$WORK/out.json" <<'PY'
import json, sys
sections, depth = 0, 0
with open(sys.argv[1]) as f:
    for line in f:
        doc = json.loads(line)
        sections += len(doc["sections"])
        depth = max([depth] + [len(s.get("path") or []) for s in doc["sections"]])
print(sections, depth)
PY
)
    awk -v f="$fmt" -v mb="$mb" -v s="$seconds" -v kb="$rss_kb" -v n="$sections" -v d="$depth" \
      'BEGIN { printf "%-9s %5d %8.2f %9.0f %9d %6d %8.3f %9.1f\n", f, mb, s, kb / 1024, n, d, s / mb, kb / 1024 / mb }'
    rm -f "$file" "$WORK/out.json"
  done
done
