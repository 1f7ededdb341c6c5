"""The policy calculator (政策计算器): for a hypothetical profile typed in by anyone, or for a talent
the user may see, every tier with each condition met or failed, the article that decides it, and
the support each tier met gives (第十三条)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from yingcai.accounts.rules import holds_business_role
from yingcai.policy.domain import RuleBook
from yingcai.policy.eligibility import age_on, evaluate_all, profile_of
from yingcai.policy.interfaces.calculator_forms import CalculatorForm, initial_from
from yingcai.policy.tiers import honours_in_force
from yingcai.registry.domain.queries import id_search_refusal, search_talents, visible_talents

PICK_PERM = "policy.calculate_for_talent"
MATCHES = 10


def _picked_talent(request: HttpRequest):
    """The talent whose registry data fills the profile: only one the user may see (404 for
    others; 403 for users who may not pick talents at all)."""
    raw = request.GET.get("talent") or ""
    if not raw:
        return None
    if not request.user.has_perm(PICK_PERM):
        raise PermissionDenied
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(visible_talents(request.user), pk=int(raw))


def _on(params):
    form = CalculatorForm({"on": params.get("on", "")}, honours=[])
    form.is_valid()
    return form.cleaned_data.get("on") or timezone.localdate()


def _params(request: HttpRequest, talent):
    """The query, with the evaluation day fixed to today for a talent whose personal data the user
    may not see: ages on chosen days would give away the birth date, day by day."""
    params = request.GET.copy()
    fixed = talent is not None and not request.user.has_perm("registry.view_personal_data", talent)
    if fixed:
        params["on"] = timezone.localdate().isoformat()
    return params, fixed


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    talent = _picked_talent(request)
    params, on_fixed = _params(request, talent)
    on = _on(params)
    honours = honours_in_force(on)
    verdicts, profile = None, None
    if params.get("submitted"):
        form = CalculatorForm(params, honours=honours, with_birth=talent is None)
        if form.is_valid():
            profile = form.profile(birth_date=talent.birth_date if talent else None)
    elif talent is not None:
        profile = profile_of(talent, on)
        form = CalculatorForm(initial=initial_from(profile, on, talent.pk, honours), honours=honours, with_birth=False)
    else:
        form = CalculatorForm(honours=honours)
    if profile is not None:
        verdicts = evaluate_all(profile, on, RuleBook())
    context = {
        "form": form,
        "talent": talent,
        "talent_age": age_on(talent.birth_date, on) if talent else None,
        "verdicts": verdicts,
        "eligible_count": sum(v.eligible for v in verdicts) if verdicts is not None else 0,
        # The tiers come highest first: the first one met is the highest the profile may be certified in.
        "highest": next((v for v in verdicts or () if v.eligible), None),
        "on": on,
        "on_fixed": on_fixed,
        "can_pick": request.user.has_perm(PICK_PERM),
        "nav_active": "calculator",
        # Staff open it inside the console, with their navigation; visitors on the public site.
        "base_template": "base.html" if holds_business_role(request.user) else "public_base.html",
    }
    if request.headers.get("HX-Request") and params.get("submitted"):
        return render(request, "policy/_calculator_results.html", context)
    return render(request, "policy/calculator.html", context)


@require_GET
def talent_matches(request: HttpRequest) -> HttpResponse:
    """Talents the user may see whose name (or pinyin) matches `q`, for the calculator's picker."""
    if not request.user.has_perm(PICK_PERM):
        raise PermissionDenied
    text = (request.GET.get("q") or "").strip()
    talents = []
    refusal = id_search_refusal(by=request.user, text=text)
    if text and not refusal:
        talents = list(
            search_talents(visible_talents(request.user), text, by=request.user).order_by("name", "pk")[:MATCHES]
        )
    return render(request, "policy/_calculator_talents.html", {"talents": talents, "q": text, "refusal": refusal})
