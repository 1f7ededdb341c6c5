"""Account administration (三员分立): the only way accounts, roles, scopes, passwords set by an
administrator and signed-in sessions change. Every function checks who acts and writes the audit log
in the same transaction; views, commands and the API call these, never the ORM directly."""
