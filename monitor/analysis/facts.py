"""Facts analysts copy by hand today: TIP tier rankings and counted figures.

Rule based and pure (text in, facts out, no models, no I/O), so it is fast and can
run in a process pool. Two kinds of fact:

``tip_tier``
    A country's US Trafficking in Persons (TIP) report ranking: country, tier, report
    year and change (up/down/same) when the sentence states them. Only sentences about
    the TIP report count: the sentence names the report, or the story does and the
    sentence says "Tier N" without COVID/city/data-centre context. "Level 3" and
    "the lowest ranking" need the report named in the same sentence. A tier after
    "from" or "out of" is the old tier, not a ranking. Rankings with no country, or
    in a clause with "may", "could", "if" ... (rules and threats), are left out.

``statistic``
    A number with what it counts ("134 suspects arrested"). A number counts only if a
    known noun follows it (victims, suspects, cases, deportees, ...); years, dates,
    ages, money, percentages and tiers never do. ``counted`` is normalised from the
    noun and the action: anyone arrested is "suspects arrested", anyone deported
    "foreigners deported", anyone rescued "victims rescued"; otherwise "<who> <action>"
    such as "victims repatriated" or "people detained", or the bare noun ("cases",
    "victims", "people"). A part of a figure ("including 322 from China", "including
    1,011 Chinese nationals") is its own fact whose ``counted`` is the whole's category
    followed by the detail in brackets: "victims repatriated (from China)". Cases say
    what kind in brackets when only one kind is named: "cases (sexual exploitation)".
    ``Fact.category`` gives the part before the brackets. Approximations ("more than
    1,000") keep the number; the sentence keeps the wording. Statistics come only from
    stories that mention trafficking or exploitation at all; a bare count of people
    with no action needs a trafficking sentence and, if written in words ("four
    people"), is left out as a story detail.

Periods are kept as written but tidied ("first six months of 2024",
"January-September 2026", "2023", "last year"); "that same year" and "Of these"
take the period of the sentence before. With several periods in a sentence, the
nearest to the number wins.

A fact repeated in the story (a headline, a summary paragraph) is kept once: of two
facts with the same country and tier, or the same number and ``counted``, the one
that says less (no year, change or period, or the same ones) is dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from monitor.models import Fact

log = logging.getLogger(__name__)


# --- sentences --------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col capt sgt maj gov sen rep st mt no nos vol art sec ch
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp vs e.g i.e jr sr
    h.e u.s u.k u.n approx est fig dept govt pol brig adm cmdr supt insp""".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+?)[.!?][\"'”’)\]]*\s*$")
_STARTERS = frozenset(
    "The A An In On At It Its He His She Her They Their There We This That These Those But However Meanwhile "
    "Then Some Many Most Officials Police Authorities What When While After As According Last Earlier Since "
    "If For Also".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``; each line break ends one too."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        begin = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            cut = line.start() + boundary.start() + 1
            after = line.start() + boundary.end()
            if _is_abbreviation(text[max(begin, cut - 30):cut], text[after:after + 40]):
                continue
            spans.append((begin, line.start() + boundary.end()))
            begin = line.start() + boundary.end()
        spans.append((begin, line.end()))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            start += len(chunk) - len(chunk.lstrip())
            result.append((start, start + len(stripped)))
    return result


def _is_abbreviation(before: str, after: str) -> bool:
    found = _LAST_WORD.search(before + " ")
    if not found:
        return False
    word = found.group(1).lstrip("(\"'“‘")
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S. / H.E. / U.N.
        # A dotted acronym can end a sentence; guess from the next word.
        return after.split(" ", 1)[0].strip("\"'“‘(") not in _STARTERS
    return word.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]", word))


# --- countries ------------------------------------------------------------------------

