"""The words an entry is found by (pure: no database)."""

from directory.search_words import needles, search_columns


def columns(**parts):
    service = parts.get("service", ("車椅子貸し出し", "くるまいすかしだし", "無料です。", ""))
    organization = parts.get(
        "organization", ("昭和区社会福祉協議会", "しょうわくしゃかいふくしきょうぎかい")
    )
    return search_columns(service, organization, parts.get("translations", []))


def holds(column, query):
    return all(needle in column for needle in needles(query))


def test_names_hold_the_name_reading_and_translated_names_only():
    names, everything = columns(translations=[("Wheelchair loans", "Free of charge.")])
    assert holds(names, "車いす") and holds(names, "wheelchair")
    assert not holds(names, "社会福祉協議会") and not holds(names, "charge")
    assert holds(everything, "社会福祉協議会") and holds(everything, "free charge")


def test_every_word_must_be_there_and_a_phrase_keeps_its_order():
    _names, everything = columns()
    assert holds(everything, "くるまいす 無料")
    assert not holds(everything, "くるまいす 有料")
    assert needles("") == [] and needles("   ") == []


def test_columns_start_and_end_with_a_space_so_words_do_not_run_together():
    names, everything = columns(service=("サロン", "さろん", "", ""), organization=("", ""))
    assert names.startswith(" ") and names.endswith(" ")
    assert everything.startswith(" ") and everything.endswith(" ")
