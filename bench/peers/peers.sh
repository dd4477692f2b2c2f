#!/bin/sh
# The webhook bench's peer receivers (zoomdash-bench webhook). Run by the bench only, never by
# `make test`:
#   peers.sh install              nginx, php-fpm 8.2 and its SQLite module from Debian when missing,
#                                 and a virtualenv with uvicorn and uvloop (VENV, default .build-peers/venv)
#   peers.sh render-php DIR PORT SECRET
#                                 nginx.conf and php-fpm.conf in DIR for a store DIR/peer.sqlite
#   peers.sh store FILE           a fresh peer store with the receivers' table
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${VENV:-$here/../../.build-peers/venv}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)

case "${1:-}" in
install)
    missing=""
    [ -x /usr/sbin/nginx ] || missing="$missing nginx"
    [ -x /usr/sbin/php-fpm8.2 ] || missing="$missing php8.2-fpm"
    dpkg -s php8.2-sqlite3 >/dev/null 2>&1 || missing="$missing php8.2-sqlite3"
    command -v sqlite3 >/dev/null || missing="$missing sqlite3"
    /usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || missing="$missing python3-venv"
    if [ -n "$missing" ]; then
        echo "peers: installing$missing" >&2
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing </dev/null >&2
        # Debian starts the services it installs; the bench runs its own instances.
        $sudo systemctl disable --now nginx php8.2-fpm >/dev/null 2>&1 || true
    fi
    if ! "$venv/bin/python" -c 'import uvicorn, uvloop, httptools' 2>/dev/null; then
        echo "peers: creating $venv with uvicorn and uvloop" >&2
        /usr/bin/python3 -m venv "$venv"
        "$venv/bin/pip" install -q uvicorn uvloop httptools >&2
    fi
    echo "$venv"
    ;;
render-php)
    dir=$2 port=$3 secret=$4
    mkdir -p "$dir/body" "$dir/fastcgi" "$dir/proxy" "$dir/uwsgi" "$dir/scgi"
    for name in nginx php-fpm; do
        sed -e "s#@PREFIX@#$dir#g" -e "s#@PORT@#$port#g" -e "s#@STORE@#$dir/peer.sqlite#g" \
            -e "s#@SECRET@#$secret#g" -e "s#@ROOT@#$here/php#g" -e "s#@USER@#$(id -un)#g" \
            "$here/$name.conf.template" >"$dir/$name.conf"
    done
    ;;
store)
    sqlite3 "$2" <"$here/schema.sql" >/dev/null
    ;;
*)
    echo "usage: peers.sh install | render-php DIR PORT SECRET | store FILE" >&2
    exit 64
    ;;
esac
