"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
call. Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache
operation, and redis-py fills a ~150-entry table of response callbacks in its constructor: about
a third of a millisecond per `cache.get`, several times per page (session, header facts, docket
block) — a visible share of every signed-in request (bench/floor.py). A `redis.Redis` is safe to
share between threads (it takes a connection from its pool per command) and redis-py's pool
resets itself in a forked child, so reusing one per pool changes nothing else."""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
