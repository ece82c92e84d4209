"""Services of the pipeline app: plain functions with keyword-only arguments that never commit."""
