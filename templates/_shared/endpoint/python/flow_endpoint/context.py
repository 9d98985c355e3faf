"""What a use-case handler sees: the decrypted request and the project's configuration."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import format as fmt
from .contract import Contract
from .store import MemoryStore, Store


class BadInput(Exception):
    """The request cannot be served as sent: answered with text[key] as error_message on `screen`
    (default: the screen the request came from), never with a crash."""

    def __init__(self, key: str = "request_not_understood", screen: str | None = None):
        super().__init__(key)
        self.key = key
        self.screen = screen


@dataclass
class FlowRequest:
    action: str
    screen: str
    data: dict
    flow_token: str
    version: str = ""
    # this request's per-token state (store.Session), for use cases with KEEPS_STATE
    session: Any = None

    def value(self, name: str) -> Any:
        """A form value; "" and None (inputs that were hidden) count as absent."""
        v = self.data.get(name)
        return None if v is None or v == "" else v

    def string(self, name: str) -> str | None:
        v = self.value(name)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise BadInput()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    def strings(self, name: str) -> list[str]:
        """A checkbox group: a list of ids (absent → [])."""
        v = self.value(name)
        if v is None:
            return []
        if isinstance(v, str):
            return [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise BadInput()
        return list(v)


def project_file(env: str, default: str) -> Path:
    """CONFIG_FILE / CONTRACT_FILE, else the file in the working directory, else the project root."""
    if os.environ.get(env):
        return Path(os.environ[env])
    here = Path.cwd() / default
    if here.exists():
        return here
    return Path(__file__).resolve().parent.parent / default


@dataclass
class Context:
    config: dict
    contract: Contract
    store: Store = field(default_factory=MemoryStore)

    @classmethod
    def load(cls, store: Store | None = None) -> "Context":
        with open(project_file("CONFIG_FILE", "config.json"), encoding="utf-8") as f:
            config = json.load(f)
        contract = Contract.load(project_file("CONTRACT_FILE", "contract.json"))
        return cls(config, contract, store or MemoryStore())

    @property
    def params(self) -> dict:
        return self.config.get("params", {})

    @property
    def locale(self) -> str:
        return self.config.get("locale", "en_US")

    @property
    def currency(self) -> str:
        return self.params.get("currency") or self.config.get("currency", "USD")

    def text(self, key: str) -> str:
        return self.config.get("text", {}).get(key, key)

    def fill(self, key: str, **values: Any) -> str:
        """text[key] with its placeholders filled; `{brand}` is always filled."""
        values.setdefault("brand", self.params.get("brand", ""))
        return fmt.fill(self.text(key), values)

    def money(self, n: float) -> str:
        return fmt.money(fmt.round2(n), self.currency, self.locale)

    def number(self, n: float, decimals: int) -> str:
        return fmt.number(n, decimals, self.locale)

    def answer(self, screen: str, data: dict) -> dict:
        return {"screen": screen, "data": data}

    def error(self, screen: str, key: str, data: dict | None = None) -> dict:
        """`screen` again (or another allowed one) with text[key] as error_message."""
        body = dict(self.contract.blank(screen) if data is None else data)
        body["error_message"] = self.text(key)
        return {"screen": screen, "data": body}
