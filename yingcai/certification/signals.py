"""What a certification tells the processes above it (the support app grants and stops the
talent's 待遇). This app never imports them: a process that acts on a certificate connects a
receiver in its AppConfig.ready.

Both signals are sent synchronously, inside the transaction that issued or revoked the
certificate, so a receiver's refusal (an exception) undoes the whole step:

- `certificate_issued(sender=Certification, by, certification)`: a certificate was issued (the
  certification is CERTIFIED, with its number and dates saved).
- `certificate_revoked(sender=Certification, by, certification, reason)`: the certification was
  revoked; its future support is to stop.
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_revoked = Signal()
