from yingcai.policylib.models.attachment import PolicyAttachment
from yingcai.policylib.models.policy import Policy

__all__ = ["Policy", "PolicyAttachment"]
