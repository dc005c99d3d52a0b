"""Seats writing at once (issue 10): 4 processes × 200 `log add` on one station database.

On PostgreSQL the processes are seats on one server; on SQLite, programs on one file. The log
must stay gap-free and chained, entry numbers unique and gap-free, nothing lost, `check` clean.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.services import duty_log
from app.services.accounts import Actor
from app.storage import integrity
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry
from app.storage.models.oplog import Operation
from tests import engines
from tests.conftest import make_account

PROCESSES = 4
WRITES = 200

WRITER = """
import sys
from app.services import accounts, passwords
from app.services import duty_log
from app.services.duty_log import EntryInput
from app.storage.engine import Database
passwords.fast_for_tests()
url, seat, count, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = Database.open(url)
actor = accounts.authenticate(db, "seat", password)
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(count):
    duty_log.add_entry(db, actor, EntryInput(summary=f"席位{seat} 第{i}条 来电", phone="13908721101"))
db.close()
print("done", flush=True)
"""


def test_four_seats_write_at_once(db: Database, db_path: Path, admin: Actor) -> None:
    make_account(db, admin, "seat", "operator")
    url = engines.url_for(db_path)
    db.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, str(seat), str(WRITES), "seat-pass"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for seat in range(PROCESSES)
    ]
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline()
        assert line.strip() == "ready", p.stderr.read() if p.stderr else line
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert out.strip() == "done"
        assert "Traceback" not in err

    check = Database.open(url)
    try:
        with check.read() as conn:
            entry = table(DutyEntry)
            numbers = sorted(conn.execute(select(entry.c.number)).scalars())
            oplog = table(Operation)
            seqs = sorted(conn.execute(select(oplog.c.seq).where(oplog.c.replica_id == check.replica_id)).scalars())
            replicas = conn.execute(select(func.count(func.distinct(oplog.c.replica_id)))).scalar()
        assert numbers == list(range(1, PROCESSES * WRITES + 1))
        assert seqs == list(range(1, len(seqs) + 1))
        assert replicas == 1  # the seats share the station's one replica
        hlcs = []
        with check.read() as conn:
            hlcs = list(conn.execute(select(oplog.c.hlc).where(oplog.c.replica_id == check.replica_id)
                                     .order_by(oplog.c.seq)).scalars())
        assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)  # time order = chain order
        results = integrity.run_all(check)
        assert all(r.ok for r in results), [(r.name, r.problems) for r in results]
        assert duty_log.verify_index(check) == []
    finally:
        check.close()
