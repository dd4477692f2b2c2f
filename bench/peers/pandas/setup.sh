#!/bin/sh
# The pandas peer's virtualenv, made by `zoomdash-bench reanalyse-peer` only (never by `make test`):
# python3-venv from Debian when missing, then pandas from PyPI. Prints the venv's python.
#   setup.sh [VENV]     default: .build-peers/pandas-venv in the repository
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${1:-$here/../../../.build-peers/pandas-venv}
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
if ! /usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null; then
    echo "pandas peer: installing python3-venv" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv </dev/null >&2
fi
if ! "$venv/bin/python" -c 'import pandas' 2>/dev/null; then
    echo "pandas peer: creating $venv with pandas" >&2
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install -q pandas >&2
fi
echo "$venv/bin/python"
