#!/usr/bin/env bash
# Ablation of the ranking: each tunable weight or factor of `council search` set to its
# neutral value (a boost to 0, a factor to 1, the length curve flat) through COUNCIL_TUNE,
# one at a time, scored on the dev queries and both halves of tests/queries (tune.json: the
# half weights may be chosen on; frozen.json: reported only), beside the defaults, on one
# index. A weight earns its place when switching it off costs the queries it was not tuned
# on (frozen) as well as the ones it was (tune); the table shows both for every knob.
#
# Usage: scripts/ablate.sh [KNOB=VALUE ...]     (no arguments: every knob of the table below)
#   SHARED=../shared   COUNCIL_BIN=target/release/council   INDEX=<an index of ../shared/corpus
#   made by that binary; made in a temporary folder when unset>
# Prints one row per setting: nDCG@10 and answer@3 of dev, tune and frozen, and the change of
# each nDCG from the defaults. Needs python3 and a release build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BIN=${COUNCIL_BIN:-$ROOT/target/release/council}
[ -x "$BIN" ] || { echo "no council binary at $BIN (cargo build --release)" >&2; exit 1; }
if [ -z "${INDEX:-}" ]; then
  INDEX=$(mktemp -d -t ablate-XXXXXX)/idx
  "$BIN" ingest "$SHARED/corpus" --index "$INDEX" >/dev/null
fi
if [ $# -eq 0 ]; then
  # Field weights (0 = the field not searched), bonuses (0 = none), factors (1 = none), the
  # length curve flat (len_power=0), the within-paper choices off.
  set -- title=0 heading=0 path=0 entities=0 bodies=0 file=0 synonym=0 intent_term=0 \
    cover_all=0 proximity_pair=0 entity_phrase=0 number=0 candidate_doc=0 len_power=0 \
    intent=1 record=1 date=1 record_within=0 record_near=0 title_term=0 follow_gap=0 minutes=1
fi

score() { # COUNCIL_TUNE value, queries file -> "nDCG answer"
  COUNCIL_TUNE="$1" python3 "$SHARED/tools/eval_search.py" --queries "$2" --corpus "$SHARED/corpus" \
    --no-ingest --index "$INDEX" \
    --search-cmd "$BIN search {query} --index {index} --format json --limit {k}" |
    awk '/^nDCG@10/ {n=$2} /^answer@3/ {a=$2} END {printf "%s %s", n, a}'
}

SETS=("$SHARED/eval/dev/queries.json" "$ROOT/tests/queries/tune.json" "$ROOT/tests/queries/frozen.json")
row() { # label, COUNCIL_TUNE value
  local out=() s
  for s in "${SETS[@]}"; do out+=($(score "$2" "$s")); done
  echo "${out[@]}"
}

read -r D DA T TA F FA <<<"$(row defaults "")"
printf '%-18s %-13s %-13s %-13s %s\n' setting "dev nDCG/a@3" "tune" "frozen" "change dev / tune / frozen"
printf '%-18s %s/%s   %s/%s   %s/%s\n' defaults "$D" "$DA" "$T" "$TA" "$F" "$FA"
for knob in "$@"; do
  read -r d da t ta f fa <<<"$(row "$knob" "$knob")"
  printf '%-18s %s/%s   %s/%s   %s/%s   %+.3f / %+.3f / %+.3f\n' "$knob" "$d" "$da" "$t" "$ta" "$f" "$fa" \
    "$(echo "$d - $D" | bc -l)" "$(echo "$t - $T" | bc -l)" "$(echo "$f - $F" | bc -l)"
done
