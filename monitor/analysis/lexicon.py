"""How the region's languages write the TIP report, its tiers and the countries it ranks.

Data for ``monitor.analysis.facts`` (tier facts in every language; the figures' words are in
``monitor.analysis.facts.stat_words``) and
``monitor.analysis.entities`` (country names in every script). Patterns are regular
expression fragments written for text whose digits are already ASCII (Khmer ៣, Thai ๓,
Burmese ၃ and Lao ໓ are mapped first, see ``monitor.analysis.text.ascii_digits``).
Fragments of scripts written without spaces (Thai, Lao, Khmer, Burmese, Chinese) carry no
word boundaries; Latin-script ones are wrapped in word boundaries by the user.

Every entry was checked against real reporting (Khmer, Thai, Vietnamese, Chinese,
Indonesian, Malay, Lao, Burmese, French, Spanish and Tagalog news and the State Department's own
translations); the sentences are not copied here.
"""

from __future__ import annotations

# Canonical English name (as in facts' country table) -> spellings in the other languages.
# Latin-script spellings are matched case-sensitively on word boundaries; the others anywhere.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "Cambodia": ("កម្ពុជា", "กัมพูชา", "Campuchia", "Cam-pu-chia", "柬埔寨", "Kamboja", "Kemboja", "ກຳປູເຈຍ",
                 "ກໍາປູເຈຍ", "ကမ္ဘောဒီး", "Cambodge", "Camboya"),
    "Thailand": ("ประเทศไทย", "ไทย", "Thái Lan", "泰国", "泰國", "ໄທ", "ထိုင်း", "ថៃ", "Thaïlande", "Tailandia"),
    "Vietnam": ("เวียดนาม", "Việt Nam", "越南", "ຫວຽດນາມ", "វៀតណាម", "ဗီယက်နမ်"),
    "Laos": ("สปป.ลาว", "ลาว", "Lào", "老挝", "寮國", "老撾", "ສປປ ລາວ", "ສປປລາວ", "ລາວ", "ឡាវ", "လာအို"),
    "Myanmar": ("เมียนมา", "พม่า", "Miến Điện", "缅甸", "緬甸", "ມຽນມາ", "ມຽນມ້າ", "មីយ៉ាន់ម៉ា", "မြန်မာ", "Birmanie", "Birmania"),
    "Malaysia": ("มาเลเซีย", "Ma-lai-xi-a", "马来西亚", "馬來西亞", "大马", "大馬", "ມາເລເຊຍ", "ម៉ាឡេស៊ី", "Malaisie", "Malasia"),
    "Indonesia": ("อินโดนีเซีย", "In-đô-nê-xi-a", "印尼", "印度尼西亚", "印度尼西亞", "ອິນໂດເນເຊຍ", "ឥណ្ឌូនេស៊ី",
                  "Indonésie"),
    "Philippines": ("ฟิลิปปินส์", "Phi-líp-pin", "Philippin", "菲律宾", "菲律賓", "ຟີລິບປິນ", "ຟີລິບປີນ", "ហ្វីលីពីន",
                    "Filipina", "Filipinas", "Pilipinas"),
    "Singapore": ("สิงคโปร์", "新加坡", "Singapura", "Singapour", "Singapur", "ສິງກະໂປ", "សិង្ហបុរី"),
    "Brunei": ("บรูไน", "文莱", "汶萊", "汶莱", "Brunéi", "Brunây", "ບຣູໄນ", "ប្រ៊ុយណេ"),
    "Timor-Leste": ("ติมอร์-เลสเต", "Đông Timor", "东帝汶", "東帝汶", "Timor Leste"),
    "China": ("จีน", "Trung Quốc", "Trung Hoa", "CHND Trung Hoa", "中国", "中國", "ຈີນ", "ចិន", "Tiongkok", "Chine"),
    "Taiwan": ("ไต้หวัน", "Đài Loan", "台湾", "台灣", "臺灣", "Taïwan"),
    "Macau": ("มาเก๊า", "澳门", "澳門", "Macao", "Makau"),
    "Hong Kong": ("ฮ่องกง", "香港", "Hồng Kông"),
    "United States": ("สหรัฐอเมริกา", "สหรัฐฯ", "สหรัฐ", "Hoa Kỳ", "Mỹ", "美国", "美國", "Amerika Serikat",
                      "Amerika Syarikat", "ສະຫະລັດ", "សហរដ្ឋអាមេរិក", "အမေရိကန်", "États-Unis", "Etats-Unis",
                      "Estados Unidos", "EE.UU.", "EEUU"),
    "South Korea": ("เกาหลีใต้", "Hàn Quốc", "韩国", "韓國", "南韩", "南韓", "Korea Selatan", "Corée du Sud",
                    "Corea del Sur"),
    "North Korea": ("เกาหลีเหนือ", "Bắc Triều Tiên", "Triều Tiên", "朝鲜", "朝鮮", "北韩", "北韓", "Korea Utara",
                    "Corée du Nord", "Corea del Norte"),
    "Japan": ("ญี่ปุ่น", "Nhật Bản", "日本", "Jepang", "Jepun", "Japon", "Japón"),
    "Russia": ("รัสเซีย", "Nga", "俄罗斯", "俄羅斯", "Rusia", "Russie"),
    # Belarus is written "White Russia" in Chinese: listed so that 白俄罗斯 is not read as Russia.
    "Belarus": ("เบลารุส", "白俄罗斯", "白俄羅斯", "白罗斯", "白羅斯", "Bélarus", "Bielorrusia"),
    "Bulgaria": ("บัลแกเรีย", "保加利亚", "保加利亞", "Bulgarie"),
    "Venezuela": ("เวเนซุเอลา", "委内瑞拉", "委內瑞拉"),
    "India": ("อินเดีย", "Ấn Độ", "印度", "Inde"),
    "Bangladesh": ("บังกลาเทศ", "孟加拉"),
    "Poland": ("โปแลนด์", "Ba Lan", "波兰", "波蘭", "Pologne", "Polonia"),
    "Suriname": ("ซูรินาม", "ซูรินาเม", "苏里南", "蘇利南", "Surinam"),
    "Haiti": ("Haïti", "Haití", "เฮติ", "海地共和国", "海地共和國"),
    "Cuba": ("คิวบา", "古巴", "Kuba"),
    "Algeria": ("阿尔及利亚", "阿爾及利亞", "Algérie", "Argelia", "Aljazair"),
    "Central African Republic": ("中非共和国", "中非共和國"),
    "Iran": ("อิหร่าน", "伊朗", "Irán"),
    "Syria": ("ซีเรีย", "叙利亚", "敘利亞", "Suriah", "Syrie", "Siria"),
    "Brazil": ("บราซิล", "巴西", "Brasil", "Brésil"),
    "South Africa": ("แอฟริกาใต้", "Nam Phi", "南非", "Afrique du Sud", "Sudáfrica", "Afrika Selatan"),
    "United Kingdom": ("สหราชอาณาจักร", "Anh Quốc", "英国", "英國", "Royaume-Uni", "Reino Unido"),
    "Sudan": ("ซูดาน", "苏丹", "蘇丹", "Sudán", "Soudan"),
    # The countries the report's Tier 3 and Watch List name most, as Chinese (simplified and
    # traditional), Thai, Indonesian/Malay, French and Spanish news write them; names that are
    # also common words in a script ("海地" in "沿海地区", "蒙古" in "内蒙古") are left out.
    "South Sudan": ("南苏丹", "南蘇丹", "ซูดานใต้", "Sudan Selatan", "Soudan du Sud", "Sudán del Sur", "Nam Sudan"),
    "Afghanistan": ("阿富汗", "อัฟกานิสถาน", "Afganistán"),
    "Argentina": ("阿根廷", "อาร์เจนตินา", "Argentine"),
    "Belize": ("伯利兹", "貝里斯", "เบลีซ", "Belice"),
    "Burundi": ("布隆迪", "蒲隆地", "บุรุนดี"),
    "Chad": ("乍得", "Tchad"),
    "Comoros": ("科摩罗", "葛摩", "คอโมโรส", "Comores", "Komoro"),
    "Democratic Republic of the Congo": ("刚果民主共和国", "剛果民主共和國", "刚果(金)", "République démocratique du Congo",
                                         "República Democrática del Congo", "Republik Demokratik Kongo"),
    "Republic of the Congo": ("刚果共和国", "剛果共和國", "刚果(布)"),
    "Equatorial Guinea": ("赤道几内亚", "赤道幾內亞", "อิเควทอเรียลกินี", "Guinée équatoriale", "Guinea Ecuatorial"),
    "Eritrea": ("厄立特里亚", "厄立特里亞", "厄利垂亞", "เอริเทรีย", "Érythrée", "Erythrée"),
    "Guinea": ("几内亚", "幾內亞", "กินี", "Guinée"),
    "Guinea-Bissau": ("几内亚比绍", "幾內亞比索", "几内亚比索", "กินี-บิสเซา", "Guinée-Bissau", "Guinea-Bisáu"),
    "Iraq": ("伊拉克", "อิรัก", "Irak"),
    "Kuwait": ("科威特", "คูเวต", "Koweït"),
    "Lebanon": ("黎巴嫩", "เลบานอน", "Liban", "Líbano", "Lubnan"),
    "Libya": ("利比亚", "利比亞", "ลิเบีย", "Libye", "Libia"),
    "Madagascar": ("马达加斯加", "馬達加斯加", "มาดากัสการ์"),
    "Mauritania": ("毛里塔尼亚", "茅利塔尼亞", "มอริเตเนีย", "Mauritanie"),
    "Nicaragua": ("尼加拉瓜", "นิการากัว", "Nikaragua"),
    "Papua New Guinea": ("巴布亚新几内亚", "巴布亞紐幾內亞", "ปาปัวนิวกินี", "Papua Nugini", "Papouasie-Nouvelle-Guinée", "Papouasie Nouvelle Guinée",
                         "Papúa Nueva Guinea"),
    "Qatar": ("卡塔尔", "卡達", "กาตาร์"),
    "Turkmenistan": ("土库曼斯坦", "土庫曼", "เติร์กเมนิสถาน", "Turkménistan", "Turkmenistán"),
    "Uzbekistan": ("乌兹别克斯坦", "烏茲別克", "อุซเบกิสถาน", "Ouzbékistan", "Uzbekistán"),
    "Yemen": ("也门", "葉門", "เยเมน", "Yaman", "Yémen"),
    "Zimbabwe": ("津巴布韦", "辛巴威", "ซิมบับเว"),
    "The Gambia": ("冈比亚", "甘比亞", "แกมเบีย", "Gambie"),
    "Kenya": ("肯尼亚", "肯亞", "เคนยา"),
    "Nigeria": ("尼日利亚", "奈及利亞", "ไนจีเรีย", "Nigéria"),
    "Pakistan": ("巴基斯坦", "ปากีสถาน"),
    "Nepal": ("尼泊尔", "尼泊爾", "เนปาล", "Népal"),
    "Sri Lanka": ("斯里兰卡", "斯里蘭卡", "ศรีลังกา"),
    "Turkey": ("土耳其", "ตุรกี"),
    "Ukraine": ("乌克兰", "烏克蘭", "ยูเครน", "Ucrania"),
    "Kazakhstan": ("哈萨克斯坦", "哈薩克", "คาซัคสถาน"),
    "Mexico": ("墨西哥", "เม็กซิโก", "Mexique", "México", "Meksiko"),
    "Colombia": ("哥伦比亚", "哥倫比亞", "โคลอมเบีย", "Colombie", "Kolombia"),
    "Australia": ("澳大利亚", "澳大利亞", "澳洲", "ออสเตรเลีย", "Australie"),
    "Canada": ("加拿大", "แคนาดา"),
    "Israel": ("以色列", "อิสราเอล", "Israël"),
    "United Arab Emirates": ("阿联酋", "阿聯酋", "สหรัฐอาหรับเอมิเรตส์", "Uni Emirat Arab", "Émirats arabes unis"),
    # Tier 1 peers and Watch List countries Asian news names beside the region's own.
    "Finland": ("芬兰", "芬蘭", "ฟินแลนด์", "Phần Lan", "Finlandia", "Finlande"),
    "Sweden": ("瑞典", "สวีเดน", "Thụy Điển", "Swedia", "Suède", "Suecia"),
    "Belgium": ("比利时", "比利時", "เบลเยียม", "Belgia", "Belgique", "Bélgica"),
    "Czech Republic": ("捷克", "สาธารณรัฐเช็ก", "Cộng hòa Séc", "Ceko", "République tchèque", "Tchéquie", "República Checa"),
    "Lithuania": ("立陶宛", "ลิทัวเนีย", "Litva", "Lituanie", "Lituania"),
    "Netherlands": ("荷兰", "荷蘭", "เนเธอร์แลนด์", "Hà Lan", "Belanda", "Pays-Bas", "Países Bajos"),
    "France": ("法国", "法國", "ฝรั่งเศส", "Perancis", "Prancis", "Francia"),
    "Germany": ("德国", "德國", "เยอรมนี", "Jerman", "Allemagne", "Alemania"),
    "Spain": ("西班牙", "สเปน", "Tây Ban Nha", "Sepanyol", "Spanyol", "Espagne", "España"),
    "New Zealand": ("新西兰", "紐西蘭", "นิวซีแลนด์", "Selandia Baru", "Nouvelle-Zélande", "Nueva Zelanda"),
    "Switzerland": ("瑞士", "สวิตเซอร์แลนด์", "Thụy Sĩ", "Suisse", "Suiza"),
    "Chile": ("智利", "ชิลี"),
    "Peru": ("秘鲁", "秘魯", "เปรู", "Perú", "Pérou"),
    "Panama": ("巴拿马", "巴拿馬", "Panamá"),
    "Djibouti": ("吉布提", "吉布地", "จิบูตี", "จิบูติ", "Yibuti"),
    "Micronesia": ("密克罗尼西亚", "密克羅尼西亞", "ไมโครนีเซีย", "Micronésie"),
    "Mongolia": ("มองโกเลีย", "Mông Cổ", "Mongolie"),
    "Maldives": ("马尔代夫", "馬爾地夫", "มัลดีฟส์", "Maldivas"),
    "Bhutan": ("不丹", "ภูฏาน", "Bhoutan", "Bután"),
    "Saudi Arabia": ("ซาอุดีอาระเบีย", "Ả Rập Saudi", "Ả Rập Xê Út", "Ả rập Xê út", "沙特", "沙烏地", "沙地阿拉伯", "Arab Saudi", "Arabie saoudite"),
}

