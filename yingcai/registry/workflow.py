"""An Excel export of the registry (`domain.exports`), moved by the task queue, never by a user:
queued when asked for, running once a worker claims it, done with its file or failed (no
permission any more, an error, or given up by the hourly sweep after an hour)."""

from django.utils.translation import gettext_lazy as _

from yingcai.registry.models.export_job import ExportStatus as S
from yingcai.workflows.engine import Transition, Workflow, register

EXPORT_JOB = register(
    Workflow(
        name="registry_export",
        title=_("Excel导出任务"),
        states=S,
        state_field="status",
        initial=S.QUEUED,
        final_states=(S.DONE, S.FAILED),
        transitions=(
            Transition("claim", _("开始导出"), (S.QUEUED,), S.RUNNING),
            Transition("finish", _("写入完成"), (S.RUNNING,), S.DONE),
            Transition("fail", _("导出出错"), (S.RUNNING,), S.FAILED),
            Transition("time_out", _("超时未完成"), (S.QUEUED, S.RUNNING), S.FAILED),
        ),
    )
)
