#!/usr/bin/env python3
"""A stand-in for zoomdashd's dashboard listener, for developing the pages without the daemon.

Serves the page shells (as the server renders them), /assets/ from Sources/Dashboard/Assets, and
/api/v1/* from fixtures.py, in the shapes of docs/dashboard-api.md, with the same
Content-Security-Policy. Not used by the product.

  python3 Tests/Browser/fixture_server.py --port 9466                   # everyone let in (loopback)
  python3 Tests/Browser/fixture_server.py --user alice:secret           # login page and session cookie
  python3 Tests/Browser/fixture_server.py --empty                       # every endpoint without data
  python3 Tests/Browser/fixture_server.py --fail /api/v1/people         # that endpoint answers 503
  python3 Tests/Browser/fixture_server.py --join-after 8 "Bea Watcher"  # that watched name joins 8 s after the first /api/v1/presence

POST /fixture/presence?user=NAME&status=in|left changes the room table (what a join webhook does).
Prints "fixture server on http://127.0.0.1:PORT" once listening (--port 0 picks a free port).
"""

import argparse
import csv
import io
import json
import mimetypes
import os
import secrets
import sys
import threading
import time as clock
import urllib.parse
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fixtures import UTC, XSS_NAME, Fixtures, iso, parse_time

ASSETS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "Dashboard", "Assets"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
TITLES = {"days": "Good and bad days", "today": "Today", "incidents": "Incidents", "incident": "Incident",
          "meeting": "Meeting", "people": "People to follow up", "rooms": "Rooms", "health": "Health", "overview": "Overview"}
NAV = [("days", "/", "Days"), ("today", "/today", "Today"), ("incidents", "/incidents", "Incidents"), ("people", "/people", "People"),
       ("rooms", "/rooms", "Rooms"), ("health", "/health", "Health")]


