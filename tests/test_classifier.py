"""The verdict (monitor.analysis.classifier) and language guess (monitor.analysis.language).

The stories below are written for these tests: short paraphrases of the kind of news
the monitor reads, not copies of any article.
"""

from __future__ import annotations

import pickle
import unicodedata

import pytest

from monitor.analysis.classifier import Verdict, classify
from monitor.analysis.evaluation import outcome
from monitor.analysis.language import detect_language
from monitor.analysis.rules import RuleSet, load_rules, normalise


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


# (id, expected, title, text)
DEV_SET = [
    # --- must be flagged ---------------------------------------------------------------
    (
        "seed-special-operation",
        "flagged",
        "",
        "Officials say a nationwide special operation is under way to curb human trafficking. "
        "The deputy head of the National Committee for Counter Trafficking (NCCT), Chou Bun Eng, "
        "told reporters the committee was compiling results from the provinces. "
        "Washington had lowered Cambodia to Tier 3 in its yearly Trafficking in Persons (TIP) report, "
        "a judgement the ministry rejected.",
    ),
    (
        "seed-foreign-perpetrators",
        "flagged",
        "Foreign offenders behind most trafficking cases, committee says",
        "A senior official of the National Committee to Combat Trafficking in Persons said most human "
        "trafficking cases now involve foreigners who lure victims online. In 2023, 342 Cambodian "
        "victims were repatriated, most of them from China. The State Department's report placed the "
        "kingdom at Level 3, the lowest ranking, alongside Myanmar.",
    ),
    (
        "tip-last-sentence",
        "flagged",
        "Thai police rescue 40 from scam compound",
        "Forty workers who said they were forced to work 16 hours a day were freed from a compound "
        "near the border. Police charged three managers with human trafficking. The raid comes weeks "
        "after the US kept Thailand at Tier 1 in its annual report.",
    ),
    (
        "km-ncct",
        "flagged",
        "",
        "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស បានប្រកាសថា ករណីជួញដូរមនុស្សចំនួន ១០៤ "
        "ត្រូវបានដោះស្រាយក្នុងឆមាសទីមួយ ហើយជនរងគ្រោះចំនួន ២៩០នាក់ ត្រូវបានជួយសង្គ្រោះ។",
    ),
    (
        "km-abbreviation",
        "flagged",
        "គ.ជ.ប.ជ ប្រជុំបូកសរុបការងារ",
        "មន្ត្រី គ.ជ.ប.ជ បានលើកឡើងពីការប្រយុទ្ធប្រឆាំងអំពើជួញដូរមនុស្សនៅតាមព្រំដែន។",
    ),
    (
        "th-tier",
        "flagged",
        "",
        "รายงานสถานการณ์การค้ามนุษย์ประจำปีของสหรัฐฯ ยังคงจัดให้กัมพูชาอยู่ในเทียร์ 3 "
        "เนื่องจากปัญหาการค้ามนุษย์ในแหล่งสแกมเมอร์",
    ),
    (
        "zh-report",
        "flagged",
        "",
        "美国国务院发布年度《人口贩运问题报告》，柬埔寨仍被列为第三级。报告指出，当地电诈园区存在大量人口贩卖受害者。",
    ),
    (
        "zh-traditional-ncct",
        "flagged",
        "",
        "柬埔寨國家打擊人口販賣委員會表示，今年已解救多名人口販運受害者。",
    ),
    (
        "vi-report",
        "flagged",
        "",
        "Báo cáo TIP năm nay của Bộ Ngoại giao Mỹ xếp Campuchia ở nhóm 3 do tình trạng mua bán người "
        "trong các cơ sở lừa đảo.",
    ),
    (
        "id-ncct",
        "flagged",
        "",
        "Komite Nasional Penanggulangan Perdagangan Orang Kamboja (NCCT) memulangkan tujuh korban "
        "perdagangan orang asal Indonesia.",
    ),
    (
        "ms-watch-list",
        "flagged",
        "",
        "Malaysia dinaikkan ke Tier 2 Watch List dalam Laporan Pemerdagangan Orang oleh Jabatan Negara AS, "
        "selepas kes pemerdagangan orang meningkat.",
    ),
    ("my-tip", "flagged", "", "အမေရိကန်၏ TIP အစီရင်ခံစာတွင် မြန်မာနိုင်ငံသည် အဆင့် ၃ တွင် ရှိပြီး လူကုန်ကူးမှု ဆက်ဖြစ်နေသည်။"),
    ("lo-tip", "flagged", "", "ລາຍງານ TIP ຂອງສະຫະລັດ ຈັດໃຫ້ລາວຢູ່ Tier 2 ເນື່ອງຈາກບັນຫາການຄ້າມະນຸດ."),
    # --- related: trafficking without NCCT or TIP -------------------------------------------
    (
        "related-repatriation",
        "related",
        "",
        "Twenty-one women who were trafficked to China as brides returned home through the international "
        "airport, where IOM staff met them.",
    ),
    (
        "ctip-project",
        "related",
        "",
        "A USAID-funded C-TIP project trained 200 police officers on identifying victims of human trafficking.",
    ),
    (
        "covid-tier-in-trafficking-story",
        "related",
        "",
        "A shelter for survivors of human trafficking shut its doors after the county moved into Tier 3 "
        "restrictions as coronavirus cases climbed.",
    ),
    (
        "ncct-scan-on-a-victim",
        "related",
        "",
        "Doctors treating the trafficking victim ordered an NCCT scan of the head to rule out a bleed.",
    ),
    (
        "vi-group-of-two",
        "related",
        "",
        "Công an bắt nhóm 2 người mua bán người qua biên giới, theo báo cáo của công an tỉnh.",
    ),
    # --- look-alikes: never flagged ------------------------------------------------------------
    (
        "drug-trafficking",
        "none",
        "Police seize meth in drug trafficking bust",
        "Acting on a tip-off, police arrested two men for trafficking 30 kilograms of methamphetamine. "
        "One suspect was described as a tier 1 supplier to dealers in Phnom Penh.",
    ),
    (
        "drug-syndicate",
        "none",
        "Trafficking syndicate hid heroin in rice sacks",
        "A trafficking syndicate moved heroin across the border for two years, prosecutors said, under "
        "the watch of the national anti-drug authority.",
    ),
    (
        "wildlife-trafficking",
        "none",
        "",
        "Customs officers seized ivory and pangolin scales; the wildlife trafficking case involves a "
        "Cambodian national.",
    ),
    ("arms-trafficking", "none", "", "Two men were convicted of trafficking firearms into the province."),
    ("timber-trafficking", "none", "", "Rangers say rosewood trafficking continues in Cambodia's protected forests."),
    ("ncct-medical", "none", "", "An NCCT of the head showed no bleeding in the stroke patient, the radiologist said."),
    (
        "covid-tiers",
        "none",
        "",
        "The region was placed in Tier 3 as COVID-19 infections rose, closing pubs and restaurants.",
    ),
    ("tier-3-cities", "none", "", "Property sales in tier-3 cities fell again; 三线城市房价继续下跌。"),
    ("data-centre", "none", "", "The operator opened a Tier III data centre in Phnom Penh, rated by the Uptime Institute."),
    ("tipping", "none", "TIPPING GUIDE", "Should you tip? A TIP of ten percent is customary in restaurants, a waiter said."),
    ("tax-increment", "none", "", "The council's TIP, a tax increment programme, will fund new roads."),
    (
        "scam-without-coercion",
        "none",
        "",
        "Police arrested 12 people running a fake investment app from rented flats; the TIP report has "
        "criticised Cambodia before, but officers said all of them worked voluntarily.",
    ),
    ("casino", "none", "", "The casino resort reported a 15 percent rise in gaming revenue in Phnom Penh."),
    (
        "immigration-raid",
        "none",
        "",
        "Immigration police detained 70 foreigners for overstaying visas and working without permits.",
    ),
    ("th-drugs", "none", "", "ตำรวจจับกุมผู้ต้องหาค้ายาเสพติดพร้อมยาบ้า 2 ล้านเม็ด"),
    ("vi-drugs", "none", "", "Công an triệt phá đường dây buôn bán ma túy xuyên quốc gia."),
    ("zh-drugs", "none", "", "警方破获一起特大贩毒案，缴获冰毒两百公斤，主犯系一级毒贩。"),
    ("id-drugs", "none", "", "Polisi menangkap bandar narkoba dalam kasus perdagangan narkoba lintas negara."),
    ("zh-covid-level", "none", "", "台北市進入第三級警戒，疫情持續升溫。"),
]


