"""Translators' PO files of the directory: the pure part (building the catalogue from plain rows,
reading an upload, and planning what it changes) and the admin screens around it."""

import polib
import pytest

from directory import po_translations as po
from directory.po_translations import CatalogueError, Entry

SERVICE = "3f1c2a9e-0000-4000-8000-000000000001"
ORGANIZATION = "3f1c2a9e-0000-4000-8000-000000000002"


def entries(translation=None, org_translation=None):
    return [
        Entry(
            "service",
            SERVICE,
            "御器所いきいきサロン",
            {
                "name": "御器所いきいきサロン",
                "description": "地域の高齢者が集まるサロンです。",
                "eligibility_description": "",
                "fees_description": "無料",
            },
            translation,
        ),
        Entry(
            "organization",
            ORGANIZATION,
            "昭和区社会福祉協議会",
            {"name": "昭和区社会福祉協議会", "description": "社協です。"},
            org_translation,
        ),
    ]


def catalogue_for(language="en", rows=None, **kwargs):
    return po.build_catalogue(rows or entries(**kwargs), language, "2026-04-01 09:00+0900")


def upload(catalogue):
    return str(catalogue).encode("utf-8")


def fill(catalogue, values):
    for item in catalogue:
        if item.msgctxt in values:
            item.msgstr = values[item.msgctxt]
    return catalogue


# Building -----------------------------------------------------------------------------------


def test_catalogue_lists_every_nonempty_text_with_context_comment_and_header():
    catalogue = catalogue_for("pt-br", translation={"name": "Salão", "description": ""})
    contexts = [item.msgctxt for item in catalogue]
    assert contexts == [
        f"service:{SERVICE}:name",
        f"service:{SERVICE}:description",
        f"service:{SERVICE}:fees_description",
        f"organization:{ORGANIZATION}:name",
        f"organization:{ORGANIZATION}:description",
    ]
    name = catalogue.find(f"service:{SERVICE}:name", by="msgctxt")
    assert (name.msgid, name.msgstr) == ("御器所いきいきサロン", "Salão")
    assert "御器所いきいきサロン" in name.comment and "Service" in name.comment
    assert catalogue.find(f"service:{SERVICE}:description", by="msgctxt").msgstr == ""
    assert catalogue.metadata["Language"] == "pt_BR"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    # What polib writes, polib (and any PO editor) reads back the same.
    again = polib.pofile(str(catalogue) + "\n")
    assert [(i.msgctxt, i.msgid, i.msgstr) for i in again] == [
        (i.msgctxt, i.msgid, i.msgstr) for i in catalogue
    ]


@pytest.mark.parametrize(
    "code, po_code, plurals",
    [
        ("en", "en", "nplurals=2; plural=(n != 1);"),
        ("zh-hans", "zh_Hans", "nplurals=1; plural=0;"),
        ("ja-easy", "ja_Easy", "nplurals=1; plural=0;"),
        ("ko", "ko", "nplurals=1; plural=0;"),
        ("fil", "fil", po.PLURAL_FORMS["fil"]),
    ],
)
def test_language_header_and_plural_forms(code, po_code, plurals):
    assert po.po_language(code) == po_code
    assert po.plural_forms(code) == plurals
    assert po.same_language(po_code, code)


def test_contexts_parse_only_when_they_name_a_kind_and_field_of_ours():
    assert po.parse_context(f"service:{SERVICE.upper()}:description") == (
        "service",
        SERVICE,
        "description",
    )
    for text in ["", "service", f"service:{SERVICE}", f"page:{SERVICE}:name", "term:x:fees"]:
        assert po.parse_context(text) is None


# Reading an upload --------------------------------------------------------------------------


def error_code(data, language="en"):
    with pytest.raises(CatalogueError) as caught:
        po.read_catalogue(data, language)
    return caught.value


def test_reads_its_own_file_back():
    catalogue = po.read_catalogue(upload(catalogue_for()), "en")
    assert len(catalogue) == 5


def test_reads_utf8_with_bom_and_windows_line_ends():
    data = upload(catalogue_for()).replace(b"\n", b"\r\n")
    assert len(po.read_catalogue("\ufeff".encode() + data, "en")) == 5


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xde\x12\x04\x95\x00\x00\x00\x00", "mo-file"),
        (bytes(range(256)) * 4, "binary"),
        ("名称,よみがな\n御器所,ごきそ\n".encode("cp932"), "encoding"),
        (b"name,reading\nGokiso,gokiso\n", "syntax"),
        (b'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Hello"\nmsgstr "Hi"\n', "wrong-file"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, code):
    assert error_code(data).code == code


def test_a_catalogue_saved_as_shift_jis_under_its_utf8_header_is_refused():
    data = str(fill(catalogue_for(), {f"service:{SERVICE}:name": "サロン"})).encode("cp932")
    assert error_code(data).code == "encoding"


