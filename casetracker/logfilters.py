"""Logging filters. A 403 is a normal answer (a role without access), not an error: Django logs
it with the PermissionDenied traceback; this filter makes it one line saying who was refused
what and why."""

import logging


class OneLineForbidden(logging.Filter):
    def filter(self, record):
        if getattr(record, "status_code", None) != 403 or not record.exc_info:
            return True
        message = record.getMessage()
        reason = " ".join(str(record.exc_info[1] or "").split())
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = getattr(user, "username", "") or "anonymous"
        record.msg = "%s (user %s)" + (": %s" if reason else "")
        record.args = (message, who, *((reason,) if reason else ()))
        record.exc_info = None
        record.exc_text = None
        return True
