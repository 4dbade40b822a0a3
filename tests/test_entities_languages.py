"""Names of the region's police units, ministries and the report in every script, on sentences
written for these tests (the gazetteer the pipeline uses for stories not in English)."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import Gazetteer, load_domain_names


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_domain_names())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("สำนักงานตำรวจแห่งชาติ แถลงผลการปราบปรามการค้ามนุษย์", {"Royal Thai Police"}),
        ("ศพดส.ตร. รับแจ้งเหตุค้ามนุษย์ และส่งต่อให้ พม. ดูแลผู้เสียหาย",
         {"Royal Thai Police", "Ministry of Social Development and Human Security"}),
        ("Satgas TPPO Bareskrim Polri menangkap tersangka perdagangan orang", {"Indonesian National Police"}),
        ("BP2MI memulangkan pekerja migran korban TPPO", {"BP2MI"}),
        ("Bộ Công an điều tra các vụ mua bán người", {"Ministry of Public Security"}),
        ("Polis Diraja Malaysia dan KDN menyiasat kes pemerdagangan orang",
         {"Royal Malaysia Police", "Ministry of Home Affairs"}),
        ("မြန်မာနိုင်ငံရဲတပ်ဖွဲ့က လူကုန်ကူးမှုအမှုကို စုံစမ်းသည်", {"Myanmar Police Force"}),
        ("全国打击人口贩卖委员会主席苏速卡说", {"NCCT", "Sar Sokha"}),
        ("國家反人口販運委員會主席蘇慶表示", {"NCCT", "Sar Kheng"}),
        ("国际正义使团与柬埔寨国家警察总署合作", {"IJM", "Cambodian National Police"}),
        ("အမေရိကန်နိုင်ငံခြားရေးဌာန၏ လူကုန်ကူးမှုအစီရင်ခံစာ", {"US Department of State", "Trafficking in Persons Report"}),
        ("របាយការណ៍ស្តីពីការជួញដូរមនុស្សឆ្នាំនេះ", {"Trafficking in Persons Report"}),
        ("El Comité Nacional para la Lucha contra la Trata de Personas y el Ministerio del Interior",
         {"NCCT", "Ministry of Interior"}),
        ("le département d’État a publié son rapport", {"US Department of State"}),
    ],
)
def test_names_in_every_language(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    assert {e.canonical for e in gazetteer.find(text)} == expected


def test_short_forms_keep_their_case(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("the kdn of the polri word") == []


def test_every_new_name_has_one_canonical_form() -> None:
    names = load_domain_names()
    seen: dict[str, str] = {}
    for entry in names.entries:
        for alias in (*entry.aliases, *entry.exact):
            key = alias.casefold()
            assert seen.setdefault(key, entry.canonical) == entry.canonical, alias
