"""TIP tier facts and the report year they belong to.

``tip_tier``
    A country's US Trafficking in Persons (TIP) report ranking: country, tier, report
    year and change (up/down/same) when the story states them, in any of the region's
    languages (tier words, watch-list words, the report's names and the countries in
    every script are in ``monitor.analysis.lexicon``). Only stories about the report or
    about trafficking count; a sentence with COVID, city or data-centre tiers and no
    trafficking word never does. "Level 3", "the lowest ranking", "blacklist" are Tier 3;
    "top tier" is Tier 1. A tier after "from" or before "to" ("from Tier 2 to Tier 3",
    "de niveau 2 au niveau 3", "จาก ... เป็น") is the old tier, not a ranking; a tier in
    brackets after another ("“เทียร์ 2” (Tier 2)") repeats it. Every country of a list
    ("Thailand, Laos and Vietnam remained on Tier 2", "Tier 3: Afghanistan, Algeria, ...")
    is ranked, and so is a list after a colon or a dash, on the next line ("... on Tier 3
    are:" / "A, B and C"), in brackets after the tier ("Tier 1 (A, B and C)"), or going on
    in the next sentence or the one after ("Including A and B.", "新增的国家包括..."); so are
    peers ("alongside A and B", "与A、B等同级", "along with three other countries – A, B
    and C"), "these four countries" (the countries of the sentence before) and "A is in
    the same group as B" (B's tier). A sentence that ranks without naming a country ("the
    kingdom was moved down") ranks the story's subject (the country its title or last
    sentences name), unless it speaks of countries in general ("23 countries are on Tier
    3"). The United States is the report's author and is ranked only when the sentence
    says it graded itself. Rankings in a clause with "may", "could", "if", "waiver" ...
    (rules and threats), hopes and shortfalls ("hopes to reach Tier 1", "short of a Tier 1
    ranking", "มุ่งยกระดับสู่ Tier 1"), comparisons ("a step above the lowest rank of Tier
    3") and definitions ("Tier 1 being the best"), in any language, are left out; a report
    about to come out ("will downgrade Malaysia to ...") counts, and so does the tier a country
    holds now named inside a hope ("to improve its ranking from the current Tier 2 Watch List").
    "Upgraded to Tier 2 from the Watch List" is Tier 2 (the list after "from" is the old tier).
    "Removed from the watch list" is Tier 2; "the third ranking" is Tier 3; "from Tier 3 to 2"
    gives Tier 2. "Special Case" is a fact with tier "Special Case", never a Tier.
    "The next-to-lowest ranking" (or second-lowest) is the Watch List; "top-tier" is Tier 1; "the
    worst performing list" is Tier 3. "Among the 29 Tier 1 countries, A, B and C are the region's
    three" ranks every country it names; "A and B are Tier 2 and Tier 3, respectively" pairs them in
    order. Reaching, earning or receiving a tier ranks the story's subject; a likely move
    ("a likelihood of X falling to Tier 3"), "working toward being upgraded",
    "lobbying for" a tier and "efforts to raise its ranking" are hopes; what a tier means or
    brings ("Tier 3 status will mean ...", "a Tier 3 ranking triggers aid cuts", "第三级别意味着") is no
    ranking; a country named after "with", "than" or "like" ("Chad and Mali, unlike Ghana, slid to ...")
    is compared, not ranked. In the other languages: Indonesian "Daftar
    Pengamatan" is the watch list and "menurunkan", "masuk daftar hitam/pantauan", Vietnamese
    "vào danh sách đen/theo dõi", Chinese "列入...黑名单"
    and "调为最差", French "ajouté" and Thai "เข้าไปในบัญชี" are falls; French "remonté",
    Spanish "asciende", Malay "menaikkan", Thai "ปรับอันดับขึ้น" and Chinese
    "升上"/"晋升" rises, Spanish "degradó" a fall and Indonesian "bertahan" a hold; "du niveau 3 ... au niveau 2" with words between, "从最低的第三级"
    and "dikeluarkan dari daftar “tingkat 3”" give the old tier; Thai "บัญชี...ขั้นเลวร้าย"
    and Spanish "peor categoría" are Tier 3; Spanish "junto con" names a peer and "se encontraba
    en" places; French "sous surveillance" is the watch list, Chinese "维持" holds, and Lao
    "ລະດັບທີ 2" is a numbered tier. "这3个国家" (any numeral) is "these countries"; Chinese "最低类" and Spanish
    "nivel más bajo" are the lowest tier, and so are Malay "kumpulan terbawah" and Vietnamese
    "loại thấp nhất"; Spanish "Grupo 3" (capitalised), French "niveau deux" and
    Vietnamese "“loại ba”" (in quotes) are numbered tiers. A list named before the tier stays whole when one of its countries is named again
    after it ("downgraded A, B and C to Tier 3, saying A ..."); peers are the neighbours a ranked
    country joins ("to join their neighbours A and B") and "other countries like C and D".
    Malay "Tangga 2 Senarai Perhatian", French "rang 3", "la pire catégorie", "au bas du
    classement", "en queue de peloton", Spanish "listado de vigilancia" and "lista de los peores",
    and Tagalog "nasa Tier 2 ang Pilipinas" are tiers too; French and Spanish lists keep their
    "de" (", du Venezuela, de l'Algérie ou encore du Zimbabwe"). A sentence that names no tier but
    places a ranked country "among countries like A and B" gives them its tier; a sentence that
    begins "They"/"Ils" with a placing word ranks the countries of the last sentence that named
    some, and so does "the three countries" after a sentence that names none. A run of one
    country's tiers with years ("Tier 2 in 2017, Tier 2 Watch List from 2018 to 2020 and Tier 3
    in 2021") ranks it on each. Peers keep the change of their own clause ("de la que siguen
    formando parte Cuba": Cuba stays). Malay "apabila" is "if" unless a year follows the tier
    ("when it fell to Tahap 3 in 2021"). A travel advisory's levels are no tier in any language,
    and a story about travel that names neither the report nor trafficking has no tier at all
    (its "Nivel 3" is the State Department's advice to travellers). Two tiers named together
    ("(Tier 2 Watch List dan Tier 3) termasuk ...") are categories: the country after them is not
    ranked. A watch list named at the end of the tier's own clause, with no country or number
    between ('au "niveau 2" des pays qui ... mais restent sous surveillance'), is its watch list.
    A watch list after "from" ("passe de la liste de surveillance au niveau 2", "naik dari Senarai
    Pemerhatian ke Tahap 2", "lên Bậc 2 từ danh sách theo dõi") is the old tier: Tier 2, up; a watch
    list after another country's tier ("Laos (Tahap 2), Nepal (Tahap 2 Pemantauan)") is that
    country's. A list after "including" ("notamment", "包括") ranks every country of it, and of the
    lists joined to it by "besides"/"also" ("位列第三類的,除了A和B,還包括C、D"), up to the next clause.
    "This list" ("cette liste", "esta categoría", "senarai tersebut", "该名单") in the sentence after a
    ranking, with a placing word, names that tier again; "these two countries and Chad" ranks the
    two and Chad. The United States named among Tier 1 peers ("与美国、瑞典等并列", "bersama Belanda
    dan AS") is ranked there; "a place it shares with A and B" gives A and B the tier. Thai, Lao and
    Khmer blacklists (บัญชีดำ) are Tier 3, "taken off the blacklist" is not; Indonesian and Malay
    "tingkat paling bawah" is Tier 3 and "di tingkat teratas" Tier 1 (but not "teratas dari" a list),
    as are their Vietnamese, Thai, Chinese, French and Spanish equivalents. A hope to leave a list
    ("to get Laos taken off the Watch List", "berharap keluar dari daftar
    pengawasan", "希望摆脱观察名单") says the country is on it now. "Tier 2 covers countries that ..."
    defines a tier and ranks nobody, and so does a yes-no question ("Will X fall to Tier 3?",
    "X会被降为第三级吗？"; "Why was X downgraded?" tells it). A ranking only the headline gives is a fact whose sentence is
    the title (``headline_tiers``); one the body states too is the body's.

    The report year comes from the report's name ("the 2023 TIP report", "รายงาน...ประจำปี
    พ.ศ. 2567" = 2024, "2024年人口贩运问题报告", the state.gov address, the Factbook's
    "(2023)", "รายงานปี พ.ศ.2566", "báo cáo năm 2019"), else a year next to the ranking ("in
    2014"; of several, the one written right after it: "from Tier 3 in 2022 to the Watch
    List in 2023"), else the story's report year: the year of the report its title or text
    names ("The 2024 report was released"), a release date written after the report ("Laporan
    ... yang diluncurkan pada tanggal 24 Juni 2019"), or its own date when it says "this year's"
    or "latest" report ("ឆ្នាំ២០២២នេះ") or that it came out "on Friday"; "this year" in the ranking's
    own clause dates it so among older years ("ปีนี้ลาวกลับมาอยู่ Tier 2 หลังปี 2023 ..."). A year after "since"
    ("depuis 2013") starts a run: it neither dates the ranking nor makes the sentence a history;
    "higher than last year" compares and does not date it either; "last year" dates the rankings
    after it or the one right before it ("Tier 3 last year"), not an old tier further back. "Last year" ("el año pasado", "l'année dernière", "tahun lepas", "the previous
    year's report") is the year before; a law named after trafficking in persons ("the 2018 Anti
    Trafficking in Persons Act") never dates the report. Digits in any script are read as ASCII
    (Khmer ៣, Thai ๓, Lao ໓, Burmese ၃, and the Burmese letter wa typed for zero).
    A native tier glossed in English ("ຂັ້ນ ສອງ ຫລື TIER 2", "(Tier 2)") is one ranking, whose watch
    list may follow the gloss; with no country before it, a tier followed by examples ("the
    blacklist, such as A and B", "daftar hitam itu, seperti A dan B") ranks them. Khmer
    "ចំណាត់ថ្នាក់ទាបបំផុត" is the lowest ranking and "បន្តស្ថិតនៅ" holds it; "fell from Tier 2 to the
    watchlist" names the old tier and the new one.

"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from monitor.analysis import lexicon
from monitor.analysis.facts.countries import Mention, find_countries
from monitor.analysis.text import split_sentences
from monitor.models import Fact

TIP_REPORT = re.compile(
    r"[Tt]rafficking\s+[Ii]n\s+[Pp]ersons?|\bTIP\b|[Tt]rafficking\s+(?:in\s+persons\s+)?[Rr]eport|"
    r"anti-trafficking\s+(?:report|ranking|rating)|trafficking\s+rankings?|J/TIP|"
    + "|".join(f"(?i:{name})" for name in lexicon.REPORT_NAMES),
)
_TIER = re.compile(
    r"\b(?P<word>[Tt]iers?|TIERS?|[Ll]evel)[\s-]*(?P<n>1|2|3|I{1,3}|[Oo]ne|[Tt]wo|[Tt]hree)\b"
    r"(?P<wl>[\s(-]*(?:of\s+the\s+)?(?:[Ww]atch|WATCH)[\s-]*(?:[Ll]ist|LIST))?"
    r"|(?P<wl_only>\b(?:[Ww]atch|WATCH)\s*(?:[Ll]ist|LIST)\b)"
    r"|(?P<special>\bSpecial\s+Case\b)"
    r"|(?P<next_lowest>\b(?i:next[\s-]+to[\s-]+|second[\s-]+)(?i:lowest|worst|bottom)\s+(?i:tier|ranking|rank|level|category|rung)\b)"
    r"|(?P<lowest>\b(?i:lowest|bottom|bottommost|worst)(?!-)\s+(?i:tier|ranking|rank|level|category|rung)\b"
    r"|\blist\s+of\s+(?:the\s+)?(?:world['’]s\s+)?worst\s+(?:human\s+)?(?:trafficking\s+)?offenders"
    r"|\b(?:very\s+)?bottom\s+of\s+the\s+(?:rankings?|list|tiers?|table)"
    r"|\bworst[\s-]+(?:performing|offending)\s+(?:list|category|tier|group)\b)"
    r"|(?P<top>\btop[\s-]tier\b|\bhighest\s+(?:tier|ranking)\b)"
    r"|(?P<second>\bsecond(?:-highest)?\s+tier\b)"
    r"|(?P<third>\bthird\s+(?:tier|ranking|rank)\b)"
    rf"|(?P<black>{lexicon.BLACKLIST})"
)
REPORT_AUTHOR = re.compile(lexicon.REPORT_AUTHOR)
TRAFFICKING = re.compile(lexicon.TRAFFICKING, re.IGNORECASE)
_INTL_TIERS = [re.compile(pattern) for pattern in lexicon.NUMBERED_TIERS]
_INTL_LOWEST = re.compile(lexicon.LOWEST, re.IGNORECASE)
_INTL_TOP = re.compile(lexicon.TOP, re.IGNORECASE)
_INTL_WATCH_ONLY = re.compile(lexicon.WATCH_LIST_ONLY, re.IGNORECASE)
_WATCH = re.compile(lexicon.WATCH_LIST, re.IGNORECASE)  # "Daftar Pantauan", "SENARAI PEMERHATIAN"
_WATCH_LEFT = re.compile(lexicon.WATCH_LIST_LEFT, re.IGNORECASE)
_TIER_NUMBER = {"1": 1, "i": 1, "2": 2, "ii": 2, "3": 3, "iii": 3, **lexicon.NUMBER_WORDS}
# Tier words in other senses: COVID restrictions, tier-3 cities, data centres, support plans.
_OTHER_TIER_AFTER = re.compile(
    r"^\W*(?:countries|nations|states|governments|restrictions?|lockdowns?|measures?|rules?|alerts?|cit(?:y|ies)|towns?|areas?|regions?|"
    r"provinces?|data|suppliers?|vendors?|support|customers?|accounts?|membership|pricing|plans?|"
    r"sponsors?|visas?|advisory|travel|warning|capital|banks?|players?|teams?|league|clubs?)\b",
    re.IGNORECASE,
)
_OTHER_TIER_SENTENCE = re.compile(
    r"covid|coronavirus|pandemic|lockdown|travel advisory|data cent(?:er|re)|tier-?[123] cit|[一二三]线城市|[一二三]級城市|"
    # travel advisories' levels in the other languages
    r"ประกาศเตือน|นักท่องเที่ยว|คำเตือนการเดินทาง|คำแนะนำการเดินทาง|advertencia de viaje|alerta de viaje|conseils aux voyageurs|"
    r"peringatan perjalanan|cảnh báo du lịch|旅游警告|旅行警告|旅遊警示",
    re.IGNORECASE,
)
_OTHER_TIER_AFTER_INTL = re.compile(r"^\s*(?:城市|市场|市場|ເມືອງ|เมือง)")
# Where the clause of a tier mention starts, for the hypothetical check: "...; therefore X was downgraded".
_CLAUSE_START = re.compile(r"[;；]|\btherefore\b|\bhowever\b")
# Travel advisories rank countries in levels too; a story about them names the State Department, not trafficking.
_TRAVEL = re.compile(
    r"\btravel|\bviaj\w*|\bvoyag\w*|perjalanan|du\s+lịch|旅游|旅遊|旅行|เดินทาง|นักท่องเที่ยว|ການເດີນທາງ|ដំណើរកម្សាន្ត",
    re.IGNORECASE,
)
# "Thailand stayed on Tier 2 as last year, while Cambodia rose to the Watch List": "last year" before
# "while" (ขณะที่, 而, trong khi...) is the other country's.
_CONTRAST = re.compile(r"\b(?:while|whereas|trong\s+khi|sementara|manakala|tandis\s+que|mientras)\b|ขณะที่|ส่วน|而")


def _contrast_start(sentence: str, clause: int, mention: int) -> int:
    """Where the clause of a ranking at ``mention`` starts, counting contrast words as boundaries."""
    return max([clause, *(m.end() for m in _CONTRAST.finditer(sentence, clause, mention))])


_ASPIRATION = re.compile(lexicon.ASPIRATION, re.IGNORECASE)
# Malay and Indonesian "apabila" is "if" or "when": "when it was downgraded to Tier 3 in 2021" (a year after the tier) is told.
_IF_OR_WHEN = re.compile(r"\bapabila\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(
    r"(?:\b(?:from|out\s+of|từ|rời\s+khỏi)\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:\w+\s+)?|จาก(?:เดิม)?(?:ที่อยู่ใน)?(?:ระดับ|สถานะ)?\s*|(?:从|從|由)(?:最低的|最差的|原本的|原来的|原來的|原先的|此前的|之前的)?|ពី|"
    r"\bdari\s+(?:daftar\s+|kategori\s+|senarai\s+)?|\bdaripada\s+|\bmula\s+sa\s+|ຈາກ)[\"“«「(]?\s?$",
    re.IGNORECASE,
)
# "a country may not sit on the Watch List", "could be downgraded": rules and threats, not rankings.
_HYPOTHETICAL = re.compile(
    r"\b(?:may|might|could|would|can|cannot|should|must|if|unless|risks?|otherwise|waiver|recommend\w*|likelihood|likely|"
    r"possibility|chances?|"
    r"call(?:ed|s|ing)?\s+for)\b|หาก|ถ้า|จะถูก|\bnếu\b|có\s+thể|如果|若|"
    r"可能|将会|\bjika\b|ຖ້າ|ອາດ|pourrait|podría",
    re.IGNORECASE,
)
# The change word must be in the mention's own clause: "Thailand held Tier 2 and Vietnam rose".
_CLAUSE_AFTER = re.compile(
    r"[,;，；](?!\s*(?:including|包括|bao\s+gồm|termasuk|รวมถึง|ได้แก่|dont|incluidos|upgraded|downgraded|promoted|demoted|"
    r"up\s+from|down\s+from|moving|rising|falling|dropping))|\b(?:and|while|whereas|but)\b|โดย|ขณะที่|ส่วน|而|但"
)
_TIER_ORDER = {"Tier 1": 1, "Tier 2": 2, "Tier 2 Watch List": 3, "Tier 3": 4}
_DOWN = re.compile(
    r"\b(?:downgrad\w*|demot\w*|dropped|drops?|fell|falls|slipped|slid|lowered|cut|cuts|relegat\w*|added|adds|"
    r"down\s+(?:from|to)|moved\s+(?:\w+\s+){0,2}down)\b|" + lexicon.DOWN,
    re.IGNORECASE,
)
_UP = re.compile(
    r"\b(?:upgrad\w*|promot\w*|rose|rises|raised|improv\w*|moved\s+(?:\w+\s+){0,2}up|climb\w*|lift\w*|up\s+from|"
    r"elevated|boosted|removed\s+from)\b|" + lexicon.UP,
    re.IGNORECASE,
)
_SAME = re.compile(
    r"\b(?:remain\w*|maintain\w*|retain\w*|kept|keeps|stay\w*|held|holds|unchanged|again|still|consecutive|straight|"
    r"successive|once\s+more|retains|sustained|since|already)\b|" + lexicon.SAME,
    re.IGNORECASE,
)
_PLACED = re.compile(
    r"\b(?:rank\w*|plac(?:ed|es|ing|ement)|remain\w*|kept|keeps|moved|downgrad\w*|upgrad\w*|rated|listed|was\s+on|is\s+on|sits|sat|"
    r"stay\w*|join\w*|dropped|fell|slipped|rose|promot\w*|demot\w*|elevated|classified|retain\w*|maintain\w*|"
    r"reach\w*|achiev\w*|attain\w*|receiv\w*|earn\w*|award\w*|regain\w*)\b|"
    + lexicon.PLACED,
    re.IGNORECASE,
)
_SUBJECT = re.compile(lexicon.SUBJECT_WORDS, re.IGNORECASE)
# The report's author ranks itself too ("The US graded itself at Tier 1", "将美国排在第一列").
_US_RANKED = re.compile(r"\bitself\b|将美国排在|將美國排在|美国列为|美國列為")
_EARLIER = re.compile(r"(?:sebelumnya|previously|formerly|trước\s+đó|ก่อนหน้านี้|此前|之前|auparavant)\W*(?:\w+\W+){0,4}$",
                      re.IGNORECASE)
_RANKED_OBJECT = re.compile(
    r"\b(?:rank\w*|plac\w*|put|puts|kept|keeps|listed|lists|downgrad\w*|upgrad\w*|moved|moves|demot\w*|"
    r"promot\w*|rated|rates|classified|designated|dropped|lowered|raised|left)\s+(?:\w+\s+)?$"
    # "puso a Bulgaria en", "colocó a Tailandia en", "classe le Cambodge"
    r"|\b(?:puso|colocó|ubicó|situó|mantuvo|degradó|elevó|bajó|subió)\s+a\s+(?:los\s+|la\s+)?$|\b(?:classe|place|relègue|maintient)\s+(?:le\s+|la\s+|l['’])?$"
)
_POSSESSIVE_RANK = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}(?:ranking|rank|rating|tier|status|standing|position|placement)\b"
)
_COMPARED_BEFORE = re.compile(r"\b(?:than|with|like|such\s+as|unlike)\s+(?:the\s+)?$")
_COMPARED = re.compile(r"\b(?:than|with|like|as|such\s+as|including|and|or)\s+(?:\w+\s+)?$")
YEAR = r"(?:19|20)\d\d"
MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_REPORT_YEAR = [
    re.compile(
        rf"\b({YEAR})\s+(?:annual\s+)?(?:U\.?S\.?\s+)?(?:Trafficking\s+in\s+Persons|TIP|trafficking\s+report)"
    ),
    re.compile(rf"(?:Trafficking\s+in\s+Persons|TIP)\s+(?:\(TIP\)\s+)?[Rr]eports?\s+(?:for|of)\s+({YEAR})\b"),
    re.compile(rf"(?:\b(?i:its|the|this|last|a)|['’]s)\s+({YEAR})\s+(?:annual\s+)?(?:[Rr]eport|ranking)"),
    re.compile(rf"\b({YEAR})-trafficking-in-persons-report\b"),  # the state.gov address
    # "รายงานปี พ.ศ.2566", "báo cáo năm 2019", "laporan tahun 2021", "rapport 2025", "informe de 2019"
    re.compile(r"(?:รายงาน(?:ประจำ)?ปี\s*(?:พ\.\s*ศ\.\s*)?|(?i:báo\s+cáo\s+(?:tháng\s+\d{1,2}\s+)?(?:năm\s+)?|laporan\s+(?:tahun\s+)?|"
               r"rapport\s+(?:annuel\s+)?(?:de\s+)?|informe\s+(?:anual\s+)?(?:de\s+)?|[ée]dici[óo]n\s+|édition\s+|"
               r"clasificaci[óo]n(?:es)?\s+(?:del?\s+)?|classements?\s+(?:de\s+)?))(25[4-9]\d|(?:19|20)\d\d)(?!\d)"),
    # a report and its release date: "Laporan ... yang diluncurkan pada tanggal 24 Juni 2019", "report released on June 24, 2019"
    re.compile(
        r"(?i:report|laporan|rapport|informe|báo\s+cáo|phúc\s+trình|ulat)[^.;。\n]{0,80}?"
        r"(?i:released|published|unveiled|launched|issued|dirilis|diluncurkan|diterbitkan|dikeluarkan|publié|publicado|presentado|"
        r"công\s+bố|inilabas)\b[^.;。\n]{0,60}?"
        rf"(?:\b\d{{1,2}}(?:\s+|/|-|\.)(?:[^\W\d_]+|\d{{1,2}})(?:\s+|/|-|\.|,\s*)|\b{MONTH_NAMES}\s+\d{{1,2}},?\s+)({YEAR})\b"
    ),
]
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_IN_YEAR = re.compile(rf"\b[Ii]n\s+(?:{MONTH}\s+)?({YEAR})\b")
# Any year, Gregorian or Buddhist era (2540-2599 = 1997-2056), not inside a longer number.
_ANY_YEAR = re.compile(r"(?<![\d,])(?<!\d\.)((?:19|20)\d\d|25[4-9]\d)(?!\d|[.,]\d)")  # "พ.ศ.2565" too
# A year written as a year ("၂၀၂၄ ခုနှစ်", "2020年", "ປີ 2018"): it dates the report named a little later.
_YEAR_WORD_AFTER = re.compile(r"\s*(?:ခုနှစ်|年|ປີ|ปี)")
# Burmese typists often write the letter wa (ဝ) for the digit zero (၀): "၂ဝ၁၉".
BURMESE_WA = re.compile(r"(?<=[၀-၉])ဝ|ဝ(?=[၀-၉])")
_THIS_YEAR = re.compile(lexicon.THIS_YEAR, re.IGNORECASE)
_RELEASED = re.compile(
    r"\b(?:released|unveiled|published|issued|launched|announc\w*)\b|công\s+bố|公布|发布|發布|เผยแพร่|เปิดเผย|merilis|dikeluarkan|"
    r"ເຜີຍແຜ່|publié|publicado|ထုတ်ပြန်|ចេញផ្សាយ", re.IGNORECASE,
)
_YEAR_AFTER_TIER = re.compile(
    rf"[\s\"”’»)]*(?:in|of|for|en|dans|pada(?:\s+tahun)?|tahun|năm|vào\s+năm|noong)\s+(?:the\s+)?({YEAR})\b"
    r"(?!\s*(?:and|to|à|a|al|y|et|dan|hingga|sampai|đến|-|–)\s*\d)"  # not a span: "in 2014 and 2015", "en 2016 à 2018"
)
# A year that opens the clause of a ranking, in a story of several years: "In 2023, X rose to ...".
_YEAR_BEFORE_TIER = re.compile(
    r"(?:\b[Ii]n|\b[Pp]ada\s+tahun|\b[Pp]ada|\b[Tt]ahun|\b[Nn]ăm|ในปี|ปี|\b[Ee]n|ປີ|ឆ្នាំ)\s*((?:19|20)\d\d|25[4-9]\d)\b"
    r"(?=[^.;]{0,70}$)"
)
_WEEKDAY = re.compile(
    r"\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:[Yy]esterday|[Tt]oday)\b|"
    r"\bel\s+(?:lunes|martes|miércoles|jueves|viernes)\b|\b(?:lundi|mardi|mercredi|jeudi|vendredi)\b|"
    r"\bpada\s+(?:hari\s+)?(?:Senin|Selasa|Rabu|Kamis|Jumat|Isnin|Khamis|Jumaat)\b"
)
_LAST_YEAR = re.compile(r"\blast\s+year|\bel\s+año\s+pasado|\bl['’]année\s+(?:dernière|précédente)|\bl['’]an\s+(?:passé|dernier)|\btahun\s+lepas|\ba\s+year\s+(?:ago|earlier)|\b(?:the\s+)?(?:previous|prior|preceding)\s+year['’]s|ปีที่แล้ว|ปีที่ผ่านมา|năm\s+ngoái|去年|tahun\s+lalu|ປີກາຍ",
                        re.IGNORECASE)


_SINCE_BEFORE = re.compile(r"(?:\bsince|\bdepuis|\bdesde|\bsejak|từ\s+năm|自)\s*$", re.IGNORECASE)
# "higher than last year", "compared with last year": a comparison, not the ranking's year.
_THAN_BEFORE = re.compile(r"\b(?:than|compared\s+(?:to|with)|que|dibanding(?:kan)?|so\s+với)\s+$", re.IGNORECASE)


def _year_value(written: str) -> int:
    value = int(written)
    return value - 543 if value >= 2540 else value  # Buddhist era


@dataclass
class Story:
    """What the tier facts of one story share: whether it names the report, its year, its subject."""

    names_report: bool
    year: int | None = None
    subject: str | None = None  # the country the story is about, for sentences that do not name it
    countries: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # the countries of the sentence before ("these four countries")
    last_tier: str | None = None  # the last ranking given, for a list that goes on ("Including Brunei and Vietnam.")
    last_year: int | None = None
    last_age: int = 0  # sentences since last_tier was given
    tiers: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # each country's first ranking in the story
    advisory: bool | None = None  # a travel advisory's levels, with neither the report nor trafficking named


def tip_facts(text: str, start: int, end: int, story: Story) -> Iterator[Fact]:
    sentence = text[start:end]
    names_report = bool(TIP_REPORT.search(sentence))
    countries = find_countries(sentence)
    named = [c.name for c in countries if c.name != "United States"]
    if named:
        story.subject = named[0] if len(set(named)) == 1 else story.subject or named[0]
    before = story.previous
    if named:  # "... Thailand, Venezuela and Malaysia. <a sentence with none> The three countries were relegated ..."
        story.previous = list(dict.fromkeys(named))
    if not names_report and not story.names_report:
        return
    if story.advisory is None:
        story.advisory = bool(_TRAVEL.search(text)) and not (TIP_REPORT.search(text) or TRAFFICKING.search(text))
    if story.advisory:
        return  # "the State Department ranks countries from Level 1 to Level 4 for travellers"
    if _OTHER_TIER_SENTENCE.search(sentence) and not TRAFFICKING.search(sentence):
        return  # COVID restriction tiers, tier-3 cities; but not the report's "impact of COVID-19 on its anti-trafficking capacity"
    mentions = list(_tier_mentions(sentence, names_report or story.names_report))
    if not mentions and story.last_tier and story.last_age <= 1:
        mentions = _list_named_again(sentence, story.last_tier)  # "... on its watch list. A and B stay on this list."
    if not mentions:
        yield from _same_group(text, start, end, countries, story)
        yield from _peers_of_ranked(text, start, end, countries, story)
        if story.last_tier and named and (
            _CONTINUES_LIST.match(sentence) or (not story.last_age and _ADDS_COUNTRIES.search(sentence))
        ):  # "Meliputi Brunei, Vietnam dan Kemboja.", "Laporan itu memasukkan Vietnam, Kamboja dan Brunei."
            added = _NEWLY_ADDED.search(sentence) or (not _CONTINUES_LIST.match(sentence) and _ADDS_COUNTRIES.search(sentence))
            change = _ADDED_CHANGE.get(story.last_tier) if added else None  # "新增的國家包括...", "sumó a A y B al listado"
            for country in dict.fromkeys(named):
                yield Fact("tip_tier", sentence, start, end, country=country, tier=story.last_tier, year=story.last_year,
                           change=change)  # the tier stays named: "En esta categoría figuran también ..." may follow
        elif named or story.last_age:  # the list may go on after one sentence more: "This doubles last year's 13."
            story.last_tier = None
        story.last_age += 1
        return
    # "Level 3, the lowest ranking" is one ranking: a vague mention next to a numbered one goes.
    mentions = [t for t in mentions if not t.vague or not any(
        not o.vague and abs(o.start - t.start) < 40 and not find_countries(sentence[min(o.end, t.end):max(o.start, t.start)])
        for o in mentions
    )]
    current = [t for t in mentions if not t.previous]
    if not current:
        return
    previous = [t for t in mentions if t.previous]
    year = _report_year(sentence, names_report)
    # "on the lowest tier since 2013": where a run starts, neither the ranking's year nor a history
    years = [y for y in _ANY_YEAR.finditer(sentence) if not _SINCE_BEFORE.search(sentence, max(0, y.start() - 12), y.start())]
    historic = bool(years) and year is None
    last_year = _LAST_YEAR.search(sentence)
    # "Last year, X rose to ...", "X rose to Tier 2 last year"; not the old tier's "Nivel 3, donde fue ubicado el año
    # pasado" nor "higher than last year"
    last_year_of: list[_TierMention] = []  # the rankings "last year" dates
    if year is None and last_year and story.year and not _THAN_BEFORE.search(sentence, max(0, last_year.start() - 20), last_year.start()):
        after = [t for t in current if 0 <= last_year.start() - t.end <= 20]
        last_year_of = current if last_year.start() < current[0].start else after[-1:]
    if year is None and not historic:
        year = story.year
    us_ranked = bool(_US_RANKED.search(sentence))
    paired = _paired_rankings(sentence, countries, current)
    if paired:  # "Among the 29 Tier 1 countries, A, B and C ...", "A and B are Tier 2 and Tier 3 respectively"
        for country, mention in paired:
            story.tiers.setdefault(country, (mention.tier, year))
            yield Fact("tip_tier", sentence, start, end, country=country, tier=mention.tier, year=year)
        return
    # "Will Cambodia fall to Tier 3?", "柬埔寨会被降为第三级吗？": asked, not told ("Why was X downgraded?" tells)
    yes_no_question = bool(re.search(r"[?？]\s*$", sentence)) and not _WH_WORD.search(sentence)
    boundary = 0
    last: list[str] = []
    for index, mention in enumerate(current):
        following = current[index + 1].start if index + 1 < len(current) else len(sentence)
        # "(Tier 2 Watch List dan Tier 3) termasuk negara-negara ... Indonesia": two categories named, not a ranking of
        # the country after them
        pair = index > 0 and bool(_TIER_PAIR_GAP.fullmatch(sentence, current[index - 1].end, mention.start))
        ranked = _ranked_countries(sentence, countries, boundary, mention, following, us_ranked, look_after=not pair)
        peers = _peers(sentence, countries, boundary, following)
        own = [c for c in countries if boundary <= c.start < following and c.name != "United States" and c.name not in peers]
        these = _THESE_COUNTRIES.search(sentence, boundary, following)
        if not own and len(before) > 1 and (these or (
                _THEY.match(sentence) and any(p.search(sentence, 0, mention.start) for p in (_PLACED, _DOWN, _UP, _SAME)))):
            ranked = before  # "... Thailand, Malaysia, Gambia and Venezuela. ... lowered those four countries to Level 3"
        elif these and len(before) > 1 and own and _LIST_GAP.match(sentence[these.end():own[0].start]) \
                and own[0].start > these.start():
            joined = own[:1]  # "Ces deux pays et le Tchad rejoignent ...": the two, Chad and its list
            for a, b in zip(own, own[1:], strict=False):
                if not _LIST_GAP.match(sentence[a.end:b.start]):
                    break
                joined.append(b)
            ranked = list(dict.fromkeys(before + [c.name for c in joined] + ranked))
        own_ranked = ranked
        ranked = list(dict.fromkeys(ranked + peers))  # "..., 与中国、越南等同级", "alongside North Korea and Iran"
        if not ranked and not own:
            between = sentence[boundary:mention.start]
            if last and (any(p.search(between) for p in (_DOWN, _UP, _SAME, _PLACED)) or _NEXT_IN_RUN.search(between)) \
                    and not _MANY_COUNTRIES.search(between):
                ranked = last  # "... Tier 2, after it fell to the Watch List in 2021", "in Tier 2 in 2017, Tier 3 in 2021"
            elif story.subject and not _MANY_COUNTRIES.search(sentence, 0, mention.end + 40) and (
                _SUBJECT.search(sentence) or _PLACED.search(between) or _DOWN.search(between) or _UP.search(between)
            ):
                ranked = [story.subject]  # "the kingdom was moved down to Tier 3"
        last = ranked or last
        # A ranking without a country ("a country on the Watch List for two years ...") is a rule, not a fact.
        starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, mention.start)]
        clause = max([boundary, *starts])
        hoped = None if mention.stated else _ASPIRATION.search(sentence, max([0, *starts]), mention.start)  # "hopes to see X removed from ... and in Tier 2"
        hypothetical = bool(_HYPOTHETICAL.search(sentence, clause, mention.start) or (
            _IF_OR_WHEN.search(sentence, clause, mention.start) and not _YEAR_AFTER_TIER.match(sentence, mention.end))
            or yes_no_question)
        if not hypothetical and not hoped:
            story.last_tier, story.last_year, story.last_age = mention.tier, year, 0  # "23 countries are on Tier 3. They include ..."
        if ranked and not hypothetical and not hoped:
            change = None if mention.stated else _tier_change(sentence, boundary, mention, following, previous)
            peer_change = _peer_change(sentence, mention, following) if set(peers) - set(own_ranked) else None
            fact_year = year
            near = [y for y in years if -40 < y.start() - mention.end < 30 or 0 < mention.start - y.end() < 60]
            if fact_year is None and len({y.group(1) for y in years}) == 1 and near:
                fact_year = _year_value(near[0].group(1))  # "dropped ... to Tier 3 in 2014", "ឆ្នាំ២០១៨ ... ថ្នាក់ទី២"
            own_year = _YEAR_AFTER_TIER.match(sentence, mention.end)
            lead = _YEAR_BEFORE_TIER.search(sentence, boundary, mention.start)
            if fact_year is None and lead and len({y.group(1) for y in years}) > 1:
                fact_year = _year_value(lead.group(1))  # "pada tahun 2023, Malaysia dinaik taraf ke Tahap Dua ..."
            if fact_year is None and story.year and _THIS_YEAR.search(
                    sentence, _contrast_start(sentence, clause, mention.start), mention.start):
                fact_year = story.year  # "this year X moved back to Tier 2, after falling to the Watch List in 2021"
            if own_year:  # "from Tier 3 in 2022 to Tier 2 Watch List in 2023"
                fact_year = int(own_year.group(1))
            elif story.year and (mention in last_year_of or _LAST_YEAR.search(
                    sentence, _contrast_start(sentence, clause, mention.start), mention.start)):
                fact_year = story.year - 1  # "..., but Vietnam last year was upgraded to Tier 2 Watch List"
            for country in ranked:
                if not mention.previous:
                    story.tiers.setdefault(country, (mention.tier, fact_year))
                if country == "United States" and not us_ranked and not (country in peers and mention.tier == "Tier 1"):
                    continue  # named as the report's author far more often than as a ranked country ("alongside Sweden and the US": a peer)
                own_change = peer_change if country in peers and country not in own_ranked else change
                yield Fact(
                    "tip_tier", sentence, start, end, country=country, tier=mention.tier, year=fact_year, change=own_change
                )
        bracket = _BRACKET_AFTER.match(sentence, mention.end)
        boundary = bracket.end() if bracket else mention.end  # the countries in "Tier 1 (A, B and C)" are Tier 1's
    yield from _same_group(text, start, end, countries, story)


_THIS_LIST = re.compile(lexicon.THIS_LIST, re.IGNORECASE)


def _list_named_again(sentence: str, last_tier: str) -> list[_TierMention]:
    """The tier just given, named again as "this list" ("cette liste", "esta categoría", "senarai tersebut",
    "该名单") in a sentence that places countries on it."""
    m = _THIS_LIST.search(sentence)
    if m is None or not any(p.search(sentence) for p in (_PLACED, _SAME, _DOWN, _UP)):
        return []
    return [_TierMention(last_tier, m.start(), m.end(), False, True)]


def headline_tiers(title: str, original_title: str, story: Story) -> list[Fact]:
    """The headline's rankings ("Laos stays on Tier 2 Watch List"), as facts whose sentence is the
    title and whose offsets are 0 (the title is not in the text). The tier it names last is the one
    the body's first sentences may go on with ("Los países de la lista negra" / "... added A and B
    to the list"); call it before the body. Keep only those the body does not state (``unsaid``)."""
    own = Story(story.names_report, story.year, story.subject)  # the body's subject and countries stay its own
    found = []
    for start, end in split_sentences(title):
        found += [dataclasses.replace(f, sentence=original_title, start=0, end=0) for f in tip_facts(title, start, end, own)]
    if own.last_tier and not own.last_age:
        story.last_tier, story.last_year, story.last_age = own.last_tier, own.last_year, 0
    return found


