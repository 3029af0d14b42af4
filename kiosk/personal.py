"""What a 個人番号 looks like in text, for the rules that keep it out of the store
(kiosk.store.allowlist) and out of every log line (kiosk.log_scrub), and what a 在留カード
番号 looks like, kept out of the log only (the store keeps it: the 別紙 of foreign
residents prints it). No dependencies: the logging hook imports it before anything else."""

from __future__ import annotations

import re
import unicodedata

_SEPARATOR = r"[ \-‐‑–—−ー－・.]?"
#: Twelve digits, together or as 4-4-4 with a space, hyphen or dot between (after NFKC,
#: so full-width digits count): the shape of an individual number.
INDIVIDUAL_NUMBER = re.compile(rf"(?<!\d)\d{{4}}{_SEPARATOR}\d{{4}}{_SEPARATOR}\d{{4}}(?!\d)")
#: What a 12-digit number is replaced with where it must not appear (logs, the kiosk's
#: free text before it is sent).
MASK = "[個人番号は記録しません]"


#: A 在留カード or 特別永住者証明書 number: 2 letters, 8 digits, 2 letters (AB12345678CD),
#: on its own (not inside a longer word or number).
RESIDENCE_CARD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{8}[A-Za-z]{2}(?![A-Za-z0-9])")
RESIDENCE_CARD_MASK = "[在留カード番号は記録しません]"


def normalised(text: str) -> str:
    """NFKC: full-width digits and hyphens become ASCII (for detection)."""
    return unicodedata.normalize("NFKC", text)


def has_individual_number(text: str) -> bool:
    return bool(INDIVIDUAL_NUMBER.search(normalised(text)))


def mask(text: str) -> str:
    """`text` with every 12-digit number replaced by MASK."""
    if not has_individual_number(text):
        return text
    return INDIVIDUAL_NUMBER.sub(MASK, normalised(text))


def mask_residence_card(text: str) -> str:
    """`text` with every 在留カード番号 replaced (log lines only)."""
    if not RESIDENCE_CARD.search(normalised(text)):
        return text
    return RESIDENCE_CARD.sub(RESIDENCE_CARD_MASK, normalised(text))
