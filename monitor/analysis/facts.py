"""Facts analysts copy by hand today: TIP tier rankings and counted figures.

Rule based and pure (text in, facts out, no models, no I/O), so it is fast and can
run in a process pool. Two kinds of fact:

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

    The report year comes from the report's name ("the 2023 TIP report", "รายงาน...ประจำปี
    พ.ศ. 2567" = 2024, "2024年人口贩运问题报告", the state.gov address, the Factbook's
    "(2023)", "รายงานปี พ.ศ.2566", "báo cáo năm 2019"), else a year next to the ranking ("in
    2014"; of several, the one written right after it: "from Tier 3 in 2022 to the Watch
    List in 2023"), else the story's report year: the year of the report its title or text
    names, or its own date when it says "this year's" or "latest" report or that it came out
    "on Friday". "Last year" ("el año pasado", "l'année dernière", "tahun lepas", "the previous
    year's report") is the year before; a law named after trafficking in persons ("the 2018 Anti
    Trafficking in Persons Act") never dates the report. Digits in any script are read as ASCII
    (Khmer ៣, Thai ๓, Lao ໓, Burmese ၃, and the Burmese letter wa typed for zero).

``statistic``
    A number with what it counts ("134 suspects arrested"). A number counts only if a
    known noun follows it (victims, suspects, cases, deportees, ...); years, dates,
    ages, money, percentages and tiers never do. ``counted`` starts with one of
    ``CATEGORIES``: cases, suspects arrested, victims rescued, victims repatriated,
    victims identified, deported, prosecutions (charged, indicted, sent to court),
    convictions (convicted, sentenced, jailed), other. The category comes from the
    action ("arrested", "rescued", "sent to court") or, without one, from the noun
    (victims counted with no action are "victims identified"); "other" keeps what was
    counted in brackets ("other (people detained)"). A part of a figure ("including
    322 from China", "including 1,011 Chinese nationals") is its own fact whose
    ``counted`` is the whole's category followed by the detail in brackets: "victims
    repatriated (from China)". Cases say what kind in brackets when only one kind is
    named: "cases (sexual exploitation)". ``Fact.category`` gives the part before the
    brackets. Approximations ("more than 1,000") keep the number; the sentence keeps
    the wording. Statistics come only from stories that mention trafficking or
    exploitation at all. A head count of people or suspects with no action ("500 Thai
    citizens", "43 suspects in the case") is a story detail, not a tally: it is not a fact,
    though it stays the whole of its parts; victims counted with no action are "victims
    identified". The verb may stand before the number ("convicted 12 complicit officials",
    "arrest its three leaders", "trafficking at least 10 people"); "named 649 people as
    suspects" and "N people became suspects" are suspects arrested; police reports and
    complaints are cases, and cases charged or sent to court are prosecutions; people
    investigated or screened are "other". When the story gives one number both with an
    action and without ("rescued 1,943 victims" ... "1,943 victims"), the vaguer one goes.
    The verb may come after an aside or a complement ("37 suspects (including four women)
    were arrested", "victims of trafficking were repatriated", "60 suspects in 17 cases had
    been sent to court"); "N of them repatriated", "up from 113 in 2016" (what the figure
    before counts), "the total number of rescued victims is N", "18 cases led to
    convictions" and "faced charges" say what is counted too; suspects detained are
    suspects arrested. The other languages' figures ("điều tra 110 vụ", "2.710 korban",
    "ជនរងគ្រោះ ២៩០ នាក់", "解救受害者310名", "menyelamatkan 49 wanita") are read with the
    nouns and verbs of ``monitor.analysis.lexicon``; a noun before the number says more than a
    bare counter after it ("เหยื่อกว่า 300 ราย"), and a count opened by "Seramai"/"Sebanyak" takes
    the verb that ends its sentence. People held or detained are suspects arrested (workers,
    migrants and nationals held in a raid are "other"); foreigners found working or staying
    unlawfully are "other"; raids are "other". "N male and M female victims", "N out of M
    victims" (the share, not the whole, when the verb is the share's), "Of the 109 cases, 75
    were ...", parts of a breakdown by place ("five in Pailin, 12 in Pursat") and lists of parts
    ("including 13 juveniles and 30 foreigners") count what their whole counts. Figures only the
    headline gives are facts whose sentence is the title, with offsets 0 (the title is not part
    of the text); a number the body states too is the body's.
    An action named as a noun counts its number across a place ("the return to Vientiane of 48
    victims", "the rescue of 1.372 victims": thousands grouped by a dot); people handed over to
    a prosecutor or court are prosecutions, victims handed over to a country are repatriated;
    people facing or marked for deportation are deported; wrongdoers, mothers, newborns and
    acronym-led nouns ("POGO workers") are counted; people tricked, lured or deceived are
    victims identified, unless said in an aside ("who were tricked") where a stronger action
    ("the return of") wins; of two deeds before a number ("rescued and repatriated 420
    victims") the first is counted, and a participle after the people ("150 workers held in a
    compound") gives way to the deed before them ("freed"); "filed charges against 12 suspects"
    is prosecutions and would-be victims are victims. A count whose verb comes after a
    description ("Three recruiters named in a police file on a ring were arrested") takes it,
    unless another people noun or a relative clause ("where victims were rescued") stands
    between; "identified as <Name>" is naming. A running total whose number stands alone counts
    what its own words say ("brought to 1,415 the total held", "bringing the total of victims
    rescued to 640") or, in the next sentence or the one after, what the figure before counted
    ("212 suspects were detained. This year the figure rose to 260."). In the other languages:
    Vietnamese "thiếu nữ", "phụ nữ", "trẻ em" are people, "cứu thoát" rescues, "về nước" brings
    home, citizens another country hands back ("do phía Lào trao trả") are deported and "lừa
    bán" is trafficking; Malay "ahli sindiket" are suspects, "seorang" (one person) counts only
    with an action, and a count that opens its sentence takes the verb that ends it; Chinese
    nouns may follow a counter and a few characters ("312名人口贩运受害者"), "确定" identifies, "抓捕"
    arrests, and "其中," opens a part; Burmese counts in brackets ("(၂၀၅) ဦး"), "ပေါင်း" (in all)
    and "လူကုန်ကူးခံ" (were trafficked, not the noun လူကုန်ကူးခံရသူ); Khmer "សង្គ្រោះ" rescues;
    Lao "ເຈົ້າໜ້າທີ່" (officials) are people; Thai "กลับประเทศ" brings home; Chinese "拐卖"/"被拐"
    is trafficking; Spanish past tenses ("rescató", "detuvo", "investigó") are read like their
    participles. Counts spelled out in words are read as their numbers in every language, by one
    small grammar of units, tens and hundreds (``lexicon.SPELLED_NUMBERS``): "ห้าคน", "ยี่สิบเอ็ดราย",
    "ba người", "hai mươi lăm bị can", "dua belas suspek", "五名", "三十多名", "ប្រាំពីរនាក់",
    "ສິບສີ່ຄົນ", "ဆယ့်လေးဦး"; only before a counted noun or counter (so "năm 2025" stays a year),
    never one ("một người", "一名" are "a person") and never a rough size ("数十名", "hàng trăm",
    "หลายร้อย", a bare "hundred"). "N others" counts people, with the action before it ("arrested
    four suspects and freed 26 others"); defendants are counted in every language ("bị cáo",
    "terdakwa", "tertuduh", "prévenus", "acusados", "ជនជាប់ចោទ"), and Indonesian "menjatuhkan
    hukuman" (passed sentence on) convicts. A headline's verb in the present tense counts ("jails
    seven traffickers"); a verb, then home or back, then the count is repatriation ("brings home 45
    citizens", "flies back 30 workers"), and suspects sent home are deported; "those rescued" or
    "among those detained" before a count gives its deed ("Those freed included 16 teenagers"); a
    count whose noun is left out after a verb takes the figure before's people ("rescued 2,400
    victims and repatriated 1,100"); managers, bosses, operators, guards, pimps, accomplices and
    smugglers are people counted (the last three suspects). In the other languages the figures of a
    list share the verb before them across a comma or "and" ("truy tố 6 vụ án, 14 bị can",
    "嫌疑人18名、同伙6名", "ผู้ต้องหา 4 ราย, นายหน้า 2 ราย"), except an investigation verb, which is
    the cases' alone ("điều tra 31 vụ, 70 đối tượng, 95 nạn nhân": the victims are identified);
    Spanish "víctimas de trata", French "victimes de traite" and Chinese "人贩子" are trafficking; a
    number standing straight before its verb takes the noun of an opening "Parmi ces victimes, ..." /
    "De las víctimas, ..." ("75 ont été secourues"); a Chinese counter may stand up to nine characters before its noun ("61名...的被解救受害者"); "判决" convicts, "押解" (escorted
    back) deports, Khmer "ត្រឡប់មក" (came back) repatriates. A passive may put "so far", "now" or
    "already" in ("have so far been rescued") or be going on ("are being repatriated"); "Of the
    victims rescued in the raid, 14 were children" and "Among those detained, 9 were foreigners"
    count what the head's deed says. "And" (và, dan, 和...) ends a verb's clause only after a figure
    of its own or a comma, not inside a noun phrase ("押解诈骗和人口贩运嫌疑人120名"); in a spaced
    language a list shares its verb only with a named noun, not a bare "orang"/"người" ("12
    tersangka dan 7 orang saksi": witnesses). Suspects sent home are deported in every language.
    Headline verbs: Thai "รวบ", "จับ" (not "จับตามอง", watched) and "ช่วย" before the people helped,
    Indonesian "ringkus"/"bekuk", Malay "cekup" and Chinese "落网" are arrests and rescues.

Periods are kept as written but tidied ("first six months of 2024",
"January-September 2026", "2023", "last year"); "that same year" and "Of these"
take the period of the sentence before. With several periods in a sentence, the
nearest to the number wins.

A fact repeated in the story (a headline, a summary paragraph) is kept once: of two
facts with the same country and tier, or the same number and ``counted``, the one
that says less (no year, change or period, or the same ones) is dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.analysis import lexicon
from monitor.analysis.text import ascii_digits, is_unspaced, split_sentences
from monitor.models import Fact

log = logging.getLogger(__name__)


# --- sentences: monitor.analysis.text.split_sentences ---------------------------------------


# --- countries ------------------------------------------------------------------------

# canonical|other spellings; case-sensitive matching keeps "us" and "chad" out.
_COUNTRY_NAMES = """Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia
Aruba|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan
Bolivia|Bosnia and Herzegovina;Bosnia|Botswana|Brazil|Brunei;Brunei Darussalam|Bulgaria|Burkina Faso
Burundi|Cabo Verde;Cape Verde|Cambodia;Kingdom of Cambodia|Cameroon|Canada|Central African Republic|Chad
Chile|China;People's Republic of China;PRC|Colombia|Comoros|Republic of the Congo;Congo-Brazzaville
Democratic Republic of the Congo;DRC;DR Congo;Democratic Republic of Congo;Congo, Democratic Republic of the|Costa Rica|Cote d'Ivoire;Côte d'Ivoire;Ivory Coast|Croatia
Cuba|Curacao;Curaçao|Cyprus|Czech Republic;Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador
Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini;Swaziland|Ethiopia|Fiji|Finland|France|Gabon
The Gambia;Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti
Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran;Islamic Republic of Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan
Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan;Kyrgyz Republic|Laos;Lao PDR;Lao People's Democratic Republic
Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macau;Macao|Madagascar|Malawi
Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco
Mongolia|Montenegro|Morocco|Mozambique|Myanmar;Burma|Namibia|Nauru|Nepal|Netherlands|New Zealand
Nicaragua|Niger|Nigeria|North Korea;DPRK;Democratic People's Republic of Korea;Korea, North|North Macedonia|Norway|Oman|Pakistan|Palau|Panama
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia;Russian Federation|Rwanda
Saint Kitts and Nevis;St. Kitts and Nevis|Saint Lucia;St. Lucia
Saint Vincent and the Grenadines;St. Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe
Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Sint Maarten|Slovakia|Slovenia
Solomon Islands|Somalia|South Africa|South Korea;Republic of Korea;Korea, South|South Sudan|Spain|Sri Lanka|Sudan
Suriname|Sweden|Switzerland|Syria;Syrian Arab Republic|Taiwan|Tajikistan|Tanzania|Thailand|Timor-Leste;East Timor|Togo|Tonga
Trinidad and Tobago|Tunisia|Turkey;Türkiye;Turkiye|Turkmenistan|Tuvalu|Uganda|Ukraine
United Arab Emirates;UAE|United Kingdom;UK;U.K.;Britain|United States;US;U.S.;USA;U.S.A.;United States of America
Uruguay|Uzbekistan|Vanuatu|Venezuela|Vietnam;Viet Nam|Yemen|Zambia|Zimbabwe"""


def _country_table() -> dict[str, str]:
    table = {}
    for entry in re.split(r"[|\n]", _COUNTRY_NAMES):
        names = entry.split(";")
        for name in names:
            table[name] = names[0]
    for name, canonical in list(table.items()):
        if len(name) > 3:
            table.setdefault(name.upper(), canonical)  # report headings: "CAMBODIA: Tier 3", "LAOS (Tier 2)"
    for canonical, aliases in lexicon.COUNTRY_ALIASES.items():
        for alias in aliases:
            table.setdefault(alias, canonical)
            if not is_unspaced(alias[0]) and len(alias) > 3:
                table.setdefault(alias.upper(), canonical)
    return table


def _trie_pattern(names: list[str], end: str) -> str:
    """One alternation of ``names`` factored by their common prefixes, longest match first.

    Python's ``re`` tries the alternatives of "A|B|C..." one by one at every position; with
    some 600 names in nine scripts that made finding countries most of the cost of facts.
    A prefix tree tries each first letter once. ``end`` is checked after every whole name.
    """
    tree: dict[str, Any] = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(end)  # after the longer names: the longest match wins
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


_COUNTRY_OF = _country_table()
# Names in scripts written without spaces have no word boundaries to check.
_COUNTRY = re.compile(
    "((?<![\\w.])" + _trie_pattern([n for n in _COUNTRY_OF if not is_unspaced(n[0])], r"(?!\w)")
    + "|" + _trie_pattern([n for n in _COUNTRY_OF if is_unspaced(n[0])], "") + ")"
)
# "the US has downgraded ...", "Washington moved ...": the actor, not the ranked country.
_ACTOR_AFTER = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+)?(?:downgraded|upgraded|ranked|placed|moved|kept|put|rated|"
    r"removed|added|graded|listed|promoted|demoted|decided|released|said|says|reported|published|issued)\b"
    r"(?!\s+to\b)(?!\s+itself\b)(?!\s+(?:its|their)\b)(?!\s+(?:\w+\s+)?(?:at|on|as)\s+Tier\b)"
    r"|^\s*(?:เผยแพร่|เปิดเผย|ประกาศ|ได้ปรับ|công\s+bố|đã|公布|发布|發布|mengeluarkan|merilis|ເຜີຍແຜ່|a\s+publié|publicó)"
)
_AUTHOR_BEFORE = re.compile(rf"(?:{lexicon.AUTHOR_WORDS})\s*(?:của\s+|của|AS\s+)?$")
_AUTHOR_AFTER = re.compile(r"^\s*(?:国务院|國務院|政府|ฯ?\s*อเมริกา)")
# "the US Department of State", "Cambodia's government": the author or a party, not the ranked country.
_NOT_RANKED_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:Department|State\s+Department|Embassy|embassy|[Gg]overnment|officials?|authorities|"
    r"[Aa]mbassador|Congress|Secretary|President|[Ll]aw|[Dd]iplomats?|[Ff]oreign|[Aa]id|[Aa]ssistance|[Ss]anctions|"
    r"Trafficking\s+in\s+Persons|TIP)\b"
)


@dataclass(frozen=True)
class _Mention:
    name: str
    start: int
    end: int


def _countries(sentence: str) -> list[_Mention]:
    found = []
    for m in _COUNTRY.finditer(sentence):
        name = _COUNTRY_OF[m.group(1)]
        after = sentence[m.end():m.end() + 60]
        if _NOT_RANKED_AFTER.match(after) or _ACTOR_AFTER.match(after):
            continue
        if name == "United States" and (
            _AUTHOR_BEFORE.search(sentence[max(0, m.start() - 30):m.start()]) or _AUTHOR_AFTER.match(after)
        ):
            continue  # the report's author: "美国国务院", "Bộ Ngoại giao Mỹ"
        found.append(_Mention(name, m.start(), m.end()))
    return found


# --- TIP tiers -------------------------------------------------------------------------

_TIP_REPORT = re.compile(
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
_REPORT_AUTHOR = re.compile(lexicon.REPORT_AUTHOR)
_TRAFFICKING = re.compile(lexicon.TRAFFICKING, re.IGNORECASE)
_INTL_TIERS = [re.compile(pattern) for pattern in lexicon.NUMBERED_TIERS]
_INTL_LOWEST = re.compile(lexicon.LOWEST, re.IGNORECASE)
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
    r"covid|coronavirus|pandemic|lockdown|travel advisory|data cent(?:er|re)|tier-?[123] cit|[一二三]线城市|[一二三]級城市",
    re.IGNORECASE,
)
_OTHER_TIER_AFTER_INTL = re.compile(r"^\s*(?:城市|市场|市場|ເມືອງ|เมือง)")
# Where the clause of a tier mention starts, for the hypothetical check: "...; therefore X was downgraded".
_CLAUSE_START = re.compile(r"[;；]|\btherefore\b|\bhowever\b")
# "Thailand stayed on Tier 2 as last year, while Cambodia rose to the Watch List": "last year" before
# "while" (ขณะที่, 而, trong khi...) is the other country's.
_CONTRAST = re.compile(r"\b(?:while|whereas|trong\s+khi|sementara|manakala|tandis\s+que|mientras)\b|ขณะที่|ส่วน|而")


def _contrast_start(sentence: str, clause: int, mention: int) -> int:
    """Where the clause of a ranking at ``mention`` starts, counting contrast words as boundaries."""
    return max([clause, *(m.end() for m in _CONTRAST.finditer(sentence, clause, mention))])


_ASPIRATION = re.compile(lexicon.ASPIRATION, re.IGNORECASE)
_FROM_BEFORE = re.compile(
    r"(?:\b(?:from|out\s+of|từ|rời\s+khỏi)\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:\w+\s+)?|จาก(?:เดิม)?(?:ที่อยู่ใน)?(?:ระดับ|สถานะ)?\s*|(?:从|從|由)(?:最低的|最差的|原本的|原来的|原來的|原先的|此前的|之前的)?|ពី|"
    r"\bdari\s+(?:daftar\s+|kategori\s+|senarai\s+)?|\bdaripada\s+|ຈາກ)[\"“«「(]?\s?$",
    re.IGNORECASE,
)
# "a country may not sit on the Watch List", "could be downgraded": rules and threats, not rankings.
_HYPOTHETICAL = re.compile(
    r"\b(?:may|might|could|would|can|cannot|should|must|if|unless|risks?|otherwise|waiver|recommend\w*|likelihood|likely|"
    r"possibility|chances?|"
    r"call(?:ed|s|ing)?\s+for)\b|หาก|ถ้า|จะถูก|\bnếu\b|có\s+thể|如果|若|"
    r"可能|将会|\bjika\b|\bapabila\b|ຖ້າ|ອາດ|pourrait|podría",
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
    r"successive|once\s+more|retains|sustained)\b|" + lexicon.SAME,
    re.IGNORECASE,
)
_PLACED = re.compile(
    r"\b(?:rank\w*|plac\w*|remain\w*|kept|keeps|moved|downgrad\w*|upgrad\w*|rated|listed|was\s+on|is\s+on|sits|sat|"
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
)
_POSSESSIVE_RANK = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}(?:ranking|rank|rating|tier|status|standing|position|placement)\b"
)
_COMPARED_BEFORE = re.compile(r"\b(?:than|with|like|such\s+as|unlike)\s+(?:the\s+)?$")
_COMPARED = re.compile(r"\b(?:than|with|like|as|such\s+as|including|and|or)\s+(?:\w+\s+)?$")
_YEAR = r"(?:19|20)\d\d"
_REPORT_YEAR = [
    re.compile(
        rf"\b({_YEAR})\s+(?:annual\s+)?(?:U\.?S\.?\s+)?(?:Trafficking\s+in\s+Persons|TIP|trafficking\s+report)"
    ),
    re.compile(rf"(?:Trafficking\s+in\s+Persons|TIP)\s+(?:\(TIP\)\s+)?[Rr]eports?\s+(?:for|of)\s+({_YEAR})\b"),
    re.compile(rf"(?:\b(?:its|the|this|last|a)|['’]s)\s+({_YEAR})\s+(?:annual\s+)?(?:[Rr]eport|ranking)"),
    re.compile(rf"\b({_YEAR})-trafficking-in-persons-report\b"),  # the state.gov address
    # "รายงานปี พ.ศ.2566", "báo cáo năm 2019", "laporan tahun 2021", "rapport 2025", "informe de 2019"
    re.compile(r"(?:รายงาน(?:ประจำ)?ปี\s*(?:พ\.\s*ศ\.\s*)?|(?i:báo\s+cáo\s+(?:tháng\s+\d{1,2}\s+)?(?:năm\s+)?|laporan\s+(?:tahun\s+)?|"
               r"rapport\s+(?:annuel\s+)?(?:de\s+)?|informe\s+(?:anual\s+)?(?:de\s+)?))(25[4-9]\d|(?:19|20)\d\d)(?!\d)"),
]
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_IN_YEAR = re.compile(rf"\b[Ii]n\s+(?:{_MONTH}\s+)?({_YEAR})\b")
# Any year, Gregorian or Buddhist era (2540-2599 = 1997-2056), not inside a longer number.
_ANY_YEAR = re.compile(r"(?<![\d,])(?<!\d\.)((?:19|20)\d\d|25[4-9]\d)(?!\d|[.,]\d)")  # "พ.ศ.2565" too
# A year written as a year ("၂၀၂၄ ခုနှစ်", "2020年", "ປີ 2018"): it dates the report named a little later.
_YEAR_WORD_AFTER = re.compile(r"\s*(?:ခုနှစ်|年|ປີ|ปี)")
# Burmese typists often write the letter wa (ဝ) for the digit zero (၀): "၂ဝ၁၉".
_BURMESE_WA = re.compile(r"(?<=[၀-၉])ဝ|ဝ(?=[၀-၉])")
_THIS_YEAR = re.compile(lexicon.THIS_YEAR, re.IGNORECASE)
_RELEASED = re.compile(
    r"\b(?:released|unveiled|published|issued|launched|announc\w*)\b|công\s+bố|公布|发布|發布|เผยแพร่|เปิดเผย|merilis|dikeluarkan|"
    r"ເຜີຍແຜ່|publié|publicado|ထုတ်ပြန်|ចេញផ្សាយ", re.IGNORECASE,
)
_YEAR_AFTER_TIER = re.compile(rf"[\s\"”’)]*(?:in|of|for)\s+(?:the\s+)?({_YEAR})\b(?!\s+(?:and|to|-))")
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
_LAST_YEAR = re.compile(r"\blast\s+year|\bel\s+año\s+pasado|\bl['’]année\s+(?:dernière|précédente)|\btahun\s+lepas|\ba\s+year\s+(?:ago|earlier)|\b(?:the\s+)?(?:previous|prior|preceding)\s+year['’]s|ปีที่แล้ว|ปีที่ผ่านมา|năm\s+ngoái|去年|tahun\s+lalu|ປີກາຍ",
                        re.IGNORECASE)


def _year_value(written: str) -> int:
    value = int(written)
    return value - 543 if value >= 2540 else value  # Buddhist era


@dataclass
class _Story:
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


def _tip_facts(text: str, start: int, end: int, story: _Story) -> Iterator[Fact]:
    sentence = text[start:end]
    names_report = bool(_TIP_REPORT.search(sentence))
    countries = _countries(sentence)
    named = [c.name for c in countries if c.name != "United States"]
    if named:
        story.subject = named[0] if len(set(named)) == 1 else story.subject or named[0]
    before, story.previous = story.previous, list(dict.fromkeys(named))
    if not names_report and not story.names_report:
        return
    if _OTHER_TIER_SENTENCE.search(sentence) and not _TRAFFICKING.search(sentence):
        return  # COVID restriction tiers, tier-3 cities; but not the report's "impact of COVID-19 on its anti-trafficking capacity"
    mentions = list(_tier_mentions(sentence, names_report or story.names_report))
    if not mentions:
        yield from _same_group(text, start, end, countries, story)
        if story.last_tier and named and (
            _CONTINUES_LIST.match(sentence) or (not story.last_age and _ADDS_COUNTRIES.search(sentence))
        ):  # "Meliputi Brunei, Vietnam dan Kemboja.", "Laporan itu memasukkan Vietnam, Kamboja dan Brunei."
            for country in dict.fromkeys(named):
                yield Fact("tip_tier", sentence, start, end, country=country, tier=story.last_tier, year=story.last_year)
            story.last_tier = None
        elif named or story.last_age:  # the list may go on after one sentence more: "This doubles last year's 13."
            story.last_tier = None
        story.last_age += 1
        return
    # "Level 3, the lowest ranking" is one ranking: a vague mention next to a numbered one goes.
    mentions = [t for t in mentions if not t.vague or not any(
        not o.vague and abs(o.start - t.start) < 40 and not _countries(sentence[min(o.end, t.end):max(o.start, t.start)])
        for o in mentions
    )]
    current = [t for t in mentions if not t.previous]
    if not current:
        return
    previous = [t for t in mentions if t.previous]
    year = _report_year(sentence, names_report)
    years = list(_ANY_YEAR.finditer(sentence))
    historic = bool(years) and year is None
    if year is None and _LAST_YEAR.search(sentence) and story.year:
        year, historic = story.year - 1, True
    if year is None and not historic:
        year = story.year
    us_ranked = bool(_US_RANKED.search(sentence))
    paired = _paired_rankings(sentence, countries, current)
    if paired:  # "Among the 29 Tier 1 countries, A, B and C ...", "A and B are Tier 2 and Tier 3 respectively"
        for country, mention in paired:
            story.tiers.setdefault(country, (mention.tier, year))
            yield Fact("tip_tier", sentence, start, end, country=country, tier=mention.tier, year=year)
        return
    boundary = 0
    last: list[str] = []
    for index, mention in enumerate(current):
        following = current[index + 1].start if index + 1 < len(current) else len(sentence)
        ranked = _ranked_countries(sentence, countries, boundary, mention, following, us_ranked)
        peers = _peers(sentence, countries, boundary, following)
        own = [c for c in countries if boundary <= c.start < following and c.name != "United States" and c.name not in peers]
        if not own and len(before) > 1 and _THESE_COUNTRIES.search(sentence, boundary, following):
            ranked = before  # "... Thailand, Malaysia, Gambia and Venezuela. ... lowered those four countries to Level 3"
        ranked = list(dict.fromkeys(ranked + peers))  # "..., 与中国、越南等同级", "alongside North Korea and Iran"
        if not ranked and not own:
            between = sentence[boundary:mention.start]
            if last and any(p.search(between) for p in (_DOWN, _UP, _SAME, _PLACED)) and not _MANY_COUNTRIES.search(between):
                ranked = last  # "... Tier 2, after it fell to the Watch List in 2021"
            elif story.subject and not _MANY_COUNTRIES.search(sentence, 0, mention.end + 40) and (
                _SUBJECT.search(sentence) or _PLACED.search(between) or _DOWN.search(between) or _UP.search(between)
            ):
                ranked = [story.subject]  # "the kingdom was moved down to Tier 3"
        last = ranked or last
        # A ranking without a country ("a country on the Watch List for two years ...") is a rule, not a fact.
        starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, mention.start)]
        clause = max([boundary, *starts])
        hoped = None if mention.stated else _ASPIRATION.search(sentence, max([0, *starts]), mention.start)  # "hopes to see X removed from ... and in Tier 2"
        if not _HYPOTHETICAL.search(sentence, clause, mention.start) and not hoped:
            story.last_tier, story.last_year, story.last_age = mention.tier, year, 0  # "23 countries are on Tier 3. They include ..."
        if ranked and not _HYPOTHETICAL.search(sentence, clause, mention.start) and not hoped:
            change = None if mention.stated else _tier_change(sentence, boundary, mention, following, previous)
            fact_year = year
            near = [y for y in years if -40 < y.start() - mention.end < 30 or 0 < mention.start - y.end() < 60]
            if fact_year is None and len({y.group(1) for y in years}) == 1 and near:
                fact_year = _year_value(near[0].group(1))  # "dropped ... to Tier 3 in 2014", "ឆ្នាំ២០១៨ ... ថ្នាក់ទី២"
            own_year = _YEAR_AFTER_TIER.match(sentence, mention.end)
            lead = _YEAR_BEFORE_TIER.search(sentence, boundary, mention.start)
            if fact_year is None and lead and len({y.group(1) for y in years}) > 1:
                fact_year = _year_value(lead.group(1))  # "pada tahun 2023, Malaysia dinaik taraf ke Tahap Dua ..."
            if own_year:  # "from Tier 3 in 2022 to Tier 2 Watch List in 2023"
                fact_year = int(own_year.group(1))
            elif story.year and _LAST_YEAR.search(sentence, _contrast_start(sentence, clause, mention.start), mention.start):
                fact_year = story.year - 1  # "..., but Vietnam last year was upgraded to Tier 2 Watch List"
            for country in ranked:
                if not mention.previous:
                    story.tiers.setdefault(country, (mention.tier, fact_year))
                if country == "United States" and not us_ranked:
                    continue  # named as the report's author far more often than as a ranked country
                yield Fact(
                    "tip_tier", sentence, start, end, country=country, tier=mention.tier, year=fact_year, change=change
                )
        bracket = _BRACKET_AFTER.match(sentence, mention.end)
        boundary = bracket.end() if bracket else mention.end  # the countries in "Tier 1 (A, B and C)" are Tier 1's
    yield from _same_group(text, start, end, countries, story)


# "Among the 29 Tier 1 countries of the report, Canada, Chile and Colombia are the Americas' three."
_OF_THE_TIER = re.compile(r"^\W*(?:Of|Among)\s+(?:the|all)\s+(?:\d+\s+|[a-z]+\s+)?[\"“]?$")
_TIER_COUNTRIES = re.compile(r"[\"”]?\s+(?:countries|nations)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b")


def _paired_rankings(sentence: str, countries: list[_Mention], current: list[_TierMention]) -> list[tuple[str, _TierMention]]:
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


def _same_group(text: str, start: int, end: int, countries: list[_Mention], story: _Story) -> Iterator[Fact]:
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


_CONTINUES_LIST = re.compile(lexicon.CONTINUES_LIST, re.IGNORECASE)
_ADDS_COUNTRIES = re.compile(lexicon.ADDS_COUNTRIES, re.IGNORECASE)
# A sentence about countries in general ("23 countries are on Tier 3") does not rank the story's subject.
_MANY_COUNTRIES = re.compile(
    r"\b(?:countries|nations|governments)\b|(?:國家|国家)(?!警察|委员会|委員會|打击|打擊|反)|\bnegara-negara\b|"
    r"\bcác\s+(?:nước|quốc\s+gia)\b|ประเทศต่าง\s*ๆ|\d+\s*ประเทศ|\bpays\b|\bpaíses\b|\d+\s*(?:negara|nước|quốc\s+gia)\b",
    re.IGNORECASE,
)
_SAME_GROUP = re.compile(lexicon.SAME_GROUP, re.IGNORECASE)
_PEERS_BEFORE = re.compile(lexicon.PEERS_BEFORE, re.IGNORECASE)
# "these four countries", "esos cuatro países", "ces pays", "negara-negara tersebut", "这些国家".
# "along with three other countries – Thailand, Gambia and Venezuela"
_PEER_GAP = re.compile(
    r"\s{0,4}$|\s*(?:[\w-]+\s+){0,3}(?:countries|nations|neighbou?rs)\s*[-–—:,(]?\s*(?:like\s+|such\s+as\s+|including\s+)?$",
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


def _peers(sentence: str, countries: list[_Mention], lo: int, hi: int) -> list[str]:
    """Countries a sentence puts on the same tier as the ranked one: "与中国、越南等同级", "to join
    their neighbours A and B ..., together with other countries like C and D"."""
    found: list[str] = []
    for m in _PEERS_BEFORE.finditer(sentence, lo, hi):
        listed = [c for c in countries if m.end() <= c.start < hi and c.name != "United States"]
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


