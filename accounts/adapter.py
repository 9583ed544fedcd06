"""allauth adapter: new sign-ups are patients; clinicians are created by admins or create_user."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user) -> None:  # no usernames: email is the sign-in
        return None
