#include "report/labels.hpp"

#include <optional>

#include "report/work_entry.hpp"
#include "reportgen/time.hpp"

namespace reportgen::detail {
namespace {

// Spanish stays the default so that files consumed today keep their shape.
constexpr Labels kSpanish{
    {"Empleado", "Tipo ID", "Nº ID", "Fecha", "Actividad", "Grupo", "Entrada", "Salida",
     "Tiempo Registrado"},
    {"Grupo", "Actividad", "Fecha", "Empleado", "Tipo de identificación", "Nº de identificación",
     "Entrada", "Salida", "Tiempo registrado"},
    "TOTAL",
    "Empleado desconocido",
    "No disponible",
    "dni",
    "Registro normal",
    "Actividad desconocida",
    "Sin Grupo",
    "Informe",
    {"Empleado", "Tipo ID", "Nº ID", "Fecha", "Primera entrada", "Última salida",
     "Tiempo registrado", "Pausas", "Nº de registros", "Registro abierto",
     "Pausas no retribuidas", "Tiempo efectivo", "Horas nocturnas", "Horas teóricas", "Balance",
     "Detalle de pausas", "Incidencias", "Modificado", "Tipo de día", "Lugar", "Horas extra",
     "Días trabajados", "Días de vacaciones", "Días de ausencia", "Validación"},
    {"Empleado", "Tipo ID", "Nº ID", "Código", "Días trabajados", "Tiempo registrado",
     "Pausas retribuidas", "Pausas no retribuidas", "Tiempo efectivo", "Horas teóricas", "Balance",
     "Horas extra", "Horas nocturnas", "Días de vacaciones", "Días de ausencia retribuidos",
     "Días de ausencia no retribuidos", "Festivos trabajados", "Registros abiertos",
     "Sesame: tiempo trabajado", "Sesame: balance", "Sesame: horas nocturnas", "Diferencia",
     "Revisar", "Incidencias", "Validación"},
    "Sí",
    "No",
    "retribuida",
    "Cumplimiento",
    {"Empleado", "Tipo ID", "Nº ID", "Fecha", "Regla", "Descripción", "Valor", "Límite",
     "Detalle"},
    "Periodo",
    "editado",
    "introducido tarde",
    "introducido tarde; editado",
    "eliminado",
    {"sin enviar", "enviado", "aceptado", "rechazado"},
    "parcial",
    "Trabajado",
    "Descanso",
    "Sin registros",
    "Festivo",
    "Vacaciones",
    "Ausencia",
    {"Desconocido", "Presencial", "Remoto", "Mixto"},
};

constexpr Labels kEnglish{
    {"Employee", "ID type", "ID number", "Date", "Activity", "Group", "Clock-in", "Clock-out",
     "Recorded time"},
    {"Group", "Activity", "Date", "Employee", "Identification type", "Identification number",
     "Clock-in", "Clock-out", "Recorded time"},
    "TOTAL",
    "Unknown employee",
    "Not available",
    "dni",
    "Regular entry",
    "Unknown activity",
    "No group",
    "Report",
    {"Employee", "ID type", "ID number", "Date", "First clock-in", "Last clock-out",
     "Recorded time", "Break time", "Entries", "Open entry", "Unpaid break time",
     "Effective time", "Night time", "Planned time", "Balance", "Breaks", "Incidents",
     "Modified", "Kind of day", "Place", "Overtime", "Days worked", "Vacation days",
     "Absence days", "Validation"},
    {"Employee", "ID type", "ID number", "Code", "Days worked", "Recorded time", "Paid break time",
     "Unpaid break time", "Effective time", "Planned time", "Balance", "Overtime", "Night time",
     "Vacation days", "Paid absence days", "Unpaid absence days", "Holidays worked",
     "Open entries", "Sesame: time worked", "Sesame: balance", "Sesame: night time", "Difference",
     "Check", "Incidents", "Validation"},
    "Yes",
    "No",
    "paid",
    "Compliance",
    {"Employee", "ID type", "ID number", "Date", "Rule", "Description", "Value", "Limit",
     "Detail"},
    "Period",
    "edited",
    "entered late",
    "entered late; edited",
    "deleted",
    {"not sent", "sent", "accepted", "rejected"},
    "partial",
    "Worked",
    "Rest",
    "No entries",
    "Holiday",
    "Vacation",
    "Absence",
    {"Unknown", "On-site", "Remote", "Mixed"},
};

constexpr PdfLabels kSpanishPdf{
    "Registro diario de jornada",
    "Resumen para nómina",
    "Empresa",
    "Periodo",
    "Firma de la empresa",
    "Firma de la persona trabajadora",
    "En ______________________________, a ______ de ____________________ de __________",
    "Página",
    "de",
    "Sin registros en el periodo.",
    "Código de empleado",
    "Nº afiliación SS",
    "Jornada",
    "planificadas en el periodo",
    "Validación",
    "No disponible",
};

constexpr PdfLabels kEnglishPdf{
    "Daily working time register",
    "Payroll summary",
    "Company",
    "Period",
    "Company's signature",
    "Worker's signature",
    "Place: ______________________________     Date: ______ / ______ / __________",
    "Page",
    "of",
    "No entries in the period.",
    "Employee code",
    "Social Security no.",
    "Workday",
    "planned in the period",
    "Validation",
    "Not available",
};

}  // namespace

const Labels& labels(Lang lang) noexcept {
    return lang == Lang::en ? kEnglish : kSpanish;
}

const PdfLabels& pdf_labels(Lang lang) noexcept {
    return lang == Lang::en ? kEnglishPdf : kSpanishPdf;
}

std::span<const std::string_view> header(Layout layout, Lang lang) noexcept {
    const Labels& l = labels(lang);
    if (layout == Layout::daily) return l.daily_header;
    if (layout == Layout::payroll) return l.payroll_header;
    if (layout == Layout::incidents) return l.incident_header;
    return layout == Layout::by_group ? std::span<const std::string_view>(l.group_layout_header)
                                      : std::span<const std::string_view>(l.employee_layout_header);
}

std::string validation_text(const ShownValidation& shown, const Labels& l) {
    const CheckValidation* v = shown.validation;
    if (v == nullptr) return {};
    std::string out(l.validation_status[static_cast<int>(v->status)]);
    std::optional<int32_t> day;
    if (v->status == ValidationStatus::sent) day = v->last_sent_day.value_or(v->updated_day);
    if (v->status == ValidationStatus::accepted || v->status == ValidationStatus::rejected)
        day = v->updated_day;
    if (day) out.append(" ").append(format_iso_date(civil_from_days(*day)));
    if (shown.partial) out.append(" (").append(l.validation_partial).append(")");
    return out;
}

std::array<Cell, 9> incident_cells(const IncidentSummary& i, const Labels& l) noexcept {
    return {Cell::str(i.name),
            Cell::str(i.identity_type),
            Cell::str(i.nid),
            i.period ? Cell::str(l.period) : Cell::date(i.workday),
            Cell::str(i.rule),
            Cell::str(i.label),
            Cell::duration(i.value_s),
            Cell::duration(i.limit_s),
            Cell::str(i.detail)};
}

}  // namespace reportgen::detail
