from yingcai.introductions.models.channel import Channel
from yingcai.introductions.models.imports import ImportJob
from yingcai.introductions.models.introduction import Introduction
from yingcai.introductions.models.service import FlexibleServiceYear, WorkPeriod

__all__ = ["Channel", "FlexibleServiceYear", "ImportJob", "Introduction", "WorkPeriod"]
