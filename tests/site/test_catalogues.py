"""`make messages` keeps the partial catalogues (easy Japanese, the residents' languages) to
what translators wrote: makemessages adds every msgid to them, prune_catalogues takes the
untranslated and fuzzy ones out again."""

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import to_locale

import polib
import pytest

from kokoron.core.catalogues import partial_catalogues, prune

REPO = Path(__file__).resolve().parents[2]


def write_catalogue(path, entries):
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    for entry in entries:
        catalogue.append(entry)
    catalogue.save(str(path))
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    return path


def test_prune_keeps_translations_and_drops_empty_fuzzy_and_obsolete_entries(tmp_path):
    path = write_catalogue(
        tmp_path / "site/locale/ko/LC_MESSAGES/django.po",
        [
            polib.POEntry(msgid="Search", msgstr="검색"),
            polib.POEntry(msgid="Send", msgstr=""),
            polib.POEntry(msgid="Sent", msgstr="보내기", flags=["fuzzy"]),
            polib.POEntry(msgid="Old", msgstr="옛것", obsolete=True),
            polib.POEntry(
                msgid="%(counter)s item",
                msgid_plural="%(counter)s items",
                msgstr_plural={0: "%(counter)s건"},
            ),
            polib.POEntry(
                msgid="%(counter)s result",
                msgid_plural="%(counter)s results",
                msgstr_plural={0: "", 1: ""},
            ),
        ],
    )
    assert prune(path) == 4
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue] == ["Search", "%(counter)s item"]
    assert catalogue.metadata["Language"] == "ko"
    assert prune(path) == 0  # a second run changes nothing


def test_prune_deletes_a_catalogue_with_nothing_translated(tmp_path):
    path = write_catalogue(
        tmp_path / "matching/locale/ja_Easy/LC_MESSAGES/django.po",
        [polib.POEntry(msgid="Send", msgstr="")],
    )
    assert prune(path) == 1
    assert not path.exists() and not path.with_suffix(".mo").exists()


def test_only_catalogues_other_than_japanese_and_english_are_partial(tmp_path):
    for language in ("ja", "en", "ko", "ja_Easy"):
        write_catalogue(tmp_path / f"directory/locale/{language}/LC_MESSAGES/django.po", [])
    assert [path.parts[-3] for path in partial_catalogues(tmp_path)] == ["ja_Easy", "ko"]


def test_command_prunes_every_partial_catalogue_under_the_folder(tmp_path):
    complete = write_catalogue(
        tmp_path / "site/locale/ja/LC_MESSAGES/django.po", [polib.POEntry(msgid="Send", msgstr="")]
    )
    partial = write_catalogue(
        tmp_path / "education/locale/vi/LC_MESSAGES/django.po",
        [polib.POEntry(msgid="Send", msgstr="Gửi"), polib.POEntry(msgid="Sent", msgstr="")],
    )
    call_command("prune_catalogues", str(tmp_path))
    assert [entry.msgid for entry in polib.pofile(str(partial))] == ["Send"]
    # Japanese must stay complete: an empty entry there is for the translation test to flag.
    assert [entry.msgid for entry in polib.pofile(str(complete))] == ["Send"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_makemessages_then_prune_leaves_a_partial_catalogue_as_it_was(tmp_path, monkeypatch):
    app = tmp_path / "plugin"
    (app / "templates").mkdir(parents=True)
    (app / "templates/page.html").write_text(
        '{% load i18n %}{% translate "Search" %} {% translate "A new string" %}'
    )
    path = write_catalogue(
        app / "locale/ko/LC_MESSAGES/django.po", [polib.POEntry(msgid="Search", msgstr="검색")]
    )
    monkeypatch.chdir(app)
    call_command("makemessages", locale=["ko"], no_obsolete=True, verbosity=0)
    merged = polib.pofile(str(path))
    assert [entry.msgid for entry in merged.untranslated_entries()] == ["A new string"]

    call_command("prune_catalogues", str(tmp_path))
    assert {entry.msgid: entry.msgstr for entry in polib.pofile(str(path))} == {"Search": "검색"}


def makefile_variable(name):
    makefile = (REPO / "Makefile").read_text()
    return re.search(rf"^{name} := (.*)$", makefile, re.M).group(1).split()


def test_make_messages_updates_every_language_and_prunes_before_compiling():
    partial = {to_locale(code) for code, _ in settings.AVAILABLE_LANGUAGES} - {"ja", "en"}
    assert set(makefile_variable("PARTIAL_LOCALES")) == partial
    recipe = re.search(r"^messages:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.M)
    steps = recipe.group(1)
    assert steps.index("$(MESSAGES)") < steps.index("prune_catalogues")
    assert steps.index("prune_catalogues") < steps.index("compilemessages")
