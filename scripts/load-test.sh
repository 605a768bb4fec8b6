#!/usr/bin/env bash
# Load and abuse test of a real release `council serve` on 127.0.0.1 (a measurement, not a
# pass/fail test suite, though it exits non-zero when an expectation fails).
#
#   scripts/load-test.sh                 # builds release, ingests ../shared/corpus if needed
#
# Environment:
#   INDEX=/tmp/loadidx        index folder (built from CORPUS when missing)
#   CORPUS=../shared/corpus   folder to ingest
#   QUERIES=../shared/eval/dev/queries.json
#   PORT=18080  DURATION=20   (seconds per run, at most 30)
#   MAX_SEARCHES=             COUNCIL_MAX_SEARCHES for the server (default 2 x cores)
#   NO_BUILD=1                use the binary as is
#   BIN=target/release/council the binary to run
#
# Runs: 64 connections (expect 0 errors, 0 non-2xx), 1,000 connections (expect only 200s
# and 503s, no socket failures beyond the client's own, bounded RSS), then hostile requests
# (each must get a 4xx JSON answer quickly, the server must keep answering).
set -euo pipefail
cd "$(dirname "$0")/.."

INDEX=${INDEX:-/tmp/loadidx}
CORPUS=${CORPUS:-../shared/corpus}
QUERIES=${QUERIES:-../shared/eval/dev/queries.json}
PORT=${PORT:-18080}
DURATION=${DURATION:-20}
if [ "$DURATION" -gt 30 ]; then DURATION=30; fi
BIN=${BIN:-target/release/council}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
FAIL=0
SERVER_PID=
SAMPLER_PID=

