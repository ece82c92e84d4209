"""Reading order and customer files (CSV/XLSX) into canonical frames. No Django."""