def _tier_mentions(sentence: str, names_report: bool) -> Iterator[_TierMention]:
    taken: list[tuple[int, int]] = []
    found: list[_TierMention] = []
    for m in _TIER.finditer(sentence):
        after = sentence[m.end():]
        if _OTHER_TIER_AFTER.match(after) and not (
            re.match(r"^\W*(?:countries|nations)\b", after, re.IGNORECASE)
            and (_countries(sentence[:m.start()]) or _OF_THE_TIER.match(sentence[:m.start()]))
        ) and not _TIER_COUNTRIES_INCLUDE.match(after):
            continue  # "Tier 3 countries face sanctions"; but "A and B were listed as Tier 1 countries"
        left = False
        if m.group("n"):
            if m.group("word").lower() == "level" and not names_report:
                continue  # "Level 3" alone is too common (travel advisories)
            level = _TIER_NUMBER[m.group("n").lower()]
            watch = bool(m.group("wl")) or bool(level == 2 and _WATCH.match(sentence, m.end() + 1, m.end() + 14))
            tier = "Tier 2 Watch List" if level == 2 and watch else f"Tier {level}"
        elif m.group("wl_only"):
            if _WATCH_LEFT.search(sentence[max(0, m.start() - 25):m.start()]):
                continue  # "Tier 2 No More Watch List"
            tier = "Tier 2 Watch List"
            if _OFF_THE_LIST.search(sentence, max(0, m.start() - 60), m.start()):
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
        stated = bool(_CURRENT_BEFORE.search(sentence, max(0, m.start() - 80), m.start()))
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
            left = bool(_WATCH_LEFT.search(sentence[max(0, m.start() - 20):m.start()]))
            tier = "Tier 2" if left else "Tier 2 Watch List"
            earlier = bool(_EARLIER.search(sentence[max(0, m.start() - 40):m.start()]))
            found.append(_TierMention(tier, m.start(), m.end(), earlier, False, left))
            taken.append((m.start(), m.end()))
    if names_report:
        for m in _INTL_LOWEST.finditer(sentence):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                found.append(_TierMention("Tier 3", m.start(), m.end(), False, True))
    for i, t in enumerate(list(found)):  # "from Tier 3 to 2", "del nivel 3 al 2": the new tier written as a bare number
        bare = _BARE_NEW_TIER.match(sentence, t.end)
        earlier = t.previous or bool(re.search(r"\b(?:del|du|de)\s+$", sentence[max(0, t.start - 6):t.start]))
        if bare and earlier and not any(o.start >= t.end and o.start < bare.end() for o in found):
            found[i] = dataclasses.replace(t, previous=True)
            found.append(_TierMention(f"Tier {int(bare.group('n'))}", bare.start("n"), bare.end(), False, False))
    found.sort(key=lambda t: t.start)
    # "“เทียร์ 2” (Tier 2)", "cấp độ hai (tier 2)": a gloss in brackets repeats the mention before it.
    found = [t for i, t in enumerate(found) if not (
        i and re.fullmatch(r"[\s\"”」]*[(（]\s*", sentence[found[i - 1].end:t.start]) and t.tier[:6] == found[i - 1].tier[:6]
    )]
    merged: list[_TierMention] = []
    for t in found:  # "al nivel intermedio (Tier 2), pero puestos en la watch list": one ranking, the Watch List
        if merged and merged[-1].tier == "Tier 2" and t.tier == "Tier 2 Watch List" and t.start - merged[-1].end < 40 \
                and not t.previous \
                and not _NUMBERED.search(sentence, t.start, t.end) and not _countries(sentence[merged[-1].end:t.start]):
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
    r"\b(?:removed|removes|removing|took|taken|takes|taking|dropped|lifted|graduated|came|comes)\s+(?:\w+\s+){0,3}?(?:off|from|out\s+of)\s+"
    r"(?:the\s+|a\s+|its\s+)?[\"“‘']?$", re.IGNORECASE,
)
_NUMBERED = re.compile(r"\d|[一二三]|(?i:\b(?:one|two|three|hai|dua|deux|dos)\b)|ສອງ")  # a tier with its number, not a bare "watch list"
_BEYOND = re.compile(r"\b(?:above|below|away\s+from|ahead\s+of|short\s+of)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}$",
                     re.IGNORECASE)
