extension Strings {
    /// People's contacts shown at a minimum (issue 20): masked in lists, opened in full only by an
    /// audited "show", found by a whole contact; a name whose key is missing.
    static let contacts = Area(name: "contacts", tables: [
        .ky: [
            "volunteer.sealed_name": "Ыктыярчы №{id} (маалымат шифрленген, ачкычы жок)",
            "contact.show": "Көрсөтүү",
            "contact.show_hint": "Толук байланышты көрсөтүү аудит журналына жазылат.",
            "contact.shown_logged": "Ушул бетте гана көрсөтүлдү; көрсөтүү аудит журналына жазылды.",
            "contact.search_hint": "Аты-жөнү же району боюнча; толук телефон номери же @аты так ошол байланышты табат (анын бир бөлүгүн эмес)",
            "contact.keep_hint": "Азыр: {mask}. Сактап калуу үчүн бош калтырыңыз; алмаштыруу үчүн жаңысын жазыңыз.",
            "contact.remove": "Байланышты өчүрүү",
            "contact.tip_sender": "Жөнөтүүчүнүн байланышы",
            "contact.tip_title": "№{id} кабарламаны жөнөтүүчүнүн байланышы",
            "contact.back_to_tips": "Кабарламаларга кайтуу",
            "audit_action.volunteer.contact_show": "Ыктыярчынын байланышы көрсөтүлдү",
            "audit_action.tip.contact_show": "Кабарлама жөнөтүүчүнүн байланышы көрсөтүлдү",
        ],
        .ru: [
            "volunteer.sealed_name": "Волонтёр №{id} (данные зашифрованы, ключа нет)",
            "contact.show": "Показать",
            "contact.show_hint": "Показ полного контакта записывается в журнал аудита.",
            "contact.shown_logged": "Показано только на этой странице; показ записан в журнал аудита.",
            "contact.search_hint": "По ФИО или району; полный номер телефона или @имя находит именно этот контакт (не его часть)",
            "contact.keep_hint": "Сейчас: {mask}. Оставьте пустым, чтобы сохранить; введите новый, чтобы заменить.",
            "contact.remove": "Удалить контакт",
            "contact.tip_sender": "Контакт отправителя",
            "contact.tip_title": "Контакт отправителя сообщения №{id}",
            "contact.back_to_tips": "К сообщениям",
            "audit_action.volunteer.contact_show": "Показан контакт волонтёра",
            "audit_action.tip.contact_show": "Показан контакт отправителя сообщения",
        ],
        .en: [
            "volunteer.sealed_name": "Volunteer #{id} (sealed, key missing)",
            "contact.show": "Show",
            "contact.show_hint": "Showing the full contact is recorded in the audit log.",
            "contact.shown_logged": "Shown on this page only; the showing is recorded in the audit log.",
            "contact.search_hint": "By name or district; a whole phone number or @handle finds exactly that contact (not part of one)",
            "contact.keep_hint": "Now {mask}. Leave empty to keep it; type a new one to replace it.",
            "contact.remove": "Remove the contact",
            "contact.tip_sender": "Sender's contact",
            "contact.tip_title": "Contact of the sender of tip #{id}",
            "contact.back_to_tips": "Back to the tips",
            "audit_action.volunteer.contact_show": "Volunteer's contact shown",
            "audit_action.tip.contact_show": "Tip sender's contact shown",
        ],
    ])
}
