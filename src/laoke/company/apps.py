from django.apps import AppConfig


class CompanyConfig(AppConfig):
    name = "laoke.company"
    label = "company"
    default_auto_field = "django.db.models.BigAutoField"
