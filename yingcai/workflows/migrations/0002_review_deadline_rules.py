"""Version 1 of the review deadlines (review.*_max_working_days, read by workflows/queues.py).

The rows are frozen here as data/policy/rules.csv had them when they were added (6 December 2026),
so this migration gives the same rules whenever it runs (see policy 0002); on a database that
already has them it creates nothing.
"""

import importlib

from django.db import migrations

load_rows = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load_rows

RULES = [
    {
        "key": "review.introduction_county_max_working_days",
        "value": "10",
        "unit": "工作日",
        "label": "县区/主管部门审核引进记录的时限",
        "article": "第十四条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自引进记录提交（或重新提交）之日的次日起按工作日计算（依国务院放假安排，含调休上班日），办理时间“不超过”该工作日数即未超期（含本数），多1个工作日起在审核队列和待办中标为已超期。细则未规定审核时限，由市委人才办依第十四条设定。",
    },
    {
        "key": "review.introduction_office_max_working_days",
        "value": "10",
        "unit": "工作日",
        "label": "市委人才办确认引进记录的时限",
        "article": "第十四条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自县区/主管部门审核通过之日的次日起按工作日计算（依国务院放假安排，含调休上班日），办理时间“不超过”该工作日数即未超期（含本数），多1个工作日起在审核队列和待办中标为已超期。细则未规定审核时限，由市委人才办依第十四条设定。",
    },
    {
        "key": "review.certification_county_max_working_days",
        "value": "15",
        "unit": "工作日",
        "label": "县区/主管部门审核人才认定申请的时限",
        "article": "第十四条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自认定申请提交（或重新提交）之日的次日起按工作日计算（依国务院放假安排，含调休上班日），办理时间“不超过”该工作日数即未超期（含本数），多1个工作日起在审核队列和待办中标为已超期。细则未规定审核时限，由市委人才办依第十四条设定。",
    },
    {
        "key": "review.certification_office_max_working_days",
        "value": "15",
        "unit": "工作日",
        "label": "市委人才办审定人才认定申请的时限",
        "article": "第十四条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自县区/主管部门审核通过之日的次日起按工作日计算（依国务院放假安排，含调休上班日），办理时间“不超过”该工作日数即未超期（含本数），多1个工作日起在审核队列和待办中标为已超期。细则未规定审核时限，由市委人才办依第十四条设定。",
    },
    {
        "key": "review.nomination_check_max_working_days",
        "value": "10",
        "unit": "工作日",
        "label": "市委人才办形式审查遴选推荐的时限",
        "article": "第十四条",
        "document": "平顶山市科技创新领军人才引进培育工作细则",
        "effective_from": "2024-01-01",
        "note": "自推荐提交（或重新提交）之日的次日起按工作日计算（依国务院放假安排，含调休上班日），办理时间“不超过”该工作日数即未超期（含本数），多1个工作日起在审核队列和待办中标为已超期。细则未规定审核时限，由市委人才办依第十四条设定。",
    },
]


def load(apps, schema_editor):
    load_rows(apps, RULES)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("policy", "0008_rule_version_review_and_withdrawal"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
