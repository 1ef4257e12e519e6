extension Strings {
    /// Interface strings of trusted timestamps on evidence (RFC 3161 tokens of WARC files), in all three languages.
    static let timestamps = Area(name: "timestamps", tables: [
        .ky: [
            "timestamp.title": "Ишенимдүү убакыт белгиси (RFC 3161)",
            "timestamp.not_configured": "Жазуулар хэштелет (SHA-256), бирок ишенимдүү убакыт белгиси коюлбайт: убакыт белгилөө кызматы (TSA) жөндөлгөн эмес (KAIGUUL_TSA_URLS).",
            "timestamp.pending": "Күтүлүүдө: WARC файлы али ачык же убакыт белгилөө кызматынын жообун күтүп турат.",
            "timestamp.stamped": "{time}, {tsa} берген",
            "timestamp.file_sha256": "WARC файлынын SHA-256",
        ],
        .ru: [
            "timestamp.title": "Доверенная метка времени (RFC 3161)",
            "timestamp.not_configured": "Записи хэшируются (SHA-256), но не получают доверенной метки времени: служба меток времени (TSA) не настроена (KAIGUUL_TSA_URLS).",
            "timestamp.pending": "Ожидается: файл WARC ещё открыт или ждёт ответа службы меток времени.",
            "timestamp.stamped": "{time}, выдана {tsa}",
            "timestamp.file_sha256": "SHA-256 файла WARC",
        ],
        .en: [
            "timestamp.title": "Trusted timestamp (RFC 3161)",
            "timestamp.not_configured": "Captures are hashed (SHA-256) but not timestamped: no time-stamping authority is configured (KAIGUUL_TSA_URLS).",
            "timestamp.pending": "Pending: the WARC file is still open or waiting for the time-stamping authority.",
            "timestamp.stamped": "{time}, by {tsa}",
            "timestamp.file_sha256": "SHA-256 of the WARC file",
        ],
    ])
}
