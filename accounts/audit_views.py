"""The county admin's audit export pages: choose the days and filters, see the size before starting, follow the
job's progress, download the file (named for the county and the range)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kernel.acting import acting
from kernel.forms import run_service
from kernel.roles import require_county_admin

from .audit_forms import AuditExportForm
from .audit_jobs import (
    ONLY_ADMINS,
    audit_export_get,
    audit_export_request,
    audit_exports_of,
    checked_request,
    download_name,
    export_file,
    rows_in,
)
from .models import AuditExport, AuditExportStatus
from .selectors import county_users

RECENT = 20


def status_context(export: AuditExport) -> dict[str, object]:
    return {
        "export": export,
        "file_name": download_name(export),
        "running": export.status in (AuditExportStatus.QUEUED, AuditExportStatus.RUNNING),
        "done": export.status == AuditExportStatus.DONE,
        "failed": export.status == AuditExportStatus.FAILED,
    }


@login_required
@require_http_methods(["GET", "POST"])
def exports_page(request: HttpRequest) -> HttpResponse:
    """GET with days: the size of that export, and the button that starts it; POST: start it."""
    admin = acting(request)
    require_county_admin(admin, ONLY_ADMINS)
    colleagues = list(county_users(admin).order_by("last_name", "first_name", "username"))
    data = request.POST if request.method == "POST" else (request.GET if "since" in request.GET else None)
    form = AuditExportForm(data, colleagues=colleagues)
    estimate = None
    if data is not None and form.is_valid():
        if request.method == "POST":
            export = run_service(form, lambda: audit_export_request(admin=admin, wanted=form.wanted()))
            if export is not None:
                messages.success(request, f"The export of {export.rows_estimated:,} rows has started.")
                return redirect("accounts:audit-export", pk=export.pk)
        else:
            checked = run_service(form, lambda: checked_request(admin, form.wanted()))
            estimate = rows_in(checked[0]) if checked is not None else None
    exports = audit_exports_of(admin)[:RECENT]
    return render(
        request,
        "accounts/audit_exports.html",
        {"form": form, "estimate": estimate, "exports": exports, "county": admin.home_county},
    )


@login_required
def export_page(request: HttpRequest, pk: str) -> HttpResponse:
    export = audit_export_get(acting(request), pk)
    return render(request, "accounts/audit_export.html", status_context(export))


@login_required
def export_status(request: HttpRequest, pk: str) -> HttpResponse:
    """The status panel alone, which the page polls while the job runs (and stops polling once it ends)."""
    export = audit_export_get(acting(request), pk)
    return render(request, "accounts/includes/audit_export_status.html", status_context(export))


@login_required
def export_download(request: HttpRequest, pk: str) -> FileResponse:
    export = audit_export_get(acting(request), pk)
    if export.status != AuditExportStatus.DONE or not export.file_name:
        raise Http404("This export has no file to download yet.")
    response = FileResponse(
        export_file(export), as_attachment=True, filename=download_name(export), content_type="text/csv"
    )
    response["X-Row-Count"] = str(export.rows_written)
    response["X-Checksum-SHA256"] = export.checksum
    return response
