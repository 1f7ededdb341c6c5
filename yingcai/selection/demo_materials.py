"""Demo materials of a nomination (called by ``selection.demo``): the nominee's CV as text and as a
PDF, two representative achievements of the task's subject (a paper, a patent, a transfer or an
award, each with its evidence PDF), the task's 任务书 and the unit's 推荐意见 — all through
``domain.materials``, before the nomination is checked.

The PDFs are real one-page documents drawn by ``demo_pdf`` (text in the standard Chinese PDF font),
in microseconds each, so seeding hundreds of them costs nothing.
"""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.selection.demo_pdf import text_pdf
from yingcai.selection.domain import materials
from yingcai.selection.enums import AchievementKind, MaterialKind

# The subject of each demo task (selection.demo.TASKS, same order): a paper and a patent on it.
SUBJECTS = (
    ("己二腈连续化合成工艺及催化剂寿命研究", "一种丁二烯氢氰化制备己二腈的连续化生产方法"),
    ("高强中模碳纤维原丝干喷湿纺成形机理研究", "一种聚丙烯腈基碳纤维原丝的干喷湿纺装置"),
    ("特高压隔离开关触头电接触性能研究", "一种特高压开关设备用触头组件及其装配方法"),
    ("煤焦油加氢制备高端碳材料的反应路径研究", "一种煤基针状焦的制备方法"),
    ("超高功率石墨电极接头抗热震性能研究", "一种超高功率石墨电极接头及其浸渍工艺"),
    ("盐穴压缩空气储能腔体稳定性评价方法", "一种盐穴储气库腔体稳定性监测系统"),
    ("湿法锂电池隔膜孔结构调控与热稳定性研究", "一种陶瓷涂覆锂电池隔膜及其制备方法"),
    ("高端轴承钢夹杂物控制与疲劳寿命研究", "一种高洁净度轴承钢的冶炼方法"),
    ("综采工作面智能化协同控制方法研究", "一种液压支架跟机自动化控制系统"),
    ("医用尼龙可吸收缝合线降解行为研究", "一种医用尼龙缝合线的表面改性方法"),
    ("高压气态储氢瓶内胆材料氢脆行为研究", "一种车载高压储氢瓶用铝合金内胆的成形方法"),
    ("硅碳负极材料体积膨胀抑制机理研究", "一种多孔硅碳复合负极材料的制备方法"),
    ("面向离散制造的工业互联网平台架构研究", "一种基于标识解析的设备数据采集方法"),
    ("生物基戊二胺聚合制备聚酰胺56的工艺研究", "一种生物基聚酰胺56的连续聚合方法"),
)
JOURNALS = ("化工学报", "高分子学报", "材料导报", "中国电机工程学报", "煤炭学报", "钢铁", "化工进展")
UNIVERSITIES = ("郑州大学", "河南大学", "华北水利水电大学", "河南理工大学", "浙江大学", "天津大学", "北京化工大学")
AWARDS = ("河南省科学技术进步奖二等奖", "河南省科学技术进步奖一等奖", "中国石油和化学工业联合会科技进步奖二等奖")


def _pdf(title: str, rows: list[tuple[str, str]], *, closing: str = "") -> bytes:
    """A one-page A4 document: a title, one paragraph per row (“label：value”), a closing line."""
    return text_pdf(title, [f"{label}：{value}" for label, value in rows], closing=closing)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _cv(rng: random.Random, nomination, on: datetime.date) -> tuple[str, list[tuple[str, str]]]:
    talent = nomination.talent
    born = talent.birth_date.year
    last_year = on.year - 1
    graduated = min(born + 22, last_year - 3)
    doctorate = graduated + 5
    joined = min(max(doctorate + 2, nomination.task_start.year - rng.randrange(4, 10)), last_year)
    unit = nomination.unit.name
    lines = [f"{graduated - 4}.09–{graduated}.07　{rng.choice(UNIVERSITIES)}　本科"]
    if doctorate < joined:
        lines.append(
            f"{graduated}.09–{doctorate}.07　{rng.choice(UNIVERSITIES)}　研究生（{talent.get_education_display()}）"
        )
        lines.append(f"{doctorate}.07–{joined - 1}.12　{rng.choice(UNIVERSITIES)}　讲师、副教授")
    lines.append(f"{joined}.01至今　{unit}　{talent.get_title_display() or '高级工程师'}、技术负责人")
    text = "\n".join(
        [
            f"{talent.name}，{talent.get_gender_display()}，{born}年生，{talent.get_education_display()}，"
            f"{talent.get_title_display()}，专业方向：{talent.specialty or '材料科学与工程'}。",
            *lines,
            f"现牵头承担“{nomination.task_name}”（{nomination.get_task_level_display()}，"
            f"任务编号{nomination.task_number}），任{nomination.get_nominee_role_display()}。",
        ]
    )
    rows = [
        ("姓名", talent.name),
        ("性别 / 出生年份", f"{talent.get_gender_display()} / {born}年"),
        ("学历 / 职称", f"{talent.get_education_display()} / {talent.get_title_display()}"),
        ("工作单位", unit),
        ("专业方向", talent.specialty or "材料科学与工程"),
        ("教育与工作经历", "；".join(lines)),
        ("承担重大科技任务", f"{nomination.task_name}（{nomination.get_nominee_role_display()}）"),
    ]
    return text, rows


