#include <set>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "reportgen/error.hpp"
#include "reportgen/output_name.hpp"
#include "reportgen/sinks.hpp"
#include "sink/report_output.hpp"

namespace reportgen {

struct EmployeeSplitSink::State {
    ReportRequest req;  // outlives every ReportOutput, which keeps a reference
    const CancelToken* cancel = nullptr;
    std::string path_template;
    // describe() and begin(), copied: each file is described and begun alike.
    bool described = false;
    std::string company;
    CivilDate from, to;
    std::vector<std::string> header;
    std::vector<std::string_view> header_views;

    // Files written, waiting for the renames at finish(): closed, each a
    // hidden temporary file beside its target, so that open descriptors do
    // not grow with the employees (1,500 of them under ulimit -n 1024).
    std::vector<std::unique_ptr<detail::ReportOutput>> done;
    std::unique_ptr<detail::ReportOutput> current;
    RowSink* sink = nullptr;
    std::string key;              // employee of the current file (name and nid)
    bool announced = false;       // worker() opens the files, not the rows' keys
    std::set<std::string> names;  // paths taken (two employees of one name)
    std::vector<std::string> files;
    bool finished = false;

    // An employee's file name fields, read from the first cells of a row.
    struct Who {
        std::string_view name, nid, code;
    };

    ReportInfo info() const { return {company, from, to, req.layout, req.lang}; }

    void check_cancel() const {
        if (cancel && cancel->cancelled())
            throw Error(ErrorKind::cancelled,
                        "report cancelled: no file written (those already renamed were put back)");
    }

    // All files or none: each rename keeps the file it replaces, and a
    // failure or a cancel before the last rename puts every one back.
    void publish_all() {
        detail::log().info("split: publishing {} files", done.size());
        std::size_t published = 0;
        try {
            check_cancel();
            for (auto& out : done) {
                check_cancel();
                out->file()->keep_previous();
                Metrics m;
                m.company_name = company;
                out->publish(m);
                ++published;
            }
            check_cancel();
        } catch (...) {
            roll_back(published);
            done.clear();  // and the temporary files go now, not with the sink
            throw;
        }
        for (const auto& out : done)
            files.push_back(out->path());
        done.clear();  // drops the replaced files' hidden links
    }

    void roll_back(std::size_t published) noexcept {
        std::size_t stuck = 0;
        std::string first;
        for (std::size_t i = published; i-- > 0;) {
            if (done[i]->file()->roll_back()) continue;
            if (stuck++ == 0) first = done[i]->path();
        }
        if (stuck > 0)
            detail::log().error("split: {} of {} published files could not be put back (first: {})",
                                stuck, published, first);
    }

    // The path of an employee's file; a second employee of the same name
    // gets "_2", "_3"... before the extension.
    std::string path_for(const Who& who) {
        OutputNameFields f{req.layout, req.from, req.to, company, who.name, who.nid, who.code};
        const std::string base = expand_output_template(path_template, f);
        std::string path = base;
        const auto slash = base.rfind('/');
        auto dot = base.rfind('.');
        if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
            dot = base.size();
        for (int n = 2; !names.insert(path).second; ++n)
            path = base.substr(0, dot) + "_" + std::to_string(n) + base.substr(dot);
        return path;
    }

    void close_current() {
        if (!current) return;
        Metrics m;
        current->finish(m);
        current->file()->release_descriptor();
        done.push_back(std::move(current));
        sink = nullptr;
    }

