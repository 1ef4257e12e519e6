"""A fictional national year for Kaiguul at scale, as rows per table (Python stdlib only).

Every organisation, site, person and slogan here is invented. The generator is deterministic:
the same scale factor gives the same rows, byte for byte, so two loads (PostgreSQL, SQLite) and
two runs compare. Values are those the application itself writes (case states and their events,
signal kinds and their JSON details, evidence kinds, audit actions), because the pages render them.

Rows are produced table by table in foreign-key order. Accounts are not made here: the loaders
create them afterwards with `kaiguul user create`, and the ids below are the ids those accounts
get on an empty users table (USER_IDS); the loaders check that.

Times are Python floats (seconds since 1970, UTC); each loader formats them for its database.
"""

import hashlib
import random

import evidence

YEAR_START = 1767225600.0  # 2026-01-01T00:00:00Z
YEAR_END = 1796083200.0  # 2026-12-01T00:00:00Z
YEAR_SPAN = YEAR_END - YEAR_START
DAY = 86400.0

# The accounts the loaders create, in this order, so that ids 1.. are theirs.
USERS = [
    ("admin", "admin", "Scale admin"),
    ("analyst", "analyst", "Айгүл Токтосунова (scale)"),
    ("expert", "expert", "Бакыт Осмонов (scale)"),
    ("legal", "legal", "Нургуль Абдыкадырова (scale)"),
    ("coordinator", "coordinator", "Эрлан Сыдыков (scale)"),
    ("volunteer", "volunteer", "Жылдыз Маматова (scale)"),
    ("partner", "partner", "Partner desk (scale)"),
    ("auditor", "auditor", "Аудитор (scale)"),
    ("provider", "provider", "Provider feed (scale)"),
]
USER_IDS = {name: i + 1 for i, (name, _, _) in enumerate(USERS)}
ANALYST, EXPERT, LEGAL, COORDINATOR = (USER_IDS[n] for n in ("analyst", "expert", "legal", "coordinator"))

# Full-size counts (scale 1.0), as issue 18 names them.
FULL = {
    "organizations": 40,
    "banned_materials": 200,
    "indicators": 400,
    "sources": 2000,
    "captures": 300_000,
    "items": 1_000_000,
    "cases": 20_000,
    "volunteer_groups": 150,
    "volunteers": 5000,
    "counter_materials": 300,
    "distributions": 500_000,
    "audit_log": 200_000,
}
SIGNALS_PER_ITEM = 3
CLICK_DAYS_PER_DISTRIBUTION = 4

TS = "ts"  # column type markers for the loaders
BOOL = "bool"


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def iso_day(t):
    import time
    return time.strftime("%Y-%m-%d", time.gmtime(t))


# Invented organisation names: adjective × noun in three languages (Russian nouns all masculine).
ADJ = [("Кара", "Чёрный", "Black"), ("Ак", "Белый", "White"), ("Көк", "Синий", "Blue"),
       ("Жашыл", "Зелёный", "Green"), ("Кызыл", "Красный", "Red"), ("Алтын", "Золотой", "Golden"),
       ("Түнкү", "Ночной", "Night"), ("Боз", "Серый", "Grey")]
NOUN = [("Туман", "туман", "Fog"), ("Шамал", "ветер", "Wind"), ("Жол", "путь", "Road"),
        ("Кырка", "хребет", "Ridge"), ("Булак", "родник", "Spring")]

KY_LINES = [
    "Жаштар, {ky} силерди чакырат! Жабык топко жазылгыла, шилтеме профилде.",
    "{ky} жолу гана туура жол, калгандары адашкан.",
    "Бүгүн шаарда жаңы мектеп ачылды, ата-энелер ыраазы.",
    "Айыл чарба жармаңкеси ишемби күнү өтөт, баары чакырылат.",
    "{ky} үчүн чогулуш: убакыт жана жер жеке билдирүүдө.",
    "Тоодо кар эрте түштү, айдоочулар этият болгула.",
]
RU_LINES = [
    "Молодёжь, тебя зовёт движение «{ru}»! Подпишитесь на закрытый канал, ссылка в профиле.",
    "Только путь движения «{ru}» верный, остальные заблуждаются.",
    "Городской суд вынес приговор по делу движения «{ru}».",
    "В районе открылась новая библиотека, вход свободный.",
    "Собрание сторонников «{ru}»: время и место в личных сообщениях.",
    "Синоптики обещают тёплые выходные по всей стране.",
]
FIRST = ["Айбек", "Гүлнара", "Нурлан", "Айжан", "Темир", "Асель", "Бекзат", "Динара", "Эмил", "Салтанат",
         "Улан", "Мээрим", "Азамат", "Жибек", "Талант", "Чолпон"]
