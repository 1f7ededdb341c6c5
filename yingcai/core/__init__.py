"""The floor every app stands on: helpers that import no app of yingcai."""