# The report's name in the other languages (matched anywhere, case-insensitively).
REPORT_NAMES = (
    r"รายงาน(?:สถานการณ์)?การค้ามนุษย์|รายงานค้ามนุษย์|TIP\s*Report",
    r"báo\s+cáo\s+(?:thường\s+niên\s+)?(?:về\s+)?(?:tình\s+hình\s+|tình\s+trạng\s+|nạn\s+|tệ\s+nạn\s+|việc\s+)?"
    r"(?:buôn\s+(?:bán\s+)?người|mua\s+bán\s+người|buôn\s+bán\s+nô\s+lệ)|phúc\s+trình",
    r"人口[贩販][运運](?:问题|問題|状况|狀況|情况|情況)?(?:年度)?(?:报告|報告|评比|評比)|[贩販][运運]情况报告|人口[贩販][卖賣]报告|"
    r"[贩販][卖賣]人口(?:年度)?(?:报告|報告)|人身[买賣]卖报告",
    r"របាយការណ៍[^។]{0,40}ជួញដូរមនុស្ស",
    r"laporan\s+(?:tahunan\s+)?(?:pe)?(?:m)?perdagangan\s+(?:orang|manusia)|laporan\s+pemerdagangan\s+(?:orang|manusia)"
    r"|laporan\s+TIP|laporan\s+tip",
    r"ລາຍງານ[^.]{0,40}ການຄ້າມະນຸດ|ບົດຣາຍງານ\s*ປະຈຳປີ|ລາຍງານ\s*ປະຈ(?:ຳ|ໍາ)ປີ",
    r"rapport[^.]{0,30}traite\s+des|index\s+sur\s+la\s+traite",
    r"informe[^.]{0,30}(?:trata|tráfico)\s+de\s+personas",
    r"လူကုန်ကူးမှု[^။]{0,30}အစီရင်ခံစာ",
)

