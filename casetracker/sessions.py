"""SESSION_ENGINE: Django's cached_db sessions (read from the cache, written through to the
database; logging out deletes both, so the session ends on every worker at once), whose cache
read can come from the request's prefetch (casetracker.cache_tokens.PrefetchMiddleware), so the
session and the page's cached values cost one round trip together. Only a read is shared: the
data is exactly what `cache.get` of the session's key would have returned at the start of the
request; a session missing from the cache is read from the database as before."""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from .cache_tokens import prefetched


class SessionStore(CachedDbSessionStore):
    def prefetch_key(self) -> str | None:
        if settings.SESSION_CACHE_ALIAS != "default" or not self.session_key:
            return None
        return self.cache_key

    def load(self) -> dict[str, Any]:
        if self.session_key and settings.SESSION_CACHE_ALIAS == "default":
            read, data = prefetched(self.cache_key)
            if read and data is not None:
                return dict(data)
        return super().load()
