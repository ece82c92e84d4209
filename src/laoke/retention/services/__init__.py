"""Services of the retention app: plain functions with keyword-only arguments."""
