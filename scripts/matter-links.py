#!/usr/bin/env python3
"""Every matter link of an index, for hand-checking, and the share of papers in a matter.

Usage: scripts/matter-links.py INDEX_DIR [CHECKED.tsv]

Prints one line per link (a paper in a matter of two papers or more): source folder,
reference, paper kind and title, why it is linked (the reason council gives) and the words
around the reference in the cited paragraph, its id and file, and an empty last column for how
it was checked. With CHECKED.tsv (the same lines with a first column `ok` or `wrong` and the
last saying how, as in tests/matters/links-checked.tsv) it prints the precision of the checked
links that the index still makes, per source and pooled, and lists checked links it no longer
makes. Runs $COUNCIL, else the newest target/*/council, else\n`council` on PATH.
"""
import collections
import json
import os
import subprocess
import sys


def council():
    """$COUNCIL, else the newest build here, else `council` on PATH."""
    if os.environ.get("COUNCIL"):
        return os.environ["COUNCIL"]
    built = [p for p in ("target/release/council", "target/debug/council") if os.path.exists(p)]
    return max(built, key=os.path.getmtime) if built else "council"


def links(index):
    out = subprocess.run([council(), "matters", "--index", index, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        matter = json.loads(line)
        ref = matter["reference"]["reference"]
        for step in matter["steps"]:
            text = step["excerpt"].replace("\n", " ").replace("\t", " ")
            at = text.find(ref)
            context = text[max(0, at - 80):at + 80] if at >= 0 else text[:160]
            rows.append([step["source"].split("/")[1] if "/" in step["source"] else step["source"],
                         ref, step["kind"], step["title"][:60].replace("\t", " "),
                         step["reason_text"].replace("\t", " "), context, step["document_id"],
                         step["source"]])
    return rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rows = links(sys.argv[1])
    papers = {r[6] for r in rows}
    by_source = collections.Counter(r[0] for r in rows)
    if len(sys.argv) > 2:
        # A checked link counts only while the index still makes it (same reference, same
        # paper); the others are listed, so a sample cannot go stale unnoticed.
        made = {(r[1], r[6]) for r in rows}
        verdicts = collections.defaultdict(lambda: [0, 0])
        gone = []
        for line in open(sys.argv[2], encoding="utf-8"):
            if line.startswith("verdict\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            if (parts[2], parts[7]) not in made:
                gone.append(parts)
                continue
            verdicts[parts[1]][0] += parts[0] == "ok"
            verdicts[parts[1]][1] += 1
        ok = sum(v[0] for v in verdicts.values())
        n = sum(v[1] for v in verdicts.values())
        for source, (good, count) in sorted(verdicts.items()):
            print(f"{source}: {good}/{count} links correct")
        print(f"precision {ok}/{n} = {ok / max(n, 1):.3f} over {len(verdicts)} sources")
        for parts in gone:
            print(f"checked but no longer made: {parts[2]} {parts[7]} ({parts[4][:50]})")
    else:
        print("verdict\t" + "\t".join(["source", "reference", "kind", "title", "reason", "context",
                                       "document_id", "path", "check"]))
        for r in rows:
            print("?\t" + "\t".join(r) + "\t")
    print(f"{len(rows)} links in {len(by_source)} sources ({dict(by_source)}); "
          f"{len(papers)} papers belong to a matter of two papers or more", file=sys.stderr)


if __name__ == "__main__":
    main()
