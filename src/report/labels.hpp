#pragma once
// Every user-visible word of a report, per language.
#include <array>
#include <span>
#include <string>
#include <string_view>

#include "report/payroll_sources.hpp"
#include "reportgen/config.hpp"
#include "reportgen/row.hpp"

namespace reportgen::detail {

struct Labels {
    std::string_view employee_layout_header[9];
    std::string_view group_layout_header[9];
    std::string_view total;
    std::string_view unknown_employee;
    std::string_view not_available;
    std::string_view default_identity_type;
    std::string_view regular_entry;
    std::string_view unknown_activity;
    std::string_view no_group;
    std::string_view sheet_name;
    std::string_view daily_header[25];    // Layout::daily
    std::string_view payroll_header[25];  // Layout::payroll
    std::string_view yes;
    std::string_view no;
    std::string_view paid_break;  // a paid break in the daily register's list
    // The compliance incidents (Layout::incidents, the XLSX sheet of that name).
    std::string_view incident_sheet;
    std::string_view incident_header[9];
    std::string_view period;  // the date cell of an incident about the whole period
    // What happened to an entry, on the "Modificaciones" sheet
    // (docs/DESIGN.md "Traceability and place of work").
    std::string_view change_edited;
    std::string_view change_late;
    std::string_view change_late_edited;
    std::string_view change_deleted;
    // The worker's validation of the period (check-validation), by
    // ValidationStatus, and the mark of one that covers part of the period.
    std::string_view validation_status[4];
    std::string_view validation_partial;
    // The daily register's "Tipo de día" (docs/DESIGN.md "The register's
    // calendar"): holiday and absence are followed by ": " and the name.
    std::string_view day_worked;
    std::string_view day_rest;
    std::string_view day_no_entries;  // a day of planned work without entries
    std::string_view day_holiday;
    std::string_view day_vacation;
    std::string_view day_absence;
    // The daily register's "Lugar", by places.hpp DayPlace minus one:
    // unknown, on site, remote, mixed.
    std::string_view place[4];
};
const Labels& labels(Lang lang) noexcept;

// The words of a PDF page around the table (src/sink/pdf_sink.cpp). Apart
// from Labels so that adding one does not reorder the table headers'.
struct PdfLabels {
    std::string_view register_title;  // Layout::daily
    std::string_view payroll_title;   // Layout::payroll
    std::string_view company;
    std::string_view period;
    std::string_view company_signature;
    std::string_view worker_signature;
    std::string_view place_and_date;  // the line to fill in by hand
    std::string_view page;            // "Página" in "Página 2 de 3"
    std::string_view of;              // "de"
    std::string_view no_rows;         // the page of a report without rows
    // The register's header per worker (docs/DESIGN.md "PDF"): the employee
    // code, the Social Security number, the workday (the period's planned
    // time, "<HH:MM:SS> h" + planned_in_period) and the validation; a value
    // the sources do not give is not_available (as Labels::not_available).
    std::string_view code;
    std::string_view ssn;
    std::string_view workday;
    std::string_view planned_in_period;
    std::string_view validation;
    std::string_view not_available;
};
const PdfLabels& pdf_labels(Lang lang) noexcept;

// The validation a report shows (docs/DESIGN.md "The worker's validation"):
// "aceptado 2024-02-02" (accepted or rejected: the date of updatedAt; sent:
// of lastSent), "sin enviar", + " (parcial)"; empty when there is none.
std::string validation_text(const ShownValidation& shown, const Labels& labels);
std::span<const std::string_view> header(Layout layout, Lang lang) noexcept;

// One incident as a row of incident_header's columns: employee, ID type,
// ID number, date (`period` for a period incident), rule, label, value,
// limit, detail. Shared by --type incidents and the XLSX compliance sheet.
std::array<Cell, 9> incident_cells(const IncidentSummary& incident, const Labels& labels) noexcept;

}  // namespace reportgen::detail
