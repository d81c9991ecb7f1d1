"""What the outreach demo says: its categories (in Japanese, English and the residents'
languages), images, news, newsletter issues and their articles, events and menu links.
kokoron.news.demo builds the pages from them."""

import datetime

NEWS_CATEGORIES = [
    ("notice", "お知らせ", "Notices"),
    ("recruit", "募集", "Calls for volunteers"),
    ("report", "活動報告", "Activity reports"),
    ("disaster", "防災・災害", "Disaster preparedness"),
]
EVENT_CATEGORIES = [
    ("salon", "サロン・たまり場", "Salons and gathering places"),
    ("lecture", "講座・研修", "Courses and training"),
    ("volunteer", "ボランティア体験", "Volunteer experiences"),
    ("festival", "交流イベント", "Community events"),
]
# The categories in the residents' languages, made like the English ones where that
# language's locale exists.
CATEGORY_NAMES = {
    "notice": ("通知", "공지", "Thông báo", "Avisos", "Mga paalala", "सूचना"),
    "recruit": (
        "招募",
        "모집",
        "Tuyển tình nguyện viên",
        "Chamadas para voluntários",
        "Naghahanap ng boluntaryo",
        "स्वयंसेवक चाहियो",
    ),
    "report": (
        "活动报告",
        "활동 보고",
        "Báo cáo hoạt động",
        "Relatos de atividades",
        "Ulat ng mga gawain",
        "गतिविधि प्रतिवेदन",
    ),
    "disaster": (
        "防灾·灾害",
        "방재·재해",
        "Phòng chống thiên tai",
        "Prevenção de desastres",
        "Paghahanda sa sakuna",
        "विपद् पूर्वतयारी",
    ),
    "salon": (
        "交流沙龙·聚会场所",
        "살롱·모임 장소",
        "Buổi giao lưu và nơi sinh hoạt cộng đồng",
        "Encontros e espaços de convivência",
        "Mga pagtitipon at tagpuan sa komunidad",
        "भेटघाट कार्यक्रम र स्थल",
    ),
    "lecture": (
        "讲座·研修",
        "강좌·연수",
        "Khóa học và tập huấn",
        "Cursos e capacitações",
        "Mga kurso at pagsasanay",
        "पाठ्यक्रम र तालिम",
    ),
    "volunteer": (
        "志愿者体验",
        "자원봉사 체험",
        "Trải nghiệm tình nguyện",
        "Experiências de voluntariado",
        "Mga karanasan sa pagboboluntaryo",
        "स्वयंसेवा अनुभव",
    ),
    "festival": (
        "交流活动",
        "교류 행사",
        "Sự kiện giao lưu",
        "Eventos comunitários",
        "Mga kaganapan sa komunidad",
        "सामुदायिक कार्यक्रम",
    ),
}
IMAGES = [
    ("demo-salon", "サロンで体操をする高齢の方々", (29, 107, 79)),
    ("demo-wheelchair", "車いす体験をする中学生", (11, 87, 164)),
    ("demo-bazaar", "福祉バザーの会場", (138, 109, 0)),
    ("demo-newsletter", "広報紙こころんの表紙", (91, 42, 134)),
]
NEWS = [
    (
        "notice",
        "年末年始の窓口休業のお知らせ",
        "12月29日から1月3日まで、窓口と電話受付をお休みします。",
    ),
    (
        "recruit",
        "{d}学区で買い物付き添いボランティアを募集しています",
        "週1回、近所のスーパーまで一緒に歩いてくださる方を探しています。",
    ),
    (
        "report",
        "{d}学区 ふれあい・いきいきサロンを開催しました",
        "25名の方が参加し、いきいき体操と茶話会を楽しみました。",
    ),
    (
        "disaster",
        "災害ボランティアセンター設置訓練を行いました",
        "区役所と合同で、受付からマッチングまでの流れを確認しました。",
    ),
    (
        "notice",
        "赤い羽根共同募金へのご協力ありがとうございました",
        "皆さまからの募金は、区内の福祉活動に役立てられます。",
    ),
    (
        "recruit",
        "傾聴ボランティア養成講座の受講者を募集します",
        "話を聴くことで、ひとり暮らしの高齢の方を支える講座です。",
    ),
    (
        "report",
        "{d}小学校で車いす体験の福祉学習を行いました",
        "4年生が当事者講師の話を聴き、車いすでまちを歩きました。",
    ),
    ("notice", "特殊詐欺にご注意ください", "社協の職員を名乗る不審な電話が報告されています。"),
    (
        "recruit",
        "{d}学区のたまり場の世話人を募集しています",
        "月2回のカフェを一緒に運営してくださる方を募集します。",
    ),
    (
        "report",
        "学生福祉塾の報告会を開きました",
        "大学生が地域の課題を調べ、自分たちの企画を発表しました。",
    ),
    (
        "disaster",
        "家具の転倒防止器具の取り付けをお手伝いします",
        "高齢の方や障害のある方の世帯を対象に、無料で取り付けます。",
    ),
    (
        "notice",
        "福祉用具の貸し出しについて",
        "車いすを短期間お貸しします。事前にお電話でお申し込みください。",
    ),
    (
        "report",
        "{d}学区の福祉推進協議会が見守り活動を始めました",
        "民生委員と協力し、ひとり暮らしの方へ声かけをしています。",
    ),
    (
        "recruit",
        "配食サービスのボランティアを募集します",
        "お弁当をお届けしながら、安否を確認する活動です。",
    ),
    (
        "notice",
        "ボランティア保険の加入手続きが始まりました",
        "新年度のボランティア活動保険は4月1日から受け付けます。",
    ),
    (
        "report",
        "子どもふくし体験教室を開催しました",
        "{d}学区の子どもたちが高齢の方と昔あそびを楽しみました。",
    ),
]
ENGLISH_NEWS = {
    0: (
        "Office closed over the New Year",
        "Our office and telephone lines are closed from 29 December to 3 January.",
    ),
    3: (
        "Disaster volunteer center drill",
        "With the ward office we practised setting up a disaster volunteer center.",
    ),
    7: (
        "Beware of phone fraud",
        "People pretending to be council staff have been calling residents.",
    ),
    11: ("Borrowing a wheelchair", "We lend wheelchairs for short periods. Please call us first."),
}
ISSUES = [
    (
        46,
        datetime.date(2025, 10, 1),
        "特集:地域のたまり場をたずねて",
        "The gathering places of our ward",
    ),
    (
        47,
        datetime.date(2026, 1, 1),
        "特集:災害にそなえる近所づきあい",
        "Neighbours who are ready for a disaster",
    ),
    (
        48,
        datetime.date(2026, 4, 1),
        "特集:こころん支えあいネットがはじまります",
        "The Kokoron support network begins",
    ),
]
# Each issue's articles: a heading and its blocks, long enough that the printed edition runs
# over more than one page, as a real issue does.
ARTICLES = [
    (
        "{topic}",
        [
            (
                "paragraph",
                "<p>{d}学区では、毎週火曜日に集会所でサロンを開いています。体操のあとはお茶を飲みながらおしゃべり。初めての方も気軽にお越しください。</p>",
            ),
            (
                "paragraph",
                "<p>サロンを始めたのは、地域の福祉推進協議会の役員さんたちです。「ひとり暮らしになってから、一日だれとも話さない日がある」という声をきっかけに、集会所の一室を借りて月に一度のお茶会から始めました。いまでは毎週、二十人ほどが集まります。</p>"
                "<p>参加している方からは「ここに来ると顔なじみがいて安心する」「体操のおかげで階段がらくになった」という声が聞かれます。お休みの方がいると、帰りにご近所の方が様子を見に寄ることもあります。たまり場は、さりげない見守りの場にもなっています。</p>",
            ),
            ("heading", {"text": "たまり場を始めたい方へ", "level": "h3"}),
            (
                "paragraph",
                "<p>社協では、たまり場の立ち上げを応援しています。会場さがしのご相談、世話人さん向けの研修、備品の貸し出し、立ち上げ費用の助成があります。「自分の町内でもやってみたい」という方は、まずはお気軽にお電話ください。ほかの学区のたまり場の見学もご案内します。</p>",
            ),
        ],
    ),
    (
        "ボランティアさんにインタビュー",
        [
            (
                "paragraph",
                "<p>「できることを、できるときに」。買い物の付き添いを続けて3年になる方にお話を伺いました。</p>",
            ),
            (
                "paragraph",
                "<p>――活動を始めたきっかけは何ですか。</p>"
                "<p>定年退職して時間ができたころ、回覧板でボランティア講座のお知らせを見ました。最初は自分に何ができるのか分かりませんでしたが、講座で「特別なことはいらない、ご近所どうしの手助けでいい」と聞いて、気持ちがらくになりました。</p>"
                "<p>――活動していてうれしいことは。</p>"
                "<p>週に一度、足の悪い方とスーパーへ行きます。帰り道に昔の町の話を聞かせてもらうのが楽しみです。手伝っているつもりが、こちらが元気をもらっています。</p>",
            ),
        ],
    ),
    (
        "こころん支えあいネットのご案内",
        [
            (
                "paragraph",
                "<p>ごみ出し、電球の交換、通院の付き添い、話し相手。ちょっとした困りごとを、地域のボランティアがお手伝いします。困りごとは、社協の窓口、電話、ホームページのフォームから受け付けています。ご本人だけでなく、ご家族やご近所の方、民生委員さんからのご相談も歓迎です。</p>",
            ),
            (
                "paragraph",
                "<p>お手伝いできる方も募集しています。登録のときに、できることと、活動できる曜日や時間帯をうかがいます。無理のない範囲で、近くの方のお手伝いをお願いすることがあります。活動中のけがや事故にそなえて、ボランティア活動保険の加入費用は社協が負担します。</p>",
            ),
        ],
    ),
    (
        "社協からのお知らせ",
        [
            (
                "paragraph",
                "<p>福祉用具の貸し出し、ボランティア保険、共同募金についてのお知らせです。</p>",
            ),
            ("heading", {"text": "車いすの貸し出し", "level": "h3"}),
            (
                "paragraph",
                "<p>けがや一時的な体調の変化で車いすが必要になった方に、原則として一か月まで無料でお貸しします。台数にかぎりがありますので、事前にお電話でご確認ください。</p>",
            ),
            ("heading", {"text": "赤い羽根共同募金のお礼", "level": "h3"}),
            (
                "paragraph",
                "<p>昨年度の共同募金には、区内の町内会、学校、事業所の皆さまから多くのご協力をいただきました。お寄せいただいた募金は、たまり場の運営や子どもふくし体験教室など、区内の福祉活動に役立てています。</p>",
            ),
            (
                "paragraph",
                "<p>お問い合わせは、昭和区社会福祉協議会(電話 052-000-0001、平日9時から17時)まで。</p>",
            ),
        ],
    ),
]
EVENTS = [
    (
        "salon",
        "{d} いきいきサロン",
        "体操とおしゃべりの会です。どなたでもどうぞ。",
        "{d}コミュニティセンター",
        "",
        "none",
        14,
    ),
    (
        "lecture",
        "認知症サポーター養成講座({d})",
        "認知症について学び、地域で見守る応援者になりませんか。",
        "{d}学区 集会所",
        "",
        "contact",
        10,
    ),
    (
        "volunteer",
        "夏休み ボランティア体験({d})",
        "中高生が高齢者施設や子ども食堂で活動を体験します。",
        "{d}地域福祉センター",
        "",
        "contact",
        13,
    ),
    (
        "festival",
        "ふくしまつり in {d}",
        "模擬店や福祉体験コーナー、障害のある方の作品展示があります。",
        "{d}小学校 体育館",
        "",
        "none",
        10,
    ),
    (
        "lecture",
        "傾聴ボランティア養成講座",
        "全4回。話を聴くことの大切さを学びます。",
        "昭和区在宅サービスセンター",
        "500円(資料代)",
        "contact",
        13,
    ),
]
MENU_LINKS = [
    ("/news/", {"ja": "お知らせ", "en": "News", "ja-easy": "おしらせ"}),
    ("/newsletters/", {"ja": "広報紙", "en": "Newsletter", "ja-easy": "こうほうし"}),
    ("/events/", {"ja": "イベント・講座", "en": "Events", "ja-easy": "イベント"}),
]
ENGLISH_EVENTS = {0: ("Salon in {r}", "Exercise and a chat over tea. Everyone is welcome.")}
