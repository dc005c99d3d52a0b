"""The 24-hour duty log dock (值班日志): table, detail pane, filters, quick entry, corrections,
export and print. `panel.py` holds `SPEC`; everything goes through `app.services.duty_log`."""
