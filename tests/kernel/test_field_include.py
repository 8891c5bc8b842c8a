"""The shared field includes tie a field's hint and error to it: every id the input's aria-describedby names is on
the page, so a screen reader reads the message with the field."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from kernel.forms import UswdsFormMixin


class Sample(UswdsFormMixin, forms.Form):
    days = forms.IntegerField(help_text="Whole days.", max_value=10)
    agreed = forms.BooleanField(help_text="Tick to agree.")


@pytest.mark.parametrize(
    ("include", "name"), [("includes/field.html", "days"), ("includes/checkbox.html", "agreed")]
)
def test_an_invalid_fields_description_names_its_hint_and_its_error(include, name):
    form = Sample({"days": "99"})
    assert not form.is_valid()
    html = render_to_string(include, {"field": form[name]})
    described = re.search(r'aria-describedby="([^"]+)"', html)
    assert described is not None
    ids = described.group(1).split()
    assert f"id_{name}_error" in ids
    for element_id in ids:
        assert f'id="{element_id}"' in html, element_id
