#!/usr/bin/env bash
# System packages DutyDesk needs on Debian/Ubuntu Linux:
#  - fonts-wqy-microhei: a TrueType CJK font. Qt needs a CJK font to draw Chinese (otherwise
#    boxes), and reportlab can only embed TrueType (Noto CJK is CFF and fails), so printed
#    handover sheets carry this font inside the PDF.
#  - libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4
#    libxcb-keysyms1 ...: what Qt's xcb platform plugin loads to open a window on X11.
#  - poppler-utils (pdftotext/pdftoppm) and xvfb: only for the tests (PDF text, screenshots).
# Installs them when run as root (or with passwordless sudo); otherwise prints the command.
set -euo pipefail
PKGS="fonts-wqy-microhei libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 poppler-utils xvfb"
command -v apt-get >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install a CJK TrueType font and Qt's xcb libraries yourself."; exit 0; }
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else
  echo "Please install:  sudo apt-get install -y$missing"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $missing >/dev/null
