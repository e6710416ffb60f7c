from django.conf import settings


def ekb_context(request):
    user = getattr(request, "user", None)
    staff = user if user and user.is_authenticated and hasattr(user, "has_role") else None
    return {
        "ekb_demo": settings.EKB_DEMO,
        "oidc_enabled": settings.EKB_OIDC_ENABLED,
        "client_logged_in": bool(
            getattr(request, "session", None) and request.session.get("ekb_client_person_id")
        ),
        "user_is_auditor": staff is not None and staff.has_role("log_auditor"),
        "user_is_manager": staff is not None and staff.has_role("section_manager"),
    }
