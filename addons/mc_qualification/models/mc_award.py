# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import new_token

# Fields that never change once an award left the draft state, except through
# the state transition actions (which set the ``mc_award_transition`` context).
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
    _inherit = "mail.thread"
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
        [("joint", "Joint award"), ("multiple", "Double/multiple award")],
        required=True,
        default="joint",
        tracking=True,
        help="Joint: one document signed by all awarding institutions, following "
        "the leading institution's rules. Double/multiple: one document per "
        "awarding institution, each stating the others.",
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
    def _mc_awarding_institutions(self):
        """The awarding institutions of the award, the leading one first (the
        programme's institutions while the award has no line yet)."""
        self.ensure_one()
        institutions = self.line_ids.institution_id
        leading = self.leading_institution_id
        if leading and leading in institutions:
            institutions = leading | (institutions - leading)
        return institutions or self.programme_id.institution_ids

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
            lang.code for lang in institution.document_lang_ids if lang.code in installed
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
        if not self.env.context.get("mc_award_transition"):
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
    def action_issue(self):
        """Issue draft awards, in batch: lock the enrolments, check the
        blockers, number every line, classify it and issue them all."""
        if not self:
            return True
        self.check_access("write")
        not_draft = self.filtered(lambda award: award.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Only draft awards can be issued: %(awards)s.",
                    awards=", ".join(not_draft.mapped("display_name")),
                )
            )
        enrolments = self.enrolment_id
        enrolments._lock_for_award()
        today = fields.Date.context_today(self)
        for date, awards in self.grouped(lambda a: a.award_date or today).items():
            blockers = awards.enrolment_id.with_context(
                mc_award_date=date
            )._get_award_blockers()
            if blockers:
                raise UserError(self._format_blockers(blockers))
        self.line_ids._assign_award_numbers()
        self.line_ids._assign_classifications()
        # The chatter trail is written in two batched inserts below rather than
        # by per-record tracking, which would cost one message create per award.
        log = not self.env.context.get("tracking_disable")
        transition = self.with_context(mc_award_transition=True, tracking_disable=True)
        transition.filtered(lambda award: not award.award_date).write(
            {"award_date": today}
        )
        transition.write({"state": "issued", "issued_by_id": self.env.uid})
        to_complete = enrolments.filtered(lambda e: e.state == "enrolled")
        to_complete.with_context(tracking_disable=True).write({"state": "completed"})
        if log:
            self._log_state_change(
                self,
                "draft",
                {
                    award.id: self.env._(
                        "Award issued: %(numbers)s", numbers=award.name
                    )
                    for award in self
                },
            )
            self._log_state_change(
                to_complete,
                "enrolled",
                dict.fromkeys(to_complete.ids, self.env._("Award issued.")),
            )
        self._post_issue(self)
        return True

    def action_revoke(self):
        """Open the wizard asking why the awards are revoked."""
        return self._open_status_wizard("revoke")

    def action_suspend(self):
        return self._open_status_wizard("suspend")

    def action_correct(self):
        """Revoke (with a reason) and prepare a draft replacement."""
        return self._open_status_wizard("correct")

    def action_reinstate(self):
        """Lift a suspension: the award is valid again."""
        not_suspended = self.filtered(lambda award: award.state != "suspended")
        if not_suspended:
            raise UserError(
                self.env._(
                    "Only suspended awards can be reinstated: %(awards)s.",
                    awards=", ".join(not_suspended.mapped("display_name")),
                )
            )
        self._check_manager()
        self.with_context(mc_award_transition=True).write(
            {"state": "issued", "suspension_reason": False}
        )
        self._post_status_change()
        return True

    def action_view_replacement(self):
        self.ensure_one()
        return (self.replacement_award_id or self.replaced_award_id)._get_form_action()

    # --------------------------------------------------------- business logic
    @api.model
    def _create_for_enrolments(self, enrolments):
        """Draft awards for enrolments that have none (existing drafts are
        reused), with one line per awarding institution. Raises a UserError
        listing every blocker when one enrolment cannot be awarded."""
        enrolments._lock_for_award()
        existing = self.search(
            [("enrolment_id", "in", enrolments.ids), ("state", "!=", "revoked")]
        )
        blockers = enrolments._get_award_blockers()
        if blockers:
            raise UserError(self._format_blockers(blockers))
        plan = (enrolments - existing.enrolment_id)._get_awarding_plan()
        vals_list = [
            {
                "enrolment_id": enrolment.id,
                "award_mode": mode,
                "line_ids": [
                    fields.Command.create({"institution_id": institution.id})
                    for institution in institutions
                ],
            }
            for enrolment, (mode, institutions) in plan.items()
        ]
        return existing | self.create(vals_list)

    @api.model
    def _format_blockers(self, blockers):
        enrolments = self.env["mc.enrolment"].browse(list(blockers))
        lines = [
            f"• {enrolment.display_name}: {' '.join(blockers[enrolment.id])}"
            for enrolment in enrolments
        ]
        return self.env._(
            "These enrolments cannot be awarded:\n%(lines)s", lines="\n".join(lines)
        )

    def _check_manager(self):
        if not self.env.user.has_group(
            "mc_qualification.mc_qualification_group_manager"
        ):
            raise UserError(
                self.env._(
                    "Only a registry manager can suspend, reinstate or revoke "
                    "awards."
                )
            )

    def _open_status_wizard(self, operation):
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Award Status"),
            "res_model": "mc.award.revoke",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_award_ids": self.ids,
                "default_operation": operation,
            },
        }

    def _suspend(self, reason):
        wrong = self.filtered(lambda award: award.state != "issued")
        if wrong:
            raise UserError(
                self.env._(
                    "Only issued awards can be suspended: %(awards)s.",
                    awards=", ".join(wrong.mapped("display_name")),
                )
            )
        self._check_manager()
        self.with_context(mc_award_transition=True).write(
            {"state": "suspended", "suspension_reason": reason}
        )
        self._post_status_change()

    def _revoke(self, reason):
        wrong = self.filtered(lambda award: award.state not in ("issued", "suspended"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only issued or suspended awards can be revoked: %(awards)s.",
                    awards=", ".join(wrong.mapped("display_name")),
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("The field 'Reason' is required to revoke."))
        self._check_manager()
        self.with_context(mc_award_transition=True).write(
            {
                "state": "revoked",
                "revocation_reason": reason,
                "revocation_date": fields.Date.context_today(self),
                "revoked_by_id": self.env.uid,
            }
        )
        self._post_status_change()

    def _correct(self, reason):
        """Revoke and create a draft replacement linked both ways."""
        self._revoke(reason)
        replacements = self.create(
            [
                {
                    "enrolment_id": award.enrolment_id.id,
                    "award_mode": award.award_mode,
                    "replaced_award_id": award.id,
                    "line_ids": [
                        fields.Command.create(
                            {"institution_id": line.institution_id.id}
                        )
                        for line in award.line_ids
                    ],
                }
                for award in self
            ]
        )
        for award, replacement in zip(self, replacements, strict=True):
            award.with_context(
                mc_award_transition=True
            ).replacement_award_id = replacement
            replacement.message_post(
                body=self.env._(
                    "Replacement for %(award)s, revoked: %(reason)s",
                    award=award.display_name,
                    reason=reason,
                )
            )
        return replacements

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mc.award",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

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

    @api.model
    def _issue_enrolments(self, enrolments):
        """Create (or reuse) and issue the awards of enrolments in one batch.
        The issue message of each award stands for its creation message."""
        awards = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )._create_for_enrolments(enrolments)
        awards.filtered(lambda award: award.state == "draft").action_issue()
        return awards.with_env(self.env)

    @api.model
    def _log_state_change(self, records, old_state, bodies):
        """Log a state change on many records with two batched inserts: the
        messages, then their tracking values (what per-record tracking shows)."""
        if not records:
            return
        # Messages are created as superuser like _message_log_batch does: the
        # caller has already changed these records, so it may read them.
        messages = records._message_log_batch(bodies)
        field_info = records.fields_get(["state"])["state"]
        tracking_model = self.env["mail.tracking.value"].sudo()
        by_record = {message.res_id: message for message in messages}
        tracking_model.create(
            [
                dict(
                    tracking_model._create_tracking_values(
                        old_state, record.state, "state", field_info, record
                    ),
                    mail_message_id=by_record[record.id].id,
                )
                for record in records
            ]
        )
