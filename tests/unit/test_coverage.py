"""Every table of the models declares how `check` verifies it (issue 9): a new table without a
role, or a local table without a declared verification, fails here."""

from __future__ import annotations

from app.services import doctor
from app.storage import verify
from app.storage.models import LOCAL, load_all


def test_every_table_has_a_role_and_a_verification() -> None:
    undeclared = [name for name, how in verify.coverage() if how is None]
    assert undeclared == [], (
        f"tables without a declared role/verification: {undeclared}. Give each model "
        "__table_args__ info {'role': 'projection' | 'reference' | 'local', 'verified': <key of "
        "app.storage.verify.VERIFIED> (local tables)} and make `check` verify it."
    )


def test_local_tables_name_a_real_verification() -> None:
    meta = load_all()
    for t in meta.sorted_tables:
        if t.info.get("role") == LOCAL:
            assert t.info.get("verified") in verify.VERIFIED, t.name


def test_coverage_lists_every_table_in_both_languages() -> None:
    from app import messages

    names = {t.name for t in load_all().sorted_tables}
    for lang in ("zh_CN", "en"):
        messages.set_language(lang)
        rows = doctor.coverage()
        assert {r["table"] for r in rows} == names
        assert all(r["how"] for r in rows)
    messages.set_language("zh_CN")
