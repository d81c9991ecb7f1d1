# ruff: noqa: RUF001 - full- and half-width characters are what this file is about
"""The Japanese search test set: realistic welfare texts and queries with their expected results.

Used three ways: directly on kokoron.search.text (tests/site/test_search_text.py), through the
real Wagtail search backend on SQLite or PostgreSQL (tests/site/test_search_backend.py), and by
bench/search.py for recall and precision.

`expected` is the complete set of documents a resident would want for the query (so precision
can be measured), `must_not` the ones a careless method returns wrongly.

Measurements (evaluate() below over all 79 CASES on the 39 DOCS, micro-averaged; index time
of the 39 documents in pure Python):

    method                                                recall  precision  index
    whitespace/punctuation words (Wagtail's SQLite FTS5)   0.07     1.00      0.6 ms
    character bigrams after NFKC only                      0.71     0.98      1.8 ms
    Janome 0.5 (IPADIC): base forms and readings            0.68     0.98    390 ms
    Janome, folded like ours, words ANDed                  0.79     0.98    275 ms
    bigrams + folding + variants (kokoron.search.text)     1.00     0.99      3.2 ms

Since then (issue 16) the set also has queries that mix kanji or kana with digits or Latin
letters (第2水曜日, Ｂ型, 3丁目): on the 92 CASES and 41 DOCS, bigrams alone found none of
第2水曜日, 第2水曜, 第２水曜日, 第2 and Ｂ型 (recall 0.97); with the first and last character of
each Japanese run indexed too, recall is 1.00 and precision 0.99 again.

Janome misses where a word is segmented differently inside a compound than alone (社協 in
昭和区社協, 車いす, 相談 in そうだん) and indexes about 100 times slower; bigrams with kana, width
and variant folding find every expected result. Their one kind of false hit is a bigram that
spans two words (京都 inside 東京都, 区民 inside 昭和区民生委員): the two cases below.
"""