# Watch-list words: a Tier 2 with one of these next to it is the Tier 2 Watch List.
WATCH_LIST = (
    r"[Ww]atch[\s-]*[Ll]ist|วอ[ตท]?ช์?\s*ลิสต์|ที่ต้อง(?:ถูก)?จับตามอง|เฝ้าระวัง|ขึ้นบัญชี|จับตามอง|theo\s+dõi|观察|觀察|បញ្ជីតាមដាន|"
    r"[Ss]enarai\s+[Pp]emerhatian|[Ss]enarai\s+[Pp]erhatian|[Dd]aftar\s+[Pp]engawasan|[Dd]aftar\s+[Pp]engamatan|daftar\s+pantauan|[Dd]aftar\s+[Pp]emantauan|ບັນຊີ|"
    r"liste\s+de\s+surveillance|sous\s+surveillance|\b(?:en|bajo)\s+observaci[óo]n\b|\bbajo\s+vigilancia\b|[Ll]ista(?:do)?\s+de\s+(?:vigilancia|[Oo]bservaci[óo]n)|စောင့်ကြည့်|\b[Pp]emantauan\b|\b[Pp]engawasan\b|"
    r"\b[Pp]emerhat(?:ian)?\b|ក្រោមការតាមដាន|ສິ້ງຊອມ|ສິ່ງຊອມ|\b(?:yang\s+)?(?:diawasi|dipantau|diamati)\b|ຕິດຕາມ"
)
# The watch list named without a number ("รายการเฝ้าระวัง", "观察名单").
WATCH_LIST_ONLY = (
    r"รายการเฝ้าระวัง|บัญชีเฝ้าระวัง|กลุ่มที่ต้อง(?:ถูก)?จับตามอง|danh\s+sách\s+(?:các\s+(?:nước|quốc\s+gia)\s+)?"
    r"(?:(?:cần\s+)?phải\s+|cần\s+)?(?:bị\s+)?[‘'\"“]?theo\s+dõi|观察名单|觀察名單|liste\s+de\s+surveillance|lista(?:do)?\s+de\s+(?:vigilancia|observaci[óo]n)|"
    r"daftar\s+pantauan|daftar\s+pengawasan|daftar\s+pengamatan|senarai\s+(?:pemerhatian|perhatian)|បញ្ជីតាមដាន|ບັນຊີ[^.]{0,12}(?:ຕິດຕາມ|ສິ້ງຊອມ)|ກຸ່ມ\s*ທີ່ຖືກ\s*ສິ້ງຊອມ"
)
# "no longer watched", "removed from the watch list": the watch list is left, not entered.
WATCH_LIST_LEFT = (
    r"(?:không\s+còn(?:\s+bị)?(?:\s+nằm)?(?:\s+(?:trong|ở))?(?:\s+danh\s+sách)?(?:\s+bị)?\s*[‘'\"“]?|khỏi|no\s+more|no\s+longer|out\s+of|off|removed\s+from|climbing\s+out\s+of|"
    r"ออกจาก|ອອກຈາກ|移出|keluar\s+dari|ไม่)\s*(?:(?:the|a|its|their)\s+)?$"
)

