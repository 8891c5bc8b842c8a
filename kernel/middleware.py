"""Refusals every request gets alike, before any view reads its input."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_REFUSED = "Text may not contain NUL characters."


def has_nul(request: HttpRequest) -> bool:
    """A NUL in a query parameter or a posted form field: PostgreSQL refuses NUL in text, so it could only
    fail later, as a server error, or be stored where no one can read it."""
    fields = [*request.GET.lists()]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields += request.POST.lists()
    return any("\x00" in name or any("\x00" in value for value in values) for name, values in fields)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
