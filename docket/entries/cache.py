"""The rendered docket block (filters and table) is cached under the case's `docket_version`, which every change to
an entry, document, party or link bumps: docket.entries.write_entry (the one write path for
entries, their filers, links and documents) bumps it itself; the receivers below cover parties
and documents written on their own. A reader loads the case (and its version) before reading
entries, so a cached table is never older than its key says.

Bulk writes that bypass signals (queryset.update, bulk_create) must call `bump_docket_version`.

The administrative record's checks (a pass over every document: 2 s at 50,000) are cached the
same way under the case's `record_version`; bulk writes to record documents must call
`bump_record_version`."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casetracker.models import Case, Party
from docket.models import Document, RecordDocument

CACHE_SECONDS = 600


def bump_docket_version(case_id):
    Case.objects.filter(pk=case_id).update(docket_version=F("docket_version") + 1)


def bump_record_version(case_id):
    Case.objects.filter(pk=case_id).update(record_version=F("record_version") + 1)


def record_checks_key(case):
    """Key of the administrative record's checks for the case's record version (case_view
    loads the case, and so its version, before anything reads the record)."""
    return f"record-checks:{case.pk}:{case.record_version}"


def table_key(case, visibilities, querystring):
    """Key of the rendered docket block for this case version, audience and query."""
    return f"docket-block:{case.pk}:{case.docket_version}:{','.join(sorted(visibilities))}:{querystring}"


@receiver([post_save, post_delete], sender=RecordDocument)
def _record_document_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    bump_record_version(instance.case_id)


@receiver([post_save, post_delete], sender=Party)
def _party_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    bump_docket_version(instance.case_id)


@receiver([post_save, post_delete], sender=Document)
def _document_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    Case.objects.filter(entries=instance.entry_id).update(docket_version=F("docket_version") + 1)
