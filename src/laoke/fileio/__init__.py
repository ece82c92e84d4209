"""Reading order and customer files (CSV/XLSX) into canonical frames. No Django.

Public API::

    read_order_file(path, mapping=..., rates=..., home_currency="USD", retail_conventions=False)
        -> OrderFileResult(frame, extras, error_frame, errors, skipped, rows_total, mapping, ...)
    read_customer_file(path, mapping=...) -> CustomerFileResult(...)
    preview_file(path, kind="orders") -> FilePreview(columns, mapping, missing, sample)
    read_rates(path) -> rates frame (currency, rate_to_home, valid_from)
    write_rejects(result, path, lang="en") -> number of rejected rows written
"""

from laoke.fileio.customers import CustomerFileResult, read_customer_file
from laoke.fileio.errors import FileReadError, MappingError, RowError, field_label, skip_reason_label
from laoke.fileio.headers import CUSTOMER_HEADERS, ORDER_HEADERS, detect_mapping, parse_mapping_args
from laoke.fileio.orders import OrderFileResult, read_order_file
from laoke.fileio.preview import FilePreview, preview_file
from laoke.fileio.rates import read_rates
from laoke.fileio.rejects import write_rejects

__all__ = [
    "CUSTOMER_HEADERS",
    "ORDER_HEADERS",
    "CustomerFileResult",
    "FilePreview",
    "FileReadError",
    "MappingError",
    "OrderFileResult",
    "RowError",
    "detect_mapping",
    "field_label",
    "parse_mapping_args",
    "preview_file",
    "read_customer_file",
    "read_order_file",
    "read_rates",
    "skip_reason_label",
    "write_rejects",
]
