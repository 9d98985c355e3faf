"""loan-offer journeys through the real server; every answer is checked against contract.json.

Reads the parameters from config.json, so it holds for any parameter values."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import CONFIG, CONTRACT, check, context

from flow_endpoint.format import emi, fill, money, number, round2, stable_id
from flow_endpoint.handler import followup

P = CONFIG["params"]
T = CONFIG["text"]
CUR, LOC = P.get("currency") or CONFIG["currency"], CONFIG["locale"]
AMOUNTS = [float(a) for a in P["loan_amounts"]]
TENURES = [int(n) for n in P["tenures_months"]]
RATE = float(P["annual_rate"])
FEE = float(P["processing_fee"])
REVIEW_FROM = next(s for s, v in CONTRACT.screens.items() if "SUMMARY" in v["next"])
CHECK = P.get("identity_check", "none")


def aid(a: float) -> str:
    return str(int(a))


def m(x: float) -> str:
    return money(round2(x), CUR, LOC)


def tenure_text(n: int) -> str:
    return fill(T["tenure_option"], n=n)


def default_amount() -> float:
    d = float(P["default_amount"])
    return d if d in AMOUNTS else AMOUNTS[0]


def default_tenure() -> int:
    d = int(P["default_tenure"])
    return d if d in TENURES else TENURES[0]


def assert_offer(data: dict, amount: float, tenure: int) -> None:
    assert data["amounts"] == [{"id": aid(a), "title": m(a)} for a in AMOUNTS]
    assert data["tenures"] == [{"id": str(n), "title": tenure_text(n)} for n in TENURES]
    assert data["selected_amount"] == aid(amount)
    assert data["selected_tenure"] == str(tenure)
    assert data["emi"] == m(emi(amount, RATE, tenure))
    assert data["rate"] == fill(T["rate_value"], rate=number(RATE, 2, LOC))
    assert data["fee"] == m(FEE)


def adult_dob() -> str:
    return "1990-01-15"


def form(method: dict, repayment: dict, amount: float | None = None, tenure: int | None = None, **over) -> dict:
    data = {
        "intent": "review", "amount": aid(amount if amount is not None else default_amount()),
        "tenure": str(tenure if tenure is not None else default_tenure()),
        "disbursement_method": method["id"], "upi_id": "", "account_number": "", "bank_code": "",
        "repayment_method": repayment["id"], "dob": adult_dob() if CHECK in ("dob", "dob_and_id_digits") else "",
        "id_digits": id_digits() if CHECK in ("id_digits", "dob_and_id_digits") else "",
    }
    if method["kind"] == "upi":
        data["upi_id"] = "someone@okbank"
    elif method["kind"] == "bank_account":
        data["account_number"], data["bank_code"] = "001234567890", "ABCD0123456"
    else:
        data["wallet_number"] = "9876543210"
    data.update(over)
    return data


def id_digits() -> str:
    n = int(P.get("id_digits_count", 4))
    return ("1234567890" * 10)[:n] if P.get("id_digits_numeric", True) else ("A1B2C3D4E5" * 10)[:n]


def test_init_offer_with_defaults(client):
    status, out = client.exchange("", {}, action="INIT")
    assert status == 200 and out["screen"] == "OFFER"
    assert_offer(check("", out), default_amount(), default_tenure())


def test_back_gives_the_offer(client):
    status, out = client.exchange("OFFER", {}, action="BACK")
    assert status == 200 and out["screen"] == "OFFER"
    assert_offer(check("OFFER", out), default_amount(), default_tenure())


@pytest.mark.parametrize("ai", [0, -1])
@pytest.mark.parametrize("ti", [0, -1])
def test_preview_every_corner(client, ai, ti):
    a, n = AMOUNTS[ai], TENURES[ti]
    status, out = client.exchange("OFFER", {"intent": "preview", "amount": aid(a), "tenure": str(n)})
    assert status == 200 and out["screen"] == "OFFER"
    data = check("OFFER", out)
    assert "error_message" not in data
    assert_offer(data, a, n)


def test_preview_all_combinations(client):
    for a in AMOUNTS[:6]:
        for n in TENURES[:6]:
            _, out = client.exchange("OFFER", {"intent": "preview", "amount": aid(a), "tenure": str(n)})
            assert check("OFFER", out)["emi"] == m(emi(a, RATE, n))


@pytest.mark.parametrize("bad", [{"amount": "1"}, {"tenure": "999999"}, {"amount": "x", "tenure": "y"}])
def test_preview_unknown_id(client, bad):
    data = {"intent": "preview", "amount": aid(AMOUNTS[0]), "tenure": str(TENURES[0])}
    data.update(bad)
    _, out = client.exchange("OFFER", data)
    assert out["screen"] == "OFFER"
    d = check("OFFER", out)
    assert d["error_message"] == T["request_not_understood"]
    assert_offer(d, default_amount(), default_tenure())


def test_accept_terms(client):
    _, out = client.exchange("OFFER", {"intent": "accept_terms", "amount": aid(AMOUNTS[0]), "tenure": str(TENURES[0])})
    assert out == {"screen": "DISBURSEMENT", "data": {}}
    check("OFFER", out)


@pytest.mark.parametrize("method", P["disbursement_methods"], ids=lambda x: x["id"])
def test_review_every_disbursement_method(client, method):
    for repayment in P["repayment_methods"]:
        a, n = AMOUNTS[-1], TENURES[-1]
        _, out = client.exchange(REVIEW_FROM, form(method, repayment, a, n))
        assert out["screen"] == "SUMMARY", out
        d = check(REVIEW_FROM, out)
        e = emi(a, RATE, n)
        account = {"upi": "someone@okbank", "bank_account": "001234567890", "wallet": "9876543210"}[method["kind"]]
        assert d == {
            "amount": m(a), "tenure": tenure_text(n), "rate": fill(T["rate_value"], rate=number(RATE, 2, LOC)),
            "emi": m(e), "fee": m(FEE), "total_payable": m(round2(e * n + FEE)),
            "disbursement": fill(T["disbursement_masked"], method=method["title"], last4=account[-4:]),
            "repayment": repayment["title"],
        }


def _dob_years_ago(years: int, days: int = 0) -> str:
    today = dt.date.today()
    try:
        d = today.replace(year=today.year - years)
    except ValueError:
        d = today.replace(year=today.year - years, day=28)
    return (d + dt.timedelta(days=days)).isoformat()


bad_identities = []
if CHECK in ("dob", "dob_and_id_digits"):
    bad_identities += [{"dob": _dob_years_ago(17)}, {"dob": _dob_years_ago(18, days=1)}, {"dob": "2001-02-30"},
                       {"dob": "yesterday"}, {"dob": ""}, {"dob": _dob_years_ago(-1)}]
if CHECK in ("id_digits", "dob_and_id_digits"):
    bad_identities += [{"id_digits": id_digits()[:-1]}, {"id_digits": id_digits() + "1"}, {"id_digits": ""}]
    if P.get("id_digits_numeric", True):
        bad_identities += [{"id_digits": "x" * int(P.get("id_digits_count", 4))}]


@pytest.mark.skipif(not bad_identities, reason="identity_check is none")
@pytest.mark.parametrize("bad", bad_identities or [{}])
def test_identity_mismatch(client, bad):
    data = form(P["disbursement_methods"][0], P["repayment_methods"][0], **bad)
    _, out = client.exchange(REVIEW_FROM, data)
    assert out["screen"] == REVIEW_FROM
    assert check(REVIEW_FROM, out)["error_message"] == T["identity_mismatch"]


@pytest.mark.skipif(CHECK not in ("dob", "dob_and_id_digits"), reason="no date of birth asked")
def test_eighteenth_birthday_today_is_accepted(client):
    data = form(P["disbursement_methods"][0], P["repayment_methods"][0], dob=_dob_years_ago(18))
    _, out = client.exchange(REVIEW_FROM, data)
    assert out["screen"] == "SUMMARY"


@pytest.mark.parametrize("bad", [{"disbursement_method": "nope"}, {"repayment_method": "nope"}, {"amount": "3"},
                                 {"upi_id": "", "account_number": "", "wallet_number": ""}])
def test_review_bad_ids(client, bad):
    data = form(P["disbursement_methods"][0], P["repayment_methods"][0], **bad)
    _, out = client.exchange(REVIEW_FROM, data)
    assert out["screen"] == REVIEW_FROM
    assert check(REVIEW_FROM, out)["error_message"] == T["request_not_understood"]


def test_submit_reference_is_stable(client):
    data = dict(form(P["disbursement_methods"][0], P["repayment_methods"][0]), intent="submit")
    _, out = client.exchange("SUMMARY", data, token="loan-token-1")
    assert out == {"screen": "DONE", "data": {"reference": stable_id("LN", "loan-token-1")}}
    check("SUMMARY", out)
    _, again = client.exchange("SUMMARY", data, token="loan-token-1")
    assert again == out
    assert out["data"]["reference"].startswith("LN-") and len(out["data"]["reference"]) == 11


def test_whole_journey(client):
    token = "journey-token"
    _, out = client.exchange("", {}, action="INIT", token=token)
    check("", out)
    a, n = AMOUNTS[0], TENURES[0]
    _, out = client.exchange("OFFER", {"intent": "preview", "amount": aid(a), "tenure": str(n)}, token=token)
    check("OFFER", out)
    _, out = client.exchange("OFFER", {"intent": "accept_terms", "amount": aid(a), "tenure": str(n)}, token=token)
    assert out["screen"] == "DISBURSEMENT" and not check("OFFER", out)
    data = form(P["disbursement_methods"][0], P["repayment_methods"][0], a, n)
    _, out = client.exchange(REVIEW_FROM, data, token=token)
    summary = check(REVIEW_FROM, out)
    _, out = client.exchange("SUMMARY", dict(data, intent="submit"), token=token)
    assert check("SUMMARY", out) == {"reference": stable_id("LN", token)}
    text = followup({"reference": stable_id("LN", token), "amount": aid(a), "tenure": str(n), "emi": summary["emi"],
                     "flow_token": token}, context())
    assert text == fill(T["followup"], brand=P.get("brand", ""), reference=stable_id("LN", token), amount=m(a),
                        tenure=tenure_text(n), emi=m(emi(a, RATE, n)))
    assert "{" not in text
