"""insurance-quote: the follow-up text after the Flow completes. The journeys live once, in the
project's journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server."""

from __future__ import annotations

from helpers import CONFIG, context

from flow_endpoint.format import fill
from flow_endpoint.handler import followup

P = CONFIG["params"]
T = CONFIG["text"]


def test_followup_text():
    plan = P["plans"][0]
    text = followup({"quote_id": "Q-1", "plan": plan["id"], "price": "X", "flow_token": "t"}, context())
    assert text == fill(T["followup"], quote_id="Q-1", plan=plan["name"], price="X", brand=P.get("brand", ""))
    assert "{" not in text
