/** @odoo-module **/
// A professional body's portal user records an accreditation decision.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mc_professional_portal_decision", {
    url: "/my",
    steps: () => [
        {
            content: "Open the accreditations from the portal home",
            trigger: "a[href='/my/accreditations']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the accreditation awaiting a decision",
            trigger: "a.o_mc_accreditation_link:contains('Evidence-based Counselling')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Accredit the programme",
            trigger: "form.o_mc_decision_form input#decision_accept",
            run: "click",
        },
        {
            content: "Enter the body's reference",
            trigger: "form.o_mc_decision_form input#reference",
            run: "edit TOUR-2026-001",
        },
        {
            content: "Valid from",
            trigger: "form.o_mc_decision_form input#date_from",
            run() {
                document.querySelector("input#date_from").value = "2026-01-01";
            },
        },
        {
            content: "Valid until",
            trigger: "form.o_mc_decision_form input#date_to",
            run() {
                document.querySelector("input#date_to").value = "2028-12-31";
            },
        },
        {
            content: "Enter the CPD value granted",
            trigger: "form.o_mc_decision_form input#cpd_credits",
            run() {
                document.querySelector("input#cpd_credits").value = "12.5";
            },
        },
        {
            content: "Record the decision",
            trigger: "form.o_mc_decision_form button.o_mc_decision_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The decision is recorded and the programme is accredited",
            trigger: ".o_mc_decision_saved",
        },
        {
            content: "No decision form is offered any more",
            trigger: "body:not(:has(form.o_mc_decision_form))",
        },
    ],
});
