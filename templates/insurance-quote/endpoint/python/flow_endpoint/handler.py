"""insurance-quote business logic: applicants → health → plans → add-ons → quote.

The answers given on earlier screens are kept per flow token (req.session: the app loads it from
the store before `handle` and saves it after; TTL STATE_TTL_SECONDS, 3 days); names, addresses
and e-mails are never stored. With several instances, set REDIS_URL (README.md). Dispatches on
`data.intent`.
"""

from __future__ import annotations

from .context import BadInput, Context, FlowRequest
from .format import id_of, round2, stable_id

HAS_ENDPOINT = True
KEEPS_STATE = True
APPLICANTS, HEALTH, EXTRA, PLANS = "APPLICANTS", "HEALTH", "EXTRA_APPLICANT", "PLANS"
PLAN_DETAIL, QUOTE, SUMMARY = "PLAN_DETAIL", "QUOTE", "SUMMARY"
COUNTED_KINDS = ("self_plus", "family", "children")


class Expired(BadInput):
    def __init__(self) -> None:
        super().__init__("session_expired")


def _by_id(items: list, value: object, key: str = "id") -> dict | None:
    return next((i for i in items if isinstance(value, str) and str(i.get(key)) == value), None)


def _need(item):
    if item is None:
        raise BadInput()
    return item


def excess_of(ctx: Context, value: object) -> dict | None:
    return next((e for e in ctx.params.get("excess_options", [])
                 if isinstance(value, str) and id_of(e["amount"]) == value), None)


def load(ctx: Context, req: FlowRequest) -> dict:
    state = req.session.get() if req.flow_token else None
    if not isinstance(state, dict):
        raise Expired()
    return state


def save(ctx: Context, req: FlowRequest, state: dict) -> None:
    req.session.set(state)


def answers(ctx: Context, req: FlowRequest) -> dict:
    """health_<qid> → "yes" | "no" for every question (absent counts as "no")."""
    out = {}
    for q in ctx.params.get("health_questions", []):
        v = req.value(f"health_{q['id']}")
        if v is None:
            v = "no"
        if v not in ("yes", "no"):
            raise BadInput()
        out[q["id"]] = v
    return out


def extra_count(ctx: Context, req: FlowRequest, kind: str) -> int:
    raw = req.value("extra_count")
    if raw is None or kind not in COUNTED_KINDS:
        n = 0
    else:
        try:
            n = int(str(raw)) if not isinstance(raw, bool) else -1
        except ValueError:
            raise BadInput() from None
        if n < 0 or n > int(ctx.params.get("max_additional_applicants", 20)):
            raise BadInput()
    if kind == "children" and n == 0:
        n = 1
    return n


def extra_data(ctx: Context, index: int, total: int) -> dict:
    return {"applicant_heading": ctx.fill("extra_heading", n=index, total=total), "applicant_index": index}


def plans_data(ctx: Context) -> dict:
    return {"plans": [{"id": p["id"], "title": p["name"], "description": p.get("tagline", "")}
                      for p in ctx.params.get("plans", [])]}


def plan_detail_data(ctx: Context, plan: dict) -> dict:
    return {
        "plan_name": plan["name"],
        "starting_price": ctx.fill("starting_price", price=ctx.money(float(plan["monthly_price"]))),
        "features": plan.get("features", ""),
        "addons": [{"id": a["id"], "title": a["title"],
                    "description": ctx.fill("addon_price", price=ctx.money(float(a["monthly_price"])))}
                   for a in ctx.params.get("addons", [])],
    }


def people(ctx: Context, state: dict) -> list[tuple[float, dict]]:
    """(price factor, health answers) of every priced person."""
    out: list[tuple[float, dict]] = []
    cover = _by_id(ctx.params.get("cover_options", []), state.get("cover")) or {}
    if cover.get("kind") != "children":
        out.append((100.0, state.get("main", {})))
    for idx in sorted(state.get("extras", {}), key=int):
        person = state["extras"][idx]
        rel = _by_id(ctx.params.get("relationships", []), person.get("relation")) or {}
        out.append((float(rel.get("price_factor", 100)), person.get("health", {})))
    return out


