# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Micro-credentials: Stacking and Recognition of Prior Awards",
    "summary": "Recognise verified prior awards and external credentials into a "
    "larger programme, pathways to it and milestone awards naming what stacked",
    "version": "18.0.1.0.0",
    "category": "Education/Micro-credentials",
    "website": "https://github.com/mc-registry/mc-registry",
    "author": "MC Registry Team",
    "maintainers": ["mc-registry"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["mc_credential", "mc_edc", "portal"],
    "external_dependencies": {"python": ["mc-credentials"]},
    "data": [
        "security/ir.model.access.csv",
        "security/mc_stacking_security.xml",
        "views/mc_programme_stacking_views.xml",
        "views/mc_recognition_views.xml",
        "views/mc_trusted_issuer_views.xml",
        "views/mc_enrolment_views.xml",
        "wizard/mc_recognition_upload_views.xml",
        "views/mc_stacking_portal_templates.xml",
        "views/mc_stacking_menus.xml",
        "report/mc_stacking_templates.xml",
    ],
    "demo": [
        "demo/mc_stacking_demo.xml",
    ],
}
