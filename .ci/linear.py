#!/usr/bin/env python3
"""Work per input stays linear (issue 14): adversarial inputs of two sizes, four times apart.

For each kind of adversarial text below, `toll analyze FILE --format jsonl` runs on an input of
SMALL bytes and on one four times larger; the time beyond a tiny input's (start-up, gazetteer), counted
as at least FLOOR seconds, must grow at most MAX_RATIO times (linear work grows 4 times, quadratic 16).
Each run is repeated and the fastest kept, so a busy machine does not fail it. The inputs are written
here, by us.

usage: linear.py TOLL_BINARY
"""
import gzip, os, subprocess, sys, tempfile, time

SMALL = 512 * 1024
MAX_RATIO = 10.0
FLOOR = 0.25
RUNS = 3


def repeated_sentence(n):
    s = "An air strike on the market in Mosul killed 12 civilians on Monday, officials said. "
    return s * (n // len(s))


def many_dates_one_line(n):
    s = "on 2 April 2017 the shelling went on, "
    return s * (n // len(s)) + "killing 4 people, officials said."


def many_places_one_sentence(n):
    s = "in Mosul, Raqqa, Aleppo, Idlib, Kabul, Kunduz, Sanaa, Hodeidah, "
    return "Strikes killed 9 people " + s * (n // len(s)) + "officials said."


def one_long_sentence_of_numbers(n):
    s = "12 and 14 and 1,200 and dozens and "
    return "Officials said " + s * (n // len(s)) + "people were killed."


def deep_html(n):
    head = "<html><body>" + "<div>" * 2000
    body = "<p>A strike killed 3 people in Mosul on Monday.</p></span>"
    return head + body * (max(0, n - len(head)) // len(body)) + "</body></html>"


def warc_gz_record(n):
    """One WARC resource record holding a repeated report, gzip-compressed (a small archive that
    expands to a large record, as in issue 14)."""
    block = repeated_sentence(n).encode()
    head = ("WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://example.org/report\r\n"
            "WARC-Date: 2023-06-01T12:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")


KINDS = [
    ("repeated harm sentence", repeated_sentence, ".txt"),
    ("many dates on one line", many_dates_one_line, ".txt"),
    ("many places in one sentence", many_places_one_sentence, ".txt"),
    ("one long sentence of numbers", one_long_sentence_of_numbers, ".txt"),
    ("deep HTML with unmatched end tags", deep_html, ".html"),
    ("one compressed WARC record of a repeated report", warc_gz_record, ".warc.gz"),
]


def seconds(toll, path):
    best = None
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([toll, "analyze", path, "--format", "jsonl"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best


def main():
    toll = sys.argv[1]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tiny = os.path.join(tmp, "tiny.txt")
        open(tiny, "w").write(repeated_sentence(200))
        base = seconds(toll, tiny)
        for name, make, ext in KINDS:
            times = []
            for size in (SMALL, 4 * SMALL):
                path = os.path.join(tmp, f"input-{size}{ext}")
                data = make(size)
                open(path, "wb").write(data if isinstance(data, bytes) else data.encode())
                times.append(max(seconds(toll, path) - base, FLOOR))
            ratio = times[1] / times[0]
            good = ratio <= MAX_RATIO
            ok &= good
            print(f"linear: {name}: {SMALL // 1024} KB {times[0]:.2f} s, {4 * SMALL // 1024} KB "
                  f"{times[1]:.2f} s, x{ratio:.1f} for x4 input (at most x{MAX_RATIO:.0f}) "
                  f"{'ok' if good else 'FAIL'}")
    print("linear: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
