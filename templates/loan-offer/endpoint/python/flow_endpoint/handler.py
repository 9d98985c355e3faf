"""loan-offer business logic (stateless): live EMI offer, summary, reference number.

Dispatches on `data.intent`. Every text comes from config.json (`text`), every number from
`params`; change the parameters there, or edit this file to call your loan system.
"""

from __future__ import annotations

import datetime as dt
import re

from .context import BadInput, Context, FlowRequest
from .format import emi, id_of, round2, stable_id

HAS_ENDPOINT = True
OFFER = "OFFER"
DISBURSEMENT = "DISBURSEMENT"
IDENTITY = "IDENTITY"
SUMMARY = "SUMMARY"
DONE = "DONE"
LAST4_FIELD = {"upi": "upi_id", "bank_account": "account_number", "wallet": "wallet_number"}


def _amounts(ctx: Context) -> list[float]:
    return [float(a) for a in ctx.params.get("loan_amounts", [])]


def _tenures(ctx: Context) -> list[int]:
    return [int(t) for t in ctx.params.get("tenures_months", [])]


def defaults(ctx: Context) -> tuple[float, int]:
    amounts, tenures = _amounts(ctx), _tenures(ctx)
    da = float(ctx.params.get("default_amount", amounts[0]))
    dn = int(ctx.params.get("default_tenure", tenures[0]))
    return (da if da in amounts else amounts[0]), (dn if dn in tenures else tenures[0])


def find_amount(ctx: Context, value: str | None) -> float | None:
    return next((a for a in _amounts(ctx) if value is not None and id_of(a) == value), None)


def find_tenure(ctx: Context, value: str | None) -> int | None:
    return next((n for n in _tenures(ctx) if value is not None and str(n) == value), None)


def offer_data(ctx: Context, amount: float, tenure: int) -> dict:
    rate = float(ctx.params.get("annual_rate", 0))
    return {
        "amounts": [{"id": id_of(a), "title": ctx.money(a)} for a in _amounts(ctx)],
        "tenures": [{"id": str(n), "title": ctx.fill("tenure_option", n=n)} for n in _tenures(ctx)],
        "selected_amount": id_of(amount),
        "selected_tenure": str(tenure),
        "emi": ctx.money(emi(amount, rate, tenure)),
        "rate": ctx.fill("rate_value", rate=ctx.number(rate, 2)),
        "fee": ctx.money(float(ctx.params.get("processing_fee", 0))),
    }


def adult(dob: object, today: dt.date | None = None) -> bool:
    """A real YYYY-MM-DD date of someone at least 18 years old today."""
    if not isinstance(dob, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob):
        return False
    try:
        born = dt.date.fromisoformat(dob)
    except ValueError:
        return False
    today = today or dt.date.today()
    try:
        eighteen = born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        eighteen = dt.date(born.year + 18, 3, 1)
    return eighteen <= today


def identity_ok(ctx: Context, req: FlowRequest) -> bool:
    check = ctx.params.get("identity_check", "none")
    if check in ("dob", "dob_and_id_digits") and not adult(req.value("dob")):
        return False
    if check in ("id_digits", "dob_and_id_digits"):
        digits = req.value("id_digits")
        if not isinstance(digits, str) or len(digits) != int(ctx.params.get("id_digits_count", 4)):
            return False
        allowed = r"[0-9]+" if ctx.params.get("id_digits_numeric", True) else r"[A-Za-z0-9]+"
        if not re.fullmatch(allowed, digits):
            return False
    return True


# The shapes flow.json's TextInput patterns ask for. Flow JSON before 6.2 carries no pattern, so the
# endpoint checks them too (the same screen answers with an error_message).
UPI_ID = re.compile(r"[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}")


def account_ok(ctx: Context, req: FlowRequest) -> bool:
    """True when the disbursement account has the shape its input asks for."""
    method_id = req.value("disbursement_method")
    method = next((m for m in ctx.params.get("disbursement_methods", []) if m.get("id") == method_id), None)
    if method is None:
        return True  # an unknown method is answered as not understood
    if method.get("kind") == "upi":
        upi = req.value("upi_id")
        return isinstance(upi, str) and UPI_ID.fullmatch(upi) is not None
    pattern = ctx.params.get("bank_code_pattern")
    if method.get("kind") == "bank_account" and pattern:
        code = req.value("bank_code")
        try:
            return isinstance(code, str) and re.search(pattern, code) is not None
        except re.error:
            return True
    return True