# canonical|other spellings; case-sensitive matching keeps "us" and "chad" out.
_COUNTRY_NAMES = """Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia
Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan
Bolivia|Bosnia and Herzegovina;Bosnia|Botswana|Brazil|Brunei;Brunei Darussalam|Bulgaria|Burkina Faso
Burundi|Cabo Verde;Cape Verde|Cambodia;Kingdom of Cambodia|Cameroon|Canada|Central African Republic|Chad
Chile|China;People's Republic of China;PRC|Colombia|Comoros|Republic of the Congo;Congo-Brazzaville
Democratic Republic of the Congo;DRC;DR Congo|Costa Rica|Cote d'Ivoire;Côte d'Ivoire;Ivory Coast|Croatia
Cuba|Curacao;Curaçao|Cyprus|Czech Republic;Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador
Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini;Swaziland|Ethiopia|Fiji|Finland|France|Gabon
The Gambia;Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti
Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan
Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan;Kyrgyz Republic|Laos;Lao PDR;Lao People's Democratic Republic
Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Macau;Macao|Madagascar|Malawi
Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco
Mongolia|Montenegro|Morocco|Mozambique|Myanmar;Burma|Namibia|Nauru|Nepal|Netherlands|New Zealand
Nicaragua|Niger|Nigeria|North Korea;DPRK|North Macedonia|Norway|Oman|Pakistan|Palau|Panama
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia;Russian Federation|Rwanda
Saint Kitts and Nevis;St. Kitts and Nevis|Saint Lucia;St. Lucia
Saint Vincent and the Grenadines;St. Vincent and the Grenadines|Samoa|San Marino|Sao Tome and Principe
Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Sint Maarten|Slovakia|Slovenia
Solomon Islands|Somalia|South Africa|South Korea;Republic of Korea|South Sudan|Spain|Sri Lanka|Sudan
Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Timor-Leste;East Timor|Togo|Tonga
Trinidad and Tobago|Tunisia|Turkey;Türkiye;Turkiye|Turkmenistan|Tuvalu|Uganda|Ukraine
United Arab Emirates;UAE|United Kingdom;UK;U.K.;Britain|United States;US;U.S.;USA;U.S.A.;United States of America
Uruguay|Uzbekistan|Vanuatu|Venezuela|Vietnam;Viet Nam|Yemen|Zambia|Zimbabwe"""


def _country_table() -> dict[str, str]:
    table = {}
    for entry in re.split(r"[|\n]", _COUNTRY_NAMES):
        names = entry.split(";")
        for name in names:
            table[name] = names[0]
    return table


_COUNTRY_OF = _country_table()
_COUNTRY = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_COUNTRY_OF, key=len, reverse=True)) + r")(?!\w)"
)
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
    return [
        _Mention(_COUNTRY_OF[m.group(1)], m.start(), m.end())
        for m in _COUNTRY.finditer(sentence)
        if not _NOT_RANKED_AFTER.match(sentence[m.end():])
    ]


# --- TIP tiers -------------------------------------------------------------------------