@pytest.mark.parametrize("case_id, expected, title, text", DEV_SET, ids=[case[0] for case in DEV_SET])
def test_dev_set(rules: RuleSet, case_id: str, expected: str, title: str, text: str) -> None:
    verdict = classify(title, text, rules)
    assert outcome(verdict) == expected, verdict.reason


def test_matches_point_at_the_original_text(rules: RuleSet) -> None:
    title = "ＮＣＣＴ chief on human\u00a0trafficking"
    text = "Sen Sok: the anti‑trafficking committee (NCCT) met Cambodia’s partners. Vụ mua ba\u0301n người"
    verdict = classify(title, text, rules)
    assert verdict.matches
    for match in verdict.matches:
        source = title if match.field == "title" else text
        assert normalise(source[match.start : match.end]).text == normalise(match.term).text
        assert source[match.start : match.end] in source
    fields = {(m.field, m.term) for m in verdict.matches}
    assert ("title", "NCCT") in fields and ("text", "mua bán người") in fields


def test_snippet_is_the_sentence_around_the_hit(rules: RuleSet) -> None:
    text = "First sentence about rice. The NCCT said human trafficking fell. Last sentence."
    verdict = classify("", text, rules)
    assert {m.snippet for m in verdict.matches} == {"The NCCT said human trafficking fell."}


