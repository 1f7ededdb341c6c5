from yingcai.introductions.models.channel import Channel
from yingcai.introductions.models.imports import ImportJob
from yingcai.introductions.models.introduction import Introduction
from yingcai.introductions.models.service import AtRiskReminder, FlexibleServiceYear, WorkPeriod

__all__ = ["AtRiskReminder", "Channel", "FlexibleServiceYear", "ImportJob", "Introduction", "WorkPeriod"]
