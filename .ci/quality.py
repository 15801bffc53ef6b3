#!/usr/bin/env python3
"""Quality gate: runs `toll analyze` on the shared evaluation corpora and on the project's own
held-out corpus (eval/heldout), and fails below the thresholds.

usage: quality.py TOLL_BINARY SHARED_DIR
"""
import json, subprocess, sys, tempfile, os

# issue 2 (extraction core), issue 3 (dates and places >= 0.85) and issue 4 (linking B-cubed F1 >= 0.90)
DEV_MIN = {"figures_f1": 0.88, "victims_acc": 0.85, "scope_acc": 0.85, "place_acc_25km": 0.85,
           "date_acc": 0.85, "linking_f1": 0.90}
DEV_REPORTED = []
# the project's own held-out corpus (eval/heldout, six incidents outside dev): regression floors
HELDOUT_MIN = {"figures_f1": 0.85, "place_acc_25km": 0.70, "date_acc": 0.75, "linking_f1": 0.70}
HELDOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "heldout")


def score(toll, shared, corpus, root=None):
    root = root or os.path.join(shared, "corpus", corpus)
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", delete=False) as pred:
        subprocess.run([toll, "analyze", os.path.join(root, "docs"), "--format", "jsonl"],
                       stdout=pred, check=True)
        path = pred.name
    out = subprocess.run([sys.executable, os.path.join(shared, "eval", "score.py"), root, path, "--json"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    return json.loads(out)


def measures(scores):
    """The measures the floors are set on, from score.py's JSON."""
    return {"figures_f1": scores["figures"]["f1"], "victims_acc": scores["victims_acc"],
            "scope_acc": scores["scope_acc"], "place_acc_25km": scores["place_acc_25km"],
            "date_acc": scores["date_acc"], "linking_f1": scores["linking_bcubed"]["f1"]}


def main():
    toll, shared = sys.argv[1], sys.argv[2]
    ok = True
    dev = score(toll, shared, "dev")
    got = measures(dev)
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
    heldout = measures(score(toll, shared, "heldout", HELDOUT))
    for key, floor in HELDOUT_MIN.items():
        status = "ok" if heldout[key] >= floor else "FAIL"
        ok &= heldout[key] >= floor
        print(f"quality: heldout {key} {heldout[key]:.3f} (floor {floor:.2f}) {status}")
    for key in ("victims_acc", "scope_acc"):
        print(f"quality: heldout {key} {heldout[key]:.3f} (reported)")
    print("quality: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
