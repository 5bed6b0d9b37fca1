# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Micro-credentials: Professional Recognition and Sector Funding",
    "summary": "Professional bodies, accreditations, CPD credits, professional "
    "certificates and sector-funded places around joint micro-credentials",
    "version": "18.0.1.0.0",
    "category": "Education/Micro-credentials",
    "website": "https://github.com/mc-registry/mc-registry",
    "author": "MC Registry Team",
    "maintainers": ["mc-registry"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["mc_credential", "portal", "account"],
    "external_dependencies": {"python": ["mc-credentials", "qrcode"]},
    "data": [
        "security/mc_professional_groups.xml",
        "security/ir.model.access.csv",
        "security/mc_professional_security.xml",
        "data/mc_professional_data.xml",
        "data/mc_professional_finance_data.xml",
        "views/mc_professional_body_views.xml",
        "views/mc_accreditation_views.xml",
        "views/mc_cpd_record_views.xml",
        "views/mc_funder_views.xml",
        "views/mc_funding_agreement_views.xml",
        "views/mc_funded_place_views.xml",
        "views/mc_learning_account_views.xml",
        "views/mc_finance_views.xml",
        "views/mc_qualification_views.xml",
        "views/mc_professional_portal_templates.xml",
        "views/mc_professional_menus.xml",
        "report/mc_professional_reports.xml",
        "report/mc_professional_templates.xml",
    ],
    "demo": [
        "demo/mc_professional_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "mc_professional/static/tests/tours/**/*",
        ],
    },
}
