from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.review.engine.aggregation import AggregationMethod as EngineAggregationMethod
from yingcai.review.engine.criteria import CriterionKind as EngineCriterionKind


class RoundState(models.TextChoices):
    """The dates say when nominating and scoring are open; the state records the steps taken."""

    OPEN = "open", _("已发布")
    EXPERTS_ASSIGNED = "experts_assigned", _("已分配专家")
    SHORTLISTED = "shortlisted", _("已确定拟入选名单")
    IN_PUBLICITY = "in_publicity", _("公示中")
    APPROVED = "approved", _("已批准")


class AggregationMethod(models.TextChoices):
    MEAN = EngineAggregationMethod.MEAN.value, _("算术平均")
    TRIMMED_MEAN = EngineAggregationMethod.TRIMMED_MEAN.value, _("去掉最高分和最低分后平均")
    STANDARDISED = EngineAggregationMethod.STANDARDISED.value, _("按专家标准化后平均")


class CriterionKind(models.TextChoices):
    ABILITY = EngineCriterionKind.ABILITY.value, _("能力（创新能力、攻关能力）")
    CONTRIBUTION = EngineCriterionKind.CONTRIBUTION.value, _("实际贡献")
    ACHIEVEMENT = EngineCriterionKind.ACHIEVEMENT.value, _("成果与转化")
    FIT = EngineCriterionKind.FIT.value, _("产业契合度")
    TEAM = EngineCriterionKind.TEAM.value, _("团队建设")
    COUNT = EngineCriterionKind.COUNT.value, _("计数类（论文、职称、奖项）")


class TaskLevel(models.TextChoices):
    """Level of the major S&T task the nominee leads. 第三条 names 省、市重大科技任务: only
    PROVINCIAL and MUNICIPAL make a nominee eligible (see domain.eligibility)."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    OTHER = "other", _("其他")


class NomineeRole(models.TextChoices):
    """The nominee's role in the task. 担纲领衔 (leading): LEADER, CHIEF_EXPERT, SUBJECT_LEADER;
    a PARTICIPANT does not lead (see domain.eligibility)."""

    LEADER = "leader", _("负责人")
    CHIEF_EXPERT = "chief_expert", _("首席专家")
    SUBJECT_LEADER = "subject_leader", _("课题负责人")
    PARTICIPANT = "participant", _("参与")


# 第三条 names 省、市 tasks; whether 国家级 ones count too is the rule selection.national_task_eligible.
ARTICLE_3_TASK_LEVELS = frozenset({TaskLevel.PROVINCIAL, TaskLevel.MUNICIPAL})
LEADING_ROLES = frozenset({NomineeRole.LEADER, NomineeRole.CHIEF_EXPERT, NomineeRole.SUBJECT_LEADER})


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", _("已推荐")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("形式审查通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# Nominations the experts judge: not returned for correction, not withdrawn.
IN_REVIEW_STATES = (NominationState.SUBMITTED, NominationState.ACCEPTED)


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("已分配")
    CONFLICT_DECLARED = "conflict_declared", _("已声明回避")
    WITHDRAWN = "withdrawn", _("已退出")
    SCORED = "scored", _("已评分")


# Assignments whose expert reviews the candidate (a conflict or a withdrawal ends that).
ACTIVE_ASSIGNMENT_STATES = (AssignmentState.ASSIGNED, AssignmentState.SCORED)


class NominationOutcome(models.TextChoices):
    """What the round decided for a nomination, apart from its formal check (``state``)."""

    PENDING = "pending", _("待定")
    SHORTLISTED = "shortlisted", _("拟入选")
    NOT_SHORTLISTED = "not_shortlisted", _("未入选")
    SELECTED = "selected", _("入选")
    REMOVED = "removed", _("公示未通过")


class MaterialKind(models.TextChoices):
    """What a file of a nomination is: the materials the experts read (issue 17)."""

    CV = "cv", _("个人简历")
    ACHIEVEMENT = "achievement", _("代表性成果")
    TASK_DOCUMENT = "task_document", _("任务书/合同")


class AchievementKind(models.TextChoices):
    PAPER = "paper", _("论文")
    PATENT = "patent", _("专利")
    TRANSFER = "transfer", _("成果转化")
    AWARD = "award", _("获奖")
