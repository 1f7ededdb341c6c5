"""The edges of selection: forms, filters and the .xlsx exporters."""
