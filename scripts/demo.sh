#!/usr/bin/env bash
# The README's demo: a simulated Zoom account (zoomsim), a backfill of its last month into a
# temporary store, then `zoomdashctl status` and the collective incidents found.
set -euo pipefail
bin="${ZOOMDASH_BIN:-.build/release}"
work="$(mktemp -d -t zoomdash-demo.XXXXXX)"
sim_log="$work/zoomsim.log"
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT

"$bin/zoomsim" serve --port 0 --days 30 >"$sim_log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
    url="$(sed -n 's/^zoomsim listening on //p' "$sim_log" | head -n1)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "${url:-}" ] || { echo "zoomsim did not start:"; cat "$sim_log"; exit 1; }

cat >"$work/zoomdash.toml" <<TOML
[store]
path = "$work/zoomdash.sqlite"
[zoom]
account_id = "sim-account"
client_id = "sim-client"
client_secret = "sim-secret"
api_url = "$url/v2"
oauth_url = "$url/oauth/token"
plan = "business"
[export]
directory = "$work/export"
TOML

from="$(date -u -d '30 days ago' +%F)"
to="$(date -u -d 'yesterday' +%F)"
echo "== zoomsim at $url; backfilling $from .. $to into $work"
"$bin/zoomdashctl" backfill --config "$work/zoomdash.toml" --from "$from" --to "$to"
echo
echo "== zoomdashctl status"
"$bin/zoomdashctl" status --config "$work/zoomdash.toml"
echo
echo "== collective incidents (account-level first: the 'Zoom bad moments')"
"$bin/zoomdashctl" export incidents --config "$work/zoomdash.toml" --format jsonl \
    | sort -t'"' -k4,4 | sed 's/^/  /'
echo
echo "Store and exports kept in $work (zoomdashctl export disconnects --config $work/zoomdash.toml --format csv)."
