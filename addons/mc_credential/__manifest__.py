# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Micro-credentials: Signed Credentials and Verification",
    "summary": "Open Badges 3.0 credentials of awards: institutions' keys, signing, "
    "status lists, did:web documents, delivery, public verification page and portal",
    "version": "18.0.1.0.0",
    "category": "Education/Micro-credentials",
    "website": "https://github.com/mc-registry/mc-registry",
    "author": "MC Registry Team",
    "maintainers": ["mc-registry"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["mc_qualification", "portal"],
    "external_dependencies": {"python": ["mc-credentials"]},
    "data": [
        "security/ir.model.access.csv",
        "views/mc_signing_key_views.xml",
        "views/mc_status_list_views.xml",
        "views/res_partner_credentials_views.xml",
        "views/mc_award_views_credentials.xml",
        "views/mc_award_portal_templates.xml",
        "templates/mc_verify_templates.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/mc_credential_demo.xml",
    ],
}
