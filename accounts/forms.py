"""allauth's server-rendered sign-in form (clinicians, admins), with our wording."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    """The portal's and the admin's sign-in: one field named as the admin named it before."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
