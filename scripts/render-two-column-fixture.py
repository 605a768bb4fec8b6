#!/usr/bin/env python3
"""Render the two-column test page: crates/pipeline/tests/fixtures/two-column-minutes.pdf.

Purpose
    A newsletter-style page of minutes set in two columns under a full-width title, written
    ROW BY ROW (left line 1, right line 1, left line 2, ...) as some producers do, so a reader
    that follows the content stream interleaves the columns. The pipeline's PDF layout step
    (crates/pipeline/src/extract/layout.rs) must read it column by column; the test
    `a_real_pdf_written_row_by_row_reads_column_by_column` in that file checks it.

    Run by hand, once; the PDF is committed. CI does not run it.

Requirements: Python 3.8+, `pip install fpdf2`.
Usage (from the repository root): python3 scripts/render-two-column-fixture.py
"""
from pathlib import Path

from fpdf import FPDF

OUT = Path("crates/pipeline/tests/fixtures/two-column-minutes.pdf")

LEFT = [
    "12. Planning applications. The council considered the application for two new houses "
    "on the land behind the village hall and agreed to object because of the access lane.",
    "13. Highways. Members reported that the potholes on Mill Road had been repaired but "
    "the drain by the school still floods after heavy rain; the clerk will write again.",
    "14. Finance. The payments list for the month was approved and the bank reconciliation "
    "was signed by the chairman as a true record of the accounts.",
]
RIGHT = [
    "15. Playground. The annual inspection found the swings in good order; the roundabout "
    "needs new bearings and three quotes will be sought before the next meeting.",
    "16. Allotments. Two plots are vacant and will be advertised in the parish magazine; "
    "the water troughs will be turned on again at the start of April.",
    "17. Date of next meeting. The next meeting will be held in the village hall on Tuesday "
    "at half past seven in the evening, and all residents are welcome to attend.",
]


def lines(pdf, paragraphs, width):
    out = []
    for p in paragraphs:
        out.extend(pdf.multi_cell(width, 5, p, dry_run=True, output="LINES"))
        out.append("")
    return out


def main():
    pdf = FPDF(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.text(20, 20, "ASHCOMBE PARISH COUNCIL - MINUTES, 5 MARCH 2024")
    pdf.set_font("Helvetica", "", 10)
    width = 80
    left, right = lines(pdf, LEFT, width), lines(pdf, RIGHT, width)
    y = 32
    for i in range(max(len(left), len(right))):
        if i < len(left) and left[i]:
            pdf.text(20, y, left[i])
        if i < len(right) and right[i]:
            pdf.text(110, y, right[i])
        y += 5
    OUT.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
