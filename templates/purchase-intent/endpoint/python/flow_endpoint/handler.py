"""purchase-intent has no data endpoint: the Flow runs on the device, so `POST /` answers 404.
Only the webhook is served; this file builds its follow-up message."""

from __future__ import annotations

from .context import Context

HAS_ENDPOINT = False


def handle(req, ctx):  # never called: there is no data endpoint for this use case
    raise NotImplementedError("purchase-intent has no data endpoint")


def followup(params: dict, ctx: Context) -> str | None:
    name = params.get("name")
    return ctx.fill("followup", name=name if isinstance(name, str) else "")
