"""`python -m flow_endpoint`: check the configuration, then serve on 0.0.0.0:PORT."""

from __future__ import annotations

import os
import socket
import sys


def fail(message: str) -> "NoReturn":  # noqa: F821
    print(f"flow_endpoint: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def load_key():
    from .crypto import KeyLoadError, load_private_key

    pem_text = os.environ.get("PRIVATE_KEY", "")
    path = os.environ.get("PRIVATE_KEY_FILE", "")
    if pem_text:
        source, pem = "PRIVATE_KEY", pem_text.replace("\\n", "\n").encode("utf-8")
    elif path:
        source = "PRIVATE_KEY_FILE"
        try:
            with open(path, "rb") as f:
                pem = f.read()
        except OSError as exc:
            fail(f"PRIVATE_KEY_FILE: cannot read {path} ({exc.strerror}); point it at your PEM private key")
    else:
        fail("PRIVATE_KEY or PRIVATE_KEY_FILE is not set; set one to your RSA private key "
             "(generate one with `flowgen keygen`)")
    try:
        return load_private_key(pem, os.environ.get("PASSPHRASE") or None)
    except KeyLoadError as exc:
        fail(f"{source}: {exc}")


def main() -> None:
    from . import handler
    from .app import Settings, create_app
    from .context import Context

    try:
        settings = Settings.from_env()
    except ValueError as exc:
        fail(str(exc))
    port_text = os.environ.get("PORT") or "3000"
    if not port_text.isdigit() or int(port_text) > 65535:
        fail(f"PORT must be a port number, got {port_text!r}")
    try:
        ctx = Context.load()
    except (OSError, ValueError) as exc:
        fail(f"CONFIG_FILE/CONTRACT_FILE: cannot load the project files ({exc}); "
             "run from the project folder or set CONFIG_FILE and CONTRACT_FILE")
    key = load_key() if getattr(handler, "HAS_ENDPOINT", True) else None
    if not settings.app_secret:
        print("WARNING: APP_SECRET is not set: request signatures are NOT checked. "
              "Local testing only, never in production.", file=sys.stderr, flush=True)

    import uvicorn

    try:
        app = create_app(settings, ctx, key)
    except ValueError as exc:  # a REDIS_URL redis-py cannot parse
        fail(f"REDIS_URL: {exc}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("0.0.0.0", int(port_text)))
    except OSError as exc:
        fail(f"PORT: cannot listen on {port_text} ({exc.strerror})")
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    print(f"listening on http://0.0.0.0:{port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
