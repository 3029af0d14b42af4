"""Applications as a kiosk submits them: real catalogue data, real rendered forms."""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta
from typing import Any

from forms.catalogue import Catalogue, load_catalogue
from forms.render import render_batch
from kiosk.application import cover_wording
from kiosk.store import ApplicationDraft, Store, Submission
from tests.clock import TEST_DAY
from tests.forms.samples import MOVING_IN_FAMILY

PASSWORD = "correct-horse"


def _family() -> dict[str, Any]:
    """The forms tests' moving-in family, renamed 𠮷田 (𠮷 lies outside JIS X 0208)."""
    data = copy.deepcopy(MOVING_IN_FAMILY)
    data["applicant"].update(name="𠮷田 花子", name_kana="ヨシダ ハナコ")
    data["children"][0].update(name="𠮷田 一郎", name_kana="ヨシダ イチロウ")
    data["registry"]["head"] = "𠮷田 花子"
    data["bank"]["holder_kana"] = "ヨシダ ハナコ"
    data["procedures"] = {}
    return data


FAMILY = _family()


def family(name: str = "𠮷田 花子", **applicant: Any) -> dict[str, Any]:
    data = copy.deepcopy(FAMILY)
    data["move"]["date"] = (TEST_DAY - timedelta(days=3)).isoformat()
    data["applicant"]["name"] = name
    data["applicant"].update(applicant)
    return data


def draft(
    catalogue: Catalogue | None = None,
    data: dict[str, Any] | None = None,
    *,
    render: bool = True,
    group: str = "A",
) -> ApplicationDraft:
    """A moving-in application; `render=False` skips the PDF (fast, for list tests)."""
    catalogue = catalogue or load_catalogue()
    data = data or family()
    event = data["event"]
    form_ids = catalogue.forms_for(event, data, TEST_DAY)
    app_id = str(uuid.uuid4())
    procedures = [
        {"id": p.id, "title_ja": p.title["ja"], "counter": p.department.name["ja"]}
        for p in catalogue.procedures_for(event, data, TEST_DAY)
    ]
    pdf = b""
    flags: list[Any] = []
    if render:
        batch = render_batch(catalogue, data, form_ids, application_id=app_id, today=TEST_DAY,
                             wording=cover_wording("ja"))  # fmt: skip
        pdf = batch.pdf
        flags = [{"kind": "render", **vars(f)} for f in batch.flags]
    return ApplicationDraft(
        event_id=event,
        locale="ja",
        terminal_id="kiosk-1F-01",
        counter_group=group,
        data=data,
        procedures=procedures,
        form_ids=form_ids,
        pdf=pdf,
        flags=flags,
        card_used=True,
        uuid=app_id,
    )


def submit(store: Store, **kwargs: Any) -> Submission:
    return store.submit(draft(**kwargs))
