"""A local mirror of the complaint platforms serving the synthetic demo corpus.

Real sites cannot be reached from tests, so the mirror reproduces their formats
(../shared/corpus/formats/PLATFORM_FORMATS.md) over real HTTP on 127.0.0.1, with an
optional fault mode. See server.py for use.
"""
from crawler.mirror.faults import FaultSpec, FaultSpecError
from crawler.mirror.routes import DEFAULT_COOKIE, SALT, company_signature, sign
from crawler.mirror.server import MirrorServer

__all__ = ["DEFAULT_COOKIE", "SALT", "FaultSpec", "FaultSpecError", "MirrorServer", "company_signature", "sign"]