def test_a_catalogue_that_declares_shift_jis_is_read_in_it():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "Gokiso Salon"})
    catalogue.metadata["Content-Type"] = "text/plain; charset=Shift_JIS"
    read = po.read_catalogue(str(catalogue).encode("cp932"), "en")
    assert read.find(f"service:{SERVICE}:name", by="msgctxt").msgid == "御器所いきいきサロン"


def test_language_must_match_the_chosen_one():
    error = error_code(upload(catalogue_for("ko")), "en")
    assert (error.code, error.params) == ("wrong-language", {"found": "ko", "expected": "en"})
    catalogue = catalogue_for()
    del catalogue.metadata["Language"]
    assert error_code(upload(catalogue)).code == "no-language"
    assert po.read_catalogue(upload(catalogue_for("zh-hans")), "zh-hans")


def test_a_file_name_as_contents_is_never_read_from_disk(tmp_path):
    target = tmp_path / "secret.po"
    target.write_bytes(upload(catalogue_for()))
    assert error_code(str(target).encode()).code == "syntax"


# Planning -----------------------------------------------------------------------------------


def plan(catalogue, rows=None, **kwargs):
    read = po.read_catalogue(upload(catalogue), "en")
    return po.plan_changes(read, rows or entries(**kwargs), {("service", "name"): 20})


def test_plan_counts_new_changed_unchanged_and_untranslated():
    existing = {"name": "Gokiso Salon", "description": "Old text", "fees_description": "Free"}
    catalogue = fill(
        catalogue_for(translation=existing),
        {f"service:{SERVICE}:description": "A salon for older residents."},
    )
    result = plan(catalogue, translation=existing)
    assert not result.problems
    assert dict(result.counts) == {
        "new": 0,
        "changed": 1,
        "unchanged": 2,
        "untranslated": 2,
        "skipped": 0,
    }
    assert result.writes() == {
        ("service", SERVICE): {"description": "A salon for older residents."}
    }


def test_same_file_again_plans_no_writes():
    existing = {"name": "Gokiso Salon", "description": "A salon.", "fees_description": ""}
    result = plan(catalogue_for(translation=existing), translation=existing)
    assert result.writes() == {} and result.counts["unchanged"] == 2


def test_empty_translation_never_removes_one():
    existing = {"name": "Gokiso Salon", "description": "A salon.", "fees_description": "Free"}
    catalogue = fill(catalogue_for(translation=existing), {f"service:{SERVICE}:description": ""})
    result = plan(catalogue, translation=existing)
    assert result.writes() == {} and result.counts["untranslated"] == 3


def test_fuzzy_stale_unknown_and_repeated_entries_are_skipped_with_a_note():
    catalogue = fill(
        catalogue_for(),
        {
            f"service:{SERVICE}:name": "Salon",
            f"service:{SERVICE}:description": "Guess",
            f"service:{SERVICE}:fees_description": "Free",
        },
    )
    catalogue.find(f"service:{SERVICE}:description", by="msgctxt").flags.append("fuzzy")
    catalogue.find(f"service:{SERVICE}:fees_description", by="msgctxt").msgid = "有料"
    catalogue.append(
        polib.POEntry(
            msgctxt="service:3f1c2a9e-0000-4000-8000-00000000dead:name", msgid="x", msgstr="y"
        )
    )
    catalogue.append(
        polib.POEntry(msgctxt=f"service:{SERVICE}:name", msgid="御器所いきいきサロン", msgstr="Z")
    )
    result = plan(catalogue)
    assert sorted(p.code for p in result.warnings) == [
        "duplicate",
        "fuzzy",
        "source-changed",
        "unknown",
    ]
    assert not result.errors
    assert result.counts["skipped"] == 4
    assert result.writes() == {("service", SERVICE): {"name": "Salon"}}


def test_overlong_value_is_an_error():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "x" * 21})
    result = plan(catalogue)
    [error] = result.errors
    assert (error.code, error.params) == ("too-long", {"limit": 20, "length": 21})
    assert error.label == "御器所いきいきサロン"


def test_new_translation_needs_its_name():
    catalogue = fill(
        catalogue_for(),
        {
            f"service:{SERVICE}:description": "A salon.",
            f"organization:{ORGANIZATION}:description": "The council.",
        },
    )
    result = plan(catalogue, org_translation={"name": "Showa Council", "description": ""})
    assert [(p.code, p.context) for p in result.warnings] == [
        ("no-name", f"service:{SERVICE}:description")
    ]
    assert result.writes() == {("organization", ORGANIZATION): {"description": "The council."}}
    assert result.counts["new"] == 1


def test_digest_follows_the_writes():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "Salon"})
    first = plan(catalogue)
    assert first.digest() == plan(catalogue).digest()
    assert first.digest() != plan(catalogue, translation={"name": "Salon!"}).digest()
