extension Strings {
    /// Strings of `kaiguul keys show --text` and `kaiguul keys rotate`, in all three languages.
    static let keys = Area(name: "keys", tables: [
        .ky: [
            "keys.instance": "Нуска: {instance}",
            "keys.use.wacz": "Далилдер пакеттери (WACZ)",
            "keys.use.audit": "Аудит журналынын текшерүү чекиттери",
            "keys.status.current": "учурдагы",
            "keys.status.retired": "{date} иштен чыгарылган",
            "keys.created": "түзүлгөн: {date}",
            "keys.public_key": "ачык ачкыч (DER, base64): {key}",
            "keys.rotated": "Ачкыч алмаштырылды ({use}). Иштен чыгарылганы: {old}. Жаңысы: {new}. Жаңы ачкыч менен кол коюшу үчүн kaiguul serve жана worker процесстерин кайра иштетиңиз; эски ачык ачкыч текшерүү үчүн жарыяланып кала берет.",
            "keys.error.named_by_environment": "{path} ачкыч файлын {variable} көрсөтөт: аны оператор өзү алмаштырат (жаңы ачкыч файлын түзүп, {variable} ага буруп, эски ачык ачкычты retired.json файлына кошот).",
            "keys.usage": "Колдонуу: kaiguul keys show [--text] [--lang ky|ru|en] | kaiguul keys rotate wacz|audit",
        ],
        .ru: [
            "keys.instance": "Экземпляр: {instance}",
            "keys.use.wacz": "Пакеты доказательств (WACZ)",
            "keys.use.audit": "Контрольные точки журнала аудита",
            "keys.status.current": "действующий",
            "keys.status.retired": "выведен из работы {date}",
            "keys.created": "создан: {date}",
            "keys.public_key": "открытый ключ (DER, base64): {key}",
            "keys.rotated": "Ключ заменён ({use}). Выведен из работы: {old}. Новый: {new}. Перезапустите kaiguul serve и процессы worker, чтобы они подписывали новым ключом; старый открытый ключ остаётся опубликованным для проверки.",
            "keys.error.named_by_environment": "Файл ключа {path} задан переменной {variable}: такой ключ заменяет оператор (создаёт новый файл ключа, указывает на него {variable} и добавляет старый открытый ключ в retired.json).",
            "keys.usage": "Использование: kaiguul keys show [--text] [--lang ky|ru|en] | kaiguul keys rotate wacz|audit",
        ],
        .en: [
            "keys.instance": "Instance: {instance}",
            "keys.use.wacz": "Evidence packages (WACZ)",
            "keys.use.audit": "Audit-log checkpoints",
            "keys.status.current": "current",
            "keys.status.retired": "retired {date}",
            "keys.created": "created: {date}",
            "keys.public_key": "public key (DER, base64): {key}",
            "keys.rotated": "Key rotated ({use}). Retired: {old}. New: {new}. Restart kaiguul serve and the workers so they sign with the new key; the old public key stays published for verification.",
            "keys.error.named_by_environment": "The key file {path} is named by {variable}: the operator rotates that key (makes a new key file, points {variable} at it and adds the old public key to retired.json).",
            "keys.usage": "Usage: kaiguul keys show [--text] [--lang ky|ru|en] | kaiguul keys rotate wacz|audit",
        ],
    ])
}
