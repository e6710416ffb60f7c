from django.conf import settings


def ekb_context(request):
    return {"ekb_demo": settings.EKB_DEMO}
