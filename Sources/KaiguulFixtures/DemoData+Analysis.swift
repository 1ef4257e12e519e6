import Detection
import Evidence
import Fluent
import KaiguulCore
import Foundation
import Monitor
import Vapor

@testable import App

/// The demo's detection: indicators for its fictional organisations, a fictional banned text, a
/// triage classifier trained at demo start from the demo's labelled items, and items at every
/// triage priority. Items come the pipeline's way — a page captured to WARC through the app's
/// writer, then compare, analyse and store as a check does — but the pages are written here
/// (the demo runs without a worker and without network), and their WARC records say so.
/// Every organisation, slogan and text below is invented.
extension DemoData {
    static func seedAnalysis(app: Application) async throws {
        let actor = AuditActor(id: nil, label: "demo")
        let orgs = try await Organization.query(on: app.db).sort(\.$id).all()
        guard orgs.count >= 3, try await IndicatorRecord.query(on: app.db).count() == 0 else { return }
        let (fog, wind, night) = (try orgs[0].requireID(), try orgs[1].requireID(), try orgs[2].requireID())
        for (org, value, language, weight) in [
            (fog, "туман келет", "ky", 2.0), (fog, "kara-tuman.example", "", 3),
            (wind, "жашыл шамал согот", "ky", 2), (wind, "@green_wind_demo", "", 2),
            (night, "түнкү жолго чык", "ky", 2), (night, "#түнжолу", "", 2),
        ] {
            _ = try await IndicatorStore.create(
                try IndicatorInput.validate(.init(organization_id: String(org), value: value, language: language,
                                                  weight: String(weight))),
                actor: actor, app: app)
        }
        let tract = DemoTexts.bannedTract
        _ = try await RegistryImportStore.importMaterials(
            [MaterialRecord(materialID: "demo-tract", title: "«Туман китеби» (fictional demo tract)",
                            organizationID: String(fog), text: tract)], actor: actor, app: app)

        let sources = try await Source.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        guard !sources.isEmpty else { return }
        let capturer = DemoCheck(app: app, services: try app.monitoring)

        // 1. Labelled items, as analysts' decisions: what the classifier learns from.
        let names = orgs.prefix(3).map { [$0.nameKy, $0.nameRu] }
        var labelled: [(text: String, label: TriageLabel)] = []
        for (index, template) in DemoTexts.propaganda.enumerated() {
            labelled.append((template.replacingOccurrences(of: "{org}", with: names[index % 3][index % 2]), .propaganda))
        }
        for (index, template) in DemoTexts.reporting.enumerated() {
            labelled.append((template.replacingOccurrences(of: "{org}", with: names[index % 3][index % 2]), .reporting))
        }
        labelled += DemoTexts.unrelated.map { ($0, .unrelated) }
        let trainingIDs = try await capturer.check(
            labelled.enumerated().map { (sources[$0.offset % sources.count], "training/\($0.offset)", $0.element.text) })
        for (id, sample) in zip(trainingIDs, labelled) {
            try await DecisionStore.record(itemID: id, label: sample.label, actor: actor, app: app)
        }
        let model = try TextClassifier.train(samples: try await DecisionStore.samples(on: app.db))
        let url = AnalyzerFactory.classifierURL(app.kaiguul)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try model.serialized().write(to: url, options: .atomic)

        // 2. The queue: findings analysed with the classifier, at every priority level.
        _ = try await capturer.check(DemoTexts.queue.enumerated().map {
            (sources[$0.offset % sources.count], "post/\($0.offset)", $0.element)
        })
    }
}

/// Writes the demo's analysed pages as captures (WARC request/response/metadata through the app's writer)
/// and runs the pipeline's compare, analyse and store steps on them, one check per source.
struct DemoCheck {
    let app: Application
    let services: MonitoringServices

