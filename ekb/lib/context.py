from django.conf import settings


def ekb_context(request):
    user = getattr(request, "user", None)
    is_staff_user = bool(user and user.is_authenticated and hasattr(user, "has_role"))
    return {
        "ekb_demo": settings.EKB_DEMO,
        "oidc_enabled": settings.EKB_OIDC_ENABLED,
        "client_logged_in": bool(
            getattr(request, "session", None) and request.session.get("ekb_client_person_id")
        ),
        "user_is_auditor": is_staff_user and user.has_role("log_auditor"),
        "user_is_manager": is_staff_user and user.has_role("section_manager"),
    }
