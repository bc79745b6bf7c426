"""The only way WeasyPrint may read a resource while rendering a filing or a docket sheet.

A filing's body is written by people and may contain anything; a rendered PDF must never be the
means to read `/etc/passwd`, the media folder, or to call a server. This fetcher serves `file:`
URLs that resolve (after following `..` and symlinks) inside the project's `static/` folder and
`data:` URIs, and refuses everything else. Every request is recorded so tests can prove it."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse


class BlockedFetch(ValueError):
    """WeasyPrint asked for a resource outside the allowed folder (it logs it and leaves the
    resource out; the render goes on)."""


def static_root():
    return (Path(settings.BASE_DIR) / "static").resolve()


class LockedURLFetcher(URLFetcher):
    """`requested`: every URL WeasyPrint asked for; `served`: the files actually read;
    `blocked`: the URLs refused."""

    def __init__(self, root=None):
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = Path(root).resolve() if root else static_root()
        self.requested, self.served, self.blocked = [], [], []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            # Decoded in memory by urllib's data handler: no I/O of any kind.
            return super().fetch(url, headers)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = self._inside_root(unquote(parts.path))
            if path is not None:
                self.served.append(path)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.blocked.append(url)
        raise BlockedFetch(f"Refused to fetch {url!r}: only files under static/ may be used.")

    def _inside_root(self, raw_path):
        try:
            path = Path(raw_path).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        if path.is_relative_to(self.root) and path.is_file():
            return path
        return None

    @property
    def base_url(self):
        """Relative URLs in the templates (`css/print.css`) resolve against static/."""
        return self.root.as_uri() + "/"
