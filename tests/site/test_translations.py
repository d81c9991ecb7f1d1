from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "site" / "locale"


def test_every_interface_string_has_a_japanese_translation():
    catalogue = polib.pofile(LOCALE / "ja" / "LC_MESSAGES" / "django.po")
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogues_match_their_sources():
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        source = {
            entry.msgid: entry.msgstr for entry in polib.pofile(po_path) if entry.translated()
        }
        compiled = {
            entry.msgid: entry.msgstr
            for entry in polib.mofile(po_path.with_suffix(".mo"))
            if entry.msgid
        }
        assert compiled == source, f"run `make messages`: {po_path.with_suffix('.mo')} is stale"
