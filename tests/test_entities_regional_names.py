"""Ministries, police, the NCCT and the TIP report as reporting in the region's languages names
them, on sentences written for these tests (spellings checked against real regional reporting)."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import Gazetteer, load_domain_names

TIP = "Trafficking in Persons Report"
STATE = "US Department of State"
MFA = "Ministry of Foreign Affairs and International Cooperation"
CNP = "Cambodian National Police"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_domain_names())


def names(gazetteer: Gazetteer, text: str) -> set[str]:
    return {e.canonical for e in gazetteer.find(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # Foreign ministries, stored without the country as "Foreign Ministry" is.
    ("Le ministère des Affaires étrangères a fait revenir onze travailleurs.", MFA),
    ("El Ministerio de Relaciones Exteriores pidió ayuda a Laos.", MFA),
    ("Bộ Ngoại giao Campuchia cho biết đã hồi hương 40 người.", MFA),
    ("外交部发言人周五回应了记者的提问。", MFA),
    ("กระทรวงการต่างประเทศแจ้งว่าช่วยคนไทยกลับบ้านได้ 12 คน", MFA),
    ("ກະຊວງການຕ່າງປະເທດ ໄດ້ຈັດກອງປະຊຸມ", MFA),
    ("နိုင်ငံခြားရေးဝန်ကြီးဌာန က ထုတ်ပြန်သည်", MFA),
    ("ក្រសួងការបរទេស បានប្រកាស", MFA),
    ("Kemlu RI memulangkan 15 WNI dari Kamboja.", MFA),
    ("Menurut Kemenlu, 20 WNI sudah pulang.", MFA),
    ("Kementerian Luar Negeri mencatat 300 kasus baru.", MFA),
    # The US ministry's longer names still win over the bare names above.
    ("Bộ Ngoại giao Mỹ công bố danh sách mới.", STATE),
    ("美国国务院发布了新的名单。", STATE),
    ("Kementerian Luar Negeri AS merilis daftar baru.", STATE),
    ("ອີງຕາມກະຊວງການຕ່າງປະເທດ ສຫລ ປີນີ້", STATE),
    ("อ้างอิงสำนักงานเพื่อการตรวจสอบและต่อสู้กับการค้ามนุษย์", STATE),
    # Police and interior ministries.
    ("នគរបាលជាតិ បានចាប់ខ្លួនជនសង្ស័យ ៣ នាក់", CNP),
    ("柬埔寨國家警察局表示已逮捕三人。", CNP),
    ("柬埔寨国家警察局表示已逮捕三人。", CNP),
    ("The General Commission of the National Police said three were held.", CNP),
    ("ပြည်ထဲရေးဝန်ကြီးဌာန ပြည်ထောင်စုဝန်ကြီး က ပြောသည်", "Ministry of Home Affairs"),
    ("Polis Indonesia menahan dua orang.", "Indonesian National Police"),
    ("รัฐมนตรีว่าการกระทรวงยุติธรรมเดินทางไปเมียวดี", "Ministry of Justice"),
    ("Le ministre de l'Intérieur a reçu la délégation.", "Ministry of Interior"),
    ("Departemen Anti Perdagangan Manusia dan Perlindungan Remaja menerima tujuh WNI.",
     "Department of Anti-Human Trafficking and Juvenile Protection"),
    # The NCCT.
    ("Ủy ban Quốc gia về Chống buôn bán người họp hôm thứ Hai.", "NCCT"),
    ("Ketua Komite Nasional Anti Perdagangan Manusia memimpin rapat.", "NCCT"),
    ("អនុប្រធាន នៃគណៈកម្មាធិការជាតិ ប្រយុទ្ធប្រឆាំងនឹងអំពើជួញដូរមនុស្ស បានថ្លែង", "NCCT"),
    # The report, its year inside its name.
    ("Dans son rapport annuel 2021 sur la traite des êtres humains, Washington cite le Laos.", TIP),
    ("Le Rapport 2019 sur la traite des personnes cite le Laos.", TIP),
    ("El Informe 2016 de Tráfico de Personas rebajó a Laos.", TIP),
    ("menurut Laporan Tahunan Mengenai Pemerdagangan Orang yang terbaru", TIP),
    ("ລາຍງານປະຈໍາປີ 2021 ກ່ຽວກັບການຄ້າມະນຸດ ລະບຸວ່າ", TIP),
    ("美方发布《贩卖人口报告》,老挝排名不变。", TIP),
])
def test_regional_names(gazetteer: Gazetteer, text: str, expected: str) -> None:
    assert expected in names(gazetteer, text)


def test_a_us_ministry_is_not_also_a_foreign_ministry(gazetteer: Gazetteer) -> None:
    assert MFA not in names(gazetteer, "Bộ Ngoại giao Hoa Kỳ công bố báo cáo.")
    assert MFA not in names(gazetteer, "กระทรวงการต่างประเทศสหรัฐเผยแพร่รายงาน")


@pytest.mark.parametrize("text", [
    "kemlu itu singkatan",  # the acronyms only as written, with their capital
    "KEMENLU lama tutup",
])
def test_ministry_acronyms_need_their_spelling(gazetteer: Gazetteer, text: str) -> None:
    assert MFA not in names(gazetteer, text)


@pytest.mark.parametrize("text", [
    "Le rapport annuel 1850 sur la traite des êtres humains",  # not a report year
    "El Informe de Tráfico de Drogas",
])
def test_a_year_placeholder_needs_a_report_year(gazetteer: Gazetteer, text: str) -> None:
    assert TIP not in names(gazetteer, text)


def test_a_vietnamese_report_name_with_its_year(gazetteer: Gazetteer) -> None:
    assert TIP in names(gazetteer, "Hà Nội phản đối báo cáo về nạn buôn người năm 2021 của Washington.")
