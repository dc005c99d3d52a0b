#!/usr/bin/env bash
# Build what a county IT officer installs, into dist/:
#   dist/dutydesk/                    the PyInstaller one-folder build (packaging/dutydesk.spec)
#   dist/dutydesk_<ver>_<arch>.deb    the Debian/Kylin/UOS package (/opt/dutydesk, desktop entry, icons)
#   dist/wheelhouse/                  DutyDesk's wheel and every dependency, for a PC without internet:
#                                     pip install --no-index --find-links <wheelhouse> dutydesk
# Usage: bash scripts/build-dist.sh [--no-deb] [--no-wheelhouse] [--no-app]
# Environment: WHEELHOUSE_PLATFORM=win_amd64 (with WHEELHOUSE_PYTHON=3.11) fills the wheelhouse for
# another platform (dist/wheelhouse-win_amd64/); DUTYDESK_BUNDLE_FONT=path/to/wqy-microhei.ttc.
# On Windows run the PyInstaller line below in PowerShell, then makensis (packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
app=1 deb=1 wheels=1
for arg in "$@"; do
  case "$arg" in
    --no-app) app=0 ;; --no-deb) deb=0 ;; --no-wheelhouse) wheels=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
t0=$(date +%s)
mkdir -p build dist
bash scripts/setup-venv.sh build
PY=.venv/bin/python
VERSION=$($PY -c "import app; print(app.__version__)")

if [ $app = 1 ]; then
  echo "== one-folder build (PyInstaller)"
  rm -rf dist/dutydesk
  $PY -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
      packaging/dutydesk.spec
  echo "dist/dutydesk: $(du -sh dist/dutydesk | cut -f1)  ($(( $(date +%s) - t0 )) s)"
fi

if [ $deb = 1 ]; then
  echo "== Debian package"
  command -v dpkg-deb >/dev/null || { echo "dpkg-deb not found: skipping the .deb" >&2; deb=0; }
  [ $deb = 1 ] && bash packaging/linux/build-deb.sh dist/dutydesk dist
fi

if [ $wheels = 1 ]; then
  platform=${WHEELHOUSE_PLATFORM:-}
  house=dist/wheelhouse${platform:+-$platform}
  echo "== wheelhouse $house"
  rm -rf "$house" && mkdir -p "$house"
  $PY -m pip wheel -q --no-deps --wheel-dir "$house" . > build/pip-wheel.log 2>&1 || { cat build/pip-wheel.log; exit 1; }
  target=()
  [ -n "$platform" ] && target=(--platform "$platform" --python-version "${WHEELHOUSE_PYTHON:-3.11}"
                                --implementation cp)
  extra=()  # pip judges environment markers by this machine: add what only Windows needs
  case "$platform" in win*) extra=(pywin32-ctypes) ;; esac
  $PY -m pip download -q --disable-pip-version-check --only-binary=:all: "${target[@]}" --dest "$house" "$house"/dutydesk-"$VERSION"-*.whl \
      "${extra[@]}"
  cp packaging/wheelhouse-INSTALL.txt "$house/INSTALL.txt"
  echo "$house: $(ls "$house" | grep -c '\.whl$') wheels, $(du -sh "$house" | cut -f1)"
fi
echo "== done in $(( $(date +%s) - t0 )) s"