def unsaid(headline: list[Fact], body: list[Fact]) -> list[Fact]:
    """The headline's rankings whose (country, tier) the body does not state: a repeated one is the body's."""
    said = {(f.country, f.tier) for f in body if f.kind == "tip_tier"}
    return [f for f in headline if (f.country, f.tier) not in said]


_WH_WORD = re.compile(
    r"\b(?:why|how|what|tại\s+sao|vì\s+sao|mengapa|kenapa|bagaimana|pourquoi|comment|por\s*qué|cómo|bakit|paano)\b|"
    r"为什么|為什麼|为何|為何|怎么|怎麼|如何|ทำไม|อย่างไร|ຍ້ອນຫຍັງ|ហេតុអ្វី",
    re.IGNORECASE,
)


# "Among the 29 Tier 1 countries of the report, Canada, Chile and Colombia are the Americas' three."
_OF_THE_TIER = re.compile(r"^\W*(?:Of|Among)\s+(?:the|all)\s+(?:\d+\s+|[a-z]+\s+)?[\"“]?$")
_TIER_COUNTRIES = re.compile(r"[\"”]?\s+(?:countries|nations)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b")


def _paired_rankings(sentence: str, countries: list[Mention], current: list[_TierMention]) -> list[tuple[str, _TierMention]]:
    """Rankings a sentence gives a whole list at once: "Of the 36 Tier 1 countries, A, B and C are ...",
    or pairs: "A and B are listed as Tier 2 and Tier 3, respectively"."""
    named = [c for c in countries if c.name != "United States"]
    first = current[0]
    if len(current) == 1 and _OF_THE_TIER.match(sentence[:first.start]) and _TIER_COUNTRIES.match(sentence, first.end):
        return [(name, first) for name in dict.fromkeys(c.name for c in named)]
    if len(current) > 1 and _RESPECTIVELY.search(sentence, current[-1].end):
        listed = [c for c in named if c.end <= first.start]
        names = list(dict.fromkeys(c.name for c in listed))
        if len(names) == len(current) and all(
            _LIST_GAP.match(sentence[a.end:b.start]) for a, b in zip(listed, listed[1:], strict=False)
        ):
            return list(zip(names, current, strict=True))
    return []


