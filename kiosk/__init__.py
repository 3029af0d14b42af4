"""The application core, without Qt: configuration, the question flow, the resident's
session, the application store and staff queue, spooling when the database is away.

Depends on `card_reader`, `forms` and `i18n` only.
"""

from kiosk.log_scrub import install as _install_log_scrubbing

_install_log_scrubbing()
