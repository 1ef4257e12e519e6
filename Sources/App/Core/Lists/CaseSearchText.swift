import Fluent

/// Fills a case's folded search text whenever the case is saved through Fluent, whichever store saves it.
struct CaseSearchText: AsyncModelMiddleware {
    static func text(_ title: String, _ target: String) -> String { Search.fold(title + "\n" + target) }

    func create(model: CaseRecord, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.searchText = Self.text(model.title, model.target)
        try await next.create(model, on: db)
    }

    func update(model: CaseRecord, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        model.searchText = Self.text(model.title, model.target)
        try await next.update(model, on: db)
    }
}