# (key, kind, title, body, reading, published as yyyy-mm-dd or "")
DOCS = [
    (
        "vc-news",
        "news",
        "昭和区社協ボランティアセンターのお知らせ",
        "ボランティア活動に関心のある方を対象に、活動説明会を毎月第2水曜日に開催しています。",
        "",
        "2026-04-10",
    ),
    (
        "tamariba-support",
        "page",
        "たまり場の開設を支援します",
        "地域の誰もが気軽に立ち寄れるたまり場の立ち上げを、社協の職員がお手伝いします。開設費用の助成もあります。",
        "",
        "",
    ),
    (
        "tamariba-list",
        "page",
        "地域のたまり場一覧",
        "サロンやカフェなど、町内で開かれている集いの場を学区ごとにご紹介します。",
        "",
        "",
    ),
    (
        "care-insurance",
        "page",
        "介護保険の申請について",
        "要介護認定の申請は、いきいき支援センター(地域包括支援センター)または区役所の窓口で受け付けています。",
        "",
        "",
    ),
    (
        "care-consult",
        "service",
        "いきいき支援センター 介護相談窓口",
        "高齢者の介護や健康、暮らしの困りごとの総合相談をお受けします。電話相談も可能です。",
        "",
        "",
    ),
    (
        "wheelchair-loan",
        "service",
        "車椅子の貸し出し",
        "けがや病気で一時的に必要な方に、車いすを最長3か月無料でお貸しします。",
        "くるまいすのかしだし",
        "",
    ),
    (
        "wheelchair-event",
        "news",
        "車いす体験教室を開きました",
        "鶴舞小学校の4年生が、車いすの操作や介助の方法を学びました。",
        "",
        "2025-11-20",
    ),
    (
        "wheelchair-taxi",
        "service",
        "福祉タクシー(ﾘﾌﾄ付き)",
        "くるまいすのまま乗車できるリフト付きタクシーの利用料を助成します。",
        "",
        "",
    ),
    (
        "consult-general",
        "page",
        "困りごと相談",
        "ちょっとした困りごとを社協の職員がお聞きします。相談は無料、秘密は守ります。",
        "",
        "",
    ),
    (
        "lawyer",
        "service",
        "弁護士による無料法律相談",
        "相続や消費者トラブルなど、法律の専門家に毎月1回相談できます。要予約。",
        "",
        "",
    ),
    (
        "ward-office",
        "service",
        "昭和区役所 福祉課",
        "障害者手帳や各種福祉サービスの申請窓口です。",
        "しょうわくやくしょ ふくしか",
        "",
    ),
    (
        "volunteer-register",
        "page",
        "ボランティア登録の方法",
        "できることを登録していただくと、地域の困りごとに合わせて活動をご紹介します。",
        "",
        "",
    ),
    (
        "student-volunteer",
        "opportunity",
        "夏休み学生ボランティア体験",
        "中学生・高校生を対象に、福祉施設での体験活動を行います。定員20名。",
        "",
        "",
    ),
    (
        "welfare-school",
        "programme",
        "学生福祉塾 受講生募集",
        "大学生が地域の福祉を学び、自分たちで企画を立てて実践する講座です。",
        "",
        "",
    ),
    (
        "kids-class",
        "programme",
        "子どもふくし体験教室",
        "小学生が地域の高齢者や障がいのある方と交流し、福祉を身近に感じる教室です。",
        "",
        "",
    ),
    (
        "dementia-cafe",
        "service",
        "認知症カフェ「ひだまり」",
        "認知症の方やご家族、地域の方が気軽に集えるカフェです。毎月第3金曜日。",
        "",
        "",
    ),
    (
        "meal-delivery",
        "service",
        "配食サービス(見守り付き)",
        "ひとり暮らしの高齢者のお宅にお弁当を届け、安否を確認します。",
        "",
        "",
    ),
    (
        "newsletter-120",
        "newsletter",
        "社協だより 第120号",
        "特集:みんなでつくる支えあいのまち。赤い羽根共同募金のご報告、ボランティアさん紹介。",
        "",
        "2026-03-01",
    ),
    (
        "newsletter-119",
        "newsletter",
        "社協だより 第119号",
        "特集:災害に備える。災害ボランティアセンターの運営訓練を行いました。",
        "",
        "2025-12-01",
    ),
    (
        "disaster",
        "page",
        "災害ボランティアセンターとは",
        "大規模な災害のときに社協が設置し、被災地の困りごとと全国からのボランティアをつなぎます。",
        "",
        "",
    ),
    (
        "donation",
        "page",
        "寄付のお願い",
        "皆さまからの寄附金は地域福祉活動に使わせていただきます。税制上の優遇があります。",
        "",
        "",
    ),
    (
        "npo",
        "service",
        "NPO法人 昭和ささえあいネット",
        "買い物の付き添いやごみ出しなど、生活支援サービスを提供しています。",
        "",
        "",
    ),
    (
        "english-page",
        "page",
        "Volunteer Center",
        "The Showa Ward Volunteer Center links residents who need help with volunteers. Call 052-123-4567.",
        "",
        "",
    ),
    (
        "welfare-commissioner",
        "page",
        "民生委員・児童委員とは",
        "地域の身近な相談相手として、高齢者や子育て家庭の見守りを行っています。",
        "",
        "",
    ),
    (
        "district-council",
        "page",
        "学区福祉推進協議会の活動",
        "各学区の住民が中心となって、ふれあい給食会や敬老会を開いています。",
        "",
        "",
    ),
    (
        "child-support",
        "service",
        "子育てサロン「すくすく」",
        "0歳から3歳までの子どもと保護者が集える場です。子育ての相談もできます。",
        "",
        "",
    ),
    (
        "easy-consult",
        "page",
        "こまった ことの そうだん",
        "こまった ことが あったら、しゃきょうに そうだん して ください。でんわでも だいじょうぶです。",
        "",
        "",
    ),
    (
        "easy-volunteer",
        "page",
        "ボランティアを したい ひとへ",
        "ちいきの ひとを たすける かつどうを しょうかい します。",
        "",
        "",
    ),
    (
        "coffee",
        "news",
        "コーヒーサロンを開設しました",
        "御器所学区に、コーヒーを飲みながら話せるサロンができました。",
        "",
        "2026-02-15",
    ),
    (
        "computer",
        "programme",
        "シニア向けパソコン教室",
        "コンピューターやスマートフォンの使い方を、ボランティア講師が教えます。",
        "",
        "",
    ),
    (
        "party",
        "news",
        "ふれあいパーティーのご案内",
        "ティータイムと歌の時間があります。",
        "",
        "2026-01-05",
    ),
    (
        "welfare-equipment",
        "service",
        "福祉用具の展示と相談",
        "介護ベッドや歩行器など、福祉用具を実際に試して相談できます。",
        "",
        "",
    ),
    (
        "caregiver",
        "programme",
        "家族介護者のつどい",
        "家族を介護している方どうしで、悩みや工夫を話し合います。",
        "",
        "",
    ),
    (
        "commissioner-meeting",
        "news",
        "昭和区民生委員児童委員協議会の研修会",
        "民生委員の皆さんが、見守り活動の事例を学びました。",
        "",
        "2025-10-02",
    ),
    (
        "ward-citizens",
        "page",
        "区民まつりに出展します",
        "昭和区の区民まつりで、社協の活動を紹介するブースを出します。",
        "",
        "",
    ),
    (
        "tokyo",
        "news",
        "東京都の研修に参加しました",
        "東京で開かれた全国研修に職員が参加しました。",
        "",
        "2025-09-01",
    ),
    ("kyoto", "news", "京都での交流会", "京都の社協と事例を交換しました。", "", "2025-08-01"),
    (
        "hepatitis-b",
        "service",
        "Ｂ型肝炎ワクチンの接種",
        "御器所3丁目の診療所で、第４木曜日の午後に受け付けます。",
        "",
        "",
    ),
    (
        "blood-drive",
        "news",
        "献血のお知らせ",
        "川名本町4丁目の公民館で、毎月第2日曜日に献血を行います。",
        "",
        "2026-05-01",
    ),
    ("violin", "news", "ヴァイオリン演奏会", "施設で演奏会を開きました。", "", "2025-07-01"),
    (
        "social-council",
        "page",
        "社会福祉協議会とは",
        "社会福祉協議会は、地域福祉の推進を目的とする民間の団体です。",
        "しゃかいふくしきょうぎかい",
        "",
    ),
]

