from yingcai.projects.models.grant import FundingGrant
from yingcai.projects.models.project import Project
from yingcai.projects.models.spending import SpendingReport

__all__ = ["FundingGrant", "Project", "SpendingReport"]
