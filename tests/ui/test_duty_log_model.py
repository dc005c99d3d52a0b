"""The duty log table: lazily paged rows, sorting, filters and search with highlighting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import duty_log
from app.services.duty_log import EntryFilter
from app.ui.panels.duty_log.cells import AMENDED_MARK, COLUMN_INDEX, SIGNIFICANT_MARK
from app.ui.panels.duty_log.delegates import match_spans
from app.ui.panels.duty_log.model import ENTRY_ROLE, PLAIN_ROLE, STATUS_ROLE, EntryTableModel
from tests.ui.test_duty_log_support import *  # noqa: F403
from tests.ui.test_duty_log_support import bulk, seed_story, settle


def test_model_pages_lazily_over_thousands_of_entries(db, lead, qtbot):
    bulk(db, lead.username, 3000)
    model = EntryTableModel(db, db_zone(db), block_size=100, max_blocks=5)
    assert model.rowCount() == 3000
    assert model.blocks_fetched == 0  # counting reads no rows
    first = model.index(0, COLUMN_INDEX["no"]).data(ENTRY_ROLE)
    assert model.blocks_fetched == 1
    # newest first (received descending)
    second = model.index(1, COLUMN_INDEX["no"]).data(ENTRY_ROLE)
    assert first.received_at >= second.received_at
    assert model.blocks_fetched == 1  # same block
    last = model.index(2999, COLUMN_INDEX["no"]).data(ENTRY_ROLE)
    assert model.blocks_fetched == 2
    assert last.received_at <= first.received_at
    # the cache is bounded: walk every block, only max_blocks stay in memory
    for row in range(0, 3000, 100):
        assert model.index(row, 0).data(ENTRY_ROLE) is not None
    assert model.cached_blocks == 5
    # rows read from different blocks are all distinct entries
    ids = {model.index(r, 0).data(ENTRY_ROLE).id for r in range(0, 3000, 37)}
    assert len(ids) == len(range(0, 3000, 37))


def test_view_fetches_only_what_is_on_screen(panel, db, lead, qtbot):
    bulk(db, lead.username, 2500)
    panel.filter_bar.reset()  # a new query: the first block at once, the count follows
    assert panel.model.rowCount() == 200 and not panel.model.exact
    assert "200" in panel.count_label.text()
    settle(qtbot, panel)
    assert panel.model.rowCount() == 2500
    assert panel.model.cached_blocks <= 2
    panel.table.scrollToBottom()
    qtbot.wait(50)
    assert panel.model.cached_blocks <= 3
    assert panel.count_label.text().replace(",", "").find("2500") >= 0


def test_sorting_maps_columns_to_service_keys(db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    model = EntryTableModel(db, db_zone(db))
    model.sort(COLUMN_INDEX["no"], Qt.SortOrder.AscendingOrder)
    assert model.sort_key == "no" and not model.descending
    numbers = [model.index(r, COLUMN_INDEX["no"]).data(PLAIN_ROLE) for r in range(model.rowCount())]
    assert numbers == sorted(numbers)
    model.sort(COLUMN_INDEX["category"], Qt.SortOrder.DescendingOrder)
    assert model.sort_key == "category"
    model.sort(COLUMN_INDEX["source"], Qt.SortOrder.AscendingOrder)
    assert model.sort_key == "source_unit"
    model.sort(COLUMN_INDEX["received_at"], Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(ENTRY_ROLE).id == rows["routine"].id
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.AscendingOrder)  # every column sorts without error
        assert model.sort_key in duty_log.SORT_KEYS
        assert model.rowCount() == 4


def test_marks_for_significant_overdue_and_columns(db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    model = EntryTableModel(db, db_zone(db))
    wall.advance(3600)  # the quake entry's follow-up (30 min) is now past
    model.set_now(duty_log.now(db))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(ENTRY_ROLE).id == rows["quake"].id)
    no = model.index(row, COLUMN_INDEX["no"])
    assert no.data().startswith(SIGNIFICANT_MARK)
    status = model.index(row, COLUMN_INDEX["status"])
    assert status.data(STATUS_ROLE) == "overdue"
    assert "⚠" in status.data()  # not colour alone
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(row, COLUMN_INDEX["township"]).data() == "五印乡"
    assert model.index(row, COLUMN_INDEX["source"]).data() == "大理州地震局 李明"
    assert AMENDED_MARK not in model.index(row, COLUMN_INDEX["summary"]).data()


def test_filters_narrow_the_rows(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    assert panel.model.rowCount() == 4
    bar = panel.filter_bar
    bar.category.setCurrentIndex(bar.category.findData("incident"))
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data(ENTRY_ROLE).id == rows["quake"].id
    bar.reset()
    assert panel.model.rowCount() == 4
    bar.direction.setCurrentIndex(bar.direction.findData("out"))
    assert panel.model.rowCount() == 1
    bar.reset()
    bar.channel.setCurrentIndex(bar.channel.findData("radio"))
    assert panel.model.rowCount() == 1
    bar.reset()
    bar.township.setCurrentIndex(bar.township.findData("紫金乡"))
    assert panel.model.rowCount() == 1
    bar.reset()
    bar.significant.setChecked(True)
    assert panel.model.rowCount() == 1
    bar.reset()
    duty_log.close_entry(db, lead, rows["fire"].id)
    panel.refresh()
    bar.status.setCurrentIndex(bar.status.findData("closed"))
    assert panel.model.rowCount() == 1
    bar.status.setCurrentIndex(bar.status.findData("open"))
    assert panel.model.rowCount() == 3
    wall.advance(3600)
    panel.tick()
    bar.status.setCurrentIndex(bar.status.findData("overdue"))
    assert panel.model.rowCount() == 1
    bar.reset()
    bar.author.setCurrentIndex(bar.author.findData("admin"))
    assert panel.model.rowCount() == 0
    bar.author.setCurrentIndex(bar.author.findData("wanglei"))
    assert panel.model.rowCount() == 4
    bar.reset()
    bar.period.setCurrentIndex(bar.period.findData("today"))
    assert panel.model.rowCount() == 4
    assert "matching" in panel.count_label.text() or "符合" in panel.count_label.text()


def test_search_finds_short_chinese_latin_and_phone_and_highlights(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    cases = {
        "震": {rows["quake"].id},            # one character
        "地震": {rows["quake"].id},          # two characters
        "五印乡": {rows["quake"].id},        # three characters
        "火险": {rows["fire"].id},
        "radio": {rows["routine"].id},       # Latin word, any case
        "RADIO": {rows["routine"].id},
        "6123456": {rows["fireworks"].id},   # part of a phone number
        "13908721999": {rows["fire"].id},
    }
    for query, expected in cases.items():
        panel.filter_bar.set_text(query)
        found = {panel.model.index(r, 0).data(ENTRY_ROLE).id for r in range(panel.model.rowCount())}
        assert found == expected, query
    panel.filter_bar.set_text("地震")
    assert panel.model.terms == duty_log.search_terms("地震")
    summary = panel.model.index(0, COLUMN_INDEX["summary"]).data()
    assert match_spans(summary, panel.model.terms)  # the delegate paints these spans
    assert "地震" in panel.detail.toHtml() and "#ffd54a" in panel.detail.toHtml()
    panel.filter_bar.set_text("没有这个词")
    assert panel.model.rowCount() == 0


def test_search_typing_is_debounced(panel, db, lead, wall, qtbot):
    seed_story(db, lead, wall)
    panel.refresh()
    with qtbot.waitSignal(panel.filter_bar.changed, timeout=2000):
        qtbot.keyClicks(panel.filter_bar.search, "radio")
    assert panel.model.rowCount() == 1


def test_match_spans_merge_and_ignore_case():
    assert match_spans("Radio radio", ["RADIO"]) == [(0, 5), (6, 11)]
    assert match_spans("五印乡地震", ["五印", "印乡"]) == [(0, 3)]
    assert match_spans("abc", []) == []


def test_effective_filter_carries_now(db, lead, qtbot):
    model = EntryTableModel(db, db_zone(db))
    model.set_filter(EntryFilter(status="overdue"))
    assert model.effective_filter().now == model.now


def db_zone(db):  # type: ignore[no-untyped-def]
    return duty_log.zone(db)


def test_filtering_does_not_drain_references_to_none_and_painting_cannot_crash(panel, db, lead, wall, qtbot):
    """PySide6 6.12 on Python 3.11 drops a reference to None each time QComboBox.currentData()
    hands None to Python and each time a Python paint override runs; enough of them abort the
    interpreter. The filter bar never answers None, and the panel's guard puts None's count
    out of reach of any session's painting."""
    import sys

    seed_story(db, lead, wall)
    panel.refresh()
    panel.filter_bar.set_text("震")
    before = sys.getrefcount(None)
    for _ in range(300):
        panel.filter_bar.current_filter()
        panel.filter_bar.status_code()
    assert sys.getrefcount(None) >= before - 5
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 10**11
        for _ in range(200):
            panel.table.viewport().repaint()
        assert sys.getrefcount(None) > 10**11
