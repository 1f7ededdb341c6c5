import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_entitlements(monkeypatch):
    """Certification calls the support app's grant_entitlements; these tests look only at the
    certificate, so the call is recorded instead of made."""
    granted = []
    from yingcai.certification.domain import certificates

    monkeypatch.setattr(
        certificates, "_grant_entitlements", lambda *, by, certification: granted.append(certification.pk)
    )
    return granted
