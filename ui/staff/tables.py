"""The read-only record tables of the staff window (shared with the supervisor's view:
ui.desktop.tables)."""

from ui.desktop.tables import record_table

__all__ = ["record_table"]
