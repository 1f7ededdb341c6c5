from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    VIEW_PERSONAL_DATA = "view_personal", _("查看个人敏感信息")
    EXPORT = "export", _("导出")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    SEARCH_ID_NUMBER = "search_id", _("按身份证号查询")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重置密码")
    PASSWORD_RESET_REFUSED = "reset_refused", _("拒绝重置密码请求")
    OTP_ENROL = "otp_enrol", _("绑定双因素认证")
    OTP_RESET = "otp_reset", _("重置双因素认证")
    ACCOUNT_LOCKED = "account_locked", _("账号锁定")
    ACCOUNT_UNLOCK = "account_unlock", _("解除锁定")
    SESSION_END = "session_end", _("强制下线")
    ROLE_CHANGE = "role_change", _("变更角色")
    VERIFY_AUDIT = "verify_audit", _("校验审计日志")
    ARCHIVE_AUDIT = "archive_audit", _("归档审计日志")


class AuditEntry(models.Model):
    """One thing that happened: who, when, from where, to what, what changed and why.

    Entries are written by the domain in the same transaction as the change and never edited:
    each is sealed into a hash chain (`yingcai.audit.chain`), and on PostgreSQL a trigger refuses
    UPDATE and DELETE of the table. The actor's name and role are kept in the entry, so the actor
    link neither cascades nor is nulled when a user goes (no database constraint; it may dangle).
    """

    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=16, blank=True)
    ip_address = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.CharField(_("原因/说明"), max_length=255, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = verbose_name
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"
