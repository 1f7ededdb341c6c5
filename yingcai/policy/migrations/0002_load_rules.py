"""The first version of every policy rule, so a new installation decides by the rules from the start.

The rows are frozen here as data/policy/rules.csv had them on 6 December 2026 (the file's columns,
as text), so this migration gives the same rules whenever it runs: a later edit of the CSV changes
what `manage.py load_policy_rules` loads, never what this migration wrote. A rule added to the CSV
later comes with its own data migration carrying its row, which calls `load_rows` (0003, 0004, 0006
and introductions 0005 call `load` again: on a database migrated before their rules were added it
creates the missing ones; on a new database it does nothing).
"""

import datetime
from decimal import Decimal

from django.db import migrations

RULES = [
    {
        "key": "introduction.full_time_min_contract_years",
        "value": "3",
        "unit": "年",
        "label": "全职引进工作合同最短期限",
        "article": "第七条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "“3年以上”含3年：合同自起始日起满3年（含首尾两日）即符合。",
    },
    {
        "key": "introduction.flexible_min_days_per_year",
        "value": "90",
        "unit": "天",
        "label": "柔性引进每年在引进单位累计工作最少天数",
        "article": "第八条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "“每年累计不少于3个月”按90天计（可由市委人才办调整）；工作时段可不连续，重叠部分不重复计算。",
    },
    {
        "key": "introduction.flexible_prorate_partial_year",
        "value": "1",
        "unit": "是/否",
        "label": "协议期不足整年的年度按比例折算应工作天数",
        "article": "第八条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "1=引进当年或协议到期当年按协议覆盖天数折算应工作天数（向上取整）；0=不折算。由市委人才办解释（第十四条）。",
    },
    {
        "key": "introduction.flexible_reminder_from_month",
        "value": "10",
        "unit": "月",
        "label": "柔性人才工作时长提醒起始月份",
        "article": "第八条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自该月起，对当年尚未达标的柔性引进人才定期提醒用人单位和县区。",
    },
    {
        "key": "introduction.full_time_transfer_max_future_days",
        "value": "180",
        "unit": "天",
        "label": "全职引进人事关系转入日期最多可晚于今天的天数",
        "article": "第七条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "人事关系尚未转入的全职引进经确认后为“待转入”，自转入之日起按全职计算；转入日期晚于今天超过该天数的不予登记。",
    },
    {
        "key": "selection.max_single_criterion_weight",
        "value": "40",
        "unit": "%",
        "label": "遴选评价单项指标权重上限",
        "article": "第十一条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "任何单项评价指标的权重不得超过该比例（等于上限允许），避免单一指标起决定作用；各指标权重之和为100%。",
    },
    {
        "key": "selection.max_count_criteria_weight",
        "value": "20",
        "unit": "%",
        "label": "论文、职称等计数类指标权重合计上限",
        "article": "第十一条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "论文数、职称、奖项等计数类指标权重合计不得超过该比例（等于上限允许），破除“唯论文、唯职称”，突出创新能力和实际贡献。",
    },
    {
        "key": "selection.trim_min_scores",
        "value": "5",
        "unit": "个",
        "label": "去掉最高分和最低分所需的最少有效评分数",
        "article": "第十一条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "采用“去掉一个最高分和一个最低分”计分的批次，有效评分达到该数量时才去掉，不足时按算术平均计算并予说明。",
    },
    {
        "key": "selection.publicity_working_days",
        "value": "5",
        "unit": "工作日",
        "label": "遴选结果公示期",
        "article": "第三条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "拟入选名单在公开页面公示的工作日数，公示期间受理并答复异议，期满无异议后报批。",
    },
    {
        "key": "selection.national_task_eligible",
        "value": "0",
        "unit": "是/否",
        "label": "国家级重大科技任务担纲领衔者可被推荐",
        "article": "第三条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "第三条遴选对象为承担省、市重大科技任务担纲领衔者；0=国家级任务不计入，1=同时计入。由市委人才办解释（第十四条）。",
    },
    {
        "key": "certification.publicity_working_days",
        "value": "5",
        "unit": "工作日",
        "label": "高层次人才认定公示期",
        "article": "第十三条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "拟认定人员名单在公开页面公示的工作日数（按国家法定节假日及调休安排计算），公示期间受理并答复异议，期满后发证。示例数据，以平人才〔2024〕2号为准。",
    },
    {
        "key": "certification.new_talent_window_years",
        "value": "3",
        "unit": "年",
        "label": "“新引进、新培养”的认定时限",
        "article": "第十三条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "全职引进（引进日期）或培养（入选、晋升日期）之日起该年限内（含）申请认定的，视为第十三条所称“新引进或新培养”。示例数据，由市委人才办解释（第十四条）。",
    },
    {
        "key": "certification.validity_years",
        "value": "3",
        "unit": "年",
        "label": "人才认定证书有效期",
        "article": "第十三条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "证书自认定之日起在该年限内有效（含首尾两日）。示例数据，以平人才〔2024〕2号为准。",
    },
]


def load_rows(apps, rows):
    """Version 1 of each rule of `rows` that is not in the database yet."""
    PolicyRule = apps.get_model("policy", "PolicyRule")
    for row in rows:
        PolicyRule.objects.get_or_create(
            key=row["key"],
            version=1,
            defaults={
                "label": row["label"],
                "value": Decimal(row["value"]),
                "unit": row["unit"],
                "article": row["article"],
                "document": row["document"],
                "effective_from": datetime.date.fromisoformat(row["effective_from"]),
                "note": row["note"],
            },
        )


def load(apps, schema_editor):
    load_rows(apps, RULES)


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