def _same_group(text: str, start: int, end: int, countries: list[Mention], story: Story) -> Iterator[Fact]:
    """"สปป.ลาว อยู่ร่วมกลุ่มเดียวกับไทย": Laos gets the tier the story gave Thailand."""
    sentence = text[start:end]
    same = _SAME_GROUP.search(sentence)
    if not same:
        return
    other = next((c for c in countries if 0 <= c.start - same.end() <= 4 and c.name in story.tiers), None)
    if other is None:
        return
    tier, year = story.tiers[other.name]
    for c in dict.fromkeys(c.name for c in countries if c.end <= same.start()):
        if c not in (other.name, "United States") and c not in story.tiers:
            yield Fact("tip_tier", sentence, start, end, country=c, tier=tier, year=year)


def _peers_of_ranked(text: str, start: int, end: int, countries: list[Mention], story: Story) -> Iterator[Fact]:
    """"The upgrade places Malaysia among countries like Japan and Kenya", with no tier named: the peers
    get the tier the story gave the country they are put with, when the sentence speaks of placing."""
    sentence = text[start:end]
    if not (_PLACED.search(sentence) or _UP.search(sentence) or _DOWN.search(sentence)):
        return
    for m in _PEERS_BEFORE.finditer(sentence):
        ranked = [c for c in countries if c.end <= m.start() and c.name in story.tiers]
        if not ranked:
            continue
        tier, year = story.tiers[ranked[-1].name]
        for name in _peers(sentence, countries, m.start(), len(sentence)):
            if name not in story.tiers and name != "United States":
                yield Fact("tip_tier", sentence, start, end, country=name, tier=tier, year=year)
        return


