"""What a selection round tells the processes above it (the projects app opens each selected
talent's 领军人才项目). This app never imports them: a process connects a receiver in its
AppConfig.ready.

- `nomination_selected(sender=Nomination, by, nomination)`: the office approved the round and the
  nomination is SELECTED. Sent synchronously inside the approving transaction, once per selected
  nomination, so a receiver's refusal (an exception) undoes the approval.
"""

from django.dispatch import Signal

nomination_selected = Signal()
