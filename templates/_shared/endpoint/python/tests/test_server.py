"""The real server on an ephemeral port: startup, routes, status order, tamper cases, logging."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

from conftest import APP_SECRET, HAS_ENDPOINT, start
from helpers import CONFIG, CONTRACT, ROOT, Client, check, new_key, pem

from flow_endpoint import token as flow_token
from flow_endpoint.signature import hub_signature, sign_jwt

TEXT = CONFIG["text"]
endpoint_only = pytest.mark.skipif(not HAS_ENDPOINT, reason="this use case has no data endpoint")


def run_main(env: dict) -> subprocess.CompletedProcess:
    full = {"PATH": "/usr/bin:/bin", "PORT": "0"}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "flow_endpoint"], cwd=ROOT, env=full, capture_output=True,
                          text=True, timeout=20)


@endpoint_only
@pytest.mark.parametrize("env, word", [
    ({}, "PRIVATE_KEY"),
    ({"PRIVATE_KEY_FILE": "/nonexistent/key.pem"}, "PRIVATE_KEY_FILE"),
    ({"PRIVATE_KEY": "not a key"}, "PRIVATE_KEY"),
])
def test_startup_refuses_missing_or_bad_key(env, word):
    r = run_main(env)
    assert r.returncode == 1
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and word in lines[0], r.stderr
    assert "listening" not in r.stdout


@endpoint_only
def test_startup_refuses_undecryptable_key(key, tmp_path):
    path = tmp_path / "k.pem"
    path.write_bytes(pem(key, "pkcs1-enc", b"right"))
    for pw in ("wrong", None):
        env = {"PRIVATE_KEY_FILE": str(path)}
        if pw:
            env["PASSPHRASE"] = pw
        r = run_main(env)
        assert r.returncode == 1 and "PASSPHRASE" in r.stderr, r.stderr


@endpoint_only
@pytest.mark.parametrize("kind", ["pkcs1", "pkcs1-enc", "pkcs8", "pkcs8-enc"])
def test_every_key_kind_serves_ping(tmp_path_factory, tmp_path, kind):
    k = new_key()
    path = tmp_path / "k.pem"
    path.write_bytes(pem(k, kind, b"pw"))
    srv = start(tmp_path_factory, path, PASSPHRASE="pw" if kind.endswith("-enc") else "")
    try:
        assert Client(srv, k.public_key()).ping() == {"data": {"status": "active"}}
    finally:
        srv.stop()
    assert "APP_SECRET" in srv.stderr  # the loud warning


@endpoint_only
def test_key_from_env_text(tmp_path_factory, key):
    text = pem(key, "pkcs1").decode()
    srv = start(tmp_path_factory, "", PRIVATE_KEY_FILE="", PRIVATE_KEY=text, PASSPHRASE="")
    try:
        assert Client(srv, key.public_key()).ping() == {"data": {"status": "active"}}
    finally:
        srv.stop()


@endpoint_only
def test_ping_and_init(client):
    assert client.ping() == {"data": {"status": "active"}}
    status, out = client.exchange("", {}, action="INIT")
    assert status == 200
    assert out["screen"] == CONTRACT.entry_screen
    check("", out)


def test_other_routes_404(server):
    for method, path in (("GET", "/"), ("GET", "/nothing"), ("POST", "/x"), ("PUT", "/webhook")):
        assert server.request(method, path)[0] == 404
    if not HAS_ENDPOINT:
        assert server.request("POST", "/", b"{}")[0] == 404


def _sign(body: bytes) -> dict:
    return {"X-Hub-Signature-256": hub_signature(APP_SECRET, body), "Content-Type": "application/json"}


@endpoint_only
@pytest.mark.parametrize("header", [None, "", "sha256=", "sha256=abc", "sha256=" + "0" * 64, "sha256=" + "g" * 64,
                                    "md5=" + "0" * 64, "WRONG"])
def test_bad_signature_432(client, header):
    body, _, _ = client.envelope({"version": "3.0", "action": "ping"})
    headers = {} if header is None else {"X-Hub-Signature-256": header}
    status, out, _ = client.raw(body, headers)
    assert status == 432 and out == b""
    assert client.ping()


@endpoint_only
def test_signature_over_raw_bytes(client):
    body, aes_key, iv = client.envelope({"version": "3.0", "action": "ping"})
    spaced = json.dumps(json.loads(body), indent=2).encode()  # same JSON, other bytes
    status, _, _ = client.raw(spaced, {"X-Hub-Signature-256": hub_signature(APP_SECRET, body)})
    assert status == 432
    assert client.raw(spaced, _sign(spaced))[0] == 200


def _mutate(client, fn) -> int:
    body, _, _ = client.envelope({"version": "3.0", "action": "ping"})
    env = json.loads(body)
    fn(env)
    raw = json.dumps(env).encode()
    return client.raw(raw, _sign(raw))[0]


def _flip(b64: str, i: int) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[i] ^= 0x80
    return base64.b64encode(bytes(raw)).decode()


@endpoint_only
@pytest.mark.parametrize("name, fn", [
    ("ciphertext", lambda e: e.update(encrypted_flow_data=_flip(e["encrypted_flow_data"], 0))),
    ("tag", lambda e: e.update(encrypted_flow_data=_flip(e["encrypted_flow_data"], -1))),
    ("iv", lambda e: e.update(initial_vector=_flip(e["initial_vector"], 0))),
    ("aes key", lambda e: e.update(encrypted_aes_key=_flip(e["encrypted_aes_key"], 5))),
    ("truncated", lambda e: e.update(encrypted_flow_data=e["encrypted_flow_data"][:8])),
    ("truncated key", lambda e: e.update(encrypted_aes_key=e["encrypted_aes_key"][:100])),
    ("bad base64", lambda e: e.update(initial_vector="!!!!")),
    ("missing field", lambda e: e.pop("initial_vector")),
    ("number field", lambda e: e.update(encrypted_flow_data=5)),
])
def test_tamper_421(client, name, fn):
    assert _mutate(client, fn) == 421, name
    assert client.ping()


@endpoint_only
def test_wrong_key_421(client):
    other = Client(client.server, new_key().public_key(), APP_SECRET)
    body, _, _ = other.envelope({"version": "3.0", "action": "ping"})
    assert other.raw(body)[0] == 421
    assert client.ping()


@endpoint_only
@pytest.mark.parametrize("raw", [b"", b"   ", b"not json", b"{\"a\":", b"[" * 100 + b"]" * 100, b"NaN"])
def test_not_json_400(client, raw):
    assert client.raw(raw, _sign(raw))[0] == 400
    assert client.ping()


@endpoint_only
@pytest.mark.parametrize("raw", [b"[]", b"\"x\"", b"{}", b"{\"encrypted_flow_data\":\"AA==\"}", b"null", b"5"])
def test_json_but_not_envelope_421(client, raw):
    assert client.raw(raw, _sign(raw))[0] == 421
    assert client.ping()


@endpoint_only
def test_deep_json_body_400(client):
    raw = b"[" * 100000 + b"]" * 100000
    assert client.raw(raw, _sign(raw))[0] == 400
    assert client.ping()


@endpoint_only
def test_plaintext_not_object_400(client):
    for plaintext in (b"[1,2]", b"\"ping\"", b"not json", b"\xff\xfe", json.dumps({"a": [[[]]] }).replace("[[[]]]", "[" * 70 + "]" * 70).encode()):
        body, _, _ = client.envelope(plaintext)
        assert client.raw(body)[0] == 400, plaintext[:20]
    ok = {"action": "ping", "version": "3.0", "x": json.loads("[" * 60 + "]" * 60)}
    assert client.send(ok)[0] == 200
    assert client.ping()


@endpoint_only
def test_body_over_limit_413(tmp_path_factory, key_file, key):
    srv = start(tmp_path_factory, key_file, MAX_BODY_BYTES="2000")
    try:
        c = Client(srv, key.public_key())
        assert c.raw(b"x" * 2001, {})[0] == 413
        assert c.ping()
    finally:
        srv.stop()


@endpoint_only
def test_default_limit_413(client):
    raw = b"{" + b" " * 1_048_576 + b"}"
    assert client.raw(raw, _sign(raw))[0] == 413
    assert client.ping()


@endpoint_only
def test_unknown_action_answers_current_screen(client):
    for screen in ("", CONTRACT.entry_screen, "NO_SUCH_SCREEN"):
        status, out = client.exchange(screen, {}, action="FLY")
        assert status == 200
        assert out["screen"] == CONTRACT.entry_screen
        data = check(screen, out)
        assert data["error_message"] == TEXT["request_not_understood"]
    for s in CONTRACT.screens:
        if CONTRACT.screens[s]["terminal"]:
            continue
        status, out = client.exchange(s, {"intent": "no-such-intent"})
        assert status == 200 and out["screen"] == s
        assert check(s, out)["error_message"] == TEXT["request_not_understood"]
    assert client.ping()


@endpoint_only
def test_garbage_values_never_crash(client):
    weird = [None, 1, 1.5, True, [], {}, "x" * 5000, "💥", ["a", 1], {"a": {}}]
    for s in CONTRACT.screens:
        for w in weird:
            data = {k: w for k in ("intent", "amount", "tenure", "plan", "product", "product_group", "brands",
                                   "budget", "addons", "frequency", "cover", "extra_count", "applicant_index")}
            status, out = client.exchange(s, data)
            assert status == 200
            assert not CONTRACT.problems(s, out), (s, w, CONTRACT.problems(s, out))
        status, out = client.send({"action": "data_exchange", "screen": s, "data": "nope", "flow_token": 5})
        assert status == 200 and not CONTRACT.problems(s, out)
    assert client.ping()


@endpoint_only
def test_back_answers_safely(client):
    for screen in ("", CONTRACT.entry_screen):
        status, out = client.exchange(screen, {}, action="BACK")
        assert status == 200
        check(screen, out)


@endpoint_only
def test_error_notification_ack(client, server):
    status, out = client.exchange(CONTRACT.entry_screen, {"error": "payload-schema-error", "error_message": "bad"})
    assert (status, out) == (200, {"data": {"acknowledged": True}})
    assert server.wait_log(lambda e: e.get("error_key") == "payload-schema-error")
    assert client.ping()


@endpoint_only
def test_flow_token_secret_427(tmp_path_factory, key_file, key):
    srv = start(tmp_path_factory, key_file, FLOW_TOKEN_SECRET="issuer-secret")
    try:
        c = Client(srv, key.public_key())
        assert c.ping()  # no token check on ping
        status, out = c.exchange("", {}, action="INIT", token="made-up")
        assert status == 427 and out == {"error_msg": TEXT["token_expired"]}
        expired = flow_token.issue("issuer-secret", 1, now=0)
        assert c.exchange("", {}, action="INIT", token=expired)[0] == 427
        assert c.exchange("", {}, action="INIT", token=flow_token.issue("other", 1))[0] == 427
        status, out = c.exchange("", {}, action="INIT", token=flow_token.issue("issuer-secret", 1))
        assert status == 200 and out["screen"] == CONTRACT.entry_screen
        assert c.ping()
    finally:
        srv.stop()


@endpoint_only
def test_flow_token_signature_enforced(client):
    good = sign_jwt(APP_SECRET, {"flow_token": "tok-1"})
    assert client.exchange("", {}, action="INIT", token="tok-1", version="4.0", flow_token_signature=good)[0] == 200
    for bad in (sign_jwt(APP_SECRET, {"flow_token": "other"}), sign_jwt("x", {"flow_token": "tok-1"}), "junk", 7):
        status, out = client.exchange("", {}, action="INIT", token="tok-1", version="4.0", flow_token_signature=bad)
        assert status == 427 and out == {"error_msg": TEXT["token_expired"]}
    assert client.exchange("", {}, action="INIT", token="tok-1", version="4.0")[0] == 200  # absent: accepted


@endpoint_only
def test_flow_token_signature_log_mode(tmp_path_factory, key_file, key):
    srv = start(tmp_path_factory, key_file, APP_SECRET=APP_SECRET, FLOW_TOKEN_SIGNATURE="log")
    try:
        c = Client(srv, key.public_key(), APP_SECRET)
        bad = sign_jwt(APP_SECRET, {"flow_token": "other"})
        assert c.exchange("", {}, action="INIT", token="t", version="4.0", flow_token_signature=bad)[0] == 200
        assert srv.wait_log(lambda e: e.get("flow_token_signature") == "invalid")
    finally:
        srv.stop()


@endpoint_only
def test_log_lines(client, server):
    secret_token = "very-secret-flow-token-42"
    client.exchange("", {}, action="INIT", token=secret_token)
    entry = server.wait_log(lambda e: e.get("action") == "INIT" and e.get("status") == 200)
    assert entry and entry["route"] == "/" and isinstance(entry["ms"], (int, float))
    assert list(entry)[:3] == ["route", "action", "screen"]
    assert entry["screen"] == CONTRACT.entry_screen
    assert server.wait_log(lambda e: e.get("action") == "ping")
    assert all(secret_token not in line for line in server.lines)
    assert all("PRIVATE KEY" not in line for line in server.lines)
