from yingcai.certification.models.certification import Certification, Evidence

__all__ = ["Certification", "Evidence"]
