"""The TIP report and the State Department under the names French, Spanish, Vietnamese, Malay,
Thai and Chinese reporting gives them, on sentences written for these tests."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import Gazetteer, load_domain_names

TIP = "Trafficking in Persons Report"
STATE = "US Department of State"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_domain_names())


@pytest.mark.parametrize(("text", "expected"), [
    ("Le Laos conteste le rapport TIP publié à Washington.", {TIP}),
    ("Rapport TIP : le Laos recule encore.", {TIP}),
    ("Le rapport sur le trafic d’êtres humains cite le Laos.", {TIP}),
    ("Le rapport sur la traite d'êtres humains cite le Laos.", {TIP}),
    ("El informe TIP menciona a Laos.", {TIP}),
    ("Informe TIP: Laos baja un nivel.", {TIP}),
    ("El reporte TIP menciona a Laos.", {TIP}),
    ("El Reporte de Trata de Personas critica a Laos.", {TIP}),
    ("El Informe de la Trata de Personas critica a Laos.", {TIP}),
    ("El informe sobre trata de personas critica a Laos.", {TIP}),
    ("Lào phản đối báo cáo TIP.", {TIP}),
    ("Báo cáo TIP nhắc tới Lào.", {TIP}),
    ("Lào bình luận báo cáo về tình hình mua bán người.", {TIP}),
    ("Lào bình luận báo cáo tình hình mua bán người.", {TIP}),
    ("Mỹ nhận định tình hình mua bán người trên thế giới.", {TIP}),
    ("Mỹ nhận định tình hình buôn bán người trên thế giới.", {TIP}),
    ("Mỹ nhận định tình hình buôn người trên thế giới.", {TIP}),
    ("Mỹ nhận định tình trạng buôn người trên thế giới.", {TIP}),
    ("Mỹ ra báo cáo thường niên về tình trạng buôn người.", {TIP}),
    ("Mỹ ra báo cáo thường niên về nạn buôn người.", {TIP}),
    ("Mỹ ra báo cáo thường niên về tệ nạn buôn người.", {TIP}),
    ("Laos menolak laporan TIP.", {TIP}),
    ("Laporan TIP menyebut Laos.", {TIP}),
    ("Laos mempertikai Laporan JNAS tahun ini.", {TIP}),
    ("The Trafficking in Person Report named Laos.", {TIP}),
    ("ลาวโต้รายงานสถานการณ์ค้ามนุษย์ของสหรัฐ", {TIP}),
    ("老挝回应TIP报告。", {TIP}),
    ("寮國回應TIP報告。", {TIP}),
    ("le département d'Etat a parlé du Laos", {STATE}),
    ("គណៈកម្មាធិការជាតិប្រឆាំងការជួញដូរ បានប្រជុំ", {"NCCT"}),
    ("គណៈកម្មាធិការជាតិប្រឆាំងអំពើជួញដូរ បានប្រជុំ", {"NCCT"}),
    ("JNAS menyebut Laos", {STATE}),
])
def test_report_and_author_names(gazetteer: Gazetteer, text: str, expected: set[str]) -> None:
    assert expected <= {e.canonical for e in gazetteer.find(text)}


@pytest.mark.parametrize("text", [
    "Un tip rapport au serveur.",  # "tip" in lower case is not the report
    "Báo cáo tip cho nhân viên.",
    "jnas tidak dikenali",  # the acronym only in capitals
])
def test_acronyms_need_their_capitals(gazetteer: Gazetteer, text: str) -> None:
    assert not {TIP, STATE} & {e.canonical for e in gazetteer.find(text)}
