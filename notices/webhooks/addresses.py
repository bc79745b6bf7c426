"""Which URLs a webhook may call (server-side request forgery care).

A webhook makes our server send requests to an address a user typed. In production
(`WEBHOOK_REQUIRE_HTTPS`, `WEBHOOK_ALLOW_PRIVATE_ADDRESSES` off) only https URLs are accepted,
and a host that resolves to a loopback, private, link-local, multicast or otherwise non-public
address is refused — at registration and again at every delivery, where the request is sent to
the address that was checked (so a name that changes its answer between the check and the
connection cannot reach an internal service). Development and test settings allow loopback (a
local receiver, the tests' HTTP server)."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class AddressRefused(Exception):
    """The URL may not be called; the message says why, in plain words."""


@dataclass(frozen=True)
class Target:
    url: str  # the URL with the checked IP address in place of the host name
    host_header: str  # what the Host header says (the name the user typed)
    server_name: str  # for TLS: SNI and certificate check


def _rules() -> tuple[bool, bool]:
    return (
        bool(getattr(settings, "WEBHOOK_REQUIRE_HTTPS", True)),
        bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)),
    )


def url_problem(url: str, *, require_https: bool) -> str | None:
    """What is wrong with the URL's form (no network), or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Enter a valid URL, e.g. https://example.org/hooks/casetracker."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Enter a web address starting with https:// (or http:// in development)."
    if require_https and parts.scheme != "https":
        return "Use an https:// address: events are sent only over an encrypted connection."
    if parts.username or parts.password:
        return "Leave the user name and password out of the address."
    if port == 0:
        return "Enter a valid port."
    return None


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"The host {host} could not be found ({exc}).") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def target_for(url: str) -> Target:
    """Check the URL under the settings and pin it to an address that passed; raise
    AddressRefused (with the reason) otherwise."""
    require_https, allow_private = _rules()
    problem = url_problem(url, require_https=require_https)
    if problem:
        raise AddressRefused(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise AddressRefused(f"The host {host} could not be found.")
    if not allow_private:
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise AddressRefused(
                f"{host} resolves to a private or local address ({refused[0]}); webhooks may "
                "only call public addresses."
            )
    address = addresses[0]
    shown = f"[{address}]" if ":" in address else address
    pinned = parts._replace(netloc=f"{shown}:{port}").geturl()
    return Target(url=pinned, host_header=parts.netloc, server_name=host)
