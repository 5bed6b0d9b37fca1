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
    "depends": ["mc_qualification"],
    "data": [
        "security/mc_professional_groups.xml",
    ],
}
