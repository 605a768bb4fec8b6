#!/usr/bin/env python3
"""Writes crates/pipeline/data/councils.tsv from the ONS lookup in ../shared/data.

usage: python3 scripts/make-council-gazetteer.py [../shared/data/ons-ltla-to-utla-2021.json]

One row a council: place name, then the council's usual name. The ONS code prefix says the
tier: E10 county ("County Council"), E06/E08/E09/W06 unitary, metropolitan, London and Welsh
("Council"), E07 district ("District Council"). Names vary in practice ("City Council",
"Borough Council"): the pipeline also accepts those suffixes after any place name here.
"""
import json
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ons-ltla-to-utla-2021.json"
rows = json.load(open(src))
seen = {}
for r in rows:
    for code, name in ((r["LTLA21CD"], r["LTLA21NM"]), (r["UTLA21CD"], r["UTLA21NM"])):
        if name in seen:
            continue
        if code.startswith("E10"):
            full = f"{name} County Council"
        elif code.startswith("E07"):
            full = f"{name} District Council"
        else:
            full = f"{name} Council"
        seen[name] = full
# ONS writes some names back to front ("Bristol, City of"): the place people write is
# "Bristol", and the council calls itself "Bristol City Council".
for name in list(seen):
    m = re.fullmatch(r"(.+), (City|County) of", name)
    if m:
        place, kind = m.groups()
        seen[place] = f"{place} City Council" if kind == "City" else f"{place} Council"
        del seen[name]
with open("crates/pipeline/data/councils.tsv", "w") as f:
    f.write("# place\tcouncil  (from the ONS LTLA-UTLA lookup 2021, OGL v3; see scripts/make-council-gazetteer.py)\n")
    for name in sorted(seen):
        f.write(f"{name}\t{seen[name]}\n")
print(len(seen), "councils")
