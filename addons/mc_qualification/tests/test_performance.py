# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, warmup

from .common import McQualificationCase


@tagged("post_install", "-at_install", "is_query_count")
class TestClassificationQueries(McQualificationCase):
    """Classifying programmes reads the typology once per batch, not per record."""

    def _queries_to_classify(self, count):
        programmes = self.Programme.create(
            [
                {
                    "name": f"Batch {count}-{i}",
                    "code": f"Q{count}-{i}",
                    "partnership_id": self.partnership.id,
                    "eqf_level": 6,
                    "unit_ids": [self._unit("u", 5.0)],
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        programmes.unit_ids.mapped("assessment_type")  # prefetch the inputs
        programmes.mapped("ects")
        before = self.cr.sql_log_count
        self.env.add_to_compute(self.Programme._fields["suggested_type_id"], programmes)
        programmes.mapped("suggested_type_id")
        return self.cr.sql_log_count - before, programmes

    @warmup
    def test_classification_is_batched(self):
        few, small = self._queries_to_classify(2)
        many, large = self._queries_to_classify(20)
        self.assertEqual(set(large.suggested_type_id.mapped("code")), {"cmf"})
        self.assertEqual(few, many)
        self.assertLessEqual(many, 4)
