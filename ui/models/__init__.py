"""Qt item models over the store's plain records (QAbstractTableModel adapters).

The records come from `kiosk.store` (frozen dataclasses); the models only adapt them to
Qt's model/view API. They never call the database: the staff desk loads records in a
worker and hands them to `set_records()` on the main thread.
"""
