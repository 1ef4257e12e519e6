import Fluent
import KaiguulCore

/// Fills a case's folded search text, and whether it counts as a site or an account, whenever the case is
/// saved through Fluent, whichever store saves it.
struct CaseSearchText: AsyncModelMiddleware {
    static func text(_ title: String, _ target: String) -> String { Search.fold(title + "\n" + target) }

    func create(model: CaseRecord, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.searchText = Self.text(model.title, model.target)
        model.countedAs = SiteOrAccount.of(target: model.target).rawValue
        try await next.create(model, on: db)
    }

    func update(model: CaseRecord, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.searchText = Self.text(model.title, model.target)
        model.countedAs = SiteOrAccount.of(target: model.target).rawValue
        try await next.update(model, on: db)
    }
}
