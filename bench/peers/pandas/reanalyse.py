#!/usr/bin/env python3
"""The re-analysis of `zoomdashctl reanalyze`, written the way a competent pandas user would.

Reads only the columns the analysis needs from a ZoomDash store, finds the individual
disconnections and the meeting- and account-level incidents with the rules of docs/analysis.md
(§3 and §4), and writes them to a second SQLite file (tables `disconnections` and `incidents`),
as ZoomDash writes its own into the store. Call quality is not part of it: on a store without QoS,
ZoomDash's `quality_before` and causes carry no information the rules below would not give.

    reanalyse.py STORE OUTPUT [--reconnect-grace 120] [--window 60] [--min-participants 3]
                              [--min-fraction 0.2] [--account-min-meetings 3]

Prints one line of counts and per-phase seconds (read, disconnections, incidents, write).
"""
import argparse
import math
import re
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

RULES = [
    ("network connection error", "network"),
    ("client close", "client"),
    ("breakout room", "breakout"),
    ("host ended", "host_ended"),
    ("host closed", "host_ended"),
    ("host started a new meeting", "host_ended"),
    ("host started a new webinar", "host_ended"),
    ("host did not join", "host_ended"),
    ("exceeded free meeting minutes", "host_ended"),
    ("waiting room", "waiting_room"),
    ("removed by host", "removed"),
]
REASON_SPLIT = re.compile(r"reason *:")


def leave_class(text):
    """Zoom's free-text leave reason to a class (docs/analysis.md §2)."""
    if text is None or text == "":
        return "unknown"
    text = " ".join(text.lower().replace("<br>", " ").split())
    match = REASON_SPLIT.search(text)
    subject, reason = (text[: match.start()], text[match.end():].strip()) if match else (text, None)
    rule_text = reason if reason is not None else text
    for phrase, cls in RULES:
        if phrase in rule_text:
            return cls
    if "got disconnected" in subject:
        return "network"
    if "unknown reason" in rule_text:
        return "unknown"
    if "left the" in rule_text or "left the" in subject:
        return "voluntary"
    return "unknown"


def read(store):
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as connection:
        sessions = pd.read_sql(
            "SELECT meeting_uuid, participant_key, join_time, leave_time, name, leave_reason, source FROM participant_sessions "
            # The table's primary key: SQLite reads in this order anyway, so pandas need not sort.
            "ORDER BY meeting_uuid, participant_key, join_time",
            connection,
        )
        ends = pd.read_sql("SELECT uuid AS meeting_uuid, end_time FROM meetings WHERE end_time IS NOT NULL", connection)
    return sessions, ends


def disconnections(sessions, ends, grace):
    """§3: per identity in join order, a session end that is a drop."""
    s = sessions  # in (meeting, identity, join time) order
    # One integer per identity of a meeting: grouping by it is far cheaper than by two string columns.
    person = (s["meeting_uuid"].ne(s["meeting_uuid"].shift()) | s["participant_key"].ne(s["participant_key"].shift())).cumsum()
    leave = s["leave_time"].astype("float64")
    # The latest leave of the person's earlier sessions: a session ending inside it is covered.
    latest = leave.fillna(-np.inf).groupby(person, sort=False).cummax()
    s = s.assign(
        earlier_leave=latest.groupby(person, sort=False).shift(1).fillna(-np.inf),
        gap=s["join_time"].groupby(person, sort=False).shift(-1) - leave)
    s = s[leave.notna()]
    s = s[~((s["earlier_leave"] > s["leave_time"]) | (s["gap"] < 0))]

    classes = {text: leave_class(text) for text in s["leave_reason"].dropna().unique()}
    s = s.assign(leave_class=s["leave_reason"].map(classes).fillna("unknown"))
    inferred = (s["leave_class"] == "unknown") & (s["gap"] > 0) & (s["gap"] <= grace)
    s = s[s["leave_class"].isin(["network", "client"]) | inferred]
    s = s.assign(reason_class=np.where(inferred[s.index], "inferred", s["leave_class"]))

    s = s.merge(ends, on="meeting_uuid", how="left")
    rest = (s["end_time"].fillna(s["leave_time"]) - s["leave_time"]).clip(lower=0)
    drops = pd.DataFrame({
        "meeting_uuid": s["meeting_uuid"],
        "participant_key": s["participant_key"],
        "time": s["leave_time"].astype("int64"),
        "participant_name": s["name"],
        "reason_class": s["reason_class"],
        "leave_reason": s["leave_reason"],
        "rejoined_after_s": s["gap"].astype("Int64"),
        "lost_s": s["gap"].fillna(rest).astype("int64"),
        "source": s["source"],
    })
    return drops.sort_values(["meeting_uuid", "time", "participant_key"], ignore_index=True)


