"""Forms and filters of the support pages."""
