import {registry} from "@web/core/registry";

/*
 * A registry officer designs a programme: title, code, partnership, EQF level,
 * two units from two partners; the form classifies it as a CMF micro-credential
 * and explains why; the officer sends it to the partners for approval.
 */
registry.category("web_tour.tours").add("mc_qualification_programme_tour", {
    url: "/odoo/action-mc_qualification.mc_programme_action/new",
    steps: () => [
        {
            content: "Official title",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Data Skills for Nurses",
        },
        {
            content: "Code",
            trigger: ".o_field_widget[name=code] input",
            run: "edit TOUR-DSN",
        },
        {
            content: "Partnership",
            trigger: ".o_field_widget[name=partnership_id] input",
            run: "edit Tour Alliance",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Alliance')",
            run: "click",
        },
        {
            content: "EQF level",
            trigger: ".o_field_widget[name=eqf_level] input",
            run: "edit 6",
        },
        {
            content: "Add a first unit",
            trigger: "div[name=unit_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=unit_ids] .o_selected_row .o_field_widget[name=name] input",
            run: "edit Reading clinical statistics",
        },
        {
            trigger: "div[name=unit_ids] .o_selected_row .o_field_widget[name=ects] input",
            run: "edit 2.5",
        },
        {
            trigger:
                "div[name=unit_ids] .o_selected_row .o_field_widget[name=institution_id] input",
            run: "edit Tour University North",
        },
        {
            trigger:
                ".o-autocomplete--dropdown-item > a:contains('Tour University North')",
            run: "click",
        },
        {
            content: "Add a second unit",
            trigger: "div[name=unit_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=unit_ids] .o_data_row:nth-child(2).o_selected_row .o_field_widget[name=name] input",
            run: "edit Analysing health data",
        },
        {
            trigger: "div[name=unit_ids] .o_selected_row .o_field_widget[name=ects] input",
            run: "edit 2.5",
        },
        {
            trigger:
                "div[name=unit_ids] .o_selected_row .o_field_widget[name=institution_id] input",
            run: "edit Tour University South",
        },
        {
            trigger:
                ".o-autocomplete--dropdown-item > a:contains('Tour University South')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The volume is computed from the units",
            trigger: ".o_form_saved .o_field_widget[name=ects]:contains('5.00')",
        },
        {
            content: "The classification follows from ECTS, EQF and assessment",
            trigger:
                ".o_field_widget[name=suggested_type_id]:contains('CMF micro-credential programme')",
        },
        {
            content: "...with the reason shown",
            trigger:
                ".o_field_widget[name=classification_reason]:contains('5 ECTS (4–6 ECTS), EQF 6')",
        },
        {
            content: "The checklist tells what is missing",
            trigger: ".o_field_widget[name=checklist_summary]:contains('Annex I, mandatory elements')",
        },
        {
            content: "Send it to the partners for approval",
            trigger: "button[name=action_send_for_approval]",
            run: "click",
        },
        {
            content: "The programme is in approval",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In approval')",
        },
        {
            trigger: ".o_field_widget[name=approval_summary]:contains('0 of 2 approved')",
        },
    ],
});
