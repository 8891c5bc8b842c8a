from django.urls import URLPattern, URLResolver

app_name = "caseplans"
urlpatterns: list[URLPattern | URLResolver] = []
