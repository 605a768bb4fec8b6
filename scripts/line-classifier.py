#!/usr/bin/env python3
"""Line classifier vs the rules, leave-one-source-out: does a small model trained on the gold
find section starts (headings and numbered paragraphs) better than the parser's rules?

For every gold file with sections (tests/gold/<source>/ and the dev gold of
../shared/eval/dev/gold, whose source is `dev`), it reads the lines the structure reader sees
with their layout (`council parse FILE --lines`) and the parser's sections
(`council parse FILE --format json`). Gold sections and the parser's sections are mapped to
lines by one and the same rule (a section's number at the line's start, or its heading equal
to the line or beginning with it, in reading order), so each line gets a gold label and the
rules' label. Lines are described by their layout only (size over the body text, bold and
whether bold is rare, band, blank lines around, place on the page, full width, indentation
from the paper's left margin and against the lines around it, numbering, case, length, end
punctuation), never by their words. `--no-x` leaves indentation out, to measure what it adds.

For each source in turn a logistic regression and a depth-4 tree are trained on the other
sources and predict the held-out one. Printed per source: the lines' heading precision /
recall / F1 of the rules and of each model, and the sections F1 of each (the shared scorer's
one-to-one matching, `match_sections` of eval_parse.py, over the file's sections).

usage: scripts/line-classifier.py [--council PATH] [--corpus DIR] [--tools DIR] [--emit-rust]
                                  [--no-x]

Needs scikit-learn (`pip install scikit-learn`). `--emit-rust` prints the logistic model
trained on all sources but the held-out ones (`--held-out`, default london-on-opencouncil) as
Rust constants, for `crates/pipeline/src/line_model.rs`.
"""
import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBERED = re.compile(r"^(?:[-*]\s+)?(\d{1,2}(?:\.\d{1,2}){0,4}|\d{3}\.)(\.?)(?:\s+|\t)(\S.*)$")
NUMBER_ALONE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
LABELLED = re.compile(r"^(?:[-*]\s+)?(?:\(([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z])\.)\s+(\S.*)$")
BULLET = re.compile(r"^[-*\u2022]\s+\S")
KEY_VALUE = re.compile(r"^([A-Z][A-Za-z()/'\u2019 &-]{1,40}?)\s*(?::|\t)\s*(.*)$")

FEATURES = ["size", "larger", "smaller", "styled", "bold", "bold_rare", "bold_marks", "band_top",
            "band_bottom", "format_heading", "blank_before", "blank_after", "first_on_page",
            "page_pos", "full_width", "numbered", "number_depth", "number_alone", "labelled",
            "bullet", "key_value", "upper", "title_ratio", "log_len", "words", "ends_stop",
            "ends_colon", "starts_upper", "next_numbered", "next_larger_or_bold"]
# Indentation (the x position the extractor gives each PDF line): left out with --no-x.
X_FEATURES = ["positioned", "indent", "indented", "at_margin", "indented_vs_prev",
              "next_indented"]


def norm(s):
    """The scorer's normalisation (eval_parse.py)."""
    if s is None:
        return ""
    s = str(s).lower().replace("\u2019", "'").replace("\u2018", "'").replace("'", "").replace("&", " and ")
    s = re.sub(r"[^a-z0-9@.]+", " ", s)
    return " ".join(s.split())


def same(a, b):
    """The scorer's loose equality of headings (eval_parse.py)."""
    a, b = norm(a), norm(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a) and min(len(a), len(b)) >= 0.6 * max(len(a), len(b))


def match_sections(gold, pred):
    """The scorer's one-to-one matching of sections (eval_parse.py): (tp, gold, scored)."""
    used, tp = set(), 0
    for g in gold:
        for i, p in enumerate(pred):
            if i in used:
                continue
            if g.get("number"):
                ok = (p.get("number") or "").strip(". ") == g["number"]
            else:
                ok = same(g.get("heading"), p.get("heading"))
            if ok:
                used.add(i)
                tp += 1
                break
    return tp, len(gold), len([p for p in pred if p.get("number") or p.get("heading")])


def line_number(text):
    m = NUMBERED.match(text)
    if m:
        return m.group(1).strip(". "), m.group(3)
    m = NUMBER_ALONE.match(text)
    if m:
        return m.group(1), ""
    return None, text


