"""Statistics as an eighth set of real reporting writes them (set 8), in sentences written for
these tests: forced labour, exploitation and deceit as the story's subject in the other
languages, more counters of people (Khmer "រូប", Burmese "ယောက်", Lao "ລາຍ", Chinese "位"),
Vietnamese workers ("lao động"), a Chinese counter whose noun stands after a relative clause,
"from N to M", bare English counts, raids, asides; and tiers glossed in English, examples of a
tier after it ("seperti", "such as") and Brunei Darusalam.
"""

from __future__ import annotations

import pytest
from fact_views import stats, tier_facts, tiers

SA, VR, VP, VI, PR = "suspects arrested", "victims rescued", "victims repatriated", "victims identified", "prosecutions"


@pytest.mark.parametrize(("text", "expected"), [
    # forced labour, exploitation or deceit make the story one about trafficking
    ("Công an giải cứu 45 người bị cưỡng bức lao động tại một khu nghỉ dưỡng.", {(45, VR)}),
    ("Polisi menyelamatkan 20 pekerja yang menjadi korban kerja paksa di kapal ikan.", {(20, VR)}),
    ("警方在一处园区解救了被强迫劳动的工人35名。", {(35, VR)}),
    ("ប៉ូលិសបានជួយសង្គ្រោះស្ត្រី ៣០ នាក់ ដែលត្រូវបានគេបោកប្រាស់ឱ្យទៅធ្វើការ។", {(30, VR)}),
    ("La police a secouru 14 personnes soumises au travail forcé dans une usine.", {(14, VR)}),
])
def test_forced_labour_and_deceit_are_the_domain(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # without any such word a rescue is of something else
    "Công an giải cứu 45 người khỏi đám cháy tại một khu nghỉ dưỡng.",
    "ប៉ូលិសបានជួយសង្គ្រោះមនុស្ស ៣០ នាក់ ពីទឹកជំនន់។",
])
def test_no_domain_no_figures(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # more counters of people
    ("ប៉ូលិសបានជួយសង្គ្រោះជនរងគ្រោះការជួញដូរមនុស្សចំនួនបីរូប។", {(3, VR)}),
    ("ប៉ូលិសបានជួយសង្គ្រោះស្ត្រីចំនួន ៦ រូប ពីការជួញដូរមនុស្ស។", {(6, VR)}),
    ("ຕຳຫຼວດໄດ້ຊ່ວຍເຫຼືອແມ່ຍິງ 8 ລາຍ ຈາກການຄ້າມະນຸດ", {(8, VR)}),
    ("警方在打击人口贩运行动中解救了12位妇女。", {(12, VR)}),
    # Vietnamese workers
    ("Tỉnh biên giới tiếp nhận 60 lao động bị lừa bán sang Campuchia về nước.", {(60, VP)}),
    ("Đồn biên phòng tiếp nhận 25 công nhân bị cưỡng bức lao động từ nước ngoài trở về.", {(25, VP)}),
])
def test_counters_of_people(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # pictures and reports are no people
    "ក្រសួងបានចែករំលែក ១០ រូបភាព ស្តីពីការជួញដូរមនុស្ស។",
    "ກະຊວງໄດ້ຮັບ 5 ລາຍງານ ກ່ຽວກັບການຄ້າມະນຸດ",
])
def test_counter_look_alikes(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # "N名左右" (about N) and a relative clause ending in "的" before the noun
    ("据悉,这起人口贩运案中仍有约300名左右疑似被骗往缅甸园区的中国籍受害者等待解救。", {(300, VI)}),
    ("人口贩运团伙落网后,目前还有80名被诱骗至境外从事电信诈骗的被害人,有关部门正在核实。", {(80, VI)}),
])
def test_chinese_noun_after_a_relative_clause(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a count opened by "Sebanyak" takes the deed that ends the sentence over how the people came
    ("Sebanyak 30 pekerja migran yang menjadi korban perdagangan orang di Myanmar, akhirnya dipulangkan ke Indonesia.",
     {(30, VP)}),
    ("Seramai 15 rakyat Malaysia yang menjadi mangsa sindiket pemerdagangan manusia, telah diselamatkan polis.",
     {(15, VR)}),
])
def test_an_opened_count_takes_the_deed_at_the_end(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "the number of victims rose from N to M": both figures count what the head names
    ("Menurut Kemlu, jumlah korban perdagangan orang naik dari 40 orang pada 2020 menjadi 210 orang tahun ini.",
     {(40, VI), (210, VI)}),
    # the earlier figure does not take the later one's deed
    ("Angka korban TPPO terus bertambah dari 70 orang menjadi 95 orang yang sudah diselamatkan polisi.",
     {(70, VI), (95, VR)}),
    # a deed in the head is both figures'
    ("Jumlah korban yang dipulangkan meningkat dari 20 orang menjadi 35 orang dalam kasus perdagangan orang.",
     {(20, VP), (35, VP)}),
    ("Số nạn nhân bị mua bán người tăng từ 40 người lên 65 người trong năm qua.", {(40, VI), (65, VI)}),
    ("今年人口贩运受害者人数从120人增至260人。", {(120, VI), (260, VI)}),
])
def test_from_n_to_m(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # without a head naming what is counted, "from N to M" people stay a story detail
    "Dalam kasus perdagangan orang itu, peserta rapat naik dari 40 orang menjadi 60 orang.",
])
def test_from_n_to_m_needs_a_head(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # a bare count with its deed goes on with the people of a figure the story gave before
    ("Police rescued 80 trafficking victims from a compound in May. Officials met their families. "
     "A bus left the border at noon. About 50 returned on Friday and another 30 were sent back in June.",
     {(80, VR), (50, VP), (30, VP)}),
    # "helped N people escape" is a rescue
    ("Officials helped 64 Filipino workers escape a human trafficking ring in the capital.", {(64, VR)}),
    ("The embassy assisted 12 women to flee a brothel where they were forced into sex work.", {(12, VR)}),
])
def test_bare_counts_and_escapes(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # with no figure before, a bare count in a sentence not about trafficking says nothing
    "Human trafficking was on the agenda. The ministers met in Bangkok. About 50 returned on Friday.",
    # suspects who escape are not rescued
    "Police said a trafficking ring helped 5 suspects escape across the border.",
])
def test_bare_counts_need_a_figure_before(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # raids in the other languages are "other (raids)", whatever was done in them
    ("Polis menyelamatkan 45 mangsa pemerdagangan orang dalam 20 serbuan di seluruh negeri.",
     {(45, VR), (20, "other")}),
    ("Polisi menggelar 14 penggerebekan terkait perdagangan orang dan menangkap 9 tersangka.",
     {(14, "other"), (9, SA)}),
])
def test_raids_in_other_languages(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the verb after an aside of parts between commas is the whole's
    ("Según la fiscalía, unos 250 trabajadores extranjeros, incluidos 90 que fueron considerados víctimas de trata, "
     "han sido liberados de las fincas.", {(250, VR), (90, VR)}),
    ("Selon la police, 120 personnes, dont 30 mineurs venus de pays voisins victimes de traite, ont été secourues.",
     {(120, VR), (30, VR)}),
])
def test_verb_after_an_aside(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


# --- tiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # a native tier glossed in English ("or TIER 2"), with the watch list further on, is one ranking: the Watch List
    ("ຕາມບົດລາຍງານການຄ້າມະນຸດຂອງສະຫະລັດ, ລາວ ຖືກຈັດຢູ່ໃນຂັ້ນ ສອງ ຫລື TIER 2, ຊຶ່ງຍັງຢູ່ໃນ ບັນຊີ ການສິ້ງຊອມ ຢູ່.",
     {("Laos", "Tier 2 Watch List")}),
    # examples of a tier after it: "seperti", "such as"
    ("Laporan perdagangan orang AS terbit. Beberapa wilayah lain juga masuk daftar hitam itu, seperti Makau dan Belarus.",
     {("Macau", "Tier 3"), ("Belarus", "Tier 3")}),
    ("The trafficking report came out. Other places also landed on the blacklist, such as Macau and Belarus.",
     {("Macau", "Tier 3"), ("Belarus", "Tier 3")}),
    # a country named before the tier keeps it: "such as" is then no list of the tier's countries
    ("The trafficking report came out. Laos stays on Tier 2, such as the year before.", {("Laos", "Tier 2")}),
    # Brunei Darussalam as Indonesian writes it too
    ("Dalam laporan perdagangan orang tahun ini, Brunei Darusalam dan Malaysia (keduanya Tier 2 Watchlist).",
     {("Brunei", "Tier 2 Watch List"), ("Malaysia", "Tier 2 Watch List")}),
])
def test_tiers_set8(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Khmer "the lowest ranking", and "បន្តស្ថិតនៅ" (goes on standing) holds it
    ("របាយការណ៍ការជួញដូរមនុស្សរបស់ក្រសួងការបរទេសអាមេរិកបង្ហាញថា ប្រទេសកម្ពុជាបន្តស្ថិតនៅក្នុងចំណាត់ថ្នាក់ទាបបំផុត។",
     [("Cambodia", "Tier 3", None, "same")]),
])
def test_khmer_lowest_ranking(text: str, expected: list[tuple[str, str, int | None, str | None]]) -> None:
    assert tier_facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "from Tier 2 to the watchlist": the old tier and the new one, not one Watch List mention
    ("The State Department trafficking report is out. Vietnam slipped from tier 2 to the watchlist.",
     [("Vietnam", "Tier 2 Watch List", None, "down")]),
    ("The State Department trafficking report is out. Nepal dropped from Tier 2 onto the watch list this time.",
     [("Nepal", "Tier 2 Watch List", None, "down")]),
])
def test_from_tier_two_to_the_watch_list(text: str, expected: list[tuple[str, str, int | None, str | None]]) -> None:
    assert tier_facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "major figures" and "kingpins" arrested are suspects
    ("Police said 48 key figures behind the trafficking rings had been arrested since March.", {(48, SA)}),
    ("Authorities arrested 6 kingpins of a human trafficking network.", {(6, SA)}),
    # scam centres closed are counted as "other"
    ("In its crackdown on scam compounds, the government shut down about 120 scam centres, officials said.",
     {(120, "other")}),
    ("Officials said 35 compounds linked to forced labour were closed last month.", {(35, "other")}),
])
def test_figures_and_centres_closed(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # centres that are only there, or raided, and figures with no deed are no tally
    "The trafficking gangs ran 120 scam centres along the border.",
    "Police raided 30 compounds suspected of trafficking.",
    "Trafficking data for the region show 2,000 figures on victims were collected.",
])
def test_centres_and_figures_without_a_deed(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # people identified as involved in a crime are no victims found: "other"
    ("Police screened 500 foreigners in the trafficking raids. 90 were identified as involved in online fraud.",
     {(500, "other"), (90, "other")}),
    ("In the trafficking probe, 40 foreigners were identified as being linked to the scam ring.", {(40, "other")}),
    # still: victims identified as such
    ("In the trafficking probe, 40 women were identified as victims.", {(40, VI)}),
    # people cheated by brokers are victims
    ("Nearly 300 Cambodians were cheated by brokers who promised jobs abroad, trafficking monitors said.", {(300, VI)}),
])
def test_identified_as_involved_and_cheated(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected
