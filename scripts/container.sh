# Sourced by systemd-smoke.sh and deb-smoke.sh (which define fail): a Debian 12 root debootstrap'd once
# into a cache, and a container booted from a root under systemd as PID 1 with systemd-nspawn.

# Installs systemd-nspawn, debootstrap and promtool when missing, then debootstraps Debian 12 into $1
# unless a complete root is there (one cut short is started over).
ensure_debian_root() {
    local cache="$1" tool
    for tool in systemd-nspawn debootstrap promtool; do
        command -v "$tool" >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                systemd-container debootstrap prometheus </dev/null >/dev/null; }
    done
    [ -e "$cache/.zoomdash-smoke-complete" ] && return 0
    echo "debootstrap of Debian 12 into $cache (once; a few minutes)"
    rm -rf "$cache"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,libcurl4,libsqlite3-0,curl \
        bookworm "$cache" http://deb.debian.org/debian >/dev/null
    touch "$cache/.zoomdash-smoke-complete"
}

# Boots root $1 as machine $2 (more systemd-nspawn arguments after), without network, and waits until
# its systemd has booted. Sets init (the container's PID 1, for nsenter) and an EXIT trap that powers
# it off. The console goes to $1.console.log.
boot_container() {
    local root="$1" machine="$2" state=""
    shift 2
    systemd-nspawn -D "$root" "$@" --private-network -b --register=no --keep-unit --console=passive -M "$machine" \
        >"$root.console.log" 2>&1 &
    nspawn=$!
    init=""
    trap stop_container EXIT
    for _ in $(seq 1 100); do
        init="$(pgrep -P "$nspawn" -x systemd || true)"
        [ -n "$init" ] && break
        sleep 0.2
    done
    [ -n "$init" ] || fail "the container did not boot: $(cat "$root.console.log")"
    for _ in $(seq 1 150); do  # its D-Bus comes up a moment after PID 1; "degraded" is fine, only our units matter
        state="$(nsenter -t "$init" -a systemctl is-system-running 2>/dev/null || true)"
        case "$state" in running | degraded) return 0 ;; esac
        sleep 0.2
    done
    fail "the container's systemd did not finish booting (state: ${state:-none})"
}

stop_container() {
    [ -n "$init" ] && nsenter -t "$init" -a systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do kill -0 "$nspawn" 2>/dev/null || return 0; sleep 0.2; done
    # Killing the container's PID 1 ends its whole PID namespace; then nspawn exits.
    [ -n "$init" ] && kill -9 "$init" 2>/dev/null
    kill -9 "$nspawn" 2>/dev/null || true
}
