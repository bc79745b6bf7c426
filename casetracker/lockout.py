"""Sign-in lockout, on top of django-axes (settings: AXES_*, LOCKOUT_*, TRUSTED_PROXIES).

- What is locked is the pair (username, client IP): guessing one user's password from one
  address never locks that user out elsewhere, nor every colleague behind the same office NAT.
- The wait grows: the first lockout of a pair lasts LOCKOUT_FIRST_MINUTES, and each further
  lockout within 24 hours doubles it, up to LOCKOUT_MAX_MINUTES.
- The client IP is REMOTE_ADDR, unless the request came from a proxy listed in TRUSTED_PROXIES;
  then it is the right-most X-Forwarded-For address that is not itself a trusted proxy. Anyone
  else can write any X-Forwarded-For they like, so it is ignored.
- An admin unlocks a user (every IP) from the Users admin; see `unlock`."""

import ipaddress
from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.utils import timezone

PROGRESSION_WINDOW = timedelta(hours=24)


def _networks():
    networks = []
    for item in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address sign-in attempts are counted against (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks()
    if not networks or not _trusted(_address(remote), networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a malformed header from behind our proxy: do not guess
        if not _trusted(address, networks):
            return str(address)
    return remote


def lockout_minutes(lockouts, *, first, cap):
    """Pure: 1st lockout `first` minutes, then doubling, never above `cap`."""
    return min(cap, first * 2 ** max(0, lockouts - 1))


def cool_off(request=None):
    """How long the current (username, IP) pair stays locked (axes AXES_COOLOFF_TIME)."""
    first = settings.LOCKOUT_FIRST_MINUTES
    cap = settings.LOCKOUT_MAX_MINUTES
    if request is None:
        return timedelta(minutes=first)
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    since = timezone.now() - PROGRESSION_WINDOW
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=ip, attempt_time__gte=since
    ).count()
    lockouts = max(1, failures // max(1, settings.AXES_FAILURE_LIMIT))
    return timedelta(minutes=lockout_minutes(lockouts, first=first, cap=cap))


def unlock(username):
    """Let the user sign in again from everywhere, and forget their failures (so the next
    lockout starts again at the shortest wait). Returns the number of records removed."""
    attempts, _ = AccessAttempt.objects.filter(username=username).delete()
    failures, _ = AccessFailureLog.objects.filter(username=username).delete()
    return attempts + failures


def is_locked(username):
    """Whether any IP is currently locked out for this username (for the admin list)."""
    return AccessAttempt.objects.filter(
        username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()
