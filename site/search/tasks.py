"""Background work of the site search (django-q2)."""

import io

from django.core.management import call_command


def rebuild_index():
    """Re-index everything with the current text handling (what `update_index` does).
    Idempotent: run twice, the index is the same."""
    call_command("update_index", verbosity=0, stdout=io.StringIO())
