"""The confirmed actions on the open application: the store call each is, the message
said when the database took it, and where the keyboard focus goes next.

The store method has the action's name and takes (principal, application id, *args).
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Action:
    #: Message key said once done (with the reception `number`), if any.
    done_key: str | None
    #: What was done, for the focus hint ("called", "review", "closed"), if anything.
    focus: str | None


ACTIONS: dict[str, Action] = {
    "call": Action("staff.call.called_this", "called"),
    "recall": Action("staff.call.recalled", "called"),
    "start_review": Action(None, "review"),
    "complete": Action("staff.done.completed", "closed"),
    "release": Action("staff.done.released", "closed"),
    "hand_over": Action("staff.done.handed_over", "closed"),  # to the next department
    "return_to_resident": Action("staff.done.returned", "closed"),
    "cancel": Action("staff.done.cancelled", "closed"),
}