# "新增的國家包括...", "the newly added countries are ...": a list that goes on and was moved there.
_NEWLY_ADDED = re.compile(r"新增|新加入|\bnewly\s+added\b|\bnouveaux\s+venus\b|\bbaharu\b", re.IGNORECASE)
_ADDED_CHANGE = {"Tier 3": "down", "Tier 2 Watch List": "down", "Tier 1": "up"}
_CONTINUES_LIST = re.compile(lexicon.CONTINUES_LIST, re.IGNORECASE)
_ADDS_COUNTRIES = re.compile(lexicon.ADDS_COUNTRIES, re.IGNORECASE)
# A sentence about countries in general ("23 countries are on Tier 3") does not rank the story's subject.
_MANY_COUNTRIES = re.compile(
    r"\b(?:countries|nations|governments)\b|(?:國家|国家)(?!警察|委员会|委員會|打击|打擊|反)|\bnegara-negara\b|"
    r"\bcác\s+(?:nước|quốc\s+gia)\b|ประเทศต่าง\s*ๆ|\d+\s*ประเทศ|(?<!\ble\s)(?<!\bce\s)(?<!\bdu\s)(?<!\bau\s)(?<!\bun\s)\bpays\b|\bpaíses\b|\d+\s*(?:negara|nước|quốc\s+gia)\b",
    re.IGNORECASE,
)
_SAME_GROUP = re.compile(lexicon.SAME_GROUP, re.IGNORECASE)
# "They are now among the 26 countries on the blacklist": the countries of the sentence before, when it places them.
_THEY = re.compile(r"^\W*(?:they|ils|elles|ellos|ellas|mereka)\b", re.IGNORECASE)
# A run of one country's tiers: "Tier 2 of the 2017 report, Tier 2 Watch List from 2018 to 2020 and Tier 3 in 2021".
_NEXT_IN_RUN = re.compile(r"^(?=[^.;:]{0,60}?(?:19|20)\d\d)[^.;:]{0,60}?(?:,|\band\b|\bthen\b|\bet\b|\by\b|\bdan\b)\s*$")
_PEERS_BEFORE = re.compile(lexicon.PEERS_BEFORE, re.IGNORECASE)
# "these four countries", "esos cuatro países", "ces pays", "negara-negara tersebut", "这些国家".
# "along with three other countries – Thailand, Gambia and Venezuela"
_PEER_GAP = re.compile(
    r"\s{0,4}(?:(?:l['’]|la\s+|le\s+|les\s+|the\s+|ang\s+)\s*)?$|\s*(?:[\w-]+\s+){0,3}(?:countries|nations|neighbou?rs)\s*[-–—:,(]?\s*(?:like\s+|such\s+as\s+|including\s+)?$",
    re.IGNORECASE,
)
_THESE_COUNTRIES = re.compile(
    r"\b(?:these|those|both|the\s+(?:two|three|four|five|six|seven|eight|nine|ten))\s+(?:\w+\s+)?(?:countries|nations)\b|"
    r"\bthe\s+(?:countries|nations)\b(?!\s+(?:that|which|who|where|with|on|in|of)\b)|"
    r"\b(?:esos|estos|ambos|los\s+(?:dos|tres|cuatro|cinco))\s+(?:\w+\s+)?países\b|\bces\s+(?:\w+\s+)?pays\b|"
    r"\bles\s+(?:deux|trois|quatre|cinq)\s+pays\b|negara-negara\s+(?:tersebut|itu|ini)|kedua\s+negara|"
    r"这些国家|這些國家|[这這]\s*[0-9一二三四五六七八九十两兩]{1,2}\s*[个個]\s*[国國]家|上述国家|上述國家|两国|兩國|ประเทศเหล่านี้|ทั้งสองประเทศ|các\s+(?:nước|quốc\s+gia)\s+này|hai\s+nước",
    re.IGNORECASE,
)


