"""Realistic, valid sample data for the demo and for test factories: ID numbers and credit codes
that pass GB 11643 / GB 32100 checks, Chinese names, units spread over counties and chains."""

import datetime
import random

from stdnum.cn import ric, uscc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
# Given names as people have them (not random characters run together).
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "华",
    "鹏",
    "飞",
    "宇",
    "博",
    "凯",
    "琳",
    "颖",
    "晶",
    "蕾",
    "建国",
    "志强",
    "晓东",
    "海燕",
    "宏伟",
    "鹏飞",
    "子轩",
    "浩然",
    "梓涵",
    "一诺",
    "欣怡",
    "雨泽",
    "宇航",
    "思远",
    "博文",
    "嘉怡",
    "俊杰",
    "晨曦",
    "佳琪",
    "文博",
    "雅婷",
    "振华",
    "立新",
    "建平",
    "卫东",
    "红梅",
    "春华",
    "秋菊",
    "德明",
    "永刚",
    "玉兰",
    "国庆",
    "秀英",
    "桂英",
    "秀兰",
    "建华",
    "建军",
    "晓燕",
    "丽娟",
    "海涛",
    "志刚",
    "文静",
    "明辉",
    "志伟",
    "国华",
    "学军",
    "新民",
    "红霞",
    "亚楠",
    "晓明",
    "春雷",
    "少华",
    "金龙",
    "凤霞",
    "宏亮",
    "景峰",
    "书豪",
    "瑞雪",
    "梦瑶",
    "泽宇",
    "家豪",
    "冬梅",
    "永强",
    "学文",
    "振宇",
    "红军",
    "爱民",
    "建设",
    "胜利",
    "晓丽",
    "慧敏",
]
# Birth-place codes known to python-stdnum for the years used: Pingdingshan's own and a few others.
BIRTH_PLACES = (
    "410402",
    "410403",
    "410411",
    "410421",
    "410422",
    "410423",
    "410425",
    "410482",
    "410102",
    "410105",
    "410302",
    "110101",
    "310101",
    "320102",
    "420102",
    "610103",
)
# Unit names of the right kind for the county they are in, without invented places or serial
# numbers (issue 17): a city district's institutions carry the city's name, a county's its own.
CITY = "平顶山市"
UNIVERSITIES = {  # the real ones, by the district or county they are in
    "新华区": ("河南城建学院", "平顶山职业技术学院"),
    "卫东区": ("平顶山学院", "平顶山工业职业技术学院"),
    "湛河区": ("河南质量工程职业学院",),
    "汝州市": ("汝州职业技术学院",),
}
HOSPITALS_CITY = ("第一人民医院", "第二人民医院", "第五人民医院", "中医医院", "妇幼保健院", "口腔医院", "精神卫生中心")
HOSPITALS_COUNTY = ("人民医院", "中医院", "妇幼保健院")
INSTITUTES = (
    "尼龙新材料研究院",
    "电气装备研究所",
    "储能技术研究院",
    "煤炭科学研究所",
    "生物医药研究院",
    "农业科学院",
    "特种钢材研究所",
    "硅材料研究院",
    "工业设计研究院",
)
SERVICE_CENTRES = ("科技服务中心", "技术转移中心", "生产力促进中心", "科技创业服务中心")
# Trade names (字号) and lines of business of the city's enterprises.
TRADE_NAMES = (
    "恒泰",
    "华瑞",
    "天晟",
    "中平",
    "鹰光",
    "瑞丰",
    "金鼎",
    "宏源",
    "博远",
    "嘉诚",
    "润达",
    "昊天",
    "鼎盛",
    "众诚",
    "科瑞",
    "联创",
    "汇通",
    "新航",
    "九州",
    "德威",
    "龙腾",
    "泰和",
    "同鑫",
    "正阳",
    "汇丰源",
    "盛世",
    "神鹰",
    "伟业",
    "安瑞",
    "东方",
    "明泰",
    "凯达",
    "永信",
    "中科",
    "星河",
    "蓝天",
)
INDUSTRIES = (
    "尼龙科技",
    "特钢",
    "储能科技",
    "电气装备",
    "新材料",
    "智能装备",
    "煤化工",
    "生物科技",
    "半导体",
    "软件科技",
    "硅材料",
    "环保科技",
    "医药",
    "机械制造",
)
COMPANY_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "科技有限公司")
# Streets of the city's districts, and those most county towns have.
CITY_STREETS = ("建设路", "中兴路", "矿工路", "开源路", "体育路", "凌云路", "光明路", "优越路", "新华路", "和平路")
COUNTY_STREETS = ("人民路", "建设路", "文化路", "工业路", "解放路", "育才路")
SPECIALTIES = (
    "高分子材料",
    "材料科学与工程",
    "电气工程",
    "化学工程",
    "储能材料",
    "机械工程",
    "计算机科学",
    "临床医学",
    "生物医学工程",
    "冶金工程",
    "控制科学",
    "半导体物理",
    "药学",
    "食品科学",
)


