"""The store: the little state the endpoint shares between requests and instances.

One interface, the same in the Node, Python and Rust stubs (README, "Run more than one instance"):

- ``claim(key, ttl_s, value=True) -> bool``: set only if absent, with a TTL (``SET NX EX``)
- ``get(key) -> value | None`` (``GET``)
- ``put(key, value) -> bool``: replace, keeping the TTL; False when absent (``SET XX KEEPTTL``)
- ``take(key) -> value | None``: read and delete at once (``GETDEL``)
- ``seen(message_id, ttl_s) -> bool``: True when the id was already recorded
- ``health() -> {"backend", "state"}``

Values are JSON. Keys are prefixed with KEY_PREFIX (default: the use case). A backend that cannot
answer raises StoreUnavailable; callers turn that into a clean answer. Backends: MemoryStore
(default; this process only, bounded) and RedisStore (REDIS_URL, redis-py's ``redis.asyncio``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import time
from collections import OrderedDict
from typing import Any, Callable, Protocol

THREE_DAYS = 3 * 24 * 3600


class StoreUnavailable(Exception):
    """The store could not answer (connection lost, timeout, server refusing)."""

    def __init__(self, reason: str = "unavailable"):
        super().__init__(f"store unavailable ({reason})")
        self.reason = reason


def token_id(token: str) -> str:
    """The key part for a flow token: never the token itself (it may be a credential)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]


def _ttl(ttl_s: float) -> int:
    return max(1, math.ceil(ttl_s))


class Store(Protocol):
    async def claim(self, key: str, ttl_s: float, value: Any = True) -> bool: ...
    async def get(self, key: str) -> Any | None: ...
    async def put(self, key: str, value: Any) -> bool: ...
    async def take(self, key: str) -> Any | None: ...
    async def seen(self, message_id: str, ttl_s: float) -> bool: ...
    async def health(self) -> dict: ...
    async def close(self) -> None: ...


class MemoryStore:
    """This process only; at most max_entries entries (expired ones go first, then the oldest)."""

    def __init__(self, prefix: str = "", max_entries: int = 100_000, clock=time.monotonic):
        self._prefix = f"{prefix}:" if prefix else ""
        self._data: OrderedDict[str, list] = OrderedDict()  # key -> [expires, json text]
        self._max = max_entries
        self._clock = clock

    def _live(self, k: str) -> list | None:
        item = self._data.get(k)
        if item is not None and item[0] <= self._clock():
            del self._data[k]
            return None
        return item

    def _make_room(self) -> None:
        if len(self._data) < self._max:
            return
        now = self._clock()
        for k in [k for k, (exp, _) in self._data.items() if exp <= now]:
            del self._data[k]
        while len(self._data) >= self._max:
            self._data.popitem(last=False)

    async def claim(self, key: str, ttl_s: float, value: Any = True) -> bool:
        k = self._prefix + key
        if self._live(k) is not None:
            return False
        self._make_room()
        self._data[k] = [self._clock() + _ttl(ttl_s), json.dumps(value)]
        return True

    async def get(self, key: str) -> Any | None:
        item = self._live(self._prefix + key)
        return None if item is None else json.loads(item[1])

    async def put(self, key: str, value: Any) -> bool:
        item = self._live(self._prefix + key)
        if item is None:
            return False
        item[1] = json.dumps(value)
        return True

    async def take(self, key: str) -> Any | None:
        k = self._prefix + key
        item = self._live(k)
        if item is None:
            return None
        del self._data[k]
        return json.loads(item[1])

    async def seen(self, message_id: str, ttl_s: float) -> bool:
        return not await self.claim(f"seen:{message_id}", ttl_s)

    async def health(self) -> dict:
        return {"backend": "memory", "state": "up"}

    async def close(self) -> None:
        pass

    def __len__(self) -> int:
        return len(self._data)


