"""Statistics as a ninth round of real reporting writes them (facts-stats9), in sentences written
for these tests: numbers in words in French, Spanish and Tagalog, thousands grouped by a space,
"万" and "ribu", nouns and verbs of the wire languages, modifiers between a number and its noun,
shares and breakdowns of the figure before, and look-alikes that are no tally (a change, people
dead or at large).
"""

from __future__ import annotations

import pytest
from fact_views import stats

SA, VR, VP, VI = "suspects arrested", "victims rescued", "victims repatriated", "victims identified"


@pytest.mark.parametrize(("text", "expected"), [
    # French numbers in words, joined by a hyphen; "une cinquantaine de" is about fifty
    ("Dans ce dossier de traite des êtres humains, quinze personnes ont été interpellées mardi.", {(15, SA)}),
    ("Réseau de traite démantelé : vingt-deux victimes ont été identifiées par les enquêteurs.", {(22, VI)}),
    ("Selon le parquet, une quarantaine de victimes de traite ont été identifiées.", {(40, VI)}),
    ("La police a mis à l'abri plus de trois mille personnes, victimes présumées de traite.", {(3000, VR)}),
    # Spanish numbers in words, with "y"; infinitives and nouns of the deed
    ("La policía logró rescatar a treinta y cinco víctimas de trata en el operativo.", {(35, VR)}),
    ("El operativo contra la trata de personas terminó con la detención de doce sospechosos.", {(12, SA)}),
    ("Los agentes lograron capturar a cuatro sujetos por trata de personas.", {(4, SA)}),
    # Tagalog: the linker "-ng" or "na" after a number in words, and the verb before or after
    ("Limampung biktima ng human trafficking ang nasagip ng mga awtoridad.", {(50, VR)}),
    ("Inaresto ng pulisya ang apat na suspek sa human trafficking.", {(4, SA)}),
    ("Nakapagpauwi ang gobyerno ng 62 Pilipino na biktima ng human trafficking.", {(62, VP)}),
])
def test_numbers_in_words_and_wire_verbs(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # thousands grouped by a space (or a no-break space), as French writes them
    ("Interpol : 2 318 victimes de traite ont été secourues et 1 205 suspects arrêtés.", {(2318, VR), (1205, SA)}),
    ("Au total, 3\u00a0150 personnes ont été interpellées dans l'opération contre la traite.", {(3150, SA)}),
    # "万" and "ribu": ten thousand, a thousand
    ("警方通报,打击拐卖犯罪以来累计解救受害者1.2万名。", {(12000, VR)}),
    ("Polisi menyelamatkan 2,5 ribu korban perdagangan orang sepanjang tahun.", {(2500, VR)}),
    # a modifier between the number and its noun
    ("La operación contra la trata rescató a 80 posibles víctimas en tres países.", {(80, VR)}),
    ("Plus de 90 nouvelles enquêtes pour traite des êtres humains ont été ouvertes.", {(90, "cases")}),
    ("Nasagip ng NBI ang 45 babaeng biktima ng human trafficking.", {(45, VR)}),
])
def test_number_shapes(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a breakdown of the figure before, in the next sentence, counts what it counts
    ("Polis menyelamatkan 60 mangsa pemerdagangan orang. Mereka terdiri daripada 40 lelaki dan 20 wanita.",
     {(60, VR), (40, VR), (20, VR)}),
    ("Police rescued 120 trafficking victims in the raids. Of that number, 30 were children.", {(120, VR), (30, VR)}),
    # "N of them <noun>": a part of the figure before
    ("Officers freed 48 trafficking victims, 17 of them teenagers.", {(48, VR), (17, VR)}),
    # a share after its number: "sa kanila" (of them), "de las cuales"
    ("Nasagip ang 70 biktima ng human trafficking. Mula sa nasagip, 12 sa kanila ang menor de edad.",
     {(70, VR), (12, VR)}),
    ("La policía liberó a 300 víctimas de trata, de las cuales 40 eran menores.", {(300, VR), (40, VR)}),
    # a deed said by the noun's modifier, or after the head of a breakdown
    ("Police freed 20 women from a trafficking ring. Officials said seven of the rescued women were minors.",
     {(20, VR), (7, VR)}),
    ("Prosecutors handled 90 trafficking cases. Of the 75 defendants, 64 were convicted.",
     {(90, "cases"), (75, "prosecutions"), (64, "convictions")}),
])
def test_parts_and_shares(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a change is not a tally, in any language
    ("Police handled 40 trafficking cases, an increase of nine cases on last year.", {(40, "cases")}),
    ("Năm nay phát hiện 80 vụ mua bán người, tăng 12 vụ so với năm trước.", {(80, "cases")}),
    ("Polisi menangani 75 kasus perdagangan orang, kenaikan 10 kasus dari tahun lalu.", {(75, "cases")}),
    ("Les enquêteurs ont ouvert 50 enquêtes pour traite des êtres humains, une hausse de 8 enquêtes.", {(50, "cases")}),
    # people dead or still at large are not arrested
    ("ตำรวจจับกุมผู้ต้องหาค้ามนุษย์ได้ 40 ราย เสียชีวิต 3 ราย", {(40, SA)}),
    ("Dalam kasus perdagangan orang itu polisi menangkap 9 tersangka, sementara 2 tersangka kabur.", {(9, SA)}),
])
def test_no_tally(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_a_passive_description_gives_way_to_the_deed() -> None:
    # "bị lừa bán" (who were sold by deceit) says how they came; "giải cứu" is what was done
    assert stats("Công an cho biết 6 phụ nữ bị lừa bán đã được giải cứu.") == {(6, VR)}
    # on its own, "lừa bán" counts the people tricked: victims identified
    assert stats("Từ năm 2015 đến nay, các đối tượng đã lừa bán 340 phụ nữ.") == {(340, VI)}


@pytest.mark.parametrize(("text", "expected"), [
    # a sentence hard-wrapped over two lines: the noun or the verb stands on the line before
    ("公安机关在这次打击拐卖妇女儿童犯罪的专项行动中共抓获犯罪嫌疑人\n215名,解救被拐儿童64名。", {(215, SA), (64, VR)}),
    ("ตำรวจเปิดเผยว่าในปีที่ผ่านมามีผู้เสียหายจากการค้ามนุษย์รวมทั้งสิ้น\nจำนวน 140 คน เป็นชาย 60 คน เป็นหญิง 80 คน",
     {(140, VI), (60, VI), (80, VI)}),
    # a subheading without a full stop is not the start of the next sentence (it is a figure of its own)
    ("Deux personnes mises en examen pour traite des êtres humains\nTrente victimes ont été identifiées.",
     {(2, "prosecutions"), (30, VI)}),
])
def test_hard_wrapped_lines(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # parts by place after the figure they break down
    ("Dans l'affaire de traite des êtres humains, neuf personnes ont été interpellées en France et trois en Italie.",
     {(9, SA), (3, SA)}),
    ("Nakapagpauwi ang gobyerno ng 90 biktima ng human trafficking. Sa kabuuan, 50 ay galing Laos at 40 mula Myanmar.",
     {(90, VP), (50, VP), (40, VP)}),
    # a share of a numbered whole: the share took the deed, not the whole
    ("Traite des êtres humains : 30 des 75 Malaisiens disparus ont été secourus.", {(30, VR)}),
    # "and" inside the noun phrase does not end the verb's clause
    ("Unas 120 víctimas de explotación sexual y trabajo forzoso fueron rescatadas por la policía.", {(120, VR)}),
    # a deed still to come is none: people awaiting repatriation are not counted as repatriated
    ("Más de 900 víctimas de trata aguardan en la frontera a ser repatriadas.", {(900, VI)}),
    # handed over to China (移交中方): suspects sent home; handed to prosecutors (移交检察机关): prosecutions
    ("缅方将涉嫌拐卖人口的犯罪嫌疑人86名移交中方。", {(86, "deported")}),
    ("警方破获拐卖案件后将犯罪嫌疑人14名移交检察机关审查起诉。", {(14, "prosecutions")}),
    # nationals flown to their capital are brought home
    ("A total of 140 Indonesians were flown to Jakarta after their rescue from a trafficking ring.", {(140, VP)}),
])
def test_breakdowns_and_deeds(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the numbers of a list share the noun and verb of the last
    ("The ministry repatriated 20, 35 and 41 trafficking victims in three flights last month.",
     {(20, VP), (35, VP), (41, VP)}),
    # "the number of X increased from A to B": both count X
    ("The number of trafficking investigation papers opened rose from 210 in 2022 to 344 in 2023.",
     {(210, "cases"), (344, "cases")}),
    ("There was a sharp rise in the number of trafficking victims from a total of 90 in 2022 to 260 this year.",
     {(90, VI), (260, VI)}),
    # a breakdown by agency
    ("Of the 400 trafficking cases, 310 were investigated by the police, 60 by Immigration and 30 by the Labour Department.",
     {(400, "cases"), (310, "cases"), (60, "cases"), (30, "cases")}),
    # "Of N who became victims, M were rescued"
    ("Of 900 citizens who became trafficking victims, 640 were rescued.", {(900, VI), (640, VR)}),
    # "with eight resulting in a conviction"; a prison term is not a tally
    ("The trafficking court heard 40 cases, with 15 resulting in a conviction.", {(40, "cases"), (15, "convictions")}),
    ("Six traffickers were charged and face up to 15 years in prison.", {(6, "prosecutions")}),
    # an aside between the count and its verb
    ("A total of 52 workers, identified as victims of forced labour, were repatriated on Friday.", {(52, VP)}),
])
def test_english_shapes(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # parts after a dash
    ("Police arrested 14 trafficking suspects – ten Chinese and four Cambodians.", {(14, SA), (10, SA), (4, SA)}),
    # "one of them female" is an aside before the verb
    ("Six trafficking victims, one of them a minor, were freed from a karaoke bar.", {(6, VR)}),
    # "N of them were victims" counts victims identified, across the sentence before
    ("Police rescued 300 Thais from scam compounds. Officers found that 120 of them were actual victims of trafficking.",
     {(300, VR), (120, VI)}),
])
def test_dash_parts_and_victims_among_them(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "taken into custody" arrests, in a headline's capitals too
    ("Trafficking sweep: 210 Taken into Custody", {(210, SA)}),
    ("In the trafficking operation 75 people were taken into custody.", {(75, SA)}),
    # a relative clause, then the main deed
    ("Twelve Lao workers who were held at a scam compound in Myanmar have returned home, trafficking police said.",
     {(12, VP)}),
    # "Among the N victims rescued were M children"
    ("Among the 90 trafficking victims rescued were 25 children.", {(90, VR), (25, VR)}),
    # a list after a colon shares the deed before it
    ("The trafficking sting led to the arrests of: 40 people soliciting sex; 25 people accused of pimping.",
     {(40, SA), (25, SA)}),
    # "charges six with conspiracy"; defendants convicted; a share of charged defendants
    ("The trafficking indictment charges nine with conspiracy.", {(9, "prosecutions")}),
    ("In fiscal 2024 prosecutors charged 300 defendants and convicted a record 280 defendants of trafficking.",
     {(300, "prosecutions"), (280, "convictions")}),
    ("Seven of the 15 charged defendants in the trafficking case were arrested on Monday.", {(7, SA)}),
    # people at large are not counted
    ("Police arrested 11 trafficking suspects, while three suspects remain at large.", {(11, SA)}),
    # a list of parts that share the deed of the first
    ("The indicted traffickers include 20 Thai nationals and six U.S. nationals.", {(20, "prosecutions"), (6, "prosecutions")}),
    # victims found
    ("Officers searching the house found three trafficking victims.", {(3, VI)}),
])
def test_more_english_shapes(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "diciduk" (nabbed) arrests; people named to the wanted list (DPO) are not arrested
    ("Polisi menciduk 5 tersangka perdagangan orang di Batam.", {(5, SA)}),
    ("Polisi menahan 10 tersangka perdagangan orang dan menetapkan empat orang sebagai DPO.", {(10, SA)}),
    # police reports at the end of a clause
    ("Satgas TPPO menangkap 300 tersangka dari 280 laporan.", {(300, SA), (280, "cases")}),
    # a verb in quotes
    ("In the trafficking raid 410 foreigners were “detained.”", {(410, "other")}),
])
def test_wanted_lists_reports_and_quoted_verbs(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected
