#!/usr/bin/env bash
# Build dist/dutydesk_<version>_<arch>.deb from the one-folder build (dist/dutydesk/), with dpkg-deb.
#   bash packaging/linux/build-deb.sh [DIST_FOLDER] [OUT_DIR]
# Layout: /opt/dutydesk/ (the program), /usr/bin/dutydesk (a wrapper), the desktop entry, the icon in
# the hicolor theme (PNG sizes + scalable SVG), AppStream metainfo, /usr/share/doc/dutydesk/.
# Station databases live in each user's data folder and are never touched by install or removal.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$ROOT/dist/dutydesk}"
OUT="${2:-$ROOT/dist}"
ID=cn.dutydesk.DutyDesk
[ -x "$DIST/dutydesk" ] || { echo "no one-folder build at $DIST (run scripts/build-dist.sh)" >&2; exit 1; }
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/app/__init__.py")
ARCH=$(dpkg --print-architecture)
DATE=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)
STAGE="$ROOT/build/deb/dutydesk_${VERSION}_${ARCH}"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/dutydesk" "$STAGE/usr/share/icons/hicolor/scalable/apps"

cp -a "$DIST" "$STAGE/opt/dutydesk"
cat > "$STAGE/usr/bin/dutydesk" <<'SH'
#!/bin/sh
# DutyDesk 应急值守台: the program lives in /opt/dutydesk (a PyInstaller one-folder build).
exec /opt/dutydesk/dutydesk "$@"
SH
chmod 755 "$STAGE/usr/bin/dutydesk"
install -m 644 "$ROOT/packaging/linux/$ID.desktop" "$STAGE/usr/share/applications/$ID.desktop"
sed "s/@VERSION@/$VERSION/; s/@DATE@/$DATE/" "$ROOT/packaging/linux/$ID.metainfo.xml" \
  > "$STAGE/usr/share/metainfo/$ID.metainfo.xml"
for png in "$ROOT"/resources/icons/dutydesk-*.png; do
  size=$(basename "$png" .png); size=${size#dutydesk-}
  mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/dutydesk.png"
done
install -m 644 "$ROOT/resources/icons/dutydesk.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/dutydesk.svg"
install -m 644 "$ROOT/packaging/linux/copyright" "$STAGE/usr/share/doc/dutydesk/copyright"
install -m 644 "$ROOT/packaging/licenses/wqy-microhei.txt" "$STAGE/usr/share/doc/dutydesk/wqy-microhei.txt"
install -m 755 "$ROOT/packaging/linux/postrm" "$STAGE/DEBIAN/postrm"

# The bundled libraries need this C library or newer (PyInstaller copies the build machine's).
GLIBC=$(find "$STAGE/opt/dutydesk" -type f \( -name '*.so*' -o -name dutydesk \) -print0 \
        | xargs -0 grep -aoh 'GLIBC_2\.[0-9]*' 2>/dev/null | sort -uV | tail -1 | sed 's/GLIBC_//')
SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" -e "s/@GLIBC@/$GLIBC/" \
  "$ROOT/packaging/linux/control" > "$STAGE/DEBIAN/control"
find "$STAGE" -type d -exec chmod 755 {} +

mkdir -p "$OUT"
DEB="$OUT/dutydesk_${VERSION}_${ARCH}.deb"
# gzip: every dpkg reads it (older Kylin/UOS dpkg lacks zstd), and it is quick to build
dpkg-deb --root-owner-group -Zgzip -z6 --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
