extension Strings {
    /// Strings of measured block verification (issue 17): the collateral warning on shared addresses.
    static let blockVerification = Area(name: "blockVerification", tables: [
        .ky: [
            "collateral.title": "Дарек башка сайттар менен бөлүшүлгөн",
            "collateral.explain": "Бул буттын даректеринде башка сайттар да көрүнгөн (Kaiguul'дун өз DNS суроолорунан жана сактоолорунан). Дарек боюнча бөгөттөгөн провайдер аларды да бөгөттөйт. Бөгөттөө буйругун чыгаруудан мурун текшериңиз.",
            "collateral.address": "{address} дарегинде:",
            "collateral.more": "жана дагы {count}",
            "collateral.badge": "бөлүшүлгөн дарек",
        ],
        .ru: [
            "collateral.title": "Адрес общий с другими сайтами",
            "collateral.explain": "На адресах этой цели замечены и другие сайты (по собственным DNS-запросам и захватам Kaiguul). Провайдер, блокирующий по адресу, заблокирует и их. Проверьте это до выдачи предписания о блокировке.",
            "collateral.address": "На адресе {address}:",
            "collateral.more": "и ещё {count}",
            "collateral.badge": "общий адрес",
        ],
        .en: [
            "collateral.title": "Address shared with other sites",
            "collateral.explain": "Other sites were seen on this target's addresses (from Kaiguul's own DNS resolutions and captures). A provider blocking by address would block them too. Check before the block order is issued.",
            "collateral.address": "On {address}:",
            "collateral.more": "and {count} more",
            "collateral.badge": "shared address",
        ],
    ])
}
