#!/usr/bin/env bash
# Render resources/icons/dutydesk-<size>.png and dutydesk.ico from the two SVGs (needs librsvg2-bin
# and imagemagick). The results are committed; run this after changing an SVG.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for s in 16 22 24 32 48 64 128 256 512; do
  src=dutydesk.svg; [ "$s" -le 24 ] && src=dutydesk-16.svg
  rsvg-convert -w "$s" -h "$s" "$src" -o "dutydesk-$s.png"
done
convert dutydesk-16.png dutydesk-24.png dutydesk-32.png dutydesk-48.png dutydesk-64.png dutydesk-128.png \
  dutydesk-256.png dutydesk.ico
