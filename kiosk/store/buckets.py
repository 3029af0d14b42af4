"""How statistics rows are bucketed. Its own module, without SQLAlchemy, so the
command line can offer the choices without loading the database layer."""

from __future__ import annotations

#: A calendar day, an hour of a day, or the hour of day over the whole period (when to
#: staff the counters).
BUCKETS = {
    "day": "%Y-%m-%d",
    "hour": "%Y-%m-%d %H:00",
    "hour_of_day": "%H:00",
}
