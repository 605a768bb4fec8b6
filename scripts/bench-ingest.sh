#!/usr/bin/env bash
# Whole-run ingestion measurements (not a test):
#
#   1. `council ingest` on the PDFs of ../shared/corpus against `pdftotext` (poppler) over
#      the same PDFs in the same run, both two-way parallel: pages/s, MB/s and the ratio;
#      then the same on SCALE (default 50: ~100,000 pages) distinct copies of those PDFs.
#   2. Peak RSS (`/usr/bin/time -v`) of `council ingest` on the whole corpus (1x) and on ten
#      distinct copies of it (10x; each copy's files get a one-line trailer so they are not
#      duplicates of each other). The copies live in a temporary folder, deleted at the end.
#      The council side runs with --ocr off, so that its throughput is that of the born-digital
#      PDFs (a scan costs what it did before OCR: its pages are found empty); at 1x it runs
#      again with OCR on (the default), and the OCR line gives the scans' pages and pages/s.
#   3. The hostile PDFs (../shared/hostile) in one batch, OCR on: outcome counts, total
#      time, files and pages read by OCR (scripts/hostile-ocr.sh; ONLY=hostile runs just
#      this part).
#   5. OCR throughput: the scans of the shared corpus (those the 1x run read by OCR) alone,
#      OCR on: pages/s over the wall-clock time.
#   6. The born-digital PDFs alone (the others): pdftotext, council --ocr off and --ocr auto,
#      best of two each: OCR on must not slow them.
#   4. Flat memory: peak RSS, and the largest heap (RssAnon, sampled), of a fresh ingest and
#      of a re-run over FLAT/100, FLAT/10 and FLAT small distinct papers (default
#      FLAT=200000; FLAT=0 skips it): memory that grows with the folder shows here.
#
# Usage: scripts/bench-ingest.sh            (SHARED=/path/to/shared, COUNCIL_BIN=..., THREADS=nproc,
#                                           COUNCIL_THREADS=0,
#                                           SCALE=50; SCALE=1 skips the scaled run,
#                                           FLAT=200000; FLAT=0 skips the flat-memory run,
#                                           ONLY=hostile runs the hostile part alone,
#                                           ONLY=pdfs parts 1 (at 1x), 5 and 6 alone;
#                                           BASELINE_BIN=another council binary is run on
#                                           the PDFs too, with its default flags, for a
#                                           before/after ratio in the same run)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
CORPUS=$SHARED/corpus
HOSTILE=$SHARED/hostile
THREADS=${THREADS:-$(nproc)}
# council ingest --threads (0: its default, the cores plus one).
COUNCIL_THREADS=${COUNCIL_THREADS:-0}
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}

