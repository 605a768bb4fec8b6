#!/usr/bin/env python3
"""Render plain-text seed papers (corpus/*.txt) into realistic council-style PDFs.

Purpose
    The default corpus is plain text; this script turns some of those papers
    into PDFs under corpus/pdf/ so the engine's PDF extraction path
    (pdf-extract) is exercised on documents that look like real council
    reports: A4, 11pt Helvetica, automatic page breaks, a running header
    (title and meeting date taken from the paper's first lines) and a
    "Page N" footer on every page.  Numbered paragraphs ("1.", "2.1.3") and
    list items ("- ...") get a hanging indent; long lines wrap, so the
    extracted text has line breaks in the middle of paragraphs, as real PDFs do.

    It is run by hand, once; the generated PDFs are committed.  CI does not
    run it.  Output is deterministic: fixed creation date, content-derived
    file id, so re-running gives byte-identical files (with the same fpdf2
    version).

Requirements
    Python 3.8+, and from PyPI:
        pip install fpdf2 pypdf
    (fpdf2 writes the PDFs; pypdf is used only for the verification step.)

Usage (from the repository root)
    python3 scripts/render-seed-pdfs.py                 # the default papers
    python3 scripts/render-seed-pdfs.py corpus/004_*.txt  # any other papers
    python3 scripts/render-seed-pdfs.py --no-verify ...

    Each corpus/NAME.txt becomes corpus/pdf/NAME.pdf.  After writing, every
    PDF is read back with pypdf and checked: every page has text, a few
    distinctive sentences of the source survive (whitespace-normalised),
    non-ASCII characters such as £ and ’ survive, and the file is < 200 KB.
    The script exits non-zero if a check fails.

Text encoding
    The built-in Helvetica font is written with WinAnsiEncoding (cp1252),
    which covers £ ’ ‘ “ ” – — • é and the rest of Latin-1.  Characters
    outside cp1252 are mapped to close ASCII equivalents (see FALLBACKS);
    anything still unencodable becomes "?" and is reported.
"""

import argparse
import datetime
import os
import re
import sys

try:
    from fpdf import FPDF
except ImportError:  # pragma: no cover - hand-run script
    sys.exit("render-seed-pdfs: needs fpdf2 (pip install fpdf2)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUTS = [
    "corpus/001_694909fa4ef9fd9f.txt",
    "corpus/003_d3a36d0da2e490db.txt",
]
OUT_DIR = "corpus/pdf"
MAX_BYTES = 200 * 1024
FIXED_DATE = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=datetime.timezone.utc)

FONT = "Helvetica"
BODY_PT = 11
LINE_H = 5.2  # mm, line height for 11pt text
PARA_GAP = 2.6  # mm, extra space for a blank line in the source
LABEL_W = 14.0  # mm, hanging-indent column for paragraph numbers
BULLET_W = 6.0  # mm, hanging-indent column for bullets
NEST_W = 6.0  # mm, extra indent per level of source indentation

# Characters outside cp1252 -> close equivalents.
FALLBACKS = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2015": "\u2014",
    "\u2212": "-", "\u2022": "\u2022", "\u25cf": "\u2022", "\u25aa": "\u2022",
    "\u25e6": "o", "\u2043": "-", "\uf0b7": "\u2022", "\u2032": "'",
    "\u2033": '"', "\u2018": "\u2018", "\u201b": "'", "\u201f": '"',
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u200b": "", "\ufeff": "", "\u2026": "\u2026",
    "\u2264": "<=", "\u2265": ">=", "\u2192": "->", "\u2713": "Y",
    "\ufb01": "fi", "\ufb02": "fl",
}

NUMBERED = re.compile(r"^(\d+(?:\.\d+)*\.|\d+(?:\.\d+)+)\s+(\S.*)$")
LETTERED = re.compile(r"^(\(?[a-z]\)|\([ivxlc]+\)|[ivxlc]+\))\s+(\S.*)$")
DATE = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+\d{4})\b",
    re.IGNORECASE,
)


def to_cp1252(text, unknown):
    """Return text with every character encodable in cp1252."""
    out = []
    for ch in text:
        ch = FALLBACKS.get(ch, ch)
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            unknown.add(ch)
            ch = "?"
        out.append(ch)
    return "".join(out)