cleanup() {
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

note() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*"; FAIL=1; }

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is needed: apt-get install -y wrk" >&2
  exit 2
fi

if [ -z "${NO_BUILD:-}" ]; then
  note "cargo build --release"
  cargo build --release --bin council
fi

if [ ! -f "$INDEX/meta.json" ]; then
  note "ingesting $CORPUS into $INDEX"
  "$BIN" ingest "$CORPUS" --index "$INDEX"
fi

note "starting the server on $BASE"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
if [ -n "${MAX_SEARCHES:-}" ]; then export COUNCIL_MAX_SEARCHES=$MAX_SEARCHES; fi
RUST_LOG=${RUST_LOG:-warn} "$BIN" serve --index "$INDEX" --corpus "$CORPUS" --addr "127.0.0.1:$PORT" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "$BASE/healthz" >"$WORK/health.json" 2>/dev/null; then break; fi
  sleep 0.2
done
cat "$WORK/health.json"; echo

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
start_sampler() {
  : >"$WORK/rss"
  ( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kb >>"$WORK/rss"; sleep 0.5; done ) &
  SAMPLER_PID=$!
}
stop_sampler() {
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=
  sort -n "$WORK/rss" | tail -1
}

# The query mix: the dev queries, plus some with filters, sort and paging.
python3 - "$QUERIES" >"$WORK/paths.txt" <<'EOF'
import json, sys, urllib.parse
qs = [q["query"] for q in json.load(open(sys.argv[1]))]
paths = []
for q in qs:
    e = urllib.parse.quote(q)
    paths += [f"/api/search?q={e}", f"/api/search?q={e}&limit=20",
              f"/api/search?q={e}&sort=newest", f"/?q={e}"]
paths += [f"/api/search?q={urllib.parse.quote(qs[0])}&offset=10"]
print("\n".join(paths))
EOF
echo "$(wc -l <"$WORK/paths.txt") request paths from $(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1]))))" "$QUERIES") dev queries"

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
  s200 = 0; s503 = 0; s4xx = 0; s5xx = 0; other = 0
  math.randomseed(id * 7919)
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  if status == 200 then s200 = s200 + 1
  elseif status == 503 then s503 = s503 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local t = {s200 = 0, s503 = 0, s4xx = 0, s5xx = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("STATUS 200=%d 503=%d 4xx=%d other5xx=%d other=%d\n",
    t.s200, t.s503, t.s4xx, t.s5xx, t.other))
  io.write(string.format("QPS %.1f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99}) do
    io.write(string.format("P%d %.2fms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("ERRORS connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
EOF

run_load() {
  local conns=$1 threads=2
  note "load: $conns connections, ${DURATION}s"
  start_sampler
  wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 15s -s "$WORK/mix.lua" "$BASE" \
    | tee "$WORK/wrk-$conns.txt"
  local rss
  rss=$(stop_sampler)
  echo "server max RSS: $((rss / 1024)) MB"
  echo "$rss" >"$WORK/rss-$conns"
}

run_load 64
grep -q "STATUS 200=[1-9][0-9]* 503=0 4xx=0 other5xx=0" "$WORK/wrk-64.txt" || fail "64 connections: not all 200"
grep -q "ERRORS connect=0 read=0 write=0 timeout=0" "$WORK/wrk-64.txt" || fail "64 connections: socket errors"

run_load 1000
grep -q "other5xx=0 other=0" "$WORK/wrk-1000.txt" || fail "1000 connections: 5xx other than 503"
grep -q "4xx=0" "$WORK/wrk-1000.txt" || fail "1000 connections: 4xx"
if [ "$(cat "$WORK/rss-1000")" -gt $((2 * 1024 * 1024)) ]; then fail "1000 connections: RSS over 2 GB"; fi
curl -fsS "$BASE/healthz" >/dev/null || fail "server not answering after 1000 connections"

note "hostile requests"
hostile() {
  local label=$1; shift
  local out
  out=$(curl -sS -o "$WORK/body" -w '%{http_code} %{time_total}' --max-time 20 "$@" 2>&1) || true
  local code=${out%% *} time=${out##* }
  local message
  message=$(python3 -c "import json,sys
try: print(json.load(open(sys.argv[1]))['error']['code'])
except Exception: print('-')" "$WORK/body" 2>/dev/null)
  printf '%-34s %s %6ss %s\n' "$label" "$code" "$time" "$message"
  case "$code" in
    4??) ;;
    *) fail "$label: status $code" ;;
  esac
}
enc() { python3 -c "import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))" "$1"; }
TERMS=$(python3 -c "print('+'.join(['w']*10000))")
LONG_URI=$(python3 -c "print('+'.join(['council']*10000))")
PARENS=$(python3 -c "print('('*10000 + 'chair' + ')'*10000)")
hostile "empty q"                "$BASE/api/search?q="
hostile "10,000 terms"           "$BASE/api/search?q=$TERMS"
hostile "10,000 terms, 80 KB URI" "$BASE/api/search?q=$LONG_URI"
hostile "65 terms"               "$BASE/api/search?q=$(enc "$(python3 -c "print(' '.join(['w']*65))")")"
hostile "10,000 nested parens"   "$BASE/api/search?q=$PARENS"
hostile "40 nested parens"       "$BASE/api/search?q=$(enc "$(python3 -c "print('('*40+'a'+')'*40)")")"
hostile "offset=1000000000"      "$BASE/api/search?q=chair&offset=1000000000"
hostile "limit=0"                "$BASE/api/search?q=chair&limit=0"
hostile "bad kind"               "$BASE/api/search?q=chair&kind=zzz"
hostile "/files/../../etc/passwd" --path-as-is "$BASE/files/../../etc/passwd"
hostile "/files/%2e%2e/etc/passwd" "$BASE/files/%2e%2e/%2e%2e/etc/passwd"
head -c 100M /dev/zero >"$WORK/big"
hostile "100 MB body POST"       -X POST --data-binary @"$WORK/big" -H 'Content-Type: application/json' "$BASE/api/search"
hostile "100 MB chunked POST"    -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/big" "$BASE/api/search"
rm -f "$WORK/big"
for q in '"unbalanced' '*ing' 'chair~99999' ')))((('; do
  out=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 20 "$BASE/api/search?q=$(enc "$q")")
  printf '%-34s %s\n' "q=$q (answered)" "$out"
  case "${out%% *}" in 200) ;; *) fail "q=$q: ${out%% *}" ;; esac
done

note "slow clients (header read timeout 10 s)"
python3 - "$PORT" <<'EOF' || FAIL=1
import socket, sys, time, urllib.request
port = int(sys.argv[1])
def hold(payload):
    s = socket.create_connection(("127.0.0.1", port))
    if payload:
        s.sendall(payload)
    return s
slow = hold(b"GET /api/search?q=chair HTTP/1.1\r\nHost: x\r\n")
silent = hold(b"")
start = time.time()
# Others are served meanwhile.
with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=chair", timeout=5) as r:
    assert r.status == 200
print(f"other client served in {time.time() - start:.3f}s while two connections hang")
ok = True
for name, s in (("half headers", slow), ("silent", silent)):
    s.settimeout(30)
    t = time.time()
    try:
        data = s.recv(4096)
    except Exception as e:
        data = repr(e).encode()
    waited = time.time() - start
    print(f"{name}: closed after {waited:.1f}s ({data[:40]!r})")
    if waited > 15:
        ok = False
sys.exit(0 if ok else 1)
EOF

curl -fsS "$BASE/healthz" >/dev/null && echo "server still answering" || fail "server not answering at the end"
note "metrics (excerpt)"
curl -fsS "$BASE/metrics" | grep -E '^council_(http_requests_total\{route="/api/search"|searches_shed_total|index_)' || true

note "summary"
for c in 64 1000; do
  printf '%5s connections: %s | %s | p50 %s p99 %s | max RSS %s MB\n' "$c" \
    "$(grep '^QPS' "$WORK/wrk-$c.txt")" "$(grep '^STATUS' "$WORK/wrk-$c.txt")" \
    "$(grep '^P50' "$WORK/wrk-$c.txt" | cut -d' ' -f2)" "$(grep '^P99' "$WORK/wrk-$c.txt" | cut -d' ' -f2)" \
    "$(( $(cat "$WORK/rss-$c") / 1024 ))"
done
if grep -qi "panic" "$WORK/server.log"; then fail "the server log has a panic"; fi
exit $FAIL
