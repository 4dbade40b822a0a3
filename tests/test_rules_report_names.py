"""How French, Spanish, Vietnamese, Chinese and other reporting names the TIP report, its
tiers and its blacklist, and the senses of those words that must stay unflagged. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.rules import REPORT_YEARS, RuleSet, load_rules


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def tip_terms(rules: RuleSet, text: str, title: str = "") -> set[str]:
    return {m.term for m in classify(title, text, rules).matches if m.group == "tip"}


# --- "{year}" in a term -----------------------------------------------------------------

@pytest.mark.parametrize("year", [REPORT_YEARS[0], 2020, REPORT_YEARS[-1]])
def test_a_year_placeholder_matches_any_report_year(rules: RuleSet, year: int) -> None:
    verdict = classify("", f"Le rapport {year} sur la traite des personnes juge le Laos.", rules)
    assert verdict.flagged
    assert [m.term for m in verdict.matches if m.group == "tip"] == ["rapport {year} sur la traite des personnes"]


@pytest.mark.parametrize("text", [
    "Le rapport 1850 sur la traite des personnes juge le Laos.",  # not a report year
    "Le rapport 20201 sur la traite des personnes juge le Laos.",  # not a year at all
    "Le rapport de la mairie sur la traite des personnes juge le Laos.",
])
def test_a_year_placeholder_needs_a_report_year(rules: RuleSet, text: str) -> None:
    verdict = classify("", text, rules)
    assert verdict.related and not verdict.flagged


# --- the report's names -----------------------------------------------------------------

# (term as written in rules.toml, our own sentence that uses it)
REPORT_NAMES = [
    # French
    ("rapport {year} sur la traite des personnes",
     "Le Rapport 2019 sur la traite des personnes : Laos juge les efforts contre le travail forcé insuffisants."),
    ("rapport {year} sur la traite", "Les États-Unis, dans leur rapport 2021 sur la traite, jugent le Laos contre le travail forcé."),
    ("rapport annuel {year} sur la traite",
     "Washington a jugé, dans son rapport annuel 2018 sur la traite, que le Laos tolère le travail forcé."),
    ("rapport sur le trafic d'êtres humains",
     "Le rapport sur le trafic d’êtres humains du Département d’État américain cite le Laos pour le travail forcé."),
    ("rapport sur le trafic des êtres humains",
     "Le rapport sur le trafic des êtres humains des États-Unis cite le Laos pour le travail forcé."),
    ("rapport sur la traite d'êtres humains",
     "Les États-Unis publient le rapport sur la traite d'êtres humains ; le Laos y est cité pour le travail forcé."),
    ("rapport annuel sur le trafic", "Le rapport annuel sur le trafic des États-Unis cite le Laos pour le travail forcé."),
    ("liste noire de la traite", "Les États-Unis maintiennent le Laos sur leur liste noire de la traite ; le travail forcé persiste."),
    ("liste noire sur la traite", "Les États-Unis ajoutent le Laos à une liste noire sur la traite, citant le travail forcé."),
    ("rapport du Département d'État",
     "Le rapport du Département d'État sur la traite des êtres humains place le Laos en bas du classement."),
    ("rapport du Département d'Etat", "Selon le rapport du Département d'Etat, la traite des êtres humains progresse au Laos."),
    ("rapport annuel du Département d'État",
     "Le rapport annuel du Département d'État juge que la traite des êtres humains recule au Laos."),
    ("rapport annuel du Département d'Etat",
     "Le rapport annuel du Département d'Etat juge que la traite des êtres humains recule au Laos."),
    ("rapport des États Unis", "Le rapport des États-Unis épingle le Laos pour la traite des êtres humains."),
    ("rapport des Etats Unis", "Le rapport des Etats-Unis épingle le Laos pour la traite des êtres humains."),
    # Spanish
    ("informe {year} sobre la trata de personas",
     "El Informe 2022 sobre la Trata de Personas critica a Laos por el trabajo forzoso en sus fábricas."),
    ("informe {year} sobre la trata", "Estados Unidos, en su informe 2017 sobre la trata, critica a Laos por el trabajo forzoso."),
    ("informe anual {year} sobre la trata",
     "Estados Unidos, en su informe anual 2016 sobre la trata, critica a Laos por el trabajo forzoso."),
    ("informe sobre trata de personas", "El informe sobre trata de personas de Estados Unidos critica a Laos por la trata de personas."),
    ("informe anual sobre trata", "El informe anual sobre trata del gobierno de Estados Unidos critica a Laos por la trata de personas."),
    ("informe de trata de personas", "Según el informe de trata de personas de Estados Unidos, Laos tolera la trata de personas."),
    ("reporte de trata de personas", "El Reporte de Trata de Personas de Estados Unidos critica a Laos por la trata de personas."),
    ("reporte sobre trata de personas", "El reporte sobre trata de personas de EEUU critica a Laos por la trata de personas."),
    ("reporte sobre la trata", "Estados Unidos publicó su reporte sobre la trata; Laos sigue sin frenar la trata de personas."),
    ("reporte anual sobre la trata", "Estados Unidos publicó su reporte anual sobre la trata; critica a Laos por la trata de personas."),
    ("reporte anual sobre trata", "Estados Unidos publicó su reporte anual sobre trata; critica a Laos por la trata de personas."),
    ("reporte {year} sobre la trata", "Estados Unidos publicó su reporte 2015 sobre la trata; critica a Laos por la trata de personas."),
    ("lista negra de trata", "EEUU mantiene a Laos en su lista negra de trata por la trata de personas en sus minas."),
    ("lista negra de la trata", "EE. UU. mantiene a Laos en la lista negra de la trata por la trata de personas."),
    ("lista negra de tráfico de personas",
     "Estados Unidos saca a Laos de su lista negra de tráfico de personas pese al trabajo forzoso."),
    ("informe del Departamento de Estado", "Un informe del Departamento de Estado acusa a Laos de tolerar la trata de personas."),
    ("informe anual del Departamento de Estado",
     "El informe anual del Departamento de Estado acusa a Laos de tolerar la trata de personas."),
    ("reporte del Departamento de Estado", "El reporte del Departamento de Estado acusa a Laos de tolerar la trata de personas."),
    ("informe de Estados Unidos", "El informe de Estados Unidos acusa a Laos de tolerar la trata de personas."),
    ("informe estadounidense", "El informe estadounidense acusa a Laos de tolerar la trata de personas."),
    # Vietnamese
    ("báo cáo năm {year} về tình hình buôn bán người",
     "Mỹ ra Báo cáo năm 2021 về tình hình buôn bán người, nhắc tới nỗ lực của Lào."),
    ("báo cáo năm {year} về tình hình mua bán người",
     "Hoa Kỳ công bố Báo cáo năm 2020 về tình hình mua bán người, có nêu tên Lào."),
    ("báo cáo năm {year} về tình hình buôn người", "Mỹ ra báo cáo năm 2019 về tình hình buôn người, nêu tên Lào."),
    ("báo cáo năm {year} về nạn buôn người", "Mỹ ra báo cáo năm 2018 về nạn buôn người, nêu tên Lào."),
    ("báo cáo {year} về tình hình buôn bán người", "Mỹ ra báo cáo 2017 về tình hình buôn bán người, nêu tên Lào."),
    ("báo cáo {year} về tình hình mua bán người", "Mỹ ra báo cáo 2016 về tình hình mua bán người, nêu tên Lào."),
    ("tình hình buôn bán người trên thế giới", "Mỹ đánh giá tình hình buôn bán người trên thế giới và nhắc tới Lào."),
    ("tình hình mua bán người trên thế giới", "Hoa Kỳ nhận định về tình hình mua bán người trên thế giới, có Lào."),
    ("tình hình buôn người trên thế giới", "Mỹ nhận định tình hình buôn người trên thế giới, có Lào."),
    ("tình trạng buôn người trên thế giới", "Mỹ nhận định tình trạng buôn người trên thế giới, có Lào."),
    ("nạn buôn người trên thế giới", "Mỹ nhận định về nạn buôn người trên thế giới, có Lào."),
    ("tình trạng buôn bán người trên thế giới", "Mỹ nhận định tình trạng buôn bán người trên thế giới, có Lào."),
    ("báo cáo thường niên về tình trạng buôn người",
     "Mỹ công bố báo cáo thường niên về tình trạng buôn người, Lào bị tụt hạng."),
    ("báo cáo thường niên về tình hình buôn bán người",
     "Mỹ công bố báo cáo thường niên về tình hình buôn bán người, Lào bị tụt hạng."),
    ("báo cáo thường niên về tình hình mua bán người",
     "Mỹ công bố báo cáo thường niên về tình hình mua bán người, Lào bị tụt hạng."),
    ("báo cáo về tình hình mua bán người", "Hoa Kỳ ra báo cáo về tình hình mua bán người, Lào bị tụt hạng."),
    ("báo cáo tình hình mua bán người", "Hoa Kỳ ra báo cáo tình hình mua bán người, Lào bị tụt hạng."),
    ("báo cáo của Bộ Ngoại giao Hoa Kỳ", "Theo báo cáo của Bộ Ngoại giao Hoa Kỳ, Lào chưa làm đủ để chống buôn người."),
    ("báo cáo của Bộ Ngoại giao Mỹ", "Theo báo cáo của Bộ Ngoại giao Mỹ, Lào chưa làm đủ để chống buôn người."),
    ("báo cáo thường niên của Bộ Ngoại giao",
     "Theo báo cáo thường niên của Bộ Ngoại giao Mỹ, Lào chưa làm đủ để chống buôn người."),
    ("báo cáo hàng năm của Bộ Ngoại giao",
     "Theo báo cáo hàng năm của Bộ Ngoại giao Mỹ, Lào chưa làm đủ để chống buôn người."),
    ("Bộ Ngoại giao Mỹ công bố báo cáo", "Bộ Ngoại giao Mỹ công bố báo cáo, cho rằng Lào chưa làm đủ để chống buôn người."),
    ("Bộ Ngoại giao Hoa Kỳ công bố báo cáo",
     "Bộ Ngoại giao Hoa Kỳ công bố báo cáo, cho rằng Lào chưa làm đủ để chống buôn người."),
    ("Bộ Ngoại giao Mỹ ra báo cáo", "Bộ Ngoại giao Mỹ ra báo cáo, cho rằng Lào chưa làm đủ để chống buôn người."),
    ("Bộ Ngoại giao Hoa Kỳ ra báo cáo", "Bộ Ngoại giao Hoa Kỳ ra báo cáo, cho rằng Lào chưa làm đủ để chống buôn người."),
    ("báo cáo của Mỹ", "Lào không đồng tình với báo cáo của Mỹ về vấn nạn buôn người."),
    ("báo cáo của Hoa Kỳ", "Lào không đồng tình với báo cáo của Hoa Kỳ về vấn nạn buôn người."),
    ("báo cáo của phía Mỹ", "Lào không đồng tình với báo cáo của phía Mỹ về vấn nạn buôn người."),
    ("báo cáo nạn buôn người", "Lào bình luận về Báo cáo Nạn buôn người năm nay do Mỹ công bố."),
    ("nạn buôn người trên toàn cầu", "Mỹ công bố đánh giá về nạn buôn người trên toàn cầu, có nhắc tới Lào."),
    ("tình hình buôn người trên phạm vi toàn cầu", "Mỹ nhận định tình hình buôn người trên phạm vi toàn cầu, có Lào."),
    ("báo cáo đánh giá phòng chống nạn buôn người", "Mỹ ra Báo cáo đánh giá phòng chống nạn buôn người, có Lào."),
    # Chinese
    ("美国国务院报告", "美国国务院报告称,老挝打击人口贩卖不力。"),
    ("美国国务院年度报告", "美国国务院年度报告称,老挝打击人口贩卖不力。"),
    ("美国国务院的报告", "根据美国国务院的报告,老挝打击人口贩卖不力。"),
    ("美国年度报告", "在谈到有关人口拐卖的美国年度报告时,老挝官员表示不认同。"),
    ("美国的年度报告", "老挝官员不认同美国的年度报告对其打击人口贩卖的评价。"),
    ("美國國務院報告", "美國國務院報告指出,寮國打擊人口販運不力。"),
    ("美國國務院年度報告", "美國國務院年度報告指出,寮國打擊人口販運不力。"),
    ("美國國務院的報告", "根據美國國務院的報告,寮國打擊人口販運不力。"),
    ("美國年度報告", "寮國官員不認同美國年度報告對其打擊人口販運的評價。"),
    ("美國的年度報告", "寮國官員不認同美國的年度報告對其打擊人口販運的評價。"),
    # Khmer
    ("របាយការណ៍របស់ក្រសួងការបរទេសអាមេរិក", "របាយការណ៍របស់ក្រសួងការបរទេសអាមេរិក និយាយថា ឡាវមិនទាន់ប្រឆាំងការជួញដូរមនុស្សគ្រប់គ្រាន់"),
    ("របាយការណ៍ក្រសួងការបរទេសអាមេរិក", "របាយការណ៍ក្រសួងការបរទេសអាមេរិក និយាយថា ឡាវមិនទាន់ប្រឆាំងការជួញដូរមនុស្សគ្រប់គ្រាន់"),
    ("របាយការណ៍ប្រចាំឆ្នាំរបស់ក្រសួងការបរទេសអាមេរិក",
     "របាយការណ៍ប្រចាំឆ្នាំរបស់ក្រសួងការបរទេសអាមេរិក និយាយថា ឡាវមិនទាន់ប្រឆាំងការជួញដូរមនុស្សគ្រប់គ្រាន់"),
    # Indonesian, Malay, Thai
    ("laporan Departemen Luar Negeri AS", "Menurut laporan Departemen Luar Negeri AS, Laos lamban memberantas perdagangan orang."),
    ("laporan tahunan Departemen Luar Negeri",
     "Menurut laporan tahunan Departemen Luar Negeri AS, Laos lamban memberantas perdagangan orang."),
    ("laporan Deplu AS", "Menurut laporan Deplu AS, Laos lamban memberantas perdagangan orang."),
    ("laporan Kemlu AS", "Menurut laporan Kemlu AS, Laos lamban memberantas perdagangan orang."),
    ("laporan Kementerian Luar Negeri AS",
     "Menurut laporan Kementerian Luar Negeri AS, Laos lamban memberantas perdagangan orang."),
    ("laporan Kementerian Luar Negeri Amerika Serikat",
     "Menurut laporan Kementerian Luar Negeri Amerika Serikat, Laos lamban memberantas perdagangan orang."),
    ("laporan Departemen Luar Negeri Amerika Serikat",
     "Menurut laporan Departemen Luar Negeri Amerika Serikat, Laos lamban memberantas perdagangan orang."),
    ("laporan tentang perdagangan orang", "AS merilis laporan tentang perdagangan orang; Laos disorot."),
    ("laporan tentang perdagangan manusia", "AS merilis laporan tentang perdagangan manusia; Laos disorot."),
    ("laporan soal perdagangan manusia", "AS merilis laporan soal perdagangan manusia; Laos disorot."),
    ("laporan soal perdagangan orang", "AS merilis laporan soal perdagangan orang; Laos disorot."),
    ("laporan mengenai perdagangan orang", "AS merilis laporan mengenai perdagangan orang; Laos disorot."),
    ("laporan mengenai perdagangan manusia", "AS merilis laporan mengenai perdagangan manusia; Laos disorot."),
    ("laporan tahunan perdagangan manusia", "AS merilis laporan tahunan perdagangan manusia; Laos disorot."),
    ("laporan tahunan mengenai situasi perdagangan manusia",
     "Amerika Serikat merilis laporan tahunan mengenai situasi perdagangan manusia; Laos disorot."),
    ("laporan mengenai pemerdagangan orang",
     "Amerika Syarikat menerbitkan laporan mengenai pemerdagangan orang; Laos dikritik."),
    ("laporan Jabatan Negara AS", "Menurut laporan Jabatan Negara AS, Laos lambat membanteras pemerdagangan orang."),
    ("laporan tahunan Jabatan Negara", "Menurut laporan tahunan Jabatan Negara, Laos lambat membanteras pemerdagangan orang."),
    ("laporan Jabatan Negara Amerika Syarikat",
     "Menurut Laporan Jabatan Negara Amerika Syarikat, Laos lambat membanteras pemerdagangan orang."),
    ("รายงานของกระทรวงการต่างประเทศสหรัฐ", "รายงานของกระทรวงการต่างประเทศสหรัฐระบุว่าลาวยังแก้ปัญหาการค้ามนุษย์ได้ช้า"),
    ("ລາຍງານຂອງກະຊວງການຕ່າງປະເທດສະຫະລັດ", "ລາຍງານຂອງກະຊວງການຕ່າງປະເທດສະຫະລັດ ເວົ້າວ່າ ກຳປູເຈຍ ຍັງຕ້ານການຄ້າມະນຸດບໍ່ພຽງພໍ"),
    ("ລາຍງານປະຈຳປີຂອງກະຊວງການຕ່າງປະເທດສະຫະລັດ",
     "ລາຍງານປະຈຳປີຂອງກະຊວງການຕ່າງປະເທດສະຫະລັດ ເວົ້າວ່າ ກຳປູເຈຍ ຍັງຕ້ານການຄ້າມະນຸດບໍ່ພຽງພໍ"),
    ("အမေရိကန်နိုင်ငံခြားရေးဌာနအစီရင်ခံစာ",
     "အမေရိကန်နိုင်ငံခြားရေးဌာန အစီရင်ခံစာက ကမ္ဘောဒီးယားရှိ လူကုန်ကူးမှုကို ဝေဖန်သည်"),
    ("အမေရိကန်နိုင်ငံခြားရေးဝန်ကြီးဌာနအစီရင်ခံစာ",
     "အမေရိကန်နိုင်ငံခြားရေးဝန်ကြီးဌာန အစီရင်ခံစာက ကမ္ဘောဒီးယားရှိ လူကုန်ကူးမှုကို ဝေဖန်သည်"),
    ("အမေရိကန်နိုင်ငံခြားရေးဌာန၏အစီရင်ခံစာ",
     "အမေရိကန်နိုင်ငံခြားရေးဌာန၏ အစီရင်ခံစာက ကမ္ဘောဒီးယားရှိ လူကုန်ကူးမှုကို ဝေဖန်သည်"),
    ("အမေရိကန်နိုင်ငံခြားရေးဝန်ကြီးဌာန၏အစီရင်ခံစာ",
     "အမေရိကန်နိုင်ငံခြားရေးဝန်ကြီးဌာန၏ အစီရင်ခံစာက ကမ္ဘောဒီးယားရှိ လူကုန်ကူးမှုကို ဝေဖန်သည်"),
    ("รายงานประจำปีของกระทรวงการต่างประเทศสหรัฐ",
     "รายงานประจำปีของกระทรวงการต่างประเทศสหรัฐระบุว่าลาวยังแก้ปัญหาการค้ามนุษย์ได้ช้า"),
]


@pytest.mark.parametrize(("term", "text"), REPORT_NAMES, ids=[term for term, _ in REPORT_NAMES])
def test_the_report_named_in_other_languages_is_flagged(rules: RuleSet, term: str, text: str) -> None:
    assert classify("", text, rules).flagged
    assert term in tip_terms(rules, text)


# --- tiers, categories and the blacklist --------------------------------------------------

TIER_WORDS = [
    ("catégorie 1", "Les États-Unis classent le Laos en catégorie 1 pour sa lutte contre la traite des êtres humains."),
    ("catégorie 2", "Les États-Unis classent le Laos en catégorie 2 pour sa lutte contre la traite des êtres humains."),
    ("catégorie 3", "Le classement américain met le Laos en catégorie 3 ; la traite des êtres humains y prospère."),
    ("catégorie la plus basse",
     "Les États-Unis placent le Laos dans la catégorie la plus basse pour la traite des êtres humains."),
    ("categoría 3", "Estados Unidos coloca a Laos en la categoría 3 por la trata de personas."),
    ("categoría más baja", "Estados Unidos coloca a Laos en la categoría más baja por la trata de personas."),
    ("hạng 1", "Mỹ xếp Lào ở hạng 1 trong đánh giá về phòng chống mua bán người."),
    ("hạng 2", "Theo bảng của Mỹ, Lào vẫn hạng 2 về phòng chống mua bán người."),
    ("hạng theo dõi", "Mỹ đưa Lào vào hạng theo dõi vì công tác phòng chống mua bán người còn yếu."),
    ("cấp 1", "Mỹ đưa Lào lên Cấp 1 nhờ nỗ lực phòng chống mua bán người."),
    ("cấp 2", "Hoa Kỳ giữ Lào ở Cấp 2 về phòng chống mua bán người."),
    ("danh sách đen", "Mỹ đưa Lào vào danh sách đen vì nạn buôn người."),
    ("បញ្ជីខ្មៅ", "អាមេរិកដាក់ឡាវក្នុងបញ្ជីខ្មៅ ដោយសារការជួញដូរមនុស្ស"),
    ("黑名单", "美国把老挝列入黑名单,原因是人口贩卖问题严重。"),
    ("黑名單", "美國把寮國列入黑名單,原因是人口販運問題嚴重。"),
    ("daftar hitam", "AS memasukkan Laos ke daftar hitam karena perdagangan orang."),
    ("senarai hitam", "Amerika Syarikat meletakkan Laos dalam senarai hitam kerana pemerdagangan orang."),
    ("บัญชีดำ", "สหรัฐขึ้นบัญชีดำลาวเพราะปัญหาการค้ามนุษย์"),
    ("ບັນຊີດຳ", "ສະຫະລັດ ເອົາລາວເຂົ້າບັນຊີດຳ ຍ້ອນການຄ້າມະນຸດ"),
    ("daftar pantauan", "AS menempatkan Laos dalam daftar pantauan karena perdagangan orang."),
    ("รายการเฝ้าระวัง", "สหรัฐจัดให้ลาวอยู่ในรายการเฝ้าระวังเรื่องการค้ามนุษย์"),
    ("บัญชีเฝ้าระวัง", "สหรัฐจัดให้ลาวอยู่ในบัญชีเฝ้าระวังเรื่องการค้ามนุษย์"),
    ("ระดับล่างสุด", "สหรัฐลดลาวลงสู่ระดับล่างสุดเรื่องการค้ามนุษย์"),
    ("ระดับต่ำสุด", "สหรัฐลดลาวลงสู่ระดับต่ำสุดเรื่องการค้ามนุษย์"),
    ("ក្រោមការតាមដាន", "អាមេរិកដាក់ឡាវក្រោមការតាមដាន ដោយសារការជួញដូរមនុស្ស"),
    ("ຖືກສິ້ງຊອມຕິດຕາມ", "ສະຫະລັດ ຈັດກຳປູເຈຍໃສ່ກຸ່ມທີ່ຖືກສິ້ງຊອມຕິດຕາມ ຍ້ອນການຄ້າມະນຸດ"),
    ("ຕິດຕາມສິ້ງຊອມ", "ສະຫະລັດ ຍັງຕິດຕາມສິ້ງຊອມກຳປູເຈຍ ຍ້ອນການຄ້າມະນຸດ"),
    ("ຕິດຕາມຊິ້ງຊອມ", "ສຫລ ຍັງຕິດຕາມຊິ້ງຊອມກຳປູເຈຍ ຍ້ອນການຄ້າມະນຸດ"),
    ("ระดับ 1", "สหรัฐเลื่อนลาวขึ้นระดับ 1 เรื่องการค้ามนุษย์"),
    ("ระดับ 2", "สหรัฐจัดลาวไว้ระดับ 2 เรื่องการค้ามนุษย์"),
    ("ระดับ 3", "สหรัฐลดลาวลงระดับ 3 เรื่องการค้ามนุษย์"),
    ("ระดับที่ 1", "สหรัฐเลื่อนลาวขึ้นระดับที่ 1 เรื่องการค้ามนุษย์"),
    ("ระดับที่ 2", "สหรัฐให้ลาวอยู่ระดับที่ 2 เรื่องการค้ามนุษย์"),
    ("ระดับที่ 3", "สหรัฐลดลาวลงระดับที่ 3 เรื่องการค้ามนุษย์"),
    ("กลุ่ม 1", "สหรัฐจัดลาวเข้ากลุ่ม 1 เรื่องการค้ามนุษย์"),
    ("กลุ่ม 2", "สหรัฐจัดลาวเข้ากลุ่ม 2 เรื่องการค้ามนุษย์"),
    ("กลุ่ม 3", "สหรัฐจัดลาวเข้ากลุ่ม 3 เรื่องการค้ามนุษย์"),
    ("กลุ่มที่ต้องจับตามอง", "สหรัฐจัดลาวไว้ในกลุ่มที่ต้องจับตามองเรื่องการค้ามนุษย์"),
    ("danh sách theo dõi", "Mỹ đưa Lào vào danh sách theo dõi vì nạn buôn người."),
    ("最低类", "美国今年的报告把老挝降到最低类,指其人口贩卖问题严重。"),
    ("最低類", "美國今年的報告把寮國降到最低類,指其人口販運問題嚴重。"),
    ("最差等级", "美国把老挝调为最差等级,指其人口贩卖问题严重。"),
    ("最差等級", "美國把寮國調為最差等級,指其人口販運問題嚴重。"),
    ("第一类", "美国把老挝列为第一类,肯定其打击人口贩卖的努力。"),
    ("第二类", "美国把老挝列为第二类,指其打击人口贩卖仍不足。"),
    ("第三类", "美国把老挝列为第三类,指其人口贩卖问题严重。"),
    ("第1类", "美国把老挝列为第1类,肯定其打击人口贩卖的努力。"),
    ("第2类", "美国把老挝列为第2类,指其打击人口贩卖仍不足。"),
    ("第3类", "美国把老挝列为第3类,指其人口贩卖问题严重。"),
    ("第一類", "美國把寮國列為第一類,肯定其打擊人口販運的努力。"),
    ("第二類", "美國把寮國列為第二類,指其打擊人口販運仍不足。"),
    ("第三類", "美國把寮國列為第三類,指其人口販運問題嚴重。"),
    ("第1類", "美國把寮國列為第1類,肯定其打擊人口販運的努力。"),
    ("第2類", "美國把寮國列為第2類,指其打擊人口販運仍不足。"),
    ("第3類", "美國把寮國列為第3類,指其人口販運問題嚴重。"),
]


@pytest.mark.parametrize(("term", "text"), TIER_WORDS, ids=[term for term, _ in TIER_WORDS])
def test_tier_words_near_us_or_ranking_words_are_flagged(rules: RuleSet, term: str, text: str) -> None:
    assert classify("", text, rules).flagged
    assert term in tip_terms(rules, text)


@pytest.mark.parametrize(("term", "text"), [
    # The new context words: a report (Khmer, Chinese, Thai, Lao, Burmese), a Spanish rating.
    ("ថ្នាក់លេខ 2", "ឡាវស្ថិតនៅថ្នាក់លេខ ២ ក្នុងរបាយការណ៍ស្តីពីការជួញដូរមនុស្ស"),
    ("ថ្នាក់ទី 3", "ឡាវធ្លាក់ដល់លំដាប់ថ្នាក់ទី៣ ព្រោះការជួញដូរមនុស្ស"),
    ("黑名单", "报告把老挝放进黑名单,指其人口贩卖严重。"),
    ("กลุ่มที่ 2", "รายงานจัดลาวไว้กลุ่มที่ 2 เรื่องการค้ามนุษย์"),
    ("ລະດັບ 2", "ລາຍງານ ຈັດລາວໄວ້ລະດັບ 2 ກ່ຽວກັບການຄ້າມະນຸດ"),
    ("အဆင့် 3", "အစီရင်ခံစာက လာအိုကို အဆင့် ၃ တွင် ထားပြီး လူကုန်ကူးမှု ပြဿနာကို ထောက်ပြသည်"),
    ("nivel 3", "La calificación de Laos bajó al nivel 3 por la trata de personas."),
    ("nivel 2", "El reporte deja a Laos en el nivel 2 por la trata de personas."),
    ("niveau 3", "Laos, rétrogradée au niveau 3, peine contre la traite des êtres humains."),
    # The United States under more names.
    ("nivel 2", "EEUU deja a Laos en el nivel 2 por la trata de personas."),
    ("nivel 3", "EE. UU. baja a Laos al nivel 3 por la trata de personas."),
    ("nhóm 3", "Hoa Kì hạ Lào xuống nhóm 3 vì nạn buôn người."),
    ("ថ្នាក់ទី 3", "វ៉ាស៊ីនតោនទម្លាក់ឡាវដល់ថ្នាក់ទី៣ ព្រោះការជួញដូរមនុស្ស"),
    ("第3级", "华盛顿把老挝降到第3级,因为人口贩卖。"),
])
def test_context_words_in_more_languages_confirm_a_tier(rules: RuleSet, term: str, text: str) -> None:
    assert classify("", text, rules).flagged
    assert term in tip_terms(rules, text)


def test_human_trafficking_in_chinese_word_order(rules: RuleSet) -> None:
    verdict = classify("", "老挝警方破获一起人口拐卖案,美国国务院报告也提到此事。", rules)
    assert "人口拐卖" in {m.term for m in verdict.matches if m.group == "trafficking"}
    assert verdict.flagged
    assert "人口拐賣" in {m.term for m in classify("", "寮國破獲人口拐賣案。", rules).matches}


# --- the same words in other senses ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    # Hotel and campsite categories.
    "L'hôtel de catégorie 2 près de la gare héberge des victimes de la traite des êtres humains, selon un rapport de la mairie.",
    "Le camping de catégorie 3 a accueilli des victimes de la traite des personnes, indique le classement régional.",
    # Weather, danger and travel alerts.
    "Protección Civil activó la alerta de nivel 3 por el huracán; en otra nota, la policía investiga trata de personas.",
    "Estados Unidos elevó a nivel 3 su alerta de viaje para la región, donde también se denuncia trata de personas.",
    "Le niveau 3 d'alerte canicule est déclenché ; la police enquête aussi sur un réseau de traite des personnes.",
    "โรงแรมระดับ 3 ใกล้สถานีรถไฟรับผู้เสียหายจากการค้ามนุษย์ไว้ชั่วคราว ตามรายงานของจังหวัด",
    "กรมอุตุฯ แจ้งเตือนระดับ 3 เรื่องพายุ ส่วนตำรวจสหรัฐสอบสวนคดีค้ามนุษย์",
    "美国把这种止痛药列为第三类管制药品,报告另提到人口贩卖案件。",
    "这家星级酒店被评为第三类,报告称警方曾在此解救人口贩卖受害者。",
    "Mỹ đưa Lào vào danh sách theo dõi thao túng tiền tệ; báo cáo khác nói về mua bán người.",
    # School grades, ticket classes and licences.
    "Học sinh cấp 2 được tuyên truyền về phòng chống mua bán người, theo báo cáo của huyện.",
    "Vé hạng 2 trên tàu đã hết, báo cáo của nhà ga cho biết, giữa lúc công an điều tra vụ mua bán người.",
    # Trade, sanctions and tax blacklists.
    "美国商务部把多家中国公司列入黑名单,称其供应链涉及强迫劳动。",
    "Mỹ đưa nhiều công ty vào danh sách đen vì lao động cưỡng bức trong chuỗi cung ứng.",
    "Cục thuế công bố danh sách đen doanh nghiệp nợ thuế; báo cáo khác của Mỹ nói về mua bán người.",
    "AS memasukkan perusahaan itu ke daftar hitam karena kerja paksa di pabriknya.",
    "Amerika Syarikat mengenakan sekatan dan memasukkan kilang itu ke senarai hitam atas dakwaan buruh paksa.",
    "สหรัฐขึ้นบัญชีดำบริษัทจีนหลายแห่งเพราะใช้แรงงานบังคับ",
    "អាមេរិកបានដាក់ក្រុមហ៊ុនមួយចំនួនក្នុងបញ្ជីខ្មៅ ពាក់ព័ន្ធនឹងពលកម្មដោយបង្ខំ",
    "ສະຫະລັດ ເອົາບໍລິສັດເຂົ້າບັນຊີດຳ ຍ້ອນແຮງງານບັງຄັບ",  # a space ends a Lao clause: the firm is in its clause
    # The State Department's other reports.
    "Báo cáo của Bộ Ngoại giao Mỹ về nhân quyền cũng nhắc tới nạn buôn người ở Lào.",
    "Báo cáo của Mỹ về tự do tôn giáo cũng nhắc tới nạn buôn người ở Lào.",
    "El informe del Departamento de Estado sobre terrorismo menciona de paso la trata de personas.",
    "美国国务院报告批评老挝宗教自由状况,并顺带提到人口贩卖。",
    "Le rapport du Département d'État sur les droits de l'homme évoque aussi la traite des êtres humains.",
    "Laporan Departemen Luar Negeri AS tentang kebebasan beragama juga menyebut perdagangan orang.",
    # A report on trafficking by someone other than the United States.
    "Polda Jawa Timur merilis laporan tentang perdagangan orang di Surabaya sepanjang tahun ini.",
    "Le rapport 2023 sur la traite des êtres humains de la Commission européenne cite la Roumanie.",
    "အမေရိကန်နိုင်ငံခြားရေးဌာန၏ လူ့အခွင့်အရေး အစီရင်ခံစာက လူကုန်ကူးမှုကိုလည်း ဖော်ပြသည်",
])
def test_the_same_words_in_other_senses_are_not_flagged(rules: RuleSet, text: str) -> None:
    assert not classify("", text, rules).flagged


def test_a_state_department_report_without_trafficking_is_not_the_tip_report(rules: RuleSet) -> None:
    verdict = classify("", "Theo báo cáo của Bộ Ngoại giao Mỹ, Lào cần cải cách thủ tục đầu tư.", rules)
    assert not verdict.flagged
    assert not tip_terms(rules, "Theo báo cáo của Bộ Ngoại giao Mỹ, Lào cần cải cách thủ tục đầu tư.")


# --- the committee ----------------------------------------------------------------------

@pytest.mark.parametrize(("term", "text"), [
    # Khmer: the committee named without "combat" (ប្រយុទ្ធ).
    ("គណៈកម្មាធិការជាតិប្រឆាំងការជួញដូរ",
     "គណៈកម្មាធិការជាតិប្រឆាំងការជួញដូរ បានជួយសង្គ្រោះជនរងគ្រោះនៃការជួញដូរមនុស្ស ៣០ នាក់"),
    ("គណៈកម្មាធិការជាតិប្រឆាំងអំពើជួញដូរ",
     "គណៈកម្មាធិការជាតិប្រឆាំងអំពើជួញដូរ បានប្រជុំអំពីការជួញដូរមនុស្ស"),
    # Chinese: Cambodia as 柬國 / 柬方 or through its leaders lets the generic committee name count.
    ("全國反人口販運委員會", "柬國全國反人口販運委員會表示,本月解救了12名人口販運受害者。"),
    ("反人口贩运委员会", "柬方反人口贩运委员会说,已解救12名人口贩运受害者。"),
    ("反人口贩运委员会", "洪马奈政府的反人口贩运委员会说,已解救12名人口贩运受害者。"),
    ("打击人口贩卖委员会", "西港警方与打击人口贩卖委员会合作,解救了人口贩卖受害者。"),
    # Her office named a little further from her name.
    ("Chou Bun Eng", "Chou Bun Eng, secrétaire d'État à l'Intérieur et vice-présidente permanente du comité, "
                     "a annoncé 30 condamnations pour traite des êtres humains."),
])
def test_the_committee_under_more_names(rules: RuleSet, term: str, text: str) -> None:
    verdict = classify("", text, rules)
    assert verdict.flagged
    assert term in {m.term for m in verdict.matches if m.group == "ncct"}


def test_another_countrys_committee_is_not_the_ncct(rules: RuleSet) -> None:
    text = "台灣的全國反人口販運委員會表示,本月解救了12名人口販運受害者。"
    assert not classify("", text, rules).flagged


def test_the_report_of_a_year_in_khmer(rules: RuleSet) -> None:
    text = "អាមេរិកបានចេញរបាយការណ៍ឆ្នាំ ២០១៩ ស្តីពីការជួញដូរមនុស្ស ដោយនិយាយពីឡាវ"
    assert "របាយការណ៍ឆ្នាំ {year} ស្តីពីការជួញដូរមនុស្ស" in tip_terms(rules, text)
