"""Who may run public notices (公示). Reading a notice and objecting to it need no login; everything
else, including the objectors' contact details, is the talent office's."""

import rules

from yingcai.registry.rules import is_talent_office

rules.add_perm("publicity.manage", is_talent_office)
