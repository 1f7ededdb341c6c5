from yingcai.support.models.entitlement import DecisionTask, Entitlement, Instalment, Payment

__all__ = ["DecisionTask", "Entitlement", "Instalment", "Payment"]
