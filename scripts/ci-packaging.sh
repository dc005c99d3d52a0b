#!/usr/bin/env bash
# CI (called by .ci/run): build the one-folder build, the .deb and the wheelhouse
# (scripts/build-dist.sh), then use each as a bureau PC would:
#  1. the built program: --version (start time), init, demo, check, a 25,000-entry bundle imported
#     through the import worker (app/sync/prepare.py: a spawned copy of the program), handover --pdf in a mount
#     namespace where /usr/share/fonts is empty (the PDF must embed the bundled CJK font: pdffonts,
#     pdftotext), the GUI offscreen for a few seconds, and a second start on the same database
#     (must hand over to the first and exit 0);
#  2. the .deb: desktop entry and AppStream metainfo validated, dpkg -i, `dutydesk` from PATH,
#     dpkg -P, nothing left in /opt, /usr/bin, /usr/share;
#  3. the wheelhouse: a fresh venv installs with --no-index (no network) and runs init + check;
#  4. the Windows installer script compiles with makensis against the built folder (a Linux stand-in
#     for the Windows build: the real setup.exe must be built on Windows, see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
start=$(date +%s)
say() { echo "-- $* ($(( $(date +%s) - start )) s)"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

bash scripts/packaging-deps.sh
bash scripts/build-dist.sh
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
DEB=$(ls dist/dutydesk_"$VERSION"_*.deb)
APP=$ROOT/dist/dutydesk/dutydesk

WORK=$(mktemp -d /tmp/dutydesk-dist.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export DUTYDESK_STATE_DIR=$WORK/state DUTYDESK_DATA_DIR=$WORK/data
cd "$WORK"

say "built program: --version"
t0=$(date +%s%N)
[ "$("$APP" --version)" = "DutyDesk $VERSION" ] || fail "--version"
echo "start to exit (--version): $(( ($(date +%s%N) - t0) / 1000000 )) ms"

say "built program: init, demo, check"
DUTYDESK_PASSWORD=ci-admin-pass "$APP" --db "$WORK/s.sqlite3" init --station-name 巍山县应急管理局 \
  --station-code 532927 --admin admin
"$APP" --db "$WORK/s.sqlite3" check >/dev/null
"$APP" --db "$WORK/demo.sqlite3" demo >/dev/null
"$APP" --db "$WORK/demo.sqlite3" check > check.txt || { cat check.txt; fail "check on the demo"; }
grep -q "wqy-microhei.ttc" check.txt || fail "check does not report the bundled PDF font"

say "built program: a 25,000-entry bundle imported through the import worker (a spawned copy of the program)"
export DUTYDESK_KEY_PASSPHRASE=ci-key-passphrase
"$APP" --db "$WORK/big.sqlite3" demo --entries 25000 >/dev/null
DUTYDESK_PASSWORD=ci-admin-pass "$APP" --db "$WORK/peer.sqlite3" init --station-name 南诏镇 --station-code 532927101 \
  --admin admin >/dev/null
"$APP" --db "$WORK/big.sqlite3" station card --out "$WORK/big.card" --json > big-card.json
FP=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fingerprint"])' big-card.json)
DUTYDESK_PASSWORD=ci-admin-pass "$APP" --db "$WORK/peer.sqlite3" trust add "$WORK/big.card" --as admin --fingerprint "$FP" >/dev/null
mkdir -p "$WORK/usb"
DUTYDESK_PASSWORD=Weishan-2024 "$APP" --db "$WORK/big.sqlite3" export --as admin --to "$WORK/usb" >/dev/null
DUTYDESK_PASSWORD=ci-admin-pass "$APP" --db "$WORK/peer.sqlite3" import "$WORK"/usb/*.ddsync --as admin --json \
  > import.json 2> import.err || { cat import.err; fail "import of the big bundle"; }
if grep -q "import worker" import.err; then cat import.err; fail "the import worker did not run in the built program"; fi
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["imported"][0]; sys.exit(0 if r["new"] >= 25000 else 1)' import.json \
  || { cat import.json; fail "the big bundle did not import whole"; }
"$APP" --db "$WORK/peer.sqlite3" check >/dev/null || fail "check after the big import"
unset DUTYDESK_KEY_PASSPHRASE

say "built program: handover --pdf with no system fonts (the bundled font must be embedded)"
pdf() { "$APP" --db "$WORK/demo.sqlite3" handover --pdf "$WORK/handover.pdf"; }
if unshare -m true 2>/dev/null; then
  export APP WORK
  unshare -m sh -c 'mount -t tmpfs tmpfs /usr/share/fonts && [ ! -e /usr/share/fonts/truetype/wqy ] &&
                    "$APP" --db "$WORK/demo.sqlite3" handover --pdf "$WORK/handover.pdf"'
else
  echo "(no mount namespace here: the system fonts stay visible)"; pdf
fi
# (into a file first: with pipefail, `grep -q` closing the pipe early fails pdftotext on a long PDF)
pdftotext handover.pdf handover.txt && grep -q "交接班记录" handover.txt || fail "the PDF's text does not extract"
pdffonts handover.pdf | tee fonts.txt
grep -E "WenQuanYiMicroHei.* yes +yes" fonts.txt >/dev/null || fail "the CJK font is not embedded"

say "built program: the GUI offscreen, and a second start on the same database"
export QT_QPA_PLATFORM=offscreen DUTYDESK_PASSWORD=Weishan-2024 DUTYDESK_NOTICE_SECONDS=1
"$APP" --db "$WORK/demo.sqlite3" gui --as zhanght > gui.log 2>&1 &
gui=$!
for _ in $(seq 60); do ls "$DUTYDESK_STATE_DIR"/instances/*.lock >/dev/null 2>&1 && break; sleep 1; done
sleep 5  # a few seconds with the window up
kill -0 $gui 2>/dev/null || { cat gui.log; fail "the GUI exited early"; }
for try in 1 2 3 4 5; do  # until the first program's window is up (it answers "starting" before)
  timeout 60 "$APP" --db "$WORK/demo.sqlite3" --lang zh_CN gui --as zhanght > second.log 2>&1 || { cat second.log; fail "second start"; }
  grep -q "已把它的窗口调到最前面" second.log && break
  [ $try = 5 ] && { cat second.log; fail "the second start did not reach the first"; }
  sleep 3
done
kill $gui; wait $gui 2>/dev/null || true
if grep -q Traceback gui.log; then cat gui.log; fail "the GUI raised"; fi
unset QT_QPA_PLATFORM DUTYDESK_NOTICE_SECONDS

say ".deb: validate, install, run from PATH, purge"
STAGE=$(ls -d "$ROOT"/build/deb/dutydesk_"$VERSION"_*)
desktop-file-validate "$STAGE"/usr/share/applications/*.desktop
appstreamcli validate --no-net "$STAGE"/usr/share/metainfo/*.metainfo.xml
for s in 16 32 48 256 scalable; do ls "$STAGE"/usr/share/icons/hicolor/$s*/apps/dutydesk.* >/dev/null; done
dpkg -s dutydesk >/dev/null 2>&1 && dpkg -P dutydesk >/dev/null
dpkg -i "$ROOT/$DEB" >/dev/null
# as a user's shell finds it (CI's own virtualenv is not on a bureau PC's PATH)
SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
[ "$(PATH=$SYSPATH command -v dutydesk)" = /usr/bin/dutydesk ] || fail "dutydesk is not /usr/bin/dutydesk"
[ "$(PATH=$SYSPATH dutydesk --version)" = "DutyDesk $VERSION" ] || fail "installed --version"
PATH=$SYSPATH dutydesk --db "$WORK/demo.sqlite3" check > deb-check.txt || { cat deb-check.txt; fail "installed check"; }
dpkg -P dutydesk >/dev/null
[ ! -e /opt/dutydesk ] || fail "/opt/dutydesk left behind"
left=$(find /usr/bin /usr/share -name 'dutydesk*' -o -name 'cn.dutydesk.*' 2>/dev/null | head -5)
[ -z "$left" ] || fail "left behind: $left"

say "wheelhouse: offline install into a fresh venv"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --no-index --find-links "$ROOT/dist/wheelhouse" dutydesk > pip.log 2>&1 ||
  { cat pip.log; fail "offline install from the wheelhouse"; }
DUTYDESK_PASSWORD=ci-admin-pass "$WORK/venv/bin/dutydesk" --db "$WORK/w.sqlite3" init \
  --station-name 巍山县应急管理局 --station-code 532927 --admin admin >/dev/null
"$WORK/venv/bin/dutydesk" --db "$WORK/w.sqlite3" check >/dev/null

say "Windows installer script: makensis against the built folder"
makensis -V2 -WX -DFAST -DVERSION="$VERSION" -DDIST="$ROOT/dist/dutydesk" -DOUTFILE="$WORK/DutyDesk-$VERSION-setup.exe" \
  "$ROOT/packaging/windows/dutydesk.nsi"
[ "$(head -c 2 "$WORK/DutyDesk-$VERSION-setup.exe")" = MZ ] || fail "makensis did not write a Windows program"

say "sizes: one-folder $(du -sh "$ROOT/dist/dutydesk" | cut -f1), .deb $(du -h "$ROOT/$DEB" | cut -f1), wheelhouse $(du -sh "$ROOT/dist/wheelhouse" | cut -f1)"
say "packaging checks passed"
