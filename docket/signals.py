"""Announcements the docket makes to apps that depend on it (notices computes deadlines from
them). docket never imports notices; notices connects receivers here. These are sent explicitly
by docket's write services, inside their transaction (a receiver that fails rolls the write
back rather than leaving an entry without its deadlines); no model signal (post_save) does
domain work.

entry_saved: sent by docket.entries.write_entry — the one write path for docket entries — after
an entry is created or changed by any path (form, PACER, NEF, Record as filed, loader, admin).

    entry_saved.send(sender=DocketEntry, entry=entry, created=True, user=user, source="pacer",
                     changed=frozenset({"date_filed", "filed_by", ...}))

    held=True when the entry was written by an import that has not finished: derive what the
    entry starts (deadlines), but tell nobody yet; the import publishes it when it succeeds.

    batch: a batch write (docket.entries.write.write_entries) passes one dict to all of its
    announcements: {"filed_by": {entry id: [Party]}, "responds_to": {entry id: [DocketEntry]}}
    of its entries as written (read them from there, not with a query per entry); receivers
    may keep what is the same for the whole batch in it under keys of their own.

entries_published: the entries are final news (a single write, or a whole import, succeeded):
notices alerts the members who may see them. `entries` are new entries only. An import also
passes `changed` (the existing entries it changed) and `since` (when it began): what it derived
while held (deadlines made or changed) is news now too. Sent when either list is not empty.

entries_discarded: an import failed; the entries it created (never published) are about to be
deleted: remove what was derived from them (deadlines they started, deadlines they met).

entries_restored: an import failed; the entries it had changed were given back their values,
filers, links and documents (`since`: when the import began): remove what those changes derived
(deadlines they started, deadlines they met).

entry_deleted: sent by docket.entries.delete_entry before the entry is deleted.

obligation_saved: sent by docket.entries.obligations.write_obligation after an order's obligation is
created or changed (loader, admin, notices' add_obligation)."""

from django.dispatch import Signal

entry_saved = Signal()  # sender=DocketEntry, entry, created, changed, user, source, held
entries_published = Signal()  # sender=DocketEntry, entries, user, source[, changed, since]
entries_discarded = Signal()  # sender=DocketEntry, entries, user
entries_restored = Signal()  # sender=DocketEntry, entries, since, user
entry_deleted = Signal()  # sender=DocketEntry, entry, user
obligation_saved = Signal()  # sender=Obligation, obligation, created, user, now

# The administrative record was produced (a production recorded or changed) or its production
# obligation was linked: notices marks the obligation's deadline met, so every page agrees.
#     record_produced.send(sender=RecordProduction, case=case, user=user)
record_produced = Signal()  # sender=RecordProduction, case=..., user=User|None

# The case's fact file was loaded (docket.ingest.loader.load_case), inside its transaction: apps
# above docket load their part of it (notices: the disclosures known from the public record) and
# count what they did on `report` (its created/updated/unchanged attributes).
#     facts_loaded.send(sender=Case, case=case, facts=data, report=report)
facts_loaded = Signal()  # sender=Case, case, facts (the whole file), report
