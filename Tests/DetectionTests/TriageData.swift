/// Invented training and test texts for the "propaganda / reporting / unrelated" context classifier.
/// Every organisation name and slogan here is fictional; nothing is taken from real material.
enum TriageData {
    static let organizationsKy = ["Кара Туман Бирлиги", "Темир Канат Жамааты", "Жашыл Чагылган Тобу", "Ак Шамал Уюму"]
    static let organizationsRu = ["Кара Туман Бирлиги", "Железное Крыло", "Зелёная Молния", "Белый Ветер"]

    static let propagandaKy = [
        "{org} сени күтүп жатат! Кошул, бир тууганым, биз менен бол!",
        "Чыныгы эркектер {org} катарына кошулат. Ойгон, кечикпе, бүгүн кошул!",
        "{org} гана акыйкат жолду көрсөтөт. Биздин туу астына тур, бир тууган!",
        "Бийликке ишенбе! {org} менен бирге күрөшкө чык, кечикпе!",
        "Жаңы таң келет, биз келебиз! {org} түбөлүк! Таратып, бөлүшкүлө!",
        "Жаштар, {org} сени чакырат! Жашыруун топко жазыл, шилтеме профилде.",
    ]
    static let reportingKy = [
        "ИИМдин басма сөз кызматынын маалыматына караганда, {org} уюмунун үч мүчөсү кармалды.",
        "Сот {org} уюмун экстремисттик деп таанып, анын ишмердүүлүгүнө тыюу салган.",
        "Милиция кызматкерлери {org} тарабынан таратылган материалдарды аныктап, кылмыш иши козголду.",
        "Укук коргоо органдары жарандарды {org} сыяктуу тыюу салынган уюмдарга кошулбоого чакырды.",
        "Эксперттер {org} уюмунун үгүтү жаштарга кандай зыян келтирерин талкуулашты.",
        "Бишкек шаардык соту {org} ишине байланыштуу өкүм чыгарды, айыпталуучу камакка алынды.",
    ]
    static let unrelatedKy = [
        "Бүгүн Бишкекте жаан жаап, шаар көчөлөрүндө суу көбөйдү.",
        "Нарында жаңы мектеп ачылып, балдар сабакка барышты.",
        "Футбол боюнча улуттук курама жеңишке жетишти.",
        "Базарда алманын баасы арзандады деп сатуучулар айтышты.",
        "Ысык-Көлдө туристтердин саны быйыл көбөйдү.",
        "Ош шаарында жаңы көпүрө курулуп бүттү.",
    ]
    static let propagandaRu = [
        "{org} ждёт тебя! Вступай, брат, будь с нами!",
        "Настоящие мужчины встают в ряды {org}. Проснись, не опоздай, вступай сегодня!",
        "Только {org} укажет верный путь. Встань под наше знамя, брат!",
        "Не верь власти! Выходи на борьбу вместе с {org}, не медли!",
        "Мы придём! {org} навсегда! Распространяйте и делитесь!",
        "Молодёжь, {org} зовёт тебя! Подпишись на закрытую группу, ссылка в профиле.",
    ]
    static let reportingRu = [
        "По данным пресс-службы МВД, задержаны три участника организации {org}.",
        "Суд признал {org} экстремистской организацией и запретил её деятельность.",
        "Сотрудники милиции выявили материалы, распространявшиеся {org}, возбуждено уголовное дело.",
        "Правоохранительные органы призвали граждан не вступать в запрещённые организации, такие как {org}.",
        "Эксперты обсудили, какой вред наносит молодёжи агитация {org}.",
        "Суд Бишкека вынес приговор по делу {org}, обвиняемый взят под стражу.",
    ]
    static let unrelatedRu = [
        "Сегодня в Бишкеке прошёл дождь, на улицах города много воды.",
        "В Нарыне открылась новая школа, дети пошли на уроки.",
        "Национальная сборная по футболу одержала победу.",
        "Продавцы на рынке говорят, что яблоки подешевели.",
        "На Иссык-Куле в этом году стало больше туристов.",
        "В Оше достроили новый мост.",
    ]

    static func fill(_ templates: [String], _ organizations: [String], _ label: TriageLabelName)
        -> [(text: String, label: String)]
    {
        templates.flatMap { template in
            organizations.map { (template.replacingOccurrences(of: "{org}", with: $0), label.rawValue) }
        }
    }

    enum TriageLabelName: String { case propaganda, reporting, unrelated }

    /// Training texts use every organisation except the first, so the test texts' organisation
    /// ("Кара Туман Бирлиги") was never seen with a label: the classifier must learn the context.
    static var training: [(text: String, label: String)] {
        let ky = Array(organizationsKy.dropFirst())
        let ru = Array(organizationsRu.dropFirst())
        return fill(propagandaKy, ky, .propaganda) + fill(reportingKy, ky, .reporting)
            + unrelatedKy.map { ($0, TriageLabelName.unrelated.rawValue) }
            + fill(propagandaRu, ru, .propaganda) + fill(reportingRu, ru, .reporting)
            + unrelatedRu.map { ($0, TriageLabelName.unrelated.rawValue) }
    }
}
