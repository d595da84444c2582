from accounts.roles import Role


def roles(request):
    """Lets templates show the right navigation without querying groups again and again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "Role": Role}
    return {"user_roles": frozenset(user.role_names), "Role": Role}
