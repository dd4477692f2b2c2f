#!/usr/bin/env python3
"""Runs check_pages.py against fixture_server.py: the pages' own test, without the daemon.

  python3 Tests/Browser/selftest.py [--out DIR] [--dark] [--full-page]

Starts the fixture server on a free port with a login (alice / secret), the anonymous overview, and a
watched name that joins its room a few seconds after the rooms page first asks; then checks every page
(login, data, no console errors, the hostile name and topic shown as text, the room table updating by
itself, the redirect to /login when the session ends) and writes the screenshots. Exit code as
check_pages.py's.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fixtures import XSS_NAME, XSS_TOPIC  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "zoomdash-pages"))
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--full-page", action="store_true")
    args = ap.parse_args()
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "fixture_server.py"), "--port", "0", "--user", "alice:secret",
         "--anonymous-overview", "--join-after", "6", "Bea Watcher"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if "http://" not in line:
            print("the fixture server did not start:", line, server.stderr.read(), file=sys.stderr)
            return 2
        base = line.strip().rsplit(" ", 1)[-1]
        cmd = [sys.executable, os.path.join(HERE, "check_pages.py"), "--base", base, "--out", args.out,
               "--user", "alice", "--password", "secret", "--wait-room-status", "Bea Watcher=in", "--timeout", "30",
               "--xss-name", XSS_NAME, "--expect-text", XSS_TOPIC, "--anonymous-overview"]
        if args.dark:
            cmd.append("--dark")
        if args.full_page:
            cmd.append("--full-page")
        return subprocess.call(cmd)
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
