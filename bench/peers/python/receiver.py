"""The same webhook receiver as php/receiver.php, as one uvicorn process on uvloop: Zoom's signature
checked, one INSERT OR IGNORE per event into SQLite in WAL mode (the business key UNIQUE), 200 after
the commit. A bare ASGI application, no framework: what a competent Python author would write.

    WEBHOOK_STORE=/tmp/x.sqlite WEBHOOK_SECRET=... uvicorn receiver:app --loop uvloop --http httptools
"""
import datetime
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import time

# A child started from a thread that blocks signals (the bench's worker threads do) inherits the
# mask, and uvicorn would never see the SIGTERM that stops it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

TOLERANCE_SECONDS = 300
SECRET = os.environ["WEBHOOK_SECRET"].encode()

store = sqlite3.connect(os.environ["WEBHOOK_STORE"], isolation_level=None, check_same_thread=False)
store.execute("PRAGMA busy_timeout = 10000")
store.execute("PRAGMA journal_mode = WAL")
store.execute("PRAGMA synchronous = NORMAL")
INSERT = """INSERT OR IGNORE INTO webhook_events(event, meeting_uuid, participant_key, event_time, received_at, body)
            VALUES (?, ?, ?, ?, ?, ?)"""


def event_time(event, participant):
    text = participant.get("join_time") or participant.get("leave_time")
    if text:
        return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())
    return int(event.get("event_ts", 0)) // 1000


async def answer(send, status, body):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    headers = dict(scope["headers"])
    timestamp = headers.get(b"x-zm-request-timestamp", b"")
    signature = headers.get(b"x-zm-signature", b"")
    expected = b"v0=" + hmac.new(SECRET, b"v0:" + timestamp + b":" + body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(expected, signature):
        return await answer(send, 401, b'{"error":"signature does not match"}')
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return await answer(send, 401, b'{"error":"x-zm-request-timestamp is too far from now"}')
    try:
        event = json.loads(body)
        obj = event.get("payload", {}).get("object", {})
        participant = obj.get("participant", {})
        key = participant.get("participant_uuid") or participant.get("user_id") or ""
        row = (event["event"], obj.get("uuid", ""), key, event_time(event, participant), int(time.time()), body.decode())
    except (ValueError, KeyError, AttributeError):
        return await answer(send, 400, b'{"error":"body is not a Zoom event"}')
    try:
        store.execute(INSERT, row)  # autocommit: committed when execute returns
    except sqlite3.Error:
        return await answer(send, 503, b'{"error":"event could not be stored; retry later"}')
    await answer(send, 200, b'{"status":"ok"}')