_TIP_REPORT = re.compile(
    r"[Tt]rafficking\s+in\s+[Pp]ersons|\bTIP\b|[Tt]rafficking\s+(?:in\s+persons\s+)?[Rr]eport|"
    r"anti-trafficking\s+(?:report|ranking|rating)|trafficking\s+rankings?|J/TIP",
)
_TIER = re.compile(
    r"\b(?P<word>[Tt]ier|TIER|[Ll]evel)[\s-]*(?P<n>1|2|3|I{1,3}|[Oo]ne|[Tt]wo|[Tt]hree)\b"
    r"(?P<wl>[\s-]*[Ww]atch[\s-]*[Ll]ist)?"
    r"|(?P<wl_only>\b[Ww]atch\s*[Ll]ist\b)"
    r"|(?P<special>\bSpecial\s+Case\b)"
    r"|(?P<lowest>\b(?:lowest|bottom|worst)(?!-)\s+(?:tier|ranking|rank|level|category)\b)"
)
_TIER_NUMBER = {"1": 1, "i": 1, "one": 1, "2": 2, "ii": 2, "two": 2, "3": 3, "iii": 3, "three": 3}
# Tier words in other senses: COVID restrictions, tier-3 cities, data centres, support plans.
_OTHER_TIER_AFTER = re.compile(
    r"^\W*(?:countries|nations|states|governments|restrictions?|lockdowns?|measures?|rules?|alerts?|cit(?:y|ies)|towns?|areas?|regions?|"
    r"provinces?|data|suppliers?|vendors?|support|customers?|accounts?|membership|pricing|plans?|"
    r"sponsors?|visas?|advisory|travel|warning|capital|banks?|players?|teams?|league|clubs?)\b",
    re.IGNORECASE,
)
_OTHER_TIER_SENTENCE = re.compile(
    r"covid|coronavirus|pandemic|lockdown|travel advisory|data cent(?:er|re)|tier-?[123] cit", re.IGNORECASE
)
_FROM_BEFORE = re.compile(r"\b(?:from|out\s+of)\s+(?:the\s+)?$")
# "a country may not sit on the Watch List", "could be downgraded": rules and threats, not rankings.
_HYPOTHETICAL = re.compile(r"\b(?:may|might|could|would|will|can|cannot|should|must|if|unless|risks?)\b", re.IGNORECASE)
# The change word must be in the mention's own clause: "Thailand held Tier 2 and Vietnam rose".
_CLAUSE_AFTER = re.compile(r"[,;]|\b(?:and|while|whereas|but)\b")
_TIER_ORDER = {"Tier 1": 1, "Tier 2": 2, "Tier 2 Watch List": 3, "Tier 3": 4}
_DOWN = re.compile(
    r"\b(?:downgrad\w*|demot\w*|dropped|drops?|fell|falls|slipped|slid|lowered|cut|cuts|relegat\w*|"
    r"down\s+(?:from|to)|moved\s+(?:\w+\s+){0,2}down)\b",
    re.IGNORECASE,
)
_UP = re.compile(
    r"\b(?:upgrad\w*|promot\w*|rose|rises|raised|improv\w*|moved\s+(?:\w+\s+){0,2}up|climb\w*|lift\w*|up\s+from)\b",
    re.IGNORECASE,
)
_SAME = re.compile(
    r"\b(?:remain\w*|maintain\w*|retain\w*|kept|keeps|stay\w*|held|holds|unchanged|again|still|consecutive|straight|"
    r"successive|once\s+more)\b",
    re.IGNORECASE,
)
_RANKED_OBJECT = re.compile(
    r"\b(?:rank\w*|plac\w*|put|puts|kept|keeps|listed|lists|downgrad\w*|upgrad\w*|moved|moves|demot\w*|"
    r"promot\w*|rated|rates|classified|designated|dropped|lowered|raised|left)\s+(?:\w+\s+)?$"
)
_POSSESSIVE_RANK = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}(?:ranking|rank|rating|tier|status|standing|position|placement)\b"
)
_COMPARED = re.compile(r"\b(?:than|with|like|as|such\s+as|including|and|or)\s+(?:\w+\s+)?$")
_YEAR = r"(?:19|20)\d\d"
_REPORT_YEAR = [
    re.compile(
        rf"\b({_YEAR})\s+(?:annual\s+)?(?:U\.?S\.?\s+)?(?:Trafficking\s+in\s+Persons|TIP|trafficking\s+report)"
    ),
    re.compile(rf"(?:Trafficking\s+in\s+Persons|TIP)\s+(?:\(TIP\)\s+)?[Rr]eports?\s+(?:for|of)\s+({_YEAR})\b"),
    re.compile(rf"(?:\b(?:its|the|this|last|a)|['’]s)\s+({_YEAR})\s+(?:annual\s+)?(?:[Rr]eport|ranking)"),
]
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_IN_YEAR = re.compile(rf"\b[Ii]n\s+(?:{_MONTH}\s+)?({_YEAR})\b")


def _tip_facts(text: str, start: int, end: int, story_names_report: bool) -> Iterator[Fact]:
    sentence = text[start:end]
    names_report = bool(_TIP_REPORT.search(sentence))
    if not names_report and (not story_names_report or _OTHER_TIER_SENTENCE.search(sentence)):
        return
    mentions = list(_tier_mentions(sentence, names_report))
    if any(not t.vague for t in mentions):
        mentions = [t for t in mentions if not t.vague]  # "Level 3, the lowest ranking" is one ranking
    current = [t for t in mentions if not t.previous]
    if not current:
        return
    previous = [t for t in mentions if t.previous]
    countries = _countries(sentence)
    year = _report_year(sentence, names_report)
    boundary = 0
    for index, mention in enumerate(current):
        following = current[index + 1].start if index + 1 < len(current) else len(sentence)
        country = _ranked_country(sentence, countries, boundary, mention.start, following)
        # A ranking without a country ("a country on the Watch List for two years ...") is a rule, not a fact.
        if country is not None and not _HYPOTHETICAL.search(sentence, boundary, mention.start):
            change = _tier_change(sentence, boundary, mention, following, previous)
            yield Fact("tip_tier", sentence, start, end, country=country, tier=mention.tier, year=year, change=change)
        boundary = mention.end