# Numbered tiers: (pattern with a group "n" for the number, language). Numbers may be words.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "một": 1, "hai": 2, "ba": 3, "一": 1, "二": 2, "三": 3,
    "satu": 1, "dua": 2, "tiga": 3, "ນຶ່ງ": 1, "ໜຶ່ງ": 1, "ສອງ": 2, "ສາມ": 3, "un": 1, "deux": 2, "trois": 3,
    "uno": 1, "dos": 2, "tres": 3, "หนึ่ง": 1, "สอง": 2, "สาม": 3,
}
NUMBERED_TIERS = (
    r"(?:เทียร์|ระดับ(?:ที่)?|ชั้นที่|กลุ่มที่)\s*(?P<n>[123])|เทียร์\s*(?P<n2>หนึ่ง|สอง|สาม)",  # not "ระดับหนึ่ง": "to a degree"
    r"(?i:\b(?:bậc|cấp(?:\s+độ)?|nhóm(?:\s+thứ)?|danh\s+sách\s+loại|hạng|mức)\s+(?P<n>[123]|một|hai|ba)\b)",
    r"第?\s*(?P<n>[123一二三])\s*(?:级|級|列|等|类|類)",
    r"(?:ថ្នាក់|កម្រិត|លំដាប់ថ្នាក់)\s*(?:ទី|លេខ)\s*(?P<n>[123])",
    r"(?i:\b(?:tingkat|tahap|peringkat|tangga)\s*(?:\(tier\)\s*)?(?P<n>[123]|satu|dua|tiga)\b)",
    r"(?:ກຸ່ມທີ|ລະດັບ(?:ທີ)?)\s*(?P<n>[123]|ນຶ່ງ|ໜຶ່ງ|ສອງ|ສາມ)|ຂັ້ນ\s*(?P<n2>[123]|ສອງ|ສາມ)(?!\S*ນຶ່ງ)",
    r"အဆင့်\s*\(?\s*(?P<n>[123])",
    r"(?i:\b(?:niveau|catégorie|nivel|categoría|rang)\s+(?P<n>[123]|deux|trois|dos|tres)\b)",
    r"\bGrupo\s+(?P<n>[123])\b",
    r"(?<=[“\"])loại\s+(?P<n>[123]|một|hai|ba)\b",
)
# Named Tier 3: the blacklist.
BLACKLIST = r"[Bb]lacklist|黑名单|黑名單|บัญชีดำ|ບັນຊີດຳ|ບັນຊີດໍາ|បញ្ជីខ្មៅ|အမည်ပျက်စာရင်း|daftar\s+hitam|senarai\s+hitam|liste\s+noire|lista\s+negra|danh\s+sách\s+đen"
# The bottom of the ranking, said without a number; counts only when the report is named.
LOWEST = (
    r"บัญชี[^\s“”\"]{0,40}?ขั้นเลวร้าย|ระดับล่างสุด|ระดับต่ำสุด|nhóm\s+cuối\s+cùng|nhóm\s+thấp\s+nhất|mức\s+thấp\s+nhất|最差|最糟|墊底|垫底|最低一级|最低类|最低類|"
    r"dernier\s+rang|catégorie\s+la\s+plus\s+basse|pire\s+catégorie|dernière\s+catégorie|(?:au\s+)?(?:plus\s+)?bas\s+d(?:u|['’]un)\s+classement|queue\s+de\s+peloton|lista\s+de\s+los\s+peores|peor\s+categoría|categoría\s+más\s+baja|nivel\s+más\s+bajo|peringkat\s+terendah|tahap\s+terendah|kumpulan\s+(?:terbawah|terendah)|loại\s+thấp\s+nhất|"
    r"(?:tingkat|peringkat|tahap|kategori)\s+(?:paling\s+bawah|terbawah)|(?:hạng|bậc|cấp|nhóm)\s+(?:thấp|kém)\s+nhất|ລະດັບ\s*ຕ່ຳສຸດ|ລະດັບ\s*ຕໍ່າສຸດ|"
    r"(?:ចំណាត់)?ថ្នាក់\s*(?:ទី\s*)?ទាបបំផុត|កម្រិត\s*ទាបបំផុត"  # Khmer "the lowest ranking/level"
)
# The top of the ranking, said without a number (Tier 1); with the word that places a country
# there, as "the highest level" alone is common in other senses.
TOP = (
    r"\b(?:di|ke|dalam|pada)\s+(?:tingkat|peringkat|tahap|kategori|kumpulan)\s+(?:paling\s+atas|teratas|tertinggi)\b(?!\s+(?:dari|daripada)\b)|"
    r"\b(?:ở|vào|lên)\s+(?:nhóm|hạng|bậc|cấp)\s+(?:cao|tốt)\s+nhất\b|(?:อยู่ใน|อยู่ที่)(?:ระดับ|กลุ่ม|เทียร์)(?:สูงสุด|ดีที่สุด)|"
    r"最高(?:的)?一[级級]|最佳(?:的)?一[级級]|\b(?:dans|à)\s+la\s+(?:meilleure\s+catégorie|catégorie\s+la\s+plus\s+élevée)\b|"
    r"\ben\s+(?:el|la)\s+(?:nivel\s+más\s+alto|mejor\s+categoría|categoría\s+más\s+alta)\b"
)