def esc(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def shell(page, ident, user, tz, anonymous=False):
    """A copy of Sources/Dashboard/Page.swift's shell."""
    nav = ""
    if not anonymous:
        current = lambda p: ' aria-current="page"' if p == page or (page == "incident" and p == "incidents") else ""
        nav = "<nav>" + "".join(f'<a href="{href}"{current(p)}>{label}</a>' for p, href, label in NAV) + "</nav>"
        if user:
            nav += f'<form class="logout" method="post" action="/logout"><span class="user">{esc(user)}</span><button type="submit">Log out</button></form>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ZoomDash · {esc(TITLES[page])}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script>
</head><body data-page="{page}" data-id="{esc(ident)}" data-user="{esc(user or '')}" data-anonymous="{'true' if anonymous else 'false'}" data-timezone="{esc(tz)}">
<header class="top"><a class="brand" href="{'/overview' if anonymous else '/'}">ZoomDash</a>{nav}</header>
<main id="main"><noscript>This dashboard needs JavaScript.</noscript></main></body></html>
"""


def login_page(next_path, error=None, username=""):
    """A copy of Sources/Dashboard/Page.swift's login page."""
    message = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ZoomDash · Log in</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/app.css">
</head><body class="login-page"><main class="login">
<h1>ZoomDash</h1>
<form method="post" action="/login">
{message}
<input type="hidden" name="next" value="{esc(next_path)}">
<label>User <input name="username" autocomplete="username" required value="{esc(username)}" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form></main></body></html>
"""


def leave_out_nulls(value):
    """As the API does: a field without a value is left out of the answer."""
    if isinstance(value, dict):
        return {k: leave_out_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [leave_out_nulls(v) for v in value]
    return value


class State:
    def __init__(self, args):
        self.args = args
        self.fx = Fixtures(tz=args.timezone, seed=args.seed)
        self.sessions = {}   # token -> user
        self.users = dict(u.split(":", 1) for u in args.user)
        self.lock = threading.Lock()
        self.join_at = None
        now = datetime.now(UTC).replace(microsecond=0)
        self.rooms = [
            {"meeting_id": 81234567890, "topic": "Lookout Room", "others": 2, "entries": [
                {"user": "Alice Becker", "status": "in", "last_join": iso(now - timedelta(minutes=41)), "last_left": None},
                {"user": "Bea Watcher", "status": "left", "last_join": iso(now - timedelta(hours=3)), "last_left": iso(now - timedelta(hours=2, minutes=12))},
                {"user": XSS_NAME, "status": "in", "last_join": iso(now - timedelta(minutes=7)), "last_left": iso(now - timedelta(minutes=9))},
                {"user": "Carl Demir", "status": "left", "last_join": None, "last_left": None},
            ]},
            {"meeting_id": 85550001111, "topic": None, "others": 0, "entries": [
                {"user": "Dana Fischer", "status": "left", "last_join": iso(now - timedelta(days=1, hours=2)), "last_left": iso(now - timedelta(days=1))},
            ]},
        ]

    def set_presence(self, user, status):
        now = iso(datetime.now(UTC).replace(microsecond=0))
        with self.lock:
            for room in self.rooms:
                for e in room["entries"]:
                    if e["user"] == user:
                        e["status"] = status
                        e["last_join" if status == "in" else "last_left"] = now
                        return True
        return False


class Handler(BaseHTTPRequestHandler):
    server_version = "zoomdash-fixture"
    state: State = None

    def log_message(self, fmt, *args):
        if self.state.args.verbose:
            sys.stderr.write("fixture: " + (fmt % args) + "\n")

    # --- plumbing --------------------------------------------------------------------------------
    def send(self, status, body, ctype="application/json; charset=utf-8", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, status, obj):
        self.send(status, json.dumps(leave_out_nulls(obj), ensure_ascii=False, indent=1))

    def error(self, status, message):
        self.json(status, {"error": message})

    def redirect(self, location, headers=()):
        self.send(303, "", "text/plain", [("Location", location), *headers])

    def user(self):
        """The logged-in user, "" when everyone is let in (no --user), None without a session."""
        if not self.state.users:
            return ""
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "zoomdash_session" and value in self.state.sessions:
                return self.state.sessions[value]
        return None

    def session_ok(self):
        return self.user() is not None

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        return dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))

    # --- routes ----------------------------------------------------------------------------------
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        q = dict(urllib.parse.parse_qsl(url.query))
        if self.state.args.slow:
            clock.sleep(self.state.args.slow / 1000)
        if path.startswith("/assets/"):
            return self.asset(path[len("/assets/"):])
        if path == "/login":
            return self.send(200, login_page(q.get("next", "/")), "text/html; charset=utf-8")
        anon_ok = path in ("/overview", "/api/v1/overview") and self.state.args.anonymous_overview
        if not anon_ok and not self.session_ok():
            if path.startswith("/api/"):
                return self.error(401, "log in first (the login page, or HTTP Basic for scripts)")
            return self.redirect("/login?next=" + urllib.parse.quote(self.path, safe=""))
        if path.startswith("/api/v1/"):
            if path in self.state.args.fail:
                return self.error(503, "the store could not be read (fixture --fail); try again in a minute")
            try:
                return self.api(path[len("/api/v1/"):], q)
            except BadParam as e:
                return self.error(400, str(e))
        pages = {"/": "days", "/today": "today", "/incidents": "incidents", "/people": "people",
                 "/rooms": "rooms", "/health": "health", "/overview": "overview"}
        user = self.user() or ""
        if path in pages:
            page = pages[path]
            return self.send(200, shell(page, "", user, self.state.fx.tz_name, anonymous=page == "overview" and self.user() is None),
                             "text/html; charset=utf-8")
        for prefix, page in (("/incidents/", "incident"), ("/meetings/", "meeting")):
            if path.startswith(prefix) and len(path) > len(prefix):
                ident = urllib.parse.unquote(path[len(prefix):])
                return self.send(200, shell(page, ident, user, self.state.fx.tz_name), "text/html; charset=utf-8")
        self.send(404, "<!doctype html><title>Not found</title><p>Not found.</p>", "text/html; charset=utf-8")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/login":
            f = self.form()
            nxt = f.get("next", "/")
            if not nxt.startswith("/") or nxt.startswith("//"):
                nxt = "/"
            if self.state.users.get(f.get("username")) == f.get("password", None) and f.get("username") in self.state.users:
                token = secrets.token_urlsafe(24)
                self.state.sessions[token] = f["username"]
                return self.redirect(nxt, [("Set-Cookie", f"zoomdash_session={token}; Path=/; HttpOnly; SameSite=Strict")])
            return self.send(401, login_page(nxt, "Wrong user name or password.", f.get("username", "")), "text/html; charset=utf-8")
        if url.path == "/logout":
            return self.redirect("/login", [("Set-Cookie", "zoomdash_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")])
        if url.path == "/fixture/presence":
            ok = self.state.set_presence(q.get("user", ""), q.get("status", "in"))
            return self.json(200 if ok else 404, {"ok": ok})
        self.error(405, "read-only")

    def asset(self, name):
        if "/" in name or name.startswith("."):
            return self.send(404, "not found", "text/plain")
        file = os.path.join(ASSETS, name)
        if not os.path.isfile(file):
            return self.send(404, "not found", "text/plain")
        ctype = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".svg": "image/svg+xml"}.get(os.path.splitext(name)[1]) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        with open(file, "rb") as fh:
            self.send(200, fh.read(), ctype)

    # --- the API ---------------------------------------------------------------------------------
    def api(self, route, q):
        fx = self.state.fx
        empty = self.state.args.empty
        if route in ("days", "overview"):
            lo, hi = self.range(q, 180)
            body = self.days(lo, hi, empty)
            if q.get("format") == "csv":
                return self.csv(route, body["days"], lambda d: d)
            return self.json(200, body)
        if route == "today":
            return self.json(200, self.today(empty))
        if route == "incidents":
            lo, hi = self.range(q, 30)
            limit = self.limit(q, 1000, 5000)
            rows = [] if empty else [i for i in fx.incidents if lo <= parse_time(i["start"], fx.tz) < hi]
            for key in ("scope", "cause"):
                if q.get(key):
                    allowed = {"scope": ("meeting", "account"), "cause": ("local_network", "zoom_or_shared", "unknown")}[key]
                    if q[key] not in allowed:
                        raise BadParam(f"{key}: {json.dumps(q[key])} is not one of {', '.join(allowed)}")
                    rows = [i for i in rows if i[key] == q[key]]
            for key in ("topic", "host"):
                if q.get(key):
                    rows = [i for i in rows if q[key].lower() in (i[key] or "").lower()]
            if q.get("format") == "csv":
                return self.csv("incidents", rows[:limit], lambda i: {
                    "incident_id": i["id"], "scope": i["scope"], "meeting_uuid": i["meeting_uuid"], "meeting_id": i["meeting_id"],
                    "topic": i["topic"], "start": i["start"], "end": i["end"], "dropped": i["dropped"], "present": i["present"],
                    "meetings": i["meetings"], "cause": i["cause"], **{k: v for k, v in i["evidence"].items() if k != "meeting_uuids"}})
            return self.json(200, fx.envelope(incidents=rows[:limit], truncated=len(rows) > limit))
        if route.startswith("incidents/"):
            ident = route[len("incidents/"):]
            inc = next((i for i in fx.incidents if str(i["id"]) == ident), None)
            if inc is None or empty:
                return self.error(404, f"no incident {ident} (it may have been withdrawn by a re-analysis)")
            uuids = inc["evidence"]["meeting_uuids"] or [inc["meeting_uuid"]]
            meetings = [fx.meetings[u]["meeting"] for u in uuids]
            lo = parse_time(inc["start"], fx.tz) - timedelta(minutes=1)
            hi = parse_time(inc["end"], fx.tz) + timedelta(minutes=1)
            drops = [fx.public_drop(d) for u in uuids for d in fx.meetings[u]["drops"]
                     if lo <= parse_time(d["time"], fx.tz) <= hi]
            drops.sort(key=lambda d: d["time"])
            return self.json(200, fx.envelope(incident=inc, meetings=[
                {k: m[k] for k in ("uuid", "meeting_id", "topic", "start", "end")} for m in meetings], drops=drops))
        if route.startswith("meetings/"):
            uuid = urllib.parse.unquote(route[len("meetings/"):])
            m = fx.meetings.get(uuid)
            if m is None or empty:
                return self.error(404, f"no meeting {uuid}")
            return self.json(200, fx.envelope(**{**m, "drops": [fx.public_drop(d) for d in m["drops"]]}))
        if route == "disconnections":
            lo, hi = self.range(q, 7)
            limit = self.limit(q, 5000, 50000)
            rows = [] if empty else [d for d in fx.all_drops() if lo <= parse_time(d["time"], fx.tz) < hi
                                     and d["reason_class"] in ("network", "client", "inferred")]
            if q.get("meeting"):
                rows = [d for d in rows if d["meeting_uuid"] == q["meeting"]]
            if q.get("participant"):
                rows = [d for d in rows if d["participant_key"] == q["participant"]]
            rows = [fx.disconnection(d) for d in sorted(rows, key=lambda d: d["time"], reverse=True)]
            if q.get("format") == "csv":
                return self.csv("disconnects", rows[:limit], lambda d: {**d, "participant_name": d["name"]})
            return self.json(200, fx.envelope(truncated=len(rows) > limit, disconnections=rows[:limit]))
        if route == "people":
            lo, hi = self.range(q, 30)
            limit = self.limit(q, 100, 5000)
            everyone = [] if empty else self.people(lo, hi)
            people = everyone[:limit]
            if q.get("format") == "csv":
                return self.csv("people", people, lambda p: {"participant_key": p["participant_key"], "participant_name": p["name"],
                                                               **{k: p[k] for k in ("drops", "meetings", "lost_s", "last_drop", "poor_before", "topics")}})
            return self.json(200, fx.envelope(people=people, truncated=len(everyone) > limit))
        if route == "presence":
            body = self.presence(empty)
            if q.get("format") == "csv":
                return self.csv("presence", [dict(e, meeting_id=r["meeting_id"]) for r in body["rooms"] for e in r["entries"]], lambda e: e)
            return self.json(200, body)
        if route == "health":
            return self.json(200, self.health())
        return self.error(404, f"no API endpoint /api/v1/{route}")

    def range(self, q, default_days):
        fx = self.state.fx
        lo, hi = fx.default_range(default_days)
        for key in ("from", "to"):
            if key in q:
                try:
                    t = parse_time(q[key], fx.tz)
                except ValueError:
                    raise BadParam(f"{key}: {json.dumps(q[key])} is not a date (YYYY-MM-DD) or an ISO 8601 time")
                if key == "from":
                    lo = t
                else:
                    hi = t
        return lo, hi

    def limit(self, q, default, most):
        if "limit" not in q:
            return default
        try:
            n = int(q["limit"])
        except ValueError:
            n = -1
        if not 1 <= n <= most:
            raise BadParam(f"limit: {json.dumps(q['limit'])} is not a number from 1 to {most}")
        return n

    def csv(self, name, rows, shape):
        out = io.StringIO()
        shaped = [shape(r) for r in rows]
        w = csv.DictWriter(out, fieldnames=list(shaped[0].keys()) if shaped else ["empty"], extrasaction="ignore", lineterminator="\r\n")
        w.writeheader()
        for r in shaped:
            w.writerow({k: "; ".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in r.items()})
        self.send(200, out.getvalue(), "text/csv; charset=utf-8",
                  [("Content-Disposition", f'attachment; filename="{name}.csv"')])

    def days(self, lo, hi, empty):
        fx = self.state.fx
        rows = [] if empty else [d for d in fx.day_rows if lo <= fx.local_midnight(datetime.fromisoformat(d["date"]).date()) < hi]
        weeks = {}
        for d in rows:
            day = datetime.fromisoformat(d["date"]).date()
            monday = (day - timedelta(days=day.weekday())).isoformat()
            w = weeks.setdefault(monday, {"week": monday, "meetings": 0, "sessions": 0, "participant_hours": 0.0,
                                          "drops": 0, "rate": None, "meeting_incidents": 0, "account_incidents": 0})
            for k in ("meetings", "sessions", "participant_hours", "drops", "meeting_incidents", "account_incidents"):
                w[k] += d[k]
        for w in weeks.values():
            w["participant_hours"] = round(w["participant_hours"], 1)
            w["rate"] = round(w["drops"] / w["participant_hours"] * 100, 2) if w["participant_hours"] else None
        total_ph = sum(d["participant_hours"] for d in rows)
        total_drops = sum(d["drops"] for d in rows)
        shape = {7: 0.01, 8: 0.16, 9: 0.17, 10: 0.16, 11: 0.15, 12: 0.12, 13: 0.11, 14: 0.07, 15: 0.04, 16: 0.008, 17: 0.002}
        tilt = {7: 2.4, 8: 1.5, 9: 1.0, 10: 0.85, 11: 0.9, 12: 1.0, 13: 1.05, 14: 0.95, 15: 0.9, 16: 1.2, 17: 3.0}
        norm = sum(shape[h] * tilt[h] for h in shape)
        hours = []
        for h in range(24):
            ph = round(total_ph * shape.get(h, 0), 1)
            drops = round(total_drops * shape.get(h, 0) * tilt.get(h, 0) / norm)
            hours.append({"hour": h, "participant_hours": ph, "drops": drops, "rate": round(drops / ph * 100, 2) if ph else None})
        bad = [] if empty else [{"id": i["id"], "start": i["start"], "end": i["end"], "meetings": i["meetings"],
                                 "dropped": i["dropped"], "present": i["present"], "cause": i["cause"]}
                                for i in fx.incidents if i["scope"] == "account" and lo <= parse_time(i["start"], fx.tz) < hi]
        return fx.envelope(**{"from": iso(lo), "to": iso(hi), "days": rows, "weeks": sorted(weeks.values(), key=lambda w: w["week"]),
                              "hours": hours, "bad_moments": bad})

    def today(self, empty):
        fx = self.state.fx
        now = datetime.now(UTC).replace(microsecond=0)
        live = [] if empty else fx.live
        midnight = fx.local_midnight(fx.today)
        last_event = None if empty else now - timedelta(seconds=14)
        return fx.envelope(
            live={"meetings": [{"uuid": m["meeting"]["uuid"], "meeting_id": m["meeting"]["meeting_id"], "topic": m["meeting"]["topic"],
                                "start": m["meeting"]["start"], "participants": sum(1 for p in m["participants"] if p["connections"] and p["connections"][-1]["leave"] is None)}
                               for m in live],
                  "participants": sum(sum(1 for p in m["participants"] if p["connections"] and p["connections"][-1]["leave"] is None) for m in live)},
            last_hour={"drops": 0, "by_cause": {}} if empty else {"drops": 12, "by_cause": {"network": 9, "client": 3}},
            incidents=[] if empty else [i for i in fx.incidents if parse_time(i["start"], fx.tz) >= midnight],
            webhooks={"last_event_at": iso(last_event), "seconds_since": None if empty else 14},
            websocket=None,
            budget=None if empty else {"light_remaining": 78, "medium_remaining": 59, "heavy_remaining": 36, "heavy_daily_remaining": 38990})

    def people(self, lo, hi):
        fx = self.state.fx
        by = {}
        for d in fx.all_drops():
            if d["reason_class"] not in ("network", "client") or not lo <= parse_time(d["time"], fx.tz) < hi:
                continue
            p = by.setdefault(d["participant_key"], {"participant_key": d["participant_key"], "name": d["name"], "drops": 0,
                                                     "meetings": set(), "lost_s": 0, "last_drop": d["time"], "topics": set(), "poor_before": 0})
            p["drops"] += 1
            p["meetings"].add(d["meeting_uuid"])
            p["lost_s"] += d["_lost"]
            p["last_drop"] = max(p["last_drop"], d["time"])
            p["topics"].add(fx.meetings[d["meeting_uuid"]]["meeting"]["topic"])
            p["poor_before"] += d["quality_before"] == "poor"
        out = []
        for p in by.values():
            out.append({**p, "meetings": len(p["meetings"]), "topics": sorted(p["topics"])})
        out.sort(key=lambda p: (-p["drops"], p["name"]))
        return out

    def presence(self, empty):
        fx = self.state.fx
        st = self.state
        if st.args.join_after and st.join_at is None:
            st.join_at = clock.monotonic() + st.args.join_after[0]
        if st.join_at is not None and clock.monotonic() >= st.join_at:
            st.set_presence(st.args.join_after[1], "in")
            st.join_at = float("inf")
        with st.lock:
            rooms = [] if empty else [{"meeting_id": r["meeting_id"], "topic": r["topic"],
                                       "in_room": sum(e["status"] == "in" for e in r["entries"]) + r["others"],
                                       "others_in_room": r["others"], "entries": [dict(e) for e in r["entries"]]} for r in st.rooms]
        return fx.envelope(rooms=rooms)

    def health(self):
        fx = self.state.fx
        now = datetime.now(UTC).replace(microsecond=0)
        ago = lambda s: iso(now - timedelta(seconds=s))
        return fx.envelope(
            version="0.9.0", started_at=iso(fx.started_at),
            store={"path": "/var/lib/zoomdash/zoomdash.sqlite", "bytes": 734_003_200, "schema": 8, "meetings": 118_204,
                   "sessions": 2_911_873, "first_meeting": fx.day_rows[0]["date"] + "T07:02:11Z" if fx.day_rows else None,
                   "last_meeting": ago(120)},
            collectors=[
                {"name": "participants", "last_run": ago(190), "ok": True, "error": None, "last_success": ago(190), "runs": 612, "failed_runs": 3},
                {"name": "zoom.qos", "last_run": ago(75), "ok": True, "error": None, "last_success": ago(75), "runs": 2004, "failed_runs": 0},
                {"name": "meetings", "last_run": ago(1800), "ok": False, "error": "Zoom answered 429 (daily limit of the heavy lane); next try at 00:00 Zoom time",
                 "last_success": ago(86400 + 600), "runs": 80, "failed_runs": 9}],
            sinks=[
                {"name": "csv", "last_run": ago(40), "ok": True, "error": None, "last_success": ago(40), "waiting": 0},
                {"name": "zoho", "last_run": ago(300), "ok": False, "error": "Zoho answered 8535 (invalid OAuth token) twice; renewing the token failed: invalid_client",
                 "last_success": ago(7200), "waiting": 1840},
                {"name": "chat", "last_run": ago(600), "ok": True, "error": None, "last_success": ago(600), "waiting": 0}],
            webhooks={"last_event_at": ago(14), "seconds_since": 14}, websocket=None,
            qos_backlog=3, analysis_backlog=0, triggered_fetches=2)


class BadParam(Exception):
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9466)
    ap.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD", help="require a login with this account (repeatable)")
    ap.add_argument("--anonymous-overview", action="store_true", help="/overview and /api/v1/overview open without a login")
    ap.add_argument("--timezone", default="Europe/Berlin")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--empty", action="store_true", help="every endpoint answers without data")
    ap.add_argument("--fail", action="append", default=[], metavar="PATH", help="this API path answers 503")
    ap.add_argument("--slow", type=int, default=0, metavar="MS", help="delay every answer")
    ap.add_argument("--join-after", nargs=2, metavar=("SECONDS", "NAME"), help="NAME joins its room SECONDS after the first /api/v1/presence")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.join_after:
        args.join_after = (float(args.join_after[0]), args.join_after[1])
    Handler.state = State(args)
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.daemon_threads = True
    print(f"fixture server on http://{args.host}:{httpd.server_address[1]}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
