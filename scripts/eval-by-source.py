#!/usr/bin/env python3
"""Score `council parse` on the hand-made gold of tests/gold, once per source and pooled.

Builds nothing: it runs the shared scorer (`eval_parse.py`, see ../shared/eval/FORMAT.md)
over each folder tests/gold/<source>/ in turn, then over all of them together, and prints
one summary line per source and one pooled line. A source's line is the
"leave-one-source-out" score only while that source's gold was not used to develop the
parsing rules (tests/gold/README.md says which sources have been).

usage: scripts/eval-by-source.py [--tools DIR] [--corpus DIR] [--gold DIR]
                                 [--cmd 'council parse {file} --format json'] [-v]

--tools defaults to $COUNCIL_EVAL_TOOLS or ../shared/tools (beside the repository),
--corpus to $COUNCIL_CORPUS or ../shared/corpus. `council` must be on PATH unless --cmd
names it (e.g. PATH=target/release:$PATH). -v prints the scorer's full output per source.
Needs Python 3 (standard library only).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The scorer's per-field rows worth a column, in its own names.
FIELDS = ["kind", "title", "council", "meetings", "sections", "questions", "decisions",
          "decision_fields", "entities", "roles", "ent_person", "ent_body", "ent_organisation",
          "ent_council", "ent_date"]


def score(tools, gold_dir, corpus, cmd, verbose):
    """Run the scorer on one folder of gold files; return (fields, parse score, raw output)."""
    args = [sys.executable, os.path.join(tools, "eval_parse.py"), "--gold", gold_dir,
            "--corpus", corpus, "--cmd", cmd]
    if verbose:
        args.append("-v")
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"eval_parse.py failed on {gold_dir}: {p.stderr.strip()[-500:]}")
    fields = {}
    total = None
    for line in p.stdout.splitlines():
        m = re.match(r"^(\w+)\s+(.*)$", line)
        if line.startswith("parse score:"):
            total = float(line.split(":")[1])
        elif m and m.group(1) in FIELDS + ["files"]:
            fields[m.group(1)] = m.group(2).strip()
    return fields, total, p.stdout


def short(value):
    """`3/4 = 0.75` -> `0.75`, `P 0.50 R 0.40 F1 0.44` -> `0.44`, `n/a` stays."""
    m = re.search(r"(?:F1|=)\s*([0-9.]+)$", value or "")
    return m.group(1) if m else "n/a"


def weakest(fields, n=3):
    """The n lowest-scoring fields (entity kinds included), as `name 0.12`."""
    scored = [(float(short(v)), k) for k, v in fields.items() if k in FIELDS and short(v) != "n/a"]
    return ", ".join(f"{k} {s:.2f}" for s, k in sorted(scored)[:n])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tools", default=os.environ.get("COUNCIL_EVAL_TOOLS",
                                                      os.path.join(ROOT, "..", "shared", "tools")))
    ap.add_argument("--corpus", default=os.environ.get("COUNCIL_CORPUS",
                                                       os.path.join(ROOT, "..", "shared", "corpus")))
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "gold"))
    ap.add_argument("--cmd", default="council parse {file} --format json")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.tools, "eval_parse.py")):
        raise SystemExit(f"no eval_parse.py in {a.tools} (set --tools or COUNCIL_EVAL_TOOLS)")
    if not os.path.isdir(a.corpus):
        raise SystemExit(f"no corpus at {a.corpus} (set --corpus or COUNCIL_CORPUS)")
    check = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "check-gold.py"),
                            "--gold", a.gold, "--corpus", a.corpus], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"the gold does not have the scorer's shape:\n{check.stdout}")
    sources = sorted(d for d in os.listdir(a.gold)
                     if os.path.isdir(os.path.join(a.gold, d))
                     and any(f.endswith(".json") for f in os.listdir(os.path.join(a.gold, d))))
    cols = ["kind", "title", "council", "meetings", "sections", "questions", "decisions", "entities", "roles"]
    head = f"{'source':26} {'files':>5} {'score':>6}  " + " ".join(f"{c[:9]:>9}" for c in cols)
    print(head)
    with tempfile.TemporaryDirectory() as pooled:
        for src in sources:
            folder = os.path.join(a.gold, src)
            files = sorted(f for f in os.listdir(folder) if f.endswith(".json"))
            for f in files:
                os.symlink(os.path.join(folder, f), os.path.join(pooled, f"{src}__{f}"))
            fields, total, out = score(a.tools, folder, a.corpus, a.cmd, a.verbose)
            if a.verbose:
                print(out)
            print(f"{src:26} {len(files):>5} {total:>6.3f}  "
                  + " ".join(f"{short(fields.get(c)):>9}" for c in cols)
                  + f"   weakest: {weakest(fields)}")
        fields, total, out = score(a.tools, pooled, a.corpus, a.cmd, False)
        n = len(os.listdir(pooled))
        print(f"{'POOLED':26} {n:>5} {total:>6.3f}  "
              + " ".join(f"{short(fields.get(c)):>9}" for c in cols)
              + f"   weakest: {weakest(fields)}")
        print()
        print("pooled scorer summary:")
        print("\n".join(l for l in out.splitlines()
                        if re.match(r"^\w+\s+(\d+/\d+ =|P \d|n/a)|^parse score:|^files failed", l)))


if __name__ == "__main__":
    main()
