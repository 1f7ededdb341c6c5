from yingcai.selection.models.assignment import Assignment
from yingcai.selection.models.criterion import RoundCriterion
from yingcai.selection.models.expert import Expert
from yingcai.selection.models.material import NominationMaterial
from yingcai.selection.models.nomination import Nomination
from yingcai.selection.models.round import SelectionRound
from yingcai.selection.models.scoresheet import ScoreSheet

__all__ = ["Assignment", "Expert", "Nomination", "NominationMaterial", "RoundCriterion", "ScoreSheet", "SelectionRound"]