# What a unit's people work on, read from the line of business in its name (智能装备 → 机械工程).
FIELD_SPECIALTIES = {
    "尼龙": ("高分子材料", "化学工程"),
    "特钢": ("冶金工程", "材料科学与工程"),
    "特种钢材": ("冶金工程", "材料科学与工程"),
    "储能": ("储能材料", "电气工程"),
    "电气": ("电气工程", "控制科学"),
    "新材料": ("材料科学与工程", "高分子材料"),
    "智能装备": ("机械工程", "控制科学"),
    "煤": ("化学工程", "采矿工程"),
    "生物": ("生物医学工程", "药学", "食品科学"),
    "半导体": ("半导体物理", "电子科学与技术"),
    "硅材料": ("材料科学与工程", "半导体物理"),
    "软件": ("计算机科学", "软件工程"),
    "环保": ("环境工程", "化学工程"),
    "医药": ("药学", "生物医学工程"),
    "机械": ("机械工程", "控制科学"),
    "农业": ("作物学", "食品科学"),
    "工业设计": ("机械工程", "工业设计"),
}
KIND_SPECIALTIES = {
    "hospital": ("临床医学", "临床医学", "药学", "生物医学工程", "医学影像学"),
    "university": (
        "材料科学与工程",
        "高分子材料",
        "电气工程",
        "化学工程",
        "机械工程",
        "计算机科学",
        "土木工程",
        "控制科学",
    ),
}
# Positions by the kind of unit and the professional title held (正高级 … 无).
POSITIONS = {
    "university": {
        "senior_full": ("教授", "教授、博士生导师", "学院院长、教授"),
        "senior_deputy": ("副教授", "副教授、硕士生导师"),
        "intermediate": ("讲师",),
    },
    "hospital": {
        "senior_full": ("主任医师", "科室主任、主任医师", "主任药师"),
        "senior_deputy": ("副主任医师", "副主任药师"),
        "intermediate": ("主治医师",),
    },
    "research_institute": {
        "senior_full": ("研究员", "首席科学家", "院长、研究员"),
        "senior_deputy": ("副研究员", "研究室主任"),
        "intermediate": ("助理研究员",),
    },
    "enterprise": {
        "senior_full": ("首席科学家", "总工程师", "正高级工程师", "技术副总经理"),
        "senior_deputy": ("高级工程师", "研发中心主任", "副总工程师"),
        "intermediate": ("工程师", "研发项目经理"),
        "none": ("董事长", "总经理"),
    },
    "other": {
        "senior_full": ("研究员",),
        "senior_deputy": ("高级工程师",),
        "intermediate": ("工程师",),
    },
}


