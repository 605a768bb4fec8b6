#!/usr/bin/env python3
"""Show each link of a matter-link sample in the paper's own text, matter by matter, to check it by hand.

Usage: scripts/matter-show.py CORPUS LINKS.tsv [REFERENCE_PREFIX]

LINKS.tsv has the columns of `scripts/matter-links.py INDEX` (verdict, source, reference,
kind, title, reason, context, document_id, path: the paper's file below CORPUS). For every link it prints the paper's
file, the words the reason quotes (“…”), or else the reference, found in the paper's text as
`pdftotext -layout` gives it (PDF) or as the file holds it (Markdown, HTML, JSON), with the
lines around them, and the first lines of the paper (its head). All links of one matter are
printed together, so both sides of each link are read at once. Nothing here decides: the
verdict is the reader's.
"""
import collections
import html
import os
import re
import subprocess
import sys


def paper_text(path):
    """The paper's text: pdftotext -layout for a PDF, else the file's text without tags."""
    if path.lower().endswith(".pdf"):
        out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True)
        return out.stdout
    text = open(path, encoding="utf-8", errors="replace").read()
    if path.lower().endswith((".html", ".htm", ".php")):
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def find(text, words):
    """Where `words` (whitespace-insensitive) first occur in `text`, as a character offset."""
    flat, index = [], []
    for i, c in enumerate(text):
        if c.isspace():
            if flat and flat[-1] == " ":
                continue
            c = " "
        flat.append(c)
        index.append(i)
    flat = "".join(flat).lower()
    at = flat.find(squash(words).lower())
    return index[at] if at >= 0 else -1


def quoted(reason):
    """The words a reason quotes (each “…”), without a trailing ellipsis."""
    return [q.rstrip("…").strip() for q in re.findall(r"“([^”]{4,})”", reason)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    corpus, links = sys.argv[1], sys.argv[2]
    prefix = sys.argv[3] if len(sys.argv) > 3 else ""
    rows = [line.rstrip("\n").split("\t") for line in open(links, encoding="utf-8")]
    rows = [r for r in rows if r[0] != "verdict" and r[2].startswith(prefix)]
    by_ref = collections.defaultdict(list)
    for r in rows:
        by_ref[r[2]].append(r)
    for ref, group in by_ref.items():
        print(f"#### {ref} ({len(group)} papers)")
        for r in group:
            title, reason = r[4], r[5]
            path = os.path.join(corpus, r[8]) if len(r) > 8 else None
            print(f"  {r[0]} {r[3]} | {title[:70]} | {reason[:260]}")
            if not path or not os.path.exists(path):
                print("    (file not found)")
                continue
            text = paper_text(path)
            head = " / ".join(l.strip() for l in text.splitlines() if l.strip())[:300]
            print(f"    file: {os.path.relpath(path, corpus)}")
            print(f"    head: {head}")
            found = 0
            for words in quoted(reason) + [ref]:
                at = find(text, words[:120])
                if at < 0 and words == os.path.basename(path):
                    print(f"    [{words[:60]}] is the file name")
                    found += 1
                elif at >= 0:
                    print(f"    at [{words[:60]}]: …{squash(text[max(0, at - 160):at + 260])}…")
                    found += 1
                else:
                    print(f"    [{words[:60]}] NOT FOUND in the text")
                if found >= 2 or (found and words == ref):
                    break
        print()


if __name__ == "__main__":
    main()