@dataclass(frozen=True)
class _TierMention:
    tier: str
    start: int
    end: int
    previous: bool  # "from Tier 2": the tier before a change, not a ranking of its own
    vague: bool  # "the lowest ranking"


def _tier_mentions(sentence: str, names_report: bool) -> Iterator[_TierMention]:
    for m in _TIER.finditer(sentence):
        if _OTHER_TIER_AFTER.match(sentence[m.end():]):
            continue
        if m.group("n"):
            if m.group("word").lower() == "level" and not names_report:
                continue  # "Level 3" alone is too common (travel advisories)
            level = _TIER_NUMBER[m.group("n").lower()]
            tier = "Tier 2 Watch List" if level == 2 and m.group("wl") else f"Tier {level}"
        elif m.group("wl_only"):
            tier = "Tier 2 Watch List"
        elif m.group("special"):
            tier = "Special Case"
        elif names_report:
            tier = "Tier 3"
        else:
            continue
        previous = bool(_FROM_BEFORE.search(sentence, max(0, m.start() - 20), m.start()))
        yield _TierMention(tier, m.start(), m.end(), previous, bool(m.group("lowest")))


def _ranked_country(sentence: str, countries: list[_Mention], lo: int, at: int, hi: int) -> str | None:
    before = [c for c in countries if lo <= c.start < at]
    for c in before:  # "Cambodia's ranking", "Cambodia's TIP ranking"
        if _POSSESSIVE_RANK.match(sentence[c.end:]):
            return c.name
    for c in before:  # "ranked Cambodia at", "downgraded Cambodia to"
        if _RANKED_OBJECT.search(sentence[max(lo, c.start - 40):c.start]):
            return c.name
    if before:  # "Cambodia was downgraded to", "Cambodia remained on"
        return before[-1].name
    clause_end = _CLAUSE_AFTER.search(sentence, at, hi)
    hi = clause_end.start() if clause_end else hi
    for c in countries:  # "Tier 3 went to Cambodia", but not "on par with Myanmar"
        if at <= c.start < hi and not _COMPARED.search(sentence[max(at, c.start - 40):c.start]):
            return c.name
    return None


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
    for old in previous:  # "moved from Tier 2 to Tier 3"
        if lo <= old.start < hi and mention.tier in _TIER_ORDER and old.tier in _TIER_ORDER:
            before, after = _TIER_ORDER[old.tier], _TIER_ORDER[mention.tier]
            return "down" if after > before else "up" if after < before else "same"
    return None


def _report_year(sentence: str, names_report: bool) -> int | None:
    for pattern in _REPORT_YEAR:
        m = pattern.search(sentence)
        if m:
            return int(m.group(1))
    if names_report:  # "In 2023, the TIP report ranked ..."
        m = _IN_YEAR.search(sentence)
        if m:
            return int(m.group(1))
    return None


# --- statistics -------------------------------------------------------------------------

