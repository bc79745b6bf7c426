"""Signals the docket sends "up" to apps that depend on it (notices computes deadlines from them).
docket never imports notices; notices connects receivers here.

entry_saved: sent by docket.services after a docket entry is created or changed by a paralegal's
form, a PACER docket report import or an NEF import, inside the same transaction (so a receiver
that fails rolls the whole import back rather than leaving an entry without its deadlines).

    entry_saved.send(sender=DocketEntry, entry=entry, created=True, user=user, source="pacer")
"""

from django.dispatch import Signal

entry_saved = Signal()  # sender=DocketEntry, entry=..., created=bool, user=User|None, source=str