def _peers(sentence: str, countries: list[Mention], lo: int, hi: int) -> list[str]:
    """Countries a sentence puts on the same tier as the ranked one: "与中国、越南等同级", "to join
    their neighbours A and B ..., together with other countries like C and D"."""
    found: list[str] = []
    for m in _PEERS_BEFORE.finditer(sentence, lo, hi):
        listed = [c for c in countries if m.end() <= c.start < hi]  # the United States too: ranked only as a Tier 1 peer
        if not listed or not _PEER_GAP.match(sentence, m.end(), listed[0].start):
            continue
        names = [listed[0].name]
        for a, b in zip(listed, listed[1:], strict=False):
            if not _LIST_GAP.match(sentence[a.end:b.start]):
                break
            names.append(b.name)
        found += names
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _TierMention:
    tier: str
    start: int
    end: int
    previous: bool  # "from Tier 2": the tier before a change, not a ranking of its own
    vague: bool  # "the lowest ranking"
    left_watch: bool = False  # "removed from the Watch List"
    stated: bool = False  # "to improve its ranking from the current Tier 2 Watch List": held now, whatever is hoped


# The tier a country holds now, named inside a hope: "from the current Tier 2", "improve its ranking from Tier 2".
_CURRENT_BEFORE = re.compile(
    r"\b(?:from\s+(?:the|its|our|their)\s+(?:current|present|existing)\s+|"
    r"improv\w*\s+(?:its|our|their|the\s+country['’]s|\w+['’]s)\s+(?:\w+\s+){0,2}(?:ranking|rank|status|standing|position|rating)\s+"
    r"(?:\w+\s+){0,8}?from\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


# "to get Laos taken off the Watch List", "berharap keluar dari daftar pengawasan": a hope
# to leave a list says the country is on it now.
_LEAVE_HOPE = re.compile(
    rf"(?:{lexicon.ASPIRATION})[^.;。]{{0,80}}?(?:\b(?:removed|remove|taken|take|get|got|lifted|graduat\w*|mov\w*|climb\w*)\s+"
    r"(?:\w+\s+){0,3}?(?:off|from|out\s+of)|\bleav\w*|\bexit\w*|\bkeluar\s+dari|\bra\s+khỏi|\bthoát\s+khỏi|ออกจาก|หลุด(?:พ้น)?จาก|"
    r"摆脱|擺脫|脱离|脫離|移出|ចាកចេញពី|ອອກຈາກ|\bsortir\s+de|\bsalir\s+de)\s*(?:the\s+|its\s+|a\s+|la\s+|l['’])?"
    r"(?:[\w’'.-]+\s+){0,3}?[\"“]?$",
    re.IGNORECASE,
)


def _tier_mentions(sentence: str, names_report: bool) -> Iterator[_TierMention]:
    taken: list[tuple[int, int]] = []
    found: list[_TierMention] = []
    for m in _TIER.finditer(sentence):
        after = sentence[m.end():]
        if _OTHER_TIER_AFTER.match(after) and not (
            re.match(r"^\W*(?:countries|nations)\b", after, re.IGNORECASE)
            and (find_countries(sentence[:m.start()]) or _OF_THE_TIER.match(sentence[:m.start()]))
        ) and not _TIER_COUNTRIES_INCLUDE.match(after):
            continue  # "Tier 3 countries face sanctions"; but "A and B were listed as Tier 1 countries"
        left = False
        if m.group("n"):
            if m.group("word").lower() == "level" and not names_report:
                continue  # "Level 3" alone is too common (travel advisories)
            level = _TIER_NUMBER[m.group("n").lower()]
            watch = bool(m.group("wl")) or bool(level == 2 and _WATCH.match(sentence, m.end() + 1, m.end() + 40))
            tier = "Tier 2 Watch List" if level == 2 and watch else f"Tier {level}"
        elif m.group("wl_only"):
            leaving = bool(_LEAVE_HOPE.search(sentence, max(0, m.start() - 140), m.start()))
            if _WATCH_LEFT.search(sentence[max(0, m.start() - 25):m.start()]) and not leaving:
                continue  # "Tier 2 No More Watch List"
            tier = "Tier 2 Watch List"
            if _OFF_THE_LIST.search(sentence, max(0, m.start() - 90), m.start()) and not leaving:
                found.append(_TierMention("Tier 2", m.start(), m.end(), False, False, True))  # "removed Vietnam from a watch list"
                taken.append((m.start(), m.end()))
                continue
        elif m.group("special"):
            tier = "Special Case"
        elif m.group("next_lowest"):
            if not names_report:
                continue
            tier = "Tier 2 Watch List"  # "its next-to-lowest ranking", "the second-lowest tier"
        elif m.group("top") and names_report:
            tier = "Tier 1"
        elif m.group("second"):
            if not names_report:
                continue
            tier = "Tier 2"  # "Bangladesh stayed at the second tier"
        elif m.group("third"):
            if not names_report:
                continue
            tier = "Tier 3"  # "downgraded ... in the third ranking"
        elif names_report and not m.group("top"):
            tier = "Tier 3"
        else:
            continue
        vague = bool(m.group("lowest") or m.group("next_lowest") or m.group("black") or m.group("top") or m.group("second") or m.group("third"))
        if _BEYOND.search(sentence, max(0, m.start() - 40), m.start()) or _DEFINED_AFTER.match(after):
            continue  # "one step above the lowest rank of Tier 3", "with Tier 1 being the best and Tier 3 the worst"
        previous = bool(_FROM_BEFORE.search(sentence, max(0, m.start() - 25), m.start()))
        if m.group("black") and (_OFF_THE_LIST.search(sentence, max(0, m.start() - 90), m.start())
                                 or _WATCH_LEFT.search(sentence[max(0, m.start() - 40):m.start()])):
            previous = True  # "taken off the US trafficking blacklist", "ra khỏi danh sách đen": the old tier
        stated = bool(_CURRENT_BEFORE.search(sentence, max(0, m.start() - 80), m.start())) or (
            tier in ("Tier 2 Watch List", "Tier 3") and bool(_LEAVE_HOPE.search(sentence, max(0, m.start() - 140), m.start())))
        found.append(_TierMention(tier, m.start(), m.end(), previous and not stated, vague, left, stated))
        taken.append((m.start(), m.end()))
    for pattern in _INTL_TIERS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken) or _OTHER_TIER_AFTER_INTL.match(sentence[m.end():m.end() + 10]):
                continue
            if _DEFINED_AFTER_INTL.match(sentence, m.end()):
                continue  # "第一級觀察名單屬於最高的排名": what the tier means, not a ranking
            number = _TIER_NUMBER.get((m.group("n") or m.groupdict().get("n2") or "").lower())
            if number is None:
                continue
            level = number
            tier, left = f"Tier {level}", False
            if level == 2:
                tier, left = _intl_watch(sentence, m.start(), m.end())
            previous = bool(_FROM_BEFORE.search(sentence, max(0, m.start() - 25), m.start()))
            found.append(_TierMention(tier, m.start(), m.end(), previous, False, left))
            taken.append((m.start(), m.end()))
    for m in _INTL_WATCH_ONLY.finditer(sentence):
        near = any(t.tier.startswith("Tier 2") and abs(t.start - m.start()) < 45 or 0 <= m.start() - t.end <= 3
                   or 0 <= t.start - m.end() <= 3 for t in found)  # "danh sách theo dõi nhóm 3": the list's name, the tier's number
        if not near and not any(a < m.end() and m.start() < b for a, b in taken):
            leaving = bool(_LEAVE_HOPE.search(sentence, max(0, m.start() - 140), m.start()))
            left = bool(_WATCH_LEFT.search(sentence[max(0, m.start() - 20):m.start()])) and not leaving
            tier = "Tier 2" if left else "Tier 2 Watch List"
            earlier = bool(_EARLIER.search(sentence[max(0, m.start() - 40):m.start()]))
            found.append(_TierMention(tier, m.start(), m.end(), earlier, False, left, stated=leaving))
            taken.append((m.start(), m.end()))
    if names_report:
        for pattern, tier in ((_INTL_LOWEST, "Tier 3"), (_INTL_TOP, "Tier 1")):
            for m in pattern.finditer(sentence):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    found.append(_TierMention(tier, m.start(), m.end(), False, True))
    for i, t in enumerate(list(found)):  # "from Tier 3 to 2", "del nivel 3 al 2": the new tier written as a bare number
        bare = _BARE_NEW_TIER.match(sentence, t.end)
        earlier = t.previous or bool(re.search(r"\b(?:del|du|de)\s+$", sentence[max(0, t.start - 6):t.start]))
        if bare and earlier and not any(o.start >= t.end and o.start < bare.end() for o in found):
            found[i] = dataclasses.replace(t, previous=True)
            found.append(_TierMention(f"Tier {int(bare.group('n'))}", bare.start("n"), bare.end(), False, False))
    found.sort(key=lambda t: t.start)
    # "“เทียร์ 2” (Tier 2)", "cấp độ hai (tier 2)": a gloss in brackets repeats the mention before it.
    # "ຂັ້ນ ສອງ ຫລື TIER 2": a native tier, "or", and the English one repeats it too.
    found = [t for i, t in enumerate(found) if not (
        i and t.tier[:6] == found[i - 1].tier[:6] and (
            re.fullmatch(r"[\s\"”」]*[(（]\s*", sentence[found[i - 1].end:t.start])
            or _ENGLISH_GLOSS.fullmatch(sentence, found[i - 1].end, t.start) and sentence[t.start:t.end].isascii()
            and not sentence[found[i - 1].start:found[i - 1].end].isascii()))]
    merged: list[_TierMention] = []
    # "al nivel intermedio (Tier 2), pero puestos en la watch list": one ranking, the Watch List; but "fell from
    # Tier 2 to the watchlist" names the old tier and the new one
    for t in found:
        if merged and merged[-1].tier == "Tier 2" and t.tier == "Tier 2 Watch List" and t.start - merged[-1].end < 40 \
                and not t.previous and not merged[-1].previous \
                and not _NUMBERED.search(sentence, t.start, t.end) and not find_countries(sentence[merged[-1].end:t.start]):
            merged[-1] = dataclasses.replace(merged[-1], tier="Tier 2 Watch List", end=t.end)
            continue
        merged.append(t)
    found = merged
    for i, (old, new) in enumerate(zip(found, found[1:], strict=False)):
        moved = bool(_DU_BEFORE.search(sentence, max(0, old.start - 8), old.start)
                     and _AU_BEFORE.search(sentence, max(0, new.start - 8), new.start))  # 'passé du « niveau 3 », celui des pires élèves, au « niveau 2 »'
        if (moved or _TO_NEXT.match(sentence[old.end:new.start])) and not old.previous and not old.stated:
            found[i] = dataclasses.replace(old, previous=True)  # "de niveau 2 au niveau 3", "จาก Tier 2 เป็น ..."
    yield from found


