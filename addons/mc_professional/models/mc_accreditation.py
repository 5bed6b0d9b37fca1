# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.mc_qualification.tools import check_date_range

# Which states each button leaves from.
OPEN_STATES = ("requested", "under_review")
# An accreditation in one of these states covered the awards made in its period.
GRANTED_STATES = ("accredited", "expired")


class McAccreditation(models.Model):
    """A professional body's recognition of one programme version: requested,
    reviewed, then accredited (with a CPD value) or refused; an accreditation ends
    by expiring or by being withdrawn."""

    _name = "mc.accreditation"
    _description = "Accreditation by a professional body"
    _inherit = ("portal.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date_to desc, id desc"
    _rec_names_search = ("reference", "body_id", "programme_id")

    # What is accredited, by whom
    body_id = fields.Many2one(
        "mc.professional.body",
        string="Professional body",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    programme_id = fields.Many2one(
        "mc.programme",
        string="Programme version",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    sector = fields.Selection(related="body_id.sector", store=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("under_review", "Under review"),
            ("accredited", "Accredited"),
            ("refused", "Refused"),
            ("expired", "Expired"),
            ("withdrawn", "Withdrawn"),
        ],
        required=True,
        default="requested",
        copy=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        help="Recognition officer who follows this accreditation and receives its "
        "renewal reminder.",
    )
    # The body's decision
    reference = fields.Char(
        copy=False, tracking=True, help="The body's reference number."
    )
    request_date = fields.Date(default=fields.Date.context_today, copy=False)
    decision_date = fields.Date(copy=False, tracking=True)
    date_from = fields.Date(string="Valid from", copy=False, tracking=True)
    date_to = fields.Date(string="Valid until", copy=False, tracking=True)
    conditions = fields.Text(help="Conditions the body attached to its decision.")
    co_created = fields.Boolean(
        string="Co-created",
        tracking=True,
        help="The body designed the programme with the partnership, beyond "
        "accrediting it.",
    )
    cpd_credits = fields.Float(
        string="CPD value",
        digits=(16, 2),
        tracking=True,
        help="CPD credits the body grants to each learner awarded the programme.",
    )
    cpd_unit = fields.Selection(related="body_id.cpd_unit", string="CPD unit")
    suggested_cpd_credits = fields.Float(
        string="Suggested CPD value",
        compute="_compute_suggested_cpd_credits",
        digits=(16, 2),
        help="What the body's conversion rule gives for the programme's volume.",
    )
    issues_certificate = fields.Boolean(
        string="Issues a professional certificate",
        help="The body issues its own certificate alongside the academic award.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "mc_accreditation_attachment_rel",
        "accreditation_id",
        "attachment_id",
        string="Supporting documents",
        copy=False,
    )
    decided_by_id = fields.Many2one(
        "res.users", string="Decision recorded by", readonly=True, copy=False
    )
    decision_channel = fields.Selection(
        [("office", "Back office"), ("portal", "Body's portal")],
        readonly=True,
        copy=False,
    )
    reminder_date_to = fields.Date(
        readonly=True,
        copy=False,
        help="End date for which a renewal reminder was already scheduled.",
    )
    # CPD ledger
    cpd_record_ids = fields.One2many("mc.cpd.record", "accreditation_id")
    cpd_record_count = fields.Integer(compute="_compute_cpd_record_count")

    @api.depends("body_id", "programme_id", "reference")
    def _compute_display_name(self):
        for accreditation in self:
            parts = [accreditation.body_id.code or accreditation.body_id.name]
            parts.append(accreditation.programme_id.display_name)
            if accreditation.reference:
                parts.append(accreditation.reference)
            accreditation.display_name = " / ".join(p for p in parts if p)

    @api.depends("body_id.cpd_basis", "body_id.cpd_rate", "programme_id")
    def _compute_suggested_cpd_credits(self):
        for accreditation in self:
            programme = accreditation.programme_id
            accreditation.suggested_cpd_credits = (
                accreditation.body_id._suggest_cpd_credits(
                    programme.ects, programme.hours
                )
                if accreditation.body_id
                else 0.0
            )

    def _compute_cpd_record_count(self):
        counts = dict(
            self.env["mc.cpd.record"]._read_group(
                [("accreditation_id", "in", self.ids)],
                ["accreditation_id"],
                ["__count"],
            )
        )
        for accreditation in self:
            accreditation.cpd_record_count = counts.get(accreditation, 0)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for accreditation in self:
            accreditation.access_url = f"/my/accreditations/{accreditation.id}"
        return res

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        check_date_range(self, "date_from", "date_to")

    @api.constrains("state", "cpd_credits", "date_from")
    def _check_accredited(self):
        for accreditation in self:
            if accreditation.cpd_credits < 0:
                raise ValidationError(
                    self.env._(
                        "The CPD value of %(name)s cannot be negative.",
                        name=accreditation.display_name,
                    )
                )
            if accreditation.state != "accredited":
                continue
            if accreditation.cpd_credits <= 0:
                raise ValidationError(
                    self.env._(
                        "An accredited programme needs a CPD value greater than "
                        "zero (%(name)s).",
                        name=accreditation.display_name,
                    )
                )
            if not accreditation.date_from:
                raise ValidationError(
                    self.env._(
                        "An accredited programme needs a Valid from date "
                        "(%(name)s).",
                        name=accreditation.display_name,
                    )
                )

    def _check_state(self, allowed, message):
        """Refuse the action unless every accreditation is in an ``allowed`` state.

        :param message: the whole translated sentence, with the placeholders
            ``%(name)s`` (the accreditation) and ``%(state)s`` (its state).
        """
        wrong = self.filtered(lambda a: a.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                message
                % {"name": wrong[0].display_name, "state": states[wrong[0].state]}
            )

    def action_review(self):
        self._check_state(
            ("requested",),
            self.env._("Cannot start the review of %(name)s: it is %(state)s."),
        )
        self.write({"state": "under_review"})

    def action_accredit(self):
        self._check_state(
            OPEN_STATES, self.env._("Cannot accredit %(name)s: it is %(state)s.")
        )
        today = fields.Date.context_today(self)
        for accreditation in self:
            accreditation.write(
                {
                    "state": "accredited",
                    "decision_date": accreditation.decision_date or today,
                    "date_from": accreditation.date_from or today,
                    "decided_by_id": self.env.user.id,
                    "decision_channel": "office",
                }
            )

    def action_refuse(self):
        self._check_state(
            OPEN_STATES, self.env._("Cannot refuse %(name)s: it is %(state)s.")
        )
        today = fields.Date.context_today(self)
        for accreditation in self:
            accreditation.write(
                {
                    "state": "refused",
                    "decision_date": accreditation.decision_date or today,
                    "decided_by_id": self.env.user.id,
                    "decision_channel": "office",
                }
            )

    def action_withdraw(self):
        self._check_state(
            ("accredited",), self.env._("Cannot withdraw %(name)s: it is %(state)s.")
        )
        self.write({"state": "withdrawn"})

    def action_expire(self):
        self._check_state(
            ("accredited",), self.env._("Cannot expire %(name)s: it is %(state)s.")
        )
        self.write({"state": "expired"})

    def action_reopen(self):
        self._check_state(
            ("refused", "withdrawn"),
            self.env._("Cannot reopen %(name)s: it is %(state)s."),
        )
        self.write({"state": "requested", "decision_date": False})

    def action_grant_cpd_to_issued_awards(self):
        """Grant the CPD credits of these accreditations to awards issued before
        they were recorded (a decision with retroactive validity). Idempotent."""
        self._check_state(
            ("accredited", "expired"),
            self.env._("Cannot grant CPD under %(name)s: it is %(state)s."),
        )
        awards = self.env["mc.award"].search(
            [("programme_id", "in", self.programme_id.ids), ("state", "=", "issued")]
        )
        records = self.env["mc.cpd.record"].sudo()._create_for_awards(awards)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if records else "info",
                "message": self.env._(
                    "%(count)s CPD records created.", count=len(records)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_cpd_records(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mc_professional.mc_cpd_record_action"
        )
        action["domain"] = [("accreditation_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _filtered_valid(self, date):
        """Accreditations that covered ``date``: granted, and the date inside their
        validity period (a withdrawn or refused accreditation covers nothing)."""
        return self.filtered(
            lambda a: a.state in GRANTED_STATES
            and a.date_from
            and a.date_from <= date
            and (not a.date_to or date <= a.date_to)
        )

    def _get_supplement_statement(self):
        """One sentence for the qualification supplement (section 5.2/5.3)."""
        self.ensure_one()
        framework = self.body_id.cpd_framework
        if self.co_created:
            statement = self.env._("Co-created with the body and accredited")
        else:
            statement = self.env._("Accredited")
        if framework:
            statement = self.env._(
                "%(statement)s for %(framework)s",
                statement=statement,
                framework=framework,
            )
        if self.reference:
            statement = self.env._(
                "%(statement)s, reference %(reference)s",
                statement=statement,
                reference=self.reference,
            )
        return statement

    def _get_decision_fields(self):
        """Fields a professional body may set when it records its decision."""
        return {
            "decision_date",
            "reference",
            "date_from",
            "date_to",
            "cpd_credits",
            "conditions",
        }

    def _portal_record_decision(self, decision, values, document=None):
        """Record a body's decision from the portal.

        :param decision: ``accept`` or ``refuse``
        :param values: dict restricted to :meth:`_get_decision_fields`
        :param document: optional ``(filename, bytes)`` supporting document
        """
        self.ensure_one()
        # Raises AccessError unless the record rules let this body user read it.
        self.check_access("read")
        if decision not in ("accept", "refuse"):
            raise UserError(self.env._("Choose whether the programme is accredited."))
        self._check_state(
            OPEN_STATES,
            self.env._("Cannot record a decision on %(name)s: it is %(state)s."),
        )
        unknown = set(values) - self._get_decision_fields()
        if unknown:
            raise UserError(
                self.env._(
                    "These fields cannot be set from the portal: %(fields)s",
                    fields=", ".join(sorted(unknown)),
                )
            )
        vals = dict(values)
        vals.update(
            state="accredited" if decision == "accept" else "refused",
            decision_date=vals.get("decision_date") or fields.Date.context_today(self),
            decided_by_id=self.env.user.id,
            decision_channel="portal",
        )
        # Body users only read accreditations: the decision fields, checked above,
        # are written as superuser on this one record.
        accreditation = self.sudo()
        accreditation.write(vals)
        if document:
            filename, content = document
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename,
                        "datas": base64.b64encode(content),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            )
            accreditation.attachment_ids = [fields.Command.link(attachment.id)]
        accreditation.message_post(
            body=self.env._(
                "Decision recorded on the portal by %(user)s: %(decision)s.",
                user=self.env.user.name,
                decision=self.env._("accredited")
                if decision == "accept"
                else self.env._("refused"),
            ),
            attachment_ids=attachment.ids if document else [],
        )
        return True

    @api.model
    def _cron_check_expiry(self):
        """Daily: expire accreditations whose validity has ended, and schedule one
        renewal activity per accreditation (and per end date) before it ends."""
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "accredited"), ("date_to", "<", today)])
        if ended:
            ended.write({"state": "expired"})
        upcoming = self.search(
            [("state", "=", "accredited"), ("date_to", ">=", today)]
        ).filtered(
            lambda a: a.reminder_date_to != a.date_to
            and a.date_to <= today + timedelta(days=a.body_id.expiry_reminder_days)
        )
        if not upcoming:
            return
        activity_type = self.env.ref(
            "mc_professional.mail_activity_type_accreditation_renewal"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": accreditation.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "Renew the accreditation by %(body)s",
                        body=accreditation.body_id.name,
                    ),
                    "date_deadline": accreditation.date_to,
                    "user_id": (accreditation.user_id or accreditation.create_uid).id,
                }
                for accreditation in upcoming
            ]
        )
        for accreditation in upcoming:
            accreditation.reminder_date_to = accreditation.date_to
