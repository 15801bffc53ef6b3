#!/usr/bin/env python3
"""Verify the held-out corpus against ../shared/eval/FORMAT.md (the shared annotation format).

usage: check.py [CORPUS_DIR] [--lint]

Checks (any failure -> exit 1):
  - every docs/<id>.txt has docs/<id>.meta.json and gold/<id>.json, and vice versa;
  - every JSON file parses; meta, gold, account, named-victim and incident shapes;
  - every quote occurs exactly once in its document; no two quotes of a document overlap;
  - killed/injured ranges are well formed (min <= max, at least one figure per account);
  - scope/incident consistency (aggregate -> incident null; incident -> a key of incidents.json);
  - every incidents.json key is used by some gold account, and its date matches its key.
--lint additionally prints sentences that look like casualty statements (harm word plus a
number or quantity word) but are not covered by any gold quote, for manual review.
"""
import json, os, re, sys
from datetime import date

ACCOUNT_KEYS = {"quote", "killed", "injured", "victims", "scope", "incident", "blamed", "claimed_by"}
OPTIONAL_KEYS = {"casualties_ambiguous"}
VICTIMS = {"civilians", "combatants", "mixed", "unspecified"}
SCOPES = {"incident", "aggregate"}
META_KEYS = {"id", "url", "title", "outlet", "published"}
INCIDENT_KEYS = {"date", "place", "admin", "country", "lat", "lon", "note"}

errors = []


def err(msg):
    errors.append(msg)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except Exception as e:  # noqa: BLE001
        err(f"{path}: invalid JSON ({e})")
        return None


def is_iso(s):
    try:
        date.fromisoformat(s)
        return isinstance(s, str) and len(s) == 10
    except Exception:  # noqa: BLE001
        return False


def check_range(where, r):
    if r is None:
        return
    if not isinstance(r, dict) or set(r) != {"min", "max", "approx"}:
        err(f"{where}: range must be {{min, max, approx}}: {r!r}"); return
    mn, mx, ap = r["min"], r["max"], r["approx"]
    for v in (mn, mx):
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            err(f"{where}: min/max must be non-negative int or null: {r!r}")
    if mn is None and mx is None:
        err(f"{where}: min and max both null: {r!r}")
    if isinstance(mn, int) and isinstance(mx, int) and mn > mx:
        err(f"{where}: min > max: {r!r}")
    if not isinstance(ap, bool):
        err(f"{where}: approx must be boolean: {r!r}")


HARM = re.compile(r"\b(kill|killed|killing|dead|death|deaths|died|die|bodies|lost|fatalit|wounded|wounding|injured|injuries|injuring|hurt|casualt|massacre|destroyed)", re.I)
QTY = re.compile(r"\b(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|scores|hundreds|hundred|thousands|several|a few|no)\b", re.I)


def lint(doc, text, spans):
    # sentence-ish split on . ! ? and newlines, keeping offsets
    for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
        s, e = m.span()
        sent = m.group(0)
        if HARM.search(sent) and QTY.search(sent):
            if not any(max(s, a) < min(e, b) for a, b in spans):
                print(f"  lint {doc}: uncovered: {sent.strip()[:160]!r}")


