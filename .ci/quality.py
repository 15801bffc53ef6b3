#!/usr/bin/env python3
"""Quality gate: scores what users get on every corpus, by both record paths.

For each corpus (the shared dev corpus, the seeds, the project's own held-out corpus eval/heldout, and the
English reports of the shared wild corpus's tune and check parts) it runs
  1. `toll analyze DIR --format jsonl` (the record built in memory), and
  2. `toll ingest DIR` into a fresh database, then `toll export accounts --format jsonl`, turned into the
     prediction format by the shared stored2pred.py (the stored record, as the API and exports show it),
scores both with the shared score.py, checks that the two paths give the same accounts (span, figures,
victims, scope, incident, date, place), and fails below the floors. On the wild corpus it also prints a table per
language (the record built in memory, scored with score.py --lang) and the linking of the incidents reported in
two or more languages, with floors per language where a language is read.

usage: quality.py TOLL_BINARY SHARED_DIR
"""
import json, subprocess, sys, tempfile, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
HELDOUT = os.path.join(HERE, "..", "eval", "heldout")

# Floors per corpus. dev: issues 2-4; heldout and wild: regression floors under today's scores (issue 13's
# targets for wild/check English are figures 0.90, victims 0.85, scope 0.90, date 0.85, place 0.85,
# linking 0.85: printed as targets, enforced once reached).
FLOORS = {
    "dev": {"figures_f1": 0.94, "victims_acc": 0.86, "scope_acc": 0.95, "place_acc_25km": 0.91,
            "date_acc": 0.89, "linking_f1": 0.97},
    "heldout": {"figures_f1": 0.96, "scope_acc": 0.97, "place_acc_25km": 0.88, "date_acc": 0.93,
                "linking_f1": 0.96},
    "wild/tune": {"figures_f1": 0.93, "victims_acc": 0.92, "scope_acc": 0.96, "place_acc_25km": 0.85,
                  "date_acc": 0.96, "linking_f1": 0.95},
    "wild/check": {"figures_f1": 0.87, "victims_acc": 0.90, "scope_acc": 0.90, "place_acc_25km": 0.62,
                   "date_acc": 0.90, "linking_f1": 0.86},
}
# Per-language floors on the wild corpus (corpus -> language -> metric -> floor), checked on the per-language
# table; English's are the wild floors above. Issue 17's targets for each language with at least four reports:
# figures 0.85, date 0.80, place 0.80; filled in as each language is read.
# Regression floors under session 11's scores (issue 17's targets: figures 0.85, date 0.80, place 0.80 per
# language with at least four reports), on the languages with four reports or more in that part.
# Session 12: Arabic tune rose (figures .786 -> .889, date .300 -> .455, place .300 -> .545) and its floors with
# it; wild/check's Arabic place floor went from 0.45 to 0.40 because the Arabic reading found one more
# figure-correct account whose place is wrong (3 right of 7 against 3 of 6 before: no place was lost).
# Session 13: floors raised under the session's scores (Spanish check place .062 -> .812 once a town is chosen
# in the region the report names; heldout, tune and check English floors a little under today's numbers).
# Session 14: every corpus's floors raised under the session's scores; wild/check Arabic place .429 -> .857 once
# a governorate's countryside reads as the governorate; mixed-language linking on wild/check reached its target
# (.793 -> .858), so the target is now its floor.
# Session 15: floors raised under the session's scores: wild/check English date .902 -> .915 and linking
# .831 -> .850 (a month and day whose year is guessed dates its own sentence), heldout scope .970 -> .980,
# Arabic tune figures .889 -> .963 and date .636 -> .727.
# Session 16: figures floors raised (wild/check English .872 -> .879, wild/tune .938 -> .950, heldout .962 ->
# .971), dev scope .966 -> .971, and Spanish check figures .727 -> .756, date .625 -> .647, place .812 -> .824.
# Session 17: heldout date .918 -> .941 and linking .947 -> .978 (dated title lines, "came three days after a
# bombing", far towns meeting on a rare name), wild/check English linking .848 -> .876, Arabic check figures
# .632 -> .684.
LANG_FLOORS = {
    "wild/tune": {"fr": {"figures_f1": 0.88, "date_acc": 0.70, "place_acc_25km": 0.45},
                  "ar": {"figures_f1": 0.93, "date_acc": 0.70, "place_acc_25km": 0.50},
                  "uk": {"figures_f1": 0.90, "date_acc": 0.90, "place_acc_25km": 0.90}},
    "wild/check": {"fr": {"figures_f1": 0.75, "date_acc": 0.70, "place_acc_25km": 0.75},
                   "ar": {"figures_f1": 0.67, "date_acc": 0.80, "place_acc_25km": 0.80},
                   "es": {"figures_f1": 0.73, "date_acc": 0.63, "place_acc_25km": 0.80}},
}
# Floors on the linking (B-cubed F1) of the incidents reported in two or more languages, per wild part (issue
# 17's target: 0.85).
MIXED_FLOORS = {"wild/tune": 0.92, "wild/check": 0.85}
TARGETS = {"wild/check": {"figures_f1": 0.90, "victims_acc": 0.85, "scope_acc": 0.90, "place_acc_25km": 0.85,
                          "date_acc": 0.85, "linking_f1": 0.85}}
