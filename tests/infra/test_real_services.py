"""The real services the rest of the suite stands on start and answer."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text


@pytest.mark.pcsc
def test_private_pcscd_lists_the_virtual_readers(pcscd):
    from smartcard.System import readers

    names = [str(r) for r in readers()]
    assert list(pcscd.reader_names) == names


def test_db_url_is_a_real_database(db_url):
    engine = create_engine(db_url)
    with engine.connect() as conn:
        version = conn.execute(text("select 1")).scalar_one()
    engine.dispose()
    assert version == 1
    if db_url.startswith("postgresql"):
        with engine.connect() as conn:
            assert "PostgreSQL" in conn.execute(text("select version()")).scalar_one()
