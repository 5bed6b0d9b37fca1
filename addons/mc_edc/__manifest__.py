# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Micro-credentials: European Digital Credentials",
    "summary": "Sealed European Digital Credentials (ELM 3.2) for awards and "
    "supplements, and the programme catalogue as ELM learning opportunities",
    "version": "18.0.1.0.0",
    "category": "Education/Micro-credentials",
    "website": "https://github.com/mc-registry/mc-registry",
    "author": "MC Registry Team",
    "maintainers": ["mc-registry"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["mc_credential"],
    "external_dependencies": {"python": ["mc-credentials"]},
    "data": [
        "security/ir.model.access.csv",
        "wizard/mc_seal_certificate_upload_views.xml",
        "views/mc_seal_certificate_views.xml",
        "views/mc_award_views.xml",
        "views/mc_programme_views.xml",
        "templates/mc_edc_templates.xml",
    ],
    "demo": [
        "demo/mc_edc_demo.xml",
    ],
}