def starts(section, text, nxt):
    """Whether a line (and the next non-blank one, `nxt`) starts a section."""
    num, rest = line_number(text)
    if section.get("number"):
        if num != section["number"].strip(". "):
            return False
        h = norm(section.get("heading"))[:15]
        return not h or h in norm(rest or nxt) or h in norm(text + " " + nxt)
    h, t = norm(section.get("heading")), norm(text)
    if not h or not t:
        return False
    return same(h, t) or (h.startswith(t) and len(t) >= 8) or same(h, norm(rest))


def label(lines, sections):
    """The line that starts each section (section index -> line index), in reading order."""
    idx = [i for i, l in enumerate(lines) if l["text"]]
    out, cursor = {}, 0
    for n, s in enumerate(sections):
        if not (s.get("number") or s.get("heading")):
            continue
        found = None
        for order in (range(cursor, len(idx)), range(0, cursor)):
            for k in order:
                i = idx[k]
                nxt = lines[idx[k + 1]]["text"] if k + 1 < len(idx) else ""
                if i not in out.values() and starts(s, lines[i]["text"], nxt):
                    found = k
                    break
            if found is not None:
                break
        if found is not None:
            out[n] = idx[found]
            cursor = found + 1
    return out


def features(lines, i):
    l = lines[i]
    t = l["text"]
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    nxt_text = next((x for x in lines[i + 1:i + 4] if x["text"]), None)
    size = (l["size"] or 20) / 20.0
    num, _ = line_number(t)
    words = t.split()
    caps = [w for w in words if w[:1].isalpha()]
    letters = [c for c in t if c.isalpha()]
    nsize = ((nxt_text or {}).get("size") or 20) / 20.0
    prev_text = next((x for x in reversed(lines[max(0, i - 3):i]) if x["text"]), None)
    ind = l.get("indent")
    pind = (prev_text or {}).get("indent")
    nind = (nxt_text or {}).get("indent")
    return {
        "positioned": float(ind is not None),
        "indent": max(-0.2, min(0.5, (ind or 0) / 1000.0)),
        "indented": float(ind is not None and ind > 20),
        "at_margin": float(ind is not None and abs(ind) <= 10),
        "indented_vs_prev": float(ind is not None and pind is not None and ind - pind > 20),
        "next_indented": float(ind is not None and nind is not None and nind - ind > 20),
        "size": size,
        "larger": float(size >= 1.15),
        "smaller": float(size <= 0.9),
        "styled": float(l["size"] is not None),
        "bold": float(bool(l["bold"])),
        "bold_rare": float(bool(l["bold"]) and l["bold_marks"]),
        "bold_marks": float(l["bold_marks"]),
        "band_top": float(l["band"] == "top"),
        "band_bottom": float(l["band"] == "bottom"),
        "format_heading": float(l["format_heading"] is not None),
        "blank_before": float(prev is None or not prev["text"] or prev["page"] != l["page"]),
        "blank_after": float(nxt is None or not nxt["text"] or nxt["page"] != l["page"]),
        "first_on_page": float(all(not x["text"] for x in lines[max(0, i - l["index"]):i])),
        "page_pos": l["index"] / max(1, l["page_lines"]),
        "full_width": float(l["full_width"]),
        "numbered": float(num is not None),
        "number_depth": float(num.count(".") + 1) if num else 0.0,
        "number_alone": float(bool(NUMBER_ALONE.match(t))),
        "labelled": float(bool(LABELLED.match(t))),
        "bullet": float(bool(BULLET.match(t))),
        "key_value": float(bool(KEY_VALUE.match(t)) and len(t) < 200),
        "upper": float(bool(letters) and all(c.isupper() for c in letters)),
        "title_ratio": sum(w[0].isupper() for w in caps) / len(caps) if caps else 0.0,
        "log_len": math.log1p(min(len(t), 100)),  # unwrapped text (one line a paragraph) and wrapped PDF lines alike
        "words": min(len(words), 14) / 14.0,
        "ends_stop": float(t.rstrip().endswith((".", ";", ",", "?", "!"))),
        "ends_colon": float(t.rstrip().endswith(":")),
        "starts_upper": float(t[:1].isupper() or t[:1].isdigit()),
        "next_numbered": float(bool(nxt_text) and line_number(nxt_text["text"])[0] is not None),
        "next_larger_or_bold": float(bool(nxt_text) and (nsize > size or (bool(nxt_text["bold"]) and not l["bold"]))),
    }


