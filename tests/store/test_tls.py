"""TLS to PostgreSQL: verify-full against a server whose certificate comes from a
private CA made here; a wrong password, a refused certificate and an unreachable
server are three different, clear errors."""

from __future__ import annotations

import ipaddress
import os
import pwd
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, text

from i18n import translator
from kiosk.store import (
    CertificateRejected,
    DatabaseAuthFailed,
    DatabaseUnavailable,
    Store,
)
from kiosk.store.engine import tls_args
from tests.support.postgres import PostgresCluster

PASSWORD = "tls-test-password"
#: Fixed validity, far around any day a test runs (the certificates are made here).
NOT_BEFORE = datetime(2020, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime(2099, 1, 1, tzinfo=UTC)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(directory: Path, common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    (directory / f"{common}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _server_cert(directory: Path, ca_key, ca_cert) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("madoguchi-db"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER + timedelta(days=-1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (directory / "server.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "server.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory) -> Iterator[tuple[PostgresCluster, Path]]:
    """A PostgreSQL with ssl=on and password (SCRAM) logins over TCP only with TLS."""
    certs = tmp_path_factory.mktemp("certs")
    ca_key, ca_cert = _ca(certs, "city-ca")
    _ca(certs, "other-ca")  # a CA the server's certificate does not come from
    _server_cert(certs, ca_key, ca_cert)
    cluster = PostgresCluster()

    def configure(data: Path) -> None:
        for name in ("server.crt", "server.key"):
            target = data / name
            target.write_bytes((certs / name).read_bytes())
            os.chmod(target, 0o600)
            if os.geteuid() == 0:
                pw = pwd.getpwnam("postgres")
                os.chown(target, pw.pw_uid, pw.pw_gid)
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 reject\n",
            encoding="utf-8",
        )

    cluster.start(configure, "-c ssl=on -c password_encryption=scram-sha-256")
    admin = create_engine(
        f"postgresql+psycopg://{cluster.user}@/postgres?host={cluster.workdir}&port={cluster.port}",
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE kiosk LOGIN PASSWORD '{PASSWORD}'"))
        conn.execute(text("CREATE DATABASE city OWNER kiosk"))
    admin.dispose()
    try:
        yield cluster, certs
    finally:
        cluster.cleanup()


def _store(cluster: PostgresCluster, password: str, rootcert: Path, **tls: str) -> Store:
    url = f"postgresql+psycopg://kiosk:{password}@127.0.0.1:{cluster.port}/city"
    return Store(url, sslmode="verify-full", sslrootcert=str(rootcert), **tls)


@pytest.mark.postgres
def test_verify_full_with_the_citys_ca_connects_over_tls(tls_server):
    cluster, certs = tls_server
    store = _store(cluster, PASSWORD, certs / "city-ca.crt")
    store.upgrade()
    with store.db.engine.connect() as conn:
        assert conn.execute(
            text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        ).scalar_one()
    store.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.postgres
def test_wrong_password_refused_certificate_and_no_server_are_told_apart(tls_server):
    cluster, certs = tls_server
    outcomes = {}
    cases = {
        "password": _store(cluster, "wrong-password", certs / "city-ca.crt"),
        "certificate": _store(cluster, PASSWORD, certs / "other-ca.crt"),
        "unreachable": Store(
            f"postgresql+psycopg://kiosk:{PASSWORD}@127.0.0.1:{_closed_port()}/city",
            sslmode="verify-full",
            sslrootcert=str(certs / "city-ca.crt"),
        ),
    }
    for name, store in cases.items():
        with pytest.raises(DatabaseUnavailable) as info:
            store.ping()
        outcomes[name] = info.value
        store.close()
    assert type(outcomes["password"]) is DatabaseAuthFailed
    assert type(outcomes["certificate"]) is CertificateRejected
    assert type(outcomes["unreachable"]) is DatabaseUnavailable
    for locale in ("ja", "en"):
        words = {translator(locale)(e.key) for e in outcomes.values()}
        assert len(words) == 3  # three different messages, in each language
    assert PASSWORD not in str(outcomes["password"])


@pytest.mark.postgres
def test_a_server_without_tls_is_refused_not_used_in_plaintext(postgres_url):
    """The suite's own server has ssl=off: asked for verify-full, no connection."""
    store = Store(postgres_url, sslmode="verify-full")
    with pytest.raises(CertificateRejected):
        store.ping()
    store.close()


def test_servers_across_a_network_get_verify_full_by_default():
    assert tls_args("postgresql+psycopg://kiosk@db.city.local/madoguchi") == {
        "sslmode": "verify-full"
    }
    assert tls_args("postgresql+psycopg://kiosk@10.0.0.5/madoguchi", sslrootcert="/ca.pem") == {
        "sslmode": "verify-full",
        "sslrootcert": "/ca.pem",
    }
    # On the same machine no network is crossed; the URL or the configuration decides.
    assert tls_args("postgresql+psycopg://kiosk@127.0.0.1/madoguchi") == {}
    assert tls_args("postgresql+psycopg://kiosk@db/x?sslmode=require") == {}
    assert tls_args("postgresql+psycopg://kiosk@db/x", sslmode="verify-ca") == {
        "sslmode": "verify-ca"
    }
    assert tls_args("sqlite:///x.sqlite3", sslmode="verify-full") == {}