_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(), start=2,
    )
}
_NUMBER = re.compile(
    r"(?<![\w.,$€£¥฿#/-])(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<mult>million|thousand))?"
    r"|(?P<word>\b(?:" + "|".join(_NUMBER_WORDS) + r")\b))(?![\w%]|[.,:]\d|-)",
    re.IGNORECASE,
)
_MODIFIER = (
    r"(?:[A-Z][a-z]+|foreign|suspected|alleged|potential|presumed|possible|trafficking|trafficked|human|sex|"
    r"sexual|exploitation|labou?r|forced|other|different|more|new|female|male|underage|young|adult|local|"
    r"migrant|undocumented|illegal|additional|reported|confirmed|registered|identified|related|separate|"
    r"criminal|scam|online|fraud|child|surrogacy|marriage)"
)
_NOUN = re.compile(
    rf"^(?P<mods>(?:\s+{_MODIFIER}(?:-[a-z]+)?){{0,3}})\s+"
    r"(?P<noun>victims?|survivors?|suspects?|perpetrators?|traffickers?|offenders?|brokers?|recruiters?|"
    r"criminals?|culprits?|ringleaders?|people|persons?|individuals?|workers?|women|men|children|girls|boys|"
    r"minors?|migrants?|citizens?|nationals?|Cambodians?|foreigners?|labou?rers?|employees?|"
    r"deportees?|returnees?|arrests|convictions|prosecutions|cases?|crimes?|complaints?|incidents?)\b"
)
_WHO = {
    "victim": "victims", "survivor": "victims",
    **dict.fromkeys(
        "suspect perpetrator trafficker offender broker recruiter criminal culprit ringleader".split(), "suspects"
    ),
    "foreigner": "foreigners",
}
# Nouns that carry their action: "1,527 deportees", "79 arrests".
_NOUN_SAYS = {
    "deportee": "foreigners deported", "returnee": "people repatriated", "arrests": "suspects arrested",
    "convictions": "people convicted", "prosecutions": "people prosecuted",
}
_CASES = {"case": "cases", "crime": "crimes", "complaint": "complaints", "incident": "incidents"}
_ACTIONS = [
    (re.compile(r"arrest\w*|apprehen\w*|nabbed|caught|captured"), "arrested"),
    (re.compile(r"detain\w*|detention"), "detained"),
    (re.compile(r"rescu\w*|free[sd]?|freeing|liberat\w*|saved|intercepted"), "rescued"),
    (re.compile(r"repatriat\w*|returned|return"), "repatriated"),  # "brought home" is not one word
    (re.compile(r"deport\w*|expel\w*|expulsion"), "deported"),
    (re.compile(r"convict\w*|sentenc\w*"), "convicted"),
    (re.compile(r"charg\w*|prosecut\w*|indict\w*"), "prosecuted"),
    (re.compile(r"identif\w*"), "identified"),
    (re.compile(r"trafficked"), "trafficked"),
]
# The action says who they are: arrested people are suspects, deported ones foreigners.
_ACTION_SAYS_WHO = {"arrested": "suspects arrested", "deported": "foreigners deported", "rescued": "victims rescued"}
# Between an action and its number only these may stand: "arrested a total of 134".
_FILLER = re.compile(
    r"^(?:\s+(?:a|an|the|total|of|more|than|over|at|least|about|around|nearly|almost|some|up|to|estimated|"
    r"approximately|roughly|another|additional|as|many|a\s+further))*\s+$",
    re.IGNORECASE,
)
# "342 victims were repatriated", and headline style "263 workers freed".
_PASSIVE = re.compile(
    r"^\s*,?\s+(?:who\s+)?(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|been|got)\s+)?"
    r"(?:(?:also|all|successfully|then|later|reportedly|subsequently|\w+ly)\s+)?(?P<verb>\w+)"
)
_PART_OF = re.compile(
    r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|of\s+which)\s+(?:some\s+|about\s+|nearly\s+)?$",
    re.IGNORECASE,
)
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
    r"kidnap|sexual|NCCT|slave|servitude|debt\s+bondage",
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


