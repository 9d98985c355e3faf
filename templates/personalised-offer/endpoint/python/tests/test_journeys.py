"""personalised-offer journeys through the real server; every answer is checked against contract.json.

Reads the parameters from config.json, so it holds for any parameter values."""

from __future__ import annotations

import pytest

from helpers import CONFIG, check, context

from flow_endpoint.format import fill, money, round2
from flow_endpoint.handler import followup

P = CONFIG["params"]
T = CONFIG["text"]
CUR, LOC = P.get("currency") or CONFIG["currency"], CONFIG["locale"]
GROUPS = P["product_groups"]
CATALOGUE = P["catalogue"]
SIZE = int(P["shortlist_size"])


def m(x) -> str:
    return money(round2(float(x)), CUR, LOC)


def products(group_id: str) -> list[dict]:
    return [x for x in CATALOGUE if x["group"] == group_id]


def budget_title(b: dict) -> str:
    lo, hi = float(b["min"]), float(b["max"])
    if lo == 0 and hi > 0:
        return fill(T["budget_upto"], max=m(hi))
    if hi == 0:
        return fill(T["budget_open"], min=m(lo))
    return fill(T["budget_range"], min=m(lo), max=m(hi))


def expected_preferences(group: dict) -> dict:
    brand_ids = {x["brand"] for x in products(group["id"])}
    brands = [b for b in P["brands"] if b["id"] in brand_ids] or P["brands"]
    purposes = [x for x in P["purposes"] if x["group"] == group["id"]]
    return {
        "heading": fill(T["preferences_heading"], group=group["title"]),
        "brands": [{"id": b["id"], "title": b["title"]} for b in brands],
        "budgets": [{"id": b["id"], "title": budget_title(b)} for b in P["budget_ranges"]],
        "purposes": [{"id": x["id"], "title": x["title"]} for x in purposes],
        "has_purposes": bool(purposes),
        "cta_label": T["cta_label"],
    }


def expected_shortlist(group_id: str, brands: list[str], budget: dict | None) -> list[dict]:
    def fits(x, use_brand, use_budget):
        ok = not use_brand or not brands or x["brand"] in brands
        if use_budget and budget is not None:
            lo, hi = float(budget["min"]), float(budget["max"])
            ok = ok and lo <= float(x["price"]) and (hi == 0 or float(x["price"]) <= hi)
        return ok
    for use_brand, use_budget in ((True, True), (True, False), (False, False)):
        found = [x for x in products(group_id) if fits(x, use_brand, use_budget)]
        if found:
            return found[:SIZE]
    return []


def shortlist_data(found: list[dict]) -> dict:
    return {
        "shortlist_label": fill(T["shortlist_label"], n=len(found)),
        "products": [{"id": x["id"], "title": x["name"], "description": m(x["price"]) + " · " + x["properties"]}
                     for x in found],
    }


def test_init_and_back(client):
    for action in ("INIT", "BACK"):
        _, out = client.exchange("", {}, action=action)
        assert out == {"screen": "GROUP", "data": {}}
        check("", out)


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g["id"])
def test_group_gives_preferences(client, group):
    _, out = client.exchange("GROUP", {"intent": "group", "product_group": group["id"]})
    assert out["screen"] == "PREFERENCES"
    assert check("GROUP", out) == expected_preferences(group)


def test_unknown_group(client):
    _, out = client.exchange("GROUP", {"intent": "group", "product_group": "nope"})
    assert out["screen"] == "GROUP"
    assert check("GROUP", out)["error_message"] == T["request_not_understood"]


def _cases():
    cases = []
    for g in GROUPS:
        brands_in = sorted({x["brand"] for x in products(g["id"])})
        budgets = [None] + P["budget_ranges"]
        brand_sets = [[]] + [[b] for b in brands_in[:3]] + ([brands_in[:2]] if len(brands_in) > 1 else [])
        if P["brands"]:
            other = [b["id"] for b in P["brands"] if b["id"] not in brands_in][:1]
            if other:
                brand_sets.append(other)  # a brand with no product here: brand filter is dropped
        for bs in brand_sets:
            for b in budgets[:4]:
                cases.append((g, bs, b))
    return cases[:60]


@pytest.mark.parametrize("group, brands, budget", _cases())
def test_preferences_shortlist(client, group, brands, budget):
    data = {"intent": "preferences", "product_group": group["id"], "brands": brands,
            "budget": budget["id"] if budget else "", "purposes": []}
    _, out = client.exchange("PREFERENCES", data)
    found = expected_shortlist(group["id"], brands, budget)
    if not found:
        assert out["screen"] == "PREFERENCES"
        d = check("PREFERENCES", out)
        assert d.pop("error_message") == T["no_products"]
        assert d == expected_preferences(group)
        return
    assert out["screen"] == "SHORTLIST"
    assert check("PREFERENCES", out) == shortlist_data(found)
    assert len(found) <= SIZE


@pytest.mark.parametrize("bad", [{"brands": ["nope"]}, {"budget": "nope"}, {"purposes": ["nope"]},
                                 {"product_group": "nope"}])
def test_preferences_unknown_ids(client, bad):
    data = {"intent": "preferences", "product_group": GROUPS[0]["id"], "brands": [], "budget": "", "purposes": []}
    data.update(bad)
    _, out = client.exchange("PREFERENCES", data)
    assert out["screen"] == "PREFERENCES"
    assert check("PREFERENCES", out)["error_message"] == T["request_not_understood"]


@pytest.mark.parametrize("product", CATALOGUE[:20], ids=lambda x: x["id"])
def test_product_detail(client, product):
    _, out = client.exchange("SHORTLIST", {"intent": "product", "product": product["id"]})
    assert out["screen"] == "DETAIL"
    assert check("SHORTLIST", out) == {"product_name": product["name"], "price": m(product["price"]),
                                       "properties": product["properties"], "details": product["details"]}


def test_unknown_product(client):
    _, out = client.exchange("SHORTLIST", {"intent": "product", "product": "nope"})
    assert out["screen"] == "SHORTLIST"
    assert check("SHORTLIST", out)["error_message"] == T["request_not_understood"]


def test_whole_journey_and_followup(client):
    token = "offer-token"
    _, out = client.exchange("", {}, action="INIT", token=token)
    check("", out)
    group = next((g for g in GROUPS if products(g["id"])), GROUPS[0])
    _, out = client.exchange("GROUP", {"intent": "group", "product_group": group["id"]}, token=token)
    check("GROUP", out)
    _, out = client.exchange("PREFERENCES", {"intent": "preferences", "product_group": group["id"], "brands": [],
                                             "budget": "", "purposes": []}, token=token)
    if out["screen"] != "SHORTLIST":
        pytest.skip("no products in any group")
    first = check("PREFERENCES", out)["products"][0]
    _, out = client.exchange("SHORTLIST", {"intent": "product", "product": first["id"]}, token=token)
    detail = check("SHORTLIST", out)
    method = P.get("completion_method", "payment_link")
    params = {"product": first["id"], "product_name": detail["product_name"], "price": detail["price"],
              "completion_method": method, "flow_token": token}
    text = followup(params, context())
    assert text == fill(T[f"followup_{method}"], product=detail["product_name"], price=detail["price"],
                        hours=P.get("hold_hours", ""), brand=P.get("brand", ""))
    assert "{" not in text
