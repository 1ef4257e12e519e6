import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

/// The demo's knowledge base: full entries for the two fictional organisations, written by the demo
/// analyst and approved by the demo legal officer (version 1), and for the first one a second version
/// awaiting legal, so the approval step is there to try. All text is invented. Runs after the
/// symbols, which the entries list.
extension DemoData {
    static func seedKnowledge(app: Application) async throws {
        guard try await KnowledgeEntry.query(on: app.db).count() == 0,
              let analyst = try await demoPerson("analyst", .analyst, app: app),
              let legal = try await demoPerson("legal", .legal, app: app) else { return }
        let materials = try await CounterMaterial.query(on: app.db)
            .filter(\.$status == CounterMaterialStatus.approved.rawValue).sort(\.$id).limit(4).all().compactMap(\.id)
        for (index, entry) in demoKnowledge.enumerated() {
            guard let org = try await Organization.query(on: app.db).filter(\.$nameEn == entry.organization).first(),
                  let orgID = org.id else { continue }
            let phrases = try await IndicatorRecord.query(on: app.db).filter(\.$organization.$id == orgID)
                .filter(\.$retiredAt == nil).filter(\.$mode ~~ ["word", "stem", "phrase", "hashtag"]).sort(\.$id).limit(3).all()
            let symbols = try await KnowledgeSymbols.forOrganization(orgID, publicOnly: false, on: app.db)
            var content = KnowledgeContent()
            content.ideology = entry.ideology
            content.recruitment = entry.recruitment
            content.recognition = entry.recognition
            content.publicSources = entry.sources
            content.counterMaterialIDs = Array(materials.dropFirst(index * 2).prefix(2))
            content.exampleIndicatorIDs = phrases.compactMap(\.id)
            content.symbolIDs = symbols.compactMap(\.id)
            content.publicFields = Set(KnowledgeField.allCases)
            content.internalNotes = entry.notes
            let first = try await KnowledgeStore.create(organizationID: orgID, KnowledgeInput(content: content, submit: true),
                                                        by: analyst, app: app)
            try await KnowledgeStore.approve(organizationID: orgID, version: first.version,
                                             note: "Сот чечимине жана ачык булактарга дал келет. / Сверено с решением суда.",
                                             by: legal, app: app)
            if let pending = entry.pendingRecognition {
                content.recognition = pending
                _ = try await KnowledgeStore.create(organizationID: orgID, KnowledgeInput(content: content, submit: true),
                                                    by: analyst, app: app)
            }
        }
    }

    private static func demoPerson(_ username: String, _ role: Role, app: Application) async throws -> CurrentUser? {
        guard let user = try await User.query(on: app.db).filter(\.$username == username).first(), let id = user.id else { return nil }
        return CurrentUser(id: id, username: username, displayName: user.displayName, role: role, viaToken: false)
    }

    private struct DemoKnowledge {
        var organization: String
        var ideology: [Language: String]
        var recruitment: [Language: String]
        var recognition: [Language: String]
        var pendingRecognition: [Language: String]?
        var sources: [PublicKnowledgeEntry.SourceLink]
        var notes: String
    }

