"""Every catalogue, the core's (site/locale) and each plugin's (<plugin>/locale), is complete."""

from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(REPO.glob("*/locale/*/LC_MESSAGES/django.po"))
JAPANESE = [path for path in CATALOGUES if path.parts[-3] == "ja"]


def test_the_core_and_every_plugin_have_a_japanese_catalogue():
    owners = {path.relative_to(REPO).parts[0] for path in JAPANESE}
    assert {"site", "directory", "matching", "education"} <= owners


@pytest.mark.parametrize("po_path", JAPANESE, ids=lambda path: str(path.relative_to(REPO)))
def test_every_interface_string_has_a_japanese_translation(po_path):
    catalogue = polib.pofile(po_path)
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(REPO)))
def test_compiled_catalogues_match_their_sources(po_path):
    source = {entry.msgid: entry.msgstr for entry in polib.pofile(po_path) if entry.translated()}
    compiled = {
        entry.msgid: entry.msgstr
        for entry in polib.mofile(po_path.with_suffix(".mo"))
        if entry.msgid
    }
    assert compiled == source, f"run `make messages`: {po_path.with_suffix('.mo')} is stale"


# Easy Japanese and the residents' languages translate only some strings (the rest fall back to
# Japanese); each of their entries must still be a string the core uses.
PARTIAL = [path for path in CATALOGUES if path.parts[-3] not in ("ja", "en")]


def test_easy_japanese_and_the_residents_languages_have_catalogues():
    assert {"ja_Easy", "zh_Hans", "ko", "vi", "pt_BR", "fil", "ne"} <= {
        path.parts[-3] for path in PARTIAL
    }


@pytest.mark.parametrize("po_path", PARTIAL, ids=lambda path: str(path.relative_to(REPO)))
def test_partial_catalogues_translate_only_strings_in_use(po_path):
    japanese = polib.pofile(po_path.parents[2] / "ja" / "LC_MESSAGES" / "django.po")
    in_use = {entry.msgid for entry in japanese}
    catalogue = polib.pofile(po_path)
    assert [entry.msgid for entry in catalogue if entry.msgid not in in_use] == []
    assert catalogue.untranslated_entries() == []
