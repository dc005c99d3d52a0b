#!/usr/bin/env bash
# One command: set up (system packages, virtualenv with the test extra) and run the test suite
# (unit: services, storage, sync, reports, CLI — headless; ui: every panel with pytest-qt offscreen).
# Benchmarks are separate: .venv/bin/pytest tests/perf -s
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup-venv.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