_DEFINED_AFTER = re.compile(
    r"^\s*(?:(?:being|is|was|as|represents|means|denotes)\s+)?(?:the\s+)?(?:best|worst|highest|lowest)\b"
    r"|^[\s\"”,]*(?:status\s+|ranking\s+|designation\s+)?(?:means|would\s+mean|will\s+mean|implies|entails|triggers|"
    r"would\s+trigger|carries|brings)\b", re.IGNORECASE
)
_BARE_NEW_TIER = re.compile(r"\s+(?:to|al|au|à|a|ke|sang|lên|xuống)\s+(?P<n>[123])\b(?![\d,%:/]|\.\d)", re.IGNORECASE)
_DEFINED_AFTER_INTL = re.compile(r"\s*[别別]?\s*(?:觀察名單|观察名单|名單|名单)?\s*(?:(?:屬於|属于|是|为|為)\s*最(?:高|低|差|好)|意味着|意味著|意指)")
_DU_BEFORE = re.compile(r"\b(?:du|del|desde\s+el)\s+[\"“«]?\s?$", re.IGNORECASE)
_AU_BEFORE = re.compile(r"\b(?:au|al|à|a|hasta\s+el)\s+[\"“«]?\s?$", re.IGNORECASE)
_TO_NEXT = re.compile(
    r"^[\s\"”」)]*(?:to\s+(?:the\s+)?|au\s+|à\s+(?:celle\s+de\s+)?|a\s+la\s+|al\s+|ke\s+|sang\s+|xuống\s+|lên\s+|"
    r"เป็น|สู่|为|為|至|到|降为|降為|升为|升為|ដល់|ទៅ)[\s\"“「(]*$"
)


def _intl_watch(sentence: str, start: int, end: int) -> tuple[str, bool]:
    """A Tier 2 with watch-list words right after it (or right before: "Senarai Pemerhatian Tahap 2")."""
    after = _WATCH.search(sentence, end, min(len(sentence), end + 45))  # "กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง"
    before = None
    for found in _WATCH.finditer(sentence, max(0, start - 45), start):
        # "Senarai Pemerhatian Tahap 2", "danh sách ... theo dõi, tức cấp độ hai"; not "(Tier 2 Watch List) ... เทียร์ 2"
        # nor "từ Danh sách theo dõi Bậc 2 lên Bậc 2": another tier between them has the list
        if not re.search(r"[()\"“”「」]|[Tt]ier|เทียร์|ระดับ|(?i:bậc|cấp|nhóm|tahap|tingkat)\s*\w", sentence[found.end():start]):
            before = found
    for m in (after, before):
        if m is None:
            continue
        if _WATCH_LEFT.search(sentence[max(0, m.start() - 20):m.start()]):
            return "Tier 2", True  # "khỏi danh sách theo dõi": off the watch list
        return "Tier 2 Watch List", False
    return "Tier 2", False


_RELATIVE = re.compile(r"^\s*,\s*(?:yang|which|who|que|qui|mà|ซึ่ง|ที่|the\s+(?:country|nation|kingdom)\b)\b")
_LIST_GAP = re.compile(
    r"^\s*(?:,|、|，|/|&|[—–]|\s-)?\s*(?:\band\b|\bvà\b|\bdan\b|\bserta\b|และ|\bet\b|\by\b|ແລະ|និង|及|和|與|与|\bor\b|"
    r"\bas\s+well\s+as\b)?\s*"
    r"(?:(?:the|le|la|les|l['’]|el|los)\s*)?$"
)


