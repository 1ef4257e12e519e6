extension Strings {
    /// Interface strings of the page frame (the menu and its entries), in all three languages.
    static let layout = Area(name: "layout", tables: [
        .ky: [
            "nav.home": "Башкы бет",
            "nav.menu": "Меню",
        ],
        .ru: [
            "nav.home": "Главная",
            "nav.menu": "Меню",
        ],
        .en: [
            "nav.home": "Home",
            "nav.menu": "Menu",
        ],
    ])
}
