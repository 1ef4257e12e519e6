extension Strings {
    /// Interface strings of forms: the error list at the top of a refused form, the confirmations
    /// shown after a save, and the messages of field rules, in all three languages.
    static let forms = Area(name: "forms", tables: [
        .ky: [
            "form.errors.one": "Форма сакталган жок: бир талааны оңдоңуз.",
            "form.errors.many": "Форма сакталган жок: {count} талааны оңдоңуз.",
            "flash.saved": "Сакталды.",
            "flash.case_created": "Иш №{id} ачылды.",
            "flash.source_created": "Булак №{id} кошулду.",
            "flash.source_saved": "Булак сакталды.",
            "flash.organization_saved": "Уюм сакталды.",
            "flash.indicator_saved": "Белги сакталды.",
            "flash.indicators_imported": "Белгилер жүктөлдү: {count}.",
            "copy.button": "Көчүрүү",
            "copy.done": "Көчүрүлдү",
        ],
        .ru: [
            "form.errors.one": "Форма не сохранена: исправьте одно поле.",
            "form.errors.many": "Форма не сохранена: исправьте поля ({count}).",
            "flash.saved": "Сохранено.",
            "flash.case_created": "Дело №{id} открыто.",
            "flash.source_created": "Источник №{id} добавлен.",
            "flash.source_saved": "Источник сохранён.",
            "flash.organization_saved": "Организация сохранена.",
            "flash.indicator_saved": "Индикатор сохранён.",
            "flash.indicators_imported": "Индикаторы загружены: {count}.",
            "copy.button": "Копировать",
            "copy.done": "Скопировано",
        ],
        .en: [
            "form.errors.one": "The form was not saved: please correct one field.",
            "form.errors.many": "The form was not saved: please correct {count} fields.",
            "flash.saved": "Saved.",
            "flash.case_created": "Case no. {id} opened.",
            "flash.source_created": "Source no. {id} added.",
            "flash.source_saved": "Source saved.",
            "flash.organization_saved": "Organisation saved.",
            "flash.indicator_saved": "Indicator saved.",
            "flash.indicators_imported": "Indicators imported: {count}.",
            "copy.button": "Copy",
            "copy.done": "Copied",
        ],
    ])
}
