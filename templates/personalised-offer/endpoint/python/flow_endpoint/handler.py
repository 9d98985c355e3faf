"""personalised-offer business logic (stateless): product group → preferences → shortlist → detail.

Dispatches on `data.intent`. The catalogue, brands and budgets come from config.json `params`;
edit this file to read your live catalogue instead.
"""

from __future__ import annotations

from .context import BadInput, Context, FlowRequest

HAS_ENDPOINT = True
GROUP = "GROUP"
PREFERENCES = "PREFERENCES"
SHORTLIST = "SHORTLIST"
DETAIL = "DETAIL"


def _by_id(items: list, value: object) -> dict | None:
    return next((i for i in items if isinstance(value, str) and i.get("id") == value), None)


def find_group(ctx: Context, value: object) -> dict:
    group = _by_id(ctx.params.get("product_groups", []), value)
    if group is None:
        raise BadInput()
    return group


def products_of(ctx: Context, group_id: str) -> list[dict]:
    return [p for p in ctx.params.get("catalogue", []) if p.get("group") == group_id]


def budget_title(ctx: Context, b: dict) -> str:
    lo, hi = float(b.get("min", 0)), float(b.get("max", 0))
    if lo == 0 and hi > 0:
        return ctx.fill("budget_upto", max=ctx.money(hi))
    if hi == 0:
        return ctx.fill("budget_open", min=ctx.money(lo))
    return ctx.fill("budget_range", min=ctx.money(lo), max=ctx.money(hi))


def preferences_data(ctx: Context, group: dict) -> dict:
    p = ctx.params
    in_group = {prod.get("brand") for prod in products_of(ctx, group["id"])}
    brands = [b for b in p.get("brands", []) if b.get("id") in in_group] or list(p.get("brands", []))
    purposes = [x for x in p.get("purposes", []) if x.get("group") == group["id"]]
    # A data-source needs at least one item: a group without purposes gets one hidden placeholder.
    shown = purposes or list(p.get("purposes", []))[:1]
    return {
        "heading": ctx.fill("preferences_heading", group=group.get("title", "")),
        "brands": [{"id": b["id"], "title": b["title"]} for b in brands],
        "budgets": [{"id": b["id"], "title": budget_title(ctx, b)} for b in p.get("budget_ranges", [])],
        "purposes": [{"id": x["id"], "title": x["title"]} for x in shown],
        "has_purposes": bool(purposes),
        "cta_label": ctx.text("cta_label"),
    }


def shortlist(ctx: Context, group: dict, brands: list[str], budget: dict | None) -> list[dict]:
    """Group products matching brands and budget; relaxes the budget, then the brands, when none match."""
    products = products_of(ctx, group["id"])
    size = int(ctx.params.get("shortlist_size", 4))

    def in_budget(prod: dict) -> bool:
        if budget is None:
            return True
        price, lo, hi = float(prod.get("price", 0)), float(budget.get("min", 0)), float(budget.get("max", 0))
        return lo <= price and (hi == 0 or price <= hi)

    def of_brand(prod: dict) -> bool:
        return not brands or prod.get("brand") in brands

    for keep in (lambda x: of_brand(x) and in_budget(x), of_brand, lambda x: True):
        found = [x for x in products if keep(x)]
        if found:
            return found[:size]
    return []


def shortlist_data(ctx: Context, products: list[dict]) -> dict:
    return {
        "shortlist_label": ctx.fill("shortlist_label", n=len(products)),
        "products": [{"id": x["id"], "title": x["name"],
                      "description": ctx.money(float(x["price"])) + " · " + x.get("properties", "")}
                     for x in products],
    }


def detail_data(ctx: Context, product: dict) -> dict:
    return {
        "product_name": product["name"],
        "price": ctx.money(float(product["price"])),
        "properties": product.get("properties", ""),
        "details": product.get("details", ""),
    }


def handle(req: FlowRequest, ctx: Context) -> dict:
    if req.action in ("INIT", "BACK"):
        return ctx.answer(GROUP, {})
    intent = req.value("intent")
    p = ctx.params
    if intent == "group":
        group = find_group(ctx, req.string("product_group"))
        return ctx.answer(PREFERENCES, preferences_data(ctx, group))
    if intent == "preferences":
        group = find_group(ctx, req.string("product_group"))
        brands = req.strings("brands")
        known = {b.get("id") for b in p.get("brands", [])}
        budget_id = req.string("budget")
        budget = _by_id(p.get("budget_ranges", []), budget_id) if budget_id is not None else None
        purposes = req.strings("purposes")
        known_purposes = {x.get("id") for x in p.get("purposes", [])}
        if any(b not in known for b in brands) or (budget_id is not None and budget is None) \
                or any(x not in known_purposes for x in purposes):
            raise BadInput(screen=PREFERENCES)
        found = shortlist(ctx, group, brands, budget)
        if not found:
            return ctx.error(PREFERENCES, "no_products", preferences_data(ctx, group))
        return ctx.answer(SHORTLIST, shortlist_data(ctx, found))
    if intent == "product":
        product = _by_id(p.get("catalogue", []), req.string("product"))
        if product is None:
            raise BadInput()
        return ctx.answer(DETAIL, detail_data(ctx, product))
    raise BadInput()


def screen_data(screen: str, req: FlowRequest, ctx: Context) -> dict | None:
    """Full data of `screen` when an answer must stay on it (error_message is added by the caller)."""
    if screen == PREFERENCES:
        group = _by_id(ctx.params.get("product_groups", []), req.data.get("product_group"))
        return preferences_data(ctx, group) if group else None
    if not ctx.contract.fields(screen):
        return {}
    return None


def followup(params: dict, ctx: Context) -> str | None:
    """The chat message sent after the Flow completes (params = the completion's response_json)."""
    method = params.get("completion_method") or ctx.params.get("completion_method", "payment_link")
    product = _by_id(ctx.params.get("catalogue", []), params.get("product"))
    name = params.get("product_name") or (product or {}).get("name", "")
    price = params.get("price") or (ctx.money(float(product["price"])) if product else "")
    return ctx.fill(f"followup_{method}", product=name, price=price, hours=ctx.params.get("hold_hours", ""))