def per_payment(ctx: Context, state: dict, plan: dict, addons: list[dict], freq: dict) -> float:
    loading = {q["id"]: float(q.get("loading", 0)) for q in ctx.params.get("health_questions", [])}
    base = float(plan["monthly_price"])
    monthly = 0.0
    for factor, health in people(ctx, state):
        extra = sum(loading.get(q, 0.0) for q, v in health.items() if v == "yes")
        monthly += base * factor / 100 * (1 + extra / 100)
    monthly += sum(float(a["monthly_price"]) for a in addons)
    excess = excess_of(ctx, state.get("excess")) or {"premium_discount": 0}
    discounted = monthly * (1 - float(excess.get("premium_discount", 0)) / 100)
    return round2(discounted * float(freq["months"]) * (1 - float(freq.get("discount_percent", 0)) / 100))


def chosen(ctx: Context, req: FlowRequest, state: dict) -> tuple[dict, list[dict]]:
    plan_id = req.string("plan") or state.get("plan")
    plan = _need(_by_id(ctx.params.get("plans", []), plan_id))
    ids = req.strings("addons") if req.value("addons") is not None else list(state.get("addons", []))
    addons = [_need(_by_id(ctx.params.get("addons", []), i)) for i in ids]
    return plan, addons


def quote_data(ctx: Context, state: dict, plan: dict, addons: list[dict]) -> dict:
    return {"frequencies": [
        {"id": f["id"], "title": f["title"],
         "description": ctx.fill("frequency_price", price=ctx.money(per_payment(ctx, state, plan, addons, f)))}
        for f in ctx.params.get("payment_frequencies", [])]}


def summary_data(ctx: Context, req: FlowRequest, state: dict, plan: dict, addons: list[dict], freq: dict) -> dict:
    p = ctx.params
    cover = _by_id(p.get("cover_options", []), state.get("cover")) or {"title": ""}
    level = _by_id(p.get("cover_levels", []), state.get("cover_level")) or {"title": ""}
    excess = excess_of(ctx, state.get("excess")) or {"amount": 0}
    n = len(people(ctx, state))
    questions = p.get("health_questions", [])
    extras = []
    for idx in sorted(state.get("extras", {}), key=int):
        person = state["extras"][idx]
        item = {"relation": person.get("relation", ""), "dob": person.get("dob", "")}
        for q in questions:
            item[f"health_{q['id']}"] = person.get("health", {}).get(q["id"], "no")
        extras.append(item)
    amount = float(excess.get("amount", 0))
    return {
        "quote_id": stable_id("Q", req.flow_token),
        "summary_plan": plan["name"],
        "summary_cover_level": level["title"],
        "summary_people": cover["title"] if n == 1 else ctx.fill("people_count", cover=cover["title"], n=n),
        "summary_excess": ctx.text("no_excess") if amount == 0 else ctx.money(amount),
        "summary_frequency": freq["title"],
        "summary_price": ctx.fill("frequency_price", price=ctx.money(per_payment(ctx, state, plan, addons, freq))),
        "extra_applicants": extras,
    }


