"""Keep deadlines in step with the docket. Receivers live here (notices depends on docket, never
the reverse): a saved Obligation gets its Deadline; a docket entry whose date changes moves the
deadlines that run from it (chained deadlines). Both are audited by django-simple-history."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from casetracker.models import CaseMembership
from docket.models import DocketEntry, Obligation
from docket.signals import entry_saved as docket_entry_saved

from . import response_deadlines, services
from .models import Deadline, NoticeWindow


def _user(instance):
    return getattr(instance, "_history_user", None)


@receiver(post_save, sender=Obligation, dispatch_uid="notices_obligation_saved")
def obligation_saved(sender, instance, raw=False, **kwargs):
    if raw or getattr(instance, "_skip_notices_sync", False):
        return
    services.sync_deadline(obligation=instance, user=_user(instance))


@receiver(post_save, sender=DocketEntry, dispatch_uid="notices_entry_saved")
def entry_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    services.recompute_for_entry(entry=instance, user=_user(instance))


@receiver(post_save, sender=CaseMembership, dispatch_uid="notices_member_saved")
def member_saved(sender, instance, raw=False, **kwargs):
    """An attorney who joins a case gets the reminders of its open deadlines and windows."""
    if raw or instance.role not in services.ALERTED_ROLES:
        return
    now = timezone.now()
    for deadline in Deadline.objects.filter(case=instance.case_id, status=Deadline.Status.OPEN):
        services.schedule_deadline_reminders(deadline=deadline, now=now)
    for window in NoticeWindow.objects.filter(case=instance.case_id, closes_at__gt=now):
        services.schedule_window_reminders(window=window, now=now)


@receiver(docket_entry_saved, dispatch_uid="notices_response_deadlines")
def entry_docketed(sender, entry, created=False, user=None, **kwargs):
    """A docketed motion starts an opposition period and an opposition a reply period (Local
    Rules); a docketed response meets the deadline it answers. Runs inside the importer's
    transaction, so a failure here rolls the whole entry back."""
    response_deadlines.meet_answered_deadlines(entry=entry, user=user)
    if created:
        response_deadlines.add_response_deadline(entry=entry, user=user)
