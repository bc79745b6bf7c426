"""Rate limits per token (per user for browser sessions, per address when signed out). The rate
is read from settings.API_RATE_LIMIT on each request (e.g. "600/min")."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from casetracker.api.models import ApiToken


class PerTokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
