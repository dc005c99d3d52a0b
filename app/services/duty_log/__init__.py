"""The 24-hour duty log (值班日志): record, correct, find entries.

Every call, fax, message or report received or sent is one *entry*. Entries are never updated
or deleted in place: adding, amending a field, a leader's instruction (领导批示), an action taken
(处理情况), a notification, closing, reopening and voiding are each their own operation
(`duty.entry.add`, `.amend`, `.instruct`, `.act`, `.notify`, `.close`, `.reopen`, `.void`),
applied by `app/storage/projections/duty_log.py`. The current value of an amended field is the
newest amendment by HLC; every amendment stays visible as history (old value struck through).

This package's face is the area's API (`from app.services import duty_log`); inside it:
`types` (records, choices, labels), `inputs` (reading what the user typed), `entries` (writing),
`lookup` (single entries, numbers, details), `query` (filters, pages, counts), `suggest`
(completers). The station's zone and clock come from `app.services.station`.
"""

from __future__ import annotations

from app.services.duty_log.entries import (
    INSTRUCTORS,
    RELAY_CHANNELS,
    WRITERS,
    add_action,
    add_entry,
    add_instruction,
    add_notification,
    amend,
    close_entry,
    reindex,
    reopen_entry,
    to_json,
    verify_index,
    void_entry,
)
from app.services.duty_log.inputs import (
    check_period,
    check_query,
    format_value,
    parse_time,
    parse_until,
    search_terms,
)
from app.services.duty_log.lookup import (
    details,
    find_by_number,
    get_entry,
    get_row,
    other_station_codes,
    resolve,
    same_number,
)
from app.services.duty_log.query import count, iterate, open_count, overdue_count, page, township_name
from app.services.duty_log.suggest import contacts, suggestions
from app.services.duty_log.types import (
    AMENDABLE,
    CATEGORIES,
    CHANNELS,
    DIRECTIONS,
    FIELD_LABELS,
    SORT_KEYS,
    STATUSES,
    Action,
    Activity,
    Amendment,
    Contact,
    EntryDetail,
    EntryFilter,
    EntryInput,
    EntryRow,
    Instruction,
    Notification,
    iso,
    label,
    ms,
    parse_bool,
    parse_choice,
    parse_iso,
    to_aware,
)
from app.services.station import now, zone

__all__ = [
    "AMENDABLE",
    "CATEGORIES",
    "CHANNELS",
    "DIRECTIONS",
    "FIELD_LABELS",
    "INSTRUCTORS",
    "RELAY_CHANNELS",
    "SORT_KEYS",
    "STATUSES",
    "WRITERS",
    "Action",
    "Activity",
    "Amendment",
    "Contact",
    "EntryDetail",
    "EntryFilter",
    "EntryInput",
    "EntryRow",
    "Instruction",
    "Notification",
    "add_action",
    "add_entry",
    "add_instruction",
    "add_notification",
    "amend",
    "check_period",
    "check_query",
    "close_entry",
    "contacts",
    "count",
    "details",
    "find_by_number",
    "format_value",
    "get_entry",
    "get_row",
    "iso",
    "iterate",
    "label",
    "ms",
    "now",
    "open_count",
    "other_station_codes",
    "overdue_count",
    "page",
    "parse_bool",
    "parse_choice",
    "parse_iso",
    "parse_time",
    "parse_until",
    "reindex",
    "reopen_entry",
    "resolve",
    "same_number",
    "search_terms",
    "suggestions",
    "to_aware",
    "to_json",
    "township_name",
    "verify_index",
    "void_entry",
    "zone",
]
