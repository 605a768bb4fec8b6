#!/usr/bin/env bash
# Search at a million sections (a measurement, not a test):
#
#   1. Builds the scaled corpus and index once (kept in OUT, reused when present): COPIES
#      (default 57) copies of ../shared/corpus, each copy's files made distinct (a PDF gets
#      a `%council-copy-N` comment line after %%EOF, every other file N trailing spaces and a
#      newline), ingested by a release `council ingest --ocr off`: ~1,000,000 sections
#      (the ingest compacts the index into a few segments at its end; the report says how
#      many), and the distinct paragraphs among them counted (the copies' text is the same,
#      and phase one scores one canonical copy of each paragraph).
#   2. In-process, same run, same index: plain BM25 top-10 (`SectionIndex::plain_search`)
#      beside the two-phase search, with the candidate count swept (latency, and agreement
#      of the top ten with a 20,000-candidate ranking): `cargo bench --bench query` with
#      COUNCIL_BENCH_INDEX.
#   3. Over HTTP against a release `council serve`: one client over the dev + held-out-style
#      queries (`/api/search?q=..&limit=10`), p50/p99; then 64 connections for DURATION
#      seconds with wrk (2 s timeout; WRK_RUNS times): QPS, status counts, socket errors and
#      timeouts; the server's peak RSS (VmHWM) at the end. `uptime` before and after, since the machine
#      may be shared.
#
# Usage: scripts/bench-search.sh   (OUT=/work/scratch/million COPIES=57 PORT=18190
#                                   DURATION=20 RUNS=10 WRK_RUNS=1 SHARED=../shared NO_BUILD=1
#                                   SKIP_INPROCESS=1 (HTTP only) COUNCIL_BENCH_K=300: one
#                                   candidate count, no 20,000-candidate reference;
#                                   COUNCIL_BIN=path: another council binary to serve)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
OUT=${OUT:-/work/scratch/million}
COPIES=${COPIES:-57}
PORT=${PORT:-18190}
DURATION=${DURATION:-20}
RUNS=${RUNS:-10}
WRK_RUNS=${WRK_RUNS:-1}
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}
QUERIES=$SHARED/eval/dev/queries.json
HELDOUT=$ROOT/benches/data/heldout-style-queries.txt
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ -d "$SHARED/corpus" ] || { echo "no corpus at $SHARED/corpus" >&2; exit 2; }
if [ -z "${NO_BUILD:-}" ]; then (cd "$ROOT" && cargo build --release --bin council); fi

echo "== load before: $(uptime)"

# ---- 1. The scaled corpus and index ----------------------------------------------------
if [ ! -f "$OUT/idx/meta.json" ]; then
  rm -rf "$OUT/idx"
  mkdir -p "$OUT"
  [ -f "$OUT/corpus.done" ] || python3 - "$SHARED/corpus" "$OUT/corpus" "$COPIES" <<'EOF'
import os, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = []
for d, _, names in os.walk(src):
    files += [os.path.relpath(os.path.join(d, n), src) for n in names]
for k in range(1, copies + 1):
    for rel in files:
        out = os.path.join(dst, f"copy{k}", rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        data = open(os.path.join(src, rel), "rb").read()
        tail = f"\n%council-copy-{k}\n".encode() if rel.endswith(".pdf") else b" " * k + b"\n"
        open(out, "wb").write(data + tail)
print(f"{copies} copies of {len(files)} files")
EOF
  touch "$OUT/corpus.done"
  /usr/bin/time -v "$BIN" ingest "$OUT/corpus" --index "$OUT/idx" --report "$OUT/report.json" --ocr off \
    2>"$OUT/ingest.time" | tail -2
  grep -E "Elapsed|Maximum resident" "$OUT/ingest.time"
fi
SECTIONS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['sections'])" "$OUT/report.json" 2>/dev/null || echo "?")
SEGMENTS=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['segments'])" "$OUT/report.json" 2>/dev/null || echo "?")
echo "== index: $OUT/idx ($SECTIONS sections at ingest, $SEGMENTS segments)"
if [ -z "${SKIP_INPROCESS:-}" ]; then
  (cd "$ROOT" && COUNCIL_BENCH_INDEX="$OUT/idx" COUNCIL_BENCH_PARAGRAPHS=1 \
    cargo bench --bench query 2>&1 | grep -E "^paragraphs")
fi

# ---- 2. In process: two-phase vs plain BM25, candidate sweep ---------------------------
if [ -z "${SKIP_INPROCESS:-}" ]; then
  (cd "$ROOT" && COUNCIL_BENCH_INDEX="$OUT/idx" COUNCIL_BENCH_RUNS="$RUNS" \
    cargo bench --bench query 2>&1 | grep -E "sections,|plain BM25|two-phase")
fi

# ---- 3. Over HTTP ----------------------------------------------------------------------
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true
RUST_LOG=warn "$BIN" serve --index "$OUT/idx" --corpus "$OUT/corpus" --addr "127.0.0.1:$PORT" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

python3 - "$QUERIES" "$HELDOUT" >"$WORK/paths.txt" <<'EOF'
import json, sys, urllib.parse
qs = [q["query"] for q in json.load(open(sys.argv[1]))]
qs += [l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")]
print("\n".join(f"/api/search?q={urllib.parse.quote(q)}&limit=10" for q in qs))
EOF
echo "== one client: $(wc -l <"$WORK/paths.txt") queries × $RUNS runs"
python3 - "$BASE" "$WORK/paths.txt" "$RUNS" <<'EOF'
import sys, time, urllib.request
base, paths, runs = sys.argv[1], [l.strip() for l in open(sys.argv[2])], int(sys.argv[3])
lat, errors, about = [], 0, 0
for p in paths:
    urllib.request.urlopen(base + p).read()  # warm
    for _ in range(runs):
        t = time.perf_counter()
        try:
            body = urllib.request.urlopen(base + p, timeout=10).read()
            about += b'"total_exact":false' in body
        except Exception:
            errors += 1
        lat.append((time.perf_counter() - t) * 1000)
lat.sort()
pct = lambda q: lat[min(len(lat) - 1, round((len(lat) - 1) * q))]
print(f"one client: p50 {pct(0.5):.1f} ms  p99 {pct(0.99):.1f} ms  max {lat[-1]:.1f} ms  "
      f"errors {errors}  estimated totals {about}/{len(lat)}")
EOF

cat >"$WORK/mix.lua" <<EOF
local paths = {}
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  s200 = 0; other = 0
  math.randomseed(id * 7919)
end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
function response(status, headers, body)
  if status == 200 then s200 = s200 + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do ok = ok + t:get("s200"); bad = bad + t:get("other") end
  io.write(string.format("64 connections: %.1f QPS  p50 %.1f ms  p99 %.1f ms  200s %d  non-200 %d  "
    .. "errors connect %d read %d write %d timeout %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, ok, bad, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
EOF
for run in $(seq 1 "$WRK_RUNS"); do
  echo "== 64 connections, ${DURATION}s (wrk, 2 s timeout), run $run of $WRK_RUNS; load: $(uptime | sed 's/.*load/load/')"
  wrk -t2 -c64 -d"${DURATION}s" --timeout 2s -s "$WORK/mix.lua" "$BASE" | grep "^64 connections"
done
echo "server peak RSS: $(awk '/VmHWM/ {printf "%d MB", $2/1024}' "/proc/$SERVER_PID/status")"
echo "== load after: $(uptime)"