def _achievements(rng: random.Random, nomination, subject: tuple[str, str], on: datetime.date) -> list[dict]:
    paper, patent = subject
    year = min(on.year - 1, nomination.task_start.year + 1)
    journal = rng.choice(JOURNALS)
    second = rng.choice((AchievementKind.TRANSFER, AchievementKind.AWARD))
    items = [
        {
            "achievement_kind": AchievementKind.PAPER,
            "title": paper,
            "achieved_on": datetime.date(year, rng.randrange(1, 13), 15),
            "description": f"《{journal}》{year}年第{rng.randrange(1, 13)}期，第一作者兼通讯作者。",
            "name": "论文首页及检索证明.pdf",
            "rows": [("论文题目", paper), ("刊物", f"《{journal}》"), ("作者排序", "第一作者、通讯作者")],
        },
        {
            "achievement_kind": AchievementKind.PATENT,
            "title": patent,
            "achieved_on": datetime.date(year, rng.randrange(1, 13), 8),
            "description": f"发明专利 ZL{year - 2}1{rng.randrange(10**6, 10**7)}.{rng.randrange(10)}，"
            "第一发明人，已在本单位生产线实施。",
            "name": "发明专利证书.pdf",
            "rows": [("发明名称", patent), ("专利类型", "发明专利"), ("专利权人", nomination.unit.name)],
        },
    ]
    if second == AchievementKind.TRANSFER:
        amount = rng.randrange(200, 1500)
        items.append(
            {
                "achievement_kind": AchievementKind.TRANSFER,
                "title": f"“{patent}”专利实施许可",
                "achieved_on": datetime.date(on.year - 1, rng.randrange(1, 13), 20),
                "description": f"技术许可合同金额{amount}万元，已在省内企业实现产业化。",
                "name": "技术合同登记证明.pdf",
                "rows": [("合同名称", f"{patent}专利实施许可合同"), ("合同金额", f"{amount}万元")],
            }
        )
    else:
        award = rng.choice(AWARDS)
        items.append(
            {
                "achievement_kind": AchievementKind.AWARD,
                "title": f"{award}（{nomination.task_name}相关成果）",
                "achieved_on": datetime.date(on.year - 1, rng.randrange(1, 12), 28),
                "description": f"第{rng.randrange(1, 3)}完成人。",
                "name": "获奖证书.pdf",
                "rows": [("奖励名称", award), ("获奖项目", paper), ("完成人排序", "第一完成人")],
            }
        )
    return items


def add_demo_materials(rng: random.Random, *, by, nomination, serial: int, on: datetime.date) -> None:
    """All of a nomination's materials, as its unit would have entered them on ``on``."""
    subject = SUBJECTS[serial % len(SUBJECTS)]
    text, rows = _cv(rng, nomination, on)
    recommendation = (
        f"{nomination.talent.name}同志长期从事{nomination.talent.specialty or '相关领域'}研究与产业化工作，"
        f"作为“{nomination.task_name}”的{nomination.get_nominee_role_display()}，牵头组织关键技术攻关，"
        f"在{subject[0].removesuffix('研究')}等方面取得突破，成果已在生产中应用。"
        f"经本单位党委会研究，同意推荐。"
    )
    materials.update_statements(
        by=by, nomination=nomination, cv_text=text, recommendation=recommendation, version=None, on=on
    )
    name = nomination.talent.name
    materials.add_material(
        by=by,
        nomination=nomination,
        kind=MaterialKind.CV,
        file=_upload(f"{name}个人简历.pdf", _pdf("个人简历", rows)),
        on=on,
    )
    task_rows = [
        ("任务名称", nomination.task_name),
        ("任务编号", nomination.task_number),
        ("任务级别", nomination.get_task_level_display()),
        ("承担单位", nomination.unit.name),
        ("任务负责人", f"{name}（{nomination.get_nominee_role_display()}）"),
        ("执行期限", f"{nomination.task_start:%Y年%m月} 至 {nomination.task_end:%Y年%m月}"),
        ("任务经费", f"{nomination.task_funding}万元"),
    ]
    materials.add_material(
        by=by,
        nomination=nomination,
        kind=MaterialKind.TASK_DOCUMENT,
        file=_upload("重大科技任务任务书.pdf", _pdf("重大科技专项任务书", task_rows, closing="（盖章）")),
        on=on,
    )
    for item in _achievements(rng, nomination, subject, on):
        materials.add_material(
            by=by,
            nomination=nomination,
            kind=MaterialKind.ACHIEVEMENT,
            achievement_kind=item["achievement_kind"],
            title=item["title"],
            achieved_on=item["achieved_on"],
            description=item["description"],
            file=_upload(item["name"], _pdf(item["name"].removesuffix(".pdf"), item["rows"])),
            on=on,
        )
