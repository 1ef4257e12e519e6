import Foundation

enum CurriculumIndex {
    struct Model {
        var modules: [TrainingModule]
        var organizations: [Organization]
        var counterMaterials: [CounterMaterial]
        var regions: [Region]
        /// Completion of all time, by module and region.
        var trained: CurriculumStatistics.Trained
        /// Volunteers not trained since `since`, by region (nil: no region).
        var untrainedCounts: [Int?: Int]
        /// The region chosen to list people in, if any.
        var region: Region?
        var completed: [CurriculumCoordinator.Person]
        var untrained: [CurriculumCoordinator.Person]
        var since: String
        var canCreate: Bool
        var canUpdate: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String

        func moduleTitle(_ id: Int, _ language: Language) -> String {
            modules.first { $0.id == id }?.title(language) ?? "#\(id)"
        }

        func regionName(_ id: Int?, _ language: Language) -> String {
            id.flatMap { id in regions.first { $0.id == id } }?.name(language) ?? "—"
        }
    }
}
