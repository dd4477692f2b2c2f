"""Deterministic fake data in the shapes of docs/dashboard-api.md, for fixture_server.py.

Not used by the product. Everything is generated from a seed and "now", so the pages always have
a recent half year to show: school days with a usual rate, a few bad days with account-level
incidents ("Zoom bad moments"), holidays without meetings, live meetings right now, and the two
hostile strings the escaping tests need (XSS_NAME as a participant of class 7B, XSS_TOPIC as one
of 7B's topics, both in the newest incident).
"""

import base64
import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_TOPIC = 'Quote "7B" </script>'

FIRST = ["Ana", "Ben", "Chloé", "David", "Elif", "Finn", "Greta", "Hamza", "Ida", "Jonas", "Kemal", "Lea",
         "Mats", "Nora", "Oskar", "Paula", "Quentin", "Rosa", "Sami", "Tilda", "Umut", "Vera", "Wiebke",
         "Xaver", "Yusuf", "Zoe", "Aylin", "Bruno", "Clara", "Dario", "Emma", "Fatima", "Gustav", "Hanna",
         "Ilias", "Jana", "Karl", "Lina", "Milan", "Nele"]
LAST = ["Becker", "Demir", "Fischer", "Hoffmann", "Jung", "Kaya", "Klein", "Krüger", "Lang", "Meyer",
        "Neumann", "Öztürk", "Richter", "Schmidt", "Schulz", "Wagner", "Weber", "Wolf", "Yılmaz", "Zimmermann"]
SUBJECTS = ["Math", "English", "German", "Biology", "History", "Art", "Physics", "Chemistry", "French",
            "Music", "Geography", "Ethics"]
CLASSES = ["5A", "5B", "6A", "6B", "7A", "7B", "8A", "8B", "9A", "9B", "10A", "10B"]
LEAVE = {
    "network": "got disconnected from the meeting. Reason : Network connection error.",
    "client": "got disconnected from the meeting. Reason : Client Close.",
    "voluntary": "left the meeting. Reason : left the meeting.",
    "host_ended": "left the meeting. Reason : Host ended the meeting.",
}


def iso(t):
    return None if t is None else t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text, tz):
    """A `from`/`to` value: a local date (midnight in tz) or an ISO 8601 time. ValueError otherwise."""
    try:
        d = date.fromisoformat(text)
        return datetime.combine(d, time(0), tz).astimezone(UTC)
    except ValueError:
        pass
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        raise ValueError("no zone")
    return t.astimezone(UTC)