def _ranked_countries(
    sentence: str, countries: list[_Mention], lo: int, mention: _TierMention, hi: int, us_ranked: bool = False
) -> list[str]:
    """The country a tier mention ranks, with the rest of its list: "Thailand, Laos and Vietnam remained on"."""
    at = mention.start
    candidates = countries if us_ranked else [c for c in countries if c.name != "United States"]
    chosen = _ranked_country(sentence, candidates, lo, mention, hi)
    if chosen is None:
        return []
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
_TIER_COUNTRIES_INCLUDE = re.compile(r"^\W*(?:countries|nations)\s+(?:include|included|includes|are|were)\b", re.IGNORECASE)
_INCLUDING_AFTER = re.compile(
    r"^\W{0,3}(?:觀察名單|观察名单|名單|名单|国家|國家|countries|nations)?\W{0,3}(?:包括|包含|including|include|includes|included|"
    r"termasuk|bao\s+gồm|ได้แก่)"
    r"|^[^,，。.;；]{0,10}?(?:还包括|還包括|包括|包含|有)\s*[:：]"
    r"|^\s*[(（](?=[^()（）]{0,80}[)）])"  # "Tier 1 (South Korea, Poland and Suriname)"
    r"|^\s*(?:are|is|were|include|includes)?\s*[:：]"  # "Tier 3: (24 countries) Afghanistan, Algeria, ...", "on Tier 3 are:"
)


def _ranked_country(sentence: str, countries: list[_Mention], lo: int, mention: _TierMention, hi: int) -> str | None:
    at = mention.start
    if _INCLUDING_AFTER.match(sentence[mention.end:mention.end + 40]):
        after = [c for c in countries if at <= c.start < hi]
        if after:
            return after[0].name  # "第2級觀察名單包括阿富汗、阿根廷..."
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


_BRACKET_AFTER = re.compile(r"\s*[(（][^()（）]{0,80}[)）]")
_LIST_INTRO = re.compile(r"\s[-–—]\s|[:：]\s*")


def _tier_change(sentence: str, lo: int, mention: _TierMention, hi: int, previous: list[_TierMention]) -> str | None:
    found = []  # (distance from the mention, change): the nearest word wins
    clause_end = _CLAUSE_AFTER.search(sentence, mention.end, hi)
    hi = clause_end.start() if clause_end else hi
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
    for name in _TIP_REPORT.finditer(sentence):
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


def _story_year(title: str, text: str, published: date | None) -> int | None:
    """The report year a story is about: from the report's name, else its own date when it says "this year"."""
    if _TIP_REPORT.search(title):  # the whole title: "รายงาน...ประจำปี พ.ศ. 2561" splits at "พ.ศ."
        year = _report_year(title, True)
        if _is_story_report_year(year, title, published):
            return year
    for part in (title, text[:3000]):
        for start, end in split_sentences(part):
            sentence = part[start:end]
            if _TIP_REPORT.search(sentence) or any(p.search(sentence) for p in _REPORT_YEAR):
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


# --- statistics -------------------------------------------------------------------------

_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(), start=2,
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), start=1)}
_NUMBER = re.compile(
    r"(?<![\w.,$€£¥฿#/-])(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?= [a-z])|\d+(?:\.\d+)?)(?:\s+(?P<mult>million|thousand))?"
    r"|(?P<word>\b(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_UNITS) + r"))?|"
    + "|".join(_NUMBER_WORDS) + r")\b))(?![\w%]|[.,:]\d|-)",
    re.IGNORECASE,
)
_MODIFIER = (
    r"(?:[A-Z][a-z]+|[A-Z]{2,5}|foreign|suspected|alleged|potential|presumed|possible|trafficking|trafficked|human|sex|"
    r"sexual|exploitation|labou?r|forced|other|different|more|new|female|male|underage|young|adult|local|"
    r"migrant|undocumented|illegal|additional|reported|confirmed|registered|identified|related|separate|adults|"
    r"criminal|scam|online|fraud|child|surrogacy|surrogate|marriage|such|syndicate|gang|network|ring|complicit|corrupt|"
    r"government|state|police|pregnant|would-be|women|men|children|girls|boys|immigration|border|customs|army|military|"
    r"missing|stranded|trapped|rescued|repatriated)"
)
# Nationals named by their demonym: "266 Thais were flown home", "rescued 39 Filipinos".
_DEMONYMS = (
    r"Thais|Filipinos|Filipinas|Indonesians|Malaysians|Vietnamese|Chinese|Laotians|Burmese|Taiwanese|Koreans|"
    r"Japanese|Indians|Bangladeshis|Pakistanis|Nepalis|Sri\s+Lankans|Singaporeans|Bruneians|Kenyans|Ugandans|"
    r"Ethiopians|Africans|Rohingya"
)
_NOUN = re.compile(
    rf"^(?:\s*\([^()]{{1,20}}\))?(?:\s+of\s+(?:the|these|those))?(?P<mods>(?:\s+(?:(?:and|or)\s+)?{_MODIFIER}(?:-[a-z]+)?){{0,5}})(?:(?<=[A-Za-z])\s+(?:and|or))?\s+"
    r"(?P<noun>victims?|survivors?|suspects?|perpetrators?|traffickers?|offenders?|brokers?|recruiters?|"
    r"criminals?|culprits?|ringleaders?|people|persons?|individuals?|workers?|women|men|children|girls|boys|"
    r"minors?|juveniles?|migrants?|raids|citizens?|nationals?|Cambodians?|foreigners?|labou?rers?|employees?|"
    r"deportees?|returnees?|defendants?|arrests|convictions|prosecutions|cases?|crimes?|complaints?|incidents?|"
    r"wrongdoers?|mothers|brides|wives|newborns|babies|infants|teenagers|fishermen|managers|bosses|operators|guards|"
    r"pimps?|accomplices|smugglers?|"
    r"members|investigations?|probes?|officials?|officers?|leaders?|(?:police\s+)?reports|others|" + _DEMONYMS + r")\b"
)
_WHO = {
    "victim": "victims", "survivor": "victims",
    **dict.fromkeys(
        "suspect perpetrator trafficker offender broker recruiter criminal culprit ringleader wrongdoer pimp accomplice "
        "smuggler".split(), "suspects"
    ),
    "foreigner": "foreigners", "leader": "suspects",
}
# What ``counted`` starts with: one of these, then maybe a detail in brackets.
CATEGORIES = (
    "cases", "suspects arrested", "victims rescued", "victims repatriated", "victims identified", "deported",
    "prosecutions", "convictions", "other",
)
# Nouns that carry their action: "1,527 deportees", "79 arrests".
_NOUN_SAYS = {
    "deportee": "deported", "returnee": "victims repatriated", "arrests": "suspects arrested",
    "convictions": "convictions", "prosecutions": "prosecutions", "defendant": "prosecutions",
}
_CASES = {"case": "cases", "crime": "cases", "complaint": "cases", "incident": "cases", "investigation": "cases",
          "probe": "cases", "report": "cases"}
_ACTIONS = [
    (re.compile(r"arrest\w*|apprehen\w*|nabbed|caught|captured|seiz\w*|nett(?:ed|ing)|rounded"), "arrested"),
    (re.compile(r"detain\w*|detention|held"), "detained"),
    (re.compile(r"rescu\w*|free[sd]?|freeing|liberat\w*|sav(?:e|ed|ing)|intercepted|extricat\w*|evacuat\w*"), "rescued"),
    (re.compile(r"repatriat\w*|returned|return"), "repatriated"),  # "brought home" is not one word
    (re.compile(r"deport\w*|expel\w*|expulsion"), "deported"),
    (re.compile(r"convict\w*|sentenc\w*|jail(?:ed|s|ing)|imprisoned|guilty"), "convicted"),
    (re.compile(r"charg\w*|prosecut\w*|indict\w*"), "prosecuted"),
    (re.compile(r"identif\w*|recorded|detected"), "identified"),
    (re.compile(r"investigated|probed|questioned"), "investigated"),  # officials investigated: "other"
    (re.compile(r"screened"), "screened"),
    (re.compile(r"trafficked|tricked|lured|deceived|duped"), "trafficked"),
    (re.compile(r"sen(?:t|ds?|ding)|brought|brings?|bringing|referred|flown|flew|flies|flying"), "sent"),  # to court: prosecuted; elsewhere nothing
]
# The action says the category: arrested people are suspects, deported ones deported.
_ACTION_SAYS = {
    "arrested": "suspects arrested", "deported": "deported", "rescued": "victims rescued",
    "repatriated": "victims repatriated", "identified": "victims identified", "trafficked": "victims identified",
    "convicted": "convictions", "prosecuted": "prosecutions",
}
_TO_COURT = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:to|before)\s+(?:the\s+)?(?:\w+\s+){0,3}?courts?\b", re.IGNORECASE)
# "60 suspects in 17 cases had been sent to court": sent there later in the clause.
_SENT_TO_COURT = re.compile(
    r"^[^,;.]{0,50}?\b(?:sent|brought|referred|taken|handed)\s+(?:over\s+)?(?:to|before)\s+(?:the\s+)?(?:\w+\s+){0,3}?courts?\b",
    re.IGNORECASE,
)
# "649 people as suspects", "698 people became suspects", "were named suspects": suspects arrested.
_NAMED_SUSPECTS = re.compile(
    r"\s+(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+)?(?:as|became|become|becoming|named|named\s+as|"
    r"declared|designated(?:\s+as)?|listed\s+as)\s+(?:\w+\s+)?(?:suspects|perpetrators)\b",
    re.IGNORECASE,
)
# "698 suspects have been named", "61 suspects were determined": declared suspects.
_SUSPECTS_NAMED = re.compile(
    r"\s+(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+)(?:named|made|determined|designated|declared|set)\b",
    re.IGNORECASE,
)
_REPORTS_OF = re.compile(r"\s+(?:of|on|about|concerning|involving|related)\b", re.IGNORECASE)
_REPORTS_TAKEN = re.compile(r"\b(?:received|recorded|filed|lodged|issued|handled|logged|registered)\s+(?:[\w-]+\s+){0,3}$",
                            re.IGNORECASE)
_OR_VERB = re.compile(r"\s+(?:or|and)\s+(\w+)")
_FACED_CHARGES = re.compile(r"^\s+(?:faced?|facing|were\s+handed|received)\s+(?:[\w-]+\s+){0,3}?(?:charges?|indictments?)\b",
                            re.IGNORECASE)
# "the total number of rescued victims is 2,283": the noun and its verb before the number.
# An approximation or qualifier between a count's words and its number: "rose to about 300",
# "brought home some 40", "Of those arrested, only 9" (case follows the pattern using it).
_ABOUT = r"(?:(?:a\s+total\s+of|about|around|some|nearly|almost|more\s+than|over|another|a\s+further|only|just)\s+)?"
_NUMBER_OF = re.compile(
    r"\b(?:number|total|tally|count)\s+of\s+(?:(?P<act>[a-z]+)\s+)?"
    r"(?P<noun>victims|suspects|cases|arrests|people|persons|prosecutions|convictions)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:is|was|are|were|stood\s+at|reached|rose\s+to|hit|(?:had\s+|has\s+|have\s+)?"
    r"(?:increased|risen|grown|grew|climbed|jumped|fallen|fell|dropped)\s+to)\s+"
    + _ABOUT + "$",
    re.IGNORECASE,
)
# "the victims totalling 1,641 were saved": the noun before the number, the verb after it.
_TOTALLING = re.compile(
    r"\b(?P<noun>victims|suspects|people|persons|migrants|workers)\s+(?:totall?ing|numbering|amounting\s+to)\s+"
    + _ABOUT + "$",
    re.IGNORECASE,
)
# "Tran Van Nam, 43, and Le Thi Hoa, 38 were arrested": ages after names.
_AGE_AFTER_NAME = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+,\s*$")
# "victims of human trafficking were repatriated": a complement between the count and its verb.
_OF_COMPLEMENT = re.compile(
    r"^\s+(?:of|from|in)\s+(?:[\w-]+\s+){1,3}?(?=(?:who\s+)?(?:were|was|have\s+been|has\s+been|had\s+been)\s)", re.IGNORECASE
)
# Between an action and its number only these may stand: "arrested a total of 134".
_FILLER = re.compile(
    r"^(?:\s+(?:a|an|the|total|of|more|than|over|at|least|about|around|nearly|almost|some|up|to|estimated|"
    r"approximately|roughly|another|additional|as|many|a\s+further|its|their|his|her))*\s+$",
    re.IGNORECASE,
)
# "342 victims were repatriated", and headline style "263 workers freed".
_PASSIVE = re.compile(
    r"^\s*,?\s+(?:who\s+)?(?:(?:(?:were|was|are|is)(?:\s+being)?|(?:have|has|had)(?:\s+(?:so\s+far|now|already))?"
    r"\s+been|being|been|got)\s+)?"
    r"(?:(?:also|all|successfully|then|later|reportedly|subsequently|\w+ly)\s+)?(?P<verb>\w+)"
)
_PART_OF = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which)\s+(?:some\s+|about\s+|nearly\s+)?$"
    r"|\(\s*$",  # "93 suspects arrested (19 women)"
    re.IGNORECASE,
)
# An aside between a count and its verb: "Thirty-seven suspects (including four women) were arrested".
_ASIDE = re.compile(r"^\s*\([^()]{0,60}\)|^\s*,\s*(?:including|among\s+them)\s[^,;.()]{1,60},(?=\s)")
# "rescued 2,132 people, with more than 2,000 of them repatriated"
_OF_THEM = re.compile(r"^\s+of\s+(?:them|these|those|whom)\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?(?P<verb>\w+)",
                      re.IGNORECASE)
