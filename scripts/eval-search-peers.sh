#!/usr/bin/env bash
# Relevance of `council search` beside the two afternoon peers of
# ../shared/tools/baseline_bm25.py (whole-document BM25 and paragraph BM25), in one run, on
# the dev queries (../shared/eval/dev/queries.json) and both halves of tests/queries
# (tune.json: weights may be chosen on it; frozen.json: reported only).
#
# Each system ingests ../shared/corpus once into a temporary folder; every query file is then
# scored by ../shared/tools/eval_search.py against that index (-v output kept in $OUT). Prints,
# per query file, a per-query nDCG@10 table (council, doc BM25, paragraph BM25, and whether a
# judged quote is in the top 3 of each: "a" = answer@3) and the scorer's summary lines.
#
# Usage: scripts/eval-search-peers.sh [QUERIES.json ...]
#   SHARED=../shared   COUNCIL_BIN=target/release/council   OUT=<temp dir>
# Needs: python3 with `pip install tantivy`, pdftotext (poppler-utils), a release build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
CORPUS=$SHARED/corpus
TOOLS=$SHARED/tools
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}
OUT=${OUT:-$(mktemp -d -t eval-peers-XXXXXX)}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 1; }
[ -x "$BIN" ] || { echo "no council binary at $BIN (cargo build --release)" >&2; exit 1; }
python3 -c 'import tantivy' 2>/dev/null || { echo "python3 tantivy missing (pip install tantivy)" >&2; exit 1; }
if [ $# -eq 0 ]; then
  set -- "$SHARED/eval/dev/queries.json" "$ROOT/tests/queries/tune.json" "$ROOT/tests/queries/frozen.json"
fi

mkdir -p "$OUT"
echo "indexes and scorer output in $OUT"
"$BIN" ingest "$CORPUS" --index "$OUT/idx-council" >/dev/null
python3 "$TOOLS/baseline_bm25.py" ingest "$CORPUS" --index "$OUT/idx-doc" >/dev/null
python3 "$TOOLS/baseline_bm25.py" ingest "$CORPUS" --index "$OUT/idx-para" --unit paragraph >/dev/null

score() { # name search-command queries
  local base; base="$OUT/$1-$(basename "$3" .json)"
  python3 "$TOOLS/eval_search.py" --queries "$3" --corpus "$CORPUS" --no-ingest --index "$OUT/idx-$1" \
    --search-cmd "$2" -v >"$base.txt"
  # The first three hits' texts per query, for answer@3 per query in the table.
  python3 - "$3" "$2" "$OUT/idx-$1" "$TOOLS" >"$base.hits.jsonl" <<'PY'
import json, subprocess, sys
sys.path.insert(0, sys.argv[4])
from eval_search import fill
for q in json.load(open(sys.argv[1])):
    p = subprocess.run(fill(sys.argv[2], query=q["query"], index=sys.argv[3], k=10), capture_output=True, text=True)
    try:
        hits = json.loads(p.stdout)["hits"][:3]
    except (ValueError, KeyError, TypeError):
        hits = []
    print(json.dumps({"id": q["id"], "texts": [h.get("text") or "" for h in hits]}))
PY
}
for q in "$@"; do
  score council "$BIN search {query} --index {index} --format json --limit {k}" "$q"
  score doc "python3 $TOOLS/baseline_bm25.py search {query} --index {index} --format json --limit {k}" "$q"
  score para "python3 $TOOLS/baseline_bm25.py search {query} --index {index} --format json --limit {k}" "$q"
  python3 "$ROOT/scripts/eval_peers_table.py" "$q" "$OUT" "$(basename "$q" .json)" "$TOOLS"
done
