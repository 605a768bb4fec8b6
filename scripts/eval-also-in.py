#!/usr/bin/env python3
"""A search command for ../shared/tools/eval_search.py that lists each hit's `also_in`
places (the same paragraph, stored in another paper: an agenda pack and its original file)
as hits of their own, right after it. Not what the page or the API shows (one paragraph is
one hit there): a measurement of what the gold's separate grading of copies costs "one
paragraph, one hit".

usage: python3 ../shared/tools/eval_search.py --queries Q.json --corpus ../shared/corpus \
           --no-ingest --index INDEX \
           --search-cmd "python3 scripts/eval-also-in.py target/release/council {query} {index} {k}"
"""
import json
import subprocess
import sys


def main():
    binary, query, index, k = sys.argv[1:5]
    p = subprocess.run([binary, "search", query, "--index", index, "--format", "json", "--limit", k],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        return p.returncode
    out = []
    for hit in json.loads(p.stdout)["hits"]:
        out.append(hit)
        out.extend({"source": a["source"], "text": hit["text"]} for a in hit.get("also_in", []))
    print(json.dumps({"hits": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
