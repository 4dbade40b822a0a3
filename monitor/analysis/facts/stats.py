"""Counted figures (statistics) and the period they cover.

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
    investigated or screened are "other", but suspects identified or investigated ("investigated
    247 suspected traffickers") are suspects arrested (named as suspects). When the story gives one number both with an
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
    small grammar of units, tens and hundreds (``stat_words.SPELLED_NUMBERS``): "ห้าคน", "ยี่สิบเอ็ดราย",
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
    French, Spanish and Tagalog counts in words are read too ("trente-trois", "une cinquantaine de"
    = about 50, "treinta y dos", "tatlong suspek", "apat na biktima"), as are thousands grouped by a
    space ("4 414 victimes"), "4.8万" and "2,5 ribu"; a modifier may stand between a number and its
    noun ("350 posibles víctimas", "137 babaeng biktima"). A share after its number ("25 sa kanila",
    "130 di antaranya", "18 de las víctimas", "65 des 148": the share took the deed, not the whole),
    a part after "de las cuales" or "kabilang dito", parts by place ("4 en France et 6 en Espagne",
    "77 ay galing Laos") and a breakdown opened by "terdiri daripada", "dengan rincian", "conformado
    por" or Thai "เป็นชาย ... เป็นหญิง" count what their whole counts, the whole being the figure
    before in the sentence or the last figure of the two sentences before; a part is smaller than
    its whole. An opening "Mula sa nasagip," or "De las víctimas rescatadas," gives the deed of the
    figures after it. In English "Of that number, 22 were women" breaks down the figure of the
    sentence before, "21 of them women" the figure before, "six of the rescued victims" says its deed
    in the modifier, "Of the 287 traffickers, 228 were charged" takes the part's own deed, and
    nationals "flown to Bangkok" (their capital) are brought home; the numbers of a list share the
    noun and deed of the last ("repatriated 12, 13 and 14 people"); "the number of victims rose from
    119 in 2021 to 446" and "investigation papers" (case files) count both figures; a breakdown
    by agency ("137 by the Immigration Department") counts what its whole counts; "Of 1,018
    nationals who became victims, 679 were rescued" and "with eight resulting in a conviction" say
    their deeds, "174 of them were actual victims" counts victims identified, parts may follow a dash
    ("arrested 11 suspects – nine Chinese and two Cambodians"); an aside ", identified as victims of
    trafficking," or ", one of them female," may stand before the verb; "taken into custody" arrests;
    after a relative clause the main deed counts ("16 workers who were held at a casino have returned
    home"); "Among the 170 victims rescued were 13 children" and "The charged defendants include 12
    Thai nationals and five U.S. nationals" give parts their whole's deed; a list after a colon
    ("the arrests of: 89 people ...; 111 people ...") shares the deed before it; "charges six with
    conspiracy" prosecutes; defendants convicted or arrested are counted so; victims found are
    identified; people at large ("four defendants remain at large") or on a wanted list ("sebagai DPO")
    are not counted; a verb may stand in quotes ("were “detained.”"); Indonesian "diciduk" arrests; a
    term ("up to 10 years") is no tally. A change is not a tally ("a
    decline of five cases", "tăng 55 vụ", "kenaikan 10 kasus", "une hausse de 8"), nor are people
    dead or at large ("เสียชีวิต 2 ราย", "2 tersangka kabur") or a deed still to come ("aguardan a
    ser repatriadas"); a verb after a figure of its own is that figure's ("2 318 victimes ont été
    secourues et 1 205 suspects arrêtés"), and "and" inside a noun phrase does not end a verb's
    clause. Chinese "移交" (handed over) sends suspects home, and to prosecutors ("移交检察机关") is
    prosecution. A sentence hard-wrapped over two lines of an unspaced script (or going on in
    lower case) is one sentence (``monitor.analysis.text.split_sentences``).
    Of two nouns before a number the nearest counts ("案件逾2200起,抓获嫌疑人逾3300名": suspects);
    "羁押" arrests, "返台" brings home, "告上法庭" prosecutes, "受害"/"受骗" (were victimised,
    deceived) identifies; "of whom 13 were foreign nationals", Thai "โดยในจำนวนนี้เป็น..." and Lao
    "ລວມມີ" give a part its whole's deed, but a part after "其中" with a deed of its own keeps it;
    men and women listed after a whole ("(74 laki-laki, 29 perempuan ...)", "9男2女") share its
    deed; "Tahap 3"/"Tingkat 2" is a tier and "the bodies of 71 workers" are the dead, no tally.
    The first of a pair shares the second's deed ("18 men and eight women were rescued"); suspects
    named with the cases before them are arrested ("29 cases associated with 36 suspects",
    "14 kasus yang melibatkan 22 tersangka"), or prosecuted in court cases ("casos judiciales que
    involucran a 697 presuntos cabecillas"); people "sent back from Thailand" are deported; women
    "victimised" are victims identified; "the 95 people who were arrested included 43 ..." gives the
    part its whole's deed; a number after a place and a comma ("at the Airport, 59 fishermen") is no
    age; a Tagalog sentence that opens with its verb gives it to its count ("Nasagip ng BI ang limang
    Pilipino"), Vietnamese "nữ"/"nam" may stand between a number and its noun ("tám nữ nạn nhân"), and
    "seorang" counts only with its own deed, not as a part of a breakdown. A verb after the count may
    stand beyond "、" between nouns ("60名中国、越南和柬埔寨人...被告上法庭") or a comma in brackets; a
    figure after a slash is read ("88 vụ/229 đối tượng"), and suspects an investigation verb counts
    are suspects arrested in every language; "242 kasus dengan 284 tersangka" names the cases'
    suspects, and Lao "ຈໍານວນ" opens a count whose verb ends the sentence, as Malay "Seramai" does.
    Forced labour, exploitation and deceit in the other languages ("cưỡng bức lao động", "kerja
    paksa", "强迫劳动", "បោកប្រាស់") make a story one about trafficking; Khmer "រូប", Burmese "ယောက်",
    Lao "ລາຍ" and Chinese "位" count people, as do Vietnamese "lao động" (workers); a Chinese counter's
    noun may follow "左右" (about) and a relative clause ending in "的". A count opened by "Sebanyak"
    takes the deed that ends its sentence over how the people came ("yang menjadi korban ...,
    telah dipulangkan"); "jumlah korban naik dari N menjadi M" ("số nạn nhân tăng từ N lên M",
    "受害者人数从N增至M") counts both figures as the head names them, the earlier without the
    later's deed. In English a bare count with its deed ("Some 36 returned on Tuesday") goes on with
    the people of a figure the story gave before, in any sentence, and "helped 103 workers escape"
    (or flee) is a rescue, unless of suspects; "major figures", "kingpins" and "masterminds" are people
    counted (the last two suspects), and scam centres, compounds or dens count only when closed, shut
    down, sealed or dismantled ("other (scam centres closed)"); people "identified as involved in"
    a crime are "other", and people "cheated" or "defrauded" are victims identified. Raids in the other languages ("77 serbuan",
    "penggerebekan", "redadas", "descentes") are "other (raids)"; an aside of parts between commas
    (", incluidos 300 que ...,", ", dont ...,", ", termasuk ...,") does not end its whole's clause.

Periods are kept as written but tidied ("first six months of 2024",
"January-September 2026", "2023", "last year"); "that same year" and "Of these"
take the period of the sentence before. With several periods in a sentence, the
nearest to the number wins.

"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from monitor.analysis.facts import stat_words
from monitor.analysis.facts.tiers import MONTH, YEAR
from monitor.analysis.text import is_unspaced
from monitor.models import Fact

_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(), start=2,
    )
}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), start=1)}
NUMBER = re.compile(
    r"(?<![\w.,$€£¥฿#/-])(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?= [a-z])|\d+(?:\.\d+)?)(?:\s+(?P<mult>million|thousand))?"
    r"|(?P<word>\b(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_UNITS) + r"))?|"
    + "|".join(_NUMBER_WORDS) + r")\b))(?![\w%]|[.,:]\d|-)",
    re.IGNORECASE,
)
_MODIFIER = (
    r"(?:[A-Z][a-z]+|[A-Z]{2,5}|(?:[A-Z]\.){2,3}|charged|indicted|jailed|foreign|suspected|alleged|potential|presumed|possible|trafficking|trafficked|human|sex|"
    r"sexual|exploitation|labou?r|forced|other|different|more|new|female|male|underage|young|adult|local|"
    r"migrant|undocumented|illegal|additional|reported|confirmed|registered|identified|related|separate|adults|"
    r"criminal|scam|online|fraud|child|surrogacy|surrogate|marriage|such|syndicate|gang|network|ring|complicit|corrupt|"
    r"government|state|police|pregnant|would-be|women|men|children|girls|boys|immigration|border|customs|army|military|"
    r"missing|stranded|trapped|rescued|repatriated|arrested|deported|known|convicted|major|key|senior|top|leading)"
)
# Nationals named by their demonym: "266 Thais were flown home", "rescued 39 Filipinos".
_DEMONYMS = (
    r"Thais|Filipinos|Filipinas|Indonesians|Malaysians|Vietnamese|Chinese|Laotians|Burmese|Taiwanese|Koreans|"
    r"Japanese|Indians|Bangladeshis|Pakistanis|Nepalis|Sri\s+Lankans|Singaporeans|Bruneians|Kenyans|Ugandans|"
    r"Ethiopians|Africans|Rohingya"
)
NOUN = re.compile(
    rf"^(?:\s*\([^()]{{1,20}}\))?(?:\s+of\s+(?:the|these|those))?(?P<mods>(?:\s+(?:(?:and|or)\s+)?{_MODIFIER}(?:-[a-z]+)?){{0,5}})(?:(?<=[A-Za-z])\s+(?:and|or))?\s+"
    r"[“\"]?(?P<noun>victims?|survivors?|suspects?|perpetrators?|traffickers?|offenders?|brokers?|recruiters?|"
    r"criminals?|culprits?|ringleaders?|people|persons?|individuals?|workers?|women|men|children|girls|boys|"
    r"minors?|juveniles?|females|males|migrants?|raids|citizens?|nationals?|Cambodians?|foreigners?|labou?rers?|employees?|"
    r"deportees?|returnees?|defendants?|arrests|convictions|prosecutions|cases?|crimes?|complaints?|incidents?|"
    r"wrongdoers?|mothers|brides|wives|newborns|babies|infants|teenagers|fishermen|managers|bosses|operators|guards|"
    r"pimps?|accomplices|smugglers?|customers|buyers|clients|adults|"
    r"members|investigations?|probes?|officials?|officers?|leaders?|(?:police\s+)?reports|others|figures|kingpins?|masterminds?|"
    r"centres|centers|compounds|dens|networks|rings|syndicates|gangs|" + _DEMONYMS + r")\b"
)
_WHO = {
    "victim": "victims", "survivor": "victims",
    **dict.fromkeys(
        "suspect perpetrator trafficker offender broker recruiter criminal culprit ringleader wrongdoer pimp accomplice "
        "smuggler kingpin mastermind".split(), "suspects"
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
    (re.compile(r"trafficked|tricked|lured|deceived|duped|cheated|defrauded|victimi[sz]ed"), "trafficked"),
    (re.compile(r"sen(?:t|ds?|ding)|brought|brings?|bringing|referred|flown|flew|flies|flying"), "sent"),  # to court: prosecuted; elsewhere nothing
]
# The action says the category: arrested people are suspects, deported ones deported.
ACTION_SAYS = {
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
_SENT_BEFORE = re.compile(r"\b(?:sent|sends|sending|brought|referred|forwarded)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
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
    r"(?P<noun>victims|suspects|cases|arrests|people|persons|prosecutions|convictions|investigation\s+papers)\s+"
    r"(?:[\w-]+\s+){0,5}?(?:is|was|are|were|stood\s+at|reached|rose\s+to|hit|from|(?:had\s+|has\s+|have\s+)?"
    r"(?:increased|risen|grown|grew|climbed|jumped|fallen|fell|dropped|declined)\s+(?:to|from))\s+"
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
    r"^(?:\s+(?:\d[\d,]*,?(?:\s+(?:and|or))?|a|an|the|total|of:?|record|more|than|over|at|least|about|around|nearly|almost|some|up|to|estimated|"
    r"approximately|roughly|another|additional|as|many|a\s+further|its|their|his|her))*\s+$",
    re.IGNORECASE,
)
# "342 victims were repatriated", and headline style "263 workers freed".
_PASSIVE = re.compile(
    r"^\s*,?\s+(?:who\s+)?(?:(?:(?:were|was|are|is)(?:\s+being)?|(?:have|has|had)(?:\s+(?:so\s+far|now|already))?"
    r"\s+been|being|been|got)\s+)?"
    r"(?:(?:also|all|successfully|then|later|reportedly|subsequently|\w+ly)\s+)?[“\"]?(?P<verb>\w+)"
)
_PART_OF = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which)\s+(?:some\s+|about\s+|nearly\s+)?$"
    r"|\(\s*$"  # "93 suspects arrested (19 women)"
    r"|\s[–—]\s*$",  # "arrested 11 suspects – nine Chinese and two Cambodians"
    re.IGNORECASE,
)
# An aside between a count and its verb: "Thirty-seven suspects (including four women) were arrested".
_ASIDE = re.compile(r"^\s*\([^()]{0,60}\)|^\s*,\s*(?:including|among\s+them)\s[^,;.()]{1,60},(?=\s)"
                    # "28 citizens, identified as victims of trafficking, were repatriated"
                    r"|^\s*,\s*(?:identified|believed|suspected|said|described|thought|mostly|(?:many|all|most|one|two|some|\d+)\s+of\s+them)"
                    r"\s[^,;.()]{1,60},(?=\s)")
# "rescued 2,132 people, with more than 2,000 of them repatriated"
_OF_THEM = re.compile(r"^\s+of\s+(?:them|these|those|whom)\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?(?P<verb>\w+)",
                      re.IGNORECASE)
# "203 arrests - up from 113 in 2016": the earlier figure counts what the later one counts.
_COMPARED_FIGURE = re.compile(
    r"(?:\b(?:up|down|rising|falling|rose|fell|increas\w*|decreas\w*|compared)\s+(?:from|with|to)|"
    r"\b(?:more|fewer|less|higher|lower)\s+than\s+the|"
    r"\bfrom\s+(?:a\s+total\s+of\s+)?[\d,]+(?:\s+(?:in|last)\s+\w+)?\s+to)\s+(?:about\s+|some\s+|only\s+|just\s+)?$",
    re.IGNORECASE,
)
# "18 cases led to convictions"
_CASES_TO_CONVICTIONS = re.compile(
    r"^\s+(?:\w+\s+){0,2}?(?:led|leading|resulted|resulting|ended)\s+(?:to|in)\s+(?:a\s+|\w+\s+)?convictions?\b", re.IGNORECASE
)
# "Of the 29 cases, there are 190 victims.": a sentence that breaks down the tally before it.
_BREAKDOWN = re.compile(r"^\W*(?:Of|Among)\s+(?:the|these|those)\s+(?:\d[\d,]*\s+)?(?:cases|victims|suspects|arrests)\b")
_INTO_CUSTODY = re.compile(r"\s+into\s+(?:police\s+)?custody\b", re.IGNORECASE)
_BARE_DONE = re.compile(r"^\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?(?P<verb>sentenced|convicted|jailed|arrested|(?i:taken)(?=\s+into\s+(?i:custody))|"
                        r"rescued|freed|deported|repatriated|returned|charged|prosecuted|identified|sent(?=\s+(?:back|home)\b))\b")
_FROM_PLACE = re.compile(r"^\s+from\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|USD|€|£|¥|฿|KHR|riels?|baht|yuan)\s*$", re.IGNORECASE)
_NOT_COUNT_BEFORE = re.compile(
    r"\b(?:[Tt]ier|[Ll]evel|[Nn]o\.?|[Nn]umber|[Aa]rticle|[Ss]ection|[Cc]hapter|[Rr]oute|[Rr]oad|[Ss]treet|"
    rf"[Hh]ighway|[Pp]age|[Aa]ged?|[Aa]ges|[Dd]ecree|[Ll]aw|[Pp]hase|[Gg]rade|[Kk]ilometres?|[Kk]m|{MONTH})\s*$"
    r"|\b(?:[Bb]od(?:y|ies)|[Rr]emains|[Aa]shes)\s+of\s+(?:the\s+)?$"  # the dead are not a tally: "the bodies of 71 workers"
)
_DATE_AFTER = re.compile(rf"^\s+{MONTH}\b|^\s*(?:st|nd|rd|th)\b|^\s*(?:years?[\s-]old|-year|year-old)"
                         r"|^\s*(?:years?|months?|weeks?|days?|hours?)\b")  # "up to 10 years": a term, not a tally
# Noun-only figures ("24 cases", "300 people") need the sentence to be about trafficking;
# any figure needs the story to be.
DOMAIN = re.compile(
    r"traffick|exploit|forced\s+(?:labou?r|marriage|criminality)|scam|smuggl|brothel|prostitut|surroga|abduct|"
    r"kidnap|sexual|sex\s+trade|NCCT|slave|servitude|debt\s+bondage|猪仔|豬仔|"
    r"estafa|arnaque|mua\s+bán\s+(?:trẻ\s+em|phụ\s+nữ|bào\s+thai)|ép\s+buộc\s+mua\s+bán|lừa\s+bán|拐卖|拐賣|被拐|"
    r"trafiquants?\s+d['’]êtres|êtres\s+humains|seres\s+humanos|\btrata\b|explota|esclav|proxén|"  # scam compounds; selling children, women; sold by deceit
    # forced labour, exploitation and deceit in the other languages: "cưỡng bức lao động", "kerja paksa",
    # "eksploitasi", "强迫劳动", "剥削", "แรงงานบังคับ", "ការងារដោយបង្ខំ", "បោកប្រាស់" (tricked), "travail forcé"
    r"cưỡng\s+bức\s+lao\s+động|lao\s+động\s+cưỡng\s+bức|bóc\s+lột|kerja\s+paksa|buruh\s+paksa|eksploitasi|"
    r"强迫劳动|強迫勞動|强迫劳役|剥削|剝削|แรงงานบังคับ|บังคับใช้แรงงาน|แสวงประโยชน์|ការងារដោយបង្ខំ|ពលកម្មដោយបង្ខំ|"
    r"កេងប្រវ័ញ្ច|បោកប្រាស់|ບັງຄັບໃຊ້ແຮງງານ|ຂູດຮີດ|travail\s+forcé|trabajo\s+forzoso|sapilitang\s+paggawa",
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
_P_YEAR = rf"(?:{YEAR}|this\s+year|last\s+year|the\s+year)"
_PERIODS = [
    re.compile(
        r"\b(?:in|during|over|for)\s+the\s+(?P<p>(?:first|last|past|second|third|fourth)\s+(?:(?:\w+|\d{1,2})\s+"
        rf"months|half|quarter|year)(?:\s+of\s+{_P_YEAR})?)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?i:from|between)\s+(?P<a>{MONTH})\s+(?:(?P<ya>{YEAR})\s+)?(?:to|and|until|through)\s+"
        rf"(?P<b>{MONTH})(?:,?\s+(?P<yb>{YEAR}))?"
    ),
    re.compile(rf"\b(?P<a>{MONTH})\s*[-–]\s*(?P<b>{MONTH})(?:,?\s+(?P<yb>{YEAR}))?"),
    re.compile(rf"\b(?i:from|between)\s+(?P<ya>{YEAR})\s+(?:to|and|until|through)\s+(?P<yb>{YEAR})"),
    re.compile(rf"\b(?P<p>since\s+(?:(?:early|late|mid-?)\s*)?(?:{MONTH}\s+)?(?:{YEAR}|{MONTH}))"),
    re.compile(rf"\b(?:in|during|throughout|by\s+the\s+end\s+of)\s+(?P<p>{MONTH}\s+{YEAR})"),
    re.compile(rf"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout|[Ff]or)\s+(?P<p>{YEAR})\b(?!\s+(?:Trafficking|TIP|report))"),
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


# A figure whose noun is followed by "and" and another figure: "18 men and eight women".
_PAIR_AHEAD = re.compile(r"\s+(?:[A-Za-z-]+\s+){1,2}?and\s+(?:\d|" + "|".join(_NUMBER_WORDS) + r")\b")


def stat_facts(text: str, start: int, end: int, carried: str | None,
               previous: Fact | None = None, told: bool = False) -> tuple[list[Fact], str | None]:
    """Statistics of one sentence, and the period later sentences may refer back to.

    ``previous`` is the last figure of the sentence before, which "Of that number, 22 were
    women" breaks down; ``told`` says the story has given a figure already, so that a bare count
    with its deed ("Some 36 returned on Tuesday") goes on with its people."""
    sentence = text[start:end].replace("\n", " ")  # a hard-wrapped sentence goes on in the next line
    periods = find_periods(sentence)
    if periods:
        carried = periods[0][1]
    elif _SAME_PERIOD.search(sentence):
        periods = [(0, carried)] if carried else []
    figures: list[_Figure] = []
    in_domain = bool(DOMAIN.search(sentence) or _BREAKDOWN.match(sentence))
    previous_end = 0
    for m in NUMBER.finditer(sentence):
        value = number_value(m)
        if figures and value and m.start() < figures[-1].end \
                and _NUMBER_LIST.fullmatch(sentence, figures[-1].start, m.start()):
            figures.append(dataclasses.replace(figures[-1], number=value, start=m.start()))
            continue  # "repatriated 12, 13 and 14 people": the list's later numbers count what the first does
        figure = _figure(sentence, m, previous_end, figures, in_domain, follows=told)
        if figure is None and not in_domain and _PAIR_AHEAD.match(sentence, m.end()) \
                and (figure := _figure(sentence, m, previous_end, figures, True)) is not None:
            figure = dataclasses.replace(figure, emit=False)  # "18 men and eight women were rescued": kept for its pair
        if figure is not None:
            figures.append(figure)
            previous_end = figure.end
    for i in range(len(figures) - 1):
        first, second = figures[i], figures[i + 1]
        if not first.emit and second.emit and first.who not in (None, "suspects") and second.who == first.who \
                and _is_deed(_category(second)) and _AND_GAP.match(sentence[first.end:second.start]):
            # "18 men and eight women were rescued": the first of a pair shares the deed of the second
            figures[i] = dataclasses.replace(first, counted=second.counted, emit=True)
    whole = previous.category if previous is not None and previous.number else None
    if whole and previous and previous.number and whole not in ("cases", "other") and _OF_PREVIOUS.match(sentence):
        taken = {f.start for f in figures}
        for m in NUMBER.finditer(sentence):
            number = number_value(m)
            if number is not None and number < previous.number and m.start() not in taken \
                    and _BREAKDOWN_VERB.match(sentence[m.end():]) and not _BARE_DONE.match(sentence[m.end():]):
                figures.append(_Figure(number, m.start(), m.end(), whole, "people"))
        figures.sort(key=lambda f: f.start)
    facts = [
        Fact("statistic", sentence, start, end, number=f.number, counted=f.counted, period=nearest_period(periods, f.start))
        for f in figures if f.emit
    ]
    return facts, carried


# "Of that number, 22 were women": a sentence that breaks down the last figure of the one before.
_OF_PREVIOUS = re.compile(r"^\W*(?:Of|Among|Out\s+of)\s+(?:that|this|the)\s+(?:number|total|figure)\b"
                          r"|^\W*(?:Of|Among)\s+(?:them|these|those)\s*,", re.IGNORECASE)


def _figure(
    sentence: str, m: re.Match[str], previous_end: int, figures: list[_Figure], in_domain: bool, follows: bool = False
) -> _Figure | None:
    """The figure a number stands for, or None when it counts nothing we know. ``follows``: the story
    has given a figure before, whose people a bare count with its deed goes on with."""
    number = number_value(m)
    # Only the few words around the number matter; "$" anchored searches over a whole
    # sentence prefix would be quadratic.
    before, after = sentence[max(0, m.start() - 40): m.start()], sentence[m.end(): m.end() + 200]
    if number is None or _not_a_count(before, after) or (
        number < 100 and _AGE_AFTER_NAME.search(before) and not _BREAKDOWN_PART.match(after) and not NOUN.match(after)
    ):  # "Sok Dara, 35, was held" is an age; "at Phnom Penh International Airport, 59 fishermen" is not
        return None
    window = sentence[previous_end: m.start()]  # back to the previous figure
    part_of = bool(figures) and bool(_PART_OF.search(window[-40:]) or (figures[-1].part and _AND_GAP.match(window)))
    noun = NOUN.match(after)
    if noun is None:
        pair = _SEX_PAIR.match(after) or _OUT_OF.match(after) or _LIST_PAIR.match(after)
        other = NUMBER.match(sentence, m.end() + pair.end()) if pair else None
        if other is not None:  # "37 male and 23 female victims were rescued", "69 out of 189 victims rescued"
            figure = _figure(sentence, other, previous_end, figures, in_domain)
            if figure is not None:
                share = bool(_OUT_OF.match(after))  # the share keeps the verb its whole gives up
                return dataclasses.replace(figure, number=number, start=m.start(), emit=figure.emit or share)
        gap = sentence[previous_end:m.start()]
        if figures and _OF_THE_HEAD.match(sentence, 0, figures[-1].start) and _HEAD_GAP.match(gap) \
                and _BREAKDOWN_VERB.match(after):  # "Of the 109 cases, 75 were related to sex trafficking"
            last = figures[-1]
            done = _BARE_DONE.match(after)
            done_action = action_of(done.group("verb")) if done else None
            if done_action in ACTION_SAYS:  # "Of the 287 traffickers, 228 were charged": the part's own deed
                return _Figure(number, m.start(), m.end() + done.end(), ACTION_SAYS[done_action], last.who)  # type: ignore[union-attr]
            return _Figure(number, m.start(), m.end(), last.counted, last.who, emit=last.emit)
        if figures and _BREAKDOWN_PART.match(after) and len(gap) <= 80 and _BREAKDOWN_GAP.search(gap) \
                and not re.search(r"\d", gap):
            last = figures[-1]  # "600 complaints: five in Pailin, six in Banteay Meanchey and 250 in Preah Sihanouk"
            return _Figure(number, m.start(), m.end() + _BREAKDOWN_PART.match(after).end(), last.counted, last.who,  # type: ignore[union-attr]
                           emit=last.emit)
    if noun is None and (in_domain or figures) and not part_of and _RESULTING_IN_CONVICTION.match(after):
        return _Figure(number, m.start(), m.end(), "convictions", "people")
    if noun is None and in_domain and _CHARGES_BEFORE.search(window[-30:]) and re.match(r"\s+(?:others?\s+)?with\b", after):
        return _Figure(number, m.start(), m.end(), "prosecutions", "people")  # "the indictment charges six with conspiracy"
    if noun is None and (in_domain or figures or follows) and not part_of:
        # "while 273 were returned home"; "Some 36 returned on Tuesday" after a figure of the sentences before
        done = _BARE_DONE.match(after)
        verb = done.group("verb").lower() if done else ""
        action = ("repatriated" if verb == "sent" else "arrested" if verb == "taken" else action_of(verb)) if done else None
        if action == "identified" and done and _AS_INVOLVED.match(after, done.end()):
            return _Figure(number, m.start(), m.end() + done.end(), "other (people identified)", "people")  # "162 were identified as involved in smuggling"
        if action in ACTION_SAYS:  # "with 101 sentenced to prison", "while 273 were returned home"
            return _Figure(number, m.start(), m.end() + done.end(), ACTION_SAYS[action], "people")  # type: ignore[union-attr]
    number_of = _NUMBER_OF.search(sentence, max(0, m.start() - 90), m.start()) if noun is None else None
    if number_of:  # "the total number of rescued victims is 2,283"
        act = action_of(number_of.group("act") or "")
        written = number_of.group("noun").lower()
        if written == "cases" or written.startswith("investigation"):  # "investigation papers": case files
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
    of_whom = _OF_WHOM_BEFORE.search(before) if noun is None and figures and figures[-1].emit and figures[-1].who else None
    were = _WERE.match(after) if of_whom else None
    part_noun = NOUN.match(after[were.end():]) if were else None
    if were and part_noun:  # "27 people were arrested, of whom 13 were foreign nationals": the part counts what its whole counts
        last = figures[-1]
        return _Figure(number, m.start(), m.end() + were.end() + part_noun.end(), _category(last), last.who)
    victims = _OF_THEM_VICTIMS.match(after) if noun is None else None
    if victims:  # "174 of them were actual victims of human trafficking"
        return _Figure(number, m.start(), m.end() + victims.end(), "victims identified", "victims")
    if noun is None and figures:
        of_them = _OF_THEM.match(after)
        action = action_of(of_them.group("verb")) if of_them else None
        if action in ACTION_SAYS and figures[-1].who:  # "with more than 2,000 of them repatriated"
            return _Figure(number, m.start(), m.end() + of_them.end(), ACTION_SAYS[action], figures[-1].who)  # type: ignore[union-attr]
        if of_them and action is None and figures[-1].who and figures[-1].emit and NOUN.match(after[of_them.start("verb") - 1:]):
            # "81 victims were rescued, 21 of them women": a part counts what its whole counts
            return _Figure(number, m.start(), m.end() + of_them.end(), _category(figures[-1]), figures[-1].who)
        if _COMPARED_FIGURE.search(before):  # "203 arrests - up from 113 in 2016"
            return _Figure(number, m.start(), m.end(), figures[-1].counted, figures[-1].who)
    head = _OF_THOSE_DONE.match(sentence, 0, m.start()) if noun is None and not figures else None
    head_action = action_of(head.group("verb")) if head else None
    if head and head_action in (*ACTION_SAYS, "detained") and _BREAKDOWN_VERB.match(after):
        # "Of the victims rescued in the raid, 14 were children": the part counts what the head counts
        who = _WHO.get((head.group("noun") or "").lower().rstrip("s"), "people")
        return _Figure(number, m.start(), m.end(), _counted(who, "arrested" if head_action == "detained" else head_action), who)
    if noun is None and figures and figures[-1].who and not part_of and _ELIDED_END.match(after):
        verb = _ELIDED_VERB.search(window[-40:])
        action = action_of(verb.group("verb")) if verb and ("," in window or " and " in window) else None
        if action in ACTION_SAYS:
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
            cases = ACTION_SAYS[_action(sentence[stop:], window) or ""]
        elif cases and (_SENT_TO_COURT.match(sentence[stop:stop + 90]) or _TO_COURT.match(sentence[stop:stop + 60])
                        and _action(sentence[stop:], window) == "sent"
                        or _SENT_BEFORE.search(window[-50:]) and _TO_COURT.match(sentence[stop:stop + 60])):
            cases = "prosecutions"  # "17 cases had been sent to court", "sent 17 cases to court", as the other languages count them
        return _Figure(number, m.start(), stop, cases, None) if cases else None

    if singular == "raids":  # "police conducted 112 raids": operations counted
        return _Figure(number, m.start(), stop, "other (raids)", None) if in_domain else None
    if singular in _PLACES or singular in _GROUPS:  # "closed some 200 scam centres", "dismantled 35 networks"
        closed = _CLOSED_BEFORE.search(window[-60:]) or _CLOSED_AFTER.match(sentence, stop)
        what = " ".join([*noun.group("mods").split(), noun.group("noun")])
        done_to = "dismantled" if singular in _GROUPS else "closed"
        return _Figure(number, m.start(), stop, f"other ({what} {done_to})", None) if closed and in_domain else None
    mods = noun.group("mods").split()
    who = "foreigners" if "foreign" in mods or singular in ("foreigner", "foreigners") else _WHO.get(singular, "people")
    if _NAMED_SUSPECTS.match(sentence, stop) or (who == "suspects" and _SUSPECTS_NAMED.match(sentence, stop)):
        return _Figure(number, m.start(), stop, "suspects arrested", "suspects")  # "649 people named as suspects"
    if _BECAME_VICTIMS.match(sentence, stop) and who not in ("suspects", "foreigners"):
        return _Figure(number, m.start(), stop, "victims identified", "victims")
    if _AT_LARGE.match(sentence, stop):
        return None  # "four defendants remain at large", "nine suspects are still on the run"
    if not part_of and figures and figures[-1].emit and figures[-1].who and _AMONG_WERE.search(window):
        part_of = True  # "Among the 170 victims rescued were 13 children": a part of the figure before
    whole = next((f for f in reversed(figures) if f.who), None) if part_of else None
    if whole is not None and whole.emit:  # "including 1,011 Chinese nationals"
        detail = " ".join([*mods, noun.group("noun")])
        return _Figure(number, m.start(), stop, f"{_category(whole)} ({detail})", who, part=True)
    deed = _action(sentence[stop:], window) if singular == "defendant" else None
    if deed in ("convicted", "arrested"):  # "convicting 526 defendants"; "Eight of the 17 charged defendants were arrested"
        return _Figure(number, m.start(), stop, ACTION_SAYS[deed or ""], who, emit=not _SHARE_BEFORE.search(before))
    if singular in _NOUN_SAYS:
        return _Figure(number, m.start(), stop, _NOUN_SAYS[singular], who)
    action = _action(sentence[stop:], window)
    if action is None:  # "six of the rescued victims are minors", "144 known arrests"
        action = next((a for a in map(action_of, mods)
                       if a in ("rescued", "repatriated", "arrested", "deported", "convicted", "prosecuted")), None)
    if action is None and who != "suspects" and _HELPED_BEFORE.search(window[-40:]) and _ESCAPE_AFTER.match(sentence, stop):
        action = "rescued"  # "helped 103 workers escape a trafficking ring": freed
    if action == "sent" or (action is None and _TO_COURT.match(sentence[stop:stop + 60])):
        action = "prosecuted" if _TO_COURT.match(sentence[stop:stop + 60]) else None
    if action is None and (_SENT_TO_COURT.match(sentence[stop:stop + 90]) or _FACED_CHARGES.match(sentence[stop:stop + 60])):
        action = "prosecuted"  # "60 suspects in 17 cases had been sent to court", "483 people faced trafficking charges"
    if action in (None, "sent"):
        action = _handed_over(window, sentence[stop:stop + 80], who) or action
    those = _THOSE_DONE.search(window[-100:]) if action is None else None
    if those and action_of(those.group("verb")) in (*ACTION_SAYS, "detained"):
        action = "arrested" if action_of(those.group("verb")) == "detained" else action_of(those.group("verb"))
    colon = None if action else [c for c in _COLON_HEAD.finditer(sentence, 0, m.start())]
    if colon and who not in ("victims",) and "." not in sentence[colon[-1].end():m.start()]:
        action = action_of(colon[-1].group("verb"))  # "resulted in the arrests of: 89 people ...; 111 people ..."
    if action is None and _MADE_UP_OF.search(window[-30:]):  # "rescued several victims, a group made up of 54 adults"
        deeds = [a for a in map(action_of, re.findall(r"[A-Za-z]+", sentence[max(0, m.start() - 150):m.start()])) if a in ACTION_SAYS]
        action = deeds[-1] if deeds else None
    if action is None and figures and figures[-1].emit and figures[-1].who == who and who not in ("victims", "suspects") \
            and _AND_GAP.match(window) and _category(figures[-1]) not in ("victims identified", "other"):
        action = next((a for a, c in ACTION_SAYS.items() if c == _category(figures[-1])), None)  # "12 Thai nationals and five U.S. nationals"
    if action is None and who == "victims" and _FOUND_BEFORE.search(window[-40:]):
        action = "identified"  # "found two female victims"
    if action is None and _CHARGES_AGAINST.search(window[-70:]):
        action = "prosecuted"  # "filed charges against 12 suspects"
    if action is None and who == "suspects" and figures and figures[-1].who is None and figures[-1].emit \
            and _CASES_INVOLVING.search(window[-45:]):  # "29 cases associated with 36 suspects": the cases' suspects
        action = "prosecuted" if _JUDICIAL.search(window) else "arrested"
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


# "identified as involved in smuggling": people picked out in a screening, not victims found.
_AS_INVOLVED = re.compile(r"\s+as\s+(?:being\s+|having\s+been\s+)?(?:involved|implicated|linked|connected|engaged)\b", re.IGNORECASE)
# Places counted only when closed: "closed some 200 scam centres", "40 compounds were shut down".
_PLACES = ("centres", "centers", "compounds", "dens")
_GROUPS = ("networks", "rings", "syndicates", "gangs")  # counted only when dismantled, busted, broken up
_CLOSED_BEFORE = re.compile(
    r"\b(?:closed|clos(?:es|ing)|shut(?:s|ting)?(?:\s+down)?|sealed(?:\s+off)?|dismantl(?:ed|ing)|busted|demolished|"
    r"smashed|broke\s+up|broken\s+up|breaking\s+up|crushed)"
    r"(?:\s+down)?\s+" + _ABOUT + r"(?:approximately\s+|roughly\s+|at\s+least\s+)?$", re.IGNORECASE,
)
_CLOSED_AFTER = re.compile(
    r"\s+(?:[^,;.\d]{0,60}?\s)?(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:\w+ly\s+)?(?:closed|shut|sealed|dismantled|busted|demolished|smashed|broken\s+up)\b"
    r"|\s+(?:closed|shut|sealed|dismantled|busted|demolished|smashed)\b", re.IGNORECASE)
# "helped 40 women escape", "assisted 12 workers to flee the compound": a rescue.
_HELPED_BEFORE = re.compile(r"\b(?:help(?:ed|s|ing)?|assist(?:ed|s|ing)?|enabl(?:ed|es|ing))\s+" + _ABOUT + r"$", re.IGNORECASE)
_ESCAPE_AFTER = re.compile(r"\s+(?:to\s+)?(?:escape|flee|get\s+out\s+of|break\s+free)\b", re.IGNORECASE)
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
# Suspects named with the cases before them: "29 cases associated with 36 suspects", "79 casos judiciales
# que involucran a 697 presuntos cabecillas"; in court cases they are prosecutions.
_CASES_INVOLVING = re.compile(r"\b(?:involving|involved|associated\s+with|linked\s+to|connected\s+to|with|against|"
                              r"que\s+involucran\s+a|impliquant|(?:yang\s+)?melibatkan|dengan|con|avec|với|liên\s+quan\s+(?:đến|tới))\s+" + _ABOUT + r"$",
                              re.IGNORECASE)
_JUDICIAL = re.compile(r"\b(?:judicial(?:es)?|judiciaires?|court|tribunal(?:es)?)\b", re.IGNORECASE)
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
_SHARE_BEFORE = re.compile(r"\b(?:\d[\d,]*|(?:" + "|".join(_NUMBER_WORDS) + r"))\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?$",
                           re.IGNORECASE)
_WHO_DID = re.compile(r"[^,.;]{0,30}?\b(?:who|that|which)\b", re.IGNORECASE)
_OF_THE_HEAD = re.compile(r"^\W*(?:Of|Among|Out\s+of)\s+(?:(?:the|these|those|all)\s+)?$", re.IGNORECASE)
_HEAD_GAP = re.compile(r"^\s*,\s*" + _ABOUT + "$", re.IGNORECASE)
_BREAKDOWN_VERB = re.compile(r"^\s+(?:were|was|are|is|had|have|involved|concerned|related)\b", re.IGNORECASE)
# "37 male and 23 female victims": the first number counts what the second does.
_SEX_PAIR = re.compile(r"^\s+(?:male|female|men|women|boys|girls|adults|children)\s+(?:and|,)\s+(?=\d)", re.IGNORECASE)
# "repatriated 12, 13 and 14 people": the numbers of a list share the noun after the last.
_LIST_PAIR = re.compile(r"^\s*,\s*(?=\d)|^,?\s+(?:and|or)\s+(?=\d)")
_OF_THEM_VICTIMS = re.compile(r"^\s+of\s+(?:them|these|those|whom)\s+(?:were|are|was|had\s+been)\s+(?:\w+\s+)?victims\b",
                              re.IGNORECASE)
_CHARGES_BEFORE = re.compile(r"\bcharg(?:es|ed|ing)\s+(?:another\s+|a\s+further\s+)?$", re.IGNORECASE)
# "the arrests of: 89 people ...; 111 people ...": a list after a colon shares the deed before it
_COLON_HEAD = re.compile(r"\b(?P<verb>arrests|arrested|rescued|freed|charged|convicted|deported|repatriated)(?:\s+of)?\s*:\s", re.IGNORECASE)
_MADE_UP_OF = re.compile(r"\b(?:made\s+up\s+of|consisting\s+of|comprising|comprised\s+of)\s+$", re.IGNORECASE)
_AT_LARGE = re.compile(r"\s+(?:(?:remains?|remained|are|were|is|was)\s+)?(?:still\s+)?(?:at\s+large|on\s+the\s+run)\b",
                       re.IGNORECASE)
_AMONG_WERE = re.compile(r"^\s+(?:[a-z]+\s+){0,3}?(?:were|was|are|included|include|includes)\s+$")
_FOUND_BEFORE = re.compile(r"\b(?:found|discovered|uncovered|located)\s+(?:[a-z]+\s+){0,2}?$", re.IGNORECASE)
_NUMBER_LIST = re.compile(r"[\d,\s]*(?:(?:and|or)\s+)?")
# "with eight resulting in a conviction"
_RESULTING_IN_CONVICTION = re.compile(r"^\s+(?:resulting|resulted|ending|ended|leading|led)\s+in\s+(?:a\s+)?convictions?\b",
                                      re.IGNORECASE)
# "more than 1,000 Indonesians have become victims": people counted as victims.
_BECAME_VICTIMS = re.compile(r"\s+(?:who\s+)?(?:(?:have|has|had)\s+)?(?:become|became|becoming|fell|fallen)\s+(?:\w+\s+)?(?:victims?|prey)\b",
                             re.IGNORECASE)
# "69 out of 189 victims", "65 of the 148 missing Malaysians"
_OF_WHOM_BEFORE = re.compile(r",\s*(?:of\s+whom|of\s+them|among\s+them|among\s+whom)\s+" + _ABOUT + "$", re.IGNORECASE)
_WERE = re.compile(r"\s+(?:were|was|are|is)(?=\s)", re.IGNORECASE)
_OUT_OF = re.compile(r"^\s+(?:out\s+)?of\s+(?:the\s+|a\s+total\s+of\s+)?(?=\d)", re.IGNORECASE)
# A part of a breakdown by place: "five in Pailin", "12 in Pursat".
_BREAKDOWN_PART = re.compile(r"^\s+(?:in|from|at|by)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_BREAKDOWN_GAP = re.compile(r"(?:[,:;]|[,:]?\s+and|[,:]?\s+while)\s+" + _ABOUT + "$")
# Foreigners found working or staying unlawfully in a raid: counted, as "other".
_FOREIGNERS_FOUND = re.compile(
    r"\b(?:found|discovered|illegal(?:ly)?|unlawful(?:ly)?|without\s+(?:valid\s+)?(?:work\s+)?(?:permits?|visas?|documents)|"
    r"undocumented|overstay\w*|for\s+questioning)\b",
    re.IGNORECASE,
)
# People held by police are suspects; workers, migrants and nationals held in a raid are not said to be.
_HELD_AS_SUSPECTS = frozenset("people person persons individual individuals men women man woman members".split())


# A change, not a tally: "a decline of five cases", "a drop by six cases", "rose by 12".
_CHANGE_BEFORE = re.compile(
    r"\b(?:(?:an?\s+)?(?:increase|decrease|decline|drop|rise|fall|jump|reduction|growth)\s+(?:of|by)|"
    r"(?:increased|decreased|declined|dropped|rose|fell|grew|jumped|up|down)\s+by)\s+"
    r"(?:about\s+|some\s+|nearly\s+|almost\s+|around\s+)?$",
    re.IGNORECASE,
)


def _not_a_count(before: str, after: str) -> bool:
    """Money, "Tier 3", "Article 12", "5 September", "15-year-old", "an increase of 12"."""
    return bool(_CURRENCY_BEFORE.search(before) or _NOT_COUNT_BEFORE.search(before) or _DATE_AFTER.match(after)
                or _CHANGE_BEFORE.search(before))


def number_value(m: re.Match[str]) -> int | None:
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
        done = action_of(late.group("verb")) if late else None
        if done in ACTION_SAYS and done not in ("identified", "trafficked"):
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
    main = _MAIN_DEED.match(plain)
    if main and re.match(r"\s*,?\s+who\s", plain):  # "16 workers who were held at a casino have returned home"
        deed = "repatriated" if main.group("home") else action_of(main.group("verb"))
        if deed in ACTION_SAYS and deed not in ("identified", "trafficked"):
            return deed
    passive = _PASSIVE.match(plain)
    if passive and action_of(passive.group("verb")) == "detained" and not _AUXILIARY.match(plain) and window:
        before = _action_at("", window)
        if before:
            return before  # "Officers freed 150 workers held in a compound": held is where they were, freed what was done
    if passive:
        if passive.group("verb").lower() == "taken" and _INTO_CUSTODY.match(plain, passive.end()):
            return "arrested"  # "539 were taken into custody"
        if passive.group("verb").lower() in ("sent", "pushed") and _BACK_FROM.match(plain, passive.end()):
            return "deported"  # "21,658 workers who were sent back from Thailand": returned by the other country's authorities
        if (_HOME.match(plain, passive.end()) and passive.group("verb").lower() in ("sent", "brought", "flown", "taken")) \
                or (_TO_CAPITAL.match(plain, passive.end()) and passive.group("verb").lower() == "flown"):
            return "repatriated"  # "266 Thais were flown home", "sent back to Cambodia"
        action = action_of(passive.group("verb"))
        if action == "identified" and re.match(r"\s+as\s+[A-Z]", plain[passive.end():]):
            action = None  # "two men identified as Somchai and Boon were charged": named, not found
        if action == "identified" and _AS_INVOLVED.match(plain, passive.end()):
            return "screened"  # "40 foreigners were identified as involved in smuggling": neither victims nor suspects
        if action == "trafficked" and passive.group("verb").lower() != "trafficked" and re.match(r"\s*(?:,|who\b)", plain):
            action = None  # "57 Thais who were tricked by recruiters": how they came, not what was counted
        if action:
            return action
        other = _OR_VERB.match(plain, passive.end())  # "317 victims were assisted or rescued"
        action = action_of(other.group(1)) if other else None
        if action:
            return action
    window = window[-120:]  # an action binds to its number across a few words only
    words = list(re.finditer(r"[A-Za-z]+", window))
    for w in reversed(words[-8:]):
        action = action_of(w.group()) or ("trafficked" if w.group().lower() == "trafficking" else None)
        if action == "sent" and _HOME_BEFORE.match(window, w.end()):
            return "repatriated"  # "brought home 60 citizens", "sent back 31 workers"
        if action:  # "trafficking at least 10 people" (before the number only: "5 people trafficking cases")
            # "the return to Vientiane of 48 victims": a place between the action and its number
            if not _FILLER.match(_PLACE_BETWEEN.sub("", window[w.end():])):
                return None
            first = _FIRST_OF_TWO.search(window, 0, w.start())  # "rescued and repatriated 420 victims": the first deed
            earlier = action_of(first.group(1)) if first else None
            return earlier if earlier in ACTION_SAYS else action
    return None


# "266 Thais were flown to Bangkok": nationals flown to their capital are brought home.
CAPITALS = (
    r"Bangkok|Phnom\s+Penh|Vientiane|Hanoi|Jakarta|Manila|Kuala\s+Lumpur|Yangon|Naypyidaw|Beijing|Dhaka|Kathmandu|"
    r"Colombo|Islamabad|New\s+Delhi|Nairobi|Kampala|Addis\s+Ababa|Taipei|Seoul|Tokyo"
)
# The main verb after a relative clause: "... who were tricked into working there returned home on Thursday".
_MAIN_DEED = re.compile(
    r"\s*,?\s+who\s+[^,;.]{3,130}?\s(?:(?:have|has|had|were|was)\s+(?:(?:been|now|since|all|later)\s+){0,2})?"
    r"(?:(?P<home>(?:returned|came|went|flew)\s+(?:back\s+)?home)\b|(?P<verb>returned|repatriated|rescued|freed|deported|"
    r"arrested|charged|convicted|sentenced)\b)",
    re.IGNORECASE,
)
_FIRST_OF_TWO = re.compile(r"\b([A-Za-z]+ed)\s+and\s+$")
# "brought home 60 citizens", "flew back some 40 workers": the verb, then home, then the count.
_HOME_BEFORE = re.compile(r"\s+(?:back\s+)?(?:home|back)\s+" + _ABOUT + "$",
                          re.IGNORECASE)
# "Those rescued included 14 children", "Among those arrested were 25 Indonesians": the deed of "those".
_THOSE_DONE = re.compile(r"\b(?:those|the\s+ones|the(?=\s+[a-z]+ed\s+(?:victims|suspects|defendants|traffickers|offenders|individuals|people|persons|workers)\s+"
                         r"(?:include[sd]?|were|are)\b))\s+(?P<verb>[a-z]+ed)\b(?![^,;.]*\d)[^;]{0,80}$", re.IGNORECASE)
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
_BACK_FROM = re.compile(r"\s+back\s+(?:across\s+the\s+border\s+)?from\s+(?:the\s+)?[A-Z]")
_TO_CAPITAL = re.compile(r"\s+(?:to|into)\s+(?:" + CAPITALS + r")\b", re.IGNORECASE)


def action_of(word: str) -> str | None:
    word = word.lower()
    return next((action for pattern, action in _ACTIONS if pattern.fullmatch(word)), None)


def _counted(who: str, action: str | None) -> str:
    """One of ``CATEGORIES``, with the people counted in brackets when that says more."""
    if who == "suspects" and action == "repatriated":
        return "deported"  # "sent back 180 suspects": suspects sent home are deported
    if who == "suspects" and action in ("identified", "investigated"):
        return "suspects arrested"  # "the identification of 546 suspects", "investigated 247 suspected traffickers": named as suspects
    if who == "suspects" and action in ("rescued", "trafficked"):
        return f"other (suspects {action})"
    if action in ACTION_SAYS:
        return ACTION_SAYS[action]
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
    if described.strip() and not in_domain and not DOMAIN.search(described) and not re.search(
        r"\b(?:these|those|such|the\s+same)\s+(?:crimes|cases|offences|offenses)\b|^\s*such\b", described
    ):
        return None
    kinds = [kind for pattern, kind in _CASE_KINDS if pattern.search(described)]
    return f"{noun} ({kinds[0]})" if len(kinds) == 1 else noun


def _category(figure: _Figure) -> str:
    return figure.counted.split(" (", 1)[0]


def find_periods(sentence: str) -> list[tuple[int, str]]:
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
        return phrase if re.match(MONTH, phrase) else phrase[0].lower() + phrase[1:]
    if groups.get("a"):
        year = groups.get("yb") or groups.get("ya")
        span = f"{_full_month(groups['a'])}-{_full_month(groups['b'])}"
        return f"{span} {year}" if year else span
    return f"{groups['ya']}-{groups['yb']}"


def _full_month(name: str) -> str:
    name = name.rstrip(".")
    months = "January February March April May June July August September October November December".split()
    return next((full for full in months if full.startswith(name[:3].title())), name)


def nearest_period(periods: list[tuple[int, str]], at: int) -> str | None:
    if not periods:
        return None
    return min(periods, key=lambda p: abs(p[0] - at))[1]


# --- statistics in the other languages ---

_INTL_NOUNS = [(who, re.compile(pattern, re.IGNORECASE)) for who, pattern in stat_words.STAT_NOUNS.items()]
_INTL_ACTIONS = [(category, re.compile(pattern, re.IGNORECASE)) for category, pattern in stat_words.STAT_ACTIONS.items()]
_INTL_ACTIONS.append(("gone", re.compile(stat_words.STAT_NOT_DONE, re.IGNORECASE)))  # dead, fled, at large
_MULTIPLIER = r"\s*[万萬]|\s+(?:mil|mille|ribu|ngàn|nghìn)\b"
_INTL_NUMBER = re.compile(
    r"(?<![\d.:])(?<!\d/)(?<!\d,)(?P<digits>\d+[.,]\d{1,2}(?=" + _MULTIPLIER + r")|\d{1,3}(?:[.,]\d{3})+|"
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?=[ \u00a0\u202f]?[^\W\d_])|\d+)"
    r"(?![\d%]|[.,]\d)(?P<mult>" + _MULTIPLIER + r")?|(?i:\b(?P<word>" + "|".join(stat_words.COUNT_WORDS) + r")\b)"
)


def _multiplied(written: str, word: str) -> int:
    """"4.8万" (48,000), "2,5 ribu" (2,500), "2 mil" (2,000): a number times ten thousand or a thousand."""
    times = 10_000 if word in ("万", "萬") else 1_000
    if re.fullmatch(r"\d+[.,]\d{1,2}", written):
        return round(float(written.replace(",", ".")) * times)
    return int(re.sub(r"[.,\s]", "", written)) * times
_INTL_NOT_AFTER = re.compile(stat_words.STAT_NOT_A_COUNT_AFTER, re.IGNORECASE)
_INTL_NOT_BEFORE = re.compile(stat_words.STAT_NOT_A_COUNT_BEFORE, re.IGNORECASE)
_INTL_PERIODS = [re.compile(pattern) for pattern in stat_words.STAT_PERIODS]
_INTL_COUNT_WORD = re.compile(r"(?:ចំនួន|จำนวน|sebanyak|sejumlah|tổng\s+cộng|共|总计|總計|合计|合計|ທັງໝົດ|ပေါင်း)\s*[(（]?\s*$",
                              re.IGNORECASE)
# Approximations between a noun and its number: "เหยื่อกว่า 300 ราย", "nạn nhân hơn 300", "korban lebih dari 300".
_INTL_ABOUT = re.compile(r"(?:กว่า|ประมาณ|เกือบ|\bhơn|\bkhoảng|\bgần|lebih\s+dari|\bsekitar|\bhampir|约|約|近|超过|超過|逾|ជាង|ប្រមាណ|สูงถึง|ถึง|"
                         r"plus\s+de|más\s+de|environ|alrededor\s+de)\s*$", re.IGNORECASE)
# Words that open a count whose verb may come at the end of the sentence: "Seramai 67 individu ... ditahan".
_INTL_OPENS_COUNT = re.compile(r"(?:\bseramai|\bsebanyak|\bsejumlah|\btotal|ຈໍານວນ|ຈຳນວນ)\s*$", re.IGNORECASE)
# A count that opens its sentence takes the verb that ends it: "Tiga pekerja asing yang ditipu ejen ... diselamatkan".
_OPENS_SENTENCE = re.compile(r"\W*(?:[A-Z][A-Z .]{2,30}\s*[-–—:]\s*)?[\"“]?$")
# Citizens handed back by the other country's authorities: deported, not brought home.
_HANDED_BACK = re.compile(r"[^,.;]{0,60}?\bdo\s+[^,.;]{0,40}?trao\s+trả", re.IGNORECASE)
# A part of the figure before: "其中33名为外国人", "dont 4 étrangers", "trong đó có 12".
_INTL_PART = re.compile(r"(?:其中|\bdont|\btermasuk|\btrong\s+đó(?:\s+có)?|รวมถึง|(?:โดย)?ในจำนวนนี้(?:เป็น|มี)?[^\d,]{0,20}|ລວມມີ|ໃນນັ້ນ(?:ມີ)?|ក្នុងនោះ(?:មាន)?|\bdi\s+antaranya|\bincluidos?|"
                        r"\bentre\s+ellos|\bde\s+(?:las|los)\s+cuales|\bparmi\s+(?:eux|elles|lesquel(?:le)?s)|"
                        r"\bkabilang\s+(?:dito|rito|ang|sa\s+kanila)(?:\s+ang)?)\s*[,，]?\s*$", re.IGNORECASE)
# A share of a whole after its number: "25 sa kanila" (of them), "130 di antaranya", "18 de las víctimas", "six des victimes".
_INTL_SHARE = re.compile(
    r"\s+(?:sa\s+(?:mga|kanila(?:ng)?)|de\s+(?:las|los|ellas|ellos|estas|estos)|des|d['’]entre\s+(?:eux|elles)|"
    r"daripada(?:nya|\s+mereka)?|di\s+antaranya|dari\s+mereka)\b",
    re.IGNORECASE,
)
# "N were ..." after an opening that names what is counted ("De las víctimas rescatadas, 230 eran menores").
_INTL_COPULA = re.compile(r"\s+(?:eran|son|fueron|étaient|sont|ont\s+été|ay|adalah|merupakan|ialah)\s+", re.IGNORECASE)
# Words that open a breakdown of the figure before: "terdiri daripada", "dengan rincian", "conformado por".
_INTL_BREAKDOWN = re.compile(stat_words.STAT_BREAKDOWN, re.IGNORECASE)
# A part by place: "six en Espagne", "77 ay galing Laos", "38 mula Myanmar", "12 di Sabah", "5 tại Lào".
_INTL_PLACE_PART = re.compile(r"\s+(?:ay\s+)?(?:en|à|au|aux|mula|galing|desde|di|dari|từ|tại|ở)\s+(?:sa\s+)?(?-i:[A-ZÀ-Ý])",
                              re.IGNORECASE)
# A sentence that opens a breakdown: "Sa kabuuan, 77 ...", "Au total, ...", "En total, ...".
_INTL_TOTAL_OPENS = re.compile(r"\W*(?:sa\s+kabuuan|au\s+total|en\s+total|secara\s+keseluruhan|keseluruhannya)\b", re.IGNORECASE)
# "số nạn nhân lại tăng (1.128 người": the number of victims, counted in people.
_INTL_NUMBER_OF_VICTIMS = re.compile(r"\bsố\s+nạn\s+nhân\b[^\d.;]{0,30}?$|\bsố\s+nạn\s+nhân\b[^.;]{0,200}", re.IGNORECASE)
# A figure compared with an earlier one counts the same thing: "385 vụ so với 507 năm 2013".
_INTL_COMPARED = re.compile(r"\b(?:so\s+với|compared\s+(?:to|with)|dibandingkan(?:\s+dengan)?|berbanding|frente\s+a|contre)\s*$",
                            re.IGNORECASE)
# The total of those a deed was done to, then its number: "Jumlah WNI yang sudah dapat diselamatkan ... mencapai 234 orang".
_INTL_TOTAL_OF = re.compile(r"\b(?:jumlah|total)\s+[^.;\d]{0,100}?\b(?:mencapai|sebanyak|berjumlah|ialah|adalah)\s*$", re.IGNORECASE)
# Victims, then "in all" and a counting word, before a number: "ผู้เสียหายคดีค้ามนุษย์ รวมทั้งสิ้น จำนวน 381 คน".
_INTL_VICTIMS_TOTAL = re.compile(
    r"(?:" + stat_words.STAT_NOUNS["victims"] + r")[^\d.,;。]{0,25}?(?:รวม(?:ทั้งสิ้น|ทั้งหมด)?|ทั้งหมด|ทั้งสิ้น|tổng\s+cộng|"
    r"合计|合計|总计|總計|共计|共計|共)\s*(?:จำนวน|จ\s?านวน)?\s*$",  # "จ านวน": จำนวน as Thai PDFs often give it
    re.IGNORECASE,
)
# The whole of a share, or a total the figure before is part of: "65 des 148", "sur un total de 148 citoyens".
_INTL_SHARE_WHOLE = re.compile(r"(?:\d[\d.,\s]*\s+(?:des|de\s+(?:las|los)|dari|daripada|sa\s+mga)|"
                               r"\b(?:sur|de)\s+un\s+total\s+de|\bdari\s+total|\bout\s+of\s+a\s+total\s+of)\s*$",
                               re.IGNORECASE)
# An opening that names the deed of the figures after it: "Mula sa nasagip,", "De las víctimas rescatadas,",
# "Parmi les personnes interpellées,", "Dari korban yang diselamatkan,".
_INTL_HEAD = re.compile(r"\W*(?:mula\s+sa|sa\s+mga|(?:de|entre)\s+(?:las|los)|parmi\s+(?:les|ces)|dari|daripada)\s+[^,，\d]{2,50}[,，]",
                        re.IGNORECASE)


def _spelled_pattern(words: dict[str, tuple[int, str]], kind: str) -> re.Pattern[str]:
    word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if kind == "spaced":
        return re.compile(rf"(?<!\w)(?:{word})(?:\s+(?:{word}))*(?!\w)", re.IGNORECASE)
    if kind == "joined":  # "trente-trois", "treinta y dos", "tatlumpu't lima", "apat na", "une cinquantaine de"
        separator = stat_words.JOINED_SEPARATOR
        return re.compile(rf"(?<![\w-])(?:{word})(?:{separator}(?:{word}))*(?![\w-]){stat_words.JOINED_END}", re.IGNORECASE)
    return re.compile(rf"(?:{word})+")


_SPELLED = [(words, _spelled_pattern(words, kind),
             re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?!\w)"
                        if kind == "joined" else "|".join(map(re.escape, sorted(words, key=len, reverse=True))), re.IGNORECASE))
            for kind, words in stat_words.SPELLED_NUMBERS.items()]
_NOUN_MODIFIER = re.compile(r"\s*" + stat_words.STAT_NOUN_MODIFIERS + r"(?=\s)", re.IGNORECASE)
_ANY_STAT_NOUN = re.compile(stat_words.SPELLED_COUNTER_GAP + "(?:" + stat_words.STAT_NOUN_MODIFIERS + r"\s+)?"
                            + "(?:" + "|".join(f"(?:{p})" for p in stat_words.STAT_NOUNS.values()) + ")", re.IGNORECASE)


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
    joined = words is stat_words.SPELLED_NUMBERS["joined"]  # "pito sa mga na-rescue", "six en Espagne"
    if not (_ANY_STAT_NOUN.match(sentence, m.end()) or joined and (
        _INTL_SHARE.match(sentence[m.end():]) or _INTL_PLACE_PART.match(sentence[m.end():])
    )) or _VAGUE_BEFORE.search(sentence, 0, m.start()) \
            or all(words[w.group()][1] == "big" for w in word.finditer(m.group().lower())):
        return m.group()  # "数十名", "hàng trăm người", "หลายร้อยคน": dozens, hundreds, not a count
    value = _spelled_value(m.group(), words, word)
    return str(value) if value > 1 else m.group()


def intl_stat_facts(text: str, start: int, end: int, carried: str | None, previous: Fact | None = None) -> list[Fact]:
    """Counted figures written the other languages' way: "điều tra 110 vụ", "ជួយសង្គ្រោះជនរងគ្រោះ ២៩០ នាក់".

    ``previous`` is the last figure of the sentence before, whose parts a breakdown may list
    ("... menyelamatkan 85 individu. Mereka terdiri daripada 58 lelaki, 10 wanita ...")."""
    sentence = _spelled_as_digits(text[start:end].replace("\n", " "))  # a hard-wrapped sentence goes on in the next line
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
    opening = _INTL_HEAD.match(sentence)  # "Mula sa nasagip, ...": the deed of the figures that follow
    head = next((category for category, pattern in _INTL_ACTIONS if opening and pattern.search(opening.group())), None)
    head = head if head != "gone" else None
    rising: tuple[str, int, str | None] | None = None  # "jumlah korban naik dari N menjadi M": the head's noun, N, its deed
    for m in _INTL_NUMBER.finditer(sentence):
        written = m.group("digits") or m.group("word")
        value = stat_words.COUNT_WORDS[written.lower()] if m.group("word") else int(re.sub(r"[.,\s]", "", written))
        if not re.search(r"[.,\s]", written) and not m.group("mult") and (1900 <= value <= 2100 or 2540 <= value <= 2600):
            continue  # a year
        if m.group("mult"):
            value = _multiplied(written, m.group("mult").strip())
        after = sentence[m.end():m.end() + 30]
        before = sentence[max(0, m.start() - 30):m.start()]
        if _INTL_NOT_AFTER.match(after) or _INTL_NOT_BEFORE.search(before):
            continue
        from_to = _from_to(sentence, m.start(), m.end(), rising)
        if from_to is not None:
            rising = from_to
        who = from_to[0] if from_to is not None else _intl_noun(after, before)
        if who == "people" and (_INTL_VICTIMS_TOTAL.search(sentence, max(0, m.start() - 60), m.start())
                                or _INTL_NUMBER_OF_VICTIMS.search(sentence, max(0, m.start() - 40), m.start())):
            who = "victims"  # "มีผู้เสียหายรวมทั้งสิ้น 381 คน": the victims in all, counted by a counter
        if who is None:
            who = _among_noun(sentence, m.start(), m.end())  # "Parmi ces victimes, 75 ont été secourues"
        compared = facts[-1] if facts and _INTL_COMPARED.search(before) else None
        if who in (None, "people") and compared is not None:  # "385 vụ so với 507 năm 2013": what the figure before counts
            who = "cases" if compared.category == "cases" else "victims" if compared.category == "victims identified" else who
        if who == "people" and _INTL_NUMBER_OF_VICTIMS.search(sentence, 0, m.start()) and facts and \
                facts[-1].category == "victims identified":
            who = "victims"  # "số nạn nhân lại tăng (1.128 người so với 982 người năm 2013, ...)": a list of victims
        base = facts[-1] if facts else previous  # the figure a part or a share follows
        if max((f.number or 0 for f in (*facts, previous) if f is not None), default=0) <= value:
            base = None  # a part is smaller than its whole
        if _INTL_SHARE_WHOLE.search(before):
            continue  # "65 des 148 Malaisiens ... secourus": the share was rescued, not the whole
        share = _INTL_SHARE.match(after)
        if who is None and share:  # "25 sa kanila", "130 di antaranya", "18 de las víctimas": a share of a whole
            rest = re.sub(r"^\s*\d[\d.,\s]*", " ", after[share.end():share.end() + 40])  # "65 des 148 Malaisiens"
            who = _intl_noun(rest, "") or ("people" if base is not None else None)
        copula = _INTL_COPULA.match(after) if who is None and head is not None else None
        if copula:  # "Entre las víctimas rescatadas, 230 eran menores": a share of what the head counts
            who = _intl_noun(after[copula.end():], "") or "people"
        if who is None and base is not None and _INTL_PART.search(before):
            who = "people"  # "300 víctimas, de las cuales 40 eran menores": a part of the figure before
        place = _INTL_PLACE_PART.match(after) if who is None and base is not None else None
        if place and (facts or _INTL_TOTAL_OPENS.match(sentence)):  # "4 en France et 6 en Espagne", "77 ay galing Laos"
            who = "people"
        if who is None:
            continue
        category = _intl_action(sentence, m.start(), m.end())
        if category == "gone":
            continue  # "เสียชีวิต 2 ราย", "bỏ trốn 3 đối tượng": people dead or at large are not counted as done
        if category is None and written.lower() == "seorang":
            continue  # "seorang pegawai berkata", "termasuk seorang kanak-kanak": one person counts only with its own deed
        if category is None and not facts:
            category = _verb_first(sentence, 0, m.start())
        if category is None and who == "suspects" and facts and facts[-1].category == "cases" \
                and _CASES_INVOLVING.search(sentence, max(0, m.start() - 45), m.start()):  # "79 casos que involucran a 697 presuntos ..."
            category = "prosecutions" if _JUDICIAL.search(sentence, 0, m.start()) else "suspects arrested"  # "Nasagip ng mga awtoridad ang limang Pilipino"
        if category is None and head is not None:
            category = head  # "Mula sa nasagip, 25 sa kanila ...", "De las víctimas rescatadas, 14 ..."
        total_of = _INTL_TOTAL_OF.search(sentence, max(0, m.start() - 140), m.start()) if category is None else None
        if total_of:  # "Jumlah WNI yang sudah dapat diselamatkan ... mencapai 234 orang": the deed the total names
            category = next((c for c, pattern in _INTL_ACTIONS if c != "gone" and pattern.search(total_of.group())), None)
        if category is None and base is not None and base.category not in ("cases", "other") and who != "cases" and (
            share or place or _INTL_BREAKDOWN.search(sentence, 0, m.start())
        ):  # "Mereka terdiri daripada 58 lelaki, 10 wanita ...": the parts count what their whole counts
            category = base.category
        counter = sentence[m.end():m.end() + 3].strip()[:1] or " "
        if category is None and shared is not None and _shares_verb(sentence[shared[0]:m.start()]) \
                and (who != "people" or is_unspaced(counter) or not _BARE_PEOPLE.match(after)):  # "12 tersangka dan 7 orang saksi": witnesses
            category = shared[1]  # "khởi tố 9 vụ án, 21 bị can": one verb for the figures of a list
        if (category is None or not _is_deed(category) and category != "gone") \
                and (_INTL_OPENS_COUNT.search(before) or _OPENS_SENTENCE.match(sentence, 0, m.start())):  # "Seramai 138 mangsa ..., ... diselamatkan"
            # "Sebanyak 12 WNI yang menjadi korban ..., telah dipulangkan": the deed that ends the sentence wins over how they came
            category = _intl_action_after(sentence, m.end(), deeds_only=category is not None) or category
        if from_to is not None:
            if from_to[2] is not None:
                category = from_to[2]  # "jumlah korban yang diselamatkan naik dari 50 menjadi 80": the head's deed
            elif from_to[1] == m.start():
                category = None  # the earlier figure counts what the head names, not the later figure's deed
        # an investigation verb is the cases' alone: "điều tra 59 vụ án, 186 đối tượng, 244 nạn nhân"
        shared = (m.end(), category) if category is not None and category != "cases" else None
        if _INTL_PART.search(before) and facts and facts[-1].counted:  # "逮捕202名嫌犯,其中33名为外国人"
            if category is None or not _is_deed(category):  # "其中30人已返台": a part's own deed stands
                category = facts[-1].category if facts[-1].category != "cases" or who == "cases" else category
        if category == "victims repatriated" and who == "people" and _HANDED_BACK.match(sentence, m.end()):
            category = "deported"  # "22 công dân do phía Lào trao trả": citizens the other country sent back
        if who == "suspects" and category == "victims repatriated":
            category = "deported"  # "押解回国嫌疑人300名": suspects sent home are deported
        if who == "victims" and category == "deported":
            category = "victims repatriated"  # "移交受害者40名": victims handed over go home
        if who == "victims" and category == "suspects arrested":
            category = "victims rescued"  # "korban diamankan": victims taken into safety
        if who == "raids":  # "dalam 77 serbuan": operations counted, whatever was done in them
            counted = "other (raids)"
        elif who == "groups":  # "打掉3195个犯罪团伙": gangs and rings broken up
            counted = "other (groups)"
        elif who == "cases":  # "បញ្ជូនទៅតុលាការចំនួន ១៧ ករណី": cases sent to court are prosecutions
            counted = category if category in ("prosecutions", "convictions") else "cases"
        elif category == "cases" and who == "suspects":  # "điều tra 88 vụ/229 đối tượng": suspects named in an investigation
            counted = "suspects arrested"
        elif category == "cases":  # "73 penjawat awam disiasat": people investigated
            counted = f"other ({who} investigated)"
        elif category is not None:
            counted = category
        elif who == "victims":
            counted = "victims identified"
        else:
            continue  # "12 người", "284 tersangka" with no action is a detail of the story
        facts.append(Fact("statistic", sentence, start, end, number=value, counted=counted, period=nearest_period(periods, m.start())))
    return facts


# Counting words that only say "persons" ("ราย", "នាក់", "名"): a noun before the number says more.
_INTL_CLASSIFIER = re.compile(r"ราย|คน|នាក់|名|人|ຄົນ|ဦး")
# "312名人口贩运受害者": a counter, then a few characters, then the noun.
# "500名左右...的台籍被害人": "about" after the counter, and a longer description when it ends in "的"
# (a relative clause before the noun).
_CJK_COUNTER_GAP = re.compile(r"[名个個位起宗件](?:左右|上下)?(?:[\u4e00-\u9fff]{0,9}|[\u4e00-\u9fff]{0,18}的[\u4e00-\u9fff]{0,4})")


# Between two figures of a list that share a verb: the first one's noun, then a comma or "and".
# The second noun may stand before its number: "嫌疑人18名、同伙6名", "ผู้ต้องหา 4 ราย, นายหน้า 2 ราย".
_LIST_JOIN = re.compile(r"[^\d.;。]{0,16}?(?:[,、，/]|\bvà\b|\bdan\b|และ|និង|ແລະ|和|\bet\b|\by\b)[^\d.;。,、，]{0,12}", re.IGNORECASE)


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
    modifier = _NOUN_MODIFIER.match(after)  # "350 posibles víctimas", "137 babaeng biktima"
    if modifier:
        after = after[modifier.end():]
    reach = 30 if re.match(r"\s*[名个個位起宗件]", after) else 16  # a Chinese counter's noun may stand further on
    for who, pattern in _INTL_NOUNS:
        m = pattern.search(after, 0, reach)
        gap = after[:m.start()] if m else ""
        if m and (re.fullmatch(r"[\s\w]{0,3}", gap) or (who != "people" and _CJK_COUNTER_GAP.fullmatch(gap))) \
                and (who != "people" or m.start() <= 1):
            counter = who if who != "people" or _INTL_CLASSIFIER.match(after[m.start():]) else "named people"
            break
    if counter not in (None, "people"):
        return "people" if counter == "named people" else counter
    nearest: tuple[int, str] | None = None  # the noun nearest before: "案件逾2200起,抓获嫌疑人逾3300名" counts suspects
    for who, pattern in _INTL_NOUNS:
        if who == "people":
            continue
        m = None
        for found in pattern.finditer(before):
            m = found
        gap = before[m.end():] if m is not None else ""
        if m is not None and len(gap) <= 10 and (
            not gap.strip() or _INTL_COUNT_WORD.fullmatch(gap.lstrip()) or _INTL_ABOUT.fullmatch(gap.lstrip())
        ) and (nearest is None or m.end() > nearest[0]):
            nearest = (m.end(), who)  # "ជនរងគ្រោះ ២៩០ នាក់", "เหยื่อกว่า 300 ราย": the noun before says more than the counter after
    return nearest[1] if nearest else counter


def _intl_action(sentence: str, start: int, end: int) -> str | None:
    """The verb nearest before the number; else one after it in the same clause ("120 nạn nhân được giải cứu")."""
    # Words are longer in Latin script: "15 travailleurs migrants ... avaient été renvoyés chez eux".
    reach = 70 if is_unspaced(sentence[end + 1:end + 2] or " ") else 90
    limit = min(len(sentence), end + reach)
    aside_end = 0
    for clause in _INTL_CLAUSE.finditer(sentence, end):
        if clause.start() >= limit:
            break
        if clause.start() < aside_end:
            continue  # inside ", incluidos 300 que ...,": the aside's own clause marks end nothing
        aside = _INTL_ASIDE.match(sentence, clause.end()) if clause.group() in (",", "，") else None
        if aside:  # "800 hombres, incluidos 300 que eran víctimas, han sido rescatados": the verb after the aside
            aside_end = aside.end()
            limit = min(len(sentence), limit + aside.end() - clause.end())
            continue
        # "350 víctimas de explotación sexual y trabajo forzoso han sido rescatadas": "and" inside
        # the noun phrase goes on; before a figure of its own it ends the clause
        inside = sentence[end:clause.start()]
        if inside.count("(") + inside.count("（") > inside.count(")") + inside.count("）"):
            continue  # "(Sihanoukville,西港)": a comma inside brackets ends nothing
        if clause.group() == "、" and not re.search(r"\d", sentence[clause.end():clause.end() + 25]):
            continue  # "60名中国、马来西亚和柬埔寨人": "、" lists nouns, not figures
        if not clause.group()[0].isalpha() and clause.group() != "和" or clause.group() == "ព្រមទាំង" \
                or re.search(r"\d", sentence[clause.end():clause.end() + 25]):  # "ព្រមទាំង" ("as well as") opens a deed of its own
            limit = clause.start()
            break
    before: tuple[int, str, int] | None = None  # distance, category, where the verb starts
    after: tuple[int, str] | None = None
    for category, pattern in _INTL_ACTIONS:
        for m in pattern.finditer(sentence, max(0, start - 45), limit):
            if _FUTURE.search(sentence, max(0, m.start() - 12), m.start()):
                continue  # "aguardan a ser repatriadas", "akan dipulangkan": not done yet
            if m.end() <= start and (before is None or start - m.end() < before[0]
                                     or (start - m.end() == before[0] and m.start() < before[2])) \
                    and not _ends_clause(sentence, m.end(), start):  # "menahan 12 tersangka, dan tujuh orang ..."
                before = (start - m.end(), category, m.start())
            elif m.start() >= end and (after is None or m.start() - end < after[0] or not _is_deed(after[1])) \
                    and not (after is not None and _is_deed(after[1]) and not _is_deed(category)):
                after = (m.start() - end, category)  # "4 thiếu nữ bị lừa bán đã được giải cứu": the deed, not how they came
    if after and after[1] == "gone" and before and re.search(r"\d", sentence[end + after[0]:end + after[0] + 20]):
        after = None  # "จับกุมได้ 40 ราย เสียชีวิต 3 ราย": the death is the next count's
    if after and after[1] == "gone":
        return "gone"  # "menetapkan tujuh orang sebagai DPO atau buron": named as wanted, not arrested
    if before and after and (after[0] + 15 < before[0] or _DIGIT_BEFORE.search(sentence, max(0, before[2] - 40), before[2])):
        # "33 penjawat awam yang disiasat, dengan 13 daripadanya telah dituduh": the verb right after;
        # "2 318 victimes ont été secourues et 1 205 suspects arrêtés": the verb before is the figure before's
        before = None
    chosen = before or after
    return chosen[1] if chosen else None


# An aside of parts between commas: ", incluidos 300 que ...,", ", dont 12 mineurs,", ", termasuk 5 anak,".
_INTL_ASIDE = re.compile(r"\s*(?:incluid[oa]s|entre\s+(?:ell[oa]s|los\s+cuales|las\s+cuales)|dont|parmi\s+(?:eux|elles|lesquel\w+)|"
                         r"y?\s*(?:termasuk|di\s+antaranya)|kabilang\s+(?:ang|dito))\s[^,;.，；。]{1,80}[,，]", re.IGNORECASE)
_CLAUSE_MARK = re.compile(r"[,;，；]|\d")
_DIGIT_BEFORE = re.compile(r"\d[^\d,;.，；。]*$")
# A deed still to come: "a ser repatriadas", "seront renvoyés", "akan dipulangkan", "sẽ được trao trả", "将被遣返".
_FUTURE = re.compile(r"(?:\b(?:a|para)\s+ser|\bserán|\bseront|\b(?:pour|à)\s+être|\bakan(?:\s+di)?|\bsẽ(?:\s+được)?|จะ(?:ถูก)?|将被?|待)\s*$",
                     re.IGNORECASE)


def _is_deed(category: str) -> bool:
    """A deed done to the people counted, stronger than how they came or an investigation."""
    return category not in ("victims identified", "cases")


def _ends_clause(sentence: str, start: int, end: int) -> bool:
    """True when a clause ends between a verb and its number: a comma, or "and" after a figure of
    its own ("menahan 12 tersangka dan tujuh orang"); not "and" inside a noun phrase
    ("押解电诈和人口贩运嫌疑人300名", "giải cứu phụ nữ và trẻ em 12 người")."""
    clause = _INTL_CLAUSE.search(sentence, start, end)
    return clause is not None and (clause.group() == "、" or bool(_CLAUSE_MARK.search(sentence, start, end)))


def _verb_first(sentence: str, start: int, number_at: int) -> str | None:
    """The deed of a sentence that opens with its verb and names the count later in the same clause,
    as Tagalog writes ("Nasagip ng mga tauhan ng BI sa paliparan ang limang Pilipino")."""
    opening = _VERB_OPENS.match(sentence, start)
    if opening is None or _CLAUSE_MARK.search(sentence, opening.end(), number_at):
        return None
    found = next((category for category, pattern in _INTL_ACTIONS if pattern.fullmatch(opening.group("verb"))), None)
    return found if found != "gone" else None


_VERB_OPENS = re.compile(r"\W*(?P<verb>\w+(?:-\w+)?)\s+(?:ng|ang|sa)\s", re.IGNORECASE)


def _intl_action_after(sentence: str, end: int, deeds_only: bool = False) -> str | None:
    """The first verb after the number anywhere in the sentence (with ``deeds_only``, the first deed)."""
    found = [(m.start(), category) for category, pattern in _INTL_ACTIONS for m in [pattern.search(sentence, end)] if m
             and (not deeds_only or _is_deed(category) and category != "gone")]
    return min(found)[1] if found else None


# "jumlah korban TPPO meningkat dari 119 orang pada 2021 menjadi 298 orang", "số nạn nhân tăng từ 40 người lên 65
# người", "受害者人数从119人增至298人": a head naming what is counted, "from" N, "to" M.
_TOTAL_HEAD = re.compile(r"\b(?:jumlah|angka|bilangan|total|tổng\s+số|số\s+lượng|số)\s|人数|人數|数量|數量|总数|總數|数字|數字",
                         re.IGNORECASE)
_FROM_WORD = re.compile(r"(?:\b(?:dari|daripada|từ)\s+(?:[^\W\d]+\s+){0,2}?|[从從由])$", re.IGNORECASE)
_TO_WORD = r"(?:\b(?:menjadi|kepada|lên|xuống|còn)\s+|增至|增加到|增加至|上升到|上升至|升至|降至|下降到|下降至|减少到|减少至|減少到|增长到|增長到|达到|達到)"
_TO_AHEAD = re.compile(r"(?:[^\d.;。]|(?<!\d)(?:19|20)\d\d(?!\d)){0,40}?" + _TO_WORD + r"(?:sekitar\s+|khoảng\s+|约|約)?(?=\d)",
                       re.IGNORECASE)
_TO_BEFORE = re.compile(_TO_WORD + r"(?:sekitar\s+|khoảng\s+|约|約)?$", re.IGNORECASE)


def _from_to(sentence: str, start: int, end: int, rising: tuple[str, int, str | None] | None
             ) -> tuple[str, int, str | None] | None:
    """For the two figures of a "rose from N to M" whose head names what is counted: that noun, where N
    stands and the head's deed; None for other numbers."""
    if rising is not None and rising[1] < start and _TO_BEFORE.search(sentence, max(0, start - 12), start) \
            and not re.search(r"[.;。]", sentence[rising[1]:start]):
        return rising  # M, the later figure
    opening = _FROM_WORD.search(sentence, max(0, start - 30), start)
    if opening is None or not _TO_AHEAD.match(sentence, end):
        return None
    span = sentence[max(0, opening.start() - 80):opening.start()]
    span = re.split(r"[.;,，；。]", span)[-1]
    head = _TOTAL_HEAD.search(span)
    if head is None:
        return None
    found = [(m.start(), who) for who, pattern in _INTL_NOUNS if who != "people" for m in pattern.finditer(span)]
    if not found:
        return None
    deeds = [(m.start(), c) for c, pattern in _INTL_ACTIONS for m in pattern.finditer(span) if _is_deed(c) and c != "gone"]
    return max(found)[1], start, min(deeds)[1] if deeds else None


# A count of bare persons, whose noun follows: "7 orang saksi" (witnesses) shares no verb with the figure before,
# unlike "29 perempuan" (women).
_BARE_PEOPLE = re.compile(r"\s*(?:orang|người|personas|personnes|katao|individu)\b", re.IGNORECASE)
_INTL_CLAUSE = re.compile(r"[,;，；、]|และ|\bvà\b|\bdan\b|និង|ព្រមទាំង|ແລະ|\bet\b|\by\b|和")


