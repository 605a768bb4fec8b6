#!/usr/bin/env python3
"""Measures, from outside, what a reader sees in the top 10 hits (issue 20).

usage: python3 scripts/check-provenance.py [--corpus ../shared/corpus] [--index DIR]
           [--queries ../shared/eval/dev/queries.json] [--council-bin council] [--misses]

Ingests CORPUS into INDEX with the `council` binary (unless INDEX exists), runs the dev
queries plus the questions below with `council search --format json --limit 10`, and
counts over the hits:
- papers whose council is known (by the corpus folder they were published in, read by a
  person: see TRUTH; a file the corpus manifest gives another publisher, such as the two
  London Assembly pages in OpenlyLocal's Merton folder, is not Merton's and must show no
  council) that show it, and that show another;
- papers of a meeting folder (Kent) whose meeting date is right: for minutes, the date
  their head states for the meeting they record ("MINUTES of a meeting … held … on ...")
  read with pdftotext; for other papers, and minutes whose head states none, the meeting
  folder's date;
- paragraphs shown twice in one top 10; snippets marking a stopword on its own;
- citations naming the paper's council and a date: over every hit, and over the hits of
  papers whose council is known (TRUTH), where the citation must name that council (the
  issue's bar: papers that name no council, such as Parliament's written questions, stay
  without one and are not in that denominator); `--misses` lists the hits whose citation
  names no council, by folder;
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
    # Minutes and agendas of the council, its municipal districts and committees.
    "raw/limerick-ie/": "Limerick City and County Council",
}
# Papers of no council (Parliament, Chicago's commissions) and London, Ontario's papers,
# which name no council of their own: no council may be shown.
NO_COUNCIL = ["raw/citybureau-chicago/", "raw/london-on-opencouncil/",
              "raw/ukparl-written-questions/"]


def manifest_publishers(corpus):
    """The publisher the corpus manifest (../corpus-manifest.tsv, read by a person) gives
    each file of `raw/`, by source path; {} when there is no manifest."""
    path = os.path.join(os.path.dirname(os.path.abspath(corpus)), "corpus-manifest.tsv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return {"raw/" + r[0]: r[4] for r in rows if len(r) > 4}


def truth_of(source, publishers):
    """The council that published `source` (TRUTH by folder), unless the manifest gives the
    file another publisher: the two London Assembly (GLA) pages OpenlyLocal kept beside
    Merton's agenda pack are no paper of Merton's, and the GLA is no council. A manifest
    entry agrees when it names the council's place ("London Borough of Merton")."""
    truth = next((t for p, t in TRUTH.items() if source.startswith(p)), None)
    publisher = publishers.get(source)
    if truth and publisher and truth.split()[0].lower() not in publisher.lower():
        return None
    return truth
STOP = set("a an and are as at be been but by for from had has have he her his i if in into is it its not of on or our she so that the their them then there these they this those to was we were which who will with would you".split())
MONTHS = "January February March April May June July August September October November December".split()
# "held on 9 January 2025", "held in the Council Chamber, …, Maidstone on Thursday, 30 January 2025".
HELD = re.compile(r"held\s+(?:[^.;]{0,120}?\s)?on\s+(?:\w+day,?\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(%s),?\s+(\d{4})" % "|".join(MONTHS), re.I)


DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(%s),?\s+(\d{4})" % "|".join(MONTHS), re.I)


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
    text = " ".join((p.stdout if p and p.returncode == 0 else "").split())
    # Minutes are dated by the meeting they record, as their head states it ("MINUTES of a
    # meeting of the Cabinet held … on 30 January 2025", "CORPORATE PARENTING PANEL – 10th
    # December 2024 MINUTES of the meeting held in …"); other papers by their meeting folder.
    if re.search(r"\bminutes\b", text[:300], re.I):
        m = HELD.search(text[:600]) or DAY.search(text[:200])
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
    ap.add_argument("--misses", action="store_true",
                    help="list the hits whose citation names no council, by folder")
    a = ap.parse_args()
    if not os.path.isdir(a.index):
        p = run([a.council_bin, "ingest", a.corpus, "--index", a.index])
        print(p.stdout.strip())
    queries = [q["query"] for q in json.load(open(a.queries))] + QUESTIONS
    publishers = manifest_publishers(a.corpus)
    papers = {}
    twice = stop_marked = hits_n = cite_council = cite_date = 0
    known_hits = known_cited = 0
    misses = {}
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
            else:
                folder = "/".join(h["source"].split("/")[:2])
                misses.setdefault(folder, set()).add(h["source"])
            truth = truth_of(h["source"], publishers)
            if truth:
                known_hits += 1
                known_cited += truth in c
            if re.search(r"\d{1,2} (%s) \d{4}" % "|".join(MONTHS), c):
                cite_date += 1
            papers[(h["source"], h["document_id"])] = h
    known = right = wrong = none_wrong = 0
    dated = date_right = 0
    council_misses = []
    for (source, _), h in papers.items():
        truth = truth_of(source, publishers)
        if truth:
            known += 1
            shown = h.get("council")
            right += shown == truth
            wrong += shown is not None and shown != truth
            if shown != truth and a.misses:
                council_misses.append(f"{source} #{h['document_id']}: {shown!r}")
            if source.startswith("raw/kent-cc/"):
                d = first_page_date(os.path.join(a.corpus, source))
                if d:
                    dated += 1
                    date_right += (h.get("meeting") or {}).get("date") == d
        elif any(source.startswith(p) for p in NO_COUNCIL + list(TRUTH)):
            # Parliament, Chicago, Ontario, and the files the manifest gives no council.
            none_wrong += h.get("council") is not None
    pct = lambda n, d: f"{n}/{d} = {100 * n / d:.0f} %" if d else "n/a"
    print(f"questions {len(queries)}, hits {hits_n}, papers {len(papers)}")
    for m in council_misses:
        print(f"  council not shown: {m}")
    print(f"council right   {pct(right, known)}; wrong {pct(wrong, known)}; "
          f"a council on non-UK/non-council papers: {none_wrong}")
    print(f"meeting date    {pct(date_right, dated)}")
    print(f"paragraphs twice in a top 10: {twice}; stopwords marked alone: {stop_marked}")
    print(f"citations with the council {pct(cite_council, hits_n)}; with a date {pct(cite_date, hits_n)}")
    print(f"citations naming the council, of papers whose council is known: {pct(known_cited, known_hits)}")
    if a.misses:
        for folder, sources in sorted(misses.items(), key=lambda x: -len(x[1])):
            print(f"  no council in the citation: {folder}: {len(sources)} papers")
            for s in sorted(sources):
                print(f"      {s}")
    exact = search(a.council_bin, a.index, "budget", council="Kent County Council")["total"]
    lower = search(a.council_bin, a.index, "budget", council="kent county council")["total"]
    print(f"council filter: exact {exact}, lower case {lower}")
    people = search(a.council_bin, a.index, "", council="Kent County Council")["facets"]["person"]
    names = [p["value"] for p in people]
    roles = [n for n in names if re.search(r"\b(Chief Executive|Leader|Chair(man)?|Director|Officer|Seconder|Proposer|Mover)\b", n)]
    surnames = {}
    for n in names:
        surnames.setdefault(n.split()[-1], []).append(n)
    twice_named = {s: v for s, v in surnames.items() if len(v) > 1}
    print(f"Kent person facet: {len(names)} shown; roles as people {roles}; surnames under several forms {twice_named}")


if __name__ == "__main__":
    main()