# "203 arrests - up from 113 in 2016": the earlier figure counts what the later one counts.
_COMPARED_FIGURE = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell|increas\w*|decreas\w*|compared)\s+(?:from|with|to)\s+(?:about\s+|some\s+|only\s+|just\s+)?$",
    re.IGNORECASE,
)
# "18 cases led to convictions"
_CASES_TO_CONVICTIONS = re.compile(
    r"^\s+(?:\w+\s+){0,2}?(?:led|leading|resulted|resulting|ended)\s+(?:to|in)\s+(?:a\s+|\w+\s+)?convictions?\b", re.IGNORECASE
)
# "Of the 29 cases, there are 190 victims.": a sentence that breaks down the tally before it.
_BREAKDOWN = re.compile(r"^\W*(?:Of|Among)\s+(?:the|these|those)\s+(?:\d[\d,]*\s+)?(?:cases|victims|suspects|arrests)\b")
_BARE_DONE = re.compile(r"^\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?(?P<verb>sentenced|convicted|jailed|arrested|"
                        r"rescued|freed|deported|repatriated|returned|charged|prosecuted|identified|sent(?=\s+(?:back|home)\b))\b")
_FROM_PLACE = re.compile(r"^\s+from\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|USD|€|£|¥|฿|KHR|riels?|baht|yuan)\s*$", re.IGNORECASE)
_NOT_COUNT_BEFORE = re.compile(
    r"\b(?:[Tt]ier|[Ll]evel|[Nn]o\.?|[Nn]umber|[Aa]rticle|[Ss]ection|[Cc]hapter|[Rr]oute|[Rr]oad|[Ss]treet|"
    rf"[Hh]ighway|[Pp]age|[Aa]ged?|[Aa]ges|[Dd]ecree|[Ll]aw|[Pp]hase|[Gg]rade|[Kk]ilometres?|[Kk]m|{_MONTH})\s*$"
)
_DATE_AFTER = re.compile(rf"^\s+{_MONTH}\b|^\s*(?:st|nd|rd|th)\b|^\s*(?:years?[\s-]old|-year|year-old)")
# Noun-only figures ("24 cases", "300 people") need the sentence to be about trafficking;
# any figure needs the story to be.
_DOMAIN = re.compile(
    r"traffick|exploit|forced\s+(?:labou?r|marriage|criminality)|scam|smuggl|brothel|prostitut|surroga|abduct|"
    r"kidnap|sexual|sex\s+trade|NCCT|slave|servitude|debt\s+bondage|猪仔|豬仔|"
    r"estafa|arnaque|mua\s+bán\s+(?:trẻ\s+em|phụ\s+nữ|bào\s+thai)|ép\s+buộc\s+mua\s+bán|lừa\s+bán|拐卖|拐賣|被拐",  # scam compounds; selling children, women; sold by deceit
    re.IGNORECASE,
)
_CASE_KINDS = [
    (re.compile(r"traffick", re.IGNORECASE), "human trafficking"),
    (re.compile(r"sex\w*\s+exploit", re.IGNORECASE), "sexual exploitation"),
    (re.compile(r"(?:labou?r\s+exploit|forced\s+labou?r)", re.IGNORECASE), "labour exploitation"),
    (re.compile(r"(?<!sexual )(?<!labour )(?<!labor )exploit", re.IGNORECASE), "exploitation"),
]
_CLAUSE_END = re.compile(r"[,;.]|\band\s+(?:\d|arrest|rescu|deport|repatriat)|\bleading\b|\bwhile\b")
_DESCRIBES = re.compile(
    r"\s+(?:of|involving|involved|concern\w*|about|related|classified|linked|tied|for|were|was)\b"
)

# --- periods ---
_P_YEAR = rf"(?:{_YEAR}|this\s+year|last\s+year|the\s+year)"
_PERIODS = [
    re.compile(
        r"\b(?:in|during|over|for)\s+the\s+(?P<p>(?:first|last|past|second|third|fourth)\s+(?:(?:\w+|\d{1,2})\s+"
        rf"months|half|quarter|year)(?:\s+of\s+{_P_YEAR})?)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?i:from|between)\s+(?P<a>{_MONTH})\s+(?:(?P<ya>{_YEAR})\s+)?(?:to|and|until|through)\s+"
        rf"(?P<b>{_MONTH})(?:,?\s+(?P<yb>{_YEAR}))?"
    ),
    re.compile(rf"\b(?P<a>{_MONTH})\s*[-–]\s*(?P<b>{_MONTH})(?:,?\s+(?P<yb>{_YEAR}))?"),
    re.compile(rf"\b(?i:from|between)\s+(?P<ya>{_YEAR})\s+(?:to|and|until|through)\s+(?P<yb>{_YEAR})"),
    re.compile(rf"\b(?P<p>since\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?(?:{_YEAR}|{_MONTH}))"),
    re.compile(rf"\b(?:in|during|throughout|by\s+the\s+end\s+of)\s+(?P<p>{_MONTH}\s+{_YEAR})"),
    re.compile(rf"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout|[Ff]or)\s+(?P<p>{_YEAR})\b(?!\s+(?:Trafficking|TIP|report))"),
    re.compile(
        r"\b(?P<p>(?:so\s+far\s+)?this\s+year|last\s+year|last\s+month|this\s+month|"
        r"the\s+past\s+(?:year|\w+\s+(?:months|years)))\b",
        re.IGNORECASE,
    ),
]
_SAME_PERIOD = re.compile(
    r"\b(?:that|the)\s+same\s+(?:year|period|month)\b|^(?:Of|Among)\s+(?:these|them|those)\b", re.IGNORECASE
)


@dataclass
class _Figure:
    number: int
    start: int  # in the sentence
    end: int  # end of the noun (or number)
    counted: str
    who: str | None  # people class for matching parts to wholes; None for cases
    emit: bool = True  # False: a head count with no action, kept only as the whole of its parts
    part: bool = False  # a part of the figure before ("including 13 juveniles"): a list of parts goes on


def _stat_facts(text: str, start: int, end: int, carried: str | None) -> tuple[list[Fact], str | None]:
    """Statistics of one sentence, and the period later sentences may refer back to."""
    sentence = text[start:end]
    periods = _periods(sentence)
    if periods:
        carried = periods[0][1]
    elif _SAME_PERIOD.search(sentence):
        periods = [(0, carried)] if carried else []
    figures: list[_Figure] = []
    in_domain = bool(_DOMAIN.search(sentence) or _BREAKDOWN.match(sentence))
    previous_end = 0
    for m in _NUMBER.finditer(sentence):
        figure = _figure(sentence, m, previous_end, figures, in_domain)
        if figure is not None:
            figures.append(figure)
            previous_end = figure.end
    facts = [
        Fact("statistic", sentence, start, end, number=f.number, counted=f.counted, period=_nearest(periods, f.start))
        for f in figures if f.emit
    ]
    return facts, carried


def _figure(
    sentence: str, m: re.Match[str], previous_end: int, figures: list[_Figure], in_domain: bool
) -> _Figure | None:
    """The figure a number stands for, or None when it counts nothing we know."""
    number = _number_value(m)
    # Only the few words around the number matter; "$" anchored searches over a whole
    # sentence prefix would be quadratic.
    before, after = sentence[max(0, m.start() - 40): m.start()], sentence[m.end(): m.end() + 200]
    if number is None or _not_a_count(before, after) or (
        number < 100 and _AGE_AFTER_NAME.search(before) and not _BREAKDOWN_PART.match(after)
    ):
        return None
    window = sentence[previous_end: m.start()]  # back to the previous figure
    part_of = bool(figures) and bool(_PART_OF.search(window[-40:]) or (figures[-1].part and _AND_GAP.match(window)))
    noun = _NOUN.match(after)
    if noun is None:
        pair = _SEX_PAIR.match(after) or _OUT_OF.match(after)
        other = _NUMBER.match(sentence, m.end() + pair.end()) if pair else None
        if other is not None:  # "37 male and 23 female victims were rescued", "69 out of 189 victims rescued"
            figure = _figure(sentence, other, previous_end, figures, in_domain)
            if figure is not None:
                share = bool(_OUT_OF.match(after))  # the share keeps the verb its whole gives up
                return dataclasses.replace(figure, number=number, start=m.start(), emit=figure.emit or share)
        gap = sentence[previous_end:m.start()]
        if figures and _OF_THE_HEAD.match(sentence, 0, figures[-1].start) and _HEAD_GAP.match(gap) \
                and _BREAKDOWN_VERB.match(after):  # "Of the 109 cases, 75 were related to sex trafficking"
            last = figures[-1]
            return _Figure(number, m.start(), m.end(), last.counted, last.who, emit=last.emit)
        if figures and _BREAKDOWN_PART.match(after) and len(gap) <= 80 and _BREAKDOWN_GAP.search(gap) \
                and not re.search(r"\d", gap):
            last = figures[-1]  # "600 complaints: five in Pailin, six in Banteay Meanchey and 250 in Preah Sihanouk"
            return _Figure(number, m.start(), m.end() + _BREAKDOWN_PART.match(after).end(), last.counted, last.who,  # type: ignore[union-attr]
                           emit=last.emit)
    if noun is None and (in_domain or figures) and not part_of:
        done = _BARE_DONE.match(after)
        action = ("repatriated" if done.group("verb") == "sent" else _action_of(done.group("verb"))) if done else None
        if action in _ACTION_SAYS:  # "with 101 sentenced to prison", "while 273 were returned home"
            return _Figure(number, m.start(), m.end() + done.end(), _ACTION_SAYS[action], "people")  # type: ignore[union-attr]
    number_of = _NUMBER_OF.search(sentence, max(0, m.start() - 90), m.start()) if noun is None else None
    if number_of:  # "the total number of rescued victims is 2,283"
        act = _action_of(number_of.group("act") or "")
        written = number_of.group("noun").lower()
        if written == "cases":
            return _Figure(number, m.start(), m.end(), "cases", None)
        if written in ("prosecutions", "convictions"):
            return _Figure(number, m.start(), m.end(), written, "people")
        who = _WHO.get(written.rstrip("s"), "people")
        counted = "suspects arrested" if written == "arrests" else _counted(who, act)
        return _Figure(number, m.start(), m.end(), counted, who)
    totalling = _TOTALLING.search(before) if noun is None else None
    if totalling:
        who = _WHO.get(totalling.group("noun").lower().rstrip("s"), "people")
        action = _action(after, "")
        if action is not None or who == "victims":
            return _Figure(number, m.start(), m.end(), _counted(who, action), who)
    if noun is None and figures:
        of_them = _OF_THEM.match(after)
        action = _action_of(of_them.group("verb")) if of_them else None
        if action in _ACTION_SAYS and figures[-1].who:  # "with more than 2,000 of them repatriated"
            return _Figure(number, m.start(), m.end() + of_them.end(), _ACTION_SAYS[action], figures[-1].who)  # type: ignore[union-attr]
        if _COMPARED_FIGURE.search(before):  # "203 arrests - up from 113 in 2016"
            return _Figure(number, m.start(), m.end(), figures[-1].counted, figures[-1].who)
    head = _OF_THOSE_DONE.match(sentence, 0, m.start()) if noun is None and not figures else None
    head_action = _action_of(head.group("verb")) if head else None
    if head and head_action in (*_ACTION_SAYS, "detained") and _BREAKDOWN_VERB.match(after):
        # "Of the victims rescued in the raid, 14 were children": the part counts what the head counts
        who = _WHO.get((head.group("noun") or "").lower().rstrip("s"), "people")
        return _Figure(number, m.start(), m.end(), _counted(who, "arrested" if head_action == "detained" else head_action), who)
    if noun is None and figures and figures[-1].who and not part_of and _ELIDED_END.match(after):
        verb = _ELIDED_VERB.search(window[-40:])
        action = _action_of(verb.group("verb")) if verb and ("," in window or " and " in window) else None
        if action in _ACTION_SAYS:
            who = figures[-1].who
            return _Figure(number, m.start(), m.end(), _counted(who, action), who)
    if noun is None:
        place = _FROM_PLACE.match(after)
        if part_of and place:  # "including 322 from China"
            last = figures[-1]
            return _Figure(number, m.start(), m.end() + place.end(), f"{_category(last)} (from {place.group('place')})", last.who)
        return None

    written = noun.group("noun").lower().split()[-1]
    singular = written[:-1] if {written[:-1]} & (_WHO.keys() | _CASES.keys() | _NOUN_SAYS.keys()) else written
    stop = m.end() + noun.end()
    if singular == "report" and not (
        "police" in noun.group("mods").lower() or noun.group("noun").lower().startswith("police")
        or _REPORTS_OF.match(sentence, stop) or _REPORTS_TAKEN.search(window[-40:])
    ):
        return None  # "605 police reports", "707 reports of trafficking", "received 560 reports"; not "two reports said"
    if singular in _CASES:
        if _CASES_TO_CONVICTIONS.match(sentence[stop:stop + 60]):
            return _Figure(number, m.start(), stop, "convictions", None)
        cases = _cases_counted(_CASES[singular], noun.group("mods"), sentence[stop:], in_domain)
        if cases and _action(sentence[stop:], window) in ("prosecuted", "convicted"):
            # "547 cases were charged", "prosecution of eight cases": prosecutions, not cases handled
            cases = _ACTION_SAYS[_action(sentence[stop:], window) or ""]
        return _Figure(number, m.start(), stop, cases, None) if cases else None

    if singular == "raids":  # "police conducted 112 raids": operations counted
        return _Figure(number, m.start(), stop, "other (raids)", None) if in_domain else None
    mods = noun.group("mods").split()
    who = "foreigners" if "foreign" in mods or singular in ("foreigner", "foreigners") else _WHO.get(singular, "people")
    if _NAMED_SUSPECTS.match(sentence, stop) or (who == "suspects" and _SUSPECTS_NAMED.match(sentence, stop)):
        return _Figure(number, m.start(), stop, "suspects arrested", "suspects")  # "649 people named as suspects"
    whole = next((f for f in reversed(figures) if f.who), None) if part_of else None
    if whole is not None and whole.emit:  # "including 1,011 Chinese nationals"
        detail = " ".join([*mods, noun.group("noun")])
        return _Figure(number, m.start(), stop, f"{_category(whole)} ({detail})", who, part=True)
    if singular in _NOUN_SAYS:
        return _Figure(number, m.start(), stop, _NOUN_SAYS[singular], who)
    action = _action(sentence[stop:], window)
    if action == "sent" or (action is None and _TO_COURT.match(sentence[stop:stop + 60])):
        action = "prosecuted" if _TO_COURT.match(sentence[stop:stop + 60]) else None
    if action is None and (_SENT_TO_COURT.match(sentence[stop:stop + 90]) or _FACED_CHARGES.match(sentence[stop:stop + 60])):
        action = "prosecuted"  # "60 suspects in 17 cases had been sent to court", "483 people faced trafficking charges"
    if action in (None, "sent"):
        action = _handed_over(window, sentence[stop:stop + 80], who) or action
    those = _THOSE_DONE.search(window[-100:]) if action is None else None
    if those and _action_of(those.group("verb")) in (*_ACTION_SAYS, "detained"):
        action = "arrested" if _action_of(those.group("verb")) == "detained" else _action_of(those.group("verb"))
    if action is None and _CHARGES_AGAINST.search(window[-70:]):
        action = "prosecuted"  # "filed charges against 12 suspects"
    if action is None and _FACING_DEPORTATION.match(sentence, stop):
        action = "deported"  # "812 workers found in the raids now face deportation"
    if action is None and who == "foreigners" and _FOREIGNERS_FOUND.search(
        f"{window[-40:]} {sentence[stop:stop + 80]}"
    ):  # "found 141 foreigners who had entered illegally", "262 foreigners were working without permits"
        return _Figure(number, m.start(), stop, "other (foreigners)", who)
    if action is None and (not in_domain or (m.group("word") and who not in ("victims", "suspects"))):
        return None  # "four people who recruited ..." is a story detail, not a tally
    if action == "detained" and who == "people" and singular in _HELD_AS_SUSPECTS:
        return _Figure(number, m.start(), stop, "suspects arrested", "suspects")  # "three women were detained"
    if action == "detained" and who == "victims":  # "10,000 victims are held in the compounds": captives, not a tally
        return _Figure(number, m.start(), stop, "victims identified", who, emit=False)
    if action is not None and _SHARE_BEFORE.search(before) and not _WHO_DID.match(sentence, stop):
        # "65 of the 148 missing Malaysians were rescued": the share was, not the whole
        return _Figure(number, m.start(), stop, _counted(who, action), who, emit=False)
    # A head count with no action ("500 Thai citizens", "43 suspects in the case") is a detail, not a
    # tally; it stays a figure so that its parts and "N of them repatriated" have their whole.
    return _Figure(number, m.start(), stop, _counted(who, action), who, emit=action is not None or who == "victims")


