"""Country names in every script the region writes them, found in a sentence (for tier facts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from monitor.analysis import lexicon
from monitor.analysis.text import is_unspaced

# canonical|other spellings; case-sensitive matching keeps "us" and "chad" out.
_COUNTRY_NAMES = """Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia
Aruba|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan
Bolivia|Bosnia and Herzegovina;Bosnia|Botswana|Brazil|Brunei;Brunei Darussalam;Brunei Darusalam;Brunei Darusallam|Bulgaria|Burkina Faso
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
    r"(?!\s+to\b)(?!\s+itself\b)(?!\s+(?:up|down)\s+(?:to|from|a|one|two)\b)(?!\s+(?:its|their)\b)(?!\s+(?:\w+\s+)?(?:at|on|as)\s+Tier\b)"
    r"|^\s*(?:เผยแพร่|เปิดเผย|ประกาศ|ได้ปรับ|công\s+bố|đã|公布|发布|發布|mengeluarkan|merilis|ເຜີຍແຜ່|a\s+publié|publicó)"
)
# "to get Laos taken off the list", "to see Laos upgraded": what is done to the country, not by it.
_CAUSED_BEFORE = re.compile(r"\b(?:have|has|had|get|gets|got|see|sees|saw|want|wants|wanted)\s+(?:the\s+)?$")
_AUTHOR_BEFORE = re.compile(rf"(?:{lexicon.AUTHOR_WORDS})\s*(?:của\s+|của|AS\s+)?$")
_AUTHOR_AFTER = re.compile(r"^\s*(?:国务院|國務院|政府|ฯ?\s*อเมริกา)")
# "the US Department of State", "Cambodia's government": the author or a party, not the ranked country.
_NOT_RANKED_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:Department|State\s+Department|Embassy|embassy|[Gg]overnment|officials?|authorities|"
    r"[Aa]mbassador|Congress|Secretary|President|[Ll]aw|[Dd]iplomats?|[Ff]oreign|[Aa]id|[Aa]ssistance|[Ss]anctions|"
    r"Trafficking\s+in\s+Persons|TIP)\b"
)


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int


def find_countries(sentence: str) -> list[Mention]:
    found = []
    for m in _COUNTRY.finditer(sentence):
        name = _COUNTRY_OF[m.group(1)]
        after = sentence[m.end():m.end() + 60]
        if _NOT_RANKED_AFTER.match(after) or (
            _ACTOR_AFTER.match(after) and not _CAUSED_BEFORE.search(sentence, max(0, m.start() - 12), m.start())
        ):
            continue
        if name == "United States" and (
            _AUTHOR_BEFORE.search(sentence[max(0, m.start() - 30):m.start()]) or _AUTHOR_AFTER.match(after)
        ):
            continue  # the report's author: "美国国务院", "Bộ Ngoại giao Mỹ"
        found.append(Mention(name, m.start(), m.end()))
    return found


