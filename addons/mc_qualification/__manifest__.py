# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Micro-credentials: Qualification Design and Awards",
    "summary": "Joint micro-credential programmes of university partnerships: "
    "design, alignment, awards, certificates and verification",
    "version": "18.0.1.0.0",
    "category": "Education/Micro-credentials",
    "website": "https://github.com/mc-registry/mc-registry",
    "author": "MC Registry Team",
    "maintainers": ["mc-registry"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["mail"],
    "data": [
        "security/mc_qualification_groups.xml",
        "security/ir.model.access.csv",
        "security/mc_qualification_security.xml",
        "data/mc_qualification_type_data.xml",
        "views/mc_signatory_views.xml",
        "views/res_partner_views.xml",
        "views/mc_qualification_type_views.xml",
        "views/mc_partnership_views.xml",
        "views/mc_programme_unit_views.xml",
        "views/mc_programme_views.xml",
        "views/mc_programme_alignment_views.xml",
        "views/mc_qualification_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "mc_qualification/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/mc_qualification_demo.xml",
    ],
}
