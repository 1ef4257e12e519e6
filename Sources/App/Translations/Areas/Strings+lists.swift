extension Strings {
    /// Interface strings of long lists: search, filters, refused filter values, the audit log's readable
    /// actions and details, in all three languages.
    static let lists = Area(name: "lists", tables: [
        .ky: [
            "list.filter.heading": "Чыпкалар колдонулган жок:",
            "list.filter.unknown_value": "«{filter}» чыпкасында «{value}» деген маани жок.",
            "list.filter.too_long": "«{filter}» өтө узун: эң көп дегенде {max} белги.",
            "list.filter.not_shown": "Тизме көрсөтүлгөн жок: жогорудагы чыпкаларды оңдоңуз.",
            "list.filter.clear": "Чыпкаларды тазалоо",
            "list.filter.from": "Күндөн",
            "list.filter.to": "Күнгө чейин",
        ],
        .ru: [
            "list.filter.heading": "Фильтры не применены:",
            "list.filter.unknown_value": "У фильтра «{filter}» нет значения «{value}».",
            "list.filter.too_long": "«{filter}» слишком длинный: не более {max} знаков.",
            "list.filter.not_shown": "Список не показан: исправьте фильтры выше.",
            "list.filter.clear": "Сбросить фильтры",
            "list.filter.from": "С даты",
            "list.filter.to": "По дату",
        ],
        .en: [
            "list.filter.heading": "Filters not applied:",
            "list.filter.unknown_value": "The filter “{filter}” has no value “{value}”.",
            "list.filter.too_long": "“{filter}” is too long: at most {max} characters.",
            "list.filter.not_shown": "The list is not shown: correct the filters above.",
            "list.filter.clear": "Clear filters",
            "list.filter.from": "From (date)",
            "list.filter.to": "To (date)",
        ],
    ])
}
