"""The staff search box's index: two-character pieces of each application's search text.

A name search is `search_text LIKE '%term%'`, which no index can serve (every name read:
~60 ms at 100,000 applications). Each application also has a row per distinct
two-character piece of its search text (`application_search_grams`, kept by the ORM:
models.py); a search looks up the rows of the term's rarest piece by index and checks the
LIKE on those only (queue._rarest_gram). Pieces are personal data (parts of names):
purged with the search text.
"""

from __future__ import annotations

#: A piece in this many applications or more is not used: reading its index rows and
#: then each application by key costs about what reading every name of a queue five
#: times as long does (measured at 100,000: bench_queue_listing).
USEFUL_BELOW = 20_000


def grams(text: str | None) -> set[str]:
    """The distinct two-character pieces of `text` (already case-folded)."""
    if not text:
        return set()
    return {text[i : i + 2] for i in range(len(text) - 1)}
