"""The section manager's daily payment list (built in the case-handling issue)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def payment_list(request):
    raise Http404
