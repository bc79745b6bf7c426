"""Serialising writers of one case (imports), on PostgreSQL and SQLite alike.

PostgreSQL: a transaction-scoped advisory lock per (purpose, case), waited for at most
`LOCK_WAIT_SECONDS`; released by the database at commit or rollback, even if the process dies.
SQLite: the database has one writer at a time anyway; transactions begin IMMEDIATE (settings), so
a second writer waits up to the busy timeout instead of failing half-way through.

Either way a writer that cannot get in within the wait gets `CaseBusy` — a ValidationError whose
message the upload page shows — never a 500."""

import contextlib
import zlib

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction

LOCK_WAIT_SECONDS = 10
IMPORT = "import"
BUSY_MESSAGE = "Another import of this case is running. Try again when it has finished."


class CaseBusy(ValidationError):
    pass


def _key(purpose):
    return zlib.crc32(purpose.encode()) & 0x7FFFFFFF


def lock_case(case, purpose=IMPORT, *, wait=LOCK_WAIT_SECONDS):
    """Take the case's lock for `purpose` until the current transaction ends. Call it inside
    transaction.atomic(). Raises CaseBusy if another transaction holds it for longer than `wait`
    seconds (PostgreSQL)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_case() must be called inside transaction.atomic()")
    if connection.vendor != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(wait * 1000)}ms"])
        try:
            with transaction.atomic():  # a savepoint, so a timeout leaves the outer block usable
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_key(purpose), case.pk])
        except OperationalError as error:
            raise CaseBusy(BUSY_MESSAGE) from error
        cursor.execute("SELECT set_config('lock_timeout', '0', true)")


def is_busy_error(error):
    """SQLite's "database is locked" (the busy timeout ran out) or PostgreSQL's lock timeout."""
    text = str(error).lower()
    return "database is locked" in text or "lock timeout" in text or "could not obtain" in text


@contextlib.contextmanager
def busy_as_validation_error(message=BUSY_MESSAGE):
    """Turn a writer that could not get the database in time into a message for the user."""
    try:
        yield
    except OperationalError as error:
        if is_busy_error(error):
            raise CaseBusy(message) from error
        raise