def main(argv):
    root = next((a for a in argv[1:] if not a.startswith("--")), os.path.dirname(os.path.abspath(__file__)))
    do_lint = "--lint" in argv
    ddir, gdir = os.path.join(root, "docs"), os.path.join(root, "gold")
    incidents = load_json(os.path.join(root, "incidents.json")) or {}
    if not isinstance(incidents, dict):
        err("incidents.json must be an object"); incidents = {}
    txt_ids = {f[:-4] for f in os.listdir(ddir) if f.endswith(".txt")}
    meta_ids = {f[:-10] for f in os.listdir(ddir) if f.endswith(".meta.json")}
    gold_ids = {f[:-5] for f in os.listdir(gdir) if f.endswith(".json")}
    for name, s in (("meta", meta_ids), ("gold", gold_ids)):
        for i in sorted(txt_ids - s):
            err(f"{i}: missing {name} file")
        for i in sorted(s - txt_ids):
            err(f"{i}: {name} file without docs/{i}.txt")

    used_keys = set()
    n_acc = 0
    for doc in sorted(txt_ids):
        raw = open(os.path.join(ddir, doc + ".txt"), "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            err(f"{doc}.txt: not UTF-8 ({e})"); continue
        nwords = len(text.split())
        if not 150 <= nwords <= 450:
            err(f"{doc}.txt: {nwords} words, outside 150-450")

        meta = load_json(os.path.join(ddir, doc + ".meta.json"))
        if isinstance(meta, dict):
            if set(meta) != META_KEYS:
                err(f"{doc}.meta.json: keys {sorted(meta)} != {sorted(META_KEYS)}")
            if meta.get("id") != doc:
                err(f"{doc}.meta.json: id {meta.get('id')!r} != {doc!r}")
            if not str(meta.get("url", "")).startswith("https://"):
                err(f"{doc}.meta.json: url must be https://...")
            for k in ("title", "outlet"):
                if not isinstance(meta.get(k), str) or not meta.get(k):
                    err(f"{doc}.meta.json: {k} must be a non-empty string")
            if meta.get("title") != text.split("\n", 1)[0].strip():
                err(f"{doc}.meta.json: title differs from the headline (first line)")
            p = meta.get("published")
            if p is not None and not is_iso(p):
                err(f"{doc}.meta.json: published must be YYYY-MM-DD or null: {p!r}")
        elif meta is not None:
            err(f"{doc}.meta.json: must be an object")

        gold = load_json(os.path.join(gdir, doc + ".json"))
        if not isinstance(gold, dict):
            if gold is not None:
                err(f"gold/{doc}.json: must be an object")
            continue
        if set(gold) != {"doc", "accounts", "named_victims"}:
            err(f"gold/{doc}.json: keys {sorted(gold)} != ['accounts', 'doc', 'named_victims']")
        if gold.get("doc") != doc:
            err(f"gold/{doc}.json: doc {gold.get('doc')!r} != {doc!r}")
        accounts = gold.get("accounts")
        if not isinstance(accounts, list):
            err(f"gold/{doc}.json: accounts must be a list"); accounts = []
        spans = []
        for i, a in enumerate(accounts):
            where = f"gold/{doc}.json account {i}"
            if not isinstance(a, dict):
                err(f"{where}: not an object"); continue
            n_acc += 1
            keys = set(a)
            if not ACCOUNT_KEYS <= keys or keys - ACCOUNT_KEYS - OPTIONAL_KEYS:
                err(f"{where}: keys {sorted(keys)}")
            q = a.get("quote")
            if not isinstance(q, str) or not q:
                err(f"{where}: quote must be a non-empty string"); continue
            qb = q.encode("utf-8")
            count = raw.count(qb)
            if count != 1:
                err(f"{where}: quote occurs {count} times: {q[:80]!r}")
            if count >= 1:
                st = raw.find(qb)
                spans.append((st, st + len(qb), i))
            check_range(where + " killed", a.get("killed"))
            check_range(where + " injured", a.get("injured"))
            if a.get("killed") is None and a.get("injured") is None:
                err(f"{where}: neither killed nor injured set")
            if a.get("victims") not in VICTIMS:
                err(f"{where}: victims {a.get('victims')!r}")
            sc, inc = a.get("scope"), a.get("incident")
            if sc not in SCOPES:
                err(f"{where}: scope {sc!r}")
            if sc == "aggregate" and inc is not None:
                err(f"{where}: aggregate account must have incident null")
            if sc == "incident":
                if inc not in incidents:
                    err(f"{where}: incident key {inc!r} not in incidents.json")
                else:
                    used_keys.add(inc)
            for k in ("blamed", "claimed_by"):
                if a.get(k) is not None and not isinstance(a.get(k), str):
                    err(f"{where}: {k} must be a string or null")
            if "casualties_ambiguous" in a and not isinstance(a["casualties_ambiguous"], bool):
                err(f"{where}: casualties_ambiguous must be boolean")
        spans.sort()
        for (s1, e1, i1), (s2, e2, i2) in zip(spans, spans[1:]):
            if s2 < e1:
                err(f"gold/{doc}.json: quotes of accounts {i1} and {i2} overlap")
        named = gold.get("named_victims")
        if not isinstance(named, list):
            err(f"gold/{doc}.json: named_victims must be a list"); named = []
        for j, nv in enumerate(named):
            where = f"gold/{doc}.json named_victims {j}"
            if not isinstance(nv, dict) or set(nv) != {"name", "harm", "incident"}:
                err(f"{where}: must be {{name, harm, incident}}"); continue
            if not isinstance(nv["name"], str) or nv["name"].encode("utf-8") not in raw:
                err(f"{where}: name {nv['name']!r} not found in the text")
            if nv["harm"] not in ("killed", "injured"):
                err(f"{where}: harm {nv['harm']!r}")
            if nv["incident"] not in incidents:
                err(f"{where}: incident key {nv['incident']!r} not in incidents.json")
        if do_lint:
            # character offsets for lint (text is str)
            cspans = []
            for a in accounts:
                if isinstance(a, dict) and isinstance(a.get("quote"), str):
                    s = text.find(a["quote"])
                    if s >= 0:
                        cspans.append((s, s + len(a["quote"])))
            lint(doc, text, cspans)

    key_re = re.compile(r"^[a-z0-9-]+-(\d{4}-\d{2}-\d{2})$")
    for k, v in incidents.items():
        where = f"incidents.json {k}"
        if not isinstance(v, dict) or set(v) != INCIDENT_KEYS:
            err(f"{where}: keys must be {sorted(INCIDENT_KEYS)}"); continue
        m = key_re.match(k)
        if not m:
            err(f"{where}: key must be <place>-<yyyy>-<mm>-<dd>")
        if not is_iso(v["date"]):
            err(f"{where}: bad date {v['date']!r}")
        elif m and m.group(1) != v["date"]:
            err(f"{where}: key date != date {v['date']}")
        for c, lim in (("lat", 90), ("lon", 180)):
            x = v[c]
            if not isinstance(x, (int, float)) or isinstance(x, bool) or not -lim <= x <= lim:
                err(f"{where}: bad {c} {x!r}")
        for c in ("place", "admin", "country", "note"):
            if not isinstance(v[c], str) or not v[c]:
                err(f"{where}: {c} must be a non-empty string")
        if k not in used_keys:
            err(f"{where}: key not used by any gold account")

    if errors:
        print("\n".join(errors))
        print(f"{len(txt_ids)} docs, {n_acc} accounts, {len(incidents)} incidents — {len(errors)} ERRORS")
        return 1
    print(f"{len(txt_ids)} docs, {n_acc} accounts, {len(incidents)} incidents — ALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