def test_long_sentence_snippet_is_trimmed_around_the_hit(rules: RuleSet) -> None:
    text = "word " * 200 + "human trafficking " + "word " * 200
    (match,) = classify("", text, rules).matches
    assert len(match.snippet) <= 310
    assert "human trafficking" in match.snippet
    assert match.snippet.startswith("…") and match.snippet.endswith("…")


def test_lookalikes_are_discounted_with_their_name(rules: RuleSet) -> None:
    verdict = classify("", "He was jailed for drug trafficking and arms trafficking.", rules)
    assert not verdict.matches
    assert [m.group for m in verdict.discounted] == ["exclude:drug-trafficking", "exclude:arms-trafficking"]
    assert [m.term for m in verdict.discounted] == ["trafficking", "trafficking"]


def test_human_and_drug_trafficking_in_one_sentence(rules: RuleSet) -> None:
    verdict = classify("", "The gang faces charges of drug trafficking and human trafficking.", rules)
    assert [m.term for m in verdict.matches] == ["human trafficking"]
    assert [m.group for m in verdict.discounted] == ["exclude:drug-trafficking"]


def test_tier_without_context_is_set_aside(rules: RuleSet) -> None:
    verdict = classify("", "Human trafficking cases rose. Elsewhere, the team was promoted. " + "x " * 150 + "Tier 3 it is.", rules)
    assert outcome(verdict) == "related"
    assert ("Tier 3", "no-context:tiers-en") in {(m.term, m.group) for m in verdict.discounted}


def test_negated_trafficking_does_not_count(rules: RuleSet) -> None:
    verdict = classify("", "Police found no evidence of human trafficking at the NCCT-monitored site.", rules)
    assert outcome(verdict) == "none"


def test_reason_names_groups_terms_and_counts(rules: RuleSet) -> None:
    verdict = classify("", "Human trafficking is down, the NCCT said. Human trafficking and forced labour persist, the NCCT added.", rules)
    assert verdict.flagged
    assert verdict.reason == "trafficking: human trafficking ×2, forced labour; ncct: NCCT ×2"


