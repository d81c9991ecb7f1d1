"""Partial translation catalogues keep only what a translator wrote.

Japanese (the source) and English are complete: every interface string has a translation.
Easy Japanese and the residents' languages translate only some strings and fall back to
Japanese for the rest. `makemessages` merges every msgid into every catalogue it updates, with
an empty msgstr (or a fuzzy guess) for the ones nobody translated; those would show nothing or
a wrong guess, so after it runs the partial catalogues are pruned back to their translations.
"""

from pathlib import Path

import polib

COMPLETE_LANGUAGES = ("ja", "en")


def partial_catalogues(root):
    """Every catalogue under root (the core's and each plugin's) that may be partial."""
    return sorted(
        path
        for path in Path(root).glob("*/locale/*/LC_MESSAGES/django.po")
        if path.parts[-3] not in COMPLETE_LANGUAGES
    )


def prune(path):
    """Drop untranslated, fuzzy and obsolete entries of one catalogue; return how many went.

    A catalogue left with no translation at all is deleted with its compiled file, so that
    `makemessages` for a language nobody has started does not leave empty catalogues behind.
    """
    path = Path(path)
    catalogue = polib.pofile(str(path), wrapwidth=79)
    keep = [entry for entry in catalogue if entry.translated() and not entry.obsolete]
    removed = len(catalogue) - len(keep)
    if not keep:
        path.unlink()
        path.with_suffix(".mo").unlink(missing_ok=True)
        return removed
    if removed:
        catalogue[:] = keep
        catalogue.save()
    return removed
