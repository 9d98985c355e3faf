"""The store's contract, the same in the three stubs: run against the memory store, and against
Redis when REDIS_URL is given to the tests (`REDIS_URL=redis://127.0.0.1:6379/0 pytest`)."""

from __future__ import annotations

import asyncio
import os
import secrets
import time

import pytest

from flow_endpoint.store import MemoryStore, RedisStore, StoreUnavailable

BACKENDS = ["memory"] + (["redis"] if os.environ.get("REDIS_URL") else [])


async def opened(name: str, prefix: str | None = None):
    prefix = prefix or "t" + secrets.token_hex(4)
    if name == "memory":
        return MemoryStore(prefix)
    return RedisStore(os.environ["REDIS_URL"], prefix)


def run(name: str, body) -> None:
    async def main():
        store = await opened(name)
        try:
            await body(store)
        finally:
            await store.close()

    asyncio.run(main())


@pytest.mark.parametrize("name", BACKENDS)
def test_claim_sets_only_when_absent_and_values_are_json(name):
    async def body(s):
        assert await s.claim("a", 60, {"n": 1, "list": ["x"]}) is True
        assert await s.claim("a", 60, {"n": 2}) is False
        assert await s.get("a") == {"n": 1, "list": ["x"]}
        assert await s.get("missing") is None
    run(name, body)


@pytest.mark.parametrize("name", BACKENDS)
def test_put_keeps_the_ttl_and_never_creates(name):
    async def body(s):
        assert await s.put("none", 1) is False
        assert await s.get("none") is None
        await s.claim("k", 1, "first")
        assert await s.put("k", "second") is True
        assert await s.get("k") == "second"
        await asyncio.sleep(1.3)
        assert await s.get("k") is None, "put must not have extended or cleared the TTL"
    run(name, body)


@pytest.mark.parametrize("name", BACKENDS)
def test_take_is_single_use(name):
    async def body(s):
        await s.claim("t", 60, {"spent": False})
        assert await s.take("t") == {"spent": False}
        assert await s.take("t") is None
        assert await s.get("t") is None
        assert await s.claim("t", 60) is True
    run(name, body)


@pytest.mark.parametrize("name", BACKENDS)
def test_claim_is_atomic_under_50_concurrent_callers(name):
    async def body(s):
        results = await asyncio.gather(*(s.claim("race", 60, i) for i in range(50)))
        assert sum(results) == 1
    run(name, body)


@pytest.mark.parametrize("name", BACKENDS)
def test_entries_expire(name):
    async def body(s):
        await s.claim("e", 1)
        assert await s.seen("m1", 1) is False
        assert await s.seen("m1", 1) is True
        await asyncio.sleep(1.3)
        assert await s.get("e") is None
        assert await s.claim("e", 60) is True
        assert await s.seen("m1", 60) is False
    run(name, body)


@pytest.mark.parametrize("name", BACKENDS)
def test_keys_are_prefixed_per_flow(name):
    async def body(a):
        b = await opened(name)
        try:
            await a.claim("same", 60, "a")
            assert await b.get("same") is None
            assert await a.health() == {"backend": name, "state": "up"}
        finally:
            await b.close()
    run(name, body)


def test_memory_store_is_bounded():
    async def body():
        s = MemoryStore("p", max_entries=2)
        for k in ("a", "b", "c"):
            await s.claim(k, 60, k)
        assert len(s) == 2 and await s.get("a") is None and await s.get("c") == "c"
    asyncio.run(body())


@pytest.mark.skipif("redis" not in BACKENDS, reason="REDIS_URL not given")
def test_redis_claim_is_atomic_across_two_connections():
    async def body():
        prefix = "t" + secrets.token_hex(4)
        a, b = await opened("redis", prefix), await opened("redis", prefix)
        try:
            results = await asyncio.gather(*((a if i % 2 else b).claim("race2", 60) for i in range(50)))
            assert sum(results) == 1
        finally:
            await a.close()
            await b.close()
    asyncio.run(body())


def test_unreachable_redis_fails_fast_and_reports_down():
    async def body():
        s = RedisStore("unix:///nonexistent/flow-endpoint-test.sock", "x")
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await s.get("k")
        with pytest.raises(StoreUnavailable):
            await s.claim("k", 60)
        assert await s.health() == {"backend": "redis", "state": "down"}
        assert time.monotonic() - started < 3
        await s.close()
    asyncio.run(body())