# "six suspects were handed over to prosecutors" (prosecutions), "handed over 29 victims to Indonesia" (repatriated).
_HANDED_OVER_BEFORE = re.compile(
    r"\bhand(?:ed|s|ing)?\s+over(?:\s+(?:a|the|total|of|another|some|about|more|than|over|at|least|all))*\s+$", re.IGNORECASE
)
_HANDED_OVER_AFTER = re.compile(
    r"^(?:\s+(?:in|of|from)\s+(?:[\w-]+\s+){1,3}?(?=(?:were|was|have|has|had|being)\s))?"  # "suspects in the case were handed over"
    r"\s*(?:(?:were|was|have\s+been|has\s+been|had\s+been|being)\s+)?handed\s+over\b", re.IGNORECASE,
)
_TO_PROSECUTOR = re.compile(
    r"^[^,;.]{0,30}?\bto\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:prosecut\w*|courts?|judiciary|attorney)", re.IGNORECASE
)
_TO_COUNTRY = re.compile(r"^[^,;.]{0,30}?\b(?:back\s+)?to\s+(?:the\s+)?(?:[A-Z][\w'’-]+|their\s+(?:families|home|country|embassy))")
_CHARGES_AGAINST = re.compile(
    r"\b(?:filed|files|filing|brought|brings|pressed|presses|laid|lays)\s+(?:[\w-]+\s+){0,2}?charges\s+against"
    r"(?:\s+(?:a|the|total|of|another|some|about|more|than|over|at|least|all))*\s+$", re.IGNORECASE,
)
_FACING_DEPORTATION = re.compile(
    r"[^,;.]{0,50}?\b(?:faced?|facing|marked\s+for|slated\s+for|awaiting|pending|earmarked\s+for|set\s+for)\s+"
    r"(?:\w+\s+)?deportations?\b", re.IGNORECASE,
)


def _handed_over(window: str, following: str, who: str) -> str | None:
    """People handed over: to a prosecutor or court they are prosecuted; victims handed to a country go home."""
    handed = _HANDED_OVER_AFTER.match(following)
    if not handed and not _HANDED_OVER_BEFORE.search(window[-60:]):
        return None
    rest = following[handed.end():] if handed else following
    if _TO_PROSECUTOR.match(rest):
        return "prosecuted"
    if who in ("victims", "people") and _TO_COUNTRY.match(rest):
        return "repatriated"
    return None


_AND_GAP = re.compile(r"^\s*(?:,|,?\s+and)\s+$")
_SHARE_BEFORE = re.compile(r"\b\d[\d,]*\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$", re.IGNORECASE)
_WHO_DID = re.compile(r"[^,.;]{0,30}?\b(?:who|that|which)\b", re.IGNORECASE)
_OF_THE_HEAD = re.compile(r"^\W*(?:Of|Among|Out\s+of)\s+(?:the|these|those)\s+$", re.IGNORECASE)
_HEAD_GAP = re.compile(r"^\s*,\s*" + _ABOUT + "$", re.IGNORECASE)
_BREAKDOWN_VERB = re.compile(r"^\s+(?:were|was|are|is|had|have|involved|concerned|related)\b", re.IGNORECASE)
# "37 male and 23 female victims": the first number counts what the second does.
_SEX_PAIR = re.compile(r"^\s+(?:male|female|men|women|boys|girls|adults|children)\s+(?:and|,)\s+(?=\d)", re.IGNORECASE)
# "69 out of 189 victims", "65 of the 148 missing Malaysians"
_OUT_OF = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?(?=\d)", re.IGNORECASE)
# A part of a breakdown by place: "five in Pailin", "12 in Pursat".
_BREAKDOWN_PART = re.compile(r"^\s+(?:in|from|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_BREAKDOWN_GAP = re.compile(r"(?:[,:;]|[,:]?\s+and|[,:]?\s+while)\s+" + _ABOUT + "$")
# Foreigners found working or staying unlawfully in a raid: counted, as "other".
_FOREIGNERS_FOUND = re.compile(
    r"\b(?:found|discovered|illegal(?:ly)?|unlawful(?:ly)?|without\s+(?:valid\s+)?(?:work\s+)?(?:permits?|visas?|documents)|"
    r"undocumented|overstay\w*|for\s+questioning)\b",
    re.IGNORECASE,
)
# People held by police are suspects; workers, migrants and nationals held in a raid are not said to be.
_HELD_AS_SUSPECTS = frozenset("people person persons individual individuals men women man woman members".split())


def _not_a_count(before: str, after: str) -> bool:
    """Money, "Tier 3", "Article 12", "5 September", "15-year-old"."""
    return bool(_CURRENCY_BEFORE.search(before) or _NOT_COUNT_BEFORE.search(before) or _DATE_AFTER.match(after))


def _number_value(m: re.Match[str]) -> int | None:
    if m.group("word"):
        word = m.group("word").lower()
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word]
        tens, _, unit = word.partition("-")  # "thirty-seven"
        return _TENS[tens] + _UNITS.get(unit, 0)
    digits = m.group("digits").replace(",", "").replace(" ", "")
    if m.group("mult"):
        return int(float(digits) * (1_000_000 if m.group("mult").lower() == "million" else 1_000))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")  # "1.372 victims": thousands grouped by a dot, as Indonesian English writes them
    if "." in digits:
        return None  # "3.5" without "million" is a measurement, not a head count
    value = int(digits)
    if not value:
        return None
    if 1900 <= value <= 2099 and "," not in m.group("digits"):
        return None  # a year
    return value


def _action(after_noun: str, window: str) -> str | None:
    action = _action_at(after_noun, window)
    if action == "trafficked":  # "the return of 57 nationals who were lured abroad": the deed done to them says less
        action = _action_at("", window) or action
    if action in (None, "trafficked"):
        late = _LATE_PASSIVE.match(after_noun)
        done = _action_of(late.group("verb")) if late else None
        if done in _ACTION_SAYS and done not in ("identified", "trafficked"):
            return done  # "Three recruiters named in a police file on a ring were arrested"
    return action


# The verb of a count after a description: "Three recruiters named in a police file were arrested",
# "five girls smuggled over the border were later rescued"; not across another count, clause or people noun.
_LATE_PASSIVE = re.compile(
    r"^(?:(?!\b(?:victims?|suspects?|people|persons)\b)[^,;.:\d()])"
    r"{0,110}?(?<!\bwho )(?<!\bwhich )(?<!\bthat )(?<!\bwhere )\b(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:(?:also|all|later|recently|then|subsequently)\s+)?(?P<verb>\w+)",
    re.IGNORECASE,
)


_AUXILIARY = re.compile(r"\s*,?\s+(?:who\s+)?(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|been|got)\b",
                        re.IGNORECASE)


def _action_at(after_noun: str, window: str) -> str | None:
    plain = _OF_COMPLEMENT.sub(" ", _ASIDE.sub("", after_noun, count=1), count=1)
    passive = _PASSIVE.match(plain)
    if passive and _action_of(passive.group("verb")) == "detained" and not _AUXILIARY.match(plain) and window:
        before = _action_at("", window)
        if before:
            return before  # "Officers freed 150 workers held in a compound": held is where they were, freed what was done
    if passive:
        if _HOME.match(plain, passive.end()) and passive.group("verb").lower() in ("sent", "brought", "flown", "taken"):
            return "repatriated"  # "266 Thais were flown home", "sent back to Cambodia"
        action = _action_of(passive.group("verb"))
        if action == "identified" and re.match(r"\s+as\s+[A-Z]", plain[passive.end():]):
            action = None  # "two men identified as Somchai and Boon were charged": named, not found
        if action == "trafficked" and passive.group("verb").lower() != "trafficked" and re.match(r"\s*(?:,|who\b)", plain):
            action = None  # "57 Thais who were tricked by recruiters": how they came, not what was counted
        if action:
            return action
        other = _OR_VERB.match(plain, passive.end())  # "317 victims were assisted or rescued"
        action = _action_of(other.group(1)) if other else None
        if action:
            return action
    window = window[-120:]  # an action binds to its number across a few words only
    words = list(re.finditer(r"[A-Za-z]+", window))
    for w in reversed(words[-8:]):
        action = _action_of(w.group()) or ("trafficked" if w.group().lower() == "trafficking" else None)
        if action == "sent" and _HOME_BEFORE.match(window, w.end()):
            return "repatriated"  # "brought home 60 citizens", "sent back 31 workers"
        if action:  # "trafficking at least 10 people" (before the number only: "5 people trafficking cases")
            # "the return to Vientiane of 48 victims": a place between the action and its number
            if not _FILLER.match(_PLACE_BETWEEN.sub("", window[w.end():])):
                return None
            first = _FIRST_OF_TWO.search(window, 0, w.start())  # "rescued and repatriated 420 victims": the first deed
            earlier = _action_of(first.group(1)) if first else None
            return earlier if earlier in _ACTION_SAYS else action
    return None


_FIRST_OF_TWO = re.compile(r"\b([A-Za-z]+ed)\s+and\s+$")
# "brought home 60 citizens", "flew back some 40 workers": the verb, then home, then the count.
_HOME_BEFORE = re.compile(r"\s+(?:back\s+)?(?:home|back)\s+" + _ABOUT + "$",
                          re.IGNORECASE)
# "Those rescued included 14 children", "Among those arrested were 25 Indonesians": the deed of "those".
_THOSE_DONE = re.compile(r"\b(?:those|the\s+ones)\s+(?P<verb>[a-z]+ed)\b(?![^,;.]*\d)[^;]{0,80}$", re.IGNORECASE)
# "Of the victims rescued in the raid, 14 were children", "Among those arrested, 9 were foreigners".
_OF_THOSE_DONE = re.compile(
    r"\W*(?:Of|Among)\s+(?:the|these|those|all)\s+(?:(?P<noun>victims|suspects|people|persons|workers|migrants|women|children)\s+)?"
    r"(?:who\s+were\s+|(?:were|had\s+been)\s+)?(?P<verb>[a-z]+ed)\b[^,;\d]{0,80},\s*" + _ABOUT + "$",
    re.IGNORECASE,
)
# "rescued about 1,500 victims and repatriated 900.": a number with its noun left out takes the one before.
_ELIDED_VERB = re.compile(r"\b(?P<verb>[a-z]+)\s+" + _ABOUT + "$",
                          re.IGNORECASE)
