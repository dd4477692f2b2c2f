#!/usr/bin/env python3
"""Loads every dashboard page in headless Chromium and checks that it drew itself with data.

  python3 Tests/Browser/check_pages.py --base http://127.0.0.1:9466 --out /tmp/shots \\
      [--user alice --password secret] [--wait-room-status "Bea Watcher=in" --timeout 30] \\
      [--xss-name '<img src=x onerror=alert(1)>'] [--allow-empty today,rooms] [--anonymous-overview]

For each page: waits until #main has data-ready="1" (app.js sets it once drawn with data; data-empty="1"
fails unless --allow-empty names the page; an error box fails), checks that its charts and tables have
content, that no console error, uncaught exception or error log entry appeared and no dialog opened,
and writes OUT/<page>.png (1280x800; days also as a 390x844 phone shot, days-phone.png). It also sorts
the incidents by a column, opens a person's drops, and picks the 30-day range on days (then goes back).

With --user: / without a session must lead to /login; a wrong password must show the error; the right
one must set the session cookie. At the end, with the cookie deleted, the rooms page must send the
browser to /login?next=/rooms by itself on its next refresh (the API's 401).

--wait-room-status NAME=STATUS waits (up to --timeout) until the rooms page shows NAME with that
status, e.g. after the test posted a join webhook. --xss-name asserts that this text appears as text on
some page (and never as an element: no <img src=x>, no dialog). Exit code 0: every check passed.
"""

import argparse
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, CDPError  # noqa: E402

XSS_DEFAULT = "<img src=x onerror=alert(1)>"

# page name -> (path or None when discovered, what it must show)
PAGES = {
    "days": ("/", {"charts": 4, "tables": 4}),
    "today": ("/today", {"tables": 2}),
    "incidents": ("/incidents", {"rows": 1}),
    "incident": (None, {"charts": 1, "rows": 1}),
    "meeting": (None, {"charts": 1, "rows": 1}),
    "people": ("/people", {"rows": 1}),
    "rooms": ("/rooms", {"rows": 1}),
    "health": ("/health", {"tables": 2, "rows": 1}),
    "overview": ("/overview", {"charts": 4, "tables": 4}),
}

STATE_JS = """(() => {
  const m = document.getElementById("main");
  if (!m) return "no #main";
  if (m.dataset.ready === "1") return "ready";
  if (m.dataset.empty === "1") return "empty";
  if (m.dataset.error === "1") return "error";
  return "";
})()"""

FACTS_JS = """(() => {
  const m = document.getElementById("main");
  const charts = [...m.querySelectorAll("svg.chart-svg")];
  const tables = [...m.querySelectorAll("table")];
  const rows = m.querySelectorAll("tbody tr:not(.empty-row):not(.detail)").length;
  const err = m.querySelector(".error-box");
  return {
    path: location.pathname, search: location.search, title: document.title,
    charts: charts.length,
    marks: charts.reduce((n, c) => n + c.querySelectorAll("rect.bar, rect.cell, circle, rect.conn, path.drop, path.marker").length, 0),
    emptyCharts: charts.filter((c) => !c.querySelector("rect, circle, path")).length,
    tables: tables.length, rows,
    error: err ? err.innerText.trim().replace(/\\s+/g, " ") : "",
    text: document.body.innerText,
    injected: !!document.querySelector('img[src="x"], img[onerror], script:not([src])'),
    inlineStyles: document.querySelectorAll("[style]").length,
    // A JavaScript null or undefined that became text (a page part left out the wrong way).
    strayValues: [...m.childNodes].filter((n) => n.nodeType === 3 && /^(null|undefined)$/.test(n.textContent.trim())).length,
    firstIncident: (m.querySelector('a[href^="/incidents/"]') || {getAttribute: () => ""}).getAttribute("href"),
    firstMeeting: (m.querySelector('a[href^="/meetings/"]') || {getAttribute: () => ""}).getAttribute("href"),
  };
})()"""


def problems_text(page):
    return ("; " + "; ".join(page.errors)) if page.errors else ""


