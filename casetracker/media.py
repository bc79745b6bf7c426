"""Files under MEDIA_ROOT that no row points at ("orphans"): left by a crash between writing a
file and committing its row, or by older code. `manage.py check_media` lists them and can remove
them. Every FileField of every installed model counts as a reference, so a new upload field is
covered without changing this module."""

import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

# Files younger than this may belong to an upload whose transaction has not committed yet.
DEFAULT_GRACE_MINUTES = 60
SKIP_PREFIXES = (".restore-",)  # a restore's staging folders (casetracker/backup.py)


@dataclass(frozen=True)
class Orphan:
    name: str  # relative to MEDIA_ROOT, with forward slashes
    size: int
    age_seconds: float


def referenced_names():
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            values = model._base_manager.exclude(**{field: ""}).values_list(field, flat=True)
            names.update(v for v in values.iterator() if v)
    return names


def find_orphans(*, grace_minutes=DEFAULT_GRACE_MINUTES, now=None):
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    now = now or time.time()
    referenced = referenced_names()
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        name = path.relative_to(root).as_posix()
        if name.startswith(SKIP_PREFIXES) or name in referenced:
            continue
        stat = path.stat()
        age = now - stat.st_mtime
        if age < grace_minutes * 60:
            continue
        found.append(Orphan(name, stat.st_size, age))
    return found


def remove(orphans):
    """Delete the orphans (each checked again just before: a row may have appeared meanwhile)."""
    root = Path(settings.MEDIA_ROOT)
    referenced = referenced_names()
    removed = 0
    for orphan in orphans:
        if orphan.name in referenced:
            continue
        (root / orphan.name).unlink(missing_ok=True)
        removed += 1
    return removed
