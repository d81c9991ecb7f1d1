"""The demo's readings table: how the ward's proper nouns in kanji are read.

Searching in kana then finds them in the demo's pages and plugins' entries, as it will on a
real site once staff fill Settings → Readings (しょうわくやくしょ finds 昭和区役所).
"""

from .models import Reading

# (word, reading) of names used across the demo: the ward, its offices and council, the
# school districts and the stations residents give as directions.
READINGS = [
    ("昭和区役所", "しょうわくやくしょ"),
    ("昭和区社会福祉協議会", "しょうわくしゃかいふくしきょうぎかい"),
    ("社会福祉協議会", "しゃかいふくしきょうぎかい"),
    ("昭和区", "しょうわく"),
    ("名古屋市", "なごやし"),
    ("昭和保健センター", "しょうわほけんせんたー"),
    ("地域包括支援センター", "ちいきほうかつしえんせんたー"),
    ("学区福祉推進協議会", "がっくふくしすいしんきょうぎかい"),
    ("民生委員", "みんせいいいん"),
    ("鶴舞線", "つるまいせん"),
    ("荒畑", "あらはた"),
    ("鶴舞", "つるまい"),
    ("白金", "しろがね"),
    ("村雲", "むらくも"),
    ("吹上", "ふきあげ"),
    ("御器所", "ごきそ"),
    ("松栄", "しょうえい"),
    ("川名", "かわな"),
    ("広路", "ひろじ"),
    ("滝川", "たきかわ"),
    ("伊勝", "いかつ"),
    ("八事", "やごと"),
    ("隼人", "はやと"),
]


def build_readings(context):
    """Before any page is made, so that everything the demo indexes carries the readings."""
    existing = dict(Reading.objects.values_list("word", "reading"))
    for word, reading in READINGS:
        # Saving re-indexes what contains the word: only when something changes.
        if existing.get(word) != reading:
            Reading.objects.update_or_create(word=word, defaults={"reading": reading})
    context.say(f"{Reading.objects.count()} readings")
