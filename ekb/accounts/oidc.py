"""Single sign-on for staff through the municipality's OIDC identity provider.

Only staff already registered in EKB can log in this way: the identity provider proves who the
person is, EKB decides what they may do. No account is created from a token.
"""

from __future__ import annotations

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ekb.lib.env import env_str


class StaffOIDCBackend(OIDCAuthenticationBackend):
    username_claim = env_str("EKB_OIDC_USERNAME_CLAIM", "preferred_username")

    def filter_users_by_claims(self, claims):
        username = claims.get(self.username_claim)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username=username, is_active=True)
