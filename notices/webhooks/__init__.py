"""Webhooks (issue 12 §3): a team member registers a URL for a case and chooses events
(`entry.created`, `deadline.created`, `deadline.changed`); each event is POSTed as signed JSON by
a Celery task, with retries and a delivery log. Registered as its own Django app (label "webhooks").

events.py   what becomes an event (after an entry is published; a deadline made outside an
            import) and the Delivery rows it queues
payloads.py the JSON of an event, built when it is sent, from the object as it then is
signing.py  HMAC-SHA256 over "<timestamp>.<body>" (pure)
urls.py     which URLs may be called (https, no private addresses in production)
sending.py  one delivery attempt: claim, visibility check, POST, log, retry or give up
services.py register / disable / delete a webhook (audited)
selectors.py reads for the pages and the API"""
