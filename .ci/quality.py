#!/usr/bin/env python3
"""Quality gate: runs `toll analyze` on the shared evaluation corpora and fails below the thresholds.

usage: quality.py TOLL_BINARY SHARED_DIR
"""
import json, subprocess, sys, tempfile, os

# issue 2 (extraction core), issue 3 (dates and places >= 0.85) and issue 4 (linking B-cubed F1 >= 0.90)
DEV_MIN = {"figures_f1": 0.88, "victims_acc": 0.85, "scope_acc": 0.85, "place_acc_25km": 0.85,
           "date_acc": 0.85, "linking_f1": 0.90}
DEV_REPORTED = []


def score(toll, shared, corpus):
    root = os.path.join(shared, "corpus", corpus)
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as pred:
        subprocess.run([toll, "analyze", os.path.join(root, "docs"), "--format", "jsonl"],
                       stdout=pred, check=True)
        path = pred.name
    out = subprocess.run([sys.executable, os.path.join(shared, "eval", "score.py"), root, path, "--json"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    return json.loads(out)


def main():
    toll, shared = sys.argv[1], sys.argv[2]
    ok = True
    dev = score(toll, shared, "dev")
    got = {"figures_f1": dev["figures"]["f1"], "victims_acc": dev["victims_acc"], "scope_acc": dev["scope_acc"],
           "place_acc_25km": dev["place_acc_25km"], "date_acc": dev["date_acc"],
           "linking_f1": dev["linking_bcubed"]["f1"]}
    for key in DEV_REPORTED:
        print(f"quality: dev {key} {dev[key]:.3f} (reported, not enforced)")
    for key, floor in DEV_MIN.items():
        status = "ok" if got[key] >= floor else "FAIL"
        ok &= got[key] >= floor
        print(f"quality: dev {key} {got[key]:.3f} (floor {floor:.2f}) {status}")
    seeds = score(toll, shared, "seeds")
    found = seeds["figures"]["r"]
    status = "ok" if found >= 1.0 else "FAIL"
    ok &= found >= 1.0
    print(f"quality: seeds gold accounts found with the right figures {found:.3f} (must be 1.000) {status}")
    print("quality: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
