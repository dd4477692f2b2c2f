#!/usr/bin/env bash
# The README's demo, on embedded defaults plus a simulated Zoom account (zoomsim):
#  1. backfill the account's history (all but the last day), with its call quality, with zoomdashctl;
#  2. run zoomdashd, and let zoomsim deliver the last day as signed webhooks, as Zoom would live;
#  3. print status, the collective incidents and their likely causes, call quality, and the metrics URL.
# Everything lives in a temporary directory; nothing is installed.
set -euo pipefail
bin="${ZOOMDASH_BIN:-.build/release}"
work="$(mktemp -d -t zoomdash-demo.XXXXXX)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() {  # wait_for FILE PATTERN: print the first match of PATTERN in FILE (10 s at most)
    for _ in $(seq 1 100); do
        match="$(grep -oE "$2" "$1" | head -n1 || true)"
        [ -n "$match" ] && { echo "$match"; return 0; }
        sleep 0.1
    done
    echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

"$bin/zoomsim" serve --port 0 --days 30 >"$work/zoomsim.out" 2>"$work/zoomsim.log" &
pids+=($!)
sim="$(wait_for "$work/zoomsim.out" 'http://[0-9.]+:[0-9]+')"
# Fakes of the outside services the sinks talk to: Zoho Analytics and a Mattermost channel.
"$bin/zoomsim" zoho --port 0 >"$work/zoho.out" 2>"$work/zoho.log" &
pids+=($!)
zoho="$(wait_for "$work/zoho.out" 'http://[0-9.]+:[0-9]+')"
"$bin/zoomsim" chat --port 0 >"$work/chat.out" 2>"$work/chat.log" &
pids+=($!)
chat="$(wait_for "$work/chat.out" 'http://[0-9.]+:[0-9]+')"

cat >"$work/zoomdash.toml" <<TOML
[store]
path = "$work/zoomdash.sqlite"
[zoom]
account_id = "sim-account"
client_id = "sim-client"
client_secret = "sim-secret"
api_url = "$sim/v2"
oauth_url = "$sim/oauth/token"
plan = "business"
[http]
listen = "127.0.0.1:0"
[dashboard]
listen = "127.0.0.1:${DEMO_DASHBOARD_PORT:-0}"
users_file = "$work/dashboard.htpasswd"
[webhook]
secret_token = "sim-webhook-secret"
[export]
directory = "$work/export"
[sinks.events]
type = "event-log"
path = "$work/events.jsonl"
[sinks.zoho]
type = "zoho"
accounts_url = "$zoho"
api_url = "$zoho"
org_id = "60001234"
workspace = "ZoomDash"
client_id = "zoho-client"
client_secret = "zoho-secret"
refresh_token = "zoho-refresh"
[sinks.chat]
type = "mattermost"
webhook_url = "$chat/hooks/zoomdashdemo00000000000000"
grouping_window = "5s"
TOML

# The simulated school has classes on weekdays: the live part replays the last school day.
live_day="$(date -u -d 'yesterday' +%F)"
while [ "$(date -u -d "$live_day" +%u)" -gt 5 ]; do live_day="$(date -u -d "$live_day - 1 day" +%F)"; done
from="$(date -u -d '30 days ago' +%F)"
to="$(date -u -d "$live_day - 1 day" +%F)"
# The dashboard's demo login (README: "Create a dashboard user").
echo "zoomdash-demo" | "$bin/zoomdashctl" passwd demo --file "$work/dashboard.htpasswd" >/dev/null
echo "== 1. zoomsim at $sim; backfilling $from .. $to"
"$bin/zoomdashctl" backfill --qos --config "$work/zoomdash.toml" --from "$from" --to "$to"
echo
echo "== zoomdashctl doctor: the setup checked online, one line each (docs/doctor.md)"
"$bin/zoomdashctl" doctor --config "$work/zoomdash.toml" | sed 's/^/  /'

echo
if [ "${DEMO_LIVE:-webhooks}" = websocket ]; then
    # Zoom's WebSocket subscription instead of webhooks (README: "Live data without a public endpoint"):
    # zoomsim serves /ws and sends the day once zoomdashd is connected.
    "$bin/zoomsim" websocket --port 0 --days 30 --since "$live_day" >"$work/websocket.out" 2>"$work/websocket.log" &
    websocket_pid=$!
    websocket="$(wait_for "$work/websocket.out" 'ws://[0-9.]+:[0-9]+/ws')"
    printf '[sources.websocket]\ntype = "zoom.websocket"\nsubscription_id = "demo-subscription"\nurl = "%s"\n' "$websocket" >>"$work/zoomdash.toml"
    echo "== 2. zoomdashd, fed live over zoomsim's WebSocket subscription ($websocket) for $live_day"
else
    echo "== 2. zoomdashd, fed live by zoomsim's signed webhooks for $live_day"
fi
"$bin/zoomdashd" --config "$work/zoomdash.toml" 2>"$work/zoomdashd.log" &
pids+=($!)
[ -n "${websocket_pid:-}" ] && pids+=("$websocket_pid")
address="$(wait_for "$work/zoomdashd.log" 'http.address=[0-9.]+:[0-9]+' | cut -d= -f2)"
dashboard="$(wait_for "$work/zoomdashd.log" 'dashboard.address=[0-9.]+:[0-9]+' | cut -d= -f2)"
if [ -n "${websocket_pid:-}" ]; then
    for _ in $(seq 1 600); do grep -q '"published"' "$work/websocket.out" && break; sleep 0.1; done
    echo "  over the socket: $(grep '"published"' "$work/websocket.out")"
