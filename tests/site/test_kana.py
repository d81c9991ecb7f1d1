from kokoron.core.kana import gojuon_row, is_kana, sort_key, to_hiragana


def test_katakana_and_half_width_become_hiragana():
    assert to_hiragana("ｺｺﾛﾝ") == "こころん"
    assert to_hiragana("カワナ サロン") == "かわな さろん"


def test_readings_sort_in_gojuon_order():
    names = ["はやと", "あらはた", "ごきそ", "かわな", "やごと"]
    assert sorted(names, key=sort_key) == ["あらはた", "かわな", "ごきそ", "はやと", "やごと"]
    assert sort_key("ごきそ") == "こきそ"
    assert sort_key("きっさ") == "きつさ"


def test_is_kana():
    assert is_kana("ごきそ サロン")
    assert not is_kana("御器所")
    assert not is_kana("")


def test_gojuon_rows():
    assert gojuon_row("ごきそ") == "か"
    assert gojuon_row("ぱんや") == "は"
    assert gojuon_row("ンゴ") == "わ"
    assert gojuon_row("abc") == "他"
