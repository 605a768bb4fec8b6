#!/usr/bin/env python3
"""Per-query table of one query file scored for council and both BM25 peers.

usage: eval_peers_table.py QUERIES.json OUT_DIR NAME TOOLS_DIR

Reads OUT_DIR/{council,doc,para}-NAME.txt (the `eval_search.py -v` output of each system) for
nDCG@10 per query and the scorer's summary lines. eval_search.py prints answer@3 only as a
mean, so answer@3 per query (a judged quote in the text of one of the first three hits) is
recomputed here with the scorer's own `norm`, from OUT_DIR/{system}-NAME.hits.jsonl (the first
three hits per query, written by eval-search-peers.sh). Marks with `<` a query where paragraph
BM25 has a better nDCG@10 than council and with `!` one where it has the answer in its top 3
and council does not.
"""
import json
import re
import sys

queries = json.load(open(sys.argv[1]))
out, name = sys.argv[2], sys.argv[3]
sys.path.insert(0, sys.argv[4])
from eval_search import norm  # noqa: E402

systems = ["council", "doc", "para"]
ndcg, answer, summaries = {}, {}, {}
for s in systems:
    text = open(f"{out}/{s}-{name}.txt").read()
    for m in re.finditer(r"^\s*(\S+)\s+nDCG (\d\.\d\d)\s+RR", text, re.M):
        ndcg.setdefault(m.group(1), {})[s] = float(m.group(2))
    summaries[s] = [line for line in text.splitlines()
                    if re.match(r"(nDCG|MRR|Recall|answer@3|search score)", line)]
    for line in open(f"{out}/{s}-{name}.hits.jsonl"):
        row = json.loads(line)
        answer.setdefault(row["id"], {})[s] = row["texts"]
print(f"\n== {name} ({len(queries)} queries): nDCG@10 per query, a = judged quote in the top 3")
print(f"{'id':>6} {'council':>9} {'docBM25':>9} {'paraBM25':>9}  query")
for q in queries:
    quotes = [norm(j["quote"]) for j in q["relevant"] if j.get("quote")]
    cells, got = [], {}
    for s in systems:
        texts = answer.get(q["id"], {}).get(s, [])
        got[s] = bool(quotes) and any(qt in norm(t) for t in texts for qt in quotes)
        mark = ("a" if got[s] else "-") if quotes else " "
        cells.append(f"{ndcg.get(q['id'], {}).get(s, float('nan')):7.2f} {mark}")
    flag = " <" if ndcg.get(q["id"], {}).get("council", 0) < ndcg.get(q["id"], {}).get("para", 0) else ""
    flag += " !" if got["para"] and not got["council"] else ""
    print(f"{q['id']:>6} " + " ".join(cells) + f"  {q['query']}{flag}")
for s in systems:
    print(f"-- {s}: " + " | ".join(summaries[s]))