# "Washington removed Vietnam from a watch list": off the list, so on Tier 2.
_OFF_THE_LIST = re.compile(
    r"\b(?:removed|removes|removing|took|taken|takes|taking|dropped|lifted|graduated|came|comes)\s+(?:\w+\s+){0,5}?(?:off|from|out\s+of)\s+"
    r"(?:the\s+|a\s+|its\s+)?(?:[\w-]+\s+){0,2}?[\"“‘']?$", re.IGNORECASE,
)
_NUMBERED = re.compile(r"\d|[一二三]|(?i:\b(?:one|two|three|hai|dua|deux|dos)\b)|ສອງ")  # a tier with its number, not a bare "watch list"
_BEYOND = re.compile(r"\b(?:above|below|away\s+from|ahead\s+of|short\s+of)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}$",
                     re.IGNORECASE)
_DEFINED_AFTER = re.compile(
    r"^\s*(?:(?:being|is|was|as|represents|means|denotes)\s+)?(?:the\s+)?(?:best|worst|highest|lowest)\b"
    r"|^[\s\"”,]*(?:status\s+|ranking\s+|designation\s+)?(?:means|would\s+mean|will\s+mean|implies|entails|triggers|"
    r"would\s+trigger|carries|brings)\b"
    r"|^\s*(?:includes|comprises|covers|is\s+for)\s+(?:those|the\s+)?(?:countries|nations|governments)?\s*(?:that|which|whose)\b",  # "Tier 2 covers countries that ..."
    re.IGNORECASE
)
_BARE_NEW_TIER = re.compile(r"\s+(?:to|al|au|à|a|ke|sang|lên|xuống)\s+(?P<n>[123])\b(?![\d,%:/]|\.\d)", re.IGNORECASE)
_DEFINED_AFTER_INTL = re.compile(r"\s*[别別]?\s*(?:觀察名單|观察名单|名單|名单)?\s*(?:(?:屬於|属于|是|为|為)\s*最(?:高|低|差|好)|意味着|意味著|意指)")
_DU_BEFORE = re.compile(r"\b(?:du|del|desde\s+el)\s+[\"“«]?\s?$", re.IGNORECASE)
_AU_BEFORE = re.compile(r"\b(?:au|al|à|a|hasta\s+el)\s+[\"“«]?\s?$", re.IGNORECASE)
_TO_NEXT = re.compile(
    r"^[\s\"”」)]*(?:to\s+(?:the\s+)?|au\s+|à\s+(?:celle\s+de\s+)?|a\s+la\s+|al\s+|ke\s+|sang\s+|xuống\s+|lên\s+|"
    r"เป็น|สู่|为|為|至|到|降为|降為|升为|升為|ដល់|ទៅ)[\s\"“「(]*$"
)


