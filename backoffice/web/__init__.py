"""Server-rendered staff pages (审核、批量确认、好差评、终端、注册码、审计日志) and the enrolment endpoint."""

from backoffice.web.routes import staff_router

__all__ = ["staff_router"]
