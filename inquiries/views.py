from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def inquiry_form(request):
    return render(request, "inquiries/inquiry_form.html")


@require_safe
def inquiry_status(request):
    return render(request, "inquiries/inquiry_status.html")
