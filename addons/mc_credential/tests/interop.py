# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Hand freshly issued credentials to the independent verifier of tests/interop.

``scripts/test.sh`` sets ``MC_INTEROP_DIR``; the dump tests of mc_credential and
mc_professional write into it, after the Odoo run ``node --test`` verifies every
case there with Digital Bazaar's libraries:

* ``cases/<name>.json``: ``{"name", "kind", "credential", "expect": {"signers":
  [controller DIDs that must each have a valid proof], "revoked": bool}}``;
* ``documents/<sha256 of the URL>.json``: ``{"url", "document"}`` for each DID
  document and status list credential a case needs (the offline document
  loader serves them; contexts come from files of the package).
"""

import hashlib
import json
import os
from pathlib import Path

ENV_VAR = "MC_INTEROP_DIR"


def interop_dir():
    """The folder to dump into, or None when the run does not ask for it."""
    folder = os.environ.get(ENV_VAR)
    return Path(folder) if folder else None


def _write(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")


def dump_documents(folder, env):
    """The DID documents of every issuer (institutions, bodies, partnerships)
    and every signed status list, as the public routes serve them."""
    issuers = env["res.partner"].search([("mc_issuer_slug", "!=", False)])
    documents = {inst._mc_did(): inst._mc_controller_document() for inst in issuers}
    lists = env["mc.status.list"].search([("credential_json", "!=", False)])
    documents.update({lst.url: json.loads(lst.credential_json) for lst in lists})
    for url, document in documents.items():
        digest = hashlib.sha256(url.encode()).hexdigest()
        _write(
            folder / "documents" / f"{digest}.json", {"url": url, "document": document}
        )


def dump_case(folder, name, kind, text, signers, revoked=False):
    """One credential to verify and what the independent verdict must be."""
    _write(
        folder / "cases" / f"{name}.json",
        {
            "name": name,
            "kind": kind,
            "credential": json.loads(text),
            "expect": {"signers": list(signers), "revoked": revoked},
        },
    )
