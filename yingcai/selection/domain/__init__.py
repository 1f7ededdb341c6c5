"""Business functions of selection. Views, the API, commands and tasks all call these."""