class RedisStore:
    """Redis through ``redis.asyncio``: a connection pool that reconnects by itself; commands
    fail within a second while the server is away (no retries that would hold a request), and
    one log line marks each change between up and down."""

    def __init__(self, url: str, prefix: str = "", log: Callable[..., None] | None = None):
        from redis import asyncio as aioredis
        from redis.backoff import NoBackoff
        from redis.asyncio.retry import Retry

        self._redis = aioredis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0),
            health_check_interval=0, decode_responses=True,
        )
        self._prefix = f"{prefix}:" if prefix else ""
        self._log = log or (lambda **_: None)
        self._state = "up"

    async def _do(self, *args: Any) -> Any:
        from redis.exceptions import RedisError

        try:
            result = await self._redis.execute_command(*args)
        except (RedisError, OSError) as exc:
            # connection lost, timeout, or a server refusing (NOAUTH, READONLY, OOM): this
            # request cannot use the store
            if self._state != "down":
                self._state = "down"
                self._log(event="store", backend="redis", state="down", error=type(exc).__name__)
            raise StoreUnavailable(type(exc).__name__) from None
        if self._state != "up":
            self._state = "up"
            self._log(event="store", backend="redis", state="up")
        return result

    async def claim(self, key: str, ttl_s: float, value: Any = True) -> bool:
        return bool(await self._do("SET", self._prefix + key, json.dumps(value), "NX", "EX", _ttl(ttl_s)))

    async def get(self, key: str) -> Any | None:
        text = await self._do("GET", self._prefix + key)
        return None if text is None else json.loads(text)

    async def put(self, key: str, value: Any) -> bool:
        return bool(await self._do("SET", self._prefix + key, json.dumps(value), "XX", "KEEPTTL"))

    async def take(self, key: str) -> Any | None:
        text = await self._do("GETDEL", self._prefix + key)
        return None if text is None else json.loads(text)

    async def seen(self, message_id: str, ttl_s: float) -> bool:
        return not await self.claim(f"seen:{message_id}", ttl_s)

    async def health(self) -> dict:
        try:
            await self._do("PING")
            return {"backend": "redis", "state": "up"}
        except StoreUnavailable:
            return {"backend": "redis", "state": "down"}

    async def close(self) -> None:
        await self._redis.aclose()


def open_store(url: str, prefix: str, max_entries: int = 100_000, log=None) -> Store:
    """The store the environment asks for: Redis when REDIS_URL is set, else memory."""
    if url:
        return RedisStore(url, prefix, log)
    return MemoryStore(prefix, max_entries)


class Session:
    """The per-flow-token state of one request (use cases with KEEPS_STATE). Loaded before the
    handler runs and written back after it, so handlers stay synchronous in all three stubs.
    ``get()`` raises StoreUnavailable when the store could not be read."""

    def __init__(self, store: Store, token: str, ttl_s: float):
        self.store = store
        self.key = "state:" + token_id(token)
        self.ttl_s = ttl_s
        self.loaded: Any = None
        self.value: Any = None
        self.unavailable = False
        self.dirty = False

    @classmethod
    async def open(cls, store: Store, token: str, ttl_s: float) -> "Session":
        s = cls(store, token, ttl_s)
        try:
            s.loaded = await store.get(s.key)
        except StoreUnavailable:
            s.unavailable = True
        s.value = s.loaded
        return s

    def get(self) -> Any | None:
        if self.unavailable:
            raise StoreUnavailable("read")
        return copy.deepcopy(self.value)

    def peek(self) -> Any | None:
        """The state if it could be read, else None (for redisplaying a screen)."""
        return None if self.unavailable else self.get()

    def set(self, value: Any) -> None:
        self.value = copy.deepcopy(value)
        self.dirty = True

    async def save(self) -> None:
        """Writes the state back: replaces it keeping its TTL, or creates it with the TTL."""
        if not self.dirty:
            return
        if self.unavailable:
            raise StoreUnavailable("write")
        if self.loaded is not None and await self.store.put(self.key, self.value):
            return
        if await self.store.claim(self.key, self.ttl_s, self.value):
            return
        await self.store.put(self.key, self.value)