def career(rng: random.Random, *, unit_kind: str, unit_name: str, age: int) -> dict[str, str]:
    """A leading talent's education, title, specialty and position that agree with each other, with
    the unit and with their age: a 教授 works at a university, a 主任医师 at a hospital, nobody of
    32 holds a 正高级 title, an enterprise's founder may hold none."""
    ladder = POSITIONS.get(unit_kind, POSITIONS["other"])
    if age < 32:
        title = rng.choice(("intermediate", "senior_deputy"))
    elif age < 40:
        title = rng.choice(("senior_deputy", "senior_deputy", "senior_full", "intermediate"))
    else:
        title = rng.choice(("senior_full", "senior_full", "senior_deputy"))
    if unit_kind == "enterprise" and age >= 40 and rng.random() < 0.06:
        title = "none"
    position = rng.choice(ladder.get(title) or ladder["senior_deputy"])
    specialties = KIND_SPECIALTIES.get(unit_kind)
    for word, fitting in FIELD_SPECIALTIES.items():
        if word in unit_name and unit_kind != "hospital":
            specialties = fitting
            break
    if unit_kind in ("university", "hospital", "research_institute"):
        education = rng.choice(("doctorate", "doctorate", "doctorate", "master"))
    else:
        education = rng.choice(("doctorate", "master", "master", "bachelor"))
    return {
        "education": education,
        "title": title,
        "specialty": rng.choice(specialties or SPECIALTIES),
        "position": position,
    }


def credit_code(rng: random.Random, region: str = "410400") -> str:
    """A 统一社会信用代码: 91 (enterprise) + region + organisation code (GB 11714 check) + check."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    org = body + {10: "X", 11: "0"}.get(check, str(check))
    stem = f"91{region}{org}"
    return stem + uscc.calc_check_digit(stem + "0")


def id_number(rng: random.Random, *, born: datetime.date | None = None, male: bool | None = None) -> str:
    """A 公民身份号码 with a real birth place, the birth date and the GB 11643 check character."""
    born = born or datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 14000))
    seq = rng.randrange(0, 1000)
    if male is not None and (seq % 2 == 1) != male:
        seq = (seq + 1) % 1000
    stem = f"{rng.choice(BIRTH_PLACES)}{born:%Y%m%d}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "137", "150", "151", "186", "187", "135", "177", "199"))
        + f"{rng.randrange(10**8):08d}"
    )


def _place(county_name: str) -> tuple[str, str]:
    """The name a unit of ``county_name`` carries: (for institutions, for enterprises). A city
    district's carry the city's (平顶山市第一人民医院), a county's its own (宝丰县人民医院,
    宝丰县恒泰新材料有限公司); the county-level cities' are cities already (舞钢市)."""
    if county_name.endswith("区") or not county_name:
        return CITY, "平顶山"
    return county_name, county_name


def address(rng: random.Random, county_name: str) -> str:
    if county_name.endswith("区"):
        return f"{CITY}{county_name}{rng.choice(CITY_STREETS)}{rng.randrange(1, 300)}号"
    return f"{county_name}{rng.choice(COUNTY_STREETS)}{rng.randrange(1, 200)}号"


def unit_name(rng: random.Random, kind: str, county_name: str, used: set[str]) -> str | None:
    """A believable name of a ``kind`` unit in the county not yet in ``used``; None when the county
    has none left of that kind (a county has one 人民医院; the universities are the real ones)."""
    institution, trade_place = _place(county_name)
    if kind == "university":
        candidates = list(UNIVERSITIES.get(county_name, ()))
    elif kind == "hospital":
        words = HOSPITALS_CITY if institution == CITY else HOSPITALS_COUNTY
        candidates = [institution + w for w in words]
    elif kind == "research_institute":
        candidates = [institution + w for w in INSTITUTES]
    elif kind == "other":
        candidates = [institution + w for w in SERVICE_CENTRES]
    else:
        for _ in range(200):
            form = rng.choice(COMPANY_FORMS)
            industry = rng.choice(INDUSTRIES)
            if form.startswith("科技") and industry.endswith("科技"):
                form = "有限公司"
            prefix = rng.choice((trade_place, trade_place, "河南"))
            name = f"{prefix}{rng.choice(TRADE_NAMES)}{industry}{form}"
            if name not in used:
                return name
        return None
    free = [c for c in candidates if c not in used]
    return rng.choice(free) if free else None
