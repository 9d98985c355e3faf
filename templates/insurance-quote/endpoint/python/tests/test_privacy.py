"""insurance-quote: names, addresses and emails never reach the logs or the store."""

from __future__ import annotations

from helpers import CONFIG, context

P = CONFIG["params"]


def eid(e: dict) -> str:
    return str(int(e["amount"]))


def test_names_and_emails_are_not_stored(client, server):
    token = "privacy-token"
    client.exchange("DETAILS", {"intent": "details", "cover": P["cover_options"][0]["id"], "extra_count": "",
                                "cover_level": P["cover_levels"][0]["id"], "excess": eid(P["excess_options"][0]),
                                "full_name": "Zed Secretname", "email": "zed@secret.example", "address": "Hidden Road 9"},
                    token=token)
    assert all("Secretname" not in line and "zed@secret" not in line for line in server.lines)
    from flow_endpoint.store import MemoryStore, Session  # the handler's state shape, checked in-process
    from flow_endpoint.context import FlowRequest
    from flow_endpoint import handler
    ctx = context()
    req = FlowRequest("data_exchange", "DETAILS", {"intent": "details", "cover": P["cover_options"][0]["id"],
                                                   "cover_level": P["cover_levels"][0]["id"],
                                                   "excess": eid(P["excess_options"][0]), "full_name": "Zed Secretname",
                                                   "email": "zed@secret.example", "address": "Hidden Road 9"}, token)
    req.session = Session(MemoryStore(), token, 60)
    handler.handle(req, ctx)
    assert req.session.dirty
    assert "Secretname" not in repr(req.session.value) and "zed@" not in repr(req.session.value)
