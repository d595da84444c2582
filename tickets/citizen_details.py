"""What the citizen's profile already says about them, for forms that would otherwise ask again (SS1).

The request form starts with the name, phone and email from the profile (the citizen may change them for this
request); the service and guide pages show which of their data the portal's own form will take. The СНИЛС is
only ever shown masked: it is not typed into requests at all, operators see it in the profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.validators import mask_email, mask_phone, mask_snils


@dataclass(frozen=True)
class CitizenDetails:
    full_name: str
    email: str
    phone: str  # +7XXXXXXXXXX or ""
    snils_masked: str  # «***-***-445 95» or ""

    @property
    def phone_display(self) -> str:
        """«+7 912 345-67-89»: the form's starting value, as people write it."""
        digits = self.phone[2:]
        if len(digits) != 10:
            return self.phone
        return f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def email_masked(self) -> str:
        return mask_email(self.email) if self.email else ""


def citizen_details(user) -> CitizenDetails | None:
    """The signed-in citizen's details from their account and profile; None for anyone else."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_citizen", False):
        return None
    from accounts.models import CitizenProfile

    profile = CitizenProfile.objects.filter(user=user).only("phone", "snils").first()
    name = " ".join(part for part in (user.last_name, user.first_name, user.patronymic) if part)
    return CitizenDetails(
        full_name=name,
        email=user.email,
        phone=profile.phone if profile else "",
        snils_masked=mask_snils(profile.snils) if profile and profile.snils else "",
    )