def header_fields(lines):
    """Derive (title, date) for the running header from the paper's opening.

    Title: the first block of consecutive non-blank lines, joined.  Date: the
    first "8 March 2023"-style date in a "Date:" field, else in the opening
    40 lines (it may straddle a line break, as in "... - 1\\nSEPTEMBER 2014").
    """
    title_lines = []
    for line in lines:
        if line.strip():
            title_lines.append(line.strip())
        elif title_lines:
            break
    title = " ".join(title_lines) or "Report"
    head = lines[:40]
    date = ""
    for line in head:
        if re.match(r"^\s*(meeting\s+)?date\s*:", line, re.IGNORECASE):
            m = DATE.search(line)
            if m:
                date = m.group(1)
                break
    if not date:
        m = DATE.search(" ".join(l.strip() for l in head))
        if m:
            date = m.group(1)
    if date and date.upper() == date:
        date = date.title()
    # Don't repeat a date that the title already carries.
    if date and date.lower() in title.lower():
        title = re.sub(r"\s*-?\s*" + re.escape(date) + r"\s*$", "", title,
                       flags=re.IGNORECASE) or title
    if len(title) > 80:
        title = title[:77].rstrip() + "..."
    return title, date


class CouncilPDF(FPDF):
    def __init__(self, title, date):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.run_title = title
        self.run_date = date
        # Encode core-font text as cp1252; fpdf2 declares WinAnsiEncoding.
        self.core_fonts_encoding = "windows-1252"

    def header(self):
        self.set_font(FONT, "", 8.5)
        self.set_text_color(80, 80, 80)
        right_w = self.get_string_width(self.run_date) + 2 if self.run_date else 0
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw - right_w, 5, self.run_title, align="L")
        if self.run_date:
            self.cell(right_w, 5, self.run_date, align="R")
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, 16, self.w - self.r_margin, 16)
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, 22)

    def footer(self):
        self.set_y(-15)
        self.set_font(FONT, "", 9)
        self.set_text_color(80, 80, 80)
        self.cell(0, 6, "Page %d" % self.page_no(), align="C")
        self.set_text_color(0, 0, 0)


def is_heading(text):
    t = text.strip()
    return (
        0 < len(t) <= 70
        and not re.search(r"[.,;:?!)]$", t)
        and ":" not in t
        and "@" not in t
        and not re.search(r"\d{4,}", t)
    )


