#!/usr/bin/env bash
# zoomdashd under a real systemd as PID 1: a Debian 12 container (debootstrap + systemd-nspawn) gets
# `make install`'s binaries, unit and config, a zoomsim unit to poll, and the unit's credentials; then
# the unit is started, fed signed webhooks, scraped, reloaded and stopped, checking what systemd saw.
# Needs root and Debian's network mirror (the root file system is cached in $ZD_SMOKE_ROOT).
# Not part of `make test`: CI has neither root nor time for a debootstrap. Run: sudo make systemd-smoke
set -euo pipefail
root="${ZD_SMOKE_ROOT:-/var/tmp/zoomdash-smoke-root}"
bin="${ZOOMDASH_BIN:-.build/release}"
swift_runtime="$(readelf -d "$bin/zoomdashd" | sed -n 's/.*RUNPATH.*\[\([^]:]*\).*/\1/p')"
swift_root="${swift_runtime%/usr/lib/swift/linux}"

fail() { echo "systemd-smoke: FAIL: $*" >&2; exit 1; }
trap 'echo "systemd-smoke: FAIL at line $LINENO: $BASH_COMMAND" >&2' ERR
ok() { echo "systemd-smoke: ok: $*"; }
[ "$(id -u)" = 0 ] || fail "run as root (sudo make systemd-smoke)"
case "$root" in /* ) [ "$root" != / ] || fail "ZD_SMOKE_ROOT must not be /" ;; *) fail "ZD_SMOKE_ROOT must be an absolute path" ;; esac
[ -d "$swift_root" ] || fail "Swift runtime not found at '$swift_root' (from zoomdashd's RUNPATH)"
# shellcheck source=scripts/container.sh
. "$(dirname "$0")/container.sh"
ensure_debian_root "$root"
# A fresh start every run: no store, config or journal from the last one.
rm -rf "$root/etc/zoomdash/zoomdash.toml" "$root/var/lib/zoomdash" "$root/var/lib/private/zoomdash" "$root"/var/log/journal/*
make --no-print-directory install-files DESTDIR="$root" PREFIX=/usr/local RELEASE_BIN="$bin" >/dev/null
cat >"$root/etc/zoomdash/zoomdash.toml" <<'TOML'
[store]
path = "/var/lib/zoomdash/zoomdash.sqlite"
[zoom]
account_id = "sim-account"
client_id = "sim-client"
api_url = "http://127.0.0.1:9900/v2"
oauth_url = "http://127.0.0.1:9900/oauth/token"
[collectors.participants]
interval = "1m"
TOML
printf 'sim-secret' >"$root/etc/zoomdash/credentials/zoom-client-secret"
printf 'sim-webhook-secret' >"$root/etc/zoomdash/credentials/zoom-webhook-secret"
rm -f "$root/etc/zoomdash/credentials/zoho-refresh-token"  # an unused secret is simply absent
chmod 0600 "$root"/etc/zoomdash/credentials/*
cat >"$root/etc/systemd/system/zoomsim.service" <<'UNIT'
[Unit]
Description=zoomsim for the systemd smoke test
[Service]
ExecStart=/usr/local/bin/zoomsim serve --port 9900 --days 3
UNIT

boot_container "$root" zoomdash-smoke --bind-ro="$swift_root"
inside() { nsenter -t "$init" -a "$@"; }
# grep -c reads the whole journal: grep -q would stop early, and journalctl's SIGPIPE fail the pipeline.
journal_has() { inside journalctl -u zoomdashd --no-pager "${@:2}" | grep -c -- "$1" >/dev/null; }
wait_for_journal() { for _ in $(seq 1 60); do journal_has "$@" && return 0; sleep 1; done; return 1; }
ok "$(inside systemctl --version | head -n1) runs as PID 1 in the container"

inside systemctl start zoomsim
inside systemctl start zoomdashd || fail "zoomdashd did not start: $(inside journalctl -u zoomdashd --no-pager -n 20)"
[ "$(inside systemctl show zoomdashd -p ActiveState --value)" = active ] || fail "zoomdashd is not active"
ok "Type=notify start: $(inside systemctl show zoomdashd -p StatusText --value)"

day="$(date -u -d yesterday +%F)"
while [ "$(date -u -d "$day" +%u)" -gt 5 ]; do day="$(date -u -d "$day - 1 day" +%F)"; done
report="$(inside /usr/local/bin/zoomsim webhooks --to http://127.0.0.1:9465/zoom/webhook --days 1 --end-day "$day")"
echo "$report" | grep -q '"transport_errors":0' && ! echo "$report" | grep -qE '"[^2][0-9][0-9]"' || fail "webhooks: $report"
ok "signed webhooks: $report"
[ "$(inside systemctl show zoomdashd -p LimitNOFILE --value)" = 4096 ] || fail "LimitNOFILE is not 4096"
# A slowloris: 2,000 connections that send half a request head and hold it, while Zoom's events come in.
slow="$(inside bash -c 'ulimit -n 8192 || exit 1; opened=0
    for _ in $(seq 1 2000); do
        exec {fd}<>/dev/tcp/127.0.0.1/9465 2>/dev/null || continue
        printf "POST /zoom/webhook HTTP/1.1\r\nHost: x\r\nContent-Le" >&"$fd" 2>/dev/null
        opened=$((opened + 1))
    done
    echo "held $opened"
    /usr/local/bin/zoomsim webhooks --to http://127.0.0.1:9465/zoom/webhook --days 1 --end-day "$1"' _ "$day")"
echo "$slow" | grep -q '"transport_errors":0' && ! echo "$slow" | grep -qE '"[^2][0-9][0-9]"' || fail "webhooks under a slowloris: $slow"
ok "LimitNOFILE=4096; a slowloris of 2,000 connections does not stop valid webhooks: $(echo "$slow" | tr '\n' ' ')"
[ "$(inside curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9465/healthz)" = 200 ] || fail "/healthz is not 200"
inside curl -s http://127.0.0.1:9465/metrics | promtool check metrics || fail "promtool check metrics"
ok "/healthz 200, /metrics passes promtool"

wait_for_journal '^    ZD_COLLECTOR=participants' -o verbose ||
    fail "no structured collector entry in the journal: $(inside journalctl -u zoomdashd --no-pager -n 30)"
ok "journald entries carry structured fields (ZD_COLLECTOR=participants)"

first="$(inside systemctl show zoomdashd -p WatchdogTimestampMonotonic --value)"
for _ in $(seq 1 40); do  # WatchdogSec=60: a ping every 30 s
    [ "$(inside systemctl show zoomdashd -p WatchdogTimestampMonotonic --value)" -gt "$first" ] && break
    sleep 1
done
[ "$(inside systemctl show zoomdashd -p WatchdogTimestampMonotonic --value)" -gt "$first" ] || fail "no WATCHDOG=1 within 40 s"
ok "WATCHDOG=1 every WatchdogSec/2"

inside /usr/local/bin/zoomdashctl status | grep -c '^Store' >/dev/null || fail "zoomdashctl status from a shell: $(inside /usr/local/bin/zoomdashctl status 2>&1)"
ok "zoomdashctl status, run from a shell, reads the daemon's store"

inside systemctl reload zoomdashd
wait_for_journal 'configuration reloaded' || fail "reload not logged"
inside systemctl stop zoomdashd
[ "$(inside systemctl show zoomdashd -p Result --value)" = success ] || fail "stop: $(inside systemctl show zoomdashd -p Result)"
! journal_has 'status=31/SYS' || fail "the seccomp filter killed zoomdashd"
ok "reload, then stop with result success; no SIGSYS; $(inside systemd-analyze security zoomdashd --no-pager | tail -n1)"
