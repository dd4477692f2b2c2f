#!/usr/bin/env bash
# Builds zoomdash_<version>_amd64.deb with dpkg-deb from built binaries (ZOOMDASH_BIN), the way
# debhelper would lay it out: stripped binaries, man pages from argument-parser's generate-manual plus
# zoomdash.toml(5) from the config key catalog, completions, Depends from dpkg-shlibdeps, conffiles,
# and maintainer scripts from packaging/debian. Run by `make deb` (release, Swift runtime static) and by
# `make check-deb` (the debug build, for the layout and lintian in `make test`). docs/packaging.md.
#
#   ZOOMDASH_BIN    directory with zoomdashd, zoomdashctl, zoomsim
#   GENERATE_MANUAL argument-parser's generate-manual tool
#   DEB_VERSION     the package's version (default: ZoomDashVersion.current, which --version prints)
#   DEB_OUT         where the .deb goes (default: .)
#   DEB_DATE        the changelog's and man pages' date (default: the last commit's, so rebuilds agree)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${ZOOMDASH_BIN:?ZOOMDASH_BIN: the directory of the built binaries}"
generate_manual="${GENERATE_MANUAL:?GENERATE_MANUAL: the path of argument-parser\'s generate-manual}"
version_in_code="$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/Core/Support/ZoomDashVersion.swift)"
version="${DEB_VERSION:-$version_in_code}"
out="${DEB_OUT:-.}"
date="${DEB_DATE:-$(git log -1 --format=%cs 2>/dev/null || date -u +%F)}"
maintainer="${DEB_MAINTAINER:-ZoomDash maintainers <zoomdash@example.org>}"
fail() { echo "build-deb: $*" >&2; exit 1; }

[ -n "$version_in_code" ] || fail "no version in Sources/Core/Support/ZoomDashVersion.swift"
for tool in zoomdashd zoomdashctl zoomsim; do [ -x "$bin/$tool" ] || fail "no $bin/$tool: build first"; done
reported="$("$bin/zoomdashctl" --version)"
[ "$reported" = "$version_in_code" ] || fail "$bin/zoomdashctl --version says $reported, the source $version_in_code: rebuild"
case "$version" in "$version_in_code" | "$version_in_code"+*) ;; *) fail "DEB_VERSION $version is not $version_in_code or $version_in_code+SUFFIX" ;; esac
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date -u -d "$date" +%s)}"

work="$(mktemp -d /tmp/zoomdash-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
doc="$root/usr/share/doc/zoomdash"
install -d "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/etc/zoomdash" "$doc/examples/grafana-provisioning" \
    "$root/usr/share/zoomdash/grafana" "$root/usr/share/man/man1" "$root/usr/share/man/man5" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
install -d -m 0700 "$root/etc/zoomdash/credentials"

# Binaries, stripped as dh_strip does; their help and completions come from the unstripped ones.
for tool in zoomdashd zoomdashctl zoomsim; do
    install -m 0755 "$bin/$tool" "$root/usr/bin/$tool"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$tool"
    "$generate_manual" "$bin/$tool" --multi-page --date "$date" --section 1 --output-directory "$root/usr/share/man/man1" >/dev/null
    "$bin/$tool" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/$tool"
    "$bin/$tool" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_$tool"
    "$bin/$tool" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/$tool.fish"
