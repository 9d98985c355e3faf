"""X-Hub-Signature-256 (spec §6.1) and the Data API 4.0 flow_token_signature JWT (spec §6.3)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re

_HEADER = re.compile(r"sha256=([0-9a-fA-F]{64})")


def hub_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_hub_signature(secret: str, body: bytes, header: str | None) -> bool:
    """True iff header is `sha256=<64 hex>` matching HMAC-SHA256(secret, raw body). Never raises."""
    if not header:
        return False
    m = _HEADER.fullmatch(header.strip())
    if not m:
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, bytes.fromhex(m.group(1)))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(secret: str, claims: dict) -> str:
    """HS256 JWT (tests and tooling)."""
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(secret.encode("utf-8"), f"{head}.{body}".encode("ascii"), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


def verify_flow_token_signature(secret: str, jwt: object, flow_token: object) -> bool:
    """HS256 JWT signed with the app secret whose `flow_token` claim equals the request's token."""
    if not isinstance(jwt, str) or not isinstance(flow_token, str):
        return False
    parts = jwt.split(".")
    if len(parts) != 3:
        return False
    head, body, sig = parts
    try:
        header = json.loads(b64url_decode(head))
        if not isinstance(header, dict) or header.get("alg") != "HS256":
            return False
        given = b64url_decode(sig)
        expected = hmac.new(secret.encode("utf-8"), f"{head}.{body}".encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, given):
            return False
        claims = json.loads(b64url_decode(body))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        return False
    if not isinstance(claims, dict):
        return False
    claim = claims.get("flow_token")
    if not isinstance(claim, str):
        return False
    return hmac.compare_digest(claim.encode("utf-8"), flow_token.encode("utf-8"))