_ANY_TIER_WORD = re.compile("|".join(f"(?:{re.sub(r'[(][?]P<n2?>', '(', p)})" for p in lexicon.NUMBERED_TIERS) + r"|\b[Tt]ier\b")
_FROM_THE_LIST = re.compile(
    r"(?:\bfrom\s+(?:the\s+|a\s+)?|\bde\s+la\s+|\bdu\s+|\bdesde\s+la\s+|\bdari\s+|\btừ\s+|从|從|จาก)"
    r"(?:danh\s+sách\s+|daftar\s+|senarai\s+|บัญชี)?$", re.IGNORECASE)
# After the tier, only "from" itself: "al Nivel 2 de la Lista de Vigilancia" is the tier's own list.
_FROM_THE_LIST_AFTER = re.compile(
    r"(?:\bfrom\s+(?:the\s+|a\s+)?|\bdesde\s+la\s+|\bdari\s+|\btừ\s+|从|從|จาก)(?:danh\s+sách\s+|daftar\s+|senarai\s+|บัญชี)?$",
    re.IGNORECASE)


# A native tier glossed in English: "ຂັ້ນ ສອງ ຫລື TIER 2", "cấp độ hai (Tier 2)", "ระดับ 2 หรือ Tier 2".
_OR_GLOSS = r"(?:or|hoặc|atau|หรือ|ຫລື|ຫຼື|或|ou|o|ó|ឬ)"
_TIER2_GLOSS = re.compile(r"\s*(?:[(（]\s*[\"“]?[Tt][Ii][Ee][Rr]\s*(?:2|II)[\"”]?\s*[)）]|" + _OR_GLOSS
                          + r"\s*[\"“]?[Tt][Ii][Ee][Rr]\s*(?:2|II)\b[\"”]?)")
_ENGLISH_GLOSS = re.compile(r"[\s\"”」]*" + _OR_GLOSS + r"\s*[\"“]?$")


def _intl_watch(sentence: str, start: int, end: int) -> tuple[str, bool]:
    """A Tier 2 with watch-list words right after it (or right before: "Senarai Pemerhatian Tahap 2")."""
    gloss = _TIER2_GLOSS.match(sentence, end)  # "ຂັ້ນ ສອງ ຫລື TIER 2, ... ບັນຊີ ... ສິ້ງຊອມ": the list after its English gloss
    end = gloss.end() if gloss else end
    after = _WATCH.search(sentence, end, min(len(sentence), end + 45))  # "กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง"
    if after and (find_countries(sentence[end:after.start()]) or (
            _ANY_TIER_WORD.search(sentence, end, after.start()) and not re.match(r"\s*[(（]", sentence[end:]))):
        after = None  # "Laos (Tahap 2), Nepal (Tahap 2 Pemantauan)": the next country's watch list
    if after is None:  # 'au "niveau 2" des pays qui font des efforts ... mais restent sous surveillance': the same countries
        far = _WATCH.search(sentence, end, min(len(sentence), end + 110))
        if far and not find_countries(sentence[end:far.start()]) and not _CONTRAST.search(sentence, end, far.start()) \
                and not re.search(r"[;；.]|\d", sentence[end:far.start()]):
            after = far
    before = None
    for found in _WATCH.finditer(sentence, max(0, start - 45), start):
        # "Senarai Pemerhatian Tahap 2", "danh sách ... theo dõi, tức cấp độ hai"; not "(Tier 2 Watch List) ... เทียร์ 2"
        # nor "từ Danh sách theo dõi Bậc 2 lên Bậc 2": another tier between them has the list
        if not re.search(r"[()\"“”「」]|[Tt]ier|เทียร์|ระดับ|(?i:bậc|cấp|nhóm|tahap|tingkat)\s*\w", sentence[found.end():start]):
            before = found
    for m in (after, before):
        if m is None:
            continue
        if (_FROM_THE_LIST if m is before else _FROM_THE_LIST_AFTER).search(sentence, max(0, m.start() - 24), m.start()):
            return "Tier 2", True  # "passe de la liste de surveillance au niveau 2", "lên Bậc 2 từ danh sách theo dõi": the old tier
        if _WATCH_LEFT.search(sentence[max(0, m.start() - 40):m.start()]):
            return "Tier 2", True  # "khỏi danh sách theo dõi", "không còn nằm trong danh sách theo dõi": off the watch list
        return "Tier 2 Watch List", False
    return "Tier 2", False


_RELATIVE = re.compile(
    r"^\s*,\s*(?:yang|which|who|que|qui|mà|ซึ่ง|ที่|(?:the|a)\s+(?:country|nation|kingdom)\b|quốc\s+gia|nước|đất\s+nước|negara|"
    r"(?:un\s+)?pa[ií]s)\b"
)
_LIST_GAP = re.compile(
    r"^\s*(?:,|、|，|/|&|[—–]|\s-)?\s*(?:\band\b|\bvà\b|\bdan\b|\bserta\b|และ|\bet\b|\by\b|ແລະ|និង|及|和|與|与|\bor\b|"
    r"\bas\s+well\s+as\b|\bou(?:\s+encore)?\b|\bo\b|\bat\b|\basí\s+como\b|\bainsi\s+que\b)?\s*"
    # after a separator, the French and Spanish "de": "aux côtés de l'Iran, du Venezuela, de l'Algérie"
    r"(?:(?<=[,\w])\s*(?:du|des|de\s+la|de\s+l['’]|de|del|de\s+los)\s*)?"
    r"(?:(?:the|le|la|les|l['’]|el|los)\s*)?$"
)


def _ranked_countries(
    sentence: str, countries: list[Mention], lo: int, mention: _TierMention, hi: int, us_ranked: bool = False,
    look_after: bool = True,
) -> list[str]:
    """The country a tier mention ranks, with the rest of its list: "Thailand, Laos and Vietnam remained on"."""
    at = mention.start
    candidates = countries if us_ranked else [c for c in countries if c.name != "United States"]
    chosen = _ranked_country(sentence, candidates, lo, mention, hi, look_after)
    if chosen is None:
        return []
    after = [c for c in candidates if at <= c.start < hi]
    if look_after and after and after[0].name == chosen and _INCLUDING_AFTER.match(sentence[mention.end:mention.end + 40]):
        # "Tier 3 includes, besides A and B, also C, D and E": the lists after it, joined by "also"/"besides"
        listed = after[:1]
        for a, b in zip(after, after[1:], strict=False):
            if not (_LIST_GAP.match(sentence[a.end:b.start]) or _LIST_JOIN.match(sentence[a.end:b.start])):
                break
            listed.append(b)
        return list(dict.fromkeys(c.name for c in listed))
    # The chosen name's mention before the tier if there is one ("downgraded Cambodia, China ... to Tier 3,
    # alleging that Cambodia ..."), else its first after it.
    spots = [i for i, c in enumerate(countries) if c.name == chosen and (lo <= c.start < hi)]
    index = max([i for i in spots if countries[i].start < at] or [min(spots)])
    ranked = [countries[index]]
    for step in (-1, 1):  # extend over the list around the chosen name
        i = index
        while 0 <= i + step < len(countries):
            a, b = (countries[i + step], countries[i]) if step < 0 else (countries[i], countries[i + step])
            if not _LIST_GAP.match(sentence[a.end:b.start]) or not lo <= countries[i + step].start < hi:
                break
            if step > 0 and a.end <= at <= b.start:
                break  # the list does not run across the tier
            i += step
            ranked.append(countries[i])
    names = list(dict.fromkeys(c.name for c in sorted(ranked, key=lambda c: c.start)))
    return names


# "Tier 2 nations include, for instance, Japan and Indonesia": a list of the tier's countries follows.
_TIER_COUNTRIES_INCLUDE = re.compile(
    r"^\W*(?i:countries|nations)\s+(?:(?:in|of|from)\s+(?:the\s+)?(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}|region)\s+)?"
    r"(?i:include|included|includes|are|were)\b"
)  # "Tier 3 countries in Africa include ...", "Tier 1 countries of the region are ..."
_INCLUDING_AFTER = re.compile(
    r"^\W{0,3}(?:觀察名單|观察名单|名單|名单|国家|國家|countries|nations)?\W{0,3}(?:包括|包含|including|include|includes|included|"
    r"termasuk|bao\s+gồm|ได้แก่|notamment|incluyendo|incluidos?|entre\s+ellos|antaranya|di\s+antaranya|รวมถึง)"
    r"|^的?\s*[,，]\s*(?:除了|除)[^,，。]{1,30}[,，]\s*(?:还|還)(?:包括|包含|有)"  # "位列第三類的,除了A和B,還包括C、D"
    r"|^[^,，。.;；]{0,10}?(?:还包括|還包括|包括|包含|有)\s*[:：]"
    r"|^\s*[(（](?=[^()（）]{0,80}[)）])"  # "Tier 1 (South Korea, Poland and Suriname)"
    r"|^\s*(?:are|is|were|include|includes)?\s*[:：]"  # "Tier 3: (24 countries) Afghanistan, Algeria, ...", "on Tier 3 are:"
)