_ELIDED_END = re.compile(r"^\s*(?:[,.;:]|and\b|$|\s+(?:in|from|to|on|last|this|since|during|by)\b)")
_PLACE_BETWEEN = re.compile(r"^\s+(?:to|from|in)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?=\s+of\b)")
_HOME = re.compile(r"\s+(?:back\s+)?(?:home|back)\b|\s+back\s+to\b", re.IGNORECASE)


def _action_of(word: str) -> str | None:
    word = word.lower()
    return next((action for pattern, action in _ACTIONS if pattern.fullmatch(word)), None)


def _counted(who: str, action: str | None) -> str:
    """One of ``CATEGORIES``, with the people counted in brackets when that says more."""
    if who == "suspects" and action == "repatriated":
        return "deported"  # "sent back 180 suspects": suspects sent home are deported
    if who == "suspects" and action in ("identified", "rescued", "trafficked"):
        return f"other (suspects {action})"  # "the identification of 546 suspects": not victims
    if action in _ACTION_SAYS:
        return _ACTION_SAYS[action]
    if action == "detained":  # suspects detained are suspects arrested; migrants detained are not
        return "suspects arrested" if who == "suspects" else f"other ({who} detained)"
    if action is None and who == "victims":
        return "victims identified"
    if action in ("investigated", "screened"):
        return f"other ({who} {action})"  # "15 officials were investigated", "people screened"
    return f"other ({who})"


def _cases_counted(noun: str, mods: str, following: str, in_domain: bool) -> str | None:
    """"cases", "cases (sexual exploitation)"; None for cases of something else ("of dengue")."""
    clause = _CLAUSE_END.split(following, maxsplit=1)[0]
    described = f"{mods} {clause}" if _DESCRIBES.match(clause) else mods
    if described.strip() and not in_domain and not _DOMAIN.search(described) and not re.search(
        r"\b(?:these|those|such|the\s+same)\s+(?:crimes|cases|offences|offenses)\b|^\s*such\b", described
    ):
        return None
    kinds = [kind for pattern, kind in _CASE_KINDS if pattern.search(described)]
    return f"{noun} ({kinds[0]})" if len(kinds) == 1 else noun


def _category(figure: _Figure) -> str:
    return figure.counted.split(" (", 1)[0]


def _periods(sentence: str) -> list[tuple[int, str]]:
    found = []
    taken: list[tuple[int, int]] = []
    for pattern in _PERIODS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "in 2023" inside "in the first six months of 2023"
            taken.append((m.start(), m.end()))
            found.append((m.start(), _period_text(m)))
    return sorted(found)


def _period_text(m: re.Match[str]) -> str:
    groups = m.groupdict()
    if groups.get("p"):
        phrase = re.sub(r"\s+", " ", groups["p"])
        # "Last year" at a sentence start is still "last year"; months keep their capital.
        return phrase if re.match(_MONTH, phrase) else phrase[0].lower() + phrase[1:]
    if groups.get("a"):
        year = groups.get("yb") or groups.get("ya")
        span = f"{_full_month(groups['a'])}-{_full_month(groups['b'])}"
        return f"{span} {year}" if year else span
    return f"{groups['ya']}-{groups['yb']}"


def _full_month(name: str) -> str:
    name = name.rstrip(".")
    months = "January February March April May June July August September October November December".split()
    return next((full for full in months if full.startswith(name[:3].title())), name)


def _nearest(periods: list[tuple[int, str]], at: int) -> str | None:
    if not periods:
        return None
    return min(periods, key=lambda p: abs(p[0] - at))[1]


# --- statistics in the other languages ---

_INTL_NOUNS = [(who, re.compile(pattern, re.IGNORECASE)) for who, pattern in lexicon.STAT_NOUNS.items()]
_INTL_ACTIONS = [(category, re.compile(pattern, re.IGNORECASE)) for category, pattern in lexicon.STAT_ACTIONS.items()]
_INTL_NUMBER = re.compile(
    r"(?<![\d.:/])(?<!\d,)(\d{1,3}(?:[.,]\d{3})+|\d{1,3}(?: \d{3})+(?= ?[\u1780-\u17ff\u0e00-\u0eff\u1000-\u109f])|\d+)"
    r"(?![\d%]|[.,]\d)|(?i:\b(" + "|".join(lexicon.COUNT_WORDS) + r")\b)"
)
_INTL_NOT_AFTER = re.compile(lexicon.STAT_NOT_A_COUNT_AFTER, re.IGNORECASE)
_INTL_NOT_BEFORE = re.compile(lexicon.STAT_NOT_A_COUNT_BEFORE, re.IGNORECASE)
_INTL_PERIODS = [re.compile(pattern) for pattern in lexicon.STAT_PERIODS]
_INTL_COUNT_WORD = re.compile(r"(?:ចំនួន|จำนวน|sebanyak|sejumlah|tổng\s+cộng|共|总计|總計|合计|合計|ທັງໝົດ|ပေါင်း)\s*[(（]?\s*$",
                              re.IGNORECASE)
# Approximations between a noun and its number: "เหยื่อกว่า 300 ราย", "nạn nhân hơn 300", "korban lebih dari 300".
_INTL_ABOUT = re.compile(r"(?:กว่า|ประมาณ|เกือบ|\bhơn|\bkhoảng|\bgần|lebih\s+dari|\bsekitar|\bhampir|约|約|近|超过|超過|逾|ជាង|ប្រមាណ|"
                         r"plus\s+de|más\s+de|environ|alrededor\s+de)\s*$", re.IGNORECASE)
# Words that open a count whose verb may come at the end of the sentence: "Seramai 67 individu ... ditahan".
_INTL_OPENS_COUNT = re.compile(r"(?:\bseramai|\bsebanyak|\bsejumlah|\btotal)\s*$", re.IGNORECASE)
# A count that opens its sentence takes the verb that ends it: "Tiga pekerja asing yang ditipu ejen ... diselamatkan".
_OPENS_SENTENCE = re.compile(r"\W*(?:[A-Z][A-Z .]{2,30}\s*[-–—:]\s*)?[\"“]?$")
# Citizens handed back by the other country's authorities: deported, not brought home.
_HANDED_BACK = re.compile(r"[^,.;]{0,60}?\bdo\s+[^,.;]{0,40}?trao\s+trả", re.IGNORECASE)
# A part of the figure before: "其中33名为外国人", "dont 4 étrangers", "trong đó có 12".
_INTL_PART = re.compile(r"(?:其中|\bdont|\btermasuk|\btrong\s+đó(?:\s+có)?|รวมถึง|ក្នុងនោះ(?:មាន)?|\bdi\s+antaranya|\bincluidos?|"
                        r"\bentre\s+ellos)\s*[,，]?\s*$", re.IGNORECASE)


def _spelled_pattern(words: dict[str, tuple[int, str]], spaced: bool) -> re.Pattern[str]:
    word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if spaced:
        return re.compile(rf"(?<!\w)(?:{word})(?:\s+(?:{word}))*(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?:{word})+")


_SPELLED = [(words, _spelled_pattern(words, kind == "spaced"), re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))))
            for kind, words in lexicon.SPELLED_NUMBERS.items()]
_ANY_STAT_NOUN = re.compile(lexicon.SPELLED_COUNTER_GAP + "(?:" + "|".join(f"(?:{p})" for p in lexicon.STAT_NOUNS.values()) + ")",
                            re.IGNORECASE)


# "数十名" (dozens), "上万人", "几百人": a spelled number after these is a rough size, not a count.
_VAGUE_BEFORE = re.compile(r"[数數几幾上成近]\s*$|\b(?:hàng|vài|mấy)\s+$|หลาย\s*$", re.IGNORECASE)


def _spelled_value(written: str, words: dict[str, tuple[int, str]], word: re.Pattern[str]) -> int:
    """The value of a count in words: "hai mươi lăm" = 25, "ยี่สิบเอ็ด" = 21, "三百二十" = 320."""
    total = current = 0
    for m in word.finditer(written.lower()):
        value, how = words[m.group()]
        if how == "unit":
            current += value
        elif how == "ten":
            current = (current or 1) * 10
        elif how == "big":
            total, current = total + (current or 1) * value, 0
        else:
            total += value
    return total + current


def _spelled_as_digits(sentence: str) -> str:
    """``sentence`` with the counts it spells out written in digits ("ห้าคน" -> "5คน", "ba người" ->
    "3 người", "五名" -> "5名"); only before a counted noun or a counter, so "năm 2024" (the year)
    stays, and never one ("một người", "一名" are "a person")."""
    for words, pattern, word in _SPELLED:
        sentence = pattern.sub(functools.partial(_spelled_digits, words=words, word=word), sentence)
    return sentence


def _spelled_digits(m: re.Match[str], words: dict[str, tuple[int, str]], word: re.Pattern[str]) -> str:
    sentence = m.string
    if not _ANY_STAT_NOUN.match(sentence, m.end()) or _VAGUE_BEFORE.search(sentence, 0, m.start()) \
            or all(words[w.group()][1] == "big" for w in word.finditer(m.group().lower())):
        return m.group()  # "数十名", "hàng trăm người", "หลายร้อยคน": dozens, hundreds, not a count
    value = _spelled_value(m.group(), words, word)
    return str(value) if value > 1 else m.group()


def _intl_stat_facts(text: str, start: int, end: int, carried: str | None) -> list[Fact]:
    """Counted figures written the other languages' way: "điều tra 110 vụ", "ជួយសង្គ្រោះជនរងគ្រោះ ២៩០ នាក់"."""
    sentence = _spelled_as_digits(text[start:end])
    periods = []
    taken: list[tuple[int, int]] = []
    for pattern in _INTL_PERIODS:  # the more specific first: "6 tháng đầu năm 2025" before "năm 2025"
        for m in pattern.finditer(sentence):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                periods.append((m.start(), re.sub(r"\s+", " ", m.group()).strip()))
    periods.sort()
    if not periods and carried and _SAME_PERIOD.search(sentence):
        periods = [(0, carried)]
    facts: list[Fact] = []
    shared: tuple[int, str | None] | None = None  # where the figure before ended, and its verb
    for m in _INTL_NUMBER.finditer(sentence):
        written = m.group(1) or m.group(2)
        value = lexicon.COUNT_WORDS[written.lower()] if m.group(2) else int(re.sub(r"[., ]", "", written))
        if not re.search(r"[., ]", written) and (1900 <= value <= 2100 or 2540 <= value <= 2600):
            continue  # a year
        after = sentence[m.end():m.end() + 30]
        before = sentence[max(0, m.start() - 30):m.start()]
        if _INTL_NOT_AFTER.match(after) or _INTL_NOT_BEFORE.search(before):
            continue
        who = _intl_noun(after, before)
        if who is None:
            who = _among_noun(sentence, m.start(), m.end())  # "Parmi ces victimes, 75 ont été secourues"
        if who is None:
            continue
        category = _intl_action(sentence, m.start(), m.end())
        counter = sentence[m.end():m.end() + 3].strip()[:1] or " "
        if category is None and shared is not None and _shares_verb(sentence[shared[0]:m.start()]) \
                and (who != "people" or is_unspaced(counter)):  # "12 tersangka dan 7 orang saksi": witnesses
            category = shared[1]  # "khởi tố 9 vụ án, 21 bị can": one verb for the figures of a list
        if category is None and written.lower() == "seorang":
            continue  # "seorang pegawai berkata": one person is a count only when something was done to them
        if category is None and (_INTL_OPENS_COUNT.search(before) or _OPENS_SENTENCE.match(sentence, 0, m.start())):  # "Seramai 138 mangsa ..., ... diselamatkan"
            category = _intl_action_after(sentence, m.end())
        # an investigation verb is the cases' alone: "điều tra 59 vụ án, 186 đối tượng, 244 nạn nhân"
        shared = (m.end(), category) if category is not None and category != "cases" else None
        if _INTL_PART.search(before) and facts and facts[-1].counted:  # "逮捕202名嫌犯,其中33名为外国人"
            category = facts[-1].category if facts[-1].category != "cases" or who == "cases" else category
        if category == "victims repatriated" and who == "people" and _HANDED_BACK.match(sentence, m.end()):
            category = "deported"  # "22 công dân do phía Lào trao trả": citizens the other country sent back
        if who == "suspects" and category == "victims repatriated":
            category = "deported"  # "押解回国嫌疑人300名": suspects sent home are deported
        if who == "victims" and category == "suspects arrested":
            category = "victims rescued"  # "korban diamankan": victims taken into safety
        if who == "cases":  # "បញ្ជូនទៅតុលាការចំនួន ១៧ ករណី": cases sent to court are prosecutions
            counted = category if category in ("prosecutions", "convictions") else "cases"
        elif category == "cases":  # "73 penjawat awam disiasat": people investigated
            counted = f"other ({who} investigated)"
        elif category is not None:
            counted = category
        elif who == "victims":
            counted = "victims identified"
        else:
            continue  # "12 người", "284 tersangka" with no action is a detail of the story
        facts.append(Fact("statistic", sentence, start, end, number=value, counted=counted, period=_nearest(periods, m.start())))
    return facts


