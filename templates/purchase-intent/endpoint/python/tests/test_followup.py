"""purchase-intent: no data endpoint (POST / is 404, no key needed); the webhook's follow-up text."""

from __future__ import annotations


from helpers import CONFIG, ROOT, Server, context

from flow_endpoint.format import fill
from flow_endpoint.handler import followup


def test_followup_text():
    text = followup({"name": "Ana", "email": "a@example.com", "flow_token": "t"}, context())
    assert text == fill(CONFIG["text"]["followup"], name="Ana", brand=CONFIG["params"].get("brand", ""))
    assert "{" not in text


def test_starts_without_a_key(tmp_path):
    srv = Server({}, tmp_path).start()
    try:
        assert srv.request("POST", "/", b"{}")[0] == 404
        assert srv.request("GET", "/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")[0] == 403
    finally:
        srv.stop()