    private static let demoKnowledge: [DemoKnowledge] = [
        DemoKnowledge(
            organization: "Black Fog Union",
            ideology: [
                .ky: "Ойдон чыгарылган уюм. Мамлекетти жана мыйзамды «туман» деп атап, жаштарды коомдон бөлүнүүгө жана жалгыз «туура жолго» ишенүүгө үндөйт. Зомбулукту «тазалануу» катары көрсөтөт.",
                .ru: "Вымышленная организация. Называет государство и закон «туманом», призывает молодёжь отделиться от общества и верить в единственный «верный путь». Представляет насилие как «очищение».",
                .en: "A fictional organisation. It calls the state and the law \"the fog\", urges young people to cut themselves off from society and to believe in one \"true path\", and presents violence as \"cleansing\".",
            ],
            recruitment: [
                .ky: "Жумушсуз жана чет өлкөдө иштеген жаштарга жеке билдирүү жазат, акча жана «бир туугандык» убада кылат, адегенде диний же спорттук топ болуп көрүнөт, кийин жабык каналга чакырат.",
                .ru: "Пишет в личные сообщения безработным и работающим за рубежом молодым людям, обещает деньги и «братство», сначала выдаёт себя за религиозную или спортивную группу, затем зовёт в закрытый канал.",
                .en: "Messages unemployed young people and those working abroad in private, promises money and \"brotherhood\", first poses as a religious or sports group, then invites them to a closed channel.",
            ],
            recognition: [
                .ky: "Кара фондогу кыска видеолор, бурчунда үч толкун сызыктын үстүндөгү кара булут, «#каратуман» хэштеги, «бир тууган» деген кайрылуу жана «бүгүн кошул» деген чакырык.",
                .ru: "Короткие ролики на чёрном фоне, в углу чёрное облако над тремя волнистыми линиями, хэштег «#каратуман», обращение «брат» и призыв «присоединяйся сегодня».",
                .en: "Short clips on a black background, a black cloud over three wavy lines in the corner, the hashtag \"#каратуман\", the address \"brother\" and the call \"join today\".",
            ],
            pendingRecognition: [
                .ky: "Кара фондогу кыска видеолор жана эми жаңы ысымдагы күзгү каналдар: бурчундагы кара булут, «#каратуман» хэштеги, «бүгүн кошул» деген чакырык.",
                .ru: "Короткие ролики на чёрном фоне и теперь каналы-зеркала под новыми названиями: чёрное облако в углу, хэштег «#каратуман», призыв «присоединяйся сегодня».",
                .en: "Short clips on a black background, and now mirror channels under new names: the black cloud in the corner, the hashtag \"#каратуман\", the call \"join today\".",
            ],
            sources: [
                .init(title: "Сот чечими ДЕМО-2019-0142 (ойдон чыгарылган)", url: "https://court-decisions.example/demo-2019-0142"),
                .init(title: "Тыюу салынган уюмдардын тизмеси (демо)", url: "https://banned-list.example/kg/demo"),
            ],
            notes: "Демо: ички эскертүү — каналдын администраторлору боюнча маалымат иште сакталат, бул жерде эмес."),
        DemoKnowledge(
            organization: "Green Wind Community",
            ideology: [
                .ky: "Ойдон чыгарылган уюм. Өзүн «жаңы жамаат» деп атап, анын мүчөлөрү гана «таза» деп ырастайт; башкаларды душман катары көрсөтүп, куралдуу күрөшкө үндөйт.",
                .ru: "Вымышленная организация. Называет себя «новой общиной» и утверждает, что «чисты» только её члены; изображает остальных врагами и призывает к вооружённой борьбе.",
                .en: "A fictional organisation. It calls itself \"the new community\", claims only its members are \"pure\", portrays everyone else as enemies and calls for armed struggle.",
            ],
            recruitment: [
                .ky: "Оюндардын чаттарында жана видео комментарийлеринде өспүрүмдөр менен таанышат, жардам жана кызыктуу «миссия» сунуштайт, ата-энесинен жашырууну суранат.",
                .ru: "Знакомится с подростками в чатах игр и в комментариях к видео, предлагает помощь и интересную «миссию», просит скрывать общение от родителей.",
                .en: "Befriends teenagers in game chats and video comments, offers help and an exciting \"mission\", and asks them to hide the contact from their parents.",
            ],
            recognition: [
                .ky: "Видеолордун башында шакек ичиндеги үч жашыл канат, жашыл түстөгү жазуулар, «шамал келет» деген ураан жана кирилл менен латын тамгаларын аралаштырып жазылган аттар.",
                .ru: "В начале роликов — три зелёных лопасти в кольце, надписи зелёным цветом, лозунг «ветер придёт» и названия, написанные вперемешку кириллицей и латиницей.",
                .en: "Three green blades in a ring at the start of videos, captions in green, the slogan \"the wind will come\", and names written in mixed Cyrillic and Latin letters.",
            ],
            pendingRecognition: nil,
            sources: [
                .init(title: "Сот чечими ДЕМО-2020-0077 (ойдон чыгарылган)", url: "https://court-decisions.example/demo-2020-0077"),
            ],
            notes: "Демо: ички эскертүү — эксперттин корутундусу №ДЕМО-17 иште."),
    ]
}
