"""The case tracker's core package.

The Celery app (`casetracker.celery`) is loaded when Django starts (`CasetrackerConfig.ready`)
and by `celery -A casetracker`, which finds `casetracker.celery` itself. Importing this package
does not import Celery or Django, so pure modules such as `casetracker.courttime` (used by the
Django-free rules engine `notices.deadlines.rules`) import on their own."""

__all__ = ("celery_app",)


def __getattr__(name):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError(f"module 'casetracker' has no attribute {name!r}")
