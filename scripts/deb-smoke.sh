#!/usr/bin/env bash
# The package on a fresh Debian 12 under a real systemd as PID 1 (a copy of the debootstrap'd root that
# systemd-smoke caches, booted with systemd-nspawn): dpkg -i, the man pages and completions, enabled but
# not started without credentials, then with a config and secrets `systemctl enable --now` up to READY,
# signed webhooks and /metrics; an upgrade to a rebuilt package (its conffile changed too) keeping the
# admin's config and the store and restarting the service; apt-get remove keeping the store, purge
# deleting it. No Swift runtime is mounted in: the package must carry it. Needs root and Debian's mirror.
# Run: make deb && sudo make deb-smoke
set -euo pipefail
deb="$(realpath "${1:?usage: deb-smoke.sh zoomdash_VERSION_amd64.deb}")"
cache="${ZD_SMOKE_ROOT:-/var/tmp/zoomdash-smoke-root}"
root="${ZD_DEB_SMOKE_ROOT:-/var/tmp/zoomdash-deb-smoke-root}"

fail() { echo "deb-smoke: FAIL: $*" >&2; exit 1; }
trap 'echo "deb-smoke: FAIL at line $LINENO: $BASH_COMMAND" >&2' ERR
ok() { echo "deb-smoke: ok: $*"; }
[ "$(id -u)" = 0 ] || fail "run as root (sudo make deb-smoke)"
case "$root" in /var/tmp/?* | /tmp/?*) ;; *) fail "ZD_DEB_SMOKE_ROOT must be under /var/tmp or /tmp (it is deleted each run)" ;; esac
# shellcheck source=scripts/container.sh
. "$(dirname "$0")/container.sh"
ensure_debian_root "$cache"  # the same cache as systemd-smoke's
# A fresh Debian every run: a copy of the cache without what systemd-smoke installed into it.
rm -rf "$root"
cp -a --reflink=auto "$cache" "$root"
rm -rf "$root"/usr/local/bin/zoom* "$root/etc/systemd/system/zoomdashd.service" "$root/etc/systemd/system/zoomsim.service" \
    "$root/etc/zoomdash" "$root/var/lib/zoomdash" "$root/var/lib/private/zoomdash" "$root/usr/local/share/zoomdash" \
    "$root/usr/local/share/doc/zoomdash" "$root"/var/log/journal/*
# man is not in a minimal Debian; an admin who reads man pages has it.
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends man-db </dev/null >"$root.apt.log" 2>&1 ||
    fail "apt-get install man-db in the container's root: $(tail -n 5 "$root.apt.log")"
cp "$deb" "$root/root/zoomdash.deb"

# The upgrade: the same package rebuilt with a later version and a changed conffile.
version="$(dpkg-deb -f "$deb" Version)"
work="$(mktemp -d /tmp/zoomdash-deb-smoke.XXXXXX)"
dpkg-deb -R "$deb" "$work/pkg"
sed -i "s/^Version: .*/Version: $version+rebuild1/" "$work/pkg/DEBIAN/control"
echo "# (a line the rebuilt package added)" >>"$work/pkg/etc/zoomdash/zoomdash.toml"
(cd "$work/pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
dpkg-deb --root-owner-group -Zgzip -z1 --build "$work/pkg" "$root/root/zoomdash-upgrade.deb" >/dev/null
rm -rf "$work"

boot_container "$root" zoomdash-deb-smoke
inside() { nsenter -t "$init" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb LC_ALL=C.UTF-8 "$@"; }
ok "$(inside systemctl --version | head -n1) runs as PID 1 in a fresh Debian $(cat "$root/etc/debian_version")"

# Install: enabled, not started, and the admin told what to do.
installed="$(inside dpkg -i /root/zoomdash.deb 2>&1)" || fail "dpkg -i: $installed"
echo "$installed" | grep -q 'enabled but not started' || fail "no next-steps message: $installed"
[ "$(inside systemctl is-enabled zoomdashd)" = enabled ] || fail "zoomdashd is not enabled"
[ "$(inside systemctl is-active zoomdashd || true)" = inactive ] || fail "zoomdashd was started without credentials"
ok "dpkg -i $(basename "$deb"): enabled, not started, and says:"
echo "$installed" | sed -n '/enabled but not started/,$p' | sed 's/^/    /'
[ "$(inside stat -c %a /etc/zoomdash/credentials)" = 700 ] || fail "/etc/zoomdash/credentials is not 0700"
inside ldd /usr/bin/zoomdashd | grep -q swift && fail "zoomdashd needs a Swift runtime library: $(inside ldd /usr/bin/zoomdashd)"
inside zoomdashctl --help | grep -q 'USAGE: zoomdashctl' || fail "zoomdashctl --help"
[ "$(inside zoomdashd --version)" = "${version%%+*}" ] || fail "zoomdashd --version is not $version"
inside man zoomdashctl 2>/dev/null | grep -q 'Backfill, inspect and export' || fail "man zoomdashctl"
inside man zoomdashctl.backfill 2>/dev/null | grep -q -- '--from' || fail "man zoomdashctl.backfill"
inside man 5 zoomdash.toml 2>/dev/null | grep -q 'subscription_id' || fail "man 5 zoomdash.toml"
inside whatis zoomdashctl.export | grep -q 'zoomdashctl.export (1)' || fail "whatis zoomdashctl.export: $(inside whatis zoomdashctl.export 2>&1)"
inside test -f /usr/share/zsh/vendor-completions/_zoomdashctl || fail "no zsh completion"
inside test -f /usr/share/fish/vendor_completions.d/zoomdashctl.fish || fail "no fish completion"
inside bash -c '. /usr/share/bash-completion/completions/zoomdashctl && complete -p zoomdashctl' >/dev/null || fail "bash completion does not load"
ok "no Swift runtime needed; zoomdashctl --help; man zoomdashctl, man zoomdashctl.backfill, man 5 zoomdash.toml, whatis; bash, zsh, fish completions"

# Configure as the admin would: an edited conffile, the secrets, a Zoom (zoomsim) to talk to.
inside sed -i -e 's|^account_id = ""|account_id = "sim-account"   # edited by the admin|' -e 's|^client_id = ""|client_id = "sim-client"|' \
    -e 's|^api_url = .*|api_url = "http://127.0.0.1:9900/v2"|' -e 's|^oauth_url = .*|oauth_url = "http://127.0.0.1:9900/oauth/token"|' \
    /etc/zoomdash/zoomdash.toml
printf 'sim-secret' | inside install -m 0600 /dev/stdin /etc/zoomdash/credentials/zoom-client-secret
printf 'sim-webhook-secret' | inside install -m 0600 /dev/stdin /etc/zoomdash/credentials/zoom-webhook-secret
printf '[Unit]\nDescription=zoomsim for the package smoke test\n[Service]\nExecStart=/usr/bin/zoomsim serve --port 9900 --days 3\n' |
    inside tee /etc/systemd/system/zoomsim.service >/dev/null
inside systemctl daemon-reload
inside systemctl start zoomsim
inside zoomdashctl check-config >/dev/null || fail "check-config: $(inside zoomdashctl check-config 2>&1)"
inside systemctl enable --now zoomdashd >/dev/null 2>&1 || fail "enable --now: $(inside journalctl -u zoomdashd --no-pager -n 20)"
[ "$(inside systemctl show zoomdashd -p ActiveState --value)" = active ] || fail "zoomdashd is not active"
ok "systemctl enable --now zoomdashd: READY, $(inside systemctl show zoomdashd -p StatusText --value)"

day="$(date -u -d yesterday +%F)"
while [ "$(date -u -d "$day" +%u)" -gt 5 ]; do day="$(date -u -d "$day - 1 day" +%F)"; done
report="$(inside zoomsim webhooks --to http://127.0.0.1:9465/zoom/webhook --days 1 --end-day "$day")"
echo "$report" | grep -q '"transport_errors":0' && ! echo "$report" | grep -qE '"[^2][0-9][0-9]"' || fail "webhooks: $report"
ok "signed webhooks: $report"
inside curl -sf http://127.0.0.1:9465/metrics >"$root.metrics" || fail "/metrics"
promtool check metrics <"$root.metrics" || fail "promtool check metrics"
ok "/metrics passes promtool: $(grep -c '^zoomdash_' "$root.metrics") samples"
# What the store holds: meetings only grow; disconnections are derived and may be re-derived (the
# participants collector runs again at the restart and reconciles the webhooks' sessions with Zoom's).
meetings() { inside zoomdashctl status | sed -n 's/^Meetings *\([0-9]*\).*/\1/p'; }
drops() { inside zoomdashctl export disconnects --format csv | tail -n +2 | wc -l; }
for _ in $(seq 1 30); do  # the live analysis derives the drops a moment after the commits
    [ "$(drops)" -gt 0 ] && break
    sleep 1
done
meetings_before="$(meetings)"; drops_before="$(drops)"
[ "$meetings_before" -gt 0 ] && [ "$drops_before" -gt 0 ] || fail "nothing in the store after the webhooks: $(inside zoomdashctl status)"
pid_before="$(inside systemctl show zoomdashd -p MainPID --value)"

# Upgrade: dpkg keeps the admin's edited conffile (its new version beside it), restarts the service.
upgraded="$(inside dpkg -i --force-confold /root/zoomdash-upgrade.deb 2>&1)" || fail "upgrade: $upgraded"
[ "$(inside dpkg-query -W -f '${Version}' zoomdash)" = "$version+rebuild1" ] || fail "the upgrade did not install"
inside grep -q 'edited by the admin' /etc/zoomdash/zoomdash.toml || fail "the upgrade lost the admin's config edit"
inside test -f /etc/zoomdash/zoomdash.toml.dpkg-dist || fail "no zoomdash.toml.dpkg-dist beside the kept config"
for _ in $(seq 1 50); do [ "$(inside systemctl show zoomdashd -p ActiveState --value)" = active ] && break; sleep 0.2; done
pid_after="$(inside systemctl show zoomdashd -p MainPID --value)"
[ "$(inside systemctl show zoomdashd -p ActiveState --value)" = active ] && [ "$pid_after" != "$pid_before" ] ||
    fail "the upgrade did not restart zoomdashd (pid $pid_before -> $pid_after)"
meetings_after="$(meetings)"
[ "$meetings_after" -ge "$meetings_before" ] || fail "the store lost meetings in the upgrade ($meetings_before -> $meetings_after)"
ok "upgrade to $version+rebuild1: admin's config kept (new one as .dpkg-dist), restarted (pid $pid_before -> $pid_after), store kept ($meetings_before -> $meetings_after meetings, $drops_before -> $(drops) disconnections; $(inside zoomdashctl status | sed -n 's/^Store *[^(]*(\(.*\))/\1/p'))"

# Remove keeps the store and the configuration; purge deletes them.
removed="$(inside env DEBIAN_FRONTEND=noninteractive apt-get remove -y zoomdash 2>&1)" || fail "apt-get remove: $removed"
[ "$(inside systemctl is-active zoomdashd || true)" != active ] || fail "zoomdashd still runs after remove"
inside test ! -e /usr/lib/systemd/system/zoomdashd.service || fail "the unit is still there after remove"
inside test -s /var/lib/private/zoomdash/zoomdash.sqlite || fail "remove deleted the store"
inside test -f /etc/zoomdash/zoomdash.toml || fail "remove deleted the configuration"
inside test -f /etc/zoomdash/credentials/zoom-client-secret || fail "remove deleted the secrets"
[ "$(inside dpkg-query -W -f '${Status}' zoomdash)" = "deinstall ok config-files" ] || fail "status after remove: $(inside dpkg-query -W -f '${Status}' zoomdash)"
ok "apt-get remove: stopped, unit gone, store ($(inside du -h /var/lib/private/zoomdash/zoomdash.sqlite | cut -f1)), config and secrets kept"
purged="$(inside env DEBIAN_FRONTEND=noninteractive apt-get purge -y zoomdash 2>&1)" || fail "apt-get purge: $purged"
for path in /var/lib/zoomdash /var/lib/private/zoomdash /etc/zoomdash; do
    inside test ! -e "$path" || fail "purge left $path"
done
! inside dpkg-query -W zoomdash >/dev/null 2>&1 || fail "dpkg still knows zoomdash after purge"
inside test ! -e /etc/systemd/system/multi-user.target.wants/zoomdashd.service || fail "purge left the enablement link"
ok "apt-get purge: store, configuration, secrets and enablement gone"
