#!/usr/bin/env python3
"""Check that every gold file under tests/gold has the shape the shared scorer reads.

A fast check, no build: each tests/gold/<source>/*.json must be
`{"file": ..., "documents": [...]}` with the fields of ../shared/eval/FORMAT.md in the
forms `eval_parse.py` matches (kinds and outcomes from their closed sets, ISO dates,
sections with a number or a heading, questions with a number, decisions with a text),
and name a file that exists under the corpus (skipped with a message when the corpus
is absent). Exits 1 listing every problem found.

usage: scripts/check-gold.py [--gold DIR] [--corpus DIR]   (corpus: $COUNCIL_CORPUS or ../shared/corpus)
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = {"committee_report", "written_question", "minutes", "agenda", "issue_history", "decision_notice", "other"}
DECISION_KINDS = {"recommendation", "resolution", "amendment"}
OUTCOMES = {"carried", "lost", "agreed", "noted", "withdrawn"}
ENTITY_KINDS = {"person", "role", "body", "organisation", "council", "date", "email", "phone"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_doc(d, where, errs):
    """Append to errs every way gold document d departs from the scorer's expectations."""
    def err(msg):
        errs.append(f"{where}: {msg}")

    if d.get("kind") not in KINDS:
        err(f"kind {d.get('kind')!r} not one of {sorted(KINDS)}")
    if not (isinstance(d.get("title"), list) and d["title"] and all(isinstance(t, str) and t for t in d["title"])):
        err("title must be a non-empty list of alternative titles")
    if "council" not in d or not (d["council"] is None or isinstance(d["council"], str)):
        err("council must be present, a name or null")
    for m in d.get("meetings", []):
        if not (isinstance(m.get("body"), str) and m["body"] and ISO.match(str(m.get("date")))):
            err(f"meeting {m} needs a body and a YYYY-MM-DD date")
    for s in d.get("sections", []):
        if not (s.get("number") or s.get("heading")):
            err(f"section {s} has neither number nor heading")
    for q in d.get("questions", []):
        if not (isinstance(q.get("number"), str) and q.get("question")):
            err(f"question {q} needs a number (string) and a question")
    for dec in d.get("decisions", []):
        if dec.get("kind") not in DECISION_KINDS or not dec.get("text"):
            err(f"decision {dec.get('text', '')[:40]!r} needs a kind of {sorted(DECISION_KINDS)} and a text")
        if dec.get("outcome") is not None and dec["outcome"] not in OUTCOMES:
            err(f"decision outcome {dec['outcome']!r} not one of {sorted(OUTCOMES)}")
        if dec.get("proposer") and not dec.get("seconder"):
            err(f"decision {dec['text'][:40]!r}: the scorer checks the seconder whenever a proposer is given")
        for k, v in (dec.get("votes") or {}).items():
            if k not in ("for", "against", "abstain") or not isinstance(v, (int, list)):
                err(f"votes {k}: {v!r} must be for/against/abstain with a count or a list of names")
    ents = d.get("entities", {})
    if not isinstance(ents, dict):
        err("entities must be an object of kind -> list")
        ents = {}
    for kind, vals in ents.items():
        if kind not in ENTITY_KINDS:
            err(f"entity kind {kind!r} not one of {sorted(ENTITY_KINDS)} (partial goes beside entities)")
            continue
        for v in vals:
            value = v.get("value") if isinstance(v, dict) else v
            if not isinstance(value, str) or not value:
                err(f"{kind} entity {v!r} has no value")
            elif kind == "date" and not ISO.match(value):
                err(f"date entity {value!r} is not YYYY-MM-DD")
            elif kind == "email" and value != value.lower():
                err(f"email {value!r} must be lower-case")
            elif kind == "phone" and not value.isdigit():
                err(f"phone {value!r} must be digits only")
    for kind in d.get("partial", []):
        if kind not in ENTITY_KINDS:
            err(f"partial names {kind!r}, not an entity kind")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=os.path.join(ROOT, "tests", "gold"))
    ap.add_argument("--corpus", default=os.environ.get("COUNCIL_CORPUS",
                                                       os.path.join(ROOT, "..", "shared", "corpus")))
    a = ap.parse_args()
    have_corpus = os.path.isdir(a.corpus)
    if not have_corpus:
        print(f"note: no corpus at {a.corpus}; not checking that gold files name existing papers")
    errs = []
    n_files = n_docs = 0
    sources = set()
    for src in sorted(os.listdir(a.gold)):
        folder = os.path.join(a.gold, src)
        if not os.path.isdir(folder):
            continue
        for name in sorted(f for f in os.listdir(folder) if f.endswith(".json")):
            path = os.path.join(folder, name)
            where = os.path.relpath(path, ROOT)
            n_files += 1
            sources.add(src)
            try:
                gold = json.load(open(path, encoding="utf-8"))
            except (OSError, ValueError) as e:
                errs.append(f"{where}: not JSON: {e}")
                continue
            if not (isinstance(gold, dict) and isinstance(gold.get("file"), str)
                    and isinstance(gold.get("documents"), list) and gold["documents"]):
                errs.append(f"{where}: must be {{\"file\": ..., \"documents\": [...]}}")
                continue
            if not gold["file"].startswith(f"raw/{src}/"):
                errs.append(f"{where}: file {gold['file']!r} is not under raw/{src}/")
            if have_corpus and not os.path.isfile(os.path.join(a.corpus, gold["file"])):
                errs.append(f"{where}: {gold['file']!r} does not exist under {a.corpus}")
            for i, d in enumerate(gold["documents"]):
                n_docs += 1
                check_doc(d, f"{where} [{i}]", errs)
    for e in errs:
        print(e)
    print(f"{n_files} gold files, {n_docs} documents, {len(sources)} sources: "
          + ("ok" if not errs else f"{len(errs)} problems"))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