def test_reason_for_related_and_none(rules: RuleSet) -> None:
    assert classify("", "Forced labour on fishing boats.", rules).reason == "trafficking: forced labour (no NCCT or TIP mention)"
    assert classify("", "Rice prices rose.", rules).reason == "no trafficking, NCCT or TIP terms"


def test_score_orders_title_matches_and_flagged_stories_first(rules: RuleSet) -> None:
    body = "Officials discussed the case."
    in_title = classify("Human trafficking ring broken up", body, rules)
    in_text = classify("Officials speak", "Human trafficking ring broken up. " + body, rules)
    assert in_title.score > in_text.score > 0
    flagged = classify("", "The NCCT said human trafficking fell; the TIP report kept Cambodia at Tier 2.", rules)
    assert flagged.score > in_title.score
    assert classify("", "Rice prices rose.", rules).score == 0


def test_score_is_capped(rules: RuleSet) -> None:
    text = "Human trafficking, forced labour and the NCCT and the TIP report. " * 500
    assert classify(text, text, rules).score == rules.max_score


def test_verdict_and_inputs_pickle(rules: RuleSet) -> None:
    verdict = classify("NCCT", "The NCCT fights human trafficking in Cambodia.", rules)
    assert pickle.loads(pickle.dumps(verdict)) == verdict
    again = classify("NCCT", "The NCCT fights human trafficking in Cambodia.", pickle.loads(pickle.dumps(rules)))
    assert again == verdict


def test_classify_is_deterministic_and_handles_empty_fields(rules: RuleSet) -> None:
    assert classify("", "", rules) == Verdict(False, False, 0.0, "no trafficking, NCCT or TIP terms", (), ())


def test_decomposed_and_composed_text_agree(rules: RuleSet) -> None:
    text = "Bộ Ngoại giao Mỹ công bố báo cáo TIP; nạn mua bán người vẫn nghiêm trọng."
    composed = classify("", text, rules)
    decomposed = classify("", unicodedata.normalize("NFD", text), rules)
    assert composed.flagged and decomposed.flagged
    assert composed.reason == decomposed.reason


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        ("Cambodia remains on the lowest tier of the annual report on human trafficking.", "en"),
        ("ក្រសួងមហាផ្ទៃបានប្រកាសពីការបង្ក្រាបការជួញដូរមនុស្ស", "km"),
        ("ตำรวจจับกุมขบวนการค้ามนุษย์ที่ชายแดน", "th"),
        ("ເຈົ້າໜ້າທີ່ລາວຕ້ານການຄ້າມະນຸດ", "lo"),
        ("လူကုန်ကူးမှု တိုက်ဖျက်ရေး", "my"),
        ("Công an Campuchia bắt giữ nghi phạm mua bán người", "vi"),
        ("柬埔寨警方破获一起人口贩卖案件", "zh"),
        ("Polisi menangkap tersangka perdagangan orang di Jakarta", "id"),
        ("Polis menahan suspek pemerdagangan orang di Kuala Lumpur", "ms"),
        # The model reads most Malay as Indonesian; the spellings that differ decide.
        ("Pihak berkuasa berkata kerajaan akan menambah pegawai kerana jumlah mangsa meningkat tahun lalu.", "ms"),
        ("Pemerintah mengatakan polisi menambah petugas karena jumlah korban meningkat tahun lalu.", "id"),
        ("Les autorités cambodgiennes ont libéré des victimes de la traite dans la province.", "fr"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_tie_between_scripts_goes_to_the_one_written_first() -> None:
    assert detect_language("ตำรวจได้ ຕຳຫຼວດໄດ້") == "th"  # 7 Thai letters, then 7 Lao
    assert detect_language("ຕຳຫຼວດໄດ້ ตำรวจได้") == "lo"


def test_detect_language_needs_some_letters() -> None:
    assert detect_language("") is None
    assert detect_language("2024 — 12 / 7") is None
