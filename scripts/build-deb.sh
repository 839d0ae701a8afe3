#!/usr/bin/env bash
# Makes a Debian package of a tree installed with `make install DESTDIR=ROOT PREFIX=/usr`, as Debian
# lays packages out: gzipped man pages and changelog, a DEP-5 copyright file, md5sums, dependencies found
# from the libraries the binary links (as dpkg-shlibdeps would), and maintainer scripts only to tell
# systemd about the new units (daemon-reload, as debhelper's snippets do; nothing is enabled).
# Usage: scripts/build-deb.sh ROOT OUTDIR
set -euo pipefail
root=$(realpath "$1")
outdir=$2
cd "$(dirname "$0")/.."
version=$(sed -n 's/.*static let version = "\([0-9.]*\) .*/\1/p' Sources/kith/Kith.swift)
architecture=$(dpkg --print-architecture)
doc=$root/usr/share/doc/kith

# Debian keeps the licence in copyright and the upstream changelog as changelog.gz; no duplicate LICENSE.
rm -f "$doc/LICENSE"
gzip -9n "$doc/CHANGELOG.md"
mv "$doc/CHANGELOG.md.gz" "$doc/changelog.gz"
{
    echo "kith ($version-1) unstable; urgency=medium"
    echo
    echo "  * Package built from the upstream tree."
    echo
    echo " -- Kith contributors <kith@example.org>  $(date -R -d "$(git log -1 --format=%cI 2>/dev/null || date -I)")"
} | gzip -9n > "$doc/changelog.Debian.gz"
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: kith"
    echo
    echo "Files: *"
    echo "Copyright: 2026 The Kith contributors"
    echo "License: Apache-2.0"
    echo " On Debian systems, the full text of the Apache License, Version 2.0, is in"
    echo " /usr/share/common-licenses/Apache-2.0."
} > "$doc/copyright"
find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +

# Dependencies: the package of each library the binary names (NEEDED); it carries the Swift runtime itself.
binary=$root/usr/bin/kith
depends=$(readelf --dynamic "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r needed; do
    library=$(ldd "$binary" | awk -v name="$needed" '$1 == name { print $3 }')
    [ -n "$library" ] || library=$(ldd "$binary" | awk -v name="$needed" 'index($1, name) { print $1 }')
    dpkg -S "$(realpath "$library")" 2>/dev/null || dpkg -S "$library"
done | cut -d: -f1 | sort -u | while read -r package; do
    echo "$package (>= $(dpkg-query -W -f '${Version}' "$package" | sed 's/-[^-]*$//'))"
done | paste -sd, - | sed 's/,/, /g')

mkdir -p "$root/DEBIAN"
installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: kith
Version: $version-1
Architecture: $architecture
Maintainer: Kith contributors <kith@example.org>
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
Description: local-first daemon that tends your network of people
 Kith reads the calendar (.ics) and contact (.vcf) files you drop into a
 folder, works out whom you met and when, who is overdue for a catch-up,
 whose birthday is near and which meetings deserve a follow-up, and mails
 you a weekly digest of these nudges. It runs as a systemd service (system,
 per user, or user unit) and is driven from the kith command line.
CONTROL
for script in postinst postrm; do
    cat > "$root/DEBIAN/$script" <<SCRIPT
#!/bin/sh
set -e
# The units changed on disk: tell a running systemd, as debhelper's snippets do. Nothing is enabled or
# started: Kith needs a config first (see /usr/share/doc/kith/README.md.gz).
if [ -d /run/systemd/system ]; then
    systemctl --system daemon-reload >/dev/null || true
fi
SCRIPT
    chmod 0755 "$root/DEBIAN/$script"
done
gzip -9n "$doc/README.md"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
mkdir -p "$outdir"
package="$outdir/kith_${version}-1_${architecture}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$package" >/dev/null
echo "$package"
