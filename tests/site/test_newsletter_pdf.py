"""The printed newsletter's PDF writer (kokoron.newsletters.pdf), read back without any PDF
tool: the structure a reader relies on (header, cross-reference table, page tree, fonts) and
the text, which is written as UTF-16 hex strings in compressed content streams."""

import re

from kokoron.newsletters import pdf
from tests.site.pdf_reading import body_text, content_streams, objects, shown_text

ARTICLES = [
    pdf.Article(
        "地域のたまり場をたずねて",
        [
            "御器所学区では、毎週火曜日に集会所でサロンを開いています。" * 8,
            pdf.Subheading("たまり場を始めたい方へ"),
            "社協では、たまり場の立ち上げを応援しています(電話 052-000-0001)。" * 8,
        ],
    ),
    pdf.Article("ボランティアさんにインタビュー", ["「できることを、できるときに」。" * 30]),
    pdf.Article("Notices", ["Wheelchairs can be borrowed for up to a month. " * 20]),
]


def newsletter(articles=ARTICLES):
    return pdf.newsletter_pdf(
        title="広報紙こころん 第48号",
        subtitle_lines=["第48号 2026年4月1日発行", "昭和区社会福祉協議会"],
        articles=articles,
    )


def test_header_cross_references_and_trailer_are_consistent():
    data = newsletter()
    assert data.startswith(b"%PDF-1.4\n%")
    assert data.endswith(b"%%EOF\n")
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[startxref:].startswith(b"xref\n0 ")
    count = int(re.match(rb"xref\n0 (\d+)\n", data[startxref:]).group(1))
    rows = re.findall(rb"(\d{10}) (\d{5}) ([nf]) \n", data[startxref:])
    assert len(rows) == count
    assert rows[0] == (b"0000000000", b"65535", b"f")
    for number, (offset, _generation, _kind) in enumerate(rows[1:], start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj\n" % number)
    assert int(re.search(rb"/Size (\d+)", data[startxref:]).group(1)) == count
    assert set(objects(data)) == set(range(1, count))


def test_pages_are_a4_counted_and_numbered():
    data = newsletter()
    found = objects(data)
    page_objects = [body for body in found.values() if body.startswith(b"<< /Type /Page ")]
    count = int(re.search(rb"/Type /Pages .*?/Count (\d+)", data).group(1))
    assert count == len(page_objects) >= 2
    assert all(b"/MediaBox [0 0 595.28 841.89]" in body for body in page_objects)
    streams = content_streams(data)
    assert [shown_text(stream)[-1] for stream in streams] == [
        f"{number} / {count}" for number in range(1, count + 1)
    ]


def test_fonts_are_the_standard_japanese_cid_fonts_not_embedded():
    data = newsletter()
    for name in (b"HeiseiKakuGo-W5", b"HeiseiMin-W3"):
        assert b"/Subtype /Type0 /BaseFont /" + name + b" /Encoding /UniJIS-UCS2-H" in data
        assert b"/Subtype /CIDFontType0 /BaseFont /" + name in data
    assert data.count(b"/Registry (Adobe) /Ordering (Japan1)") == 2
    assert b"/FontFile" not in data  # nothing embedded
    assert b"/ToUnicode" in data


def test_every_word_of_every_article_is_on_a_page_in_order():
    text = body_text(newsletter())
    assert text.startswith("広報紙こころん第48号第48号2026年4月1日発行昭和区社会福祉協議会")
    position = 0
    for article in ARTICLES:
        for piece in [article.heading, *article.parts]:
            words = (piece.text if isinstance(piece, pdf.Subheading) else piece).replace(" ", "")
            found = text.find(words, position)
            assert found >= position, words[:20]
            position = found + len(words)
    assert position == len(text)


def test_the_title_and_language_are_in_the_document_information():
    data = newsletter()
    title = "広報紙こころん 第48号".encode("utf-16-be").hex().upper()
    assert f"/Title <FEFF{title}>".encode() in data
    assert b"/Lang (ja)" in data


def test_a_short_issue_is_one_page():
    data = newsletter([pdf.Article("お知らせ", ["短いお知らせです。"])])
    assert re.search(rb"/Count (\d+)", data).group(1) == b"1"


def test_wrapping_counts_full_width_as_one_em_and_ascii_as_half():
    assert pdf.text_width("あいう") == 3
    assert pdf.text_width("abc") == 1.5
    assert pdf.text_width("ｱｲｳ") == 1.5  # half-width katakana
    lines = pdf.wrap("あいうえおかきくけこ", 4)
    assert lines == ["あいうえ", "おかきく", "けこ"]
    assert pdf.wrap("support network " * 3, 8) == ["support network"] * 3


def test_wrapping_keeps_words_whole_and_punctuation_off_the_line_start():
    assert pdf.wrap("ボランティア volunteer", 10) == ["ボランティア", "volunteer"]
    lines = pdf.wrap("あいうえ。かきくけこ", 4)
    assert not any(line.startswith("。") for line in lines)
    assert "".join(lines) == "あいうえ。かきくけこ"
    lines = pdf.wrap("あいう「かきくけ」こ", 4)
    assert not any(line.endswith("「") for line in lines)
    assert pdf.wrap("x" * 20, 4) == ["x" * 8, "x" * 8, "x" * 4]  # longer than a line: cut


def test_what_ucs2_cannot_encode_prints_as_a_mark_not_an_error():
    assert pdf.printable("𠮷野家\tです\x00") == "〓野家 です"
    data = newsletter([pdf.Article("𠮷野家", ["𩸽を食べる"])])
    assert "〓野家" in body_text(data) and "〓を食べる" in body_text(data)


def test_a_long_paragraph_runs_on_over_pages_without_leaving_a_page_empty():
    long = "御器所学区では、毎週火曜日に集会所でサロンを開いています。" * 120
    data = newsletter([pdf.Article("長い記事", [long])])
    streams = content_streams(data)
    assert len(streams) >= 3
    # The heading and the paragraph's start are on the first page, under the masthead.
    first = shown_text(streams[0])
    assert "長い記事" in first and first[first.index("長い記事") + 1].startswith("\u3000御器所")
    assert body_text(data).endswith(long.replace(" ", ""))