    void open(const Who& who) {
        close_current();
        current = std::make_unique<detail::ReportOutput>(req, path_for(who));
        sink = &current->open();
        if (described) sink->describe(info());
        sink->begin(header_views);
    }
};

EmployeeSplitSink::EmployeeSplitSink(const ReportRequest& request, std::string path_template,
                                     const CancelToken* cancel)
    : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.req = request;
    s.cancel = cancel;
    // Layouts whose rows start with the employee's name, identity type and nid.
    if (request.layout != Layout::by_employee && request.layout != Layout::daily &&
        request.layout != Layout::payroll)
        throw usage_error("one file per employee needs the by_employee, daily or payroll layout",
                          "ReportRequest::layout");
    // {code}: the employee code comes from the employees source, which the
    // payroll reads and the register reads as PDF or XLSX (for its header);
    // the layouts announce it with each worker (worker()).
    const bool codes_read =
        request.layout == Layout::payroll ||
        (request.layout == Layout::daily &&
         (request.format == Format::pdf || request.format == Format::xlsx));
    if (has_placeholder(path_template, "code") && !codes_read)
        throw usage_error("output '" + path_template +
                              "': {code} needs the payroll layout, or the daily register as PDF "
                              "or XLSX (only they read the employee codes); use {employee} or "
                              "{nid}",
                          "output path");
    if (path_template.empty() || path_template == "-")
        throw usage_error("one file per employee needs an output name with {employee}",
                          "output path");
    // Expand what is known; {employee} and {company} wait for their values.
    s.path_template =
        expand_output_template(path_template, {request.layout, request.from, request.to, {}, {}});
    const auto slash = s.path_template.rfind('/');
    const std::string name =
        slash == std::string::npos ? s.path_template : s.path_template.substr(slash + 1);
    const std::string dir = slash == std::string::npos ? "" : s.path_template.substr(0, slash);
    auto per_employee = [](const std::string& t) {
        return has_placeholder(t, "employee") || has_placeholder(t, "nid") ||
               has_placeholder(t, "code");
    };
    if (per_employee(dir) || has_placeholder(dir, "company"))
        throw usage_error("output '" + path_template +
                          "': {employee}, {nid}, {code} and {company} may name the file, not a "
                          "directory");
    if (!per_employee(name))
        throw usage_error("output '" + path_template +
                          "': one file per employee needs {employee}, {nid} or {code} in the "
                          "file name");
    // Fail before any request when the directory cannot take the files.
    AtomicFile probe((dir.empty() ? std::string() : dir + "/") + "split-probe");
}

EmployeeSplitSink::~EmployeeSplitSink() = default;

void EmployeeSplitSink::describe(const ReportInfo& info) {
    State& s = *state_;
    s.described = true;
    s.company = std::string(info.company);
    s.from = info.from;
    s.to = info.to;
}

void EmployeeSplitSink::begin(std::span<const std::string_view> header) {
    State& s = *state_;
    s.header.assign(header.begin(), header.end());
    s.header_views.assign(s.header.begin(), s.header.end());
}

// The layouts announce each worker before its rows: that worker's file
// opens here, and its sink is told who the file is about. Every call is a
// new worker, even one whose name and identity number equal the last one's
// (two workers without an identity number, of the same name): rows alone
// could not tell them apart, so once worker() has been called they never
// open a file.
void EmployeeSplitSink::worker(const WorkerInfo& info) {
    State& s = *state_;
    if (s.finished) throw usage_error("EmployeeSplitSink: worker() after finish()");
    std::string code;
    if (info.code) code = std::to_string(*info.code);
    s.open({info.name, info.nid, code});
    s.key.assign(info.name).append(1, '\0').append(info.nid);
    s.announced = true;
    s.sink->worker(info);
}

void EmployeeSplitSink::row(const TypedRow& row) {
    State& s = *state_;
    if (s.finished) throw usage_error("EmployeeSplitSink: row() after finish()");
    // The payroll layout's company TOTAL is no employee's: in no file.
    if (row.whole_report) return;
    // The rows of the worker worker() announced (a row before any
    // announcement is a usage error then: it would have no file).
    if (s.announced) {
        if (s.sink == nullptr) throw usage_error("EmployeeSplitSink: row() before worker()");
        s.sink->row(row);
        return;
    }
    // by_employee, daily and payroll rows (TOTAL rows too) start with the
    // employee's name, identity type and nid.
    const std::string_view name = !row.cells.empty() ? row.cells[0].text : std::string_view();
    const std::string_view nid = row.cells.size() > 2 ? row.cells[2].text : std::string_view();
    std::string key(name);
    key.append(1, '\0').append(nid);
    if (s.sink == nullptr || key != s.key) {
        // The payroll's "Código" (an integer cell; empty when unknown).
        std::string code;
        if (s.req.layout == Layout::payroll && row.cells.size() > 3 &&
            row.cells[3].type == CellType::integer)
            code = std::to_string(row.cells[3].value);
        s.open({name, nid, code});
        s.key = std::move(key);
    }
    s.sink->row(row);
}

void EmployeeSplitSink::finish() {
    State& s = *state_;
    if (s.finished) return;
    s.finished = true;
    s.close_current();
    s.publish_all();
}

const std::vector<std::string>& EmployeeSplitSink::files() const {
    return state_->files;
}

}  // namespace reportgen
