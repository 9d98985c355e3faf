"""The HTTP server: `POST /` data endpoint (spec §5.3 order), `GET|POST /webhook`."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import handler as use_case
from . import token as flow_token
from .context import BadInput, Context, FlowRequest
from .crypto import DecryptError, decrypt_request, encrypt_response
from .signature import verify_flow_token_signature, verify_hub_signature
from .store import Session, StoreUnavailable, open_store, token_id
from .webhook import Webhook, read_limited

MAX_DEPTH = 64
KNOWN_ACTIONS = ("ping", "INIT", "BACK", "data_exchange")


@dataclass
class Settings:
    app_secret: str = ""
    flow_token_secret: str = ""
    flow_token_signature: str = "enforce"
    max_body_bytes: int = 1_048_576
    verify_token: str = ""
    whatsapp_token: str = ""
    phone_number_id: str = ""
    graph_api_url: str = "https://graph.facebook.com"
    graph_api_version: str = "v25.0"
    redis_url: str = ""
    key_prefix: str = ""  # "" → the use case (config.json)
    state_ttl_s: int = 3 * 24 * 3600
    dedupe_ttl_s: int = 7 * 24 * 3600
    store_max_entries: int = 100_000
    single_use: bool = False

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        e = os.environ if env is None else env
        mode = (e.get("FLOW_TOKEN_SIGNATURE") or "enforce").strip().lower()
        if mode not in ("off", "log", "enforce"):
            raise ValueError("FLOW_TOKEN_SIGNATURE must be off, log or enforce")
        try:
            limit = int(e.get("MAX_BODY_BYTES") or 1_048_576)
        except ValueError:
            raise ValueError("MAX_BODY_BYTES must be a whole number of bytes") from None
        if limit <= 0:
            raise ValueError("MAX_BODY_BYTES must be positive")
        redis_url = (e.get("REDIS_URL") or "").strip()
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("REDIS_URL: use redis://host:port/db, rediss://host:port/db (TLS) "
                             "or unix:///path/to/redis.sock")

        def whole(name: str, default: int, unit: str = "seconds") -> int:
            raw = e.get(name) or ""
            if not raw:
                return default
            if not raw.strip().isdigit() or int(raw) < 1:
                raise ValueError(f"{name}={raw}: use a whole number of {unit} (at least 1)")
            return int(raw)

        single_use = (e.get("FLOW_TOKEN_SINGLE_USE") or "0").strip()
        if single_use not in ("0", "1"):
            raise ValueError(f"FLOW_TOKEN_SINGLE_USE={single_use}: use 1 (on) or 0 (off)")
        return cls(
            redis_url=redis_url,
            key_prefix=e.get("KEY_PREFIX", ""),
            state_ttl_s=whole("STATE_TTL_SECONDS", 3 * 24 * 3600),
            dedupe_ttl_s=whole("DEDUPE_TTL_SECONDS", 7 * 24 * 3600),
            store_max_entries=whole("STORE_MAX_ENTRIES", 100_000, "entries"),
            single_use=single_use == "1",
            app_secret=e.get("APP_SECRET", ""),
            flow_token_secret=e.get("FLOW_TOKEN_SECRET", ""),
            flow_token_signature=mode,
            max_body_bytes=limit,
            verify_token=e.get("VERIFY_TOKEN", ""),
            whatsapp_token=e.get("WHATSAPP_TOKEN", ""),
            phone_number_id=e.get("PHONE_NUMBER_ID", ""),
            graph_api_url=(e.get("GRAPH_API_URL") or "https://graph.facebook.com").rstrip("/"),
            graph_api_version=e.get("GRAPH_API_VERSION") or "v25.0",
        )


_log_lock = threading.Lock()


def log(**fields: Any) -> None:
    """One JSON line on stdout. Never pass payloads, tokens, keys, phone numbers or form values."""
    line = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    with _log_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def too_deep(obj: Any, limit: int = MAX_DEPTH) -> bool:
    stack = [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if d > limit:
            return True
        children = o.values() if isinstance(o, dict) else o
        for c in children:
            if isinstance(c, (dict, list)):
                stack.append((c, d + 1))
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def parse_json(raw: bytes) -> Any:
    """Strict JSON (no NaN/Infinity), at most MAX_DEPTH levels; ValueError otherwise."""
    if not raw.strip():
        raise ValueError("empty")
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("too deep") from None
    if isinstance(value, (dict, list)) and too_deep(value):
        raise ValueError("too deep")
    return value


def default_token_check(settings: Settings) -> Callable[[str], bool]:
    """Token check hook. Default: every token is accepted (the stub cannot know your tokens).
    With FLOW_TOKEN_SECRET only tokens from `python -m flow_endpoint.token` are accepted.
    Replace it (create_app(token_check=...)) to look tokens up in your own system."""
    if settings.flow_token_secret:
        secret = settings.flow_token_secret
        return lambda t: flow_token.verify(secret, t)
    return lambda t: True


class Endpoint:
    def __init__(self, settings: Settings, ctx: Context, private_key, token_check=None):
        self.settings = settings
        self.ctx = ctx
        self.key = private_key
        self.token_check = token_check or default_token_check(settings)

    async def read_body(self, request: Request) -> bytes | None:
        """Raw bytes, or None when over the limit (stops reading at once)."""
        return await read_limited(request, self.settings.max_body_bytes)

    async def handle_http(self, request: Request) -> Response:
        started = time.perf_counter()
        info: dict[str, Any] = {"route": "/"}
        try:
            response = await self.serve(request, info)
        except Exception as exc:  # an internal bug: answer 500, keep serving
            info["error"] = type(exc).__name__
            response = Response(status_code=500)
        info["status"] = response.status_code
        info["ms"] = round((time.perf_counter() - started) * 1000, 1)
        ordered = {k: info[k] for k in ("route", "action", "screen", "status", "ms") if k in info}
        ordered.update({k: v for k, v in info.items() if k not in ordered})
        log(**ordered)
        return response

    async def serve(self, request: Request, info: dict) -> Response:
        raw = await self.read_body(request)
        if raw is None:
            return Response(status_code=413)
        if self.settings.app_secret and not verify_hub_signature(
            self.settings.app_secret, raw, request.headers.get("x-hub-signature-256")
        ):
            return Response(status_code=432)
        try:
            envelope = parse_json(raw)
        except ValueError:
            return Response(status_code=400)
        try:
            plaintext, aes_key, iv = decrypt_request(envelope, self.key)
        except DecryptError:
            return Response(status_code=421)
        try:
            payload = parse_json(plaintext)
        except ValueError:
            return Response(status_code=400)
        if not isinstance(payload, dict):
            return Response(status_code=400)

        def reply(obj: Any, status: int = 200) -> Response:
            return PlainTextResponse(encrypt_response(obj, aes_key, iv), status_code=status)

        action = payload.get("action")
        info["action"] = action if action in KNOWN_ACTIONS else "unknown"
        if action == "ping":
            return reply({"data": {"status": "active"}})

        data = payload.get("data")
        data = data if isinstance(data, dict) else {}
        screen = payload.get("screen")
        screen = screen if isinstance(screen, str) else ""
        if screen:
            info["screen"] = screen if self.ctx.contract.has(screen) else "unknown"
        if "error" in data:
            err = data.get("error")
            info["error_key"] = err[:80] if isinstance(err, str) else "unknown"
            return reply({"data": {"acknowledged": True}})

        token = payload.get("flow_token")
        token = token if isinstance(token, str) else ""
        if not self.token_check(token):
            info["token"] = "invalid"
            return reply({"error_msg": self.ctx.text("token_expired")}, 427)
        if (
            "flow_token_signature" in payload
            and self.settings.app_secret
            and self.settings.flow_token_signature != "off"
        ):
            if not verify_flow_token_signature(self.settings.app_secret, payload["flow_token_signature"], token):
                info["flow_token_signature"] = "invalid"
                if self.settings.flow_token_signature == "enforce":
                    return reply({"error_msg": self.ctx.text("token_expired")}, 427)

        req = FlowRequest(action=action if isinstance(action, str) else "", screen=screen, data=data,
                          flow_token=token, version=str(payload.get("version", "")))
        store = self.ctx.store
        try:
            if self.settings.single_use and token and await store.get("spent:" + token_id(token)) is not None:
                info["token"] = "spent"
                return reply({"error_msg": self.ctx.text("token_expired")}, 427)
            if getattr(use_case, "KEEPS_STATE", False):
                req.session = await Session.open(store, token, self.settings.state_ttl_s)
            answer = self.dispatch(req, info)
            if not await self.settle(req, answer):
                info["token"] = "spent"
                return reply({"error_msg": self.ctx.text("token_expired")}, 427)
        except StoreUnavailable:
            # the request needs the store and it cannot answer: a clean retry-able answer
            info["store"] = "unavailable"
            current = req.screen if self.ctx.contract.has(req.screen) else self.ctx.contract.entry_screen
            req.session = None
            answer = self.not_understood(current, req)
        if isinstance(answer.get("screen"), str):
            info["screen"] = answer["screen"]
        return reply(answer)

    async def settle(self, req: FlowRequest, answer: dict) -> bool:
        """After the handler: an answer reaching a terminal screen spends the token (single-use
        on; False when another request spent it first) and drops its state; else the state is
        saved."""
        store = self.ctx.store
        if self.settings.single_use and req.flow_token and self.ctx.contract.is_terminal(answer.get("screen")):
            if not await store.claim("spent:" + token_id(req.flow_token), self.settings.state_ttl_s):
                return False
            if req.session is not None:
                await store.take(req.session.key)
            return True
        if req.session is not None:
            await req.session.save()
        return True

    def dispatch(self, req: FlowRequest, info: dict) -> dict:
        current = req.screen if self.ctx.contract.has(req.screen) else self.ctx.contract.entry_screen
        from_here = req.action != "data_exchange" or self.ctx.contract.sends(req.screen, req.data.get("intent"))
        if req.action in ("INIT", "BACK", "data_exchange") and from_here:
            try:
                return use_case.handle(req, self.ctx)
            except StoreUnavailable:
                raise
            except BadInput as exc:
                info["rejected"] = exc.key
                return self.not_understood(exc.screen or current, req, exc.key)
            except Exception as exc:  # bad input the handler did not foresee: never crash
                info["handler_error"] = type(exc).__name__
                return self.not_understood(current, req)
        return self.not_understood(current, req)

    def not_understood(self, screen: str, req: FlowRequest, key: str = "request_not_understood") -> dict:
        data = None
        builder = getattr(use_case, "screen_data", None)
        if builder is not None:
            try:
                data = builder(screen, req, self.ctx)
            except Exception:
                data = None
        return self.ctx.error(screen, key, data)


def create_app(settings: Settings | None = None, ctx: Context | None = None, private_key=None,
               token_check: Callable[[str], bool] | None = None, store=None) -> Starlette:
    """The ASGI app. `token_check(flow_token) -> bool` replaces the default token hook; `store`
    (store.py) replaces the one the environment asks for (Redis with REDIS_URL, else memory)."""
    settings = settings or Settings.from_env()
    ctx = ctx or Context.load(store)
    if store is None:
        prefix = settings.key_prefix or ctx.config.get("use_case", "flow")
        store = open_store(settings.redis_url, prefix, settings.store_max_entries, log)
    ctx.store = store
    webhook = Webhook(settings, ctx, log)

    async def healthz(request: Request) -> Response:
        started = time.perf_counter()
        answer = JSONResponse({"status": "ok", "store": await store.health()})
        log(route="/healthz", method="GET", status=200, ms=round((time.perf_counter() - started) * 1000, 1))
        return answer

    routes = [
        Route("/webhook", webhook.get, methods=["GET"]),
        Route("/webhook", webhook.post, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    if getattr(use_case, "HAS_ENDPOINT", True):
        endpoint = Endpoint(settings, ctx, private_key, token_check)
        routes.append(Route("/", endpoint.handle_http, methods=["POST"]))

    async def not_found(request: Request, exc: Exception) -> Response:
        return Response(status_code=404)

    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
