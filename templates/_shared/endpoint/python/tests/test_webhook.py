"""Webhook: verification, signatures, a completion → exactly one request to a local fake Graph API."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import APP_SECRET, start
from helpers import context

from flow_endpoint.handler import followup
from flow_endpoint.signature import hub_signature

PHONE_ID = "106540352242922"


class FakeGraph:
    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict]] = []  # queued (status, body); default 200 success
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                       "body": body})
                status, reply = outer.replies.pop(0) if outer.replies else (
                    200, {"messaging_product": "whatsapp", "messages": [{"id": "wamid.SENT"}]})
                raw = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def for_message(self, wamid: str) -> list[dict]:
        out = []
        for r in list(self.requests):
            try:
                if json.loads(r["body"]).get("context", {}).get("message_id") == wamid:
                    out.append(r)
            except ValueError:
                pass
        return out

    def wait(self, wamid: str, n: int = 1, timeout: float = 8.0) -> list[dict]:
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.for_message(wamid)) < n:
            time.sleep(0.02)
        return self.for_message(wamid)


@pytest.fixture(scope="module")
def graph():
    g = FakeGraph()
    yield g
    g.httpd.shutdown()


@pytest.fixture(scope="module")
def hook(tmp_path_factory, key_file, graph):
    srv = start(tmp_path_factory, key_file, APP_SECRET=APP_SECRET, VERIFY_TOKEN="verify-me",
                WHATSAPP_TOKEN="wa-token", PHONE_NUMBER_ID=PHONE_ID, GRAPH_API_URL=graph.url)
    yield srv
    srv.stop()


PARAMS = {"flow_token": "TEST_TOKEN", "name": "José", "reference": "LN-ABCDEF12", "quote_id": "Q-ABCDEF12",
          "price": "x", "product_name": "Thing", "emi": "y"}


def completion(wamid: str, sender: str | None = "16505551234", params: dict | None = None) -> dict:
    msg = {"context": {"from": "15550783881", "id": "wamid.FLOW"}, "from_user_id": "US.1349", "id": wamid,
           "timestamp": "1750000000", "type": "interactive",
           "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent",
                                                              "response_json": json.dumps(params or PARAMS)}}}
    if sender:
        msg["from"] = sender
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": "José"}, "wa_id": "16505551234", "user_id": "US.1349"}],
        "messages": [msg]}}]}]}


def post(srv, body: dict | bytes, signed: bool = True, sig: str | None = None) -> int:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["X-Hub-Signature-256"] = sig or hub_signature(APP_SECRET, raw)
    return srv.request("POST", "/webhook", raw, headers)[0]


def test_verification(hook):
    status, body, headers = hook.request("GET", "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")
    assert (status, body) == (200, b"1158201444")
    assert headers["content-type"].startswith("text/plain")
    status, body, _ = hook.request("GET", "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=a%20b%2Bc")
    assert (status, body) == (200, b"a b+c")
    for q in ("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1",
              "hub.challenge=1", ""):
        assert hook.request("GET", "/webhook?" + q)[0] == 403


def test_verification_without_token_configured(tmp_path_factory, key_file):
    srv = start(tmp_path_factory, key_file)
    try:
        assert srv.request("GET", "/webhook?hub.mode=subscribe&hub.verify_token=&hub.challenge=1")[0] == 403
    finally:
        srv.stop()


def test_signature_missing_wrong(hook, graph):
    body = completion("wamid.SIG")
    assert post(hook, body, signed=False) == 401
    assert post(hook, body, sig="sha256=" + "0" * 64) == 403
    assert post(hook, body, sig="sha256=zz") == 403
    assert post(hook, body, sig="garbage") == 403
    time.sleep(0.5)
    assert graph.for_message("wamid.SIG") == []


def test_not_json_and_too_big(hook):
    assert post(hook, b"not json") == 400
    assert post(hook, b"") == 400
    assert post(hook, b"[" * 100000 + b"]" * 100000) in (200, 400)
    big = b"{" + b" " * (3 * 1024 * 1024) + b"}"
    assert post(hook, big) == 413


def test_spec_vector_body_is_accepted(hook, graph):
    body = ('{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",'
            '"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",'
            '"phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Jos\\u00e9"},"wa_id":"16505551234",'
            '"user_id":"US.1349"}],"messages":[{"context":{"from":"15550783881","id":"wamid.FLOW"},"from":"16505551234",'
            '"from_user_id":"US.1349","id":"wamid.VECTOR","timestamp":"1750000000","type":"interactive","interactive":'
            '{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\\"flow_token\\":'
            '\\"TEST_TOKEN\\"}"}}}]}}]}]}').encode()
    assert post(hook, body) == 200
    assert graph_wait_any(hook)


def graph_wait_any(hook) -> bool:
    return hook.wait_log(lambda e: e.get("event") == "followup") is not None


def test_completion_sends_one_followup_and_duplicate_none(hook, graph):
    body = completion("wamid.DONE1")
    assert post(hook, body) == 200
    reqs = graph.wait("wamid.DONE1")
    assert len(reqs) == 1
    r = reqs[0]
    assert r["path"] == f"/v25.0/{PHONE_ID}/messages"
    assert r["headers"]["authorization"] == "Bearer wa-token"
    assert r["headers"]["content-type"] == "application/json"
    assert json.loads(r["body"]) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234", "type": "text",
        "text": {"body": followup(dict(PARAMS), context())}, "context": {"message_id": "wamid.DONE1"}}
    assert hook.wait_log(lambda e: e.get("route") == "/webhook" and e.get("event") == "flow_completion")
    assert post(hook, body) == 200
    assert hook.wait_log(lambda e: e.get("event") == "duplicate")
    time.sleep(0.7)
    assert len(graph.for_message("wamid.DONE1")) == 1


def test_recipient_when_from_absent(hook, graph):
    assert post(hook, completion("wamid.BSUID", sender=None)) == 200
    reqs = graph.wait("wamid.BSUID")
    body = json.loads(reqs[0]["body"])
    assert body["recipient"] == "US.1349" and "to" not in body


def test_transient_error_is_retried(hook, graph):
    time.sleep(0.3)
    graph.replies[:] = [(500, {"error": {"code": 131000, "message": "(#131000) Something went wrong"}})]
    assert post(hook, completion("wamid.RETRY")) == 200
    reqs = graph.wait("wamid.RETRY", 2)
    assert len(reqs) == 2 and reqs[0]["body"] == reqs[1]["body"]


def test_permanent_error_not_retried(hook, graph):
    time.sleep(0.3)
    graph.replies[:] = [(400, {"error": {"code": 131047, "message": "(#131047) Re-engagement message"}})]
    assert post(hook, completion("wamid.PERM")) == 200
    graph.wait("wamid.PERM")
    time.sleep(1.0)
    assert len(graph.for_message("wamid.PERM")) == 1
    assert hook.wait_log(lambda e: e.get("event") == "followup" and e.get("code") == 131047)


@pytest.mark.parametrize("body", [
    {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "flows", "value": {"event": "ENDPOINT_LATENCY"}}]}]},
    {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {"statuses": [{"id": "x", "status": "read"}]}}]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"messages": [{"id": "m", "type": "text", "text": {"body": "hi"}}]}}]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"messages": [{"id": "a", "type": "interactive",
        "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "address_message"}}}]}}]}]},
    {"entry": "nope"}, [], {"entry": [None, 5, {"changes": [None, {"field": "messages", "value": None}]}]},
])
def test_other_events_ignored(hook, graph, body):
    time.sleep(0.3)
    before = len(graph.requests)
    assert post(hook, body) == 200
    assert hook.wait_log(lambda e: e.get("event") == "ignored")
    time.sleep(0.3)
    assert len(graph.requests) == before


def test_bad_response_json_never_crashes(hook, graph):
    body = completion("wamid.BADJSON")
    body["entry"][0]["changes"][0]["value"]["messages"][0]["interactive"]["nfm_reply"]["response_json"] = "{not json"
    assert post(hook, body) == 200
    assert hook.request("GET", "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=ok")[1] == b"ok"


def test_followup_skipped_without_credentials(server):
    raw = json.dumps(completion("wamid.SKIP")).encode()
    status = server.request("POST", "/webhook", raw, {"X-Hub-Signature-256": hub_signature(APP_SECRET, raw)})[0]
    assert status == 200
    assert server.wait_log(lambda e: e.get("event") == "followup" and e.get("result") == "skipped")


def test_no_phone_numbers_or_names_logged(hook):
    assert all("16505551234" not in line and "José" not in line and "US.1349" not in line for line in hook.lines)
