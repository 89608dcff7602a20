#include "report/labels.hpp"
#include "report/work_entry.hpp"

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
     "Tiempo trabajado", "Tiempo en pausas", "Nº de registros", "Registro abierto"},
    "Sí",
    "No",
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
    {"Employee", "ID type", "ID number", "Date", "First clock-in", "Last clock-out", "Time worked",
     "Time on breaks", "Entries", "Open entry"},
    "Yes",
    "No",
};

}  // namespace

const Labels& labels(Lang lang) noexcept {
    return lang == Lang::en ? kEnglish : kSpanish;
}

std::span<const std::string_view> header(Layout layout, Lang lang) noexcept {
    const Labels& l = labels(lang);
    if (layout == Layout::daily) return l.daily_header;
    return layout == Layout::by_group ? std::span<const std::string_view>(l.group_layout_header)
                                      : std::span<const std::string_view>(l.employee_layout_header);
}

}  // namespace reportgen::detail
