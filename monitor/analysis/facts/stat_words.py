"""How the region's languages write counted figures: nouns, verbs, periods and spelled numbers.

Data for ``monitor.analysis.facts.stats`` (statistics in every language), as
``monitor.analysis.lexicon`` is for tier facts: regular expression fragments for text whose
digits are already ASCII; fragments of scripts written without spaces carry no word
boundaries. Every entry was checked against real reporting; the sentences are not copied here.
"""

from __future__ import annotations

# Counts written in words, in the languages that write small counts so ("dua tersangka", "dos víctimas").
COUNT_WORDS = {
    "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "lapan": 8, "sembilan": 9,
    "sepuluh": 10, "seorang": 1, "dos": 2, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
}
# Counts spelled out, by language: word -> (value, how it combines). "unit" adds to the running
# number ("mười hai" = 10 + 2, "ប្រាំពីរ" = 5 + 2), "ten" multiplies it by ten ("hai mươi" = 20,
# "ยี่สิบ" = 20, "dua puluh"), "big" closes it times 100, 1000, ... ("ba trăm" = 300, "三千"), and
# "plus" adds a hundred or a thousand on its own ("seratus"). Only read before a counted noun or a
# counter ("ห้าคน", "ba người", "lima orang", "五名", "ប្រាំនាក់", "ຫ້າຄົນ", "ငါးဦး").
SPELLED_NUMBERS: dict[str, dict[str, tuple[int, str]]] = {
    "spaced": {  # Vietnamese, Indonesian and Malay write one word a number
        **{w: (v, "unit") for v, w in enumerate("không một hai ba bốn năm sáu bảy tám chín".split()) if v},
        "tư": (4, "unit"), "lăm": (5, "unit"), "nhăm": (5, "unit"), "mốt": (1, "unit"), "mười": (10, "unit"),
        "mươi": (10, "ten"), "trăm": (100, "big"), "nghìn": (1000, "big"), "ngàn": (1000, "big"),
        "linh": (0, "unit"), "lẻ": (0, "unit"),
        **{w: (v, "unit") for v, w in enumerate("nol satu dua tiga empat lima enam tujuh delapan sembilan".split()) if v},
        "lapan": (8, "unit"), "sepuluh": (10, "unit"), "sebelas": (11, "unit"), "belas": (10, "unit"),
        "puluh": (10, "ten"), "ratus": (100, "big"), "ribu": (1000, "big"), "seratus": (100, "plus"), "seribu": (1000, "plus"),
    },
    "unspaced": {  # Thai, Lao, Khmer, Burmese and Chinese run the words together
        **{w: (v, "unit") for v, w in enumerate("ศูนย์ หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด เก้า".split()) if v},
        "ยี่": (2, "unit"), "เอ็ด": (1, "unit"), "สิบ": (10, "ten"), "ร้อย": (100, "big"), "พัน": (1000, "big"), "หมื่น": (10000, "big"),
        **{w: (v, "unit") for v, w in enumerate("ສູນ ໜຶ່ງ ສອງ ສາມ ສີ່ ຫ້າ ຫົກ ເຈັດ ແປດ ເກົ້າ".split()) if v},
        "ນຶ່ງ": (1, "unit"), "ຊາວ": (20, "unit"), "ເອັດ": (1, "unit"), "ສິບ": (10, "ten"), "ຮ້ອຍ": (100, "big"), "ພັນ": (1000, "big"),
        **{w: (v, "unit") for v, w in enumerate("សូន្យ មួយ ពីរ បី បួន ប្រាំ".split()) if v},
        **{w: (10 * v, "unit") for v, w in enumerate("ដប់ ម្ភៃ សាមសិប សែសិប ហាសិប ហុកសិប ចិតសិប ប៉ែតសិប កៅសិប".split(), 1)},
        "រយ": (100, "big"), "ពាន់": (1000, "big"),
        **{w: (v, "unit") for v, w in enumerate("သုည တစ် နှစ် သုံး လေး ငါး ခြောက် ခုနစ် ရှစ် ကိုး".split()) if v},
        "ဆယ်": (10, "ten"), "ဆယ့်": (10, "ten"), "ရာ": (100, "big"), "ရာ့": (100, "big"), "ထောင်": (1000, "big"),
        **{w: (v, "unit") for v, w in enumerate("零一二三四五六七八九") if v},
        "〇": (0, "unit"), "零": (0, "unit"), "两": (2, "unit"), "兩": (2, "unit"), "十": (10, "ten"), "百": (100, "big"),
        "千": (1000, "big"), "万": (10000, "big"), "萬": (10000, "big"),
    },
    "joined": {  # French, Spanish and Tagalog join a number's words by hyphens, "et"/"y" or "'t"
        **{w: (v, "unit") for v, w in enumerate(
            "_ _ deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split()) if v > 1},
        **{w: (10 * v, "unit") for v, w in enumerate("_ _ vingt trente quarante cinquante soixante".split()) if v > 1},
        "vingts": (20, "unit"), "quatre-vingt": (80, "unit"), "quatre-vingts": (80, "unit"),
        "cent": (100, "big"), "cents": (100, "big"), "mille": (1000, "big"),
        # "une cinquantaine de victimes": about fifty (the singular only; "des centaines" is vague)
        **{w: (v, "unit") for w, v in {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                                        "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100}.items()},
        **{w: (v, "unit") for v, w in enumerate(
            "_ _ dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete "
            "dieciocho diecinueve veinte".split()) if v > 1},
        "dieciseis": (16, "unit"),
        **{f"veinti{w}": (20 + v, "unit") for v, w in enumerate("_ uno dós trés cuatro cinco séis siete ocho nueve".split()) if v},
        "veintidos": (22, "unit"), "veintitres": (23, "unit"), "veintiseis": (26, "unit"),
        **{w: (10 * v, "unit") for v, w in enumerate("_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()) if v > 2},
        "cien": (100, "plus"), "ciento": (100, "plus"),
        **{w: (100 * v, "plus") for v, w in enumerate(
            "_ _ doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos".split()) if v > 1},
        **{w[:-2] + "as": (100 * v, "plus") for v, w in enumerate(
            "_ _ doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos".split()) if v > 1},
        "mil": (1000, "big"),
        # Tagalog, with the linker "-ng" a number takes before its noun ("tatlong suspek", "Apatnapung biktima")
        **{w: (v, "unit") for v, w in enumerate(
            "_ _ dalawa tatlo apat lima anim pito walo siyam sampu".split()) if v > 1},
        **{w + "ng": (v, "unit") for v, w in enumerate("_ _ dalawa tatlo _ lima _ pito walo _ sampu".split()) if v > 1 and w != "_"},
        **{w: (10 * v, "unit") for v, w in enumerate(
            "_ _ dalawampu tatlumpu apatnapu limampu animnapu pitumpu walumpu siyamnapu".split()) if v > 1},
        **{w + "ng": (10 * v, "unit") for v, w in enumerate(
            "_ _ dalawampu tatlumpu apatnapu limampu animnapu pitumpu walumpu siyamnapu".split()) if v > 1},
        **{"labin" + w: (10 + v, "unit") for v, w in enumerate("_ isa dalawa tatlo apat lima anim pito walo siyam".split()) if v},
        "daan": (100, "big"), "raan": (100, "big"), "daang": (100, "big"), "libo": (1000, "big"), "libong": (1000, "big"),
    },
}
# How the "joined" kind's words follow each other: "trente-trois", "treinta y dos", "tatlumpu't lima",
# and the linker "na" after a Tagalog number ("apat na menor de edad"), read with it.
JOINED_SEPARATOR = r"(?:\s*-\s*|\s+(?:et|y)\s+|['’]t\s+|\s+)"
JOINED_END = r"(?:\s+na(?=\s)|(?<=aine)\s+d(?:e|['’])(?=\s*\w))?"
# Between a spelled count and its counter: "十余名", "二十多人" (some more than).
SPELLED_COUNTER_GAP = r"[余餘多]?\s*"
# Words that may stand between a number and its noun: "350 posibles víctimas", "700 nouvelles enquêtes",
# "137 babaeng biktima" (female victims).
STAT_NOUN_MODIFIERS = (
    r"(?:nouvelles?|nouveaux|nuev[oa]s|presunt[oa]s|posibles|supuest[oa]s|potentielles|possibles|présumées?|"
    r"n[ữu]|nam|babaeng|lalaking|batang|na\s+(?:babae|lalaki)|(?:na\s+)?umano['’]y|na\s+pawang)"
)

# What a number counts, by the noun next to it: "110 vụ", "2.710 korban", "ជនរងគ្រោះ ២៩០ នាក់".
STAT_NOUNS = {
    "cases": r"vụ(?:\s+án)?|kasus|\blaporan(?=\s+(?:polisi|yang)|\s*[.,;)]|\s*$)|\bkes\b|\bcas\b|\baffaires\b|\bdossiers\b|casos|"
             r"\benquêtes\b|\binvestigaciones\b|\bdenuncias\b|\bplaintes\b|\bkaso\b|คดี|ករណី|ກໍລະນີ|ຄະດີ|起|宗|件|အမှု",
    # raids, counted as "other (raids)": "77 serbuan", "12 penggerebekan", "30 redadas", "15 descentes"
    "raids": r"\bserbuan\b|\bpenggerebekan\b|\brazia\b|\bredadas\b|\ballanamientos\b|\bdescentes\b",
    "victims": (
        r"nạn\s+nhân|korban|mangsa|victimes?|víctimas?|ผู้เสียหาย|เหยื่อ|ជនរងគ្រោះ|ຜູ້ຖືກເຄາະຮ້າຍ|受害者|受害人|被害人|"
        r"ဒုက္ခသည်|လူကုန်ကူးခံရသူ|\bbiktima\b"
    ),
    "suspects": (
        r"đối\s+tượng|bị\s+can|bị\s+cáo|nghi\s+phạm|\bterdakwa\b|\btertuduh\b|\bprévenus\b|\bacusados\b|ជនជាប់ចោទ|tersangka|suspek|pelaku|\bbugaw\b|(?:\bhuman\s+)?\btraffickers\b|\bsujetos\b|ahli\s+sindiket|anggota\s+sindikat|trafiquants|traficantes|sospechosos|\bcabecillas?\b|\breclutadores\b|\brecruteurs\b|\bproxénètes\b|\binterpellations\b|\barrestations\b|\bdetenid[oa]s\b|\bsuspects?\b|ผู้ต้องหา|ผู้ต้องสงสัย|"
        r"ជនសង្ស័យ|ជនល្មើស|ຜູ້ຕ້ອງສົງໄສ|嫌疑人|嫌犯|疑犯|人贩子|人販子|တရားခံ"
    ),
    # criminal groups, counted as "other (groups)": "打掉3195个犯罪团伙", "triệt phá 12 đường dây", "5 sindikat"
    "groups": r"犯罪团伙|犯罪團夥|团伙|團夥|đường\s+dây|ổ\s+nhóm|băng\s+nhóm|\bsindikat\b|\bsindiket\b|\bredes\b|\bréseaux\b",
    "people": (
        r"công\s+dân|lao\s+động|công\s+nhân|ngư\s+dân|thiếu\s+nữ|phụ\s+nữ|trẻ\s+em|cô\s+gái|người|ເຈົ້າໜ້າທີ່|ຜູ້ຊາຍ|ແມ່ຍິງ|ຍິງ|ဦး|\bWNI\b|\borang\b|\bindividu\b|\bwanita\b|\blelaki\b|\blaki-laki\b|\bpria\b|\banak-anak\b|\bperempuan\b|kanak-kanak|\brakyat\b|"
        r"\bwarga\b|\bpekerja\b|personnes|personas|\bauteurs\b|\btravailleu(?:rs|ses)\b|\bressortissants\b|Cambodgien(?:ne)?s|"
        r"\bciudadanos\b|\btrabajadores\b|\bmigrantes\b|\bindividus\b|\bindividuos\b|\bniñ[oa]s\b|\bmenores\b|\bmujeres\b|"
        r"\bhombres\b|\bcitoyens\b|\benfants\b|\bfemmes\b|\bhommes\b|\bmineur(?:e)?s\b|"
        r"\b(?:Malaisien|Thaïlandais|Indonésien|Philippin|Vietnamien|Laotien|Birman|Chinois|Bangladais)(?:ne)?s?\b|"
        r"\bPilipin[oa]s?\b|\bPinoys?\b|\bkababaihan\b|\bbabae\b|\bkatao\b|\bindibidwal\b|\bmenor(?:[\s-]+de[\s-]+edad)?\b|"
        r"étrangers|extranjeros|\bpenjawat\b|"
        r"\bpegawai\b|daripadanya|男(?![子性人])|女(?![子性人儿兒士])|\bคน\b|คน|ราย|នាក់|ຄົນ|名|人|"
        # more counters of people: Khmer "រូប", Burmese "ယောက်", Lao "ລາຍ", Chinese "位" ("ពីររូប", "၅ ယောက်", "3位")
        r"រូប(?!ភាព|ថត)|ယောက်|ລາຍ(?!ງານ|ການ|ຊື່|ລະອຽດ|ໄດ້|ຈ່າຍ)|位(?![数數置于於])"
    ),
}
# What was done to them, by the nearest verb: the category of ``counted``.
STAT_ACTIONS = {
    "suspects arrested": (
        r"bắt\s+giữ|bắt\s+giam|\bbắt\b|ditangkap|menangkap|\btangkap\b|menahan|ditahan|diberkas|arrêtés?|interpellés?|"
        r"arrêtées?|arrêter|arrestations?|interpell?ée?s?\b|interpellations?|diamankan|mengamankan|\bamankan\b|ditetapkan\s+sebagai\s+tersangka|menetapkan|"
        r"detenid[oa]s|detuvieron|detuvo|detener|detenci[oó]n|arrestos?\b|arrestad[oa]s|capturar|arrestaron|arrestó|capturad[oa]s|capturó|capturaron|จับกุม|"
        r"\bringkus\b|meringkus|diciduk|menciduk|\bciduk\b|inaresto|naaresto|arestado|dinakip|nadakip|hinuli|nahuli|diringkus|membekuk|dibekuk|\bbekuk\b|dicekup|mencekup|รวบ(?:ตัว)?|จับ(?:ตัว|ได้)?(?!ตา|มือ|จ่าย|ต้อง|ใจ)|落网|落網|ចាប់ខ្លួន|ឃាត់ខ្លួន|ຈັບກຸມ|逮捕|控制|抓获|抓獲|抓捕|拘留|拘捕|羁押|羈押|ဖမ်းဆီး"
    ),
    "victims rescued": (
        r"ช่วย(?:ตัว)?(?=\s*(?:เหยื่อ|ผู้เสียหาย|แรงงาน|คนไทย|หญิง|เด็ก))|giải\s+cứu|cứu\s+thoát|selamatkan|menyelamatkan|menyelematkan|secourue?s|secourir|secouru|libérée?s|libérer|sauvée?s|sauver|"
        r"membebaskan|rescatad[oa]s|rescataron|rescató|rescatar|rescate\b|liberad[oa]s|liberó|liberaron|liberar|"
        r"mise?s?\s+en\s+sécurité|mise?s?\s+à\s+l['’]abri|mettre\s+à\s+l['’]abri|sécuris(?:er|ée?s)|"
        r"nasagip|sinagip|sagipin|nailigtas|iniligtas|n[ai]-?rescue|rescapée?s|重获自由|重獲自由|ช่วยเหลือ|ជួយសង្គ្រោះ|"
        r"ជួយ|សង្គ្រោះ|ຊ່ວຍເຫຼືອ|ຊ່ອຍເຫຼືອ|ກອບກູ້|解救|营救|營救|救出|获救|獲救|获释|獲釋|ကယ်ဆယ်|ကယ်တင်"
    ),
    "victims repatriated": (
        r"trao\s+trả|tiếp\s+nhận|hồi\s+hương|về\s+nước|dipulangkan|memulangkan|pulangkan|pemulangan|dihantar\s+pulang|rapatriée?s|"
        r"rapatrier|rapatrié|rapatriement|ramenée?s?\b|ramener|napauwi|pinauwi|nakapagpauwi|naiuwi|iniuwi|nakauwi|n[ai]-?repatriate|renvoyée?s\s+chez\s+(?:eux|elles)|repatriad[oa]s|repatriar|repatrió|repatriaron|กลับ(?:ประเทศ|ภูมิลำเนา|บ้าน|มาไทย)|ส่งกลับ|"
        r"ส่งตัวกลับ|បញ្ជូនមកវិញ|បញ្ជូនត្រឡប់|ត្រឡប់មក|មាតុភូមិនិវត្តន៍|ສົ່ງກັບ|接回|返国|返國|回国|回國|返台|返臺|ပြန်လည်ပို့|dibawa\s+pulang|repatriasi|"
        r"pulang\s+ke\s+tanah\s+air|\btiba\s+di\b"
    ),
    "deported": r"trục\s+xuất|dideportasi|押解回国|押解回國|押解|移交(?!\S{0,4}(?:检察|檢察|司法|公诉|公訴|起诉|起訴|法院))|expulsée?s|deportad[oa]s|deportó|deportaron|expulsad[oa]s|เนรเทศ|និរទេស|ເນລະເທດ|驱逐|驅逐|遣返",
    "prosecutions": (
        r"khởi\s+tố|truy\s+tố|xét\s+xử|devant\s+(?:les\s+)?tribunaux|devant\s+la\s+justice|didakwa|dituduh|dituntut|poursuivie?s|mise?s?\s+en\s+examen|procesad[oa]s|kinasuhan|sinampahan\s+ng\s+kaso|thụ\s+lý|ส่งฟ้อง|ฟ้อง|បញ្ជូនទៅតុលាការ|"
        r"បញ្ជូនខ្លួនទៅតុលាការ|ດຳເນີນຄະດີ|起诉|起訴|告上法庭|送上法庭|移送|移交\S{0,4}(?:检察|檢察|司法|公诉|公訴|起诉|起訴|法院)"
    ),
    "convictions": (
        r"kết\s+án|tuyên\s+phạt(?:\s+tù)?(?:\s+đối\s+với)?|tuyên\s+án|dihukum|divonis|menjatuhkan\s+(?:hukuman|vonis|pidana)|disabitkan|mensabitkan|condamnée?s|emprisonnée?s|nahatulan|hinatulan|condenad[oa]s|condenó|condenaron|ลงโทษ|"
        r"ตัดสินจำคุก|ផ្តន្ទាទោស|ຕັດສິນ|定罪|判刑|判处|判處|判决|判決|ထောင်ဒဏ်"
    ),
    "victims identified": (
        r"xác\s+định|lừa\s+bán|menjadi\s+korban|teridentifikasi|dikenal\s+pasti|mengidentifikasi|identifiée?s|identificad[oa]s|คัดแยก|"
        r"កំណត់អត្តសញ្ញាណ|ລະບຸ|识别|識別|认定|認定|确定|確定|受害(?![者人])|受骗|受騙|被骗|被騙|လူကုန်ကူးခံ(?!ရသူ)"
    ),
    "cases": (
        r"điều\s+tra|khám\s+phá|ditangani|menangani|disiasat|\benquêtes?\b|investigad|investigó|investigaron|สอบสวน|ស៊ើបអង្កេត|បង្ក្រាប|ປາບປາມ|"
        r"侦破|偵破|查处|查處|立案"
    ),
}
# People dead, fled or still sought: a count beside these is not of people arrested or rescued
# ("จับกุมได้ 120 ราย เสียชีวิต 2 ราย", "3 đối tượng bỏ trốn").
STAT_NOT_DONE = (
    r"เสียชีวิต|หลบหนี|ติดตามจับกุม|meninggal(?:\s+dunia)?|\btewas\b|\bkabur\b|\bburon\b|melarikan\s+diri|\bDPO\b|"
    r"daftar\s+pencarian\s+orang|"
    r"bỏ\s+trốn|truy\s+nã|tử\s+vong|décédée?s|en\s+fuite|prófugos?|fallecid[oa]s|ស្លាប់|រត់គេច|ເສຍຊີວິດ|ຫຼົບໜີ"
)
# Words that open a breakdown of the figure before into its parts.
STAT_BREAKDOWN = (
    r"terdiri\s+(?:daripada|dari|atas)|dengan\s+rincian|rinciannya|\bmerinci\b|\bbao\s+gồm\b|"
    r"conformad[oa]\s+por|compuest[oa]\s+por|composée?s?\s+de|แบ่งเป็น|ประกอบด้วย|จำแนกเป็น|เป็น(?:เพศ)?(?:ชาย|หญิง)|分别为|分別為"
)
# A number that is a year, an age, money or a share, in the other languages.
STAT_NOT_A_COUNT_AFTER = (
    r"\s*(?:%|大(?![约約概批])|phần\s+trăm|persen|peratus|เปอร์เซ็นต์|ភាគរយ|ເປີເຊັນ|tuổi|ขวบ|岁|歲|tahun\b|ans\b|años|"
    r"đô|đồng|USD|ดอลลาร์|บาท|រៀល|ដុល្លារ|元|美元|ringgit|rupiah|ເດືອນ|เดือน|tháng|bulan|ខែ|月|ngày|วัน|ថ្ងៃ|日)"
)
STAT_NOT_A_COUNT_BEFORE = (
    # a change, not a tally: "tăng 55 vụ", "kenaikan 12 kasus", "เพิ่มขึ้น 5 คดี", "une hausse de 12", "减少8起"
    r"(?:\btăng(?:\s+thêm)?|\bgiảm|kenaikan(?:\s+sebanyak)?|penurunan(?:\s+sebanyak)?|\bnaik|\bturun|bertambah|berkurang|"
    r"เพิ่มขึ้น|ลดลง|(?:hausse|baisse|augmentation|diminution)\s+de|(?:aumento|disminución|incremento|descenso)\s+de|"
    r"增加了?|减少了?|減少了?|下降了?|上升了?|កើនឡើង|ថយចុះ|ເພີ່ມຂຶ້ນ|ຫຼຸດລົງ)\s*$|"
    r"(?:năm|ปี|พ\.ศ\.|ឆ្នាំ|ព\.ស|ປີ|tahun|\bRM|Rp|\$|អាយុ|อายุ|umur|ngày|วันที่|ថ្ងៃទី|第|Điều|มาตรา|មាត្រា|Pasal|Seksyen|Tahap|Tingkat|Peringkat|Tier|เทียร์|ระดับ|Bậc|Cấp|ថ្នាក់(?:ទី|លេខ)?|Niveau|Nivel)\s*$"
)
# Periods as written: "6 tháng đầu năm 2024", "上半年", "ឆមាសទី១", "sepanjang 2023".
STAT_PERIODS = (
    r"(?:6|sáu|9|chín)\s+tháng\s+đầu\s+năm(?:\s+\d{4})?|nửa\s+đầu\s+năm(?:\s+\d{4})?",
    r"(?:\d{4}\s*年\s*)?(?:上半年|下半年|前[三六九]个月|前[三六九]個月|第[一二三四]季度)",
    r"ឆមាសទី\s*[12](?:\s*ឆ្នាំ\s*\d{4})?|\d+\s*ខែ(?:ដើម)?ឆ្នាំ\s*\d{4}",
    r"(?:\d+|หก)\s*เดือนแรก(?:ของปี\s*(?:พ\.ศ\.\s*)?\d{4})?|ครึ่งปีแรก(?:\s*\d{4})?",
    r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)\s*[–-]\s*"
    r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)\s+\d{4}",
    r"(?i:semester\s+pertama(?:\s+\d{4})?|(?:enam|6)\s+bulan\s+pertama(?:\s+(?:tahun\s+)?\d{4})?)",
    r"(?i:(?:sepanjang|selama|pada\s+tahun|pada|trong\s+năm|năm|ในปี|ปี|ក្នុងឆ្នាំ|ឆ្នាំ|ປີ|en|durante|au\s+cours\s+de)\s*"
    r"(?:พ\.ศ\.\s*)?\d{4})",
)