# (query, expected keys, must-not keys, what the case shows)
CASES = [
    (
        "ボランティア",
        {
            "vc-news",
            "volunteer-register",
            "student-volunteer",
            "newsletter-120",
            "newsletter-119",
            "disaster",
            "easy-volunteer",
            "computer",
        },
        {"consult-general"},
        "katakana word in compounds",
    ),
    (
        "ﾎﾞﾗﾝﾃｨｱ",
        {
            "vc-news",
            "volunteer-register",
            "student-volunteer",
            "newsletter-120",
            "newsletter-119",
            "disaster",
            "easy-volunteer",
            "computer",
        },
        set(),
        "half-width katakana",
    ),
    (
        "ぼらんてぃあ",
        {
            "vc-news",
            "volunteer-register",
            "student-volunteer",
            "newsletter-120",
            "newsletter-119",
            "disaster",
            "easy-volunteer",
            "computer",
        },
        set(),
        "hiragana for katakana",
    ),
    (
        "ボランテイア",
        {
            "vc-news",
            "volunteer-register",
            "student-volunteer",
            "newsletter-120",
            "newsletter-119",
            "disaster",
            "easy-volunteer",
            "computer",
        },
        set(),
        "large for small kana",
    ),
    ("ボランティアセンター", {"vc-news", "newsletter-119", "disaster"}, set(), "longer compound"),
    ("ボランティアセンタ", {"vc-news", "newsletter-119", "disaster"}, set(), "long vowel omitted"),
    ("たまり場", {"tamariba-support", "tamariba-list"}, set(), "mixed kana and kanji word"),
    ("タマリバ", {"tamariba-support", "tamariba-list"}, set(), "katakana for a mixed word"),
    ("溜まり場", {"tamariba-support", "tamariba-list"}, set(), "kanji variant"),
    ("たまり場 開設", {"tamariba-support"}, {"tamariba-list", "coffee"}, "two words ANDed"),
    (
        "介護",
        {"care-insurance", "care-consult", "welfare-equipment", "caregiver"},
        set(),
        "two-kanji word in compounds",
    ),
    (
        "かいご",
        {"care-insurance", "care-consult", "welfare-equipment", "caregiver"},
        set(),
        "kana reading",
    ),
    ("介護保険", {"care-insurance"}, {"care-consult"}, "compound"),
    (
        "介護 相談",
        {"care-consult", "welfare-equipment"},
        {"lawyer", "care-insurance"},
        "AND of two words",
    ),
    ("要介護認定", {"care-insurance"}, set(), "long compound"),
    ("車いす", {"wheelchair-loan", "wheelchair-event", "wheelchair-taxi"}, set(), "kanji and kana"),
    (
        "車椅子",
        {"wheelchair-loan", "wheelchair-event", "wheelchair-taxi"},
        set(),
        "all kanji variant",
    ),
    (
        "くるまいす",
        {"wheelchair-loan", "wheelchair-event", "wheelchair-taxi"},
        set(),
        "all kana variant",
    ),
    (
        "クルマイス",
        {"wheelchair-loan", "wheelchair-event", "wheelchair-taxi"},
        set(),
        "katakana variant",
    ),
    ("車いす 体験", {"wheelchair-event"}, {"wheelchair-loan"}, "variant AND another word"),
    (
        "相談",
        {
            "care-consult",
            "consult-general",
            "lawyer",
            "welfare-commissioner",
            "child-support",
            "easy-consult",
            "welfare-equipment",
        },
        set(),
        "two-kanji word",
    ),
    (
        "そうだん",
        {
            "care-consult",
            "consult-general",
            "lawyer",
            "welfare-commissioner",
            "child-support",
            "easy-consult",
            "welfare-equipment",
        },
        set(),
        "kana reading, easy Japanese",
    ),
    ("法律相談", {"lawyer"}, {"consult-general"}, "compound"),
    (
        "困りごと",
        {"consult-general", "care-consult", "volunteer-register", "disaster"},
        set(),
        "kanji and kana word",
    ),
    ("しょうわくやくしょ", {"ward-office"}, set(), "stored reading"),
    ("ショウワクヤクショ", {"ward-office"}, set(), "stored reading in katakana"),
    ("やくしょ", {"ward-office"}, set(), "part of a stored reading"),
    ("昭和区役所", {"ward-office"}, set(), "the kanji itself"),
    ("区役所", {"ward-office", "care-insurance"}, set(), "word inside a compound"),
    ("しゃかいふくしきょうぎかい", {"social-council"}, set(), "stored reading of a long name"),
    (
        "社協",
        {
            "vc-news",
            "tamariba-support",
            "consult-general",
            "newsletter-120",
            "newsletter-119",
            "disaster",
            "ward-citizens",
            "kyoto",
            "social-council",
        },
        set(),
        "abbreviation in compounds",
    ),
    ("社会福祉協議会", {"social-council"}, set(), "full name"),
    (
        "福祉",
        {
            "ward-office",
            "student-volunteer",
            "welfare-school",
            "kids-class",
            "donation",
            "district-council",
            "welfare-equipment",
            "wheelchair-taxi",
            "social-council",
        },
        set(),
        "two kanji in many compounds",
    ),
    (
        "ふくし",
        {
            "ward-office",
            "student-volunteer",
            "welfare-school",
            "kids-class",
            "donation",
            "district-council",
            "welfare-equipment",
            "wheelchair-taxi",
            "social-council",
        },
        set(),
        "kana reading of 福祉",
    ),
    ("地域福祉", {"donation", "social-council"}, set(), "compound"),
    ("福祉塾", {"welfare-school"}, set(), "compound inside a name"),
    (
        "学生",
        {"student-volunteer", "welfare-school", "kids-class"},
        set(),
        "two kanji (小学生 too)",
    ),
    ("ＮＰＯ", {"npo"}, set(), "full-width Latin"),
    ("npo", {"npo"}, set(), "lower case"),
    ("NPO法人", {"npo"}, set(), "Latin and kanji in one word"),
    ("Volunteer", {"english-page"}, set(), "English word"),
    ("volunteers", {"english-page"}, set(), "English plural"),
    ("VOLUNTEER CENTER", {"english-page"}, set(), "English words, upper case"),
    ("residents help", {"english-page"}, set(), "English words ANDed"),
    ("052", {"english-page"}, set(), "number"),
    ("１２３", {"english-page"}, set(), "full-width digits"),
    ("第120号", {"newsletter-120"}, {"newsletter-119"}, "number inside Japanese"),
    ("120", {"newsletter-120"}, {"newsletter-119"}, "issue number"),
    ("20名", {"student-volunteer"}, set(), "number and counter"),
    ("認知症", {"dementia-cafe"}, set(), "three kanji"),
    ("にんちしょう", {"dementia-cafe"}, set(), "kana reading"),
    ("配食", {"meal-delivery"}, set(), "two kanji"),
    (
        "見守り",
        {"meal-delivery", "welfare-commissioner", "commissioner-meeting"},
        set(),
        "okurigana",
    ),
    ("ひとり暮らし", {"meal-delivery"}, set(), "variant of 一人暮らし"),
    ("一人暮らし", {"meal-delivery"}, set(), "variant"),
    ("子ども", {"kids-class", "child-support"}, set(), "子ども"),
    ("子供", {"kids-class", "child-support"}, set(), "子供 for 子ども"),
    ("こども", {"kids-class", "child-support"}, set(), "kana for 子ども"),
    ("子育て", {"welfare-commissioner", "child-support"}, set(), "kanji and kana"),
    ("障害", {"ward-office", "kids-class"}, set(), "障害 for 障がい"),
    ("寄付", {"donation"}, set(), "寄付 for 寄附"),
    ("寄附", {"donation"}, set(), "寄附 for 寄付"),
    ("コンピュータ", {"computer"}, set(), "long vowel omitted"),
    ("コンピューター", {"computer"}, set(), "long vowel written"),
    ("パソコン", {"computer"}, set(), "katakana word"),
    ("ティータイム", {"party"}, set(), "small kana"),
    ("バイオリン", {"violin"}, set(), "ヴァ as バ"),
    ("コーヒー", {"coffee"}, set(), "long vowels"),
    ("サロン", {"tamariba-list", "coffee", "child-support"}, set(), "katakana word"),
    ("民生委員", {"welfare-commissioner", "commissioner-meeting"}, set(), "four kanji"),
    ("区民", {"ward-citizens"}, set(), "bigram spanning two words: a known false hit"),
    ("京都", {"kyoto"}, set(), "京都 inside 東京都: a known false hit"),
    ("東京", {"tokyo"}, {"kyoto"}, "東京"),
    ("災害", {"newsletter-119", "disaster"}, set(), "two kanji"),
    ("学区", {"tamariba-list", "district-council", "coffee"}, set(), "two kanji"),
    ("タクシー", {"wheelchair-taxi"}, set(), "katakana with long vowel"),
    ("ﾘﾌﾄ", {"wheelchair-taxi"}, set(), "half-width in query and text"),
    ("リフト付き", {"wheelchair-taxi"}, set(), "full-width for half-width text"),
    ("第2水曜日", {"vc-news"}, {"blood-drive"}, "kanji, digit, kanji: 第 ends a longer run"),
    ("第2水曜", {"vc-news"}, {"blood-drive"}, "the same, cut short"),
    ("第２水曜日", {"vc-news"}, {"blood-drive"}, "full-width digit inside Japanese"),
    ("2水曜日", {"vc-news"}, {"blood-drive"}, "digit, then kanji"),
    ("第2", {"vc-news", "blood-drive"}, {"hepatitis-b"}, "kanji, then digit"),
    ("毎月第2日曜日", {"blood-drive"}, {"vc-news"}, "the whole phrase"),
    ("第4木曜日", {"hepatitis-b"}, set(), "half-width query, full-width text"),
    ("Ｂ型", {"hepatitis-b"}, set(), "full-width Latin letter before kanji"),
    ("b型肝炎", {"hepatitis-b"}, set(), "Latin letter, then a compound"),
    ("3丁目", {"hepatitis-b"}, {"blood-drive"}, "digit and counter"),
    ("御器所3丁目", {"hepatitis-b"}, set(), "kanji, digit, kanji"),
    ("定員20名", {"student-volunteer"}, set(), "number inside a phrase"),
    ("NPO 法人", {"npo"}, set(), "words apart in the query, together in the text"),
    ("存在しない言葉", set(), set(), "no result"),
]


def evaluate(documents_matching):
    """Micro-averaged recall and precision of a search function over CASES.

    `documents_matching(query)` returns the set of keys of DOCS it finds.
    """
    relevant_found = relevant = found = 0
    misses = []
    for query, expected, _must_not, _why in CASES:
        result = set(documents_matching(query))
        relevant_found += len(result & expected)
        relevant += len(expected)
        found += len(result)
        if result != expected:
            misses.append((query, sorted(expected - result), sorted(result - expected)))
    recall = relevant_found / relevant if relevant else 1.0
    precision = relevant_found / found if found else 1.0
    return recall, precision, misses


def searchable_text(doc):
    """The text a document is indexed with: title, body and reading."""
    _key, _kind, title, body, reading, _published = doc
    return " ".join(part for part in (title, body, reading) if part)
