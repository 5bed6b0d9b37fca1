# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import new_token

AWARD_MODES = [
    ("joint", "Joint award"),
    ("multiple", "Double/multiple award"),
    ("joint_fallback", "Joint award with separate awards"),
]

# Fields that never change once an award left the draft state, except through
# the state transition actions (``_write_transition``).
PROTECTED_FIELDS = {
    "learner_id",
    "programme_id",
    "enrolment_id",
    "award_mode",
    "award_date",
    "line_ids",
    "verification_token",
    "replaced_award_id",
    "state",
    "revocation_reason",
    "revocation_date",
    "revoked_by_id",
    "suspension_reason",
    "issued_by_id",
}


class McAward(models.Model):
    """The qualification awarded to a learner for one enrolment.

    Joint mode: one document signed by every awarding institution. Multiple
    mode: one document per awarding institution, each stating the others. Each
    awarding institution is a line with its own award number and classification.
    """

    _name = "mc.award"
    _description = "Award"
    _inherit = ["mail.thread", "mc.transition.mixin"]  # noqa: RUF012
    _order = "award_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, string="Reference")
    enrolment_id = fields.Many2one(
        "mc.enrolment",
        string="Enrolment",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    learner_id = fields.Many2one(
        related="enrolment_id.learner_id", store=True, index=True, string="Learner"
    )
    programme_id = fields.Many2one(
        related="enrolment_id.programme_id",
        store=True,
        index=True,
        string="Programme",
        help="The programme version awarded.",
    )
    edition_id = fields.Many2one(
        related="enrolment_id.edition_id", store=True, index=True, string="Edition"
    )
    partnership_id = fields.Many2one(
        related="enrolment_id.programme_id.partnership_id", string="Partnership"
    )
    company_id = fields.Many2one(
        related="enrolment_id.company_id", store=True, string="Company"
    )
    mobility_window_id = fields.Many2one(
        related="enrolment_id.mobility_window_id", string="Mobility Window"
    )
    ects_earned = fields.Float(related="enrolment_id.ects_earned")
    award_mode = fields.Selection(
        AWARD_MODES,
        required=True,
        default="joint",
        tracking=True,
        help="Joint: one document signed by all awarding institutions, following "
        "the leading institution's rules. Double/multiple: one document per "
        "awarding institution, each stating the others. Joint with separate "
        "awards: a joint document of the institutions that co-sign, and its own "
        "document for each one that cannot (the reason is on its line).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("issued", "Issued"),
            ("suspended", "Suspended"),
            ("revoked", "Revoked"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    award_date = fields.Date(
        tracking=True, copy=False, help="Set to the issue date when empty."
    )
    line_ids = fields.One2many(
        "mc.award.line", "award_id", string="Awarding Institutions", copy=True
    )
    leading_institution_id = fields.Many2one(
        "res.partner",
        compute="_compute_leading_institution_id",
        store=True,
        string="Leading Institution",
    )
    signatory_ids = fields.Many2many(
        "mc.signatory",
        compute="_compute_signatory_ids",
        string="Signatories",
        help="Valid signatories of the awarding institutions on the award date.",
    )
    document_lang_ids = fields.Many2many(
        "res.lang",
        compute="_compute_document_lang_ids",
        string="Document Languages",
        help="Joint award: the leading institution's document languages. "
        "Multiple award: each institution's own languages.",
    )
    # Verification
    verification_token = fields.Char(
        default=lambda self: new_token(), copy=False, readonly=True
    )
    verification_url = fields.Char(compute="_compute_verification_url")
    # Audit
    issued_by_id = fields.Many2one("res.users", string="Issued By", copy=False)
    replaced_award_id = fields.Many2one(
        "mc.award",
        string="Replaces",
        copy=False,
        index="btree_not_null",
        help="The revoked award this award corrects.",
    )
    replacement_award_id = fields.Many2one(
        "mc.award",
        string="Replaced By",
        copy=False,
        help="The award issued to correct this one.",
    )
    suspension_reason = fields.Text(copy=False, tracking=True)
    revocation_reason = fields.Text(copy=False, tracking=True)
    revocation_date = fields.Date(copy=False, tracking=True)
    revoked_by_id = fields.Many2one(
        "res.users", string="Revoked By", copy=False, tracking=True
    )

    _sql_constraints = (
        (
            "verification_token_uniq",
            "unique(verification_token)",
            "The verification token must be unique.",
        ),
    )

    def init(self):
        # One award per enrolment, revoked ones aside (they stay as history).
        if not tools.index_exists(self.env.cr, "mc_award_enrolment_active_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX mc_award_enrolment_active_uniq "
                    "ON mc_award (enrolment_id) WHERE state != 'revoked'"
                )
            )

    @api.depends("line_ids.award_number")
    def _compute_name(self):
        for award in self:
            numbers = [
                number for number in award.line_ids.mapped("award_number") if number
            ]
            award.name = " / ".join(numbers) or self.env._("Draft")

    @api.depends(
        "enrolment_id.home_institution_id",
        "partnership_id.ownership_model",
        "partnership_id.leading_institution_id",
    )
    def _compute_leading_institution_id(self):
        for award in self:
            if award.partnership_id.ownership_model == "network":
                award.leading_institution_id = award.enrolment_id.home_institution_id
            else:
                award.leading_institution_id = (
                    award.partnership_id.leading_institution_id
                )

    @api.depends("line_ids.institution_id", "award_date")
    def _compute_signatory_ids(self):
        for award in self:
            date = award.award_date or fields.Date.context_today(award)
            award.signatory_ids = (
                award.line_ids.institution_id.signatory_ids._filtered_valid(date)
            )

    @api.depends("award_mode", "leading_institution_id", "line_ids.institution_id")
    def _compute_document_lang_ids(self):
        for award in self:
            if award.award_mode == "joint":
                award.document_lang_ids = award.leading_institution_id.document_lang_ids
            else:
                award.document_lang_ids = (
                    award.line_ids.institution_id.document_lang_ids
                )

    @api.depends("verification_token")
    def _compute_verification_url(self):
        base_url = self._mc_base_url()
        for award in self:
            award.verification_url = (
                f"{base_url}/mc/verify/{award.verification_token}"
                if award.verification_token
                else False
            )

    @api.depends("learner_id", "programme_id", "name")
    def _compute_display_name(self):
        for award in self:
            award.display_name = self.env._(
                "%(reference)s – %(learner)s, %(programme)s",
                reference=award.name or self.env._("Draft"),
                learner=award.learner_id.name or "",
                programme=award.programme_id.name or "",
            )

    # ------------------------------------------------------------ shared helpers
    # One helper per concept, used by the documents, the credentials and the
    # other addons alike.
    def _mc_awarding_institutions(self, lines=None, with_leading=False):
        """The awarding institutions of the award, the leading one first (the
        programme's institutions while the award has no line yet).

        :param lines: the award's lines, when the caller already read them
            (for instance with ``search_fetch``).
        :param with_leading: include the leading institution even when it has
            no line of its own (the credential's issuer and the public page
            always name it).
        """
        self.ensure_one()
        institutions = (self.line_ids if lines is None else lines).institution_id
        leading = self.leading_institution_id
        if leading and (with_leading or leading in institutions):
            institutions = leading | (institutions - leading)
        return institutions or self.programme_id.institution_ids

    def _mc_joint_institutions(self):
        """The institutions that sign the joint document, the leading one
        first: every awarding institution of a joint award, those that do not
        award separately in a joint award with fallback, none in a multiple
        award."""
        self.ensure_one()
        if self.award_mode == "multiple":
            return self.env["res.partner"]
        separate = self.line_ids.filtered("separate_award").institution_id
        return self._mc_awarding_institutions() - separate

    def _mc_crosswalk(self, institutions=None):
        """The crosswalk: how each institution places the programme in its own
        qualification structure (its alignment line), in the institutions' order
        and the context language. A list of dicts ``{"institution" (record),
        "local_name", "local_type", "nqf_level"}``, only for the institutions
        that recorded any of the three.

        :param institutions: default: the awarding institutions.
        """
        self.ensure_one()
        if institutions is None:
            institutions = self._mc_awarding_institutions()
        alignments = {
            line.institution_id: line for line in self.programme_id.alignment_ids
        }
        crosswalk = []
        for institution in institutions:
            line = alignments.get(institution)
            if line and (line.local_name or line.local_type or line.nqf_level):
                crosswalk.append(
                    {
                        "institution": institution,
                        "local_name": line.local_name or "",
                        "local_type": line.local_type or "",
                        "nqf_level": line.nqf_level or "",
                    }
                )
        return crosswalk

    @api.model
    def _mc_installed_lang_codes(self):
        return {code for code, _name in self.env["res.lang"].get_installed()}

    @api.model
    def _mc_fallback_lang(self):
        """The context language when installed, else the first installed one."""
        installed = self._mc_installed_lang_codes()
        lang = self.env.context.get("lang") or self.env.lang
        return lang if lang in installed else next(iter(sorted(installed)), "en_US")

    def _mc_document_languages(self, institution=None):
        """Language codes, in order, the documents of ``institution`` (default: the
        leading awarding institution) are issued in: its installed document
        languages, else its partner language, else the user's."""
        if institution is None:
            institution = self._mc_awarding_institutions()[:1]
        installed = self._mc_installed_lang_codes()
        langs = [
            lang.code
            for lang in institution.document_lang_ids
            if lang.code in installed
        ]
        if not langs and institution.lang in installed:
            langs = [institution.lang]
        return langs or [self._mc_fallback_lang()]

    @api.model
    def _mc_base_url(self):
        """The public address of this database (``web.base.url``), for links that
        leave it: verification pages, QR codes, mails."""
        return self.browse().get_base_url()

    @api.model
    def _mc_new_token(self):
        """An unguessable token for a public link."""
        return new_token()

    # ------------------------------------------------------- extension points
    # Defined here, in the model's first file, so that every override (in this
    # addon's later files or in other addons) extends them with super().
    @api.model
    def _post_issue(self, awards):
        """Extension point, called once per batch after the awards of the batch
        are issued and numbered, in the same transaction. Documents,
        credentials and CPD records hook in here with super()."""
        return awards

    def _post_status_change(self):
        """Extension point, called after revoke, suspend and reinstate (for
        instance to update the credential status lists)."""
        return True

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        enrolment_ids = [vals.get("enrolment_id") for vals in vals_list]
        if len(enrolment_ids) != len(set(enrolment_ids)):
            raise UserError(self.env._("An enrolment can have only one award."))
        self._check_no_active_award(self.env["mc.enrolment"].browse(enrolment_ids))
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("Create awards as drafts, then issue them."))
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except UniqueViolation as error:
            # Another transaction awarded the same enrolment meanwhile.
            raise UserError(
                self.env._(
                    "An award already exists for this enrolment (created by "
                    "another user at the same moment)."
                )
            ) from error

    def _check_no_active_award(self, enrolments):
        existing = self.search(
            [("enrolment_id", "in", enrolments.ids), ("state", "!=", "revoked")]
        )
        if existing:
            raise UserError(
                self.env._(
                    "An enrolment can have only one award that is not revoked: "
                    "%(awards)s. To correct an issued award, use Correct.",
                    awards=", ".join(existing.mapped("display_name")),
                )
            )

    def write(self, vals):
        if not self._is_transition():
            locked = PROTECTED_FIELDS.intersection(vals)
            if locked and self.filtered(lambda award: award.state != "draft"):
                labels = ", ".join(sorted(self._fields[name].string for name in locked))
                raise UserError(
                    self.env._(
                        "Issued awards cannot be changed (fields: %(fields)s). To "
                        "correct one, use Correct: it revokes the award and "
                        "prepares a replacement.",
                        fields=labels,
                    )
                )
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "Change the state of an award with its buttons (Issue, "
                        "Suspend, Reinstate, Revoke)."
                    )
                )
            if "enrolment_id" in vals:
                self._check_no_active_award(
                    self.env["mc.enrolment"].browse(vals["enrolment_id"])
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if self.filtered(lambda award: award.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft awards can be deleted; revoke an issued award "
                    "instead."
                )
            )

    # ---------------------------------------------------------------- actions
    def action_view_replacement(self):
        self.ensure_one()
        return (self.replacement_award_id or self.replaced_award_id)._get_form_action()

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.award",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
