/** @odoo-module */
// An officer records the results of a learner and issues the award.
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

function recordResult(unit, grade) {
    return [
        {
            content: `Add the result of ${unit}`,
            trigger: 'div[name="result_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Choose the unit",
            trigger: 'div[name="result_ids"] .o_selected_row [name="unit_id"] input',
            run: `edit ${unit}`,
        },
        {
            trigger: `.ui-menu-item-wrapper:contains("${unit}")`,
            run: "click",
        },
        {
            content: "Enter the grade",
            trigger: 'div[name="result_ids"] .o_selected_row [name="grade"] input',
            run: `edit ${grade}`,
        },
    ];
}

registry.category("web_tour.tours").add("mc_award_tour", {
    url: "/odoo/action-mc_qualification.mc_enrolment_action",
    steps: () => [
        {
            content: "Open the enrolment of the learner",
            trigger: '.o_data_row td:contains("Tour Learner")',
            run: "click",
        },
        {
            trigger: '.o_form_view div[name="completion_note"]:contains("not passed")',
        },
        ...recordResult("Statistics", "16"),
        ...stepUtils.saveForm(),
        {
            trigger: '.o_form_view div[name="completion_note"]:contains("Machine Learning")',
        },
        ...recordResult("Machine Learning", "27"),
        ...stepUtils.saveForm(),
        {
            content: "The enrolment is complete",
            trigger: '.o_form_view .alert-success div[name="completion_note"]:contains("Complete")',
        },
        {
            content: "Issue the award",
            trigger: 'button[name="action_issue_award"]',
            run: "click",
        },
        {
            content: "The award is issued",
            trigger:
                '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Issued")',
        },
        {
            trigger: '.o_form_view div[name="line_ids"] td:contains("BLEUVEN01/")',
        },
    ],
});
