"""loan-offer: the follow-up text after the Flow completes. The journeys live once, in the project's
journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server."""

from __future__ import annotations

from helpers import CONFIG, context

from flow_endpoint.format import fill, money
from flow_endpoint.handler import followup

P = CONFIG["params"]
T = CONFIG["text"]


def test_followup_text():
    a, n = float(P["loan_amounts"][0]), int(P["tenures_months"][0])
    text = followup({"reference": "LN-1", "amount": str(int(a)), "tenure": str(n), "emi": "X"}, context())
    assert text == fill(T["followup"], brand=P.get("brand", ""), reference="LN-1",
                        amount=money(a, P.get("currency") or CONFIG["currency"], CONFIG["locale"]),
                        tenure=fill(T["tenure_option"], n=n), emi="X")
    assert "{" not in text
