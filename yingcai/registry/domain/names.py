from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Characters read differently as a surname than in running text (曾国藩 is Zeng, not Ceng).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "员": "yun",
    "种": "chong",
    "繁": "po",
    "隗": "wei",
    "召": "shao",
    "句": "gou",
    "洗": "xian",
    "秘": "bi",
}


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """('zhangsan', 'zs') for 张三: what search by pinyin and by initials matches against."""
    name = name.strip()
    if not name:
        return "", ""
    surname = SURNAME_READINGS.get(name[0])
    rest = name[1:] if surname else name
    syllables = ([surname] if surname else []) + [
        s.lower() for s in lazy_pinyin(rest, style=Style.NORMAL, errors="ignore")
    ]
    return "".join(syllables), "".join(s[0] for s in syllables if s)
