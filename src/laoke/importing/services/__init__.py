"""Import services: write parsed order and customer files into the database.

Callers (the ``laoke import`` command, the web import page) read the file with
:mod:`laoke.fileio`, then call a service inside ``transaction.atomic()``::

    result = read_order_file(path, mapping=..., rates=..., home_currency=home_currency())
    with transaction.atomic():
        report = import_orders(result=result, user=request.user, partial=False)
"""

from laoke.importing.services.customers import import_customers
from laoke.importing.services.orders import import_orders
from laoke.importing.services.preview import home_currency, preview_import
from laoke.importing.services.report import ImportReport

__all__ = ["ImportReport", "home_currency", "import_customers", "import_orders", "preview_import"]
