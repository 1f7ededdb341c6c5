"""Realistic, valid sample data for the demo and for test factories: ID numbers and credit codes
that pass GB 11643 / GB 32100 checks, Chinese names, units spread over counties and chains."""

import datetime
import random

from stdnum.cn import ric, uscc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强晓东海燕宏伟鹏飞子轩浩然梓涵一诺欣怡雨泽宇航思远"
    "博文嘉怡俊杰晨曦佳琪天佑文博雅婷振华立新建平卫东红梅春华秋菊德明永刚玉兰国庆"
)
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
UNIT_WORDS = {
    "university": [
        "平顶山学院",
        "河南城建学院",
        "平顶山工业职业技术学院",
        "河南质量工程职业学院",
        "平顶山职业技术学院",
    ],
    "enterprise": [
        "尼龙科技",
        "特钢",
        "储能科技",
        "电气装备",
        "新材料",
        "智能装备",
        "煤化工",
        "生物科技",
        "半导体",
        "软件",
    ],
    "research_institute": ["尼龙新材料研究院", "电气装备研究所", "储能技术研究院", "煤炭科学研究所", "生物医药研究院"],
    "hospital": ["第一人民医院", "第二人民医院", "中医医院", "妇幼保健院", "口腔医院"],
    "other": ["科技服务中心", "技术转移中心", "产业促进中心"],
}
COMPANY_PREFIXES = ("平顶山", "宝丰", "叶县", "鲁山", "郏县", "舞钢", "汝州", "中原", "平煤", "鹰城", "尧山", "湛河")
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
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "137", "150", "151", "186", "187", "135", "177", "199"))
        + f"{rng.randrange(10**8):08d}"
    )


def unit_name(rng: random.Random, kind: str, serial: int) -> str:
    words = UNIT_WORDS[kind]
    if kind == "enterprise":
        return f"{rng.choice(COMPANY_PREFIXES)}{rng.choice(words)}有限公司（{serial}）"
    if kind == "university" and serial < len(words):
        return words[serial]
    return f"{rng.choice(COMPANY_PREFIXES)}市{rng.choice(words)}（{serial}）"
