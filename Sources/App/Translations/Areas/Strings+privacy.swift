extension Strings {
    /// People's data (issue 20): sealed records, erased records.
    static let privacy = Area(name: "privacy", tables: [
        .ky: [
            "nav.erasure_requests": "Өчүрүү өтүнүчтөрү",
            "volunteer.erased_name": "Өчүрүлгөн ыктыярчы №{id}",
            "volunteer.error.erased": "Бул ыктыярчынын жеке маалыматтары өчүрүлгөн; жазууну өзгөртүүгө болбойт.",
        ],
        .ru: [
            "nav.erasure_requests": "Запросы на удаление",
            "volunteer.erased_name": "Удалённый волонтёр №{id}",
            "volunteer.error.erased": "Персональные данные этого волонтёра удалены; запись нельзя изменить.",
        ],
        .en: [
            "nav.erasure_requests": "Erasure requests",
            "volunteer.erased_name": "Erased volunteer #{id}",
            "volunteer.error.erased": "This volunteer's personal data has been erased; the record cannot be changed.",
        ],
    ])
}
