#!/usr/bin/env python3
"""Checks that the pandas peer's results equal ZoomDash's: counts, then row by row.

    check.py STORE PEER_OUTPUT

STORE is a ZoomDash store after `zoomdashctl reanalyze`; PEER_OUTPUT what reanalyse.py wrote from
the same store. Compares every analysis column of the disconnections (meeting, identity, time,
name, class, leave reason, rejoin, time lost, source) and of the incidents (scope, meeting, start,
end, dropped, present, meetings), both sorted the same way. Exit 0 and one line when equal;
exit 1 naming the first differing row otherwise. Plain sqlite3, no pandas: the check must not
share the peer's mistakes.
"""
import sqlite3
import sys

DISCONNECTIONS = ("meeting_uuid, participant_key, time, participant_name, reason_class, leave_reason, "
                  "rejoined_after_s, lost_s, source")
INCIDENTS = 'scope, meeting_uuid, start, "end", dropped, present, meetings'
QUERIES = {
    "disconnections": f"SELECT {DISCONNECTIONS} FROM disconnections ORDER BY meeting_uuid, participant_key, time",
    "incidents": f"SELECT {INCIDENTS} FROM incidents ORDER BY scope, meeting_uuid, start",
}


def rows(path, query):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute(query).fetchall()


def main(store, peer):
    failures = []
    counts = []
    for table, query in QUERIES.items():
        ours, theirs = rows(store, query), rows(peer, query)
        counts.append(f"{table}={len(ours)}")
        if len(ours) != len(theirs):
            failures.append(f"{table}: ZoomDash has {len(ours)} rows, pandas {len(theirs)}")
        for index, (a, b) in enumerate(zip(ours, theirs)):
            if a != b:
                failures.append(f"{table}: first differing row, number {index + 1}: ZoomDash {a}, pandas {b}")
                break
        else:
            if len(ours) != len(theirs):
                extra = ours[len(theirs)] if len(ours) > len(theirs) else theirs[len(ours)]
                failures.append(f"{table}: first row only one side has: {extra}")
    if failures:
        print("check: pandas differs from ZoomDash\n  " + "\n  ".join(failures))
        return 1
    print("check: equal, " + " ".join(counts))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