    /// Each page (source, path, text) becomes a captured HTML page with one item; returns item ids in order.
    func check(_ pages: [(source: Int, path: String, text: String)]) async throws -> [Int] {
        var keys: [String] = []
        var bySource: [Int: [(key: String, item: ExtractedItem, page: CapturePipeline.Page)]] = [:]
        for (index, page) in pages.enumerated() {
            guard let source = try await SourceSnapshot.load(id: page.source, on: app.db) else { continue }
            let url = "https://demo-capture.example/\(source.id)/\(page.path)"
            let title = String(page.text.prefix { $0 != "." && $0 != "!" }.prefix(80))
            let html = """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(Escape.attribute(title))</title></head>
                <body><article><h1>\(Escape.attribute(title))</h1><p>\(Escape.attribute(page.text))</p></article></body></html>
                """
            let captureID = try await capture(url, html: html, source: source)
            let item = ExtractedItem(permalink: url, published: Date(), title: title, text: page.text)
            let key = ChangeDetector.key(for: item, pageURL: url)
            keys.append(key)
            bySource[source.id, default: []].append(
                (key, item, CapturePipeline.Page(url: url, captureID: captureID, status: 200, complete: true,
                                                 output: nil, index: index)))
        }
        for (sourceID, entries) in bySource.sorted(by: { $0.key < $1.key }) {
            guard let source = try await SourceSnapshot.load(id: sourceID, on: app.db),
                  let kind = SourceKind(rawValue: source.kind) else { continue }
            let compared = try await CapturePipeline.compare(
                source: source, kind: kind, pages: entries.map(\.page), current: entries.map { ($0.key, $0.item) },
                cut: true, app: app)
            let pageOf = Dictionary(entries.map { ($0.key, $0.page) }, uniquingKeysWith: { first, _ in first })
            let findings = await CapturePipeline.analyse(compared.changes, media: [:], source: source, services: services)
            _ = try await CapturePipeline.store(source: source, job: nil, compared: compared, pageOf: pageOf, media: [:],
                                                findings: findings, pages: entries.map(\.page), app: app)
        }
        let items = try await Item.query(on: app.db).filter(\.$itemKey ~~ keys).all()
        let ids = Dictionary(items.compactMap { item in item.id.map { (item.itemKey, $0) } }, uniquingKeysWith: max)
        return keys.compactMap { ids[$0] }
    }

    /// One page as the recorder writes a fetch: request, response and metadata records, and the row.
    private func capture(_ url: String, html: String, source: SourceSnapshot) async throws -> Int {
        try await DemoPageRecorder(services: services, app: app)
            .record(url, body: Array(html.utf8), type: "text/html; charset=utf-8", sourceID: source.id,
                    source: source.warcLabel, ip: DemoData.address(of: url))
            .requireID()
    }
}

/// The demo's invented texts. `{org}` is an organisation's name; Kyrgyz and Russian alternate, so
/// an even position takes the Kyrgyz name and an odd one the Russian.
enum DemoTexts {
    static let propaganda = [
        "{org} сени күтүп турат! Кошул, бир тууганым, кечикпе!",
        "{org} ждёт тебя, брат! Вступай сегодня, не опоздай!",
        "Чыныгы жигиттер {org} катарында. Ойгон да бүгүн эле кошул!",
        "Настоящие парни уже в рядах: {org}. Просыпайся и вступай!",
        "{org} гана туура жолду көрсөтөт. Туубуздун астына тур!",
        "Только {org} знает верный путь. Вставай под наше знамя!",
        "Бийликке ишенбе, {org} менен бирге бол, биз күчтүүбүз!",
        "Не верь власти, будь вместе с нами, {org}, нас не остановить!",
        "Жаштар, {org} силерди чакырат! Жабык топко жазылгыла, шилтеме профилде.",
        "Молодёжь, тебя зовёт {org}! Подпишитесь на закрытый канал, ссылка в профиле.",
        "{org} түбөлүк! Бул кабарды таратып, досторуңа бөлүш!",
        "{org} навсегда! Распространи это сообщение среди друзей!",
    ]
    static let reporting = [
        "ИИМдин маалыматы боюнча, {org} уюмунун эки мүчөсү кармалды.",
        "По данным МВД, задержаны двое участников организации {org}.",
        "Сот {org} уюмун экстремисттик деп таап, ишмердүүлүгүнө тыюу салды.",
        "Суд признал организацию {org} экстремистской и запретил её деятельность.",
        "Милиция {org} уюму таратып жүргөн баракчаларды тапты, кылмыш иши козголду.",
        "Милиция изъяла листовки организации {org}, возбуждено уголовное дело.",
        "Укук коргоо органдары жарандарды {org} сыяктуу тыюу салынган уюмдарга кошулбоого чакырышты.",
        "Правоохранительные органы призвали граждан не вступать в запрещённые организации, например {org}.",
        "Эксперттер {org} уюмунун үгүтү жаштарга тийгизген зыянын талкуулашты.",
        "Эксперты обсудили, чем опасна для молодёжи агитация организации {org}.",
        "Шаардык сот {org} уюмунун ишине байланыштуу өкүм чыгарды.",
        "Городской суд вынес приговор по делу организации {org}.",
    ]
    static let unrelated = [
        "Бүгүн Бишкекте жаан жаап, көчөлөрдө суу көп болду.",
        "Сегодня в Бишкеке прошёл дождь, на улицах много воды.",
        "Нарында жаңы мектеп ачылды, балдар сабакка барышты.",
        "В Нарыне открылась новая школа, дети пошли на уроки.",
        "Улуттук футбол курамасы жеңишке жетишти.",
        "Национальная сборная по футболу одержала победу.",
        "Базарда алманын баасы арзандады деп сатуучулар айтышты.",
        "На Иссык-Куле в этом году стало больше туристов.",
        "Ошто жаңы парк ачылып, балдар үчүн оюн аянтчасы курулду.",
        "В Оше открылась детская библиотека, читателей ждут каждый день.",
        "Эртең Таласта аба ырайы жылуу, күн ачык болот деп күтүлүүдө.",
        "Завтра в Таласе ожидается тёплая и солнечная погода.",
        "Жалал-Абадда жаңгак түшүмү быйыл мол болду.",
        "В Джалал-Абаде в этом году богатый урожай орехов.",
        "Каракол шаарында жаңы оорукана курулуп бүттү.",
        "В Караколе построили новый стадион для школьников.",
    ]

