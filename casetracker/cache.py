"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
call. Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache
operation, and redis-py fills a ~150-entry table of response callbacks in its constructor: about
a third of a millisecond per `cache.get`, several times per page (session, header facts, docket
block) — a visible share of every signed-in request (bench/floor.py). A `redis.Redis` is safe to
share between threads (it takes a connection from its pool per command) and redis-py's pool
resets itself in a forked child, so reusing one per pool changes nothing else."""

import pickle
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient, RedisSerializer


class Serializer(RedisSerializer):
    """Django's: integers stored as digits (so INCR works), everything else pickled. Django's
    `loads` tries `int(data)` first and catches the ValueError for every pickle — and that
    error's message is the repr of the whole value: ~2.5 µs per value, about 18 µs of the page's
    one read of 7 values (bench/floor.py). A pickle of protocol 2 or later (Django writes the
    highest) starts with the PROTO opcode 0x80, which no integer's digits do, so those are
    unpickled at once; anything else is read as Django reads it."""

    def loads(self, data: Any) -> Any:
        if data[:1] == b"\x80":
            return pickle.loads(data)  # noqa: S301 - our own cache, as Django's serializer
        return super().loads(data)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: Any, serializer: Any = None, **options: Any) -> None:
        super().__init__(servers, serializer=serializer or Serializer, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # Django's private helpers, not in django-stubs
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES backend: `casetracker.cache.RedisCache` (same LOCATION and OPTIONS)."""

    def validate_key(self, key: Any) -> None:
        """No memcached checks: Django's `validate_key` only *warns* about what memcached
        refuses (keys over 250 characters, spaces, control characters), walking every character
        of every key in Python — about a tenth of the page's single cache read (bench/floor.py).
        Redis keys are binary-safe strings, and every key here is made by this project's code."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get_many_later(self, keys: list[str]) -> "PendingRead":
        """`get_many(keys)`, sent now and answered by `.result()` (PendingRead)."""
        return PendingRead(self, keys)


class PendingRead:
    """One MGET sent to Redis without waiting for the answer, so the request's own work (Django's
    middleware, the URL, the view's start) runs while Redis wakes and answers. On this machine a
    round trip to the Redis process costs ~0.1–0.25 ms of waiting, mostly the other process's
    wake-up, the largest single share of the smallest signed-in page (bench/floor.py).

    `result()` returns exactly what `get_many` would. The connection is taken from the cache's
    pool for the read only and given back when the answer is in; if sending or reading fails in
    any way, the connection is dropped and the read is made again with `get_many` (redis-py's
    retries, and its errors, as for any cache read). Whoever starts a read must call `result()`
    (casetracker.cache_tokens.PrefetchMiddleware does, at the latest when the response is made)."""

    def __init__(self, cache: RedisCache, keys: list[str]) -> None:
        self.cache, self.keys = cache, keys
        backend: Any = cache  # Django's private client, not in django-stubs
        self.client = backend._cache
        self.names = {cache.make_key(key): key for key in keys}
        self.pool: Any = None
        self.connection: Any = None
        try:
            self.pool = self.client.get_client(None).connection_pool
            self.connection = self.pool.get_connection()
            self.connection.send_command("MGET", *self.names)
        except Exception:  # noqa: BLE001 - read again, synchronously, in result()
            self._drop()

    def result(self) -> dict[str, Any]:
        if self.connection is None:
            return self.cache.get_many(self.keys)
        try:
            values = self.connection.read_response()
        except Exception:  # noqa: BLE001 - the same read again, with redis-py's retries
            self._drop()
            return self.cache.get_many(self.keys)
        self.pool.release(self.connection)
        self.connection = None
        loads = self.client._serializer.loads
        return {
            self.names[name]: loads(value)
            for name, value in zip(self.names, values, strict=True)
            if value is not None
        }

    def _drop(self) -> None:
        if self.connection is not None:
            self.connection.disconnect()
            self.pool.release(self.connection)
        self.connection = None
