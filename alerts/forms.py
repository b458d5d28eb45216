"""The subscribe form (public, with the anti-spam every public form has) and the manage form.

The saved space search and the checker profile travel in hidden fields as query strings (the
/spaces/ query, the checker's answers) and are validated again on every POST by their own forms
(alerts.saved); what is stored is the cleaned result.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from alerts.models import NEWS_COLUMNS, Subscription
from alerts.saved import Invalid, profile_from_data, space_search_from_query
from cases.forms import CleanEmailField, PublicFormMixin
from industries.labels import industry_labels
from industries.models import Industry
from policies.models import Theme


class NamedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_i18n


class ChoicesForm(forms.Form):
    """What a reader may follow, shared by subscribing and managing."""

    news_columns = forms.MultipleChoiceField(
        label=_("News columns"), choices=NEWS_COLUMNS, required=False, widget=forms.CheckboxSelectMultiple
    )
    events = forms.BooleanField(label=_("New events (fairs, auctions, briefings)"), required=False)
    policies = forms.BooleanField(label=_("New policies and policies about to expire"), required=False)
    policy_themes = NamedChoiceField(
        label=_("Only these policy themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every theme."),
    )
    policy_industries = NamedChoiceField(
        label=_("Only policies for these industries"),
        queryset=Industry.objects.order_by("order", "id"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every industry."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # 智能制造 is both the core industry and a chain: the two are named apart (industries/labels.py).
        labels = industry_labels(self.fields["policy_industries"].queryset)
        self.fields["policy_industries"].label_from_instance = lambda industry: labels[industry.pk]

    def saved_space_search(self):
        return None

    def saved_profile(self):
        return None

    def clean(self):
        cleaned = super().clean()
        # A theme or an industry ticked asks for policies, narrowed to them.
        if cleaned.get("policy_themes") or cleaned.get("policy_industries"):
            cleaned["policies"] = True
        chosen = (
            cleaned.get("news_columns")
            or cleaned.get("events")
            or cleaned.get("policies")
            or self.saved_space_search() is not None
            or self.saved_profile() is not None
        )
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one thing to be told about."), code="nothing")
        return cleaned

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "news_columns": list(data.get("news_columns") or []),
            "events": bool(data.get("events")),
            "policies": bool(data.get("policies")),
            "policy_themes": list(data.get("policy_themes") or []),
            "policy_industries": list(data.get("policy_industries") or []),
            "frequency": data["frequency"],
            "space_search": self.saved_space_search(),
            "checker_profile": self.saved_profile(),
        }


class SubscribeForm(PublicFormMixin, ChoicesForm):
    email = CleanEmailField(label=_("Your e-mail address"), max_length=254)
    # The /spaces/ query string and the checker's answers, as query strings (validated in clean_*).
    spaces = forms.CharField(required=False, widget=forms.HiddenInput)
    profile = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "I agree that the zone keeps my e-mail address, language and these choices to send me the alerts "
            "until I unsubscribe."
        ),
        required=True,
        error_messages={"required": _("Please agree, or we cannot send you alerts.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["news_columns", "events", "policies", "policy_themes", "policy_industries", "frequency", "email"]

    def clean_spaces(self):
        query = self.cleaned_data.get("spaces", "")
        if not query:
            return None
        try:
            return space_search_from_query(query)
        except Invalid as exc:
            raise forms.ValidationError(
                _("The space search could not be used: %(reasons)s"), params={"reasons": "; ".join(exc.messages)}
            ) from None

    def clean_profile(self):
        query = self.cleaned_data.get("profile", "")
        if not query:
            return None
        try:
            return profile_from_data(QueryDict(query))
        except Invalid as exc:
            raise forms.ValidationError(
                _("The checker answers could not be used: %(reasons)s"), params={"reasons": "; ".join(exc.messages)}
            ) from None

    def saved_space_search(self):
        return self.cleaned_data.get("spaces")

    def saved_profile(self):
        return self.cleaned_data.get("profile")


class ManageForm(ChoicesForm):
    keep_space_search = forms.BooleanField(label=_("Keep my space search"), required=False)
    keep_profile = forms.BooleanField(label=_("Keep my checker profile"), required=False)

    def __init__(self, *args, subscription: Subscription, **kwargs):
        self.subscription = subscription
        if not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "news_columns": subscription.news_columns,
                "events": subscription.events,
                "policies": subscription.policies,
                "policy_themes": list(subscription.policy_themes.all()),
                "policy_industries": list(subscription.policy_industries.all()),
                "frequency": subscription.frequency,
                "keep_space_search": True,
                "keep_profile": True,
            }
        super().__init__(*args, **kwargs)
        if subscription.space_search is None:
            del self.fields["keep_space_search"]
        if subscription.checker_profile is None:
            del self.fields["keep_profile"]

    def saved_space_search(self):
        if "keep_space_search" in self.fields and self.cleaned_data.get("keep_space_search"):
            return self.subscription.space_search
        return None

    def saved_profile(self):
        if "keep_profile" in self.fields and self.cleaned_data.get("keep_profile"):
            return self.subscription.checker_profile
        return None
