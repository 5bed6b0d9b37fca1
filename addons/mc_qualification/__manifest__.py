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
    "depends": ["mail", "portal"],
    "external_dependencies": {"python": ["mc-credentials", "qrcode"]},
    "data": [
        "security/mc_qualification_groups.xml",
        "security/ir.model.access-mc_credentials.csv",
        "security/mc_credentials_security.xml",
        "views/mc_qualification_menus.xml",
        "views/mc_signing_key_views.xml",
        "views/mc_status_list_views.xml",
        "views/res_partner_views.xml",
        "views/mc_award_views_credentials.xml",
        "views/mc_award_portal_templates.xml",
        "templates/mc_verify_templates.xml",
        "data/mail_template_data.xml",
    ],
}
