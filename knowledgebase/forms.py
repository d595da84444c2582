"""Editors' forms: a guide step's screenshot goes through the same file checks as citizens' attachments."""

from __future__ import annotations

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from knowledgebase.models import GuideStep
from tickets.attachments import attachment_check
from tickets.errors import AttachmentRejected

SCREENSHOT_TYPES = {"image/png", "image/jpeg", "image/webp"}


class GuideStepForm(forms.ModelForm):
    class Meta:
        model = GuideStep
        fields = ["position", "title", "text", "screenshot", "screen_description"]

    def clean_screenshot(self):
        screenshot = self.cleaned_data.get("screenshot")
        if not isinstance(screenshot, UploadedFile):
            return screenshot  # unchanged or cleared
        try:
            checked = attachment_check(screenshot)
        except AttachmentRejected as rejected:
            raise forms.ValidationError(str(rejected)) from rejected
        if checked.content_type not in SCREENSHOT_TYPES:
            raise forms.ValidationError(_("Снимок экрана — это изображение PNG, JPEG или WebP."))
        # an editor's upload is taken for a real screenshot: the page stops calling it a diagram
        self.instance.screenshot_is_diagram = False
        # the re-encoded copy: no EXIF, no location, nothing hidden after the image data
        return ContentFile(checked.content, name=checked.safe_name)
