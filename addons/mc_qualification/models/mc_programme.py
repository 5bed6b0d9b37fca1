# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .classification import REASONS, classify, fmt_number
from .mc_programme_unit import ASSESSMENT_TYPES

# Fields that describe what is awarded: frozen once a version is published.
CONTENT_FIELDS = {
    "name",
    "award_mode",
    "code",
    "partnership_id",
    "unit_ids",
    "hours",
    "eqf_level",
    "cycle",
    "qualification_type_id",
    "type_manual",
    "learning_outcomes",
    "assessment_type",
    "participation_form",
    "delivery_method",
    "quality_assurance",
    "prerequisites",
    "field_of_study",
    "instruction_lang_ids",
    "mobility_window_ids",
    "stacking_ids",
    "alignment_ids",
    "integration",
    "further_information",
    "version",
    "previous_version_id",
    "company_id",
}

HOURS_PER_ECTS_MIN = 25.0
HOURS_PER_ECTS_MAX = 30.0


class McProgramme(models.Model):
    """A joint micro-credential programme of a partnership, in one version."""

    _name = "mc.programme"
    _description = "Programme"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "code, version desc, id desc"
    _rec_names_search = ("name", "code")

    active = fields.Boolean(default=True)
    name = fields.Char(
        string="Official title",
        required=True,
        translate=True,
        tracking=True,
        help="The title in the original language; add translations with the "
        "language button.",
    )
    code = fields.Char(required=True, tracking=True, copy=True)
    version = fields.Integer(default=1, required=True, readonly=True, copy=False)
    previous_version_id = fields.Many2one(
        "mc.programme", readonly=True, copy=False, index=True
    )
    next_version_ids = fields.One2many("mc.programme", "previous_version_id")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approval", "In approval"),
            ("published", "Published"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partnership_id = fields.Many2one(
        "mc.partnership", required=True, tracking=True, index=True, ondelete="restrict"
    )
    institution_ids = fields.Many2many(
        related="partnership_id.institution_ids", string="Institutions"
    )
    leading_institution_id = fields.Many2one(
        related="partnership_id.leading_institution_id", store=True
    )
    ownership_model = fields.Selection(related="partnership_id.ownership_model")
    color = fields.Integer()
    # Structure and volume
    unit_ids = fields.One2many("mc.programme.unit", "programme_id", copy=True)
    unit_count = fields.Integer(compute="_compute_unit_count")
    ects = fields.Float(
        string="ECTS",
        digits=(16, 2),
        compute="_compute_ects",
        store=True,
        aggregator="sum",
        tracking=True,
    )
    hours = fields.Float(
        string="Notional workload (hours)",
        help="Total hours of study; ECTS expects 25 to 30 hours per credit.",
    )
    hours_warning = fields.Char(compute="_compute_hours_warning")
    eqf_level = fields.Integer(string="EQF level", tracking=True, aggregator=False)
    cycle = fields.Selection(
        [
            ("short", "Short cycle"),
            ("first", "First cycle (bachelor)"),
            ("second", "Second cycle (master)"),
            ("third", "Third cycle (doctorate)"),
        ],
        string="QF-EHEA cycle",
    )
    # Description (Annex I elements)
    learning_outcomes = fields.Html(translate=True)
    assessment_type = fields.Selection(
        ASSESSMENT_TYPES, string="Assessment type", tracking=True
    )
    participation_form = fields.Selection(
        [
            ("individual", "Individual, self-paced"),
            ("cohort", "In a cohort, scheduled"),
            ("mixed", "Mixed"),
        ],
        string="Form of participation",
    )
    delivery_method = fields.Selection(
        [("online", "Online"), ("onsite", "On site"), ("blended", "Blended")],
        string="Delivery",
    )
    quality_assurance = fields.Text(
        string="Quality assurance",
        translate=True,
        help="Type of quality assurance underpinning the programme (internal QA of "
        "the institutions, programme accreditation...).",
    )
    prerequisites = fields.Text(translate=True)
    field_of_study = fields.Char(string="Field(s) of study", translate=True)
    instruction_lang_ids = fields.Many2many(
        "res.lang",
        "mc_programme_instruction_lang_rel",
        "programme_id",
        "lang_id",
        string="Languages of instruction",
        context={"active_test": False},
    )
    further_information = fields.Text(translate=True)
    mobility_window_ids = fields.One2many(
        "mc.mobility.window", "programme_id", copy=True
    )
    # Classification
    suggested_type_id = fields.Many2one(
        "mc.qualification.type",
        string="Type by the rules",
        compute="_compute_classification",
        store=True,
    )
    classification_reason = fields.Char(compute="_compute_classification", store=True)
    type_manual = fields.Boolean(
        string="Choose the type by hand",
        tracking=True,
        help="Keep a type that the rules do not give; a warning shows the "
        "contradiction.",
    )
    qualification_type_id = fields.Many2one(
        "mc.qualification.type",
        string="Qualification type",
        compute="_compute_qualification_type_id",
        store=True,
        readonly=False,
        copy=True,
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    type_warning = fields.Char(compute="_compute_type_warning")
    is_cmf = fields.Boolean(related="qualification_type_id.is_cmf")
    # Stackability
    integration = fields.Selection(
        [
            ("stand_alone", "Stand-alone, independent micro-credential"),
            ("stackable", "Integrated, stackable towards another credential"),
        ],
        string="Integration",
    )
    stacking_ids = fields.One2many(
        "mc.programme.stacking", "programme_id", string="Stacks into", copy=True
    )
    counts_towards_degree = fields.Boolean(
        compute="_compute_counts_towards_degree",
        help="The programme stacks, directly or through other programmes, into a "
        "degree.",
    )
    # Justification: recognition dossier and professional recognition sought
    dossier_content = fields.Html(string="Content", translate=True)
    dossier_level = fields.Html(string="Level", translate=True)
    dossier_volume = fields.Html(string="Volume", translate=True)
    dossier_stackability = fields.Html(string="Stackability", translate=True)
    recognition_sectors = fields.Char(
        string="Sectors", help="Sectors whose professional recognition is sought."
    )
    recognition_bodies = fields.Text(
        string="Professional bodies",
        help="Professional bodies asked for recognition (CPD credits, accreditation).",
    )
    recognition_employers = fields.Text(string="Employers")
    # Alignment with each partner
    alignment_ids = fields.One2many(
        "mc.programme.alignment", "programme_id", string="Alignment", copy=True
    )
    approval_summary = fields.Char(
        string="Approvals", compute="_compute_approval_summary"
    )
    _sql_constraints = (
        (
            "code_version_uniq",
            "unique(code, version, company_id)",
            "Code: a programme with this code and version already exists.",
        ),
    )

    # ------------------------------------------------------------------ computes

    @api.depends("code", "version", "name")
    def _compute_display_name(self):
        for programme in self:
            programme.display_name = (
                f"[{programme.code} v{programme.version}] {programme.name}"
                if programme.code
                else programme.name
            )

    @api.depends("unit_ids")
    def _compute_unit_count(self):
        for programme in self:
            programme.unit_count = len(programme.unit_ids)

    @api.depends("unit_ids.ects")
    def _compute_ects(self):
        for programme in self:
            programme.ects = sum(programme.unit_ids.mapped("ects"))

    @api.depends("hours", "ects")
    def _compute_hours_warning(self):
        for programme in self:
            warning = False
            if programme.hours and programme.ects:
                per_ects = programme.hours / programme.ects
                if not HOURS_PER_ECTS_MIN <= per_ects <= HOURS_PER_ECTS_MAX:
                    warning = self.env._(
                        "%(hours)s hours for %(ects)s ECTS is %(ratio)s hours per "
                        "credit; ECTS expects 25 to 30 (%(low)s to %(high)s hours).",
                        hours=fmt_number(programme.hours),
                        ects=fmt_number(programme.ects),
                        ratio=fmt_number(round(per_ects, 1)),
                        low=fmt_number(programme.ects * HOURS_PER_ECTS_MIN),
                        high=fmt_number(programme.ects * HOURS_PER_ECTS_MAX),
                    )
            programme.hours_warning = warning

    def _classification_templates(self):
        _ = self.env._
        return {
            "no_volume": _(
                "The programme has no volume yet (0 ECTS): add units with ECTS."
            ),
            "no_level": _("The programme has no EQF level yet."),
            "gap": _(
                "%(ects)s ECTS lies between the bands of the typology "
                "(%(below)s and %(above)s): no tier. Adjust the volume or choose "
                "a type by hand."
            ),
            "eqf_out": _(
                "%(ects)s ECTS fits %(tiers)s, but EQF level %(eqf)s is outside the "
                "level range of that tier: no tier."
            ),
            "needs_assessment": _(
                "%(ects)s ECTS at EQF %(eqf)s fits %(tiers)s, which requires an "
                "assessment, and the programme has none: no tier."
            ),
            "match": _(
                "%(ects)s ECTS (%(band)s), EQF %(eqf)s (EQF %(eqf_band)s)"
                "%(assessed)s: %(tier)s."
            ),
        }

    @api.depends(
        "ects",
        "eqf_level",
        "assessment_type",
        "unit_ids.assessment_type",
    )
    def _compute_classification(self):
        qtypes = self.env["mc.qualification.type"].search([("active", "=", True)])
        tiers = [qtype._as_tier() for qtype in qtypes]
        by_code = {qtype.code: qtype for qtype in qtypes}
        templates = self._classification_templates()
        assert set(templates) == set(REASONS)
        for programme in self:
            result = classify(
                programme.ects,
                programme.eqf_level,
                programme._is_assessed(),
                tiers,
            )
            params = dict(result.params)
            if result.reason == "match":
                params["assessed"] = (
                    self.env._(", assessed") if programme._is_assessed() else ""
                )
            programme.suggested_type_id = by_code.get(result.code, False)
            programme.classification_reason = templates[result.reason] % params

    @api.depends("suggested_type_id", "type_manual")
    def _compute_qualification_type_id(self):
        for programme in self:
            if not programme.type_manual:
                programme.qualification_type_id = programme.suggested_type_id

    @api.depends("qualification_type_id", "suggested_type_id", "classification_reason")
    def _compute_type_warning(self):
        for programme in self:
            warning = False
            if (
                programme.qualification_type_id
                and programme.qualification_type_id != programme.suggested_type_id
            ):
                warning = self.env._(
                    "The chosen type %(chosen)s contradicts the rules of the "
                    "typology, which give %(rule)s: %(reason)s",
                    chosen=programme.qualification_type_id.name,
                    rule=programme.suggested_type_id.name or self.env._("no tier"),
                    reason=programme.classification_reason,
                )
            programme.type_warning = warning

    @api.depends(
        "stacking_ids.target_is_degree",
        "stacking_ids.target_programme_id.stacking_ids.target_is_degree",
    )
    def _compute_counts_towards_degree(self):
        for programme in self:
            seen = self.browse()
            todo = programme
            found = False
            while todo and not found:
                seen |= todo
                lines = todo.stacking_ids
                found = any(lines.mapped("target_is_degree"))
                todo = lines.target_programme_id - seen
            programme.counts_towards_degree = found

    @api.depends("alignment_ids.approval_state", "partnership_id.member_ids")
    def _compute_approval_summary(self):
        for programme in self:
            approved = programme.alignment_ids.filtered(
                lambda a: a.approval_state == "approved"
            )
            programme.approval_summary = self.env._(
                "%(approved)s of %(total)s approved",
                approved=len(approved.institution_id & programme.institution_ids),
                total=len(programme.institution_ids),
            )

    def _is_assessed(self):
        """Assessed when the programme, or any of its units, has an assessment."""
        self.ensure_one()
        types = set(self.unit_ids.mapped("assessment_type"))
        if self.assessment_type:
            types.add(self.assessment_type)
        return bool(types - {"none", False})

    # ---------------------------------------------------------------- constraints

    @api.constrains("eqf_level")
    def _check_eqf_level(self):
        for programme in self:
            if programme.eqf_level and not 1 <= programme.eqf_level <= 8:
                raise ValidationError(
                    self.env._(
                        "Programme %(code)s: EQF level must be between 1 and 8 "
                        "(got %(level)s).",
                        code=programme.code,
                        level=programme.eqf_level,
                    )
                )

    @api.constrains("partnership_id")
    def _check_lines_in_partnership(self):
        """Changing the partnership must not leave lines with institutions
        outside it."""
        self.unit_ids._check_institution_in_partnership()
        self.mobility_window_ids._check_consistency()
        self.stacking_ids._check_institution()
        self.alignment_ids._check_institution()

    @api.constrains("hours")
    def _check_hours(self):
        for programme in self:
            if programme.hours < 0:
                raise ValidationError(
                    self.env._(
                        "Programme %(code)s: the notional workload in hours cannot "
                        "be negative.",
                        code=programme.code,
                    )
                )

    # ----------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        keys = []
        for vals in vals_list:
            if vals.get("qualification_type_id") and "type_manual" not in vals:
                vals["type_manual"] = True
            keys.append(
                (
                    vals.get("code"),
                    vals.get("version", 1),
                    vals.get("company_id") or self.env.company.id,
                )
            )
        self._check_code_available(keys)
        # Lines given with the programme belong to it even when it is created in
        # a published state (imports, tests of other parts): do not freeze them.
        programmes = super(
            McProgramme, self.with_context(mc_programme_creating=True)
        ).create(vals_list)
        return programmes.with_env(self.env)

    def write(self, vals):
        if vals.get("qualification_type_id") and "type_manual" not in vals:
            vals = dict(vals, type_manual=True)
        if CONTENT_FIELDS & set(vals):
            self._check_content_editable()
        if {"code", "version", "company_id"} & set(vals):
            self._check_code_available(
                [
                    (
                        vals.get("code", p.code),
                        vals.get("version", p.version),
                        vals.get("company_id", p.company_id.id),
                    )
                    for p in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def _check_code_available(self, keys, exclude=None):
        """Raise a clear error before the SQL constraint code_version_uniq does.

        :param keys: list of (code, version, company id) about to be saved
        """
        keys = [k for k in keys if k[0]]
        duplicate = next((k for i, k in enumerate(keys) if k in keys[:i]), None)
        if not duplicate and keys:
            existing = self.with_context(active_test=False).search_fetch(
                [
                    ("code", "in", [k[0] for k in keys]),
                    ("id", "not in", (exclude or self.browse()).ids),
                ],
                ["code", "version", "company_id"],
            )
            taken = {(p.code, p.version, p.company_id.id) for p in existing}
            duplicate = next((k for k in keys if k in taken), None)
        if duplicate:
            raise ValidationError(
                self.env._(
                    "Code: a programme with code %(code)s and version %(version)s "
                    "already exists.",
                    code=duplicate[0],
                    version=duplicate[1],
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        for programme in self:
            if programme.state in ("published", "closed"):
                raise UserError(
                    self.env._(
                        "Programme %(code)s v%(version)s has been published: close "
                        "or archive it instead of deleting it.",
                        code=programme.code,
                        version=programme.version,
                    )
                )

    def _check_content_editable(self):
        if self.env.context.get("mc_programme_creating"):
            return
        frozen = self.filtered(lambda p: p.state in ("published", "closed"))
        if frozen:
            raise UserError(
                self.env._(
                    "Programme %(code)s v%(version)s is %(state)s: its content is "
                    "frozen, because awards refer to this version. Use 'New "
                    "version' to change it.",
                    code=frozen[0].code,
                    version=frozen[0].version,
                    state=dict(
                        frozen[0]._fields["state"]._description_selection(self.env)
                    )[frozen[0].state],
                )
            )
