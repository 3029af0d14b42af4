"""The lobby display on a real database: numbers called at desks appear (with their
counter) and chime, the waiting count follows, high contrast; and, on PostgreSQL, a
lost database shows a banner on the display and on the staff window, and both recover
by themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.store import Store
from tests.ui.staff.conftest import LIVE_WAIT_MS, shoot
from tests.ui.staff.seed import family, submit
from ui.display.app import LobbyDisplay


@pytest.fixture
def lobby(qtbot, store):
    beeps: list[int] = []
    display = LobbyDisplay(
        store, chime=True, beep=lambda: beeps.append(1), watch_options={"retry_interval": 0.3}
    )
    display.beeps = beeps  # type: ignore[attr-defined]
    display.view.resize(1920, 1080)
    display.view.show()
    yield display
    display.close()


def test_called_numbers_show_with_their_counter_and_chime(
    qtbot, lobby, store, admin, catalogue, artifact_dir
) -> None:
    subs = [
        submit(store, catalogue=catalogue, data=family(n), render=False)
        for n in ("山田 太郎", "鈴木 花子", "佐藤 次郎")
    ]
    with qtbot.waitSignal(lobby.updated, timeout=10000):
        lobby.start()
    lobby.live.wait_ready(5)
    view = lobby.view
    assert view.numbers() == []
    assert view.waiting.text() == "3人"
    desk = Store(store.url, clock=store.clock)  # a staff desk elsewhere
    try:
        staff = desk.sign_in("admin", "correct-horse")
        desk.call(staff, subs[0].application_id, "3番窓口")
        qtbot.waitUntil(lambda: view.numbers() == [subs[0].reception_number], timeout=LIVE_WAIT_MS)
        assert view.waiting.text() == "2人"
        assert lobby.beeps == [1]
        desk.call(staff, subs[1].application_id, "5番窓口")
        qtbot.waitUntil(lambda: len(view.numbers()) == 2, timeout=LIVE_WAIT_MS)
        # The newest call comes first, and shows where to go.
        assert view.numbers() == [subs[1].reception_number, subs[0].reception_number]
        assert "5番窓口" in view.tiles[0].findChild(type(view.waiting), "tile_counter").text()
        assert view.tiles[0].property("newest") is True
        assert len(lobby.beeps) == 2
        shoot(qtbot, view, artifact_dir / "lobby.png")
        # Called again (the resident did not come): it chimes again.
        desk.recall(staff, subs[0].application_id)
        qtbot.waitUntil(lambda: view.numbers()[0] == subs[0].reception_number, timeout=LIVE_WAIT_MS)
        assert len(lobby.beeps) == 3
        # Done at the desk: the number leaves the board, no chime.
        desk.start_review(staff, subs[1].application_id)
        qtbot.waitUntil(lambda: view.numbers() == [subs[0].reception_number], timeout=LIVE_WAIT_MS)
        assert len(lobby.beeps) == 3
        view.set_high_contrast(True)
        shoot(qtbot, view, artifact_dir / "lobby_high_contrast.png")
        image = view.grab().toImage()
        assert image.pixelColor(5, image.height() // 2).name() == "#000000"
    finally:
        desk.close()


def _connections(url: str, allowed: bool) -> None:
    """As an administrator: refuse (or allow again) connections to the test database,
    and cut the ones there are: what a crashed server or a broken network does."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
    admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_lost_database_shows_a_banner_and_both_recover(
    qtbot, desktop, lobby, store, catalogue, artifact_dir
) -> None:
    window = desktop.sign_in()
    desktop.desk.live.wait_ready(5)
    with qtbot.waitSignal(lobby.updated, timeout=10000):
        lobby.start()
    lobby.live.wait_ready(5)
    assert not window.banner.isVisible() and not lobby.view.offline.isVisible()
    _connections(store.url, allowed=False)
    try:
        qtbot.waitUntil(window.banner.isVisible, timeout=10000)
        qtbot.waitUntil(lobby.view.offline.isVisible, timeout=10000)
        assert window.banner.text() == "データベースに接続できません。自動で再接続しています。"
        # The window still answers: its calls fail in workers, not on the UI thread.
        window.counter.setText("9番窓口")
        shoot(qtbot, window, artifact_dir / "staff_banner.png")
        shoot(qtbot, lobby.view, artifact_dir / "lobby_offline.png")
    finally:
        _connections(store.url, allowed=True)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: not lobby.view.offline.isVisible(), timeout=10000)
    # Live again: a new submission reaches both.
    sub = submit(store, catalogue=catalogue, render=False)
    qtbot.waitUntil(lambda: desktop.desk.model.row_of(sub.application_id) >= 0, timeout=5000)
    qtbot.waitUntil(lambda: lobby.view.waiting.text() == "1人", timeout=5000)


@pytest.mark.postgres
def test_an_outdated_schema_is_logged_with_both_revisions_and_not_migrated(
    qtbot, postgres_url, clock, caplog
) -> None:
    """A display never migrates a shared database: it says so in the log (the lobby
    sees the "not connected" banner), and the schema stays where it was."""
    from kiosk.store.migrate import head_revision

    Store(postgres_url, clock=clock).upgrade()
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    store = Store(postgres_url, clock=clock)
    display = LobbyDisplay(store, upgrade=True)
    try:
        with (
            caplog.at_level("ERROR", logger="ui.display.app"),
            qtbot.waitSignal(display.settled, timeout=LIVE_WAIT_MS),
        ):
            display.reload()
        assert display.view.offline.isVisibleTo(display.view)
        messages = [r.getMessage() for r in caplog.records if r.name == "ui.display.app"]
        assert any("0002" in m and str(head_revision()) in m for m in messages), messages
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
    finally:
        display.close()
        store.close()
        engine.dispose()
