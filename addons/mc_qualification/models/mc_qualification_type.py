# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .classification import Tier, band_label

# Open Badges 3.0 AchievementType enumeration (1EdTech OB 3.0, section B.2.1).
OB3_ACHIEVEMENT_TYPES = [
    ("Achievement", "Achievement"),
    ("ApprenticeshipCertificate", "Apprenticeship certificate"),
    ("Assessment", "Assessment"),
    ("Assignment", "Assignment"),
    ("AssociateDegree", "Associate degree"),
    ("Award", "Award"),
    ("Badge", "Badge"),
    ("BachelorDegree", "Bachelor degree"),
    ("Certificate", "Certificate"),
    ("CertificateOfCompletion", "Certificate of completion"),
    ("Certification", "Certification"),
    ("CommunityService", "Community service"),
    ("Competency", "Competency"),
    ("Course", "Course"),
    ("CoCurricular", "Co-curricular"),
    ("Degree", "Degree"),
    ("Diploma", "Diploma"),
    ("DoctoralDegree", "Doctoral degree"),
    ("Fieldwork", "Fieldwork"),
    ("GeneralEducationDevelopment", "General education development"),
    ("JourneymanCertificate", "Journeyman certificate"),
    ("LearningProgram", "Learning program"),
    ("License", "License"),
    ("Membership", "Membership"),
    ("ProfessionalDoctorate", "Professional doctorate"),
    ("QualityAssuranceCredit", "Quality assurance credit"),
    ("MasterCertificate", "Master certificate"),
    ("MasterDegree", "Master degree"),
    ("MicroCredential", "Micro-credential"),
    ("ResearchDoctorate", "Research doctorate"),
    ("SecondarySchoolDiploma", "Secondary school diploma"),
]


# Fields of the classification rule: changing one reclassifies the draft programmes.
RULE_FIELDS = {
    "active",
    "sequence",
    "ects_min",
    "ects_max",
    "ects_max_included",
    "eqf_min",
    "eqf_max",
    "assessment_required",
}


class McQualificationType(models.Model):
    """A tier of the typology, from learning unit to degree."""

    _name = "mc.qualification.type"
    _description = "Qualification type"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    is_degree = fields.Boolean(
        string="Degree",
        help="A degree tier (short cycle, bachelor, master, doctorate).",
    )
    # Rule: volume, level, assessment
    ects_min = fields.Float(string="ECTS from", digits=(16, 2), required=True)
    ects_max = fields.Float(string="ECTS up to", digits=(16, 2), required=True)
    ects_max_included = fields.Boolean(
        string="Upper bound included",
        default=True,
        help="Untick for a band 'under N ECTS' (the learning unit is under 1 ECTS).",
    )
    ects_band = fields.Char(string="ECTS band", compute="_compute_ects_band")
    eqf_min = fields.Integer(string="EQF from", required=True, default=5)
    eqf_max = fields.Integer(string="EQF up to", required=True, default=8)
    assessment_required = fields.Boolean(default=True)
    award_form = fields.Selection(
        [("badge", "Badge"), ("certificate", "Certificate"), ("diploma", "Diploma")],
        required=True,
        default="certificate",
    )
    ob3_achievement_type = fields.Selection(
        OB3_ACHIEVEMENT_TYPES,
        string="Open Badges achievement type",
        required=True,
        default="MicroCredential",
        help="The Open Badges 3.0 achievementType of the credentials of this tier.",
    )
    # Common Microcredential Framework criteria
    is_cmf = fields.Boolean(
        string="CMF micro-credential",
        help="Programmes of this type must meet the criteria of the Common "
        "Microcredential Framework below. The ECTS and EQF bands of the type are "
        "the CMF bands.",
    )
    cmf_hours_min = fields.Float(string="CMF hours from", default=100.0)
    cmf_hours_max = fields.Float(string="CMF hours up to", default=150.0)
    cmf_identity_verified = fields.Boolean(
        string="Identity-verified assessment",
        default=True,
        help="Every assessed unit must be supervised with identity verification.",
    )
    cmf_counts_towards_degree = fields.Boolean(
        string="Counts towards a degree",
        default=True,
        help="The programme must stack, directly or through another programme, "
        "into a degree.",
    )

    _sql_constraints = (
        ("code_uniq", "unique(code)", "A qualification type with this code exists."),
    )

    @api.depends("ects_min", "ects_max", "ects_max_included")
    def _compute_ects_band(self):
        for qtype in self:
            qtype.ects_band = band_label(qtype._as_tier())

    @api.constrains("ects_min", "ects_max", "eqf_min", "eqf_max")
    def _check_bands(self):
        for qtype in self:
            if qtype.ects_min < 0 or qtype.ects_max <= 0:
                raise ValidationError(
                    self.env._(
                        "Type %(name)s: the ECTS band must be positive.",
                        name=qtype.name,
                    )
                )
            if qtype.ects_max < qtype.ects_min:
                raise ValidationError(
                    self.env._(
                        "Type %(name)s: 'ECTS up to' must not be below 'ECTS from'.",
                        name=qtype.name,
                    )
                )
            if not (1 <= qtype.eqf_min <= qtype.eqf_max <= 8):
                raise ValidationError(
                    self.env._(
                        "Type %(name)s: the EQF range must lie within levels 1 to 8, "
                        "'EQF from' not above 'EQF up to'.",
                        name=qtype.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if RULE_FIELDS & set(vals):
            self._reclassify_programmes()
        return res

    def _reclassify_programmes(self):
        """The typology changed: classify the programmes being designed again.
        Published and closed versions keep the type they were published with."""
        programmes = self.env["mc.programme"].search(
            [("state", "in", ("draft", "approval"))]
        )
        Programme = self.env["mc.programme"]
        for fname in (
            "suggested_type_id",
            "classification_reason",
            "qualification_type_id",
        ):
            self.env.add_to_compute(Programme._fields[fname], programmes)

    def _as_tier(self):
        self.ensure_one()
        return Tier(
            self.code,
            self.name,
            self.sequence,
            self.ects_min,
            self.ects_max,
            self.ects_max_included,
            self.eqf_min,
            self.eqf_max,
            self.assessment_required,
        )