def greedy_clusters(groups, times, window):
    """The one loop: the earliest unclustered item opens a cluster taking all within `window`."""
    cluster = np.empty(len(times), dtype=np.int64)
    current, limit, previous_group = -1, 0, None
    for index, (group, t) in enumerate(zip(groups, times)):
        if group != previous_group or t > limit:
            current += 1
            limit = t + window
            previous_group = group
        cluster[index] = current
    return cluster


def incidents(drops, sessions, args):
    """§4: meeting-level clusters with enough of those present, then account-level ones."""
    d = drops.assign(cluster=greedy_clusters(drops["meeting_uuid"].to_numpy(), drops["time"].to_numpy(), args.window))
    clusters = d.groupby("cluster", sort=False).agg(
        meeting_uuid=("meeting_uuid", "first"), start=("time", "first"), end=("time", "last"),
        dropped=("participant_key", "nunique"))
    clusters = clusters[clusters["dropped"] >= args.min_participants].reset_index()

    # Present at the first drop: distinct identities with join <= t <= leave (open sessions count).
    candidates = sessions[sessions["meeting_uuid"].isin(clusters["meeting_uuid"])]
    at = clusters[["cluster", "meeting_uuid", "start"]].merge(candidates, on="meeting_uuid")
    at = at[(at["join_time"] <= at["start"]) & (at["leave_time"].isna() | (at["leave_time"] >= at["start"]))]
    present = at.groupby("cluster")["participant_key"].nunique().rename("present")
    clusters = clusters.merge(present, left_on="cluster", right_index=True, how="left")
    clusters["present"] = clusters["present"].fillna(0).astype("int64")
    required = np.maximum(args.min_participants, np.ceil(args.min_fraction * clusters["present"]).astype("int64"))
    meeting = clusters[clusters["dropped"] >= required].drop(columns="cluster")
    meeting = meeting.assign(scope="meeting", meetings=1)

    ordered = meeting.sort_values("start", kind="stable", ignore_index=True)
    ordered["cluster"] = greedy_clusters(np.zeros(len(ordered)), ordered["start"].to_numpy(), args.window)
    account = ordered.groupby("cluster").agg(
        start=("start", "first"), end=("end", "max"), dropped=("dropped", "sum"), present=("present", "sum"),
        meetings=("meeting_uuid", "nunique"))
    account = account[account["meetings"] >= args.account_min_meetings].assign(scope="account", meeting_uuid=None)
    columns = ["scope", "meeting_uuid", "start", "end", "dropped", "present", "meetings"]
    return pd.concat([meeting[columns], account[columns]], ignore_index=True)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("output")
    parser.add_argument("--reconnect-grace", type=int, default=120)
    parser.add_argument("--window", type=int, default=60)
    parser.add_argument("--min-participants", type=int, default=3)
    parser.add_argument("--min-fraction", type=float, default=0.2)
    parser.add_argument("--account-min-meetings", type=int, default=3)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    sessions, ends = read(args.store)
    read_done = time.perf_counter()
    drops = disconnections(sessions, ends, args.reconnect_grace)
    drops_done = time.perf_counter()
    found = incidents(drops, sessions, args)
    incidents_done = time.perf_counter()
    with sqlite3.connect(args.output) as connection:
        drops.to_sql("disconnections", connection, if_exists="replace", index=False)
        found.to_sql("incidents", connection, if_exists="replace", index=False)
    written = time.perf_counter()
    scopes = found["scope"].value_counts()
    print(
        f"pandas: sessions={len(sessions)} meetings={sessions['meeting_uuid'].nunique()} disconnections={len(drops)} "
        f"meeting_incidents={scopes.get('meeting', 0)} account_incidents={scopes.get('account', 0)} "
        f"read_s={read_done - started:.3f} disconnections_s={drops_done - read_done:.3f} "
        f"incidents_s={incidents_done - drops_done:.3f} write_s={written - incidents_done:.3f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