def classify(line):
    """Split a source line into (level, label, text, kind)."""
    indent = len(line) - len(line.lstrip(" \t\u00a0"))
    level = min(indent // 1, 1) if indent else 0
    s = line.strip().replace("\u00a0", " ")
    bullet = False
    m = re.match(r"^[-\u2022\u00b7*]\s+(.*)$", s)
    if m:
        s = m.group(1)
        bullet = True
    m = NUMBERED.match(s)
    if m:
        return level, m.group(1), m.group(2), "numbered"
    m = LETTERED.match(s)
    if m and bullet:
        return level + 1, m.group(1), m.group(2), "lettered"
    if bullet:
        return level + 1, "\u2022", s, "bullet"
    return level, "", s, "plain"


def render(src_path, out_path, unknown):
    with open(src_path, encoding="utf-8") as f:
        raw = f.read()
    lines = [to_cp1252(l.rstrip(), unknown) for l in raw.splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    title, date = header_fields(lines)

    pdf = CouncilPDF(title, date)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author("council seed corpus")
    pdf.set_producer("council scripts/render-seed-pdfs.py (fpdf2)")
    pdf.set_creator("council scripts/render-seed-pdfs.py")
    pdf.set_margins(left=22, top=22, right=22)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()

    first_block = True
    pending_gap = False
    for line in lines:
        if not line.strip():
            pending_gap = True
            first_block = False
            continue
        if pending_gap:
            pdf.ln(PARA_GAP)
            pending_gap = False
        level, label, text, kind = classify(line)
        x0 = pdf.l_margin + level * NEST_W
        style = ""
        size = BODY_PT
        if first_block:
            style, size = "B", 14
        elif kind in ("plain", "numbered") and is_heading(text):
            style = "B"
        line_h = LINE_H * size / BODY_PT
        # Keep a heading with at least two lines of what follows.
        if style and pdf.will_page_break(line_h + 3 * LINE_H):
            pdf.add_page()
        pdf.set_font(FONT, style, size)
        pdf.set_x(x0)
        if label:
            label_w = BULLET_W if kind == "bullet" else LABEL_W
            label_w = max(label_w, pdf.get_string_width(label) + 2.5)
            pdf.cell(label_w, line_h, label)
            pdf.multi_cell(pdf.w - pdf.r_margin - pdf.get_x(), line_h, text,
                           align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(pdf.w - pdf.r_margin - x0, line_h, text,
                           align="L", new_x="LMARGIN", new_y="NEXT")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    pdf.output(out_path)
    return title, date, pdf.pages_count


def norm(s):
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def distinctive_sentences(text, n=4):
    """Pick n long sentences spread through the text (for the survival check)."""
    cands = all_sentences(text)
    if not cands:
        return []
    step = max(1, len(cands) // n)
    return cands[::step][:n]


def all_sentences(text):
    """Sentences of 60-220 characters, without a leading list marker
    (the renderer turns "- " into a bullet or drops it before a number)."""
    cands = []
    for l in text.splitlines():
        l = re.sub(r"^[-\u2022\u00b7*]\s+", "", l.strip())
        for sent in re.split(r"(?<=[.;])\s+", l):
            sent = sent.strip()
            if 60 <= len(sent) <= 220:
                cands.append(sent)
    return cands


def verify(src_path, out_path, title, date):
    try:
        from pypdf import PdfReader
    except ImportError:
        sys.exit("render-seed-pdfs: verification needs pypdf (pip install pypdf)")
    ok = True
    problems = []
    reader = PdfReader(out_path)
    pages = [p.extract_text() or "" for p in reader.pages]
    empty = [i + 1 for i, t in enumerate(pages) if not t.strip()]
    if empty:
        ok = False
        problems.append("pages without text: %s" % empty)
    missing_footer = [i + 1 for i, t in enumerate(pages)
                      if "Page %d" % (i + 1) not in t]
    if missing_footer:
        ok = False
        problems.append("pages without footer: %s" % missing_footer)
    # Extracted body text: running header and footer lines dropped, so that
    # sentences split by a page break join up again; whitespace normalised.
    furniture = {norm(title), norm(date), norm(title + " " + date)}
    body_lines = []
    for i, t in enumerate(pages):
        for l in t.splitlines():
            if norm(l) in furniture or norm(l) == "Page %d" % (i + 1):
                continue
            body_lines.append(l)
    extracted = norm(" ".join(body_lines))
    with open(src_path, encoding="utf-8") as f:
        src = f.read()
    src_enc = to_cp1252(src, set())
    sents = distinctive_sentences(src_enc)
    found = sum(1 for s in sents if norm(s) in extracted)
    if found != len(sents):
        ok = False
        for s in sents:
            if norm(s) not in extracted:
                problems.append("sentence lost: %r" % s[:80])
    every = all_sentences(src_enc)
    found_all = sum(1 for s in every if norm(s) in extracted)
    specials = sorted({c for c in src_enc if ord(c) > 126 and c != "\u00a0"})
    specials_report = []
    for c in specials:
        want = src_enc.count(c)
        got = extracted.count(c)
        specials_report.append("%s %d/%d" % (c, got, want))
        if got < want:
            ok = False
            problems.append("character %r: %d of %d survived" % (c, got, want))
    size = os.path.getsize(out_path)
    if size >= MAX_BYTES:
        ok = False
        problems.append("file too large: %d bytes" % size)
    print("  pages=%d size=%d bytes, all pages have text: %s, footers: %s"
          % (len(pages), size, "yes" if not empty else "NO",
             "yes" if not missing_footer else "NO"))
    print("  distinctive sentences found: %d/%d (all long sentences: %d/%d)"
          % (found, len(sents), found_all, len(every)))
    for s in sents:
        print("    - %s" % s[:70] + ("..." if len(s) > 70 else ""))
    print("  special characters (extracted/source): %s"
          % (", ".join(specials_report) or "none"))
    for p in problems:
        print("  PROBLEM: " + p)
    print("  verify: %s" % ("OK" if ok else "FAILED"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="text papers (default: %s)"
                    % " ".join(DEFAULT_INPUTS))
    ap.add_argument("--out-dir", default=os.path.join(ROOT, OUT_DIR))
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    inputs = args.inputs or [os.path.join(ROOT, p) for p in DEFAULT_INPUTS]
    all_ok = True
    for src in inputs:
        base = os.path.splitext(os.path.basename(src))[0]
        out = os.path.join(args.out_dir, base + ".pdf")
        unknown = set()
        title, date, n = render(src, out, unknown)
        print("%s -> %s (%d pages)" % (os.path.relpath(src), os.path.relpath(out), n))
        print("  header: %r | %r" % (title, date))
        if unknown:
            print("  replaced unencodable characters with '?': %s"
                  % " ".join("U+%04X" % ord(c) for c in sorted(unknown)))
        if not args.no_verify:
            all_ok &= verify(src, out, title, date)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
