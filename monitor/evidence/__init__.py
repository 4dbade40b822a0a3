"""Evidence that survives takedowns: WARC snapshots of flagged pages, kept as served.

``archive`` keeps and reads snapshots, ``warc`` writes and reads the records, ``page``
renders one for a person (sandboxed), ``retention`` prunes, ``wayback`` asks the Internet
Archive's Save Page Now for a public copy.
"""

from monitor.evidence.archive import Evidence, evidence_dir
from monitor.evidence.warc import Capture, EvidenceError, IntegrityError

__all__ = ["Capture", "Evidence", "EvidenceError", "IntegrityError", "evidence_dir"]