# Words that say a tier changed or held, beside the English ones in facts.
DOWN = (
    r"เข้า(?:ไป)?ในบัญชี|ลดระดับ|ถูกลด|ปรับลด|ตกไป|ลดสถานะ|\bhạ\b|đánh\s+tụt|tụt|xuống|降级|降級|降为|降為|下调|下調|调低|調低|降至|ទម្លាក់|diturunkan|menurunkan|\bmasuk\s+(?:dalam\s+|ke\s+)?(?:daftar|senarai)\s+(?:hitam|pantauan|pengawasan|pengamatan|pemerhatian)|\bvào\s+danh\s+sách\s+(?:đen|(?:các\s+(?:nước|quốc\s+gia)\s+)?(?:phải\s+|cần\s+)?theo\s+dõi)|(?:列入|加入)[^，,。]{0,12}黑名[单單]|"
    r"调[为至]最[差低]|調[為至]最[差低]|\bajouté(?:e|s|es)?\b|descend\w*|"
    r"turun\s+ke|ຫຼຸດ|ຮ້າຍແຮງຂຶ້ນ|rétrogradé|rétrogradation|relégué|degradad[oa]|degradó|degradaron|rebajó|degradación|rebajad[oa]|pasaron\s+a|"
    r"bajó|bajaron|(?:agreg|añadi|sum|incorpor)ó\s+(?:\w+\s+){0,2}?a\b|relègue\w*|dégringol\w*|\bbumaba\b|\bibinaba\b|\bnahulog\b|အဆင့်ချ|အဆင့်လျှော့"
)
UP = (
    r"升上|升至|晋升|晉升|ปรับอันดับขึ้น|ขึ้นเป็น|ปรับเพิ่ม|ขยับขึ้น|ขยับกลับ|ปรับขึ้น|ดีขึ้น|ยกระดับ|调高|調高|调升|調升|ขึ้นมาเป็น|ขึ้น\s*Tier|ปรับระดับเป็น|nâng|thăng|升级|升級|提升|上调|"
    r"remont\w*|asciende\w*|ascendió|ដំឡើង|dinaikkan|\bditingkatkan\s+(?:ke|menjadi)\b|menaikkan|\bnaikkan\b|naik\s+ke|dinaik\s+taraf|ຍ້າຍອອກຈາກ|ເພີ່ມອັນດັບ|ຍົກລະດັບ|ປັບຂຶ້ນ|promu|relevé|ascendid[oa]|mejorad[oa]|promovid[oa]s?|"
    r"subió|\bumakyat\b|\bitinaas\b|không\s+còn\s+(?:nằm\s+)?(?:trong\s+)?(?:danh\s+sách|bị\s+theo\s+dõi)|ra\s+khỏi\s+danh\s+sách|"
    r"အဆင့်မြှင့်"
)
SAME = (
    r"ยังคง|คงอยู่|เช่นเดิม|ไม่เปลี่ยนแปลง|\bvẫn\b|tiếp\s+tục|duy\s+trì|giữ\s+được|仍|继续|繼續|保持|维持|維持|连续|連續|持续|持續|"
    r"连年|連年|បន្តបន្ទាប់|បន្ត(?=ស្ថិត|ជាប់|នៅ)|នៅតែ|រក្សា|\btetap\b|\bbertahan\b|\bmasih\b|\bkekal\b|mengekalkan|ຍັງສືບຕໍ່|ເໝືອນ|de\s+nouveau|"
    r"\brest(?:e|ent|ée?s?)\b|demeur(?:e|ent|ée?s?)\b|\btoujours\b|consécutive|\bsigue\b|siguió|permanece|permaneció|mantiene|mantuvo|"
    r"consecutivo|\bsiguen\b|\bdepuis\b|\bdéjà\b|\bdesde\b|\bsejak\b|\bmaintenue?s?\b|รักษา|\b(?:nanatili|napanatili|napapanatili|pinanatili|pagpapanatili|mananatili|nananatili)\b|ဆက်လက်|ဆက်ပြီး"
)
# Placing words: a sentence with a tier and one of these ranks the story's subject
# even when it does not name the country again ("the kingdom was moved to Tier 3").
PLACED = (
    r"ถูกจัด|จัดให้อยู่|จัดอันดับ|อยู่ใน|อยู่ที่|xếp|được\s+duy\s+trì|đưa|列为|列為|被评为|被評為|位列|名列|排在|被列|"
    r"ត្រូវបាន|ស្ថិតនៅ|ជាប់ចំណាត់ថ្នាក់|berada|ditempatkan|kedudukan|berada\s+pada|ຖືກຈັດ|ຈັດ|placé|classé|"
    r"figur|ubicad|encontraba|estaba\s+en|estuvo\s+en|se\s+trouvait|meletakkan|diletakkan|diletak|font\s+(?:désormais\s+|aujourd['’]hui\s+)?partie|fait\s+partie|forman?\s+parte|\bnasa\b|\bkabilang\b|\binilagay\b"
)
# The story's subject, said without its name.
SUBJECT_WORDS = (
    r"\bthe\s+(?:kingdom|country|nation|Southeast\s+Asian\s+(?:nation|country)|government)\b|ประเทศนี้|nước\s+này|"
    r"该国|該國|ប្រទេសនេះ|negara\s+(?:ini|itu|tersebut)|quốc\s+gia\s+này|ประเทศดังกล่าว|\bce\s+pays\b|\b(?:este|ese)\s+país\b|ປະເທດນີ້|\bang\s+bansa\b|le\s+royaume|el\s+país|al\s+país|le\s+pays|\bthe\s+Asian\s+(?:nation|country)"
)
# Who publishes the report: a United States named next to these is the author, not ranked.
AUTHOR_WORDS = (
    r"Department|[Gg]overnment|国务院|國務院|กระทรวงการต่างประเทศ|Bộ\s+Ngoại\s+[Gg]iao|Departemen\s+Luar\s+Negeri|"
    r"Deplu|Jabatan\s+Negara|ក្រសួងការបរទេស|ກະຊວງການຕ່າງປະເທດ|ກ\.ຊ\.\s*ການຕ່າງປະເທດ|[Dd]épartement\s+d|"
    r"Departamento\s+de\s+Estado|နိုင်ငံခြားရေး|[Pp]hía|[Cc]hính\s+phủ|政府|รัฐบาล|pemerintah|kerajaan"
)
# "this year's report", "the latest report": the story's own date gives the report year.
THIS_YEAR = (
    r"\bthis\s+year|\blatest\b|\bnew(?:ly)?[\s-]+released\b|\bnew\s+report|ปีนี้|ล่าสุด|năm\s+nay|mới\s+được\s+công\s+bố|"
    r"今年|最新|ឆ្នាំ\s*(?:\d{4}\s*)?នេះ|tahun\s+ini|terkini|terbaru|ປີນີ້|cette\s+année|este\s+año"
)
# Hopes, aims and shortfalls: "hopes to reach Tier 1", "short of a Tier 1 ranking",
# "มุ่งยกระดับสู่ Tier 1", "ไม่เพียงพอที่จะยกระดับ": a tier someone wants, not one given.
ASPIRATION = (
    r"\b(?:hopes?|hoped|hoping|aims?|aimed|aiming|seeks?|sought|targets?|goal|aspir\w*|wants?\s+to|wish\w*|"
    r"bid\s+to|in\s+order\s+to|short\s+of|towards?\s+(?:being\s+)?(?:upgraded|promoted|elevated|moved)|lobby\w*\s+for|"
    r"efforts?\s+(?:\w+\s+){0,3}?to\s+(?:elevate|raise|upgrade|improve|lift)\s+(?:\w+['’]s\s+|its\s+|their\s+)?"
    r"(?:standing|ranking|rank|status|position|tier)|fail\w*\s+to\s+(?:achieve|reach|attain|secure|get)|strives?|striving|to\s+(?:get|reach|move|climb|rise|return|qualify)\s+(?:up\s+)?(?:to|into|for))\b|มุ่ง|หวัง|เป้าหมาย|ตั้งเป้า|เพียงพอที่จะ|ที่จะยกระดับ|"
    r"\bnhằm\b|mục\s+tiêu|h[yi]\s+vọng|phấn\s+đấu|争取|爭取|力争|力爭|希望|目标|目標|旨在|期望|\bberharap\b|"
    r"menargetkan|\bsasaran\b|\bingin\b|\bmahu\b|\bagar\b|\bsupaya\b|គោលដៅ|សង្ឃឹម|ເປົ້າໝາຍ|ຫວັງ|မျှော်လင့်|"
    r"ရည်မှန်း|\bespère\b|\bviser?\b|objectif|\baspira\b|\bobjetivo\b|\bumaasa\b|\bhangad\b|\bhinahangad\b|\blayunin\b"
)
# A sentence that goes on with the list of the one before: "Including Brunei, Vietnam and Cambodia."
CONTINUES_LIST = (
    r"^\W{0,3}(?:including|among\s+them|they\s+include|meliputi|termasuk|antaranya|di\s+antaranya|"
    r"bao\s+gồm|trong\s+đó\s+có|包括|其中包括|其中有|รวมถึง|ได้แก่|notamment|dont|incluidos?|entre\s+ellos|"
    r"on\s+y\s+(?:re)?trouve|y\s+figurent|parmi\s+(?:eux|lesquels))\b"
    r"|^\W{0,3}(?:the\s+)?(?:new(?:ly\s+added)?\s+)?(?:countries|nations|ones)\s+(?:added\s+)?(?:include|are)\b"
    r"|^[^,，。]{0,8}?(?:国家|國家)?(?:还|還)?(?:包括|包含)"  # "新增的國家包括..."
)
# The sentence after a ranking that names the countries it added: "... masuk daftar hitam. Laporan itu
# memasukkan Vietnam, Kamboja dan Brunei." (Indonesian, Malay, Spanish, French, Vietnamese, Thai).
ADDS_COUNTRIES = (
    r"\b(?:memasukkan|dimasukkan|menambahkan|ditambahkan|menyenaraikan|disenaraikan|añadió|agregó|incluyó|sumó|incorporó|ajouté|"
    r"ajoute|thêm|bổ\s+sung)\b|เพิ่ม(?!ขึ้น|เติม|มาก)"  # not เพิ่มขึ้น (increased)
)
# Countries put on the same tier as others: "与中国、越南等同级", "alongside North Korea and Iran",
# "อยู่กลุ่มเดียวกับ", "sama seperti", "aux côtés de".
PEERS_BEFORE = (
    r"\b(?:alongside|along\s+with|together\s+with|joining|joins|joined|to\s+join)\s+|(?:与|與|和|同)(?=[^，,。]{0,60}?等?(?:同级|同級|同列|并列|並列))|"
    r"\bsama\s+(?:seperti|dengan)\s+|\bbersama(?:\s+dengan)?\s+|aux\s+côtés\s+d(?:e|u|es)\s+|junto\s+(?:a|con)\s+|"
    r"cùng\s+với\s+|cùng\s+(?:với\s+)?(?:các|những)\s+(?:nước|quốc\s+gia)\s+(?:khác\s+)?(?:như|là|gồm)\s+|"
    r"\bdi\s+samping\s+|\bmenyertai\s+(?:beberapa\s+)?(?:lagi\s+)?(?:negara(?:-negara)?\s+)?(?:lain\s+)?(?:seperti\s+)?|"
    r"\bshar(?:es|ed|ing)\s+(?:\w+ly\s+)?with\s+|"
    r"\b(?:that|which)\s+already\s+(?:counts|includes|included|lists)\s+|\bde\s+la\s+que\s+(?:ya\s+)?(?:siguen\s+|sigue\s+)?(?:formando|forman|forma)\s+parte\s+|"
    r"\bamong\s+(?:the\s+)?(?:other\s+)?(?:countries|nations)\s+(?:like|such\s+as|including)\s+|\bkahanay\s+(?:na\s+)?(?:ng\s+|ang\s+)?"
)
# The list or tier a sentence before named, named again: "stay on this list", "En esta categoría figuran también".
THIS_LIST = (
    r"\b(?:this|that|the\s+same)\s+(?:list|category|tier|blacklist|watch\s*list)\b|"
    r"\b(?:cette|la\s+même)\s+(?:liste|catégorie)\b|\bce\s+(?:groupe|classement)\b|"
    r"\b(?:esta|esa|la\s+misma)\s+(?:lista|categoría)\b|\b(?:este|ese|el\s+mismo)\s+(?:listado|grupo)\b|"
    r"\b(?:daftar|senarai|kategori|kumpulan|golongan)\s+(?:itu|ini|tersebut)\b|\b(?:danh\s+sách|nhóm)\s+(?:này|đó|trên)\b|"
    r"(?:该|該|此|这一|這一|这个|這個)(?:名单|名單|类别|類別|级别|級別)|บัญชี(?:นี้|ดังกล่าว)|กลุ่ม(?:นี้|ดังกล่าว)|ບັນຊີນີ້|ກຸ່ມນີ້|បញ្ជីនេះ"
)
# "Laos is in the same group as Thailand": the tier given to the other country.
SAME_GROUP = (
    r"(?:ร่วม)?กลุ่มเดียวกับ|ระดับเดียวกับ|\bsame\s+(?:tier|group|category|ranking|level)\s+as\b|同一级别|同一級別|"
    r"cùng\s+(?:nhóm|bậc|cấp)\s+với|sama\s+(?:tahap|tingkat|peringkat|kelompok)\s+dengan|même\s+(?:niveau|catégorie)\s+que|"
    r"mismo\s+nivel\s+que"
)
# A Buddhist-era year (Thai, Lao, Khmer calendars): 2566 = 2023.
BUDDHIST_ERA_MARK = r"พ\.\s*ศ\.?|ព\.\s*ស\.?|ពស|ພ\.\s*ສ\.?"

