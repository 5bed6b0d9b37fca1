# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from typing import ClassVar

from odoo import fields, models
from odoo.tools import SQL

from .mc_award import AWARD_MODES

AWARD_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("suspended", "Suspended"),
    ("revoked", "Revoked"),
]


class McAwardAnalysis(models.Model):
    """Awards analysis: one row per awarding institution of an award (its side
    of the certificate), to count and sum by programme, institution,
    qualification type, month and state."""

    _name = "mc.award.analysis"
    _description = "Awards Analysis"
    _auto = False
    _order = "award_date desc, id desc"
    _rec_name = "award_id"
    # Flushed before each query on the view.
    _depends: ClassVar[dict] = {
        "mc.award": [
            "programme_id",
            "edition_id",
            "company_id",
            "award_date",
            "state",
            "award_mode",
        ],
        "mc.award.line": ["award_id", "institution_id"],
        "mc.programme": ["qualification_type_id", "ects"],
    }

    award_id = fields.Many2one("mc.award", string="Award", readonly=True)
    programme_id = fields.Many2one("mc.programme", string="Programme", readonly=True)
    edition_id = fields.Many2one("mc.edition", string="Edition", readonly=True)
    institution_id = fields.Many2one(
        "res.partner", string="Awarding Institution", readonly=True
    )
    qualification_type_id = fields.Many2one(
        "mc.qualification.type", string="Qualification Type", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    award_date = fields.Date(readonly=True)
    state = fields.Selection(AWARD_STATES, readonly=True)
    award_mode = fields.Selection(AWARD_MODES, readonly=True)
    ects = fields.Float(string="ECTS", readonly=True, aggregator="sum")
    award_count = fields.Integer(
        string="Awards (per institution)",
        readonly=True,
        aggregator="sum",
        help="Each awarding institution counts its side of a joint award.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id AS id,
                   award.id AS award_id,
                   award.programme_id AS programme_id,
                   award.edition_id AS edition_id,
                   line.institution_id AS institution_id,
                   programme.qualification_type_id AS qualification_type_id,
                   award.company_id AS company_id,
                   award.award_date AS award_date,
                   award.state AS state,
                   award.award_mode AS award_mode,
                   programme.ects AS ects,
                   1 AS award_count
              FROM mc_award_line line
              JOIN mc_award award ON award.id = line.award_id
              JOIN mc_programme programme ON programme.id = award.programme_id
            """
        )