def _ranked_country(
    sentence: str, countries: list[Mention], lo: int, mention: _TierMention, hi: int, look_after: bool = True
) -> str | None:
    at = mention.start
    if look_after and _INCLUDING_AFTER.match(sentence[mention.end:mention.end + 40]):
        after = [c for c in countries if at <= c.start < hi]
        if after:
            return after[0].name  # "第2級觀察名單包括阿富汗、阿根廷..."; every country after it is on that tier
    before = [c for c in countries if lo <= c.start < at]
    # "Chad and Mali, unlike Ghana, slid to the Watch List": not the one compared
    before = [c for c in before if not _COMPARED_BEFORE.search(sentence, max(lo, c.start - 30), c.start)] or before
    for c in before:  # "Cambodia's ranking", "Cambodia's TIP ranking"
        if _POSSESSIVE_RANK.match(sentence[c.end:]):
            return c.name
    for c in before:  # "ranked Cambodia at", "downgraded Cambodia to"
        if _RANKED_OBJECT.search(sentence[max(lo, c.start - 40):c.start]):
            return c.name
    if before:  # "Cambodia was downgraded to", "Cambodia remained on"
        if _RELATIVE.match(sentence[before[0].end:]):
            return before[0].name  # "Vietnam, which has warm ties with China, was downgraded"
        return before[-1].name
    if not look_after:
        return None
    such = _SUCH_AS_AFTER.match(sentence, mention.end, hi)
    if such:  # "... masuk daftar hitam itu, seperti Makau dan Belarus": examples of the tier, no country before it
        listed = [c for c in countries if such.end() <= c.start < hi]
        if listed and listed[0].start - such.end() <= 4:
            return listed[0].name
    clause_end = _CLAUSE_AFTER.search(sentence, at, hi)
    whole_hi, hi = hi, clause_end.start() if clause_end else hi
    for c in countries:  # "Tier 3 went to Cambodia", but not "on par with Myanmar"
        if at <= c.start < hi and not _COMPARED.search(sentence[max(at, c.start - 40):c.start]):
            return c.name
    intro = _LIST_INTRO.search(sentence, mention.end, whole_hi)
    if intro:  # "downgraded four countries to Tier 3, the lowest ranking - Thailand, Malaysia, ..."
        listed = [c for c in countries if intro.end() <= c.start < whole_hi]
        if listed and listed[0].start - intro.end() <= 4:
            return listed[0].name
    return None


# Examples of a tier after it: "the blacklist, such as A and B", "daftar hitam itu, seperti A dan B", "如A、B".
_SUCH_AS_AFTER = re.compile(
    r"\s*(?:itu|ini|tersebut|này|đó)?\s*[,，]?\s*(?:such\s+as|namely|seperti|yaitu|yakni|iaitu|antara\s+lain|như|chẳng\s+hạn\s+như|"
    r"como|comme|tels?\s+que|telles?\s+que|tales\s+como|例如|比如|เช่น)\s*", re.IGNORECASE,
)
# Two lists of one tier joined: "A and B, as well as C", "除了A和B,還包括與C".
_LIST_JOIN = re.compile(
    r"^[\s,，、]*(?:等(?:国|國|国家|國家)?)?[\s,，、]*(?:(?:还|還|也)?(?:包括|包含|有)?(?:与|與)?|(?:as\s+well\s+as|besides|plus|ainsi\s+que|"
    r"así\s+como|serta|juga|cũng\s+như)\s+(?:the\s+)?)\s*$", re.IGNORECASE
)
_TIER_PAIR_GAP = re.compile(r"\s*(?:and|or|dan|atau|et|ou|y|o|và|hoặc|และ|หรือ|和|及|与|與|或)\s*", re.IGNORECASE)
_BRACKET_AFTER = re.compile(r"\s*[(（][^()（）]{0,80}[)）]")
_LIST_INTRO = re.compile(r"\s[-–—]\s|[:：]\s*")


def _tier_change(sentence: str, lo: int, mention: _TierMention, hi: int, previous: list[_TierMention]) -> str | None:
    found = []  # (distance from the mention, change): the nearest word wins
    clause_end = _CLAUSE_AFTER.search(sentence, mention.end, hi)
    hi = clause_end.start() if clause_end else hi
    peers = _PEERS_BEFORE.search(sentence, mention.end, hi)
    hi = peers.start() if peers else hi
    for pattern, change in ((_DOWN, "down"), (_UP, "up"), (_SAME, "same")):
        for m in pattern.finditer(sentence, lo, hi):
            distance = mention.start - m.start() if m.start() < mention.start else m.start() - mention.end
            found.append((distance, change))
    if found:
        return min(found)[1]
    if mention.left_watch:
        return "up"  # off the watch list
    for old in previous:  # "moved from Tier 2 to Tier 3"
        if lo <= old.start < hi and mention.tier in _TIER_ORDER and old.tier in _TIER_ORDER:
            before, after = _TIER_ORDER[old.tier], _TIER_ORDER[mention.tier]
            return "down" if after > before else "up" if after < before else "same"
    return None


def _peer_change(sentence: str, mention: _TierMention, hi: int) -> str | None:
    """The change the peers' own clause states ("a la lista negra de la que siguen formando parte Cuba":
    Cuba stays); peers named with no change word of their own ("alongside Iran") have none."""
    peers = _PEERS_BEFORE.search(sentence, mention.end, hi) or _PEERS_BEFORE.search(sentence, 0, mention.start)
    if peers is None:
        return None
    clause_end = _CLAUSE_AFTER.search(sentence, peers.end(), hi)
    span = (peers.start(), clause_end.start() if clause_end else hi)
    found = [(m.start(), change) for pattern, change in ((_DOWN, "down"), (_UP, "up"), (_SAME, "same"))
             for m in pattern.finditer(sentence, *span)]
    return min(found)[1] if found else None


def _report_year(sentence: str, names_report: bool) -> int | None:
    m = re.search(r"\((?P<y>(?:19|20)\d\d)\)\s*$", sentence)  # the Factbook's "... (2023)"
    if m:
        return int(m.group("y"))
    for pattern in _REPORT_YEAR:
        m = pattern.search(sentence)
        if m:
            return _year_value(m.group(1))
    # The report's name with a year close by, in any language: "TIP Report 2022",
    # "รายงาน...ประจำปี พ.ศ.2565", "báo cáo ... năm 2022", "2020年人口贩运报告".
    best: tuple[int, int] | None = None
    for name in TIP_REPORT.finditer(sentence):
        if _LAW_AFTER.match(sentence, name.end()) or _ANTI_BEFORE.search(sentence, max(0, name.start() - 6), name.start()):
            continue  # "the 2018 Anti Trafficking in Persons Act": a law's name, not the report's
        for y in _ANY_YEAR.finditer(sentence, max(0, name.start() - 45), min(len(sentence), name.end() + 40)):
            distance = name.start() - y.end() if y.end() <= name.start() else y.start() - name.end()
            if y.end() <= name.start() and distance > 12 and not _RELEASED.search(sentence, y.end(), name.start()) \
                    and not _YEAR_WORD_AFTER.match(sentence, y.end()):
                continue  # further before the name only as its release date: "၂၀၂၀ ... ထုတ်ပြန်ခဲ့သည့် ... အစီရင်ခံစာ"
            if best is None or distance < best[0]:
                best = (distance, _year_value(y.group(1)))
    if best is not None:
        return best[1]
    if names_report:  # "In 2023, the TIP report ranked ..."
        m = _IN_YEAR.search(sentence)
        if m:
            return int(m.group(1))
    return None


_HISTORIC = re.compile(r"\b(?:[Ll]ast\s+year|[Ii]n\s+((?:19|20)\d\d))")


def _is_story_report_year(year: int | None, sentence: str, published: date | None) -> bool:
    """Whether a report year a sentence gives is the one the story is about.

    Not when the sentence also looks back ("last year", "in 2022": a history), unless that
    "in 2026" is the report's own year and the story's ("... to Tier 2 in 2026 trafficking
    report", dated 2026); not a report after the story's date ("must improve in the 2027 report").
    """
    if year is None or published is None:
        return year is not None and _HISTORIC.search(sentence) is None
    if year > published.year:
        return False
    return all(m.group(1) is not None and int(m.group(1)) == year == published.year
               for m in _HISTORIC.finditer(sentence))


_LAW_AFTER = re.compile(r"\s+(?:\(\w+\)\s+)?(?:Order|Act|Law|Protocol|Convention|Committee|Council|Decree|Bill|Unit|Task\s+Force)\b")
_ANTI_BEFORE = re.compile(r"\bAnti[\s-]*$", re.IGNORECASE)


def story_year(title: str, text: str, published: date | None) -> int | None:
    """The report year a story is about: from the report's name, else its own date when it says "this year"."""
    if TIP_REPORT.search(title):  # the whole title: "รายงาน...ประจำปี พ.ศ. 2561" splits at "พ.ศ."
        year = _report_year(title, True)
        if _is_story_report_year(year, title, published):
            return year
    for part in (title, text[:3000]):
        for start, end in split_sentences(part):
            sentence = part[start:end]
            if TIP_REPORT.search(sentence) or any(p.search(sentence) for p in _REPORT_YEAR):
                year = _report_year(sentence, True)
                if _is_story_report_year(year, sentence, published):
                    return year
    if published is None:
        return None
    head = f"{title}\n{text[:3000]}"
    if _THIS_YEAR.search(head):
        return published.year
    if _RELEASED.search(head) or _WEEKDAY.search(head):  # "the report released on Friday": reports come out in June or July
        return published.year if published.month >= 6 else published.year - 1
    return None


