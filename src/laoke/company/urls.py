"""URLs of the company set-up pages."""

from django.urls import URLPattern, URLResolver, path

from laoke.company import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("company/", views.setup_page, name="company_setup"),
    path("company/rates/", views.rates_page, name="company_rates"),
    path("company/rates/<int:rate_id>/delete/", views.rate_delete, name="company_rate_delete"),
    path("company/risks/", views.risks_page, name="company_risks"),
    path(
        "company/risks/country/<int:policy_id>/delete/",
        views.country_risk_delete,
        name="company_country_risk_delete",
    ),
    path(
        "company/risks/currency/<int:policy_id>/delete/",
        views.currency_risk_delete,
        name="company_currency_risk_delete",
    ),
]
