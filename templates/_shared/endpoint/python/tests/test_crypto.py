"""Spec §10.2 vectors, key loading (every PEM kind), signature, JWT and token issuer."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import time

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from helpers import ROOT, pem

from flow_endpoint import token as flow_token
from flow_endpoint.crypto import (DecryptError, KeyLoadError, decrypt_request, decrypt_response,
                                  encrypt_request, encrypt_response, flip, load_private_key)
from flow_endpoint.signature import (hub_signature, sign_jwt, verify_flow_token_signature,
                                     verify_hub_signature)

# The known answers flowgen and all three stubs share (vectors.json beside pyproject.toml).
V = json.loads((ROOT / "vectors.json").read_text(encoding="utf-8"))
KEY = bytes.fromhex(V["aes"]["key_hex"])
IV = bytes.fromhex(V["aes"]["iv_hex"])
INIT = V["aes"]["requests"][1]["plaintext"].encode()


def test_vector_inputs():
    assert base64.b64encode(KEY).decode() == V["aes"]["key_b64"]
    assert base64.b64encode(IV).decode() == V["aes"]["iv_b64"]
    assert flip(IV).hex() == V["aes"]["flipped_iv_hex"]


def test_request_ciphertexts():
    g = AESGCM(KEY)
    for r in V["aes"]["requests"]:
        sealed = g.encrypt(IV, r["plaintext"].encode(), None)
        assert base64.b64encode(sealed).decode() == r["sealed_b64"]
        assert g.decrypt(IV, sealed, None) == r["plaintext"].encode()


def test_response_ciphertexts_use_flipped_iv():
    for r in V["aes"]["responses"]:
        assert encrypt_response(json.loads(r["plaintext"]), KEY, IV) == r["sealed_b64"]
    wrong = V["aes"]["unflipped_response"]
    assert base64.b64encode(AESGCM(KEY).encrypt(IV, wrong["plaintext"].encode(), None)).decode() == wrong["sealed_b64"]
    with pytest.raises(InvalidTag):
        AESGCM(KEY).decrypt(IV, base64.b64decode(encrypt_response({"data": {"status": "active"}}, KEY, IV)), None)


def test_round_trip_with_rsa(key):
    env = encrypt_request(INIT, key.public_key(), KEY, IV)
    assert len(base64.b64decode(env["encrypted_aes_key"])) == 256
    assert len(base64.b64decode(env["encrypted_flow_data"])) == len(INIT) + 16
    plaintext, aes_key, iv = decrypt_request(env, key)
    assert (plaintext, aes_key, iv) == (INIT, KEY, IV)
    assert decrypt_response(encrypt_response(b"{}", aes_key, iv), aes_key, iv) == b"{}"


@pytest.mark.parametrize("mutate", [
    lambda e: e.update(encrypted_flow_data=_flip_byte(e["encrypted_flow_data"], 0)),
    lambda e: e.update(encrypted_flow_data=_flip_byte(e["encrypted_flow_data"], -1)),
    lambda e: e.update(initial_vector=_flip_byte(e["initial_vector"], 3)),
    lambda e: e.update(encrypted_aes_key=_flip_byte(e["encrypted_aes_key"], 10)),
    lambda e: e.update(encrypted_flow_data=base64.b64encode(base64.b64decode(e["encrypted_flow_data"])[:10]).decode()),
    lambda e: e.update(initial_vector="not base64!"),
    lambda e: e.update(encrypted_aes_key=123),
    lambda e: e.pop("encrypted_aes_key"),
])
def test_decrypt_failures(key, mutate):
    env = encrypt_request(INIT, key.public_key(), KEY, IV)
    mutate(env)
    with pytest.raises(DecryptError):
        decrypt_request(env, key)


def test_wrong_key_fails(key):
    from helpers import new_key
    env = encrypt_request(INIT, new_key().public_key(), KEY, IV)
    with pytest.raises(DecryptError):
        decrypt_request(env, key)


def _flip_byte(b64: str, i: int) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[i] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("kind", ["pkcs1", "pkcs1-enc", "pkcs8", "pkcs8-enc"])
def test_key_kinds_load(key, kind):
    text = pem(key, kind, b"pw")
    loaded = load_private_key(text, "pw" if kind.endswith("-enc") else None)
    assert loaded.private_numbers() == key.private_numbers()
    if kind == "pkcs1-enc":
        assert b"Proc-Type: 4,ENCRYPTED" in text


def test_openssl_des3_legacy_key(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl CLI not installed")
    path = tmp_path / "k.pem"
    r = subprocess.run(["openssl", "genrsa", "-des3", "-traditional", "-passout", "pass:pw", "-out", str(path), "2048"],
                       capture_output=True)
    if r.returncode != 0:  # OpenSSL 1.1 has no -traditional and writes PKCS#1 anyway
        r = subprocess.run(["openssl", "genrsa", "-des3", "-passout", "pass:pw", "-out", str(path), "2048"], capture_output=True)
    assert r.returncode == 0
    assert b"DES-EDE3-CBC" in path.read_bytes()
    load_private_key(path.read_bytes(), "pw")


def test_key_errors(key):
    with pytest.raises(KeyLoadError, match="PASSPHRASE"):
        load_private_key(pem(key, "pkcs8-enc", b"pw"), None)
    with pytest.raises(KeyLoadError, match="PASSPHRASE"):
        load_private_key(pem(key, "pkcs1-enc", b"pw"), "wrong")
    with pytest.raises(KeyLoadError):
        load_private_key(b"hello", None)
    with pytest.raises(KeyLoadError):
        load_private_key(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", None)


def test_signature_vector():
    body = V["hub_signature"]["body"].encode()
    sig = V["hub_signature"]["header"]
    assert hub_signature(V["hub_signature"]["secret"], body) == sig
    assert verify_hub_signature("test_app_secret", body, sig)
    assert verify_hub_signature("test_app_secret", body, sig.upper().replace("SHA256=", "sha256="))
    for bad in (None, "", "sha256=", sig[:-2], sig[:-1] + "0", "sha256=" + "z" * 64, sig[7:], "sha1=" + sig[7:], sig + "00"):
        assert not verify_hub_signature("test_app_secret", body, bad)
    assert not verify_hub_signature("other", body, sig)


def test_webhook_signature_vector():
    w = V["webhook_signature"]
    body = w["body"].encode()
    assert len(body) == 624
    assert hub_signature(w["secret"], body) == w["header"]


JWT = V["flow_token_signature"]["jwt"]


def test_jwt_vector():
    assert sign_jwt("test_app_secret", {"flow_token": "TEST_TOKEN"}) == JWT
    assert verify_flow_token_signature("test_app_secret", JWT, "TEST_TOKEN")
    assert not verify_flow_token_signature("test_app_secret", JWT, "OTHER")
    assert not verify_flow_token_signature("wrong", JWT, "TEST_TOKEN")
    assert not verify_flow_token_signature("test_app_secret", JWT[:-2], "TEST_TOKEN")
    for bad in ("", "a.b", "a.b.c", "..", None, 5, JWT + ".x"):
        assert not verify_flow_token_signature("test_app_secret", bad, "TEST_TOKEN")
    none_alg = sign_jwt("test_app_secret", {"flow_token": "TEST_TOKEN"}).split(".")
    assert not verify_flow_token_signature("test_app_secret", "eyJhbGciOiJub25lIn0." + none_alg[1] + ".", "TEST_TOKEN")


def test_token_issuer():
    t = flow_token.issue("s3cret", 72)
    assert t.startswith("ft1.")
    _, nonce, exp, sig = t.split(".")
    assert len(nonce) == 22 and "=" not in nonce and len(sig) == 43
    assert abs(int(exp) - (time.time() + 72 * 3600)) < 5
    assert flow_token.verify("s3cret", t)
    assert not flow_token.verify("other", t)
    assert not flow_token.verify("s3cret", t[:-1] + ("A" if t[-1] != "A" else "B"))
    assert not flow_token.verify("s3cret", flow_token.issue("s3cret", 1, now=time.time() - 7200))
    assert not flow_token.verify("s3cret", "unused")
    assert not flow_token.verify("s3cret", None)


def test_token_known_signature():
    import hashlib
    import hmac
    head = "ft1.AAAAAAAAAAAAAAAAAAAAAA.4102444800"
    sig = base64.urlsafe_b64encode(hmac.new(b"k", head.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    assert flow_token.verify("k", f"{head}.{sig}", now=0)


def test_token_cli():
    env = {"FLOW_TOKEN_SECRET": "cli-secret", "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "flow_endpoint.token", "--hours", "2"], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    tok = r.stdout.strip()
    assert flow_token.verify("cli-secret", tok)
    assert abs(int(tok.split(".")[2]) - (time.time() + 7200)) < 10
    r = subprocess.run([sys.executable, "-m", "flow_endpoint.token"], cwd=ROOT, env={"PATH": "/usr/bin:/bin"},
                       capture_output=True, text=True)
    assert r.returncode == 1 and "FLOW_TOKEN_SECRET" in r.stderr