# fields both paths must agree on
SAME = ("doc", "span", "killed", "injured", "victims", "scope", "incident", "date", "lat", "lon")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def predictions(toll, shared, docs):
    """The accounts of `docs` by `toll analyze` and by ingest-then-export, in the scorer's format."""
    out = run([toll, "analyze", docs, "--format", "jsonl"], capture_output=True, text=True).stdout
    analyzed = [json.loads(l) for l in out.splitlines() if l.strip()]
    tmp = tempfile.mkdtemp()
    try:
        db = os.path.join(tmp, "q.db")
        run([toll, "ingest", docs, "--db", db], capture_output=True)
        export = run([toll, "export", "accounts", "--format", "jsonl", "--db", db],
                     capture_output=True, text=True).stdout
        conv = run([sys.executable, os.path.join(shared, "eval", "stored2pred.py")], input=export,
                   capture_output=True, text=True).stdout
        stored = [json.loads(l) for l in conv.splitlines() if l.strip()]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return analyzed, stored


def score(shared, root, preds, lang):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for p in preds:
            f.write(json.dumps(p) + "\n")
        path = f.name
    cmd = [sys.executable, os.path.join(shared, "eval", "score.py"), root, path, "--json"]
    if lang:
        cmd += ["--lang", lang]
    out = run(cmd, capture_output=True, text=True).stdout
    os.unlink(path)
    s = json.loads(out)
    return {"reports": s["documents"], "gold_accounts": s["gold_accounts"],
            "figures_f1": s["figures"]["f1"], "figures_r": s["figures"]["r"], "victims_acc": s["victims_acc"],
            "scope_acc": s["scope_acc"], "place_acc_25km": s["place_acc_25km"], "date_acc": s["date_acc"],
            "linking_f1": s["linking_bcubed"]["f1"]}


def record_shape(shared, root, preds):
    """How the stored record's incidents match the gold events: gold incidents split over several
    incidents, incidents holding events of two countries, and gold totals stored inside an incident."""
    sys.path.insert(0, os.path.join(shared, "eval"))
    import score as S  # the shared scorer's own matching
    docs, gold, incidents = S.load_corpus(root)
    by_doc = {}
    for p in preds:
        if p.get("doc") in docs:
            q = dict(p)
            q["span"] = tuple(q["span"])
            by_doc.setdefault(q["doc"], []).append(q)
    parts, members, totals = {}, {}, 0
    for doc in docs:
        G, P = gold[doc], by_doc.get(doc, [])
        for gi, pi in S.match(G, P):
            g, p = G[gi], P[pi]
            if g.get("scope") == "aggregate" and p.get("incident"):
                totals += 1
            if g.get("scope") == "incident" and g.get("incident") and p.get("incident"):
                parts.setdefault(g["incident"], set()).add(p["incident"])
                members.setdefault(p["incident"], set()).add(g["incident"])
    split = sum(1 for v in parts.values() if len(v) > 1)
    country = lambda k: incidents.get(k, {}).get("country")
    mixed = sum(1 for v in members.values() if len({country(k) for k in v}) > 1)
    return {"events": len(parts), "split": split, "cross_country": mixed, "totals_in_incidents": totals}


def languages(shared, root):
    """The languages of a corpus's reports (`lang` of docs/<id>.meta.json, else en), English first."""
    sys.path.insert(0, os.path.join(shared, "eval"))
    import score as S
    docs, _, _ = S.load_corpus(root)
    return sorted({S.doc_lang(root, d) for d in docs}, key=lambda l: (l != "en", l))


def mixed_linking(shared, root, preds):
    """B-cubed linking over the incidents that reports in two or more languages give accounts of: the figure-
    correct accounts of those incidents, as the shared scorer matches and clusters them. Returns (incidents,
    accounts, accounts of reports not in English, P, R, F1)."""
    sys.path.insert(0, os.path.join(shared, "eval"))
    import score as S
    docs, gold, _ = S.load_corpus(root)
    langs = {}
    for doc in docs:
        for g in gold[doc]:
            if g.get("scope") == "incident" and g.get("incident"):
                langs.setdefault(g["incident"], set()).add(S.doc_lang(root, doc))
    mixed = {k for k, v in langs.items() if len(v) > 1}
    by_doc = {}
    for p in preds:
        if p.get("doc") in docs:
            q = dict(p)
            q["span"] = tuple(q["span"])
            by_doc.setdefault(q["doc"], []).append(q)
    items, foreign = [], 0
    for doc in sorted(docs):
        G, P = gold[doc], by_doc.get(doc, [])
        for gi, pi in S.match(G, P):
            g, p = G[gi], P[pi]
            same = all(S.rng(g.get(k)) == S.rng(p.get(k)) for k in ("killed", "injured"))
            if same and g.get("scope") == "incident" and g.get("incident") in mixed:
                pid = p.get("incident")
                items.append((g["incident"], pid if pid is not None else f"__single_{doc}_{pi}"))
                foreign += S.doc_lang(root, doc) != "en"
    return (len(mixed), len(items), foreign) + S.bcubed(items)