# The report's author in every language: a story about trafficking that names it is about the report.
REPORT_AUTHOR = (
    r"State\s+Department|Department\s+of\s+State|美国国务院|美國國務院|กระทรวงการต่างประเทศ(?:ของ)?สหรัฐ|"
    r"Bộ\s+Ngoại\s+[Gg]iao\s+(?:Hoa\s+Kỳ|Mỹ)|Departemen\s+Luar\s+Negeri\s+(?:AS|Amerika)|Deplu\s+AS|"
    r"Jabatan\s+Negara\s+(?:AS|Amerika)|ក្រសួងការបរទេស(?:សហរដ្ឋ)?អាមេរិក|ກະຊວງການຕ່າງປະເທດສະຫະລັດ|ກ\.ຊ\.\s*ການຕ່າງປະເທດ\s*ສຫລ|"
    r"[Dd]épartement\s+d['’][ÉE]tat|Departamento\s+de\s+Estado|အမေရိကန်[^။]{0,20}နိုင်ငံခြားရေး"
)
# Trafficking in every language, to tell the report's COVID-era sentences from COVID restriction tiers.
TRAFFICKING = (
    r"traffick|\bTPPO\b|贩运|販運|贩卖|販賣|人贩子|人販子|ค้ามนุษย์|buôn\s+(?:bán\s+)?người|mua\s+bán\s+người|perdagangan\s+orang|"
    r"perdagangan\s+manusia|pemerdagangan|ជួញដូរ|ຄ້າມະນຸດ|လူကုန်ကူး|traite\s+des|\bla\s+traite\b|\bde\s+traite\b|trata\s+de|\bde\s+trata\b|\bla\s+trata\b|tráfico\s+de\s+personas|"
    r"trafic\s+d['’]êtres\s+humains"
)

