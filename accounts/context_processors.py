from django.http import HttpRequest


def county(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.county_id is None:
        return {"county": None}
    return {"county": user.county}
