from crispy_forms.layout import Submit


class PrimaryButton(Submit):
    """A submit button in NL Design System style; crispy's own default carries Bootstrap classes."""

    field_classes = "utrecht-button utrecht-button--primary-action"

    def __init__(self, label, **kwargs):
        super().__init__("", label, **kwargs)
