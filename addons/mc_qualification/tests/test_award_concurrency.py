# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two officers issuing the same enrolment at the same moment get one award.

Test transactions cannot see each other's uncommitted data, so this test
builds its data in a cursor of its own, commits it, runs two real concurrent
transactions, and deletes everything it created at the end.
"""

import sys
import threading
import traceback
from datetime import date

from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import get_db_name, tagged
from odoo.tests.common import BaseCase
from odoo.tools import SQL, mute_logger
from odoo.tools.sql import table_exists

CLEANUP_TABLES = [
    # (table, column holding the ids to delete, key of the ids)
    ("mc_award_line", "award_id", "awards"),
    ("mc_award", "enrolment_id", "enrolments"),
    ("mc_result", "enrolment_id", "enrolments"),
    ("mc_enrolment", "id", "enrolments"),
    ("mc_edition", "id", "editions"),
    ("mc_programme_unit", "programme_id", "programmes"),
    ("mc_programme", "id", "programmes"),
    ("mc_partnership_member", "partnership_id", "partnerships"),
    ("mc_partnership", "id", "partnerships"),
    ("mc_signatory", "institution_id", "partners"),
    # credentials (mc_credential, when installed): status lists and signing keys
    ("mc_status_list", "institution_id", "partners"),
    ("mc_signing_key", "institution_id", "partners"),
    ("res_partner", "id", "partners"),
]


@tagged("post_install", "-at_install")
class TestAwardConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.ids = {}
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cls.ids = cls._create_fixture(env)
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _create_fixture(cls, env):
        """One institution, programme, edition and complete enrolment, committed
        (the ids are returned for the cleanup)."""
        institution, person, learner = env["res.partner"].create(
            [
                {
                    "name": "Concurrency University",
                    "is_institution": True,
                    "is_company": True,
                },
                {"name": "Concurrency Rector"},
                {"name": "Concurrent Learner", "is_learner": True},
            ]
        )
        env["mc.signatory"].create(
            {
                "institution_id": institution.id,
                "person_id": person.id,
                "function": "rector",
                "date_from": date(2000, 1, 1),
            }
        )
        partnership = env["mc.partnership"].create(
            {
                "name": "Concurrency Partnership",
                "code": "CONC-TEST",
                "member_ids": [
                    Command.create(
                        {"institution_id": institution.id, "role": "leading"}
                    )
                ],
            }
        )
        programme = env["mc.programme"].create(
            {
                "name": "Concurrency Programme",
                "code": "CONC",
                "partnership_id": partnership.id,
                "eqf_level": 6,
                "unit_ids": [
                    Command.create(
                        {
                            "name": "Only unit",
                            "ects": 4.0,
                            "institution_id": institution.id,
                        }
                    )
                ],
            }
        )
        programme.write({"state": "published"})
        edition = env["mc.edition"].create(
            {
                "name": "Concurrency Edition",
                "programme_id": programme.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        enrolment = env["mc.enrolment"].create(
            {
                "learner_id": learner.id,
                "edition_id": edition.id,
                "state": "enrolled",
            }
        )
        env["mc.result"].create(
            {
                "enrolment_id": enrolment.id,
                "unit_id": programme.unit_ids.id,
                "passed": True,
            }
        )
        return {
            "partners": (institution | person | learner).ids,
            "partnerships": partnership.ids,
            "programmes": programme.ids,
            "editions": edition.ids,
            "enrolments": enrolment.ids,
        }

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT id FROM mc_award WHERE enrolment_id = ANY(%s)",
                    cls.ids["enrolments"],
                )
            )
            cls.ids["awards"] = [row[0] for row in cr.fetchall()]
            for table, column, key in CLEANUP_TABLES:
                if not table_exists(cr, table):
                    continue
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        cls.ids[key],
                    )
                )
        cls.registry.clear_cache()

    def setUp(self):
        super().setUp()
        # Each test starts with no valid award: revoke what a previous one issued.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            awards = env["mc.award"].search(
                [
                    ("enrolment_id", "in", self.ids["enrolments"]),
                    ("state", "!=", "revoked"),
                ]
            )
            awards.filtered(lambda award: award.state == "draft").unlink()
            awards.filtered(lambda award: award.state != "draft")._revoke(
                "Reset between concurrency tests"
            )

    def _count_awards(self):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM mc_award WHERE enrolment_id = ANY(%s) "
                    "AND state != 'revoked'",
                    self.ids["enrolments"],
                )
            )
            return cr.fetchone()[0]

    def test_two_transactions_issue_the_same_enrolment(self):
        enrolment_id = self.ids["enrolments"][0]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            env1["mc.enrolment"].browse(enrolment_id).action_issue_award()
            # The first transaction holds the enrolment: the second is refused
            # at once, with a clear message.
            with self.assertRaisesRegex(UserError, "Another user is issuing"):
                env2["mc.enrolment"].browse(enrolment_id).action_issue_award()
            cr1.commit()
            cr2.rollback()
            # Once the first one committed, the second sees the award.
            with self.assertRaisesRegex(UserError, "already been issued"):
                env2["mc.enrolment"].browse(enrolment_id).action_issue_award()
            cr2.rollback()
            # The database refuses a second active award even without the ORM.
            with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
                cr2.execute(
                    SQL(
                        "INSERT INTO mc_award (enrolment_id, state, award_mode, "
                        "verification_token) VALUES (%s, 'draft', 'joint', 'x-test')",
                        enrolment_id,
                    )
                )
            cr2.rollback()
        self.assertEqual(self._count_awards(), 1)

    def test_two_threads_at_the_same_moment(self):
        """Two officers click Issue at the same moment: exactly one award."""
        barrier = threading.Barrier(2, timeout=30)
        outcomes = []
        # Cursors and environments are set up here: the registry lock is held
        # by the test runner's thread. Each thread then runs one transaction.
        cursors = [self.registry.cursor() for __ in range(2)]
        for cr in cursors:
            self.addCleanup(cr.close)
        enrolments = [
            api.Environment(cr, SUPERUSER_ID, {})["mc.enrolment"].browse(
                self.ids["enrolments"][0]
            )
            for cr in cursors
        ]

        def officer_clicks_issue(enrolment):
            cr = enrolment.env.cr
            barrier.wait()
            try:
                with mute_logger("odoo.sql_db"):
                    enrolment.action_issue_award()
                # Two real transactions race: each must commit like a request.
                cr.commit()  # pylint: disable=invalid-commit
                outcomes.append("issued")
            except UserError as error:
                cr.rollback()
                outcomes.append(str(error))
            except Exception as error:
                cr.rollback()
                outcomes.append(f"unexpected: {error!r}")

        threads = [
            threading.Thread(target=officer_clicks_issue, args=(enrolment,))
            for enrolment in enrolments
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        stuck = [thread for thread in threads if thread.is_alive()]
        if stuck:
            frames = sys._current_frames()
            self.fail(
                "Threads stuck:\n"
                + "\n".join(
                    "".join(traceback.format_stack(frames[thread.ident]))
                    for thread in stuck
                )
            )
        self.assertEqual(outcomes.count("issued"), 1, outcomes)
        self.assertEqual(len(outcomes), 2, outcomes)
        self.assertEqual(self._count_awards(), 1)
