#!/usr/bin/env python3
"""OCR accuracy, measured: born-digital pages of the shared corpus, rendered to images and
read by council's OCR reader (`council __ocr`: pdftoppm at 300 dpi gray, Tesseract one
thread a page, the same corrections as an ingest), against the words of the page's own text
layer (poppler's `pdftotext`).

For each page: word recall (the share of the text layer's words that OCR read, counted as
multisets) and precision (the share of OCR's words that are in the text layer). Words are
lower-cased runs of letters and digits after Unicode NFKC (so ligatures and curly quotes
compare equal). Pages are chosen without looking at OCR: from each source (a folder under
corpus/raw), up to FILES PDFs spread over its sorted list, and from each the first page and
the middle one, where the text layer is running text: at least MIN_WORDS words, most of its
tokens words or figures (not a broken font encoding, whose pages are scans in all but name) and most of
its words on lines of four words or more (not a map or a drawing, whose labels are
scattered fragments). A page OCR fails on (timeout, crash) is counted and reported.

Usage: scripts/ocr-accuracy.py [--shared ../shared] [--bin target/release/council]
                               [--files 10] [--min-words 60] [--jobs 2]
Prints one line per page, then per source, then the totals (micro-averaged over words).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import unicodedata

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text):
    text = unicodedata.normalize("NFKC", text).lower()
    return collections.Counter(WORD.findall(text))


def page_count(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, errors="replace")
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def text_layer(pdf, page):
    out = subprocess.run(
        # -layout keeps a table's row on one line (the words are the same in any order).
        ["pdftotext", "-q", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), pdf, "-"],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )
    return out.stdout


def ocr(binary, pdf, page):
    out = subprocess.run(
        [binary, "__ocr", pdf, "--first", str(page), "--last", str(page)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    line = json.loads(out.stdout.splitlines()[0])
    return line["text"], line["confidence"]


def running_text(text):
    """Words (and figures) on lines, not a broken encoding's punctuation soup or map labels."""
    tokens = [t for t in text.split() if WORD.search(t)]
    if not tokens:
        return False
    clean = sum(
        1
        for t in tokens
        if re.fullmatch(r"[-£€$]{0,2}[^\W_]+(?:[.,/:'’&-][^\W_]+)*%?", t.strip(".,;:()'\"‘’“”!?"))
    )
    on_long_lines = sum(len(l.split()) for l in text.splitlines() if len(l.split()) >= 4)
    return clean >= 0.8 * len(tokens) and on_long_lines >= 0.5 * len(tokens)


def choose_pages(raw, files_per_source, min_words):
    chosen = []
    for source in sorted(os.listdir(raw)):
        folder = os.path.join(raw, source)
        if not os.path.isdir(folder):
            continue
        pdfs = sorted(
            os.path.join(d, f)
            for d, _, fs in os.walk(folder)
            for f in fs
            if f.lower().endswith(".pdf")
        )
        if not pdfs:
            continue
        step = max(1, len(pdfs) // files_per_source)
        for pdf in pdfs[::step][:files_per_source]:
            n = page_count(pdf)
            for page in sorted({1, (n + 1) // 2}):
                if page < 1:
                    continue
                reference = text_layer(pdf, page)
                if sum(words(reference).values()) >= min_words and running_text(reference):
                    chosen.append((source, pdf, page, reference))
    return chosen


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "council"))
    ap.add_argument("--files", type=int, default=10, help="PDFs per source")
    ap.add_argument("--min-words", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    raw = os.path.join(args.shared, "corpus", "raw")
    if not os.path.isdir(raw):
        sys.exit(f"no corpus at {raw}")
    pages = choose_pages(raw, args.files, args.min_words)

    def measure(item):
        source, pdf, page, reference = item
        try:
            text, confidence = ocr(args.bin, pdf, page)
        except (RuntimeError, subprocess.TimeoutExpired, IndexError, ValueError) as e:
            return source, pdf, page, None, str(e)
        ref, got = words(reference), words(text)
        common = sum((ref & got).values())
        return source, pdf, page, sum(ref.values()), sum(got.values()), common, confidence

    results = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        failed = []
        for r in pool.map(measure, pages):
            if r[3] is None:
                failed.append(r)
                print(f"{os.path.relpath(r[1], raw)} p.{r[2]}: OCR failed: {r[4]}", flush=True)
                continue
            source, pdf, page, nref, ngot, common, confidence = r
            results.append(r)
            print(
                f"{os.path.relpath(pdf, raw)} p.{page}: recall {common / nref:.3f} "
                f"precision {common / max(ngot, 1):.3f} ({nref} words, confidence {confidence or 0:.0f})",
                flush=True,
            )
    by_source = collections.defaultdict(lambda: [0, 0, 0, 0])
    for source, _, _, nref, ngot, common, _ in results:
        s = by_source[source]
        s[0] += 1
        s[1] += nref
        s[2] += ngot
        s[3] += common
    print()
    for source, (n, nref, ngot, common) in sorted(by_source.items()):
        print(f"{source}: {n} pages, recall {common / nref:.3f}, precision {common / max(ngot, 1):.3f}")
    nref = sum(r[3] for r in results)
    ngot = sum(r[4] for r in results)
    common = sum(r[5] for r in results)
    recalls = sorted(r[5] / r[3] for r in results)
    print()
    print(
        f"OCR accuracy: {len(results)} pages of {len(by_source)} sources, {nref} words: "
        f"word recall {common / nref:.4f}, precision {common / max(ngot, 1):.4f} "
        f"(median page recall {recalls[len(recalls) // 2]:.4f}, lowest {recalls[0]:.4f}); "
        f"{len(failed)} pages failed"
    )


if __name__ == "__main__":
    main()