else
    "$bin/zoomsim" webhooks --days 30 --since "$live_day" --to "http://$address/zoom/webhook" --concurrency 8
fi
# The live analysis trails the burst by a moment: wait until nothing is left to analyse.
for _ in $(seq 1 100); do
    "$bin/zoomdashctl" status --config "$work/zoomdash.toml" | grep -q "catching up" || break
    sleep 0.1
done
sleep 1  # the sinks publish a second or so after the analysis

echo
echo "== 3. zoomdashctl status"
"$bin/zoomdashctl" status --config "$work/zoomdash.toml"
echo
echo "== collective incidents of the last month (account-level = 'Zoom bad moments')"
"$bin/zoomdashctl" export incidents --config "$work/zoomdash.toml" --format jsonl | grep '"scope":"account"' | sed 's/^/  /'
echo "  … and $("$bin/zoomdashctl" export incidents --config "$work/zoomdash.toml" --format jsonl | grep -c '"scope":"meeting"') meeting-level incidents"
echo
echo "== why: likely causes from Zoom's per-minute call quality (docs/analysis.md §8)"
incidents="$("$bin/zoomdashctl" export incidents --config "$work/zoomdash.toml" --format jsonl)"
for cause in local_network zoom_or_shared unknown; do
    echo "  $cause: $(grep -c "\"cause\":\"$cause\"" <<<"$incidents" || true) incidents"
done
echo "  a local one (most who dropped had poor quality just before, the rest of the room did not):"
{ grep '"cause":"local_network"' <<<"$incidents" | head -n1 | sed 's/^/    /'; } || true
disconnects="$("$bin/zoomdashctl" export disconnects --config "$work/zoomdash.toml" --format jsonl)"
echo "  drops with poor quality before them: $(grep -c '"quality_before":"poor"' <<<"$disconnects" || true) of $(grep -c . <<<"$disconnects")"
echo
echo "== call quality: the five meetings with the largest share of poor participant-minutes"
"$bin/zoomdashctl" export quality --config "$work/zoomdash.toml" >"$work/quality.csv"
{ head -n1 "$work/quality.csv"; tail -n +2 "$work/quality.csv" | sort -t, -k7 -gr | head -n5; } | sed 's/^/  /' || true
echo
echo "== incident events delivered live to the event-log notifier ($work/events.jsonl)"
if [ -s "$work/events.jsonl" ]; then
    echo "  $(grep -c . "$work/events.jsonl") events: $(grep -c incident.opened "$work/events.jsonl") opened, $(grep -c incident.updated "$work/events.jsonl") updated; the first:"
    head -n1 "$work/events.jsonl" | sed 's/^/  /'
else
    echo "  none yet"
fi
echo
echo "== messages the chat notifier posted to the (fake) Mattermost channel"
# It groups what arrives within its grouping window (5 s here) into one message: wait for it.
for _ in $(seq 1 100); do
    [ "$(curl -fsS "$chat/fake/messages")" != "[]" ] && break
    sleep 0.1
done
curl -fsS "$chat/fake/messages" | python3 -c 'import json,sys
for m in json.load(sys.stdin):
    body = json.loads(m["json"])
    print("  " + (body.get("text") or "").replace("\n", "\n  "))
    for a in body.get("attachments", []):
        for line in (a.get("text") or "").splitlines(): print("    " + line)' || true
echo
echo "== what the (fake) Zoho Analytics workspace now holds"
sleep 2  # the Zoho exporter's first upload runs at the daemon's start
curl -fsS "$zoho/fake/dump" | grep -E '^[^ ]|rows' | head -n 20 | sed 's/^/  /' || true
echo
echo "== metrics: http://$address/metrics   (health: http://$address/healthz)"
curl -fsS "http://$address/metrics" | grep -E '^zoomdash_(collective_incidents_total|incidents\{|quality_|participant_disconnects_total|webhook_requests_total\{outcome="accepted"|live_)' | grep -v ' 0$' | sed 's/^/  /'
echo
echo "== the dashboard: http://$dashboard/   (log in as demo / zoomdash-demo)"
echo "  the API behind it, for scripts: curl -u demo:zoomdash-demo 'http://$dashboard/api/v1/days?format=csv'"
days="$(curl -fsS -u demo:zoomdash-demo "http://$dashboard/api/v1/days?format=csv")"
{ head -n1 <<<"$days"; awk -F, 'NR > 1 && $5 > 0' <<<"$days" | tail -n 5; } | sed 's/^/  /'
if [ -n "${DEMO_SCREENSHOTS:-}" ]; then
    echo
    echo "== screenshots of every page into $DEMO_SCREENSHOTS (headless Chromium)"
    python3 Tests/Browser/check_pages.py --base "http://$dashboard" --out "$DEMO_SCREENSHOTS" --user demo --password zoomdash-demo \
        --allow-empty today,rooms --no-expiry | sed 's/^/  /'
fi
echo
echo "Files: $work (config, store, export/*.csv, logs)."
if [ -t 0 ]; then
    echo "zoomdashd keeps running; open the dashboard URL above. Press Ctrl-C to stop."
    wait "${pids[3]}"
fi