done
"$bin/zoomdashctl" config-reference --date "$date" >"$root/usr/share/man/man5/zoomdash.toml.5"
# generate-manual also writes hidden commands' pages; config-reference is a build step, not a command to read about.
rm -f "$root/usr/share/man/man1/zoomdashctl.config-reference.1"
# A subcommand's NAME is "zoomdashctl backfill", which whatis cannot parse (lintian: bad-whatis-entry): name
# the page as its file and `man` call it (zoomdashctl.backfill), and give the synopsis the two words instead.
for page in "$root"/usr/share/man/man1/*.*.1; do
    awk 'section == "NAME" && /^\.Nm "/ { words = $0; sub(/^\.Nm /, "", words); name = words; gsub(/"/, "", name); gsub(/ /, ".", name); print ".Nm " name; next }
         /^\.Sh / { section = $2 }
         section == "SYNOPSIS" && $0 == ".Nm" && words != "" { print ".Nm " words; words = ""; next }
         { print }' "$page" >"$page.fixed"
    mv "$page.fixed" "$page"
done
# bash-completion sources these files; a #! line suggests running them (lintian: bash-completion-with-hashbang).
sed -i '1{/^#!/d}' "$root"/usr/share/bash-completion/completions/*

# The unit: the binary's path, and where its documentation now is.
sed -e 's#^\(Exec\(Start\|StartPre\|Reload\)=\)zoomdashd #\1/usr/bin/zoomdashd #' \
    -e 's#^Documentation=.*#Documentation=man:zoomdashd(1) man:zoomdash.toml(5) file:/usr/share/doc/zoomdash/README.md.gz#' \
    -e 's#`make install` copies it with ExecStart and Documentation rewritten for its PREFIX#the package and `make install` rewrite ExecStart and Documentation#' \
    systemd/zoomdashd.service >"$root/usr/lib/systemd/system/zoomdashd.service"
[ "$(grep -c '^Exec\(Start\|StartPre\|Reload\)=/usr/bin/zoomdashd ' "$root/usr/lib/systemd/system/zoomdashd.service")" = 3 ] ||
    fail "ExecStart/ExecStartPre/ExecReload of systemd/zoomdashd.service were not rewritten"

# The conffile: world-readable (the service's dynamic user reads it); secrets go to credentials/.
install -m 0644 etc/zoomdash/zoomdash.toml "$root/etc/zoomdash/zoomdash.toml"
install -m 0644 etc/zoomdash/zoomdash.toml "$doc/examples/zoomdash.toml"
install -m 0644 etc/grafana/dashboards/zoomdash.json "$root/usr/share/zoomdash/grafana/"
sed 's|/usr/local/share/zoomdash/grafana|/usr/share/zoomdash/grafana|' etc/grafana/provisioning/dashboards/zoomdash.yaml \
    >"$doc/examples/grafana-provisioning/zoomdash-dashboards.yaml"
install -m 0644 etc/grafana/provisioning/datasources/prometheus.yaml "$doc/examples/grafana-provisioning/zoomdash-datasource.yaml"
install -m 0644 README.md "$doc/README.md"
install -d "$doc/docs/img"
install -m 0644 docs/*.md "$doc/docs/"
install -m 0644 docs/img/* "$doc/docs/img/"
install -m 0644 packaging/debian/copyright "$doc/copyright"
chmod 0644 "$root"/usr/share/man/man*/* "$root"/usr/share/*/*completions*/* "$root"/usr/share/bash-completion/completions/*
sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maintainer/" \
    -e "s/@DATE@/$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" -R)/" packaging/debian/changelog >"$doc/changelog"
# dh_compress: man pages, the changelog, and documents over 4 KiB (not the copyright, nor what links point at).
gzip -9n "$root"/usr/share/man/man*/* "$doc/changelog"
find "$doc" -maxdepth 2 -name '*.md' -size +4k -exec gzip -9n {} +

install -d "$root/usr/share/lintian/overrides"
install -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/zoomdash"

# Depends: the shared libraries the binaries need, computed by dpkg-shlibdeps from a stub source tree.
install -d "$work/src/debian" "$root/DEBIAN"
printf 'Source: zoomdash\n\nPackage: zoomdash\nArchitecture: amd64\n' >"$work/src/debian/control"
depends="$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/zoomdashd" -e"$root/usr/bin/zoomdashctl" -e"$root/usr/bin/zoomsim" 2>"$work/shlibdeps.err" |
    sed -n 's/^shlibs:Depends=//p')" || fail "dpkg-shlibdeps: $(cat "$work/shlibdeps.err")"
[ -n "$depends" ] || fail "dpkg-shlibdeps found no dependencies: $(cat "$work/shlibdeps.err")"

installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@DEPENDS@/$depends/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
    packaging/debian/control >"$root/DEBIAN/control"
echo /etc/zoomdash/zoomdash.toml >"$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "packaging/debian/$script" "$root/DEBIAN/$script"; done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control" "$root/DEBIAN/conffiles"
find "$root" -type d -exec chmod g-s {} +

mkdir -p "$out"
deb="$out/zoomdash_${version}_amd64.deb"
# DEB_COMPRESSION: `make check-deb` packs its debug binaries with "-Zgzip -z1"; xz is the release's.
# shellcheck disable=SC2086
dpkg-deb --root-owner-group ${DEB_COMPRESSION:--Zxz} --build "$root" "$deb" >/dev/null
echo "$deb"
