from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import Client, Server, new_key, pem  # noqa: E402

from flow_endpoint import handler  # noqa: E402

APP_SECRET = "test_app_secret"
HAS_ENDPOINT = getattr(handler, "HAS_ENDPOINT", True)


@pytest.fixture(scope="session")
def key():
    return new_key()


@pytest.fixture(scope="session")
def key_file(key, tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "private.pem"
    path.write_bytes(pem(key, "pkcs8-enc", b"test passphrase"))
    return path


def start(tmp_path_factory, key_file, **env) -> Server:
    base = {"PRIVATE_KEY_FILE": str(key_file), "PASSPHRASE": "test passphrase"}
    base.update({k: v for k, v in env.items() if v is not None})
    return Server(base, tmp_path_factory.mktemp("srv")).start()


@pytest.fixture(scope="session")
def server(tmp_path_factory, key_file):
    """A server with APP_SECRET set: signatures checked."""
    srv = start(tmp_path_factory, key_file, APP_SECRET=APP_SECRET, VERIFY_TOKEN="verify-me")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def client(server, key):
    return Client(server, key.public_key(), APP_SECRET)


@pytest.fixture()
def needs_endpoint():
    if not HAS_ENDPOINT:
        pytest.skip("this use case has no data endpoint")
