"""The edges of introductions: forms and filters of the pages."""
