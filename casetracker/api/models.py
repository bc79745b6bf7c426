"""API tokens: one per user, shown once when made (`manage.py api_token USERNAME`), stored only
as a SHA-256 hash, so a copy of the database does not give anyone API access. Rotating replaces
it; deleting the row (or `api_token USERNAME --revoke`) revokes it."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="First characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"API token {self.prefix}… of {self.user}"

    @classmethod
    def issue(cls, user):
        """Create or rotate the user's token; returns (token, key). The key is never stored."""
        key = secrets.token_hex(20)
        token, _ = cls.objects.update_or_create(
            user=user, defaults={"key_hash": hash_key(key), "prefix": key[:8]}
        )
        return token, key
