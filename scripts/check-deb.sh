#!/usr/bin/env bash
# Checks a built zoomdash .deb without installing it (no root): the file list, the conffile, the
# credentials directory's mode, a man page for every command and subcommand the binaries have, the
# completions, the maintainer scripts, Depends computed (no Swift runtime needed), and lintian with
# no error or warning (overrides carry their reasons). `make test` runs it through `make check-deb`.
set -euo pipefail
deb="${1:?usage: check-deb.sh zoomdash_VERSION_amd64.deb}"
fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
ok() { echo "check-deb: ok: $*"; }

work="$(mktemp -d /tmp/zoomdash-check-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
dpkg-deb --contents "$deb" >"$work/contents" || fail "dpkg-deb cannot read $deb"
awk '{ print $6 }' "$work/contents" | sed 's|^\./|/|; s|/$||' | sort >"$work/files"
has() { grep -qx -- "$1" "$work/files" || fail "$1 is not in the package"; }
mode_of() { awk -v path="./${1#/}" '$6 == path || $6 == path "/" { print $1 }' "$work/contents"; }

for file in /usr/bin/zoomdashd /usr/bin/zoomdashctl /usr/bin/zoomsim /usr/lib/systemd/system/zoomdashd.service \
    /etc/zoomdash/zoomdash.toml /usr/share/doc/zoomdash/copyright /usr/share/doc/zoomdash/changelog.gz \
    /usr/share/doc/zoomdash/README.md.gz /usr/share/doc/zoomdash/examples/zoomdash.toml \
    /usr/share/doc/zoomdash/examples/grafana-provisioning/zoomdash-dashboards.yaml \
    /usr/share/doc/zoomdash/examples/grafana-provisioning/zoomdash-datasource.yaml /usr/share/zoomdash/grafana/zoomdash.json \
    /usr/share/man/man5/zoomdash.toml.5.gz; do
    has "$file"
done
[ "$(mode_of /etc/zoomdash/credentials)" = drwx------ ] || fail "/etc/zoomdash/credentials is $(mode_of /etc/zoomdash/credentials), not drwx------"
[ "$(mode_of /etc/zoomdash/zoomdash.toml)" = -rw-r--r-- ] || fail "/etc/zoomdash/zoomdash.toml must be 0644 (the dynamic user reads it)"
! grep -q '^/usr/local' "$work/files" || fail "files under /usr/local: $(grep '^/usr/local' "$work/files" | head -3)"
ok "layout: binaries, unit, conffile, credentials/ 0700, docs, Grafana files, examples"

dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$work"
[ "$(cat "$work/conffiles")" = /etc/zoomdash/zoomdash.toml ] || fail "conffiles: $(cat "$work/conffiles")"
for script in postinst prerm postrm; do
    [ -x "$work/$script" ] || fail "no executable $script"
    sh -n "$work/$script" || fail "$script: syntax"
done
grep -q 'deb-systemd-helper enable' "$work/postinst" && grep -q 'try-restart' "$work/postinst" || fail "postinst does not enable, or restart on upgrade"
grep -q 'rm -rf /var/lib/zoomdash' "$work/postrm" || fail "postrm does not delete the store on purge"
depends="$(sed -n 's/^Depends: //p' "$work/control")"
for library in libc6 libcurl4 libsqlite3-0 libsystemd0; do
    case "$depends" in *"$library "* | *"$library,"* | *"$library") ;; *) fail "Depends lacks $library: $depends" ;; esac
done
case "$depends" in *swift*) fail "Depends names a Swift runtime package: $depends" ;; esac
version="$(sed -n 's/^Version: //p' "$work/control")"
case "$(basename "$deb")" in "zoomdash_${version}_amd64.deb") ;; *) fail "$(basename "$deb") does not carry the control's version $version" ;; esac
ok "control: version $version, conffile, maintainer scripts, Depends: $depends"

# Every command and subcommand (as the binaries' own --help lists them) has its page.
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" ./usr/bin ./usr/share/man
pages=0
for tool in zoomdashd zoomdashctl zoomsim; do
    has "/usr/share/man/man1/$tool.1.gz"
    has "/usr/share/bash-completion/completions/$tool"
    has "/usr/share/zsh/vendor-completions/_$tool"
    has "/usr/share/fish/vendor_completions.d/$tool.fish"
    subcommands="$("$work/usr/bin/$tool" --experimental-dump-help | python3 -c '
import json, sys
def walk(command, prefix):
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True):
            yield prefix + "." + sub["commandName"]
            yield from walk(sub, prefix + "." + sub["commandName"])
print("\n".join(walk(json.load(sys.stdin)["command"], sys.argv[1])))' "$tool")"
    for page in $subcommands; do has "/usr/share/man/man1/$page.1.gz"; pages=$((pages + 1)); done
done
for page in "$work"/usr/share/man/man*/*.gz; do
    warnings="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)"
    [ -z "$warnings" ] || fail "$(basename "$page"): $warnings"
done
for key in account_id secret_token users_file subscription_id org_id webhook_url max_share_of_daily_cap; do
    zcat "$work/usr/share/man/man5/zoomdash.toml.5.gz" | grep -q "^\.BI \"$key\"" || fail "zoomdash.toml(5) lacks $key"
done
ok "man pages: zoomdashd, zoomdashctl, zoomsim and their $pages subcommands, zoomdash.toml(5), all rendering without warnings; completions for bash, zsh, fish"

command -v lintian >/dev/null || fail "lintian is not installed (make deps)"
lintian --fail-on error,warning --display-info --suppress-tags spelling-error-in-binary "$deb" >"$work/lintian" 2>&1 ||
    fail "lintian: $(grep -v 'running with root privileges' "$work/lintian")"
sed -i '/running with root privileges/d' "$work/lintian"
ok "lintian: no error or warning$( [ -s "$work/lintian" ] && printf ' (%s info tags: %s)' "$(wc -l <"$work/lintian")" "$(sed 's/^I: zoomdash: //; s/ .*//' "$work/lintian" | sort -u | tr '\n' ' ')")"
