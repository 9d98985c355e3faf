"""Per-key state with a time to live.

Every store has the same three methods; the in-memory default keeps state in this process only
(lost on restart, not shared between instances). To run several instances, implement the same
interface on Redis or Postgres (see README.md) and pass it to `create_app(store=...)`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

THREE_DAYS = 3 * 24 * 3600


class Store(Protocol):
    def get(self, key: str) -> Any | None: ...
    def set(self, key: str, value: Any, ttl_s: float) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryStore:
    """Thread-safe, bounded (least recently used entries go first), entries expire after ttl_s."""

    def __init__(self, max_entries: int = 100_000, clock=time.monotonic):
        self._data: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self._clock = clock

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires, value = item
            if expires <= self._clock():
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return value

    def set(self, key: str, value: Any, ttl_s: float = THREE_DAYS) -> None:
        with self._lock:
            self._data[key] = (self._clock() + ttl_s, value)
            self._data.move_to_end(key)
            while len(self._data) > self._max:
                self._data.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def __len__(self) -> int:
        return len(self._data)
