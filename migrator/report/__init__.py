"""The readiness report: one model (model.py), rendered to JSON, Markdown, HTML and SARIF by templates."""
