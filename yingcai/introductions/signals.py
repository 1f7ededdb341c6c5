"""What an introduction tells the processes above it (the support app stops a talent's future
instalments). This app never imports them: a process connects a receiver in its AppConfig.ready.

- `talent_left_city(sender=Introduction, by, talent, on, reason)`: the unit recorded that the
  talent left the city on `on` (第十三条). Sent synchronously inside the transaction that ended
  the introduction, so a receiver's refusal (an exception) undoes the departure.
"""

from django.dispatch import Signal

talent_left_city = Signal()
