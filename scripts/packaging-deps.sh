#!/usr/bin/env bash
# Debian packages for building and checking the installers (scripts/build-dist.sh, CI), on top of
# scripts/system-deps.sh: nsis (makensis compiles the Windows installer script), appstream
# (appstreamcli validate), desktop-file-utils (desktop-file-validate), poppler-utils (pdffonts),
# and with `icons`: librsvg2-bin + imagemagick (scripts/render-icons.sh). dpkg-deb comes with dpkg.
set -euo pipefail
PKGS="nsis appstream desktop-file-utils poppler-utils fonts-wqy-microhei"
[ "${1:-}" = icons ] && PKGS="$PKGS librsvg2-bin imagemagick"
command -v apt-get >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install NSIS and AppStream yourself."; exit 0; }
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
  echo "Please install:  sudo apt-get install -y$missing"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
