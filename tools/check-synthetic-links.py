#!/usr/bin/env python3
"""Compares a store ingested from `toll generate` output with the events the generator invented.

Usage: tools/check-synthetic-links.py REPORTS.jsonl STORE.db

The generator writes the reports of one event one after another, with the same town and
publication dates at most a day apart (two events of one town are weeks apart), so the events
can be read back from the JSONL. Prints events, incidents, documents, accounts, and how many
events were split over several incidents and incidents merged from several events.
"""
import collections
import json
import sqlite3
import sys


def events_of(path):
    event_of, last, n = {}, None, -1
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        town = r["title"].split(" in ", 1)[1].rsplit(" kills ", 1)[0]
        day = r["published"]
        if last is None or last[0] != town or abs(_days(day) - _days(last[1])) > 1:
            n += 1
        event_of[r["id"]] = n
        last = (town, day)
    return event_of, n + 1


def _days(iso):
    import datetime

    return datetime.date.fromisoformat(iso).toordinal()


def main():
    jsonl, db = sys.argv[1], sys.argv[2]
    event_of, events = events_of(jsonl)
    c = sqlite3.connect(db)
    count = lambda t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
    incidents_of = collections.defaultdict(set)
    events_in = collections.defaultdict(set)
    for doc_key, incident in c.execute(
        "SELECT d.doc_key, ai.incident_id FROM account_incidents ai "
        "JOIN accounts a ON a.id = ai.account_id JOIN documents d ON d.id = a.document_id"
    ):
        e = event_of[doc_key]
        incidents_of[e].add(incident)
        events_in[incident].add(e)
    placed = c.execute(
        "SELECT count(*) FROM incidents WHERE country IS NOT NULL OR lat IS NOT NULL"
    ).fetchone()[0]
    print(f"reports {len(event_of)}  events {events}  events linked {len(incidents_of)}")
    print(
        f"incidents {count('incidents')}  documents {count('documents')}  "
        f"accounts {count('accounts')}  links {count('account_incidents')}"
    )
    split = sum(1 for s in incidents_of.values() if len(s) > 1)
    merged = sum(1 for s in events_in.values() if len(s) > 1)
    print(f"events split over several incidents {split}  incidents merging several events {merged}")
    print(f"incidents with a country or coordinates {placed}")
    return 0 if split == 0 and merged == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
