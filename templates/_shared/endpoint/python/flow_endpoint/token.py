"""Flow token issuer shared by the three stubs: `ft1.<nonce>.<exp>.<sig>`.

nonce = base64url (no padding) of 16 random bytes, exp = Unix seconds, sig = base64url (no padding)
of HMAC-SHA256(FLOW_TOKEN_SECRET, "ft1.<nonce>.<exp>"). Valid iff the signature matches and exp > now.

    FLOW_TOKEN_SECRET=... python -m flow_endpoint.token [--hours 72]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import re
import secrets
import sys
import time

from .signature import b64url

_TOKEN = re.compile(r"ft1\.([A-Za-z0-9_-]{22})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")


def _sig(secret: str, head: str) -> str:
    return b64url(hmac.new(secret.encode("utf-8"), head.encode("ascii"), hashlib.sha256).digest())


def issue(secret: str, hours: float = 72, now: float | None = None) -> str:
    exp = int((time.time() if now is None else now) + hours * 3600)
    head = f"ft1.{b64url(secrets.token_bytes(16))}.{exp}"
    return f"{head}.{_sig(secret, head)}"


def verify(secret: str, token: object, now: float | None = None) -> bool:
    if not isinstance(token, str):
        return False
    m = _TOKEN.fullmatch(token)
    if not m:
        return False
    head = f"ft1.{m.group(1)}.{m.group(2)}"
    if not hmac.compare_digest(_sig(secret, head).encode(), m.group(3).encode()):
        return False
    return int(m.group(2)) > (time.time() if now is None else now)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flow_endpoint.token", description="Print a fresh flow token.")
    parser.add_argument("--hours", type=float, default=72, help="validity in hours (default 72)")
    args = parser.parse_args(argv)
    secret = os.environ.get("FLOW_TOKEN_SECRET", "")
    if not secret:
        print("FLOW_TOKEN_SECRET is not set: set it to the same secret the endpoint uses", file=sys.stderr)
        return 1
    if args.hours <= 0:
        print("--hours must be positive", file=sys.stderr)
        return 1
    print(issue(secret, args.hours))
    return 0


if __name__ == "__main__":
    sys.exit(main())
