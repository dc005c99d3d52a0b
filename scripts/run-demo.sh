#!/usr/bin/env bash
# One command: set up (system packages, virtualenv), build the Weishan demo station once, and open
# DutyDesk signed in as the shift lead 张海涛 (zhanght). Password of every demo account: Weishan-2024.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup-venv.sh
DB="${DUTYDESK_DB:-$PWD/.demo/dutydesk-demo.sqlite3}"
mkdir -p "$(dirname "$DB")"
[ -f "$DB" ] || .venv/bin/dutydesk --db "$DB" demo
DUTYDESK_PASSWORD="${DUTYDESK_PASSWORD:-Weishan-2024}" exec .venv/bin/dutydesk --db "$DB" gui --as "${DEMO_USER:-zhanght}"