def handle(req: FlowRequest, ctx: Context) -> dict:
    if req.action in ("INIT", "BACK"):
        return ctx.answer(APPLICANTS, {})
    p = ctx.params
    intent = req.value("intent")
    if intent == "details":
        cover = _need(_by_id(p.get("cover_options", []), req.string("cover")))
        level = _need(_by_id(p.get("cover_levels", []), req.string("cover_level")))
        excess = _need(excess_of(ctx, req.string("excess")))
        n = extra_count(ctx, req, cover.get("kind", "self"))
        state = {"cover": cover["id"], "extra_count": n, "cover_level": level["id"],
                 "excess": id_of(excess["amount"]), "main": {}, "extras": {}, "plan": None, "addons": []}
        save(ctx, req, state)
        if cover.get("kind") == "children":
            return ctx.answer(EXTRA, extra_data(ctx, 1, n))
        return ctx.answer(HEALTH, {})
    if intent == "health":
        state = load(ctx, req)
        state["main"] = answers(ctx, req)
        save(ctx, req, state)
        if state["extra_count"] > 0:
            return ctx.answer(EXTRA, extra_data(ctx, 1, state["extra_count"]))
        return ctx.answer(PLANS, plans_data(ctx))
    if intent == "extra_applicant":
        state = load(ctx, req)
        try:
            index = int(req.string("applicant_index") or 0)
        except ValueError:
            index = 0
        if not 1 <= index <= state["extra_count"]:
            raise BadInput()
        relation = _need(_by_id(p.get("relationships", []), req.string("relation")))
        dob = req.string("dob") or ""
        state.setdefault("extras", {})[str(index)] = {"relation": relation["id"], "dob": dob,
                                                      "health": answers(ctx, req)}
        save(ctx, req, state)
        if index < state["extra_count"]:
            return ctx.answer(EXTRA, extra_data(ctx, index + 1, state["extra_count"]))
        return ctx.answer(PLANS, plans_data(ctx))
    if intent == "plan":
        state = load(ctx, req)  # no session: session_expired, before any id is looked at
        plan = _need(_by_id(p.get("plans", []), req.string("plan")))
        state["plan"] = plan["id"]
        save(ctx, req, state)
        return ctx.answer(PLAN_DETAIL, plan_detail_data(ctx, plan))
    if intent == "customise":
        state = load(ctx, req)
        plan, addons = chosen(ctx, req, state)
        state["plan"], state["addons"] = plan["id"], [a["id"] for a in addons]
        save(ctx, req, state)
        return ctx.answer(QUOTE, quote_data(ctx, state, plan, addons))
    if intent == "quote":
        state = load(ctx, req)
        plan, addons = chosen(ctx, req, state)
        freq = _need(_by_id(p.get("payment_frequencies", []), req.string("frequency")))
        state["plan"], state["addons"], state["frequency"] = plan["id"], [a["id"] for a in addons], freq["id"]
        save(ctx, req, state)
        return ctx.answer(SUMMARY, summary_data(ctx, req, state, plan, addons, freq))
    raise BadInput()


def screen_data(screen: str, req: FlowRequest, ctx: Context) -> dict | None:
    """Full data of `screen` when an answer must stay on it (error_message is added by the caller)."""
    if screen == PLANS:
        return plans_data(ctx)
    if screen == PLAN_DETAIL:
        plan = _by_id(ctx.params.get("plans", []), req.data.get("plan"))
        return plan_detail_data(ctx, plan) if plan else None
    if screen == EXTRA:
        state = req.session.peek() if req.flow_token and req.session else None
        raw = req.data.get("applicant_index")
        if isinstance(state, dict) and isinstance(raw, (int, str)) and str(raw).isdigit():
            return extra_data(ctx, int(str(raw)), state.get("extra_count", 1))
        return None
    if screen == QUOTE:
        state = req.session.peek() if req.flow_token and req.session else None
        if isinstance(state, dict):
            plan, addons = chosen(ctx, req, state)
            return quote_data(ctx, state, plan, addons)
        return None
    if not ctx.contract.fields(screen):
        return {}
    return None


def followup(params: dict, ctx: Context) -> str | None:
    """The chat message sent after the Flow completes (params = the completion's response_json)."""
    plan = _by_id(ctx.params.get("plans", []), params.get("plan"))
    return ctx.fill("followup", quote_id=params.get("quote_id") or "",
                    plan=plan["name"] if plan else str(params.get("plan", "")), price=params.get("price") or "")