[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 1; }
if [ -z "${COUNCIL_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
fi
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
  apt-get install -y poppler-utils >/dev/null
fi
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

TMP=$(mktemp -d /tmp/bench-ingest.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The "peak RSS" and wall time of a command, from GNU time.
measure() { # label log cmd...
  local label=$1 log=$2
  shift 2
  /usr/bin/time -v "$@" >"$log.out" 2>"$log.time" || true
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log.time" | awk '{print $NF}' |
    awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$log.time" | awk '{print $NF}')
  echo "$label $wall $rss"
}

ONLY=${ONLY:-}
if [ "$ONLY" != hostile ]; then
# ---- 1. PDFs: council ingest vs pdftotext ---------------------------------------------
PDFDIR=$TMP/pdfs
(cd "$CORPUS" && find . -type f -name '*.pdf' -print0) |
  while IFS= read -r -d '' f; do
    mkdir -p "$PDFDIR/$(dirname "$f")"
    # Copies, not symlinks: council follows a symlink only to a place inside the folder.
    cp "$CORPUS/$f" "$PDFDIR/$f"
  done
NPDF=$(find "$PDFDIR" -name '*.pdf' | wc -l)
PDF_BYTES=$(find "$CORPUS" -type f -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s}')
PDF_PAGES=$(find "$CORPUS" -type f -name '*.pdf' -print0 |
  xargs -0 -P"$THREADS" -I{} sh -c 'pdfinfo "$1" 2>/dev/null | awk "/^Pages:/ {print \$2}"' _ {} |
  awk '{s+=$1} END {print s}')
# Warm the page cache so neither side pays for the disk.
cat $(find "$CORPUS" -type f -name '*.pdf' | tr '\n' ' ' | head -c 0) /dev/null >/dev/null
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null

# pdftotext and `council ingest` over the PDFs under DIR, one after the other.
compare() { # label dir pages bytes
  local label=$1 dir=$2 pages=$3 bytes=$4 tp to rss_pop rss_ours our_pages
  # pdftotext at -P(cores) and -P(cores+1); the faster counts (council's default also runs
  # one more file at a time than there are cores).
  local tp2 tp3
  read -r _ tp2 rss_pop < <(measure pdftotext "$TMP/pop-$label" sh -c \
    "find -L '$dir' -type f -name '*.pdf' -print0 | xargs -0 -P$THREADS -I{} pdftotext -q {} /dev/null")
  read -r _ tp3 rss_pop < <(measure pdftotext "$TMP/pop3-$label" sh -c \
    "find -L '$dir' -type f -name '*.pdf' -print0 | xargs -0 -P$((THREADS + 1)) -I{} pdftotext -q {} /dev/null")
  tp=$(python3 -c "print(min($tp2, $tp3))")
  # council as shipped (pdftotext as its fallback where pdf-extract fails or reads badly),
  # then with pdf-extract alone.
  read -r _ to rss_ours < <(measure council "$TMP/ours-$label" "$BIN" ingest "$dir" \
    --index "$TMP/idx-$label" --threads "$COUNCIL_THREADS" --report "$TMP/$label.json" --ocr off)
  rm -rf "$TMP/idx-$label"
  local tocr=0
  if [ "$label" = "$NPDF-pdfs" ]; then
    read -r _ tocr _ < <(measure council "$TMP/ocr-$label" "$BIN" ingest "$dir" \
      --index "$TMP/idx-$label" --threads "$COUNCIL_THREADS" --report "$TMP/$label-ocr.json")
    rm -rf "$TMP/idx-$label"
  fi
  read -r _ tn rss_nofb < <(measure council "$TMP/nofb-$label" "$BIN" ingest "$dir" \
    --index "$TMP/idx-$label" --threads "$COUNCIL_THREADS" --no-fallback --ocr off)
  rm -rf "$TMP/idx-$label"
  local tbase=0
  if [ -n "${BASELINE_BIN:-}" ] && [ "$label" = "$NPDF-pdfs" ]; then
    read -r _ tbase _ < <(measure baseline "$TMP/base-$label" "$BASELINE_BIN" ingest "$dir" \
      --index "$TMP/idx-$label")
    rm -rf "$TMP/idx-$label"
  fi
  our_pages=$(python3 -c "import json; print(json.load(open('$TMP/$label.json'))['pages'])")
  python3 - "$label" "$bytes" "$pages" "$our_pages" "$tp" "$to" "$rss_ours" "$tn" "$rss_nofb" "$tocr" "$TMP/$label-ocr.json" "$tbase" <<'PY'
import json, os, sys
label, b, pages, ours_pages, tp, to, rss, tn, rssn, tocr, ocr_report, tbase = sys.argv[1:]
b, pages, ours_pages, tp, to, rss = int(b), int(pages), int(ours_pages), float(tp), float(to), int(rss)
tn, rssn = float(tn), int(rssn)
mb = b / 1e6
print(f"## {label}: {mb:.1f} MB, {pages} pages (pdfinfo); council read {ours_pages} pages of the files it indexed")
print(f"pdftotext (best)   : {tp:7.2f} s  {pages/tp:7.1f} pages/s  {mb/tp:6.2f} MB/s")
print(f"council ingest     : {to:7.2f} s  {pages/to:7.1f} pages/s  {mb/to:6.2f} MB/s  peak RSS {rss/1024:.0f} MB")
print(f"  --no-fallback    : {tn:7.2f} s  {pages/tn:7.1f} pages/s  {mb/tn:6.2f} MB/s  peak RSS {rssn/1024:.0f} MB")
print(f"ratio council/pdftotext throughput: {tp/to:.2f} (council takes {to/tp:.2f}x as long); --no-fallback {tp/tn:.2f}")
if float(tocr) > 0 and os.path.exists(ocr_report):
    rep = json.load(open(ocr_report))
    scans = [f for f in rep["files"] if f.get("ocr")]
    print(f"  OCR on (default) : {float(tocr):7.2f} s; read by OCR: {len(scans)} files, "
          f"{sum(f['ocr']['pages'] for f in scans)} pages; outcomes: {rep['outcomes']}")
    print(f"ratio council --ocr auto/pdftotext throughput: {tp/float(tocr):.2f} "
          f"(the scans' OCR included; --ocr off {tp/to:.2f})")
if float(tbase) > 0:
    print(f"  baseline binary  : {float(tbase):7.2f} s; ratio to pdftotext {tp/float(tbase):.2f} "
          f"(this build --ocr off {tp/to:.2f})")
PY
}

compare "$NPDF-pdfs" "$PDFDIR" "$PDF_PAGES" "$PDF_BYTES"

# The scaled run: SCALE distinct copies of the PDFs (a one-line trailer after %%EOF makes
# each copy's bytes differ, so neither side can skip a file as a duplicate). 50 copies of
# the shared corpus's PDFs are ~100,000 pages.
SCALE=${SCALE:-50}
if [ "$SCALE" -gt 1 ] && [ "$ONLY" != pdfs ]; then
  SCALED=$TMP/scaled
  for k in $(seq 1 "$SCALE"); do
    (cd "$CORPUS" && find . -type f -name '*.pdf' -print0) |
      while IFS= read -r -d '' f; do
        mkdir -p "$SCALED/copy$k/$(dirname "$f")"
        { cat "$CORPUS/$f"; printf '\n%%council-copy-%s\n' "$k"; } >"$SCALED/copy$k/$f"
      done
  done
  compare "${SCALE}x-pdfs" "$SCALED" $((PDF_PAGES * SCALE)) $((PDF_BYTES * SCALE))
  rm -rf "$SCALED" "$TMP/idx-${SCALE}x-pdfs"
fi

# ---- 2. Peak RSS, 1x and 10x ------------------------------------------------------------
if [ "$ONLY" != pdfs ]; then
read -r _ T1 RSS1 < <(measure x1 "$TMP/x1" "$BIN" ingest "$CORPUS" --index "$TMP/idx-1" \
  --threads "$COUNCIL_THREADS" --report "$TMP/x1.json")
X10=$TMP/x10
for k in $(seq 0 9); do
  cp -r "$CORPUS" "$X10/copy$k" 2>/dev/null || { mkdir -p "$X10"; cp -r "$CORPUS" "$X10/copy$k"; }
  find "$X10/copy$k" -type f -print0 | xargs -0 -I{} sh -c "printf '\n%%council-copy-$k\n' >> \"\$1\"" _ {}
done
read -r _ T10 RSS10 < <(measure x10 "$TMP/x10" "$BIN" ingest "$X10" --index "$TMP/idx-10" \
  --threads "$COUNCIL_THREADS" --report "$TMP/x10.json" --ocr off)
rm -rf "$X10"
python3 - "$TMP" "$T1" "$RSS1" "$T10" "$RSS10" <<'EOF'
import json, sys
tmp, t1, r1, t10, r10 = sys.argv[1:]
for label, name, t, r in (("1x ", "x1", t1, r1), ("10x", "x10", t10, r10)):
    rep = json.load(open(f"{tmp}/{name}.json"))
    print(f"## {label}: {len(rep['files'])} files, {rep['index_documents']} documents, "
          f"{rep['pages']} pages in {float(t):.1f} s; peak RSS {int(r)/1024:.0f} MB; "
          f"{rep['commits']} commits; outcomes: {rep['outcomes']}")
EOF
fi


# ---- 5. OCR throughput: the scans alone ------------------------------------------------
SCANS=$TMP/scans
python3 - "$TMP/$NPDF-pdfs-ocr.json" "$PDFDIR" "$SCANS" <<'EOF'
import json, os, shutil, sys
rep, src, dst = sys.argv[1:]
for f in json.load(open(rep))["files"]:
    if f.get("ocr"):
        os.makedirs(os.path.dirname(os.path.join(dst, f["path"])), exist_ok=True)
        shutil.copyfile(os.path.join(src, f["path"]), os.path.join(dst, f["path"]))
EOF
if [ -d "$SCANS" ]; then
  read -r _ TS _ < <(measure scans "$TMP/scans" "$BIN" ingest "$SCANS" --index "$TMP/idx-s" \
    --threads "$COUNCIL_THREADS" --report "$TMP/s.json")
  python3 - "$TMP/s.json" "$TS" <<'EOF'
import json, sys
rep, t = json.load(open(sys.argv[1])), float(sys.argv[2])
pages = sum(f["ocr"]["pages"] for f in rep["files"] if f.get("ocr"))
conf = [f["ocr"]["confidence"] for f in rep["files"] if f.get("ocr")]
print(f"## OCR: {len(conf)} scanned files, {pages} pages in {t:.1f} s: {pages / t:.2f} pages/s "
      f"(wall clock, {len(conf) and sum(conf) / len(conf):.1f} mean confidence); outcomes: {rep['outcomes']}")
EOF
fi

# ---- 6. Born-digital PDFs: OCR on costs them nothing --------------------------------------
# The PDFs the OCR run did not read by OCR, alone: pdftotext, council --ocr off and council
# --ocr auto, interleaved, each twice (the faster counts), so that OCR being on shows in the
# ratio only if it slows the born-digital files themselves.
BORN=$TMP/born
python3 - "$TMP/$NPDF-pdfs-ocr.json" "$PDFDIR" "$BORN" <<'EOF'
import json, os, shutil, sys
rep, src, dst = sys.argv[1:]
for f in json.load(open(rep))["files"]:
    if not f.get("ocr"):
        os.makedirs(os.path.dirname(os.path.join(dst, f["path"])), exist_ok=True)
        shutil.copyfile(os.path.join(src, f["path"]), os.path.join(dst, f["path"]))
EOF
NBORN=$(find "$BORN" -name '*.pdf' | wc -l)
BORN_PAGES=$(find "$BORN" -name '*.pdf' -print0 |
  xargs -0 -P"$THREADS" -I{} sh -c 'pdfinfo "$1" 2>/dev/null | awk "/^Pages:/ {print \$2}"' _ {} |
  awk '{s+=$1} END {print s}')
declare -A BEST=()
for round in 1 2; do
  read -r _ t _ < <(measure pdftotext "$TMP/born-pop" sh -c \
    "find '$BORN' -type f -name '*.pdf' -print0 | xargs -0 -P$THREADS -I{} pdftotext -q {} /dev/null")
  BEST[pdftotext]=$(python3 -c "print(min($t, ${BEST[pdftotext]:-1e9}))")
  for mode in off auto; do
    read -r _ t _ < <(measure "ocr-$mode" "$TMP/born-$mode" "$BIN" ingest "$BORN" \
      --index "$TMP/idx-born-$mode-$round" --threads "$COUNCIL_THREADS" --ocr "$mode")
    rm -rf "$TMP/idx-born-$mode-$round"
    BEST[$mode]=$(python3 -c "print(min($t, ${BEST[$mode]:-1e9}))")
  done
done
python3 - "$NBORN" "$BORN_PAGES" "${BEST[pdftotext]}" "${BEST[off]}" "${BEST[auto]}" <<'EOF'
import sys
n, pages, tp, toff, tauto = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
print(f"## born-digital: {n} PDFs, {pages} pages (the scans left out), best of 2 each")
print(f"pdftotext          : {tp:7.2f} s  {pages/tp:7.1f} pages/s")
print(f"council --ocr off  : {toff:7.2f} s  {pages/toff:7.1f} pages/s  ratio to pdftotext {tp/toff:.2f}")
print(f"council --ocr auto : {tauto:7.2f} s  {pages/tauto:7.1f} pages/s  ratio to pdftotext {tp/tauto:.2f}")
EOF
fi

# ---- 3. Hostile PDFs ----------------------------------------------------------------------
if [ "$ONLY" != pdfs ]; then
  if [ -d "$HOSTILE" ]; then
    COUNCIL_BIN=$BIN SHARED=$SHARED "$ROOT/scripts/hostile-ocr.sh" \
      --threads "$COUNCIL_THREADS" --timeout 30 || true
  else
    echo "## hostile: skipped ($HOSTILE absent)"
  fi
fi

# ---- 4. Flat memory ------------------------------------------------------------------------
FLAT=${FLAT:-200000}
if [ "$FLAT" -gt 0 ] && [ "$ONLY" != hostile ] && [ "$ONLY" != pdfs ]; then
  for n in $((FLAT / 100)) $((FLAT / 10)) "$FLAT"; do
    DIR=$TMP/flat-$n
    python3 - "$DIR" "$n" <<'EOF'
import os, sys
base, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = f"{base}/folder{i // 500:04d}"
    if i % 500 == 0:
        os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/minutes-{i:07d}.txt", "w") as f:
        f.write(f"Minutes of the Parish Council meeting {i}\n\n1. Apologies\n\n"
                f"Councillor Smith sent apologies. Paper number {i}.\n")
EOF
    for run in fresh re-run; do
      # GNU time gives the peak RSS; sampling the process gives its largest heap (RssAnon).
      /usr/bin/time -v "$BIN" ingest "$DIR" --index "$TMP/idx-flat" \
        --threads "$COUNCIL_THREADS" >"$TMP/flat.out" 2>"$TMP/flat.time" &
      TPID=$!
      ANON=0
      while kill -0 "$TPID" 2>/dev/null; do
        for p in $(pgrep -P "$TPID" || true); do
          A=$(awk '/RssAnon/ {print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo 0)
          [ "${A:-0}" -gt "$ANON" ] && ANON=$A
        done
        sleep 0.2
      done
      wait "$TPID" || true
      TF=$(grep 'Elapsed (wall clock)' "$TMP/flat.time" | awk '{print $NF}' |
        awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
      RSSF=$(grep 'Maximum resident set size' "$TMP/flat.time" | awk '{print $NF}')
      printf '## flat %7d small papers, %-6s: %6.1f s, peak RSS %4d MB, heap (RssAnon) max %4d MB\n' \
        "$n" "$run" "$TF" $((RSSF / 1024)) "$ANON"
    done
    rm -rf "$DIR" "$TMP/idx-flat"
  done
fi