# Counting words that only say "persons" ("ราย", "នាក់", "名"): a noun before the number says more.
_INTL_CLASSIFIER = re.compile(r"ราย|คน|នាក់|名|人|ຄົນ|ဦး")
# "312名人口贩运受害者": a counter, then a few characters, then the noun.
_CJK_COUNTER_GAP = re.compile(r"[名个個位起宗件][\u4e00-\u9fff]{0,9}")


# Between two figures of a list that share a verb: the first one's noun, then a comma or "and".
# The second noun may stand before its number: "嫌疑人18名、同伙6名", "ผู้ต้องหา 4 ราย, นายหน้า 2 ราย".
_LIST_JOIN = re.compile(r"[^\d.;。]{0,16}?(?:[,、，]|\bvà\b|\bdan\b|และ|និង|ແລະ|和|\bet\b|\by\b)[^\d.;。,、，]{0,12}", re.IGNORECASE)


# "Parmi ces victimes, 75 ont été secourues", "De ellas, 40 fueron rescatadas": the noun of the
# opening phrase, for a number followed straight by its verb.
_AMONG = re.compile(
    r"^\W*(?:Parmi|Entre|De)\s+(?:ces|les|celles-ci|ceux-ci|estas|estos|las|los)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>victimes|personnes|víctimas|personas)\b[^,.;]{0,40},\s*$",
    re.IGNORECASE,
)
_AMONG_VERB = re.compile(r"\s+(?:ont|avaient|sont|étaient|fueron|han\s+sido|habían\s+sido)\b", re.IGNORECASE)


def _among_noun(sentence: str, start: int, end: int) -> str | None:
    """The counted noun of an opening "among these ..." when the number stands alone before its verb."""
    m = _AMONG.match(sentence[:start])
    if m is None or not _AMONG_VERB.match(sentence, end):
        return None
    return "victims" if m.group("noun").lower().startswith("v") else "people"


def _shares_verb(gap: str) -> bool:
    """True when ``gap`` only joins two figures: "9 vụ án, 21 bị can", "嫌疑人18名、同伙6名"."""
    return bool(_LIST_JOIN.fullmatch(gap)) and not any(pattern.search(gap) for _, pattern in _INTL_ACTIONS)


def _intl_noun(after: str, before: str) -> str | None:
    """The noun right after the number ("110 vụ", "290名"), or right before it ("ជនរងគ្រោះ ២៩០ នាក់")."""
    counter = None
    after = re.sub(r"^\s*[)）]", "", after)  # Burmese writes counts in brackets: "(၂၀၅) ဦး"
    for who, pattern in _INTL_NOUNS:
        m = pattern.search(after, 0, 16)
        gap = after[:m.start()] if m else ""
        if m and (re.fullmatch(r"[\s\w]{0,3}", gap) or (who != "people" and _CJK_COUNTER_GAP.fullmatch(gap))) \
                and (who != "people" or m.start() <= 1):
            counter = who if who != "people" or _INTL_CLASSIFIER.match(after[m.start():]) else "named people"
            break
    if counter not in (None, "people"):
        return "people" if counter == "named people" else counter
    for who, pattern in _INTL_NOUNS:
        if who == "people":
            continue
        m = None
        for found in pattern.finditer(before):
            m = found
        if m is not None and len(before) - m.end() <= 10 and (
            not before[m.end():].strip() or _INTL_COUNT_WORD.search(before) or _INTL_ABOUT.search(before)
        ):
            return who  # "ជនរងគ្រោះ ២៩០ នាក់", "เหยื่อกว่า 300 ราย": the noun before says more than the counter after
    return counter


def _intl_action(sentence: str, start: int, end: int) -> str | None:
    """The verb nearest before the number; else one after it in the same clause ("120 nạn nhân được giải cứu")."""
    # Words are longer in Latin script: "15 travailleurs migrants ... avaient été renvoyés chez eux".
    reach = 70 if is_unspaced(sentence[end + 1:end + 2] or " ") else 90
    clause = _INTL_CLAUSE.search(sentence, end, min(len(sentence), end + reach))
    limit = clause.start() if clause else min(len(sentence), end + reach)
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    for category, pattern in _INTL_ACTIONS:
        for m in pattern.finditer(sentence, max(0, start - 45), limit):
            if m.end() <= start and (before is None or start - m.end() < before[0]) \
                    and not _ends_clause(sentence, m.end(), start):  # "menahan 12 tersangka, dan tujuh orang ..."
                before = (start - m.end(), category)
            elif m.start() >= end and (after is None or m.start() - end < after[0]):
                after = (m.start() - end, category)
    if before and after and after[0] + 15 < before[0]:
        before = None  # "33 penjawat awam yang disiasat, dengan 13 daripadanya telah dituduh": the verb right after
    chosen = before or after
    return chosen[1] if chosen else None


_CLAUSE_MARK = re.compile(r"[,;，；]|\d")


def _ends_clause(sentence: str, start: int, end: int) -> bool:
    """True when a clause ends between a verb and its number: a comma, or "and" after a figure of
    its own ("menahan 12 tersangka dan tujuh orang"); not "and" inside a noun phrase
    ("押解电诈和人口贩运嫌疑人300名", "giải cứu phụ nữ và trẻ em 12 người")."""
    clause = _INTL_CLAUSE.search(sentence, start, end)
    return clause is not None and (clause.group() == "、" or bool(_CLAUSE_MARK.search(sentence, start, end)))


def _intl_action_after(sentence: str, end: int) -> str | None:
    """The first verb after the number anywhere in the sentence."""
    found = [(m.start(), category) for category, pattern in _INTL_ACTIONS for m in [pattern.search(sentence, end)] if m]
    return min(found)[1] if found else None


_INTL_CLAUSE = re.compile(r"[,;，；、]|และ|\bvà\b|\bdan\b|និង|ព្រមទាំង|ແລະ|\bet\b|\by\b|和")


# --- the whole story ----------------------------------------------------------------------


def extract_facts(text: str, *, title: str = "", published: date | None = None) -> list[Fact]:
    """TIP tier rankings and counted figures in ``text``, in the order they appear.

    ``title`` helps find the story's subject and report year; ``published`` (the story's
    date) gives the report year when the story says "this year's report".
    """
    original, original_title = text, title
    # Same length as the original, so offsets into it are offsets into the original: digits
    # as ASCII, and markup left in some sources ("&mdash;", "<strong>") as spaces.
    text = _MARKUP.sub(lambda m: " " * len(m.group()), ascii_digits(_BURMESE_WA.sub("၀", text)))
    title = ascii_digits(_BURMESE_WA.sub("၀", title))
    whole = f"{title}\n{text}"
    # A story about human trafficking that says "Tier 3" means the report even when it does not name it.
    names_report = bool(_TIP_REPORT.search(whole) or _REPORT_AUTHOR.search(whole) or _TRAFFICKING.search(whole))
    story = _Story(names_report, _story_year(title, text, published))
    for mention in _countries(title):
        if mention.name != "United States":
            story.subject = mention.name
            break
    story_in_domain = bool(_DOMAIN.search(text) or _TRAFFICKING.search(text))
    facts: list[Fact] = []
    carried: str | None = None
    last_stat: Fact | None = None  # the last figure, for a running total that refers back to it
    last_index = 0
    spans = split_sentences(text)
    for index, (start, end) in enumerate(spans):
        # "Countries listed on Tier 3 are:" ranks the list on the next line.
        tip_end = spans[index + 1][1] if index + 1 < len(spans) and text[start:end].rstrip()[-1:] in (":", "：") else end
        facts.extend(_tip_facts(text, start, tip_end, story))
        if story_in_domain:
            stats, carried = _sentence_stats(text, start, end, carried)
            stats += _running_totals(text, start, end, stats, last_stat if index - last_index <= 2 else None)
            if stats:
                last_stat, last_index = stats[-1], index
            facts.extend(stats)
    facts = [_with_sentence(f, original) for f in facts]
    if story_in_domain or _DOMAIN.search(title) or _TRAFFICKING.search(title):
        facts = _headline_stats(title, original_title, facts) + facts
    kept = _drop_repeats(_drop_vaguer_counts(facts))
    log.debug("extracted %d facts (%d repeats dropped)", len(kept), len(facts) - len(kept))
    return kept


def _headline_stats(title: str, original_title: str, facts: list[Fact]) -> list[Fact]:
    """Figures only the headline gives ("919 suspects arrested, 2,493 victims saved"), as facts
    whose sentence is the title and whose offsets are 0 (the title is not in the text). A number
    the body states too, whatever it says it counts, is the body's."""
    said = {f.number for f in facts if f.kind == "statistic"}
    found: list[Fact] = []
    carried: str | None = None
    for start, end in split_sentences(title):
        stats, carried = _sentence_stats(title, start, end, carried)
        found += [dataclasses.replace(f, sentence=original_title, start=0, end=0) for f in stats if f.number not in said]
    return found


def _sentence_stats(text: str, start: int, end: int, carried: str | None) -> tuple[list[Fact], str | None]:
    """One sentence's figures: the English reading, then the other languages' for the numbers
    it did not read; and what the sentence carries to the next ("Of these ...")."""
    stats, carried = _stat_facts(text, start, end, carried)
    known = {f.number for f in stats}
    stats += [f for f in _intl_stat_facts(text, start, end, carried) if f.number not in known]
    return stats, carried


# A running total that says what it counts or refers back: "This year the figure rose to 260.",
# "brought to 1,415 the total held", "bringing the total of arrests to 412".
_TOTAL_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:total|number|figure|tally|toll)\s+(?:(?:has|had|have)\s+)?"
    r"(?:increased|rose|risen|grew|grown|jumped|climbed|reached|fell|fallen|dropped|stood\s+at|went\s+up)\s+(?:to\s+)?"
    r"|\b(?:brought|bringing|brings|raising|raised|taking|took|pushing|pushed)\s+(?:the\s+(?:total|number|tally)"
    r"(?:\s+(?:number\s+)?of\s+(?P<noun>[a-z]+)(?:\s+(?P<act>[a-z]+))?)?\s+)?(?:up\s+)?to\s+"
)
_TOTAL_APPROX = re.compile(r"(?:about|some|more\s+than|over|nearly|almost|around|at\s+least)\s+$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"\s+(?:the\s+)?(?:total\s+)?(?:number\s+)?(?:of\s+)?(?P<word>[a-z]+)")


def _running_totals(text: str, start: int, end: int, stats: list[Fact], last: Fact | None) -> list[Fact]:
    """Totals whose number stands alone: what they count comes from their own words or the figure before."""
    sentence = text[start:end]
    said = {f.number for f in stats}
    found = []
    for m in _NUMBER.finditer(sentence):
        number = _number_value(m)
        if number is None or number in said:
            continue
        head = sentence[max(0, m.start() - 90):m.start()]
        approx = _TOTAL_APPROX.search(head)
        head = head[:approx.start()] if approx else head
        total = _TOTAL_BEFORE.search(head)
        if total is None or total.end() != len(head) or _NOUN.match(sentence[m.end():]):
            continue
        words = [total.group("act") or "", total.group("noun") or ""]
        after = _TOTAL_AFTER.match(sentence, m.end())
        if after and re.match(r"\s+the\s+total", sentence[m.end():]):
            words.append(after.group("word"))  # "brought to 1,415 the total held"
        action = next((a for a in map(_action_of, words) if a), None)
        if action in _ACTION_SAYS or action == "detained":
            counted = "suspects arrested" if action == "detained" else _ACTION_SAYS[action]
        elif "arrests" in words:
            counted = "suspects arrested"
        elif last is not None and not any(words):
            counted = last.category or ""  # "212 suspects were detained. This year the figure rose to 260."
        else:
            continue
        periods = _periods(sentence)
        found.append(Fact("statistic", sentence, start, end, number=number, counted=counted, period=_nearest(periods, m.start())))
    return found


_MARKUP = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6});|</?[a-zA-Z][^<>]{0,80}>")


def _with_sentence(fact: Fact, original: str) -> Fact:
    sentence = original[fact.start:fact.end]
    return fact if sentence == fact.sentence else dataclasses.replace(fact, sentence=sentence)


_VAGUE_CATEGORIES = ("victims identified", "other")


def _drop_vaguer_counts(facts: list[Fact]) -> list[Fact]:
    """"1,943 victims" beside "rescued 1,943 victims": the figure the story says what was done to wins."""
    said = {f.number for f in facts if f.kind == "statistic" and f.category not in _VAGUE_CATEGORIES}
    return [f for f in facts if f.kind != "statistic" or f.category not in _VAGUE_CATEGORIES or f.number not in said]


def _drop_repeats(facts: list[Fact]) -> list[Fact]:
    kept: list[Fact] = []
    for fact in facts:
        if any(_adds_nothing(fact, earlier) for earlier in kept):
            continue
        # A headline's "3,412 deported" gives way to the body's "3,412 deported in 2026".
        kept = [earlier for earlier in kept if not _adds_nothing(earlier, fact)]
        kept.append(fact)
    return kept


def _adds_nothing(fact: Fact, earlier: Fact) -> bool:
    if fact.kind != earlier.kind:
        return False
    same: tuple[object, ...]
    same_earlier: tuple[object, ...]
    extra: tuple[str, ...]
    if fact.kind == "tip_tier":
        same, extra = (fact.country, fact.tier), ("year", "change")
        same_earlier = (earlier.country, earlier.tier)
    else:
        same, extra = (fact.number, fact.counted), ("period",)
        same_earlier = (earlier.number, earlier.counted)
    if same != same_earlier:
        return False
    return all(getattr(fact, key) in (None, getattr(earlier, key)) for key in extra)
