"""`LobbyBoardView`: what the lobby screen shows, drawn from a `LobbyBoard` (no personal
data: numbers, counters and counts only).

The newest call is the first tile, inverted so it stands out; every text is in
Japanese with English beneath. Sizes follow the window's height, so the same view
works on a 24-inch screen by the counter and a 65-inch one across the hall.
High contrast: white and yellow on black (≥ 7:1), as in the kiosk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from i18n import translator
from kiosk.clock import Clock
from kiosk.store import LobbyBoard
from ui.theme import PALETTES, ThemeName
from ui.widgets.layouts import clear_layout

#: Tiles on screen: two columns, the newest call first.
MAX_TILES = 8
COLUMNS = 2


def bilingual(key: str, **params: object) -> str:
    return f"{translator('ja')(key, **params)}\n{translator('en')(key, **params)}"


class LobbyBoardView(QWidget):
    def __init__(
        self, clock: Clock, high_contrast: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lobby_board")
        self.time_source = clock  # the city hall's time, shown in the corner
        self.high_contrast = high_contrast
        self.board: LobbyBoard | None = None
        self.tiles: list[QFrame] = []
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(bilingual("staff.display.calling"))
        self.title.setObjectName("display_title")
        head.addWidget(self.title, 1)
        self.clock = QLabel()
        self.clock.setObjectName("display_clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.clock)
        outer.addLayout(head)
        body = QHBoxLayout()
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setSpacing(16)
        body.addWidget(self.grid_holder, 3)
        side = QFrame()
        side.setObjectName("waiting_panel")
        side_layout = QVBoxLayout(side)
        self.waiting_title = QLabel(bilingual("staff.display.waiting"))
        self.waiting_title.setObjectName("waiting_title")
        self.waiting_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting = QLabel("–")
        self.waiting.setObjectName("waiting_count")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.groups = QLabel()
        self.groups.setObjectName("waiting_groups")
        self.groups.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Handovers: numbers handed to another department, and where to go next.
        self.next_title = QLabel(bilingual("staff.display.next"))
        self.next_title.setObjectName("next_title")
        self.next_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_list = QLabel()
        self.next_list.setObjectName("next_counters")
        self.next_list.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side_layout.addWidget(self.waiting_title)
        side_layout.addWidget(self.waiting, 1)
        side_layout.addWidget(self.groups)
        side_layout.addWidget(self.next_title)
        side_layout.addWidget(self.next_list)
        body.addWidget(side, 1)
        outer.addLayout(body, 1)
        self.offline = QLabel(bilingual("staff.display.offline"))
        self.offline.setObjectName("display_offline")
        self.offline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline.hide()
        outer.addWidget(self.offline)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()
        self.set_board(None)

    # -- content --------------------------------------------------------------------------

    def set_board(self, board: LobbyBoard | None) -> None:
        self.board = board
        clear_layout(self.grid)
        self.tiles = []
        calling = board.calling[:MAX_TILES] if board else ()
        if not calling:
            empty = QLabel(bilingual("staff.display.none"))
            empty.setObjectName("display_none")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(empty, 0, 0, 1, COLUMNS)
        for i, call in enumerate(calling):
            tile = QFrame()
            tile.setObjectName(f"tile_{i}")
            tile.setProperty("newest", i == 0)
            layout = QVBoxLayout(tile)
            number = QLabel(call.reception_number)
            number.setObjectName("tile_number")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            counter = QLabel(bilingual("staff.display.go_to", counter=call.counter or ""))
            counter.setObjectName("tile_counter")
            counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(number, 1)
            layout.addWidget(counter)
            self.grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles.append(tile)
        going = board.next_counters[:MAX_TILES] if board else ()
        self.next_list.setText(
            "\n".join(
                translator("ja")(
                    "staff.display.next_line", number=n.reception_number, counter=n.department
                )
                for n in going
            )
        )
        self.next_title.setVisible(bool(going))
        self.next_list.setVisible(bool(going))
        if board is None:
            self.waiting.setText("–")
            self.groups.setText("")
        else:
            self.waiting.setText(translator("ja")("staff.display.people", count=board.waiting))
            self.groups.setText(
                "\n".join(
                    translator("ja")("staff.display.group", group=g, count=n)
                    for g, n in sorted(board.waiting_by_group.items())
                )
                if len(board.waiting_by_group) > 1
                else ""
            )
        self._restyle()

    def set_offline(self, offline: bool) -> None:
        self.offline.setVisible(offline)

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self._restyle()

    def numbers(self) -> list[str]:
        """The numbers on screen, newest first (tests, accessibility)."""
        return [t.findChild(QLabel, "tile_number").text() for t in self.tiles]  # type: ignore[union-attr]

    # -- look -----------------------------------------------------------------------------

    def _tick(self) -> None:
        self.clock.setText(self.time_source.local_now().strftime("%H:%M"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def _restyle(self) -> None:
        h = max(self.height(), 400)
        hc = self.high_contrast
        p = PALETTES[ThemeName.HIGH_CONTRAST if hc else ThemeName.STANDARD]
        accent = p.primary
        number_color = p.primary if hc else p.secondary_text
        newest_bg, newest_text = (p.primary, p.primary_text)
        rows = max(1, (min(len(self.tiles), MAX_TILES) + COLUMNS - 1) // COLUMNS)
        number_px = round(min(h * 0.13, h * 0.62 / rows * 0.62))

        def px(f: float) -> str:
            return f"{round(h * f)}px"

        b = "#lobby_board"  # every rule under the board's id: same specificity base
        self.setStyleSheet(
            f"""
            {b}, {b} QWidget {{ background: {p.background}; color: {p.text}; }}
            {b} #display_title {{ font-size: {px(0.045)}; font-weight: bold; }}
            {b} #display_clock {{ font-size: {px(0.05)}; font-weight: bold; }}
            {b} #display_none {{ font-size: {px(0.04)}; color: {p.muted}; }}
            {b} QFrame[newest="false"] {{ background: {p.surface};
                border: {px(0.004)} solid {p.border}; border-radius: {px(0.015)}; }}
            {b} QFrame[newest="true"] {{ background: {newest_bg};
                border: {px(0.007)} solid {p.focus if hc else accent}; border-radius: {px(0.015)}; }}
            {b} QFrame[newest="false"] QLabel {{ background: {p.surface}; color: {p.text}; }}
            {b} QFrame[newest="true"] QLabel {{ background: {newest_bg}; color: {newest_text}; }}
            {b} QFrame[newest="false"] #tile_number {{ color: {number_color}; }}
            {b} QFrame #tile_number {{ font-size: {number_px}px; font-weight: bold; }}
            {b} QFrame #tile_counter {{ font-size: {px(0.038)}; font-weight: bold; }}
            {b} #waiting_panel {{ border: {px(0.004)} solid {p.border}; border-radius: {px(0.015)}; }}
            {b} #waiting_title {{ font-size: {px(0.04)}; font-weight: bold; }}
            {b} #waiting_count {{ font-size: {px(0.16)}; font-weight: bold; color: {number_color}; }}
            {b} #waiting_groups {{ font-size: {px(0.035)}; }}
            {b} #next_title {{ font-size: {px(0.03)}; font-weight: bold; }}
            {b} #next_counters {{ font-size: {px(0.04)}; font-weight: bold; color: {number_color}; }}
            {b} #display_offline {{ background: {p.warning_bg}; color: {p.warning_text};
                border: {px(0.004)} solid {p.warning_text}; font-size: {px(0.03)};
                font-weight: bold; padding: {px(0.01)}; }}
            """
        )
