"""personalised-offer: the follow-up text after the Flow completes. The journeys live once, in the
project's journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server."""

from __future__ import annotations

from helpers import CONFIG, context

from flow_endpoint.format import fill, money
from flow_endpoint.handler import followup

P = CONFIG["params"]
T = CONFIG["text"]


def test_followup_text():
    c = P["catalogue"][0]
    method = P.get("completion_method", "payment_link")
    price = money(float(c["price"]), P.get("currency") or CONFIG["currency"], CONFIG["locale"])
    params = {"product": c["id"], "product_name": c["name"], "price": price, "completion_method": method,
              "flow_token": "t"}
    text = followup(params, context())
    assert text == fill(T[f"followup_{method}"], product=c["name"], price=price, hours=P.get("hold_hours", ""),
                        brand=P.get("brand", ""))
    assert "{" not in text
