"""Test helpers: a real server process on an ephemeral port, and a client that plays WhatsApp."""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from flow_endpoint.contract import Contract
from flow_endpoint.context import Context
from flow_endpoint.crypto import decrypt_response, encrypt_request
from flow_endpoint.signature import hub_signature

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = Contract.load(ROOT / "contract.json")
CONFIG = json.loads((ROOT / "config.json").read_text(encoding="utf-8"))


def context() -> Context:
    return Context(CONFIG, CONTRACT)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key, kind: str, passphrase: bytes | None = None) -> bytes:
    """kind: pkcs1 | pkcs1-enc (legacy Proc-Type) | pkcs8 | pkcs8-enc."""
    fmt = serialization.PrivateFormat.TraditionalOpenSSL if kind.startswith("pkcs1") else serialization.PrivateFormat.PKCS8
    enc = serialization.BestAvailableEncryption(passphrase) if kind.endswith("-enc") else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, fmt, enc)


class Server:
    """`python -m flow_endpoint` in a subprocess, run from the project root, PORT=0."""

    def __init__(self, env: dict[str, str], tmp: Path):
        self.env = env
        self.tmp = tmp
        self.lines: list[str] = []
        self.port = 0
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> "Server":
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT", "VIRTUAL_ENV", "PYTHONPATH", "REDIS_URL")}
        env.update({"PORT": "0", "PYTHONUNBUFFERED": "1"})
        if env.get("REDIS_URL"):  # REDIS_URL given to the tests: a fresh key space per server
            env["KEY_PREFIX"] = "test-" + secrets.token_hex(6)
        env.update(self.env)
        self.proc = subprocess.Popen([sys.executable, "-m", "flow_endpoint"], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        deadline = time.time() + timeout
        first = self.proc.stdout.readline()
        if not first.startswith("listening on http://0.0.0.0:"):
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            raise RuntimeError(f"server did not start: {first!r} {err!r}")
        assert time.time() < deadline
        self.port = int(first.rsplit(":", 1)[1])
        threading.Thread(target=self._drain, daemon=True).start()
        threading.Thread(target=self._drain_err, daemon=True).start()
        return self

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def _drain_err(self) -> None:
        self.stderr = ""
        for line in self.proc.stderr:
            self.stderr += line

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def logs(self) -> list[dict]:
        out = []
        for line in list(self.lines):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def wait_log(self, pred, timeout: float = 5.0) -> dict | None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for entry in self.logs():
                if pred(entry):
                    return entry
            time.sleep(0.02)
        return None

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
        finally:
            conn.close()


class Client:
    """Encrypts like WhatsApp, signs the raw body, decrypts the answer with the flipped IV."""

    def __init__(self, server: Server, public_key, app_secret: str = ""):
        self.server = server
        self.public_key = public_key
        self.app_secret = app_secret

    def envelope(self, payload) -> tuple[bytes, bytes, bytes]:
        aes_key, iv = secrets.token_bytes(16), secrets.token_bytes(16)
        body = json.dumps(encrypt_request(payload, self.public_key, aes_key, iv)).encode()
        return body, aes_key, iv

    def headers(self, body: bytes) -> dict:
        h = {"Content-Type": "application/json"}
        if self.app_secret:
            h["X-Hub-Signature-256"] = hub_signature(self.app_secret, body)
        return h

    def raw(self, body: bytes, headers: dict | None = None) -> tuple[int, bytes, dict]:
        return self.server.request("POST", "/", body, self.headers(body) if headers is None else headers)

    def send(self, payload) -> tuple[int, dict | None]:
        body, aes_key, iv = self.envelope(payload)
        status, out, headers = self.raw(body)
        if not out:
            return status, None
        assert headers.get("content-type", "").startswith("text/plain")
        assert b"\n" not in out
        return status, json.loads(decrypt_response(out, aes_key, iv))

    def ping(self) -> dict | None:
        status, out = self.send({"version": "3.0", "action": "ping"})
        assert status == 200
        return out

    def exchange(self, screen: str, data: dict, token: str = "test-token", action: str = "data_exchange",
                 version: str = "3.0", **extra) -> tuple[int, dict | None]:
        payload = {"data": data, "flow_token": token, "screen": screen, "action": action, "version": version}
        payload.update(extra)
        return self.send(payload)


def check(current: str | None, response: dict) -> dict:
    """Assert `response` keeps the contract when answering `current`; returns its data."""
    problems = CONTRACT.problems(current, response)
    assert not problems, problems
    return response["data"]


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
