"""Name material for the synthetic corpus: real states and cities (en, zh), name syllables.

Real state and city names keep the synthetic articles readable by the real extractor
(its gazetteer knows them); people and organisations are composed from parts, so the
graph can grow to any size with distinct, stable names.
"""

from __future__ import annotations

# (state en, state zh, city en, city zh): a city in each state.
STATES: tuple[tuple[str, str, str, str], ...] = (
    ("Kazakhstan", "哈萨克斯坦", "Almaty", "阿拉木图"),
    ("China", "中国", "Shanghai", "上海"),
    ("Turkey", "土耳其", "Istanbul", "伊斯坦布尔"),
    ("Tajikistan", "塔吉克斯坦", "Dushanbe", "杜尚别"),
    ("Russia", "俄罗斯", "Moscow", "莫斯科"),
    ("India", "印度", "New Delhi", "新德里"),
    ("Pakistan", "巴基斯坦", "Islamabad", "伊斯兰堡"),
    ("Iran", "伊朗", "Tehran", "德黑兰"),
    ("Egypt", "埃及", "Cairo", "开罗"),
    ("Israel", "以色列", "Jerusalem", "耶路撒冷"),
    ("Mongolia", "蒙古", "Ulaanbaatar", "乌兰巴托"),
    ("Thailand", "泰国", "Bangkok", "曼谷"),
    ("Vietnam", "越南", "Hanoi", "河内"),
    ("Uzbekistan", "乌兹别克斯坦", "Tashkent", "塔什干"),
    ("Kyrgyzstan", "吉尔吉斯斯坦", "Bishkek", "比什凯克"),
    ("Azerbaijan", "阿塞拜疆", "Baku", "巴库"),
    ("Afghanistan", "阿富汗", "Kabul", "喀布尔"),
    ("Iraq", "伊拉克", "Baghdad", "巴格达"),
    ("Jordan", "约旦", "Amman", "安曼"),
    ("South Korea", "韩国", "Seoul", "首尔"),
    ("Cambodia", "柬埔寨", "Phnom Penh", "金边"),
    ("Bangladesh", "孟加拉国", "Dhaka", "达卡"),
    ("Qatar", "卡塔尔", "Doha", "多哈"),
    ("United Arab Emirates", "阿拉伯联合酋长国", "Abu Dhabi", "阿布扎比"),
    ("Sri Lanka", "斯里兰卡", "Colombo", "科伦坡"),
    ("Bahrain", "巴林", "Manama", "麦纳麦"),
    ("Palestine", "巴勒斯坦", "Ramallah", "拉姆安拉"),
    ("Turkmenistan", "土库曼斯坦", "Ashgabat", "阿什哈巴德"),
    ("Japan", "日本", "Tokyo", "东京"),
    ("Indonesia", "印度尼西亚", "Jakarta", "雅加达"),
    ("Malaysia", "马来西亚", "Kuala Lumpur", "吉隆坡"),
    ("Philippines", "菲律宾", "Manila", "马尼拉"),
    ("Saudi Arabia", "沙特阿拉伯", "Riyadh", "利雅得"),
    ("Oman", "阿曼", "Muscat", "马斯喀特"),
    ("Kuwait", "科威特", "Kuwait City", "科威特城"),
    ("Nepal", "尼泊尔", "Kathmandu", "加德满都"),
    ("Laos", "老挝", "Vientiane", "万象"),
    ("Singapore", "新加坡", "Singapore", "新加坡市"),
    ("Armenia", "亚美尼亚", "Yerevan", "埃里温"),
    ("Georgia", "格鲁吉亚", "Tbilisi", "第比利斯"),
)

# Romanised syllable → a Chinese character commonly used to transliterate it.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("ka", "卡"), ("ri", "里"), ("mo", "莫"), ("na", "纳"), ("sa", "萨"), ("to", "托"),
    ("li", "利"), ("ba", "巴"), ("de", "德"), ("ko", "科"), ("ra", "拉"), ("ma", "马"),
    ("ni", "尼"), ("ta", "塔"), ("vi", "维"), ("lo", "洛"), ("su", "苏"), ("ga", "加"),
    ("zo", "佐"), ("mi", "米"), ("ne", "内"), ("ha", "哈"), ("sho", "肖"), ("yu", "尤"),
)  # fmt: skip

REGIONS: tuple[tuple[str, str], ...] = (
    ("Asia", "亚洲"), ("Central Asia", "中亚"), ("Eurasia", "欧亚"), ("South Asia", "南亚"),
    ("the Caspian Region", "里海地区"), ("the Gulf", "海湾地区"), ("Southeast Asia", "东南亚"),
    ("the Pacific", "太平洋地区"), ("the Middle East", "中东"), ("Northeast Asia", "东北亚"),
)  # fmt: skip

TOPICS: tuple[tuple[str, str, str], ...] = (  # (en, zh, initial letters)
    ("Interaction and Confidence-Building Measures", "相互协作与信任措施", "ICM"),
    ("Security Cooperation", "安全合作", "SC"),
    ("Dialogue and Trust", "对话与互信", "DT"),
    ("Economic Partnership", "经济伙伴关系", "EP"),
    ("Peace and Stability", "和平与稳定", "PS"),
    ("Connectivity and Development", "互联互通与发展", "CD"),
)

# Concepts use the lexicon's labels (ontology/concepts.ttl), as the extractor does.
PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("sovereign equality", "主权平等"), ("respect for sovereignty", "尊重主权"),
    ("territorial integrity", "领土完整"), ("non-interference in internal affairs", "互不干涉内政"),
    ("peaceful settlement of disputes", "和平解决争端"),
    ("refraining from the threat or use of force", "不使用武力或以武力相威胁"),
)  # fmt: skip

COOPERATION_AREAS: tuple[tuple[str, str], ...] = (
    ("security", "安全"), ("economic", "经济"), ("social", "社会"), ("cultural", "文化"),
)  # fmt: skip

CBM_AREAS: tuple[tuple[str, str], ...] = (
    ("military-political dimension", "军事政治领域"),
    ("new challenges and threats", "新威胁新挑战"),
    ("economic dimension", "经济领域"), ("human dimension", "人文领域"),
    ("environmental dimension", "生态领域"),
)  # fmt: skip

COMPONENTS: tuple[tuple[str, str], ...] = (
    ("common", "共同"), ("comprehensive", "综合"), ("cooperative", "合作"),
    ("sustainable", "可持续"),
)  # fmt: skip

BODIES: tuple[tuple[str, str], ...] = (
    ("Meeting of Heads of State and Government", "国家元首和政府首脑会议"),
    ("Meeting of Foreign Ministers", "外长会议"),
    ("Senior Officials Committee", "高官委员会"),
    ("Special Working Group", "特别工作组"),
)

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def ordinal(n: int) -> str:
    """English ordinal: 1 → ``1st``, 2 → ``2nd``, 11 → ``11th``, 47 → ``47th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