class Fixtures:
    def __init__(self, now=None, seed=12, tz="Europe/Berlin", days=200):
        self.tz = ZoneInfo(tz)
        self.tz_name = tz
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.today = self.now.astimezone(self.tz).date()
        self.rng = random.Random(seed)
        self.started_at = self.now - timedelta(hours=51, minutes=7)
        self.teachers = {}
        self.rosters = {c: self._roster(c) for c in CLASSES}
        self.meetings = {}      # uuid -> meeting detail (the /api/v1/meetings/{uuid} body without envelope)
        self.incidents = []     # <incident>, newest first once built
        self.day_rows = []
        self._build(days)

    # --- people and meetings -------------------------------------------------------------------
    def _roster(self, cls):
        r = random.Random("roster-" + cls)
        names = set()
        while len(names) < 24:
            names.add(f"{r.choice(FIRST)} {r.choice(LAST)}")
        names = sorted(names)
        if cls == "7B":
            names[3] = XSS_NAME
        return [("p_" + base64.b32encode(n.encode()).decode()[:10].lower(), n) for n in names]

    def _teacher(self, cls, subject):
        r = random.Random("teacher-" + cls + subject)
        last = r.choice(LAST)
        first = r.choice(FIRST)
        return f"{first[0].lower()}.{last.lower().replace('ü', 'ue').replace('ö', 'oe').replace('ı', 'i')}@school.example", f"{first} {last}"

    def _uuid(self):
        return base64.b64encode(self.rng.randbytes(16)).decode()

    def _topic(self, cls):
        if cls == "7B" and self.rng.random() < 0.3:
            return XSS_TOPIC
        return f"{cls} {self.rng.choice(SUBJECTS)}"

    def _meeting(self, start, minutes, cls, collective=(), live=False, qos=True, source="dashboard", topic=None):
        """Build one meeting detail. collective: [(time, kind, share)] kind 'local' or 'shared'."""
        rng = self.rng
        uuid = self._uuid()
        topic = topic or self._topic(cls)
        subject = topic.split(" ", 1)[-1]
        host, teacher = self._teacher(cls, subject)
        end = None if live else start + timedelta(minutes=minutes)
        until = end or self.now
        roster = self.rosters[cls]
        people = [("h_" + host.split("@")[0].replace(".", "_"), teacher)] + \
            rng.sample(roster, k=min(len(roster), rng.randint(18, 24)))
        if cls == "7B" and all(n != XSS_NAME for _, n in people):
            people.append(next(p for p in roster if p[1] == XSS_NAME))
        participants, drops = [], []
        # who drops in each collective moment
        chosen = []
        for (t, kind, share) in collective:
            k = max(3, int(len(people) * share))
            keys = set(rng.sample([p[0] for p in people[1:]], k))
            keys.update(p[0] for p in people if p[1] == XSS_NAME)
            chosen.append((t, kind, keys))
        for i, (key, name) in enumerate(people):
            join = start + timedelta(seconds=0 if i == 0 else rng.randint(0, 200))
            events = []   # (time, reason_class)
            for (t, kind, keys) in chosen:
                if key in keys:
                    events.append((t + timedelta(seconds=rng.randint(0, 12)), "network" if rng.random() < 0.85 else "client", kind))
            if rng.random() < 0.18 or name == XSS_NAME:
                span = int((until - join).total_seconds())
                if span > 600:
                    events.append((join + timedelta(seconds=rng.randint(300, span - 120)),
                                   "network" if rng.random() < 0.75 else "client", None))
            events.sort(key=lambda e: e[0])
            poor = set()
            if qos:
                for (t, rc, kind) in events:
                    if kind == "local" or (kind is None and rng.random() < 0.5) or (kind == "shared" and rng.random() < 0.15):
                        m0 = t.replace(second=0)
                        for back in range(1, rng.randint(2, 4)):
                            poor.add(m0 - timedelta(minutes=back))
                if rng.random() < 0.15:
                    total = int((until - start).total_seconds() // 60)
                    for _ in range(rng.randint(1, 4)):
                        poor.add(start.replace(second=0) + timedelta(minutes=rng.randint(1, max(1, total - 1))))
            conns = []
            cur = join
            gone = False
            for (t, rc, kind) in events:
                if t <= cur + timedelta(seconds=30) or t >= until - timedelta(seconds=30):
                    continue
                back = None if rng.random() < 0.12 else rng.randint(15, 150)
                if back is not None and t + timedelta(seconds=back) >= until:
                    back = None
                reason = "inferred" if source == "report" else rc
                leave_reason = None if source == "report" else LEAVE[rc]
                conns.append({"join": iso(cur), "leave": iso(t), "leave_reason": leave_reason,
                              "reason_class": "unknown" if source == "report" else rc})
                qb = "unknown"
                if qos:
                    qb = "poor" if any(t - timedelta(minutes=3) <= m < t for m in poor) else "ok"
                lost = back if back is not None else int((until - t).total_seconds())
                drops.append({"meeting_uuid": uuid, "participant_key": key, "name": name, "time": iso(t),
                              "reason_class": reason, "leave_reason": leave_reason, "rejoined_after_s": back,
                              "quality_before": qb, "_lost": lost, "_kind": kind})
                if back is None:
                    gone = True
                    break
                cur = t + timedelta(seconds=back)
            if not gone:
                if live:
                    conns.append({"join": iso(cur), "leave": None, "leave_reason": None, "reason_class": None})
                else:
                    early = i > 0 and rng.random() < 0.1
                    leave = until - timedelta(seconds=rng.randint(60, 600)) if early else until
                    if leave <= cur:
                        leave = until
                    rc = "voluntary" if early else "host_ended"
                    conns.append({"join": iso(cur), "leave": iso(leave),
                                  "leave_reason": None if source == "report" else LEAVE[rc],
                                  "reason_class": "unknown" if source == "report" else rc})
            participants.append({"participant_key": key, "name": name, "connections": conns,
                                 "poor_minutes": [iso(m) for m in sorted(poor)]})
        drops.sort(key=lambda d: d["time"])
        minutes_total = sum(int((until - start).total_seconds() // 60) for _ in people)
        poor_total = sum(len(p["poor_minutes"]) for p in participants)
        meeting = {
            "meeting": {"uuid": uuid, "meeting_id": rng.randint(81000000000, 89999999999), "topic": topic,
                        "host": host, "start": iso(start), "end": iso(end), "source": source},
            "participants": participants,
            "drops": drops,
            "incidents": [],
            "quality": ({"participant_minutes": minutes_total, "poor_minutes": poor_total,
                         "worst_cause": rng.choice(["audio.loss", "video.jitter", "network.latency"])}
                        if qos else None),
        }
        self.meetings[uuid] = meeting
        return meeting

    def _evidence(self, dropped_drops, meeting_list, t):
        with_data = [d for d in dropped_drops if d["quality_before"] != "unknown"]
        poor = [d for d in with_data if d["quality_before"] == "poor"]
        dropped_keys = {(d["meeting_uuid"], d["participant_key"]) for d in dropped_drops}
        others_with, others_poor = 0, 0
        for m in meeting_list:
            if m["quality"] is None:
                continue
            for p in m["participants"]:
                if (m["meeting"]["uuid"], p["participant_key"]) in dropped_keys:
                    continue
                others_with += 1
                if any(t - timedelta(minutes=3) <= datetime.fromisoformat(x.replace("Z", "+00:00")) <= t
                       for x in p["poor_minutes"]):
                    others_poor += 1
        if not with_data:
            cause = "unknown"
        elif len(poor) * 2 >= len(with_data) and others_poor * 5 < max(1, others_with) and len(meeting_list) == 1:
            cause = "local_network"
        else:
            cause = "zoom_or_shared"
        r = self.rng
        alerts = []
        if r.random() < 0.4:
            alerts.append(r.choice(["Audio: high packet loss (3 participants)", "Network: high latency",
                                    "Video: low frame rate (CPU)", "Zoom: connection to the data centre lost"]))
        return cause, {
            "dropped_with_data": len(with_data), "dropped_poor": len(poor),
            "others_with_data": others_with, "others_poor": others_poor,
            "data_centres": r.choice([["Frankfurt"], ["Frankfurt"], ["Frankfurt", "Amsterdam"], ["Amsterdam"]]),
            "network_types": r.choice([["Wifi"], ["Wifi", "Wired"], ["Wired"], ["Wifi", "Cellular"]]),
            "alerts": alerts, "meeting_uuids": [],
        }

    def _meeting_incident(self, meeting, t, kind):
        window = [d for d in meeting["drops"] if d["_kind"] == kind and
                  abs((datetime.fromisoformat(d["time"].replace("Z", "+00:00")) - t).total_seconds()) < 60]
        if len(window) < 3:
            return None
        times = sorted(d["time"] for d in window)
        cause, ev = self._evidence(window, [meeting], t)
        m = meeting["meeting"]
        inc = {"id": 0, "scope": "meeting", "meeting_uuid": m["uuid"], "meeting_id": m["meeting_id"],
               "topic": m["topic"], "host": m["host"], "start": times[0], "end": times[-1],
               "dropped": len(window), "present": len(meeting["participants"]), "meetings": 1,
               "cause": cause, "evidence": ev}
        meeting["incidents"].append(inc)
        self.incidents.append(inc)
        return inc, window

    # --- the half year -------------------------------------------------------------------------
    def _school_time(self, d, hour, minute):
        return datetime.combine(d, time(hour, minute), self.tz).astimezone(UTC)

    def _build(self, ndays):
        rng = self.rng
        first = self.today - timedelta(days=ndays - 1)
        holiday = (self.today - timedelta(days=75), self.today - timedelta(days=62))
        day = first
        while day <= self.today:
            wd = day.weekday()
            if holiday[0] <= day <= holiday[1]:
                day += timedelta(days=1)
                continue        # not listed at all: the page must fill the gap
            if wd >= 5:
                n = rng.choice([0, 0, 0, 4, 7]) if wd == 5 else 0
                ph = round(n * rng.uniform(8, 14), 1)
                rate = rng.uniform(1, 3) if ph else None
                bad, minc = 0, 0
            else:
                n = int(rng.gauss(800, 35))
                ph = round(n * rng.uniform(16.5, 18.5), 1)
                bad = 1 if rng.random() < 0.07 else 0
                if bad and rng.random() < 0.3:
                    bad = 2
                rate = rng.uniform(5.5, 9) if bad else max(0.8, rng.gauss(2.5, 0.5))
                minc = rng.randint(0, 3) + 3 * bad
            if day == self.today:
                frac = 0.5
                n, ph = int(n * frac) or 40, round(ph * frac, 1) or 520.0
                rate = rate or 2.4
                bad, minc = 0, 2
            drops = round((rate or 0) * ph / 100)
            self.day_rows.append({
                "date": day.isoformat(), "meetings": n, "sessions": n * rng.randint(24, 27),
                "participant_hours": ph, "drops": drops, "rate": round(drops / ph * 100, 2) if ph else None,
                "meeting_incidents": minc, "account_incidents": bad,
            })
            if day == self.today:
                self._build_today()
            else:
                for _ in range(minc - 3 * bad):
                    self._build_meeting_incident(day)
                for _ in range(bad):
                    self._build_account_incident(day)
            day += timedelta(days=1)
        self.incidents.sort(key=lambda i: (i["start"], i["scope"] == "meeting"), reverse=True)
        for i, inc in enumerate(reversed(self.incidents)):
            inc["id"] = 100 + i
        for d in self.day_rows:   # count what was generated, so the numbers agree
            d["meeting_incidents"] = sum(1 for i in self.incidents if i["scope"] == "meeting" and self.local_date(i["start"]) == d["date"])
            d["account_incidents"] = sum(1 for i in self.incidents if i["scope"] == "account" and self.local_date(i["start"]) == d["date"])

    def _build_meeting_incident(self, day, start=None, cls=None, topic=None, live=False, source=None):
        rng = self.rng
        start = start or self._school_time(day, rng.randint(8, 14), rng.choice([0, 0, 45, 50]))
        cls = cls or rng.choice(CLASSES)
        t = start + timedelta(minutes=rng.randint(8, 35), seconds=rng.randint(0, 59))
        kind = "local" if rng.random() < 0.55 else "shared"
        m = self._meeting(start, rng.choice([45, 45, 90]), cls, [(t, kind, rng.uniform(0.2, 0.5))],
                          live=live, qos=rng.random() < 0.85, topic=topic,
                          source=source or ("report" if rng.random() < 0.1 else "dashboard"))
        self._meeting_incident(m, t, kind)
        return m

    def _build_account_incident(self, day):
        rng = self.rng
        hour = rng.randint(8, 13)
        t = self._school_time(day, hour, rng.randint(10, 40)) + timedelta(seconds=rng.randint(0, 50))
        start = self._school_time(day, hour, 0)
        ms, windows = [], []
        for cls in rng.sample(CLASSES, rng.randint(3, 7)):
            m = self._meeting(start, 45, cls, [(t, "shared", rng.uniform(0.4, 0.8))], qos=rng.random() < 0.9)
            r = self._meeting_incident(m, t, "shared")
            if r:
                ms.append(m)
                windows.extend(r[1])
        if len(ms) < 2:
            return
        times = sorted(d["time"] for d in windows)
        cause, ev = self._evidence(windows, ms, t)
        ev["meeting_uuids"] = [m["meeting"]["uuid"] for m in ms]
        inc = {"id": 0, "scope": "account", "meeting_uuid": None, "meeting_id": None, "topic": None, "host": None,
               "start": times[0], "end": times[-1], "dropped": len(windows),
               "present": sum(len(m["participants"]) for m in ms), "meetings": len(ms),
               "cause": cause, "evidence": ev}
        for m in ms:
            m["incidents"].append(inc)
        self.incidents.append(inc)

    def _build_today(self):
        rng = self.rng
        now = self.now
        # two incidents earlier today (the newest one in a hostile topic, with the hostile name dropping)
        self._build_meeting_incident(self.today, start=now - timedelta(hours=3, minutes=10), cls="9A")
        self._build_meeting_incident(self.today, start=now - timedelta(minutes=38), cls="7B", topic=XSS_TOPIC, live=True, source="webhook")
        self.live = [m for m in self.meetings.values() if m["meeting"]["end"] is None]
        for cls in rng.sample([c for c in CLASSES if c != "7B"], 9):
            start = now - timedelta(minutes=rng.randint(2, 44), seconds=rng.randint(0, 59))
            self.live.append(self._meeting(start, 45, cls, live=True, source="webhook"))

    # --- helpers for the server ----------------------------------------------------------------
    def local_date(self, iso_text):
        return datetime.fromisoformat(iso_text.replace("Z", "+00:00")).astimezone(self.tz).date().isoformat()

    def envelope(self, **body):
        return {"timezone": self.tz_name, "generated_at": iso(datetime.now(UTC).replace(microsecond=0)), **body}

    def local_midnight(self, d):
        return datetime.combine(d, time(0), self.tz).astimezone(UTC)

    def default_range(self, days_back, to_tomorrow=True):
        return (self.local_midnight(self.today - timedelta(days=days_back - 1)),
                self.local_midnight(self.today + timedelta(days=1)))

    @staticmethod
    def public_drop(d):
        return {k: v for k, v in d.items() if not k.startswith("_")}

    def disconnection(self, d):
        m = self.meetings[d["meeting_uuid"]]["meeting"]
        return {"meeting_uuid": d["meeting_uuid"], "meeting_id": m["meeting_id"], "topic": m["topic"],
                "participant_key": d["participant_key"], "name": d["name"], "time": d["time"],
                "reason_class": d["reason_class"], "leave_reason": d["leave_reason"],
                "rejoined_after_s": d["rejoined_after_s"], "lost_s": d["_lost"],
                "source": "report" if m["source"] == "report" else ("webhook" if m["end"] is None else "dashboard"),
                "quality_before": d["quality_before"]}

    def all_drops(self):
        for m in self.meetings.values():
            yield from m["drops"]