LAST = ["Асанов", "Бекова", "Турдуев", "Касымова", "Жээнбеков", "Алиева", "Омуров", "Садыкова",
        "Эркинов", "Молдокулова", "Токтогулов", "Шамшиева"]
COURTS = ["Ленинский районный суд г. Бишкек (вымышленный)", "Октябрьский районный суд г. Бишкек (вымышленный)",
          "Ошский городской суд (вымышленный)", "Джалал-Абадский областной суд (вымышленный)"]
GROUP_WORDS = ["Ак жол", "Тынчтык", "Санарип кайгуул", "Биримдик", "Жаш муун", "Ынтымак", "Келечек", "Мекен"]
PLATFORM_KINDS = ["telegram", "youtube", "vk", "ok", "tiktok", "instagram", "facebook"]
PLATFORM_HOST = {"telegram": "t.me", "youtube": "www.youtube.com", "vk": "vk.com", "ok": "ok.ru",
                 "tiktok": "www.tiktok.com", "instagram": "www.instagram.com", "facebook": "www.facebook.com"}


class Year:
    """The dataset at a scale factor (1.0 = issue 18's national year)."""

    def __init__(self, scale=1.0, seed=18, files_dir=None):
        self.scale = scale
        self.seed = seed
        # When set, the WARC files and document blobs the rows name are written there (evidence.py).
        self.files = evidence.Writer(files_dir) if files_dir else None
        self.n = {k: max(1, int(round(v * scale))) for k, v in FULL.items()}
        self.n["volunteer_groups"] = min(self.n["volunteer_groups"], self.n["volunteers"])

    def rng(self, table):
        return random.Random(f"{self.seed}:{table}")

    # --- helpers shared across tables -------------------------------------------------------
    def org_names(self, i):  # i: 1-based organisation id
        a = ADJ[(i - 1) % len(ADJ)]
        b = NOUN[((i - 1) // len(ADJ)) % len(NOUN)]
        k = (i - 1) // (len(ADJ) * len(NOUN))
        suffix = "" if k == 0 else f" {k + 1}"
        return (f"{a[0]} {b[0]} кыймылы{suffix}", f"{a[1]} {b[1]}{suffix}", f"{a[2]} {b[2]} Movement{suffix}")

    def source_of_capture(self, c):  # 1-based ids
        return (c - 1) % self.n["sources"] + 1

    def capture_time(self, c):
        return YEAR_START + (c - 0.5) * YEAR_SPAN / self.n["captures"]

    def capture_url(self, c):
        s = self.source_of_capture(c)
        sep = "/?" if self.source_kind(s) == "website" else "?"
        return f"{self.source_address(s)}{sep}capture={c}"

    def capture_sha(self, c):
        return evidence.payload_sha(c)

    def source_kind(self, s):
        r = s % 10
        if r < 4:
            return "website"
        if r == 4:
            return "rss"
        return PLATFORM_KINDS[s % len(PLATFORM_KINDS)]

    def source_address(self, s):
        kind = self.source_kind(s)
        if kind == "website":
            return f"https://scale-site-{s}.example"
        if kind == "rss":
            return f"https://scale-news-{s}.example/feed.xml"
        return f"https://{PLATFORM_HOST[kind]}/scale_channel_{s}"

    def source_identity(self, s):
        kind = self.source_kind(s)
        if kind == "website":
            return f"scale-site-{s}.example"
        if kind == "rss":
            return f"scale-news-{s}.example/feed.xml"
        return f"{kind}:scale_channel_{s}"

    def item_capture(self, k):  # items spread evenly over captures, several per capture (feeds)
        return (k - 1) * self.n["captures"] // self.n["items"] + 1

    # --- tables, in load order --------------------------------------------------------------
    def tables(self):
        return [
            ("organizations", self.organizations), ("banned_materials", self.banned_materials),
            ("indicators", self.indicators), ("sources", self.sources), ("captures", self.captures),
            ("items", self.items), ("signals", self.signals), ("cases", self.cases),
            ("documents", self.documents), ("court_decisions", self.court_decisions),
            ("case_events", self.case_events), ("case_evidence", self.case_evidence),
            ("block_orders", self.block_orders), ("volunteer_groups", self.volunteer_groups),
            ("volunteers", self.volunteers), ("group_members", self.group_members),
            ("counter_materials", self.counter_materials), ("distributions", self.distributions),
            ("link_clicks", self.link_clicks), ("audit_log", self.audit_log),
        ]

    def organizations(self):
        cols = [("id", None), ("name_ky", None), ("name_ru", None), ("name_en", None), ("aliases", None),
                ("designation", None), ("court", None), ("decision_number", None), ("decision_date", None),
                ("status", None), ("notes", None), ("search_text", None), ("created_at", TS), ("updated_at", TS)]

        def rows():
            for i in range(1, self.n["organizations"] + 1):
                ky, ru, en = self.org_names(i)
                aliases = f"#org{i}scale\n@org_{i}_scale"
                search = "\n".join([ky, ru, en, aliases]).lower()
                t = YEAR_START - 400 * DAY + i * DAY
                yield (i, ky, ru, en, aliases, "terrorist" if i % 5 == 0 else "extremist", COURTS[i % len(COURTS)],
                       f"ВЫМ-2024-{i:04d}", f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}", "banned",
                       "Fictional organisation of the scale dataset.", search, t, t)
        return cols, rows()

    def banned_materials(self):
        cols = [("id", None), ("organization_id", None), ("title", None), ("kind", None), ("court", None),
                ("decision_number", None), ("decision_date", None), ("text", None), ("created_at", TS)]
        n_org = self.n["organizations"]

        def rows():
            for i in range(1, self.n["banned_materials"] + 1):
                o = (i - 1) % n_org + 1
                ky, ru, _ = self.org_names(o)
                text = " ".join(KY_LINES[j % 2].format(ky=ky) for j in range(i % 4 + 3))
                yield (i, o, f"«{ru}»: брошюра №{i} (вымышленная)", "text" if i % 4 else "media",
                       COURTS[i % len(COURTS)], f"ВЫМ-2025-{i:04d}", "2025-03-01", text if i % 4 else None,
                       YEAR_START - 200 * DAY + i * 3600)
        return cols, rows()

    def indicators(self):
        cols = [("id", None), ("organization_id", None), ("value", None), ("language", None), ("mode", None),
                ("weight", None), ("created_at", TS), ("updated_at", TS), ("search_text", None)]
        n_org = self.n["organizations"]

        def rows():
            for i in range(1, self.n["indicators"] + 1):
                o = (i - 1) % n_org + 1
                ky, ru, _ = self.org_names(o)
                kind = (i - 1) // n_org % 3
                value, lang, mode = [(ky.split(" кыймылы")[0], "ky", "phrase"), (ru, "ru", "phrase"),
                                     (f"org{o}scale", "ky", "hashtag")][kind]
                if kind == 2:
                    value = f"#{value}"
                t = YEAR_START + i * 3600
                yield (i, o, value, lang, mode, 2.0 if kind < 2 else 1.5, t, t, value.lower())
        return cols, rows()

    def sources(self):
        cols = [("id", None), ("kind", None), ("address", None), ("identity", None), ("title", None),
                ("region_id", None), ("organization_id", None), ("check_interval_minutes", None), ("status", None),
                ("found_by", None), ("discovered_from_id", None), ("notes", None), ("search_text", None),
                ("last_checked_at", TS), ("next_check_at", TS), ("created_by", None), ("created_at", TS),
                ("updated_at", TS), ("capture_mode", None)]
        n_org = self.n["organizations"]

        def rows():
            for s in range(1, self.n["sources"] + 1):
                kind = self.source_kind(s)
                address, identity = self.source_address(s), self.source_identity(s)
                _, ru, _ = self.org_names((s - 1) % n_org + 1)
                title = f"«{ru}» — источник {s} (вымышленный)"
                status = "active" if s % 20 else ("paused" if s % 40 else "gone")
                found = ["analyst", "analyst", "tip", "discovered"][s % 4]
                disc = ((s * 7) % (s - 1) + 1) if found == "discovered" and s > 1 else None
                if disc is None and found == "discovered":
                    found = "analyst"
                created = YEAR_START + (s % 300) * DAY / 10
                # Next check far ahead: a worker pointed at this database by mistake must not go
                # out to these invented addresses.
                yield (s, kind, address, identity, title, s % 9 + 1, (s - 1) % n_org + 1, 60 * (1 + s % 6),
                       status, found, disc, "", "\n".join([title.lower(), address, identity]),
                       YEAR_END - 3600, YEAR_END + 365 * DAY, ANALYST, created, created, "http")
        return cols, rows()

    def captures(self):
        cols = [("id", None), ("source_id", None), ("url", None), ("fetched_at", TS), ("http_status", None),
                ("collector", None), ("ip", None), ("warc_file", None), ("warc_offset", None), ("warc_length", None),
                ("payload_sha256", None), ("role", None), ("content_type", None), ("record_id", None),
                ("request_offset", None), ("request_length", None), ("metadata_offset", None),
                ("metadata_length", None), ("record_digests", None), ("capture_mode", None)]
        files = self.files

        def rows():
            # Offsets and lengths are those of the real gzip members (evidence.py), written or not.
            offset = 0
            for c in range(1, self.n["captures"] + 1):
                warc = evidence.warc_name(c)
                if (c - 1) % evidence.PER_WARC == 0:
                    info = evidence.warcinfo(warc)
                    offset = len(info)
                    if files:
                        files.warc(warc, info)
                url, t = self.capture_url(c), self.capture_time(c)
                request, response, metadata, d, record_id = evidence.capture_records(c, url, t)
                req_off, resp_off = offset, offset + len(request)
                meta_off = resp_off + len(response)
                offset = meta_off + len(metadata)
                if files:
                    files.warc(warc, request + response + metadata)
                digests = ('{"metadata":"sha256:%s","request":"sha256:%s","response":"sha256:%s"}'
                           % (d["metadata"], d["request"], d["response"]))
                yield (c, self.source_of_capture(c), url, t, 200,
                       "kaiguul@scale (synthetic)", f"2001:db8::{c % 65536:x}", warc, resp_off, len(response),
                       self.capture_sha(c), "page", "text/html; charset=utf-8", record_id,
                       req_off, len(request), meta_off, len(metadata), digests, "http")
            if files:
                files.close()
        return cols, rows()

    LEVELS = [(0, "none"), (1, "low"), (2, "medium"), (3, "high")]

    def item_level(self, k):
        r = (k * 2654435761) % 100  # spread deterministically: 60% none, 25% low, 10% medium, 5% high
        return 0 if r < 60 else 1 if r < 85 else 2 if r < 95 else 3

    def item_text(self, k):
        o = (k - 1) % self.n["organizations"] + 1
        ky, ru, _ = self.org_names(o)
        level = self.item_level(k)
        if k % 2:
            line = KY_LINES[(k // 2) % 3 if level >= 2 else 2 + (k // 2) % 4].format(ky=ky.split(" кыймылы")[0])
            return "ky", line, o
        line = RU_LINES[(k // 2) % 3 if level >= 2 else 2 + (k // 2) % 4].format(ru=ru)
        return "ru", line, o

    def items(self):
        cols = [("id", None), ("source_id", None), ("capture_id", None), ("item_key", None), ("permalink", None),
                ("published_at", TS), ("text", None), ("language", None), ("media", None), ("version", None),
                ("created_at", TS), ("title", None), ("content_sha256", None), ("details", None),
                ("triage_score", None), ("triage_level", None)]

        def rows():
            for k in range(1, self.n["items"] + 1):
                c = self.item_capture(k)
                s = self.source_of_capture(c)
                lang, line, _ = self.item_text(k)
                text = f"{line} #{k}"
                permalink = f"{self.source_address(s)}/post/{k}"
                t = self.capture_time(c)
                level = self.item_level(k)
                score = level * 25 + (k % 25)
                yield (k, s, c, f"url:{permalink}", permalink, t - 3600, text, lang, "[]", 1, t + 1,
                       line.split("!")[0].split(".")[0][:120], sha(text), '{"links":[]}', score, level)
        return cols, rows()

    def signals(self):
        cols = [("id", None), ("item_id", None), ("kind", None), ("score", None), ("organization_id", None),
                ("material_id", None), ("details", None), ("created_at", TS)]
        n_mat = self.n["banned_materials"]

        def rows():
            sid = 0
            for k in range(1, self.n["items"] + 1):
                lang, line, o = self.item_text(k)
                level = self.item_level(k)
                score = level * 25 + (k % 25)
                t = self.capture_time(self.item_capture(k)) + 1
                ind = round(min(1.0, level * 0.3 + (k % 7) / 50), 4)
                near = round(0.8 + (k % 20) / 100, 4) if level == 3 and k % 3 == 0 else 0.0
                ky, ru, _ = self.org_names(o)
                phrase = ky.split(" кыймылы")[0] if lang == "ky" else ru
                sid += 1
                yield (sid, k, "triage", score / 100.0, None, None,
                       '{"language":{"code":"%s","confidence":0.9999,"script":"Cyrl","tag":"%s"},"priority":'
                       '{"components":{"context":1,"indicator":%s,"nearDuplicate":%s},"level":"%s","score":%d}}'
                       % (lang, lang, ind, near, self.LEVELS[level][1], score), t)
                sid += 1
                if near:
                    m = (k - 1) % n_mat + 1
                    yield (sid, k, "near_duplicate", near, None, m,
                           '{"kind":"near_duplicate","materialID":"%d","reasons":["about %d%% of this text is in '
                           'banned material %d (window 0)"],"score":%s,"spans":[]}' % (m, int(near * 100), m, near), t)
                else:
                    cls = round(min(1.0, 0.1 + level * 0.28 + (k % 5) / 100), 4)
                    yield (sid, k, "classifier", cls, None, None,
                           '{"kind":"classifier","label":"%s","reasons":["c:%s (+0.02)"],"score":%s,"spans":[]}'
                           % ("propaganda" if cls >= 0.5 else "other", phrase[:4].lower(), cls), t)
                sid += 1
                yield (sid, k, "indicator", ind, o, None,
                       '{"kind":"indicator","matched":[{"mode":"phrase","text":"%s","weight":2}],"organizationID":"%d",'
                       '"reasons":["phrase «%s» (weight 2.00)"],"score":%s,"spans":[{"end":%d,"start":0}]}'
                       % (phrase, o, phrase, ind, len(phrase)), t)
        return cols, rows()

    # Case states at the end of the year, with how many of every 200 cases are in each (sums to 200).
    CASE_MIX = [("new", 15), ("in_review", 60), ("referred_to_expert", 35), ("expert_confirmed", 8),
                ("expert_rejected", 12), ("dismissed", 45), ("submitted_to_court", 13), ("court_rejected", 2),
                ("court_ordered", 1), ("blocked", 8.5), ("lifted", 0.5)]
    # The happy path and the actions that lead along it.
    PATH = [("open", None, "new", ANALYST), ("start_review", "new", "in_review", ANALYST),
            ("refer_to_expert", "in_review", "referred_to_expert", ANALYST),
            ("record_expert_conclusion", "referred_to_expert", "expert_confirmed", EXPERT),
            ("submit_to_court", "expert_confirmed", "submitted_to_court", LEGAL),
            ("record_court_decision", "submitted_to_court", "court_ordered", LEGAL),
            ("mark_blocked", "court_ordered", "blocked", LEGAL),
            ("lift_block", "blocked", "lifted", LEGAL)]
    DEPTH = {"new": 1, "in_review": 2, "referred_to_expert": 3, "expert_confirmed": 4, "submitted_to_court": 5,
             "court_ordered": 6, "blocked": 7, "lifted": 8}

    def case_state(self, i):
        # Interleaved so that every state appears all through the year and at every scale.
        slot = ((i - 1) * 7919) % 400 / 2.0
        acc = 0.0
        for state, share in self.CASE_MIX:
            acc += share
            if slot < acc:
                return state
        return "in_review"

    def case_steps(self, i):
        """(action, from, to, actor, document kind or None) for case i, in order."""
        state = self.case_state(i)
        if state == "dismissed":
            return [s + (None,) for s in self.PATH[:2]] + [("dismiss", "in_review", "dismissed", ANALYST, None)]
        if state == "expert_rejected":
            return [s + (None,) for s in self.PATH[:3]] + [
                ("record_expert_conclusion", "referred_to_expert", "expert_rejected", EXPERT, "expert_conclusion")]
        if state == "court_rejected":
            return [s + (None,) for s in self.PATH[:3]] + [
                (self.PATH[3] + ("expert_conclusion",)), (self.PATH[4] + (None,)),
                ("record_court_decision", "submitted_to_court", "court_rejected", LEGAL, "court_decision")]
        steps = []
        for n, step in enumerate(self.PATH[:self.DEPTH[state]]):
            doc = {3: "expert_conclusion", 5: "court_decision", 7: "court_decision"}.get(n)
            steps.append(step + (doc,))
        return steps

    def case_opened(self, i):
        return YEAR_START + (i - 0.5) * (YEAR_SPAN - 60 * DAY) / self.n["cases"]

    def case_target(self, i):
        if i % 4 == 0:
            kind = PLATFORM_KINDS[i % len(PLATFORM_KINDS)]
            return f"{PLATFORM_HOST[kind]}/scale_account_{i}", "account", kind
        return f"scale-target-{i}.example", "domain", None

    def case_captures(self, i):
        """Captures that are case i's evidence: two from one source, spread over the year."""
        n_cap = self.n["captures"]
        base = (i * 104729) % n_cap + 1
        other = (base + self.n["sources"] - 1) % n_cap + 1  # same source, one round later
        return [base] if other == base else [base, other]

    def cases(self):
        cols = [("id", None), ("title", None), ("target", None), ("target_kind", None), ("platform", None),
                ("region_id", None), ("organization_id", None), ("state", None), ("assignee_id", None),
                ("expert_id", None), ("version", None), ("created_by", None), ("created_at", TS), ("updated_at", TS),
                ("search_text", None), ("counted_as", None)]
        n_org = self.n["organizations"]

        def rows():
            for i in range(1, self.n["cases"] + 1):
                target, tkind, platform = self.case_target(i)
                _, ru, _ = self.org_names((i - 1) % n_org + 1)
                title = f"«{ru}»: {'сайт' if tkind == 'domain' else 'аккаунт'} {i}"
                steps = self.case_steps(i)
                state = steps[-1][2]
                opened = self.case_opened(i)
                referred = any(s[0] == "refer_to_expert" for s in steps)
                # The app fills counted_as on every save of a case (CaseSearchText).
                counted = "site" if tkind == "domain" else "account"
                yield (i, title, target, tkind, platform, i % 9 + 1, (i - 1) % n_org + 1, state, ANALYST,
                       EXPERT if referred else None, len(steps) + 2, ANALYST, opened,
                       opened + (len(steps) - 1) * 3 * DAY, f"{title.lower()}\n{target}", counted)
        return cols, rows()

    def _case_docs(self):
        """Yields (document id, case, kind, step index, time) for every document, in id order."""
        d = 0
        for i in range(1, self.n["cases"] + 1):
            opened = self.case_opened(i)
            for n, step in enumerate(self.case_steps(i)):
                if step[4]:
                    d += 1
                    yield d, i, step[4], n, opened + n * 3 * DAY

    def documents(self):
        cols = [("id", None), ("sha256", None), ("size", None), ("filename", None), ("content_type", None),
                ("kind", None), ("case_id", None), ("uploaded_by", None), ("uploaded_at", TS)]

        def rows():
            for d, i, kind, n, t in self._case_docs():
                body = evidence.document_bytes(d, 600 + d % 5000)
                digest = self.files.blob(body) if self.files else hashlib.sha256(body).hexdigest()
                yield (d, digest, len(body), f"{kind}.pdf", "application/pdf", kind, i,
                       EXPERT if kind == "expert_conclusion" else LEGAL, t)
        return cols, rows()

    def _decisions(self):
        """Yields (decision id, case, outcome, document id, reverses id, time)."""
        cd = 0
        for d, i, kind, n, t in self._case_docs():
            if kind != "court_decision":
                continue
            steps = self.case_steps(i)
            to = steps[n][2]
            cd += 1
            if to == "court_rejected":
                yield cd, i, "rejected", d, None, t
            elif to == "court_ordered":
                yield cd, i, "ordered", d, None, t
            else:  # lifted: the reversal of the decision recorded just before
                yield cd, i, "reversed", d, cd - 1, t

    def court_decisions(self):
        cols = [("id", None), ("case_id", None), ("court", None), ("number", None), ("decided_on", None),
                ("outcome", None), ("targets", None), ("document_id", None), ("reverses_id", None),
                ("recorded_by", None), ("created_at", TS), ("appeal_state", None), ("covers_mirrors", BOOL)]

        def rows():
            for cd, i, outcome, d, rev, t in self._decisions():
                target = self.case_target(i)[0]
                yield (cd, i, COURTS[i % len(COURTS)], f"ВЫМ-2026-{cd:05d}", iso_day(t - DAY), outcome,
                       '["%s"]' % target, d, rev, LEGAL, t, "appealable", False)
        return cols, rows()

    def case_events(self):
        cols = [("id", None), ("case_id", None), ("actor_id", None), ("at", TS), ("action", None),
                ("from_state", None), ("to_state", None), ("grounds", None), ("document_id", None)]

        def rows():
            docs = self._case_docs()
            pending = next(docs, None)
            e = 0
            for i in range(1, self.n["cases"] + 1):
                opened = self.case_opened(i)
                for n, (action, frm, to, actor, dockind) in enumerate(self.case_steps(i)):
                    doc = None
                    if dockind:
                        doc = pending[0]
                        pending = next(docs, None)
                    e += 1
                    yield (e, i, actor, opened + n * 3 * DAY, action, frm, to,
                           "Основание записано в материалах дела (вымышленное).", doc)
                    if n == 0:
                        for c in self.case_captures(i):
                            e += 1
                            yield (e, i, ANALYST, opened + 60, "add_evidence", None, None,
                                   "Снимок цели (вымышленный).", None)
        return cols, rows()

    def case_evidence(self):
        cols = [("id", None), ("case_id", None), ("kind", None), ("url", None), ("note", None),
                ("capture_id", None), ("item_id", None), ("added_by", None), ("added_at", TS), ("sha256", None)]
        n_items, n_cap = self.n["items"], self.n["captures"]

        def rows():
            ev = 0
            for i in range(1, self.n["cases"] + 1):
                t = self.case_opened(i) + 60
                caps = self.case_captures(i)
                for c in caps:
                    ev += 1
                    yield (ev, i, "capture", self.capture_url(c), "Снимок цели (вымышленный).", c, None, ANALYST, t,
                           self.capture_sha(c))
                # The first item read from the first capture.
                k = ((caps[0] - 1) * n_items + n_cap - 1) // n_cap + 1
                if k <= n_items and self.item_capture(k) == caps[0]:
                    ev += 1
                    yield (ev, i, "item", f"{self.source_address(self.source_of_capture(caps[0]))}/post/{k}",
                           "Публикация цели (вымышленная).", None, k, ANALYST, t, None)
        return cols, rows()

    def block_orders(self):
        cols = [("id", None), ("case_id", None), ("court_decision_id", None), ("target", None),
                ("target_kind", None), ("status", None), ("issued_at", TS), ("lifted_at", TS),
                ("lifted_by_decision_id", None), ("created_by", None)]

        def rows():
            bo = 0
            decisions = list(self._decisions())
            reversal = {rev: cd for cd, i, outcome, d, rev, t in decisions if rev}
            for cd, i, outcome, d, rev, t in decisions:
                if outcome != "ordered":
                    continue
                target, tkind, _ = self.case_target(i)
                bo += 1
                lifted_by = reversal.get(cd)
                lifted_at = decisions[lifted_by - 1][5] if lifted_by else None
                yield (bo, i, cd, target, tkind, "lifted" if lifted_by else "active", t, lifted_at, lifted_by, LEGAL)
        return cols, rows()

    def volunteer_groups(self):
        cols = [("id", None), ("name", None), ("region_id", None), ("messenger", None), ("coordinator_id", None),
                ("created_at", TS), ("language", None)]

        def rows():
            for g in range(1, self.n["volunteer_groups"] + 1):
                yield (g, f"{GROUP_WORDS[g % len(GROUP_WORDS)]} №{g}", g % 9 + 1,
                       ["whatsapp", "telegram", "other"][g % 3], COORDINATOR, YEAR_START + g * 3600,
                       "ky" if g % 3 else "ru")
        return cols, rows()

    def volunteers(self):
        cols = [("id", None), ("name", None), ("region_id", None), ("district", None), ("age_band", None),
                ("contact", None), ("created_at", TS)]

        def rows():
            for v in range(1, self.n["volunteers"] + 1):
                name = f"{FIRST[v % len(FIRST)]} {LAST[(v // len(FIRST)) % len(LAST)]}"
                yield (v, name, v % 9 + 1, f"{v % 12 + 1}-участок", ["14-17", "18-24", "25-35", "36+"][v % 4],
                       f"scale-{v}@volunteers.example", YEAR_START + (v % 200) * DAY)
        return cols, rows()

    def group_members(self):
        cols = [("id", None), ("group_id", None), ("volunteer_id", None), ("joined_at", TS)]
        n_g = self.n["volunteer_groups"]

        def rows():
            for v in range(1, self.n["volunteers"] + 1):
                yield (v, (v - 1) % n_g + 1, v, YEAR_START + (v % 200) * DAY + 3600)
        return cols, rows()

    def counter_materials(self):
        cols = [("id", None), ("title", None), ("kind", None), ("languages", None), ("topics", None), ("url", None),
                ("status", None), ("created_by", None), ("created_at", TS)]
        topics = ["биримдик", "медиасабаттуулук", "тынчтык", "мыйзам"]

        def rows():
            for m in range(1, self.n["counter_materials"] + 1):
                kind = ["video", "article", "image", "audio"][m % 4]
                yield (m, f"«Биз биргебиз» — материал {m}", kind, ["ky", "ru", "ky,ru"][m % 3], topics[m % 4],
                       f"https://media.example/scale-{m}", "approved" if m % 10 else "retired", COORDINATOR,
                       YEAR_START + m * 3600)
        return cols, rows()

    @staticmethod
    def code(d):
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        out = ""
        while d:
            d, r = divmod(d, 36)
            out = digits[r] + out
        return "s" + out

    def distribution_time(self, d):
        return YEAR_START + (d - 0.5) * (YEAR_SPAN - 5 * DAY) / self.n["distributions"]

    def distributions(self):
        cols = [("id", None), ("material_id", None), ("group_id", None), ("distributed_on", None),
                ("recorded_by", None), ("code", None), ("confirmed_at", TS), ("created_at", TS)]
        n_m, n_g = self.n["counter_materials"], self.n["volunteer_groups"]

        def rows():
            for d in range(1, self.n["distributions"] + 1):
                t = self.distribution_time(d)
                yield (d, (d * 31) % n_m + 1, (d - 1) % n_g + 1, iso_day(t), COORDINATOR, self.code(d),
                       t + 7200 if d % 3 == 0 else None, t)
        return cols, rows()

    def link_clicks(self):
        cols = [("id", None), ("distribution_id", None), ("day", None), ("count", None)]

        def rows():
            lc = 0
            for d in range(1, self.n["distributions"] + 1):
                t = self.distribution_time(d)
                for j in range(CLICK_DAYS_PER_DISTRIBUTION):
                    lc += 1
                    yield (lc, d, iso_day(t + j * DAY), 1 + (d * 7 + j * 13) % 40)
        return cols, rows()

    def audit_log(self):
        """Hash-chained exactly as Sources/App/Core/AuditChain.swift does, from the genesis hash, so
        `kaiguul audit verify` holds; `audit_head()` gives the head to store after the load."""
        cols = [("id", None), ("seq", None), ("at", TS), ("actor_id", None), ("actor_label", None), ("action", None),
                ("object_type", None), ("object_id", None), ("details", None), ("prev_hash", None), ("hash", None)]
        n = self.n["audit_log"]
        n_cases, n_src, n_items, n_dist = self.n["cases"], self.n["sources"], self.n["items"], self.n["distributions"]
        kinds = [
            ("analyst", "case", "case.start_review", lambda k: (k % n_cases + 1, '{"from":"new","to":"in_review"}')),
            ("analyst", "item", "item.decision", lambda k: (k % n_items + 1, '{"label":"%s"}' % ("propaganda" if k % 3 else "other"))),
            (None, "source", "source.check", lambda k: (k % n_src + 1, '{"candidates":"0","changed":"%d","gone":"0","new":"%d","pages":"%d"}' % (k % 2, 3 + k % 4, 4 + k % 4))),
            ("coordinator", "distribution", "distribution.create", lambda k: (k % n_dist + 1, '{"group_id":"%d","material_id":"%d"}' % (k % 150 + 1, k % 300 + 1))),
            ("expert", "case", "case.record_expert_conclusion",
             lambda k: (k % n_cases + 1, '{"finding":"confirmed","from":"referred_to_expert","to":"expert_confirmed"}')),
            ("legal", "case", "case.submit_to_court", lambda k: (k % n_cases + 1, '{"from":"expert_confirmed","to":"submitted_to_court"}')),
            ("analyst", "case", "case.evidence.add", lambda k: (k % n_cases + 1, '{"capture":"%d=%s","count":"1"}' % (k % 300000 + 1, sha(f"scale-capture-{k % 300000 + 1}")))),
            ("analyst", "case", "case.refer_to_expert", lambda k: (k % n_cases + 1, '{"expert_id":"%d","from":"in_review","to":"referred_to_expert"}' % EXPERT)),
        ]

        def rows():
            prev = "0" * 64
            for seq in range(1, n + 1):
                label, otype, action, make = kinds[(seq * 5) % len(kinds)]
                oid, details = make(seq)
                ms = int(round((YEAR_START + (seq - 0.5) * YEAR_SPAN / n) * 1000))
                actor = USER_IDS[label] if label else None
                actor_label = label or "system"
                canon = b"kaiguul-audit-v1\n"
                for name, value in (("seq", str(seq)), ("at", str(ms)),
                                    ("actor_id", str(actor) if actor is not None else None),
                                    ("actor_label", actor_label), ("action", action), ("object_type", otype),
                                    ("object_id", str(oid)), ("details", details), ("prev_hash", prev)):
                    v = (value if value is not None else "\x00null").encode()
                    canon += name.encode() + b":" + str(len(v)).encode() + b":" + v + b"\n"
                h = hashlib.sha256(canon).hexdigest()
                yield (seq, seq, ms / 1000.0, actor, actor_label, action, otype, str(oid), details, prev, h)
                prev = h
            self.audit_last = (n, prev)
        return cols, rows()