def sections_from(lines, chosen):
    """Sections as the model would make them: the number and the heading of each chosen line
    (a heading set alike over the next lines is joined)."""
    out = []
    for i in sorted(chosen):
        num, rest = line_number(lines[i]["text"])
        heading = rest
        j = i + 1
        style = (lines[i]["size"], lines[i]["bold"])
        while (lines[i]["size"] is not None and j < len(lines) and j not in chosen and lines[j]["text"]
               and (lines[j]["size"], lines[j]["bold"]) == style and j - i <= 2 and not lines[j - 1]["full_width"]
               and (lines[i]["bold"] or (lines[i]["size"] or 20) >= 23)):
            heading += " " + lines[j]["text"]
            j += 1
        if not heading and j < len(lines):
            heading = next((x["text"] for x in lines[i + 1:i + 3] if x["text"]), "")
        out.append({"number": num, "heading": heading or None})
    return out


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.stdout if p.returncode == 0 else None


def collect(council, corpus):
    rows = []
    gold_files = [(os.path.basename(os.path.dirname(f)), f)
                  for f in sorted(glob.glob(os.path.join(ROOT, "tests", "gold", "*", "*.json")))]
    gold_files += [("dev", f) for f in sorted(glob.glob(os.path.join(ROOT, "..", "shared", "eval", "dev", "gold", "*.json")))]
    for source, f in gold_files:
        g = json.load(open(f))
        docs = g["documents"]
        if not any("sections" in d for d in docs):
            continue
        path = os.path.join(corpus, g["file"])
        out = run([council, "parse", path, "--lines"])
        parsed = run([council, "parse", path, "--format", "json"])
        if out is None or parsed is None:
            print(f"skipped (not read): {source} {g['file']}", file=sys.stderr)
            continue
        lines = [json.loads(x) for x in out.splitlines()]
        if not lines:
            continue
        gold_secs = [s for d in docs for s in d.get("sections", [])]
        pred_secs = [s for x in parsed.splitlines() for s in json.loads(x).get("sections", [])]
        gl, rl = label(lines, gold_secs), label(lines, pred_secs)
        rows.append({"source": source, "file": g["file"], "lines": lines, "gold": gold_secs,
                     "rules": pred_secs, "y": set(gl.values()), "yr": set(rl.values()),
                     "rule_line": rl, "mapped": len(gl)})
    return rows


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def matrix(rows):
    X, y, where = [], [], []
    for k, row in enumerate(rows):
        for i, l in enumerate(row["lines"]):
            if l["text"]:
                f = features(row["lines"], i)
                X.append([f[n] for n in FEATURES])
                y.append(int(i in row["y"]))
                where.append((k, i))
    return X, y, where


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--council", default=os.path.join(ROOT, "target", "release", "council"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--emit-rust", action="store_true")
    ap.add_argument("--veto", type=float, default=0.2,
                    help="the hybrid drops a rule section whose line the held-out model scores below this")
    ap.add_argument("--held-out", action="append", default=None,
                    help="a source the emitted model is not trained on (default: london-on-opencouncil, "
                         "the source held out from rule development); repeatable")
    ap.add_argument("--no-x", action="store_true",
                    help="leave out the indentation features (x position), to measure what they add")
    a = ap.parse_args()
    global FEATURES
    if not a.no_x:
        FEATURES = FEATURES + X_FEATURES
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier, export_text

    rows = collect(os.path.abspath(a.council), os.path.abspath(a.corpus))
    X, y, where = matrix(rows)
    src = [rows[k]["source"] for k, _ in where]
    sources = sorted(set(src))
    gold_n = sum(len(r["gold"]) for r in rows)
    print(f"{len(rows)} files, {len(X)} lines, {sum(y)} gold section lines "
          f"({sum(r['mapped'] for r in rows)}/{gold_n} gold sections found on a line)")

    def models():
        return {"logreg": LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced"),
                "tree": DecisionTreeClassifier(max_depth=4, min_samples_leaf=5, class_weight="balanced",
                                               random_state=0)}

    pred = {m: [0] * len(X) for m in models()}
    prob = [0.0] * len(X)
    for s in sources:
        tr = [i for i in range(len(X)) if src[i] != s]
        te = [i for i in range(len(X)) if src[i] == s]
        if len(set(y[i] for i in tr)) < 2:
            continue
        for name, model in models().items():
            Xtr = [X[i] for i in tr]
            if name == "logreg":
                sc = StandardScaler().fit(Xtr)
                model.fit(sc.transform(Xtr), [y[i] for i in tr])
                p = model.predict(sc.transform([X[i] for i in te]))
                for i, v in zip(te, model.predict_proba(sc.transform([X[i] for i in te]))[:, 1]):
                    prob[i] = float(v)
            else:
                model.fit(Xtr, [y[i] for i in tr])
                p = model.predict([X[i] for i in te])
            for i, v in zip(te, p):
                pred[name][i] = int(v)
    at = {(k, li): i for i, (k, li) in enumerate(where)}

    def line_pred(name, i):
        k, li = where[i]
        if name == "rules":
            return int(li in rows[k]["yr"])
        if name.startswith("veto"):
            return int(li in rows[k]["yr"] and prob[i] >= a.veto)
        return pred[name][i]

    def file_sections(name, k):
        if name == "rules":
            return rows[k]["rules"]
        if name.startswith("veto"):
            keep = {n for n, li in rows[k]["rule_line"].items() if prob[at[(k, li)]] < a.veto}
            return [s for n, s in enumerate(rows[k]["rules"]) if n not in keep]
        chosen = {where[i][1] for i in range(len(X)) if where[i][0] == k and pred[name][i]}
        return sections_from(rows[k]["lines"], chosen)

    names = ["rules", "logreg", "tree", f"veto<{a.veto}"]
    print(f"{'source':<24}{'lines':>6}{'gold':>6} | " + " ".join(f"{n + ' P/R/F1':>17}" for n in names)
          + " | sections F1: " + " ".join(f"{n:>8}" for n in names))
    for s in sources + ["POOLED"]:
        idx = [i for i in range(len(X)) if s == "POOLED" or src[i] == s]
        files = [k for k, r in enumerate(rows) if s == "POOLED" or r["source"] == s]
        cells, secs = [], []
        for name in names:
            yp = [line_pred(name, i) for i in idx]
            tp = sum(1 for i, v in zip(idx, yp) if v and y[i])
            p, r, f = prf(tp, sum(yp), sum(y[i] for i in idx))
            cells.append(f"{p:.2f}/{r:.2f}/{f:.2f}")
            tps = ng = npred = 0
            for k in files:
                t, g, n = match_sections(rows[k]["gold"], file_sections(name, k))
                tps, ng, npred = tps + t, ng + g, npred + n
            secs.append(prf(tps, npred, ng)[2])
        print(f"{s:<24}{len(idx):>6}{sum(y[i] for i in idx):>6} | " + " ".join(f"{c:>17}" for c in cells)
              + " |              " + " ".join(f"{x:>8.2f}" for x in secs))

    held_out = set(a.held_out or ["london-on-opencouncil"])
    keep = [i for i in range(len(X)) if src[i] not in held_out]
    Xk, yk = [X[i] for i in keep], [y[i] for i in keep]
    sc = StandardScaler().fit(Xk)
    lr = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(sc.transform(Xk), yk)
    tree = DecisionTreeClassifier(max_depth=4, min_samples_leaf=5, class_weight="balanced", random_state=0).fit(Xk, yk)
    print(f"\nlogistic weights (standardised), all sources but {', '.join(sorted(held_out))}:")
    for n, w in sorted(zip(FEATURES, lr.coef_[0]), key=lambda x: -abs(x[1]))[:12]:
        print(f"  {n:<20}{w:+.2f}")
    print("\ntree, same sources:\n" + export_text(tree, feature_names=FEATURES))
    if a.emit_rust:
        w = [c / s for c, s in zip(lr.coef_[0], sc.scale_)]
        b = lr.intercept_[0] - sum(c * m for c, m in zip(w, sc.mean_))
        print("const FEATURES: [&str; %d] = %s;" % (len(FEATURES), json.dumps(FEATURES)))
        print("const WEIGHTS: [f32; %d] = [%s];" % (len(w), ", ".join(f"{x:.6}" for x in w)))
        print(f"const BIAS: f32 = {b:.6};")


if __name__ == "__main__":
    main()
