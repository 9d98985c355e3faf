"""Cloud API webhook (spec §13): GET verification, POST completions → one follow-up message.

Each completion's message id is recorded in the store first (one atomic `seen`, so instances
sharing it process a completion once; 503 while the store cannot answer, and Meta delivers again
later); then the POST is answered 200 and the follow-up is sent in a background thread.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Callable

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from . import handler as use_case
from .signature import verify_hub_signature
from .store import StoreUnavailable

MAX_WEBHOOK_BYTES = 3 * 1024 * 1024
TRANSIENT = {1, 2, 131000, 131016, 133004}
RETRY_DELAYS = (0.5, 1.5)  # one attempt plus up to 2 retries


def completions(event: Any) -> list[dict]:
    """Every completed-Flow message of a webhook body; anything unexpected is skipped, never raised."""
    found: list[dict] = []
    if not isinstance(event, dict) or not isinstance(event.get("entry"), list):
        return found
    for entry in event["entry"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("changes"), list):
            continue
        for change in entry["changes"]:
            if not isinstance(change, dict) or change.get("field") != "messages":
                continue
            value = change.get("value")
            if not isinstance(value, dict) or not isinstance(value.get("messages"), list):
                continue
            for msg in value["messages"]:
                if not isinstance(msg, dict) or msg.get("type") != "interactive":
                    continue
                inter = msg.get("interactive")
                if not isinstance(inter, dict) or inter.get("type") != "nfm_reply":
                    continue
                reply = inter.get("nfm_reply")
                if not isinstance(reply, dict) or reply.get("name") != "flow":
                    continue
                if not isinstance(msg.get("id"), str):
                    continue
                found.append(msg)
    return found


def followup_body(msg: dict, text: str) -> dict | None:
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual"}
    if isinstance(msg.get("from"), str) and msg["from"]:
        body["to"] = "+" + msg["from"].lstrip("+")
    elif isinstance(msg.get("from_user_id"), str) and msg["from_user_id"]:
        body["recipient"] = msg["from_user_id"]
    else:
        return None
    body["type"] = "text"
    body["text"] = {"body": text}
    body["context"] = {"message_id": msg["id"]}
    return body


class Webhook:
    def __init__(self, settings, ctx, log: Callable[..., None]):
        self.settings = settings
        self.ctx = ctx
        self.log = log

    async def get(self, request: Request) -> Response:
        started = time.perf_counter()
        q = request.query_params
        expected = self.settings.verify_token
        given = q.get("hub.verify_token", "")
        ok = (
            bool(expected)
            and q.get("hub.mode") == "subscribe"
            and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
        )
        resp = PlainTextResponse(q.get("hub.challenge", ""), 200) if ok else Response(status_code=403)
        self.log(route="/webhook", method="GET", status=resp.status_code, ms=_ms(started))
        return resp

    async def post(self, request: Request) -> Response:
        started = time.perf_counter()
        event = "ignored"
        jobs: list[dict] = []
        status = 200
        raw = await read_limited(request, MAX_WEBHOOK_BYTES)
        if raw is None:
            status = 413
        elif self.settings.app_secret and not request.headers.get("x-hub-signature-256"):
            status = 401
        elif self.settings.app_secret and not verify_hub_signature(
            self.settings.app_secret, raw, request.headers.get("x-hub-signature-256")
        ):
            status = 403
        else:
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError):
                status = 400
            else:
                found = completions(body)
                fresh = []
                try:
                    for msg in found:
                        # one atomic record per message id: instances sharing the store
                        # process a completion once
                        if not await self.ctx.store.seen(msg["id"], self.settings.dedupe_ttl_s):
                            fresh.append(msg)
                except StoreUnavailable:
                    status, event, fresh = 503, "store_unavailable", []  # Meta delivers it again later
                if fresh:
                    event = "flow_completion"
                    jobs = fresh
                elif found:
                    event = "duplicate"
        fields: dict[str, Any] = {"route": "/webhook", "method": "POST", "status": status, "ms": _ms(started)}
        if status == 200:
            fields["event"] = event
        elif status == 503:
            fields["store"] = "unavailable"
        self.log(**fields)
        if status != 200:
            return Response(status_code=status)
        task = BackgroundTask(self._start, jobs) if jobs else None
        return Response(status_code=200, background=task)

    def _start(self, jobs: list[dict]) -> None:
        threading.Thread(target=self._process, args=(jobs,), daemon=True).start()

    def _process(self, jobs: list[dict]) -> None:
        for msg in jobs:
            try:
                self._one(msg)
            except Exception as exc:  # never let one message stop the others
                self.log(route="/webhook", event="followup", result="error", error=type(exc).__name__)

    def _one(self, msg: dict) -> None:
        reply = msg["interactive"]["nfm_reply"]
        raw = reply.get("response_json")
        try:
            params = json.loads(raw) if isinstance(raw, str) else (raw if isinstance(raw, dict) else {})
        except ValueError:
            params = {}
        if not isinstance(params, dict):
            params = {}
        build = getattr(use_case, "followup", None)
        text = build(params, self.ctx) if build else None
        if not text:
            self.log(route="/webhook", event="followup", result="no_text")
            return
        body = followup_body(msg, text)
        if body is None:
            self.log(route="/webhook", event="followup", result="no_recipient")
            return
        s = self.settings
        if not s.whatsapp_token or not s.phone_number_id:
            self.log(route="/webhook", event="followup", result="skipped",
                     reason="WHATSAPP_TOKEN or PHONE_NUMBER_ID not set")
            return
        url = f"{s.graph_api_url}/{s.graph_api_version}/{s.phone_number_id}/messages"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        for attempt in range(len(RETRY_DELAYS) + 1):
            code = _send(url, s.whatsapp_token, data)
            if code is None:
                self.log(route="/webhook", event="followup", result="sent")
                return
            if code not in TRANSIENT or attempt == len(RETRY_DELAYS):
                self.log(route="/webhook", event="followup", result="error", code=code)
                return
            time.sleep(RETRY_DELAYS[attempt])


def _send(url: str, token: str, data: bytes) -> int | None:
    """POST to the Graph API. None on success, else the Graph error code (-1 when unknown)."""
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            resp.read()
            return None
    except urllib.error.HTTPError as err:
        try:
            payload = json.loads(err.read() or b"{}")
            code = payload.get("error", {}).get("code")
            return int(code) if isinstance(code, int) else -1
        except Exception:
            return -1
    except (urllib.error.URLError, OSError, ValueError):
        return 1  # network trouble: treat as transient


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The raw body, or None once it is over `limit` bytes (reading stops there)."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
