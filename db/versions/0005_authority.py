"""Authority and tamper evidence: accounts keyed by (station, user name), the authority refusal
projection, signed manifests in the bundle log, and triggers that make the operation log
append-only in the database itself (docs/sync.md, "Authority", "Seals").

Revision ID: 0005_authority
Revises: 0009_incidents
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_authority"
down_revision = "0009_incidents"
branch_labels = None
depends_on = None

APPEND_ONLY = "the operation log is append-only (DutyDesk)"
SQLITE_TRIGGERS = {
    "oplog_no_update": f"CREATE TRIGGER oplog_no_update BEFORE UPDATE ON oplog "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    "oplog_no_delete": f"CREATE TRIGGER oplog_no_delete BEFORE DELETE ON oplog "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
}
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION dutydesk_oplog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{APPEND_ONLY}';
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGERS = {
    "oplog_no_update": "CREATE TRIGGER oplog_no_update BEFORE UPDATE ON oplog "
                       "FOR EACH ROW EXECUTE FUNCTION dutydesk_oplog_append_only()",
    "oplog_no_delete": "CREATE TRIGGER oplog_no_delete BEFORE DELETE ON oplog "
                       "FOR EACH ROW EXECUTE FUNCTION dutydesk_oplog_append_only()",
    "oplog_no_truncate": "CREATE TRIGGER oplog_no_truncate BEFORE TRUNCATE ON oplog "
                         "FOR EACH STATEMENT EXECUTE FUNCTION dutydesk_oplog_append_only()",
}


def create_triggers() -> None:
    """Also used by tests that restore the triggers after tampering on purpose."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
        for statement in PG_TRIGGERS.values():
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    names = PG_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON oplog" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS dutydesk_oplog_append_only()")


def _account_table(name: str, pk: list[str]) -> None:
    op.create_table(
        name,
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("display_name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("roles", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.String(80), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("updated_hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint(*pk, name="pk_account"),
    )


COLUMNS = "station_id, username, display_name, phone, roles, password_hash, disabled, created_hlc, created_by, updated_hlc"


def _swap_account(pk: list[str]) -> None:
    op.rename_table("account", "account_old")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE account_old RENAME CONSTRAINT pk_account TO pk_account_old")
    _account_table("account", pk)
    op.execute(f"INSERT INTO account ({COLUMNS}) SELECT {COLUMNS} FROM account_old")
    op.drop_table("account_old")


def upgrade() -> None:
    # Accounts belong to a station: the key is (station, user name).
    _swap_account(["station_id", "username"])
    # Field edits of accounts name their account as "<station id>:<user name>"; the station is
    # that of the operation (an account's operations are only its own station's).
    op.execute(
        "UPDATE field_edit SET entity_key = "
        "(SELECT o.station_id FROM oplog o WHERE o.op_id = field_edit.op_id) || ':' || entity_key "
        "WHERE entity = 'account' AND EXISTS (SELECT 1 FROM oplog o WHERE o.op_id = field_edit.op_id)"
    )
    op.create_table(
        "authority_refusal",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_authority_refusal"),
    )
    op.create_index("ix_authority_refusal_station_id", "authority_refusal", ["station_id", "hlc"])
    with op.batch_alter_table("sync_bundle_log") as batch:
        batch.add_column(sa.Column("manifest", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("signature", sa.String(128), nullable=False, server_default=""))
    with op.batch_alter_table("sync_bundle_log") as batch:
        batch.alter_column("manifest", server_default=None)
        batch.alter_column("signature", server_default=None)
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    with op.batch_alter_table("sync_bundle_log") as batch:
        batch.drop_column("signature")
        batch.drop_column("manifest")
    op.drop_index("ix_authority_refusal_station_id", "authority_refusal")
    op.drop_table("authority_refusal")
    find = "strpos(entity_key, ':')" if op.get_bind().dialect.name == "postgresql" else "instr(entity_key, ':')"
    op.execute(
        f"UPDATE field_edit SET entity_key = substr(entity_key, {find} + 1) "
        f"WHERE entity = 'account' AND {find} > 0"
    )
    # two stations' accounts of the same name cannot both survive the old key: keep the earliest
    op.execute(
        "DELETE FROM account WHERE EXISTS (SELECT 1 FROM account b WHERE b.username = account.username "
        "AND (b.created_hlc < account.created_hlc OR (b.created_hlc = account.created_hlc "
        "AND b.station_id < account.station_id)))"
    )
    _swap_account(["username"])
