# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import freeze_time, tagged

from .common_award import AwardCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-07-01")
class TestAwardStatusMail(AwardCommon):
    """Learners are told, in their language, of a suspension, a reinstatement
    and a revocation of their award."""

    def _mails(self, award):
        return self.env["mail.mail"].search(
            [("model", "=", "mc.award"), ("res_id", "=", award.id)], order="id"
        )

    def _subject(self, kind, award):
        """The template's subject as rendered in the learner's language (French
        where the addon's French translation is loaded, else the source text)."""
        template = self.env.ref(f"mc_qualification.mail_template_mc_award_{kind}")
        return template._render_field("subject", award.ids, compute_lang=True)[award.id]

    def test_learner_told_in_their_language(self):
        enrolment = self._make_enrolments(1)
        learner = enrolment.learner_id
        learner.lang = "fr_FR"
        revoked = self.env.ref("mc_qualification.mail_template_mc_award_revoked")
        revoked.with_context(
            lang="fr_FR"
        ).subject = (
            "Votre qualification a été révoquée : {{ object.programme_id.name }}"
        )
        enrolment.with_user(self.officer).action_issue_award()
        award = enrolment.award_id
        before = self._mails(award)
        manager_award = award.with_user(self.manager)
        manager_award._suspend("Plagiarism inquiry")
        manager_award.action_reinstate()
        manager_award._revoke("Plagiarism established")
        mails = self._mails(award) - before
        self.assertEqual(len(mails), 3)
        self.assertEqual(
            [mail.recipient_ids for mail in mails], [learner, learner, learner]
        )
        self.assertEqual(mails[0].subject, self._subject("suspended", award))
        self.assertIn("Plagiarism inquiry", mails[0].body_html)
        self.assertEqual(mails[1].subject, self._subject("reinstated", award))
        self.assertEqual(
            mails[2].subject,
            "Votre qualification a été révoquée : Applied Data Science",
        )
        self.assertIn("Plagiarism established", mails[2].body_html)

    def test_no_mail_without_address(self):
        enrolment = self._make_enrolments(1)
        enrolment.learner_id.email = False
        enrolment.with_user(self.officer).action_issue_award()
        award = enrolment.award_id
        before = self._mails(award)
        award.with_user(self.manager)._suspend("Check")
        self.assertEqual(self._mails(award), before)