class Checker:
    def __init__(self, args):
        self.args = args
        self.base = args.base.rstrip("/")
        self.failures = 0
        self.xss_seen_on = []
        self.seen = {}   # --expect-text -> pages
        os.makedirs(args.out, exist_ok=True)

    def line(self, ok, page, text):
        if not ok:
            self.failures += 1
        print(f"{'ok  ' if ok else 'FAIL'}  {page:<10} {text}", flush=True)

    def shot(self, page, name, **kw):
        return os.path.basename(page.screenshot(os.path.join(self.args.out, name + ".png"), **kw))

    # --- login ---------------------------------------------------------------------------------
    def login(self, page):
        a = self.args
        page.navigate(self.base + "/")
        path = page.evaluate("location.pathname")
        if path != "/login":
            self.line(False, "login", f"/ without a session showed {path}, not the login page")
            page.navigate(self.base + "/login")
        self.shot(page, "login")
        notes = []
        if not a.no_bad_login:
            page.fill_and_submit('form[action="/login"]', {"username": a.user, "password": a.password + "-not-it"})
            err = page.evaluate("(document.querySelector('.error') || {}).textContent || ''").strip()
            if page.evaluate("location.pathname") != "/login" or not err:
                self.line(False, "login", "a wrong password did not leave us on /login with an error message")
            else:
                notes.append(f"wrong password refused (\"{err}\")")
                self.shot(page, "login-error")
            page.errors = [e for e in page.errors if "status of 401" not in e]   # Chromium logs the refused POST
        page.fill_and_submit('form[action="/login"]', {"username": a.user, "password": a.password})
        path = page.evaluate("location.pathname")
        cookie = next((c for c in page.cookies() if c["name"] == "zoomdash_session"), None)
        if path == "/login" or not cookie:
            self.line(False, "login", f"logging in as {a.user} failed (now at {path}, cookie {'set' if cookie else 'missing'})")
            return False
        flags = [f for f, on in (("HttpOnly", cookie.get("httpOnly")), ("SameSite=" + str(cookie.get("sameSite")), cookie.get("sameSite"))) if on]
        notes.append(f"logged in as {a.user}, landed on {path}, cookie zoomdash_session ({', '.join(flags) or 'no flags'})")
        if not cookie.get("httpOnly"):
            self.line(False, "login", "the session cookie is not HttpOnly")
        self.line(True, "login", "; ".join(notes) + problems_text(page))
        page.errors.clear()
        return True

    # --- one page ------------------------------------------------------------------------------
    def check(self, page, name, path, want):
        a = self.args
        page.errors.clear()
        page.dialogs.clear()
        started = time.monotonic()
        page.set_viewport(1280, 800)
        page.navigate(self.base + path)
        try:
            state = page.wait_for(STATE_JS, a.timeout, f"{name} to draw (#main[data-ready|data-empty|data-error])")
        except CDPError as e:
            facts = page.evaluate(FACTS_JS) if page.evaluate("!!document.getElementById('main')") else {"path": page.evaluate("location.pathname")}
            self.line(False, name, f"{e} (at {facts.get('path')})" + problems_text(page))
            self.shot(page, name)
            return None
        took = time.monotonic() - started
        page.settle(0.5)
        facts = page.evaluate(FACTS_JS)
        problems = []
        if facts["path"] == "/login":
            problems.append("sent to the login page")
        if state == "error":
            problems.append(f"error box: {facts['error']}")
        if state == "empty" and name not in a.allow_empty and "all" not in a.allow_empty:
            problems.append("the API returned no data (data-empty); --allow-empty " + name + " if that is expected")
        if state == "ready":
            if facts["charts"] < want.get("charts", 0):
                problems.append(f"{facts['charts']} charts, expected {want['charts']}")
            if facts["emptyCharts"]:
                problems.append(f"{facts['emptyCharts']} charts without any shape")
            if facts["tables"] < want.get("tables", 0):
                problems.append(f"{facts['tables']} tables, expected {want['tables']}")
            if facts["rows"] < want.get("rows", 0):
                problems.append("no table rows")
        if facts["injected"]:
            problems.append("an injected element (<img src=x>, onerror or an inline script) is in the DOM")
        if facts["inlineStyles"]:
            problems.append(f"{facts['inlineStyles']} elements with a style attribute (the CSP blocks them)")
        if facts["strayValues"]:
            problems.append(f"{facts['strayValues']} stray 'null'/'undefined' texts in the page")
        if page.dialogs:
            problems.append(f"dialogs opened: {page.dialogs}")
        problems += page.errors
        for text in a.expect_text:
            if text in facts["text"]:
                self.seen.setdefault(text, []).append(name)
        if a.xss_name and a.xss_name in facts["text"]:
            self.xss_seen_on.append(name)
            if name == "overview":
                problems.append("a participant's name appears on the anonymous overview")
        if state == "ready" and not problems:
            problems += self.interact(page, name)
        shots = [self.shot(page, name)]
        if name == "days":
            shots.append(self.shot(page, "days-phone", width=390, height=844, mobile=True, scale=a.phone_scale))
            page.set_viewport(1280, 800)
            if page.errors:
                problems += page.errors
        if a.full_page:
            shots.append(self.shot(page, name + "-full", full_page=True))
        if a.dark:
            page.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
            page.settle(0.3)
            shots.append(self.shot(page, name + "-dark", full_page=a.full_page))
            page.send("Emulation.setEmulatedMedia", {"features": []})
        what = (f"{state} in {took:.1f} s · {facts['charts']} charts ({facts['marks']} marks) · "
                f"{facts['tables']} tables, {facts['rows']} rows · no console errors · {', '.join(shots)}")
        self.line(not problems, name, what if not problems else "; ".join(problems))
        return facts

    def interact(self, page, name):
        """What a screenshot can't show: sorting, expanding a person, a range preset. Returns problems."""
        t = self.args.timeout
        try:
            if name == "incidents":
                page.evaluate("[...document.querySelectorAll('#main thead th')].find((th) => th.textContent.startsWith('Dropped')).querySelector('button').click()")
                page.wait_for("document.querySelector('#main thead th[aria-sort]').textContent.startsWith('Dropped')", 5, "the table sorted by Dropped")
                page.evaluate("document.querySelector('#main thead th[aria-sort] button').click()")
            elif name == "people":
                page.evaluate("document.querySelector('#main button.expand').click()")
                page.wait_for("!!document.querySelector('#main tr.detail table tbody tr:not(.empty-row)')", t, "the first person's drops")
            elif name == "days":
                page.evaluate("[...document.querySelectorAll('#main .segmented button')].find((b) => b.textContent.startsWith('30')).click()")
                page.wait_for("location.search === '?days=30' && document.querySelector('#main .segmented button[aria-pressed=true]').textContent.startsWith('30')"
                              " && document.getElementById('main').dataset.ready === '1'", t, "the 30-day range")
                page.evaluate("history.back()")
                page.wait_for("location.search === '' && document.querySelector('#main .segmented button[aria-pressed=true]').textContent.startsWith('180')", t, "back to 180 days")
        except CDPError as e:
            return [f"interaction failed: {e}"]
        return []

    def wait_room(self, page):
        name, _, status = self.args.wait_room_status.partition("=")
        status = status or "in"
        started = time.monotonic()
        js = f"""(() => {{
          for (const tr of document.querySelectorAll("#main tbody tr")) {{
            const cells = tr.children;
            if (cells.length >= 2 && cells[0].textContent.trim() === {json.dumps(name)}) {{
              const s = cells[1].querySelector("[data-status]");
              return (s ? s.dataset.status : cells[1].textContent.trim()) === {json.dumps(status)};
            }}
          }}
          return false;
        }})()"""
        try:
            page.wait_for(js, self.args.timeout, f"{name} shown as {status}")
        except CDPError as e:
            self.line(False, "rooms", str(e) + problems_text(page))
            self.shot(page, "rooms")
            return
        page.settle(0.3)
        shot = self.shot(page, "rooms")
        errors = problems_text(page)
        self.line(not errors, "rooms", f"{name!r} shown as {status!r} after {time.monotonic() - started:.1f} s, without a reload · {shot}{errors}")

    def expiry(self, page):
        """With the cookie gone, the next API call answers 401 and app.js must go to the login page."""
        page.navigate(self.base + "/rooms")
        page.wait_for(STATE_JS, self.args.timeout, "rooms")
        page.send("Network.deleteCookies", {"name": "zoomdash_session", "url": self.base + "/"})
        try:
            page.wait_for("location.pathname === '/login'", 20, "the login page after the session cookie was deleted")
        except CDPError as e:
            self.line(False, "expiry", str(e))
            return
        search = urllib.parse.parse_qs(page.evaluate("location.search").lstrip("?"))
        ok = search.get("next") == ["/rooms"]
        page.errors = [e for e in page.errors if "401" not in e]   # the refused API call itself is logged by Chromium
        self.line(ok, "expiry", f"session gone: the rooms page went to /login?next={search.get('next', ['?'])[0]} on its next refresh")

    def run(self):
        a = self.args
        wanted = [p for p in (a.pages.split(",") if a.pages else PAGES) if p not in a.skip]
        with Browser(a.chromium, timeout=max(30, a.timeout)) as browser:
            print(f"chromium: {browser.send('Browser.getVersion')['product']}", flush=True)
            page = browser.new_page(locale=self.args.locale, timezone=self.args.browser_timezone)
            if a.user and not self.login(page):
                return 1
            incident_path = f"/incidents/{urllib.parse.quote(a.incident, safe='')}" if a.incident else None
            meeting_path = f"/meetings/{urllib.parse.quote(a.meeting, safe='')}" if a.meeting else None
            for name in wanted:
                path, want = PAGES[name]
                if name == "overview" and a.anonymous_overview:
                    continue
                if name == "incident":
                    path = incident_path
                elif name == "meeting":
                    path = meeting_path
                if path is None:
                    self.line(False, name, "no link found to follow (and no --incident / --meeting given)")
                    continue
                if name == "rooms" and a.wait_room_status:
                    facts = self.check(page, name, path, {**want, "rows": 0})
                    if facts is not None:
                        self.wait_room(page)
                    continue
                facts = self.check(page, name, path, want)
                if facts is None:
                    continue
                if name == "incidents" and not incident_path:
                    incident_path = facts["firstIncident"] or None
                if name == "incident" and not meeting_path:
                    meeting_path = facts["firstMeeting"] or None
            if a.anonymous_overview:
                self.anonymous_overview_with(browser)
            if a.user and not a.no_expiry:
                self.expiry(page)
        if a.xss_name:
            self.line(bool(self.xss_seen_on), "xss", (f"{a.xss_name!r} shown as text on {', '.join(self.xss_seen_on)}; never as an element, no dialog"
                                                     if self.xss_seen_on else f"{a.xss_name!r} appeared on no page: the fixture or the test did not put it in"))
        for text in a.expect_text:
            pages = self.seen.get(text, [])
            self.line(bool(pages), "text", f"{text!r} shown as text on {', '.join(pages)}" if pages else f"{text!r} appeared on no page")
        print(f"{'all checks passed' if not self.failures else f'{self.failures} checks failed'}; screenshots in {a.out}", flush=True)
        return 0 if not self.failures else 1

    def anonymous_overview_with(self, browser):
        page = browser.new_page(locale=self.args.locale, timezone=self.args.browser_timezone)
        try:
            facts = self.check(page, "overview", "/overview", PAGES["overview"][1])
            if facts is not None:
                links = page.evaluate("document.querySelectorAll('#main a[href^=\"/meetings/\"], #main a[href^=\"/incidents/\"], header nav a').length")
                self.line(not links, "overview", "anonymous: no navigation, no links to meetings or incidents" if not links
                          else f"anonymous, yet {links} links to named pages")
        finally:
            page.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="the dashboard's URL, e.g. http://127.0.0.1:9466")
    ap.add_argument("--out", required=True, help="folder for the screenshots")
    ap.add_argument("--user")
    ap.add_argument("--password", default="")
    ap.add_argument("--wait-room-status", metavar="NAME=STATUS", help="wait until the rooms page shows NAME as STATUS (in or left)")
    ap.add_argument("--expect-room-join", metavar="NAME", help="the same as --wait-room-status NAME=in")
    ap.add_argument("--timeout", type=float, default=30, help="seconds to wait for each page and for the room status")
    ap.add_argument("--xss-name", nargs="?", const=XSS_DEFAULT, help=f"text that must show as text (default {XSS_DEFAULT!r})")
    ap.add_argument("--expect-text", action="append", default=[], metavar="TEXT", help="text that must appear on some page (repeatable)")
    ap.add_argument("--allow-empty", default="", help="pages that may have no data (comma-separated, or all)")
    ap.add_argument("--pages", help="only these pages (comma-separated): " + ",".join(PAGES))
    ap.add_argument("--skip", default="", help="pages to leave out (comma-separated)")
    ap.add_argument("--incident", help="the incident id to load (default: the first in the incidents list)")
    ap.add_argument("--meeting", help="the meeting UUID to load (default: the first meeting linked from the incident)")
    ap.add_argument("--anonymous-overview", action="store_true", help="load /overview without a session, in a fresh browser context")
    ap.add_argument("--no-bad-login", action="store_true", help="do not try a wrong password first")
    ap.add_argument("--no-expiry", action="store_true", help="do not check the redirect to /login when the session ends")
    ap.add_argument("--full-page", action="store_true", help="also write OUT/<page>-full.png of the whole page")
    ap.add_argument("--dark", action="store_true", help="also write OUT/<page>-dark.png in the dark colour scheme")
    ap.add_argument("--phone-scale", type=float, default=2, help="device pixel ratio of the phone shot")
    ap.add_argument("--locale", default="en-GB", help="the browser's locale for dates and numbers (default en-GB)")
    ap.add_argument("--browser-timezone", help="the browser's own zone (the pages must still show the server's)")
    ap.add_argument("--chromium", help="the browser executable (default: chromium on PATH)")
    args = ap.parse_args()
    if args.expect_room_join and not args.wait_room_status:
        args.wait_room_status = args.expect_room_join + "=in"
    args.allow_empty = [p for p in args.allow_empty.split(",") if p]
    args.skip = [p for p in args.skip.split(",") if p]
    unknown = [p for p in (args.pages.split(",") if args.pages else []) + args.skip + [p for p in args.allow_empty if p != "all"] if p not in PAGES]
    if unknown:
        ap.error(f"unknown pages: {', '.join(unknown)} (known: {', '.join(PAGES)})")
    try:
        sys.exit(Checker(args).run())
    except CDPError as e:
        print(f"FAIL  browser    {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
