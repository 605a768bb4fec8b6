#!/usr/bin/env bash
# Lighthouse (accessibility, best practices, SEO) on the search, paper, matter, body and
# person pages of a served index; prints each page's scores and any failed audit.
#
# usage: scripts/lighthouse.sh INDEX CORPUS [PAPER_ID] [MATTER_ID] [BODY] [PERSON] [QUERY]
#
# Needs node (20+), npm and chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse
# 12.2.3 is installed once into target/lighthouse (13 wants Node 22). Uses the debug
# binary (target/debug/council): build it first.
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:?index folder}
corpus=${2:?corpus folder}
paper=${3:-}
matter=${4:-decision-21-00086}
body=${5:-Cabinet}
person=${6:-Peter Oakford}
query=${7:-treasury management strategy}
lh=target/lighthouse
if [ ! -x "$lh/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$lh"
  (cd "$lh" && npm i -E lighthouse@12.2.3 --no-audit --no-fund >/dev/null)
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
target/debug/council serve --index "$index" --corpus "$corpus" --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
if [ -z "$paper" ]; then
  paper=$(curl -s "http://127.0.0.1:$port/api/search?q=$(enc "$query")&limit=1" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["hits"][0]["document_id"])')
fi
for path in "/?q=$(enc "$query")" "/documents/$(enc "$paper")" "/matters/$(enc "$matter")" \
  "/bodies/$(enc "$body")" "/people/$(enc "$person")"; do
  "$lh/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$path" \
    --only-categories=accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" --output=json \
    --output-path="$work/report.json" --quiet
  python3 - "$path" "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
scores = {k: v["score"] for k, v in report["categories"].items()}
print(sys.argv[1], scores)
for name, category in report["categories"].items():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            print("  failed:", name, ref["id"], audit["title"])
PY
done
