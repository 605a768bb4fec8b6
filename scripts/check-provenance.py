#!/usr/bin/env python3
"""Measures, from outside, what a reader sees in the top 10 hits (issue 20).

usage: python3 scripts/check-provenance.py [--corpus ../shared/corpus] [--index DIR]
           [--queries ../shared/eval/dev/queries.json] [--council-bin council]

Ingests CORPUS into INDEX with the `council` binary (unless INDEX exists), runs the dev
queries plus the questions below with `council search --format json --limit 10`, and
counts over the hits:
- papers whose council is known (by the corpus folder they were published in, read by a
  person: see TRUTH) that show it, and that show another;
- papers of a meeting folder (Kent) whose meeting date is right: the date the paper's first
  page states ("held on ...", "Minutes of the meeting held on ...") read with pdftotext, else
  the meeting folder's date;
- paragraphs shown twice in one top 10; snippets marking a stopword on its own;
- citations naming the paper's council and a date;
- the lower-case council filter against the exact one; Kent's person facet.
"""
import argparse
import json
import os
import re
import subprocess
import sys

QUESTIONS = [
    "treasury management strategy", "minimum revenue provision", "capital programme",
    "home to school transport", "family hubs call-in", "devolution white paper",
    "reserves policy", "budget risk register", "fly-tipping", "community wardens",
    "adult social care budget", "integrated care strategy", "minerals and waste local plan",
    "pay policy statement", "armed forces covenant", "school places commissioning plan",
    "highway asset maintenance", "council tax reduction scheme", "planning application decision",
    "apologies for absence",
]
# The council that published the papers of each corpus folder, as read in the papers.
TRUTH = {
    "raw/kent-cc/": "Kent County Council",
    "raw/trafford-planning-text/": "Trafford Council",
    "raw/openlylocal-merton/": "Merton Council",
}
# Not UK councils' papers: no council may be shown.
NO_COUNCIL = ["raw/limerick-ie/", "raw/citybureau-chicago/", "raw/london-on-opencouncil/",
              "raw/ukparl-written-questions/"]
STOP = set("a an and are as at be been but by for from had has have he her his i if in into is it its not of on or our she so that the their them then there these they this those to was we were which who will with would you".split())
MONTHS = "January February March April May June July August September October November December".split()
HELD = re.compile(r"held on\s+(?:\w+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(%s),?\s+(\d{4})" % "|".join(MONTHS), re.I)


def run(args):
    return subprocess.run(args, capture_output=True, text=True)


def search(bin_, index, query, **filters):
    args = [bin_, "search", query, "--index", index, "--format", "json", "--limit", "10"]
    for k, v in filters.items():
        args += ["--" + k, v]
    p = run(args)
    if p.returncode != 0:
        sys.exit(f"search failed: {p.stderr}")
    return json.loads(p.stdout)


def norm(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def first_page_date(path):
    p = run(["pdftotext", "-l", "2", path, "-"]) if path.endswith(".pdf") else None
    text = p.stdout if p and p.returncode == 0 else ""
    m = HELD.search(text)
    if m:
        return "%s-%02d-%02d" % (m[3], MONTHS.index(m[2].capitalize()) + 1, int(m[1]))
    folder = re.search(r"/(\d{4}-\d{2}-\d{2})/", path)
    return folder[1] if folder else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--index", default="/tmp/check-provenance-index")
    ap.add_argument("--queries", default="../shared/eval/dev/queries.json")
    ap.add_argument("--council-bin", default="council")
    a = ap.parse_args()
    if not os.path.isdir(a.index):
        p = run([a.council_bin, "ingest", a.corpus, "--index", a.index])
        print(p.stdout.strip())
    queries = [q["query"] for q in json.load(open(a.queries))] + QUESTIONS
    papers = {}
    twice = stop_marked = hits_n = cite_council = cite_date = 0
    for q in queries:
        r = search(a.council_bin, a.index, q)
        seen = set()
        for h in r["hits"]:
            hits_n += 1
            key = norm(h["text"])
            if key and key in seen:
                twice += 1
            seen.add(key)
            for m in re.findall(r"<mark>(.*?)</mark>", h["snippet"]):
                if m.lower() in STOP:
                    stop_marked += 1
            c = h.get("citation", "")
            if h.get("council") and h["council"] in c:
                cite_council += 1
            if re.search(r"\d{1,2} (%s) \d{4}" % "|".join(MONTHS), c):
                cite_date += 1
            papers[(h["source"], h["document_id"])] = h
    known = right = wrong = none_wrong = 0
    dated = date_right = 0
    for (source, _), h in papers.items():
        truth = next((c for p, c in TRUTH.items() if source.startswith(p)), None)
        if truth:
            known += 1
            shown = h.get("council")
            right += shown == truth
            wrong += shown is not None and shown != truth
            if source.startswith("raw/kent-cc/"):
                d = first_page_date(os.path.join(a.corpus, source))
                if d:
                    dated += 1
                    date_right += (h.get("meeting") or {}).get("date") == d
        elif any(source.startswith(p) for p in NO_COUNCIL):
            none_wrong += h.get("council") is not None
    pct = lambda n, d: f"{n}/{d} = {100 * n / d:.0f} %" if d else "n/a"
    print(f"questions {len(queries)}, hits {hits_n}, papers {len(papers)}")
    print(f"council right   {pct(right, known)}; wrong {pct(wrong, known)}; "
          f"a council on non-UK/non-council papers: {none_wrong}")
    print(f"meeting date    {pct(date_right, dated)}")
    print(f"paragraphs twice in a top 10: {twice}; stopwords marked alone: {stop_marked}")
    print(f"citations with the council {pct(cite_council, hits_n)}; with a date {pct(cite_date, hits_n)}")
    exact = search(a.council_bin, a.index, "budget", council="Kent County Council")["total"]
    lower = search(a.council_bin, a.index, "budget", council="kent county council")["total"]
    print(f"council filter: exact {exact}, lower case {lower}")
    people = search(a.council_bin, a.index, "", council="Kent County Council")["facets"]["person"]
    names = [p["value"] for p in people]
    roles = [n for n in names if re.search(r"\b(Chief Executive|Leader|Chair(man)?|Director|Officer)\b", n)]
    surnames = {}
    for n in names:
        surnames.setdefault(n.split()[-1], []).append(n)
    twice_named = {s: v for s, v in surnames.items() if len(v) > 1}
    print(f"Kent person facet: {len(names)} shown; roles as people {roles}; surnames under several forms {twice_named}")


if __name__ == "__main__":
    main()