def _stat_facts(text: str, start: int, end: int, carried: str | None) -> tuple[list[Fact], str | None]:
    """Statistics of one sentence, and the period later sentences may refer back to."""
    sentence = text[start:end]
    periods = _periods(sentence)
    if periods:
        carried = periods[0][1]
    elif _SAME_PERIOD.search(sentence):
        periods = [(0, carried)] if carried else []
    figures: list[_Figure] = []
    in_domain = bool(_DOMAIN.search(sentence))
    previous_end = 0
    for m in _NUMBER.finditer(sentence):
        figure = _figure(sentence, m, previous_end, figures, in_domain)
        if figure is not None:
            figures.append(figure)
            previous_end = figure.end
    facts = [
        Fact("statistic", sentence, start, end, number=f.number, counted=f.counted, period=_nearest(periods, f.start))
        for f in figures
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
    if number is None or _not_a_count(before, after):
        return None
    window = sentence[previous_end: m.start()]  # back to the previous figure
    part_of = bool(figures) and bool(_PART_OF.search(window[-40:]))
    noun = _NOUN.match(after)
    if noun is None:
        place = _FROM_PLACE.match(after)
        if part_of and place:  # "including 322 from China"
            last = figures[-1]
            return _Figure(number, m.start(), m.end() + place.end(), f"{_category(last)} (from {place.group('place')})", last.who)
        return None

    written = noun.group("noun").lower()
    singular = written[:-1] if {written[:-1]} & (_WHO.keys() | _CASES.keys() | _NOUN_SAYS.keys()) else written
    stop = m.end() + noun.end()
    if singular in _CASES:
        cases = _cases_counted(_CASES[singular], noun.group("mods"), sentence[stop:], in_domain)
        return _Figure(number, m.start(), stop, cases, None) if cases else None

    mods = noun.group("mods").split()
    who = "foreigners" if "foreign" in mods else _WHO.get(singular, "people")
    whole = next((f for f in reversed(figures) if f.who), None) if part_of else None
    if whole is not None:  # "including 1,011 Chinese nationals"
        detail = " ".join([*mods, noun.group("noun")])
        return _Figure(number, m.start(), stop, f"{_category(whole)} ({detail})", who)
    if singular in _NOUN_SAYS:
        return _Figure(number, m.start(), stop, _NOUN_SAYS[singular], who)
    action = _action(sentence[stop:], window)
    if action is None and (not in_domain or (m.group("word") and who not in ("victims", "suspects"))):
        return None  # "four people who recruited ..." is a story detail, not a tally
    return _Figure(number, m.start(), stop, _counted(who, action), who)


def _not_a_count(before: str, after: str) -> bool:
    """Money, "Tier 3", "Article 12", "5 September", "15-year-old"."""
    return bool(_CURRENCY_BEFORE.search(before) or _NOT_COUNT_BEFORE.search(before) or _DATE_AFTER.match(after))


def _number_value(m: re.Match[str]) -> int | None:
    if m.group("word"):
        return _NUMBER_WORDS[m.group("word").lower()]
    digits = m.group("digits").replace(",", "")
    if m.group("mult"):
        return int(float(digits) * (1_000_000 if m.group("mult").lower() == "million" else 1_000))
    if "." in digits:
        return None  # "3.5" without "million" is a measurement, not a head count
    value = int(digits)
    if 1900 <= value <= 2099 and "," not in m.group("digits"):
        return None  # a year
    return value


def _action(after_noun: str, window: str) -> str | None:
    passive = _PASSIVE.match(after_noun)
    if passive:
        action = _action_of(passive.group("verb"))
        if action:
            return action
    window = window[-120:]  # an action binds to its number across a few words only
    words = list(re.finditer(r"[A-Za-z]+", window))
    for w in reversed(words[-8:]):
        action = _action_of(w.group())
        if action:
            return action if _FILLER.match(window[w.end():]) else None
    return None


def _action_of(word: str) -> str | None:
    word = word.lower()
    return next((action for pattern, action in _ACTIONS if pattern.fullmatch(word)), None)


def _counted(who: str, action: str | None) -> str:
    if action is None:
        return who
    if action in _ACTION_SAYS_WHO:
        return _ACTION_SAYS_WHO[action]
    if action == "trafficked":
        return "victims"
    if action in ("convicted", "prosecuted"):
        return f"people {action}"
    return f"{who} {action}"


def _cases_counted(noun: str, mods: str, following: str, in_domain: bool) -> str | None:
    """"cases", "cases (sexual exploitation)"; None for cases of something else ("of dengue")."""
    clause = _CLAUSE_END.split(following, maxsplit=1)[0]
    described = f"{mods} {clause}" if _DESCRIBES.match(clause) else mods
    if described.strip() and not in_domain and not _DOMAIN.search(described):
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


# --- the whole story ----------------------------------------------------------------------


def extract_facts(text: str) -> list[Fact]:
    """TIP tier rankings and counted figures in ``text``, in the order they appear."""
    story_names_report = bool(_TIP_REPORT.search(text))
    story_in_domain = bool(_DOMAIN.search(text))
    facts: list[Fact] = []
    carried: str | None = None
    for start, end in split_sentences(text):
        facts.extend(_tip_facts(text, start, end, story_names_report))
        if story_in_domain:
            stats, carried = _stat_facts(text, start, end, carried)
            facts.extend(stats)
    kept = _drop_repeats(facts)
    log.debug("extracted %d facts (%d repeats dropped)", len(kept), len(facts) - len(kept))
    return kept


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