    /// An invented tract, registered as a banned material of the first demo organisation.
    static let bannedTract = """
        Туман китеби, биринчи бөлүм. Караңгы тоолордон туман түшөт жана ал баарын жабат. Туман келгенде биз \
        бириккен күч болобуз. Ар бир бир тууган өз ордун билет, ар бир жол бир гана максатка алып барат. Туман \
        эч качан токтобойт, ал ар бир үйгө, ар бир көчөгө кирет. Биз тумандын балдарыбыз, биздин күчүбүз \
        биримдикте. Бул сөздөрдү жатка билгиле жана башкаларга айтып бергиле.
        """

    /// The triage queue's findings: propaganda, reposts of the tract, news and plain chatter, so that with
    /// the trained classifier every priority level is reached (DemoAnalysisTests checks it).
    static let queue = [
        "#каратуман! Кара Туман Бирлиги сени күтөт, бир тууган! Туман келет, бүгүн кошул: kara-tuman.example",
        "Түн Жолчулары чакырат: түнкү жолго чык! #түнжолу, кечикпе, бизге кошул!",
        "Достор, мына бул текстти окугула жана таратгыла. " + bannedTract,
        "Ночные Путники ждут тебя. Подробности у @night_wayfarers_demo.",
        "Жашыл Шамал Жамааты жөнүндө эмне билесиң? @green_wind_demo каналын окуп көр.",
        "ИИМдин басма сөз кызматы эскертет: төмөнкү текст сот тарабынан тыюу салынган, аны таратууга болбойт. "
            + bannedTract,
        "Сот тыюу салган «Туман китеби» кайрадан табылды, милиция маалымдайт. " + bannedTract,
        "Сот Кара Туман Бирлигин (#каратуман, KTB, kara-tuman.example) экстремисттик деп таап, ишмердүүлүгүнө тыюу салды.",
        "Эксперттер #түнжолу жана «түнкү жолго чык» деген ураандар Түн Жолчулары уюмуна таандык экенин айтышты.",
        "Сот Жашыл Шамал Жамааты уюмун экстремисттик деп таап, ишмердүүлүгүнө тыюу салды.",
        "Милиция сообщила о задержании в Оше: задержанный состоял в организации Союз Чёрного Тумана.",
        "Бүгүн Ошто аба ырайы ачык, күн жылуу болот. #каратуман #түнжолу kara-tuman.example",
        "Завтра в Таласе ожидается тёплая и солнечная погода. KTB, Kara Tuman, @green_wind_demo",
        "Бүгүн Ошто аба ырайы ачык, күн жылуу болот.",
        "В Караколе открылся новый парк для детей.",
    ]
}