def selection_or_defaults(ctx: Context, req: FlowRequest) -> tuple[float, int]:
    """The chosen amount and tenure; an absent field takes its default, an unknown id is BadInput."""
    raw_amount, raw_tenure = req.string("amount"), req.string("tenure")
    da, dn = defaults(ctx)
    amount = da if raw_amount is None else find_amount(ctx, raw_amount)
    tenure = dn if raw_tenure is None else find_tenure(ctx, raw_tenure)
    if amount is None or tenure is None:
        raise BadInput()
    return amount, tenure


def summary_data(ctx: Context, req: FlowRequest) -> dict:
    p = ctx.params
    amount, tenure = selection_or_defaults(ctx, req)
    method_id = req.string("disbursement_method")
    method = next((m for m in p.get("disbursement_methods", []) if m.get("id") == method_id), None)
    repay_id = req.string("repayment_method")
    repayment = next((m for m in p.get("repayment_methods", []) if m.get("id") == repay_id), None)
    if method is None or repayment is None:
        raise BadInput()
    account = req.string(LAST4_FIELD.get(method.get("kind"), "")) if method.get("kind") in LAST4_FIELD else None
    if not account:
        raise BadInput()
    rate = float(p.get("annual_rate", 0))
    fee = float(p.get("processing_fee", 0))
    e = emi(amount, rate, tenure)
    return {
        "amount": ctx.money(amount),
        "tenure": ctx.fill("tenure_option", n=tenure),
        "rate": ctx.fill("rate_value", rate=ctx.number(rate, 2)),
        "emi": ctx.money(e),
        "fee": ctx.money(fee),
        "total_payable": ctx.money(round2(e * tenure + fee)),
        "disbursement": ctx.fill("disbursement_masked", method=method.get("title", ""), last4=account[-4:]),
        "repayment": repayment.get("title", ""),
    }


def handle(req: FlowRequest, ctx: Context) -> dict:
    if req.action in ("INIT", "BACK"):
        return ctx.answer(OFFER, offer_data(ctx, *defaults(ctx)))
    intent = req.value("intent")
    if intent == "preview":
        try:
            amount, tenure = selection_or_defaults(ctx, req)
        except BadInput:
            return ctx.error(OFFER, "request_not_understood", offer_data(ctx, *defaults(ctx)))
        return ctx.answer(OFFER, offer_data(ctx, amount, tenure))
    if intent == "accept_terms":
        try:
            selection_or_defaults(ctx, req)
        except BadInput:
            return ctx.error(OFFER, "request_not_understood", offer_data(ctx, *defaults(ctx)))
        return ctx.answer(DISBURSEMENT, {})
    if intent == "review":
        if not identity_ok(ctx, req) or not account_ok(ctx, req):
            screen = req.screen if ctx.contract.has(req.screen) else IDENTITY
            return ctx.error(screen, "identity_mismatch", screen_data(screen, req, ctx))
        return ctx.answer(SUMMARY, summary_data(ctx, req))
    if intent == "submit":
        return ctx.answer(DONE, {"reference": stable_id("LN", req.flow_token)})
    raise BadInput()


def screen_data(screen: str, req: FlowRequest, ctx: Context) -> dict | None:
    """Full data of `screen` when an answer must stay on it (error_message is added by the caller)."""
    if screen == OFFER:
        return offer_data(ctx, *defaults(ctx))
    if screen == SUMMARY:
        return summary_data(ctx, req)
    if screen == DONE:
        return {"reference": stable_id("LN", req.flow_token)}
    if not ctx.contract.fields(screen):
        return {}
    return None


def followup(params: dict, ctx: Context) -> str | None:
    """The chat message sent after the Flow completes (params = the completion's response_json)."""
    amount = find_amount(ctx, str(params.get("amount", "")))
    tenure = find_tenure(ctx, str(params.get("tenure", "")))
    emi_text = params.get("emi")
    if not isinstance(emi_text, str) or not emi_text:
        emi_text = ctx.money(emi(amount, float(ctx.params.get("annual_rate", 0)), tenure)) if amount and tenure else ""
    return ctx.fill(
        "followup",
        reference=params.get("reference") or "",
        amount=ctx.money(amount) if amount is not None else str(params.get("amount", "")),
        tenure=ctx.fill("tenure_option", n=tenure if tenure is not None else params.get("tenure", "")),
        emi=emi_text,
    )
