"""contract.json (written by flowgen from the validated flow.json): screens, their data model and
routing. Used to build safe answers and, by the tests, to check every response."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class Contract:
    def __init__(self, raw: dict):
        self.raw = raw
        self.entry_screen: str = raw.get("entry_screen") or (raw["screens"][0]["id"] if raw.get("screens") else "")
        self.screens: dict[str, dict] = {s["id"]: s for s in raw.get("screens", [])}

    @classmethod
    def load(cls, path: str | Path) -> "Contract":
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def has(self, screen: object) -> bool:
        return isinstance(screen, str) and screen in self.screens

    def is_terminal(self, screen: object) -> bool:
        return self.has(screen) and bool(self.screens[screen].get("terminal"))

    def fields(self, screen: str) -> dict:
        return self.screens.get(screen, {}).get("data", {}) or {}

    def sends(self, screen: str, intent: object) -> bool:
        """False when `screen` is a screen of the Flow whose data_exchange payloads (contract.json
        `sends`) never carry `intent`: such a request did not come from that screen."""
        payloads = self.screens.get(screen, {}).get("sends") if self.has(screen) else None
        if not payloads:
            return True
        return any(p.get("intent") == intent for p in payloads)

    def blank(self, screen: str) -> dict:
        """Data for `screen` with every declared key set to an empty value of its type."""
        return {k: _blank(schema) for k, schema in self.fields(screen).items()}

    def allowed(self, current: str | None, target: str) -> bool:
        cur = current if self.has(current) else self.entry_screen
        if not self.has(target):
            return False
        if target == cur:
            return True
        if current in (None, "") and target == self.entry_screen:
            return True
        return target in self.screens[cur].get("next", [])

    def problems(self, current: str | None, response: Any) -> list[str]:
        """Every way `response` (decrypted) breaks the contract when answering `current`."""
        if not isinstance(response, dict) or not isinstance(response.get("screen"), str):
            return ["response has no screen"]
        target = response["screen"]
        out = []
        if not self.allowed(current, target):
            out.append(f"screen {target} is not reachable from {current!r}")
        data = response.get("data")
        if not isinstance(data, dict):
            return out + ["data is not an object"]
        declared = self.fields(target)
        for k in data:
            if k not in declared and k != "error_message":
                out.append(f"{target}: undeclared key {k}")
        for k, schema in declared.items():
            if k not in data:
                out.append(f"{target}: missing key {k}")
            else:
                out += [f"{target}.{p}" for p in _type_problems(k, schema, data[k])]
        if "error_message" in data and not isinstance(data["error_message"], str):
            out.append(f"{target}: error_message is not a string")
        return out


def _blank(schema: dict) -> Any:
    t = schema.get("type")
    if t == "string":
        return ""
    if t == "number":
        return 0
    if t == "boolean":
        return False
    if t == "array":
        return []
    if t == "object":
        return {k: _blank(v) for k, v in (schema.get("properties") or {}).items()}
    return ""


def _type_problems(path: str, schema: dict, value: Any) -> list[str]:
    t = schema.get("type")
    ok = {
        "string": isinstance(value, str),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }.get(t, True)
    if not ok:
        return [f"{path}: expected {t}, got {type(value).__name__}"]
    out: list[str] = []
    if t == "array" and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            out += _type_problems(f"{path}[{i}]", schema["items"], item)
    if t == "object" and isinstance(schema.get("properties"), dict):
        props = schema["properties"]
        for k in value:
            if k not in props:
                out.append(f"{path}: undeclared key {k}")
        for k, sub in props.items():
            if k not in value:
                out.append(f"{path}: missing key {k}")
            else:
                out += _type_problems(f"{path}.{k}", sub, value[k])
    return out