def per_language(shared, name, root, preds):
    """Prints the per-language table of a wild part (the record built in memory) and the mixed-language
    incidents' linking; returns False when a per-language floor fails."""
    ok = True
    print(f"quality: {name} per language:")
    print(f"quality:   {'lang':<5}{'reports':>8}{'gold':>6}{'figures':>9}{'date':>7}{'place':>7}{'linking':>9}")
    for lang in languages(shared, root):
        got = score(shared, root, preds, lang)
        print(f"quality:   {lang:<5}{got['reports']:>8}{got['gold_accounts']:>6}{got['figures_f1']:>9.3f}"
              f"{got['date_acc']:>7.3f}{got['place_acc_25km']:>7.3f}{got['linking_f1']:>9.3f}")
        for k, floor in LANG_FLOORS.get(name, {}).get(lang, {}).items():
            good = got[k] >= floor
            ok &= good
            print(f"quality: {name} ({lang}) {k} {got[k]:.3f} (floor {floor:.2f}) {'ok' if good else 'FAIL'}")
    n, accounts, foreign, p, r, f = mixed_linking(shared, root, preds)
    floor = MIXED_FLOORS.get(name)
    verdict = "" if floor is None else f" (floor {floor:.2f}) {'ok' if f >= floor else 'FAIL'}"
    ok &= floor is None or f >= floor
    print(f"quality: {name} mixed-language incidents: {n}, linking B3 P {p:.3f} R {r:.3f} F1 {f:.3f} over "
          f"{accounts} accounts, {foreign} not in English (target 0.85){verdict}")
    return ok


# the stored record's shape on the wild corpus (all languages): regression ceilings
# (session 11: the accounts of the French, Spanish, German, Arabic, Ukrainian and Russian reports now count
# too; on wild/check they add 4 events, 3 splits and 3 totals, hence check's ceilings 10 and 21; session 15
# brought wild/tune's splits from 4 to 2, hence its ceiling 3)
# (session 12: the Arabic reading no longer loses a figure written against "و" (and); the account it now
# finds on wild/check is a total, and it is stored inside an incident, hence check's totals ceiling 22)
SHAPE_MAX = {"wild/tune": {"split": 3, "cross_country": 1, "totals_in_incidents": 8},
             "wild/check": {"split": 10, "cross_country": 1, "totals_in_incidents": 19}}


def key(p):
    return tuple(json.dumps(p.get(k), sort_keys=True) for k in SAME)


def main():
    toll, shared = sys.argv[1], sys.argv[2]
    ok = True
    corpora = [("dev", os.path.join(shared, "corpus", "dev"), None),
               ("seeds", os.path.join(shared, "corpus", "seeds"), None),
               ("heldout", HELDOUT, None)]
    for part in ("tune", "check"):
        root = os.path.join(shared, "corpus", "wild", part)
        if os.path.isdir(root):
            corpora.append((f"wild/{part}", root, "en"))
        else:
            print(f"quality: {root} missing: the wild corpus is not scored", file=sys.stderr)
            ok = False
    for name, root, lang in corpora:
        analyzed, stored = predictions(toll, shared, os.path.join(root, "docs"))
        a_keys, s_keys = sorted(map(key, analyzed)), sorted(map(key, stored))
        if a_keys != s_keys:
            ok = False
            diff = len(set(a_keys) ^ set(s_keys))
            print(f"quality: {name}: analyze and the stored record differ ({diff} accounts) FAIL")
        else:
            print(f"quality: {name}: analyze and the stored record give the same {len(a_keys)} accounts ok")
        if name in SHAPE_MAX:
            shape = record_shape(shared, root, stored)
            for k, ceiling in SHAPE_MAX[name].items():
                good = shape[k] <= ceiling
                ok &= good
                print(f"quality: {name} stored record: {shape[k]} {k.replace('_', ' ')} of {shape['events']} "
                      f"events (ceiling {ceiling}, target 0) {'ok' if good else 'FAIL'}")
        if name.startswith("wild/"):
            ok &= per_language(shared, name, root, analyzed)
        for path, preds in (("analyze", analyzed), ("stored", stored)):
            got = score(shared, root, preds, lang)
            label = f"{name}{' (' + lang + ')' if lang else ''} {path}"
            if name == "seeds":
                good = got["figures_r"] >= 1.0
                ok &= good
                print(f"quality: {label} gold accounts found with the right figures {got['figures_r']:.3f} "
                      f"(must be 1.000) {'ok' if good else 'FAIL'}")
                continue
            for k, floor in FLOORS.get(name, {}).items():
                good = got[k] >= floor
                ok &= good
                target = TARGETS.get(name, {}).get(k)
                extra = f", target {target:.2f}" if target else ""
                print(f"quality: {label} {k} {got[k]:.3f} (floor {floor:.2f}{extra}) {'ok' if good else 'FAIL'}")
    print("quality: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
