#pragma once
// A validator for the subset of OpenAPI 3.0 schemas that
// docs/sesame-openapi-subset.json uses: $ref, type (object, array, string,
// number, integer, boolean), properties, items, required, enum, nullable,
// allOf/anyOf/oneOf and the string formats uuid, date, email and the
// vendor's Y-m-dTH:i:sP. Each mismatch names its JSON path ("$.data[3].
// workEntryIn.coordinates.latitude") and what was expected.
//
// Reading of the document where it is silent (docs/API.md is the evidence):
// - No response property is `required`: an absent field is not a mismatch
//   here; tests list the fields they need with missing_fields().
// - Only `personalMail` is marked `nullable`, yet docs/API.md records nulls for a
//   work entry's workCheckTypeId, nid, workEntryOut, workEntryOut.date and
//   deletedAt. A null is accepted only where the schema says nullable or the
//   caller lists its path pattern (indices written "[]", e.g.
//   "data[].workEntryOut.date"); anywhere else it is a mismatch.
// - Properties the schema does not name are allowed (no
//   additionalProperties in the document), and are not checked.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace reportgen::test {

using json = nlohmann::json;

struct Mismatch {
    std::string path;  // "$.data[0].employee.id"
    std::string what;  // "expected a string, got number"
};

inline std::string describe_mismatches(const std::vector<Mismatch>& ms) {
    std::string s;
    for (const auto& m : ms)
        s += m.path + ": " + m.what + "\n";
    return s;
}

class SchemaValidator {
  public:
    // `document` must outlive the validator ($ref targets are read from it).
    SchemaValidator(const json& document, std::set<std::string> nullable_patterns = {})
        : doc_(document), nullable_(std::move(nullable_patterns)) {}

    std::vector<Mismatch> validate(const json& schema, const json& value) const {
        std::vector<Mismatch> out;
        check(schema, value, "$", "", out, 0);
        return out;
    }

  private:
    static std::string type_name(const json& v) {
        if (v.is_null()) return "null";
        if (v.is_object()) return "object";
        if (v.is_array()) return "array";
        if (v.is_string()) return "string";
        if (v.is_boolean()) return "boolean";
        if (v.is_number_integer()) return "integer";
        return "number";
    }

    static std::string join(const std::string& base, const std::string& key) {
        return base.empty() ? key : base + "." + key;
    }

    const json& resolve(const json& schema, const std::string& path) const {
        const auto ref = schema.find("$ref");
        if (ref == schema.end()) return schema;
        const std::string target = ref->get<std::string>();
        if (target.rfind("#/", 0) != 0)
            throw std::runtime_error(path + ": external $ref " + target);
        return resolve(doc_.at(json::json_pointer(target.substr(1))), path);
    }

    static bool format_ok(const std::string& format, const std::string& s) {
        static const std::regex uuid(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            "[0-9a-fA-F]{12}$");
        static const std::regex date("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        // PHP's `P`: the offset as +hh:mm (never "Z").
        static const std::regex php_atom(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$");
        static const std::regex email("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
        if (format == "uuid") return std::regex_match(s, uuid);
        if (format == "date") return std::regex_match(s, date);
        if (format == "Y-m-dTH:i:sP") return std::regex_match(s, php_atom);
        if (format == "email") return std::regex_match(s, email);
        return true;  // float and others: no string constraint
    }

    // Validates against each alternative; returns how many matched.
    std::size_t count_matches(const json& alternatives, const json& value, const std::string& path,
                              const std::string& pattern, int depth) const {
        std::size_t n = 0;
        for (const auto& alt : alternatives) {
            std::vector<Mismatch> tmp;
            check(alt, value, path, pattern, tmp, depth + 1);
            n += tmp.empty();
        }
        return n;
    }

    void check(const json& raw, const json& value, const std::string& path,
               const std::string& pattern, std::vector<Mismatch>& out, int depth) const {
        if (depth > 64) throw std::runtime_error(path + ": schema nested too deep (a $ref cycle?)");
        const json& schema = resolve(raw, path);
        if (const auto all = schema.find("allOf"); all != schema.end()) {
            for (const auto& part : *all)
                check(part, value, path, pattern, out, depth + 1);
        }
        if (const auto any = schema.find("anyOf"); any != schema.end()) {
            if (count_matches(*any, value, path, pattern, depth) == 0)
                out.push_back({path, "matches none of anyOf, got " + type_name(value)});
        }
        if (const auto one = schema.find("oneOf"); one != schema.end()) {
            const std::size_t n = count_matches(*one, value, path, pattern, depth);
            if (n != 1)
                out.push_back({path, "matches " + std::to_string(n) + " of oneOf, expected one"});
        }
        if (value.is_null()) {
            const bool nullable = schema.value("nullable", false) || nullable_.count(pattern) > 0;
            if (!nullable && schema.contains("type"))
                out.push_back({path, "null, expected " + schema["type"].get<std::string>()});
            return;
        }
        if (const auto e = schema.find("enum"); e != schema.end()) {
            if (std::find(e->begin(), e->end(), value) == e->end())
                out.push_back({path, value.dump() + " is not one of " + e->dump()});
        }
        const auto t = schema.find("type");
        if (t == schema.end()) return;
        const std::string type = t->get<std::string>();
        const std::string got = type_name(value);
        if (type == "object") {
            if (!value.is_object()) return out.push_back({path, "expected an object, got " + got});
            check_object(schema, value, path, pattern, out, depth);
        } else if (type == "array") {
            if (!value.is_array()) return out.push_back({path, "expected an array, got " + got});
            if (const auto items = schema.find("items"); items != schema.end()) {
                for (std::size_t i = 0; i < value.size(); ++i)
                    check(*items, value[i], path + "[" + std::to_string(i) + "]", pattern + "[]",
                          out, depth + 1);
            }
        } else if (type == "string") {
            if (!value.is_string()) return out.push_back({path, "expected a string, got " + got});
            const std::string format = schema.value("format", "");
            if (!format_ok(format, value.get<std::string>()))
                out.push_back({path, value.dump() + " is not of format " + format});
        } else if (type == "integer") {
            if (!value.is_number_integer())
                out.push_back({path, "expected an integer, got " + got});
        } else if (type == "number") {
            if (!value.is_number()) out.push_back({path, "expected a number, got " + got});
        } else if (type == "boolean") {
            if (!value.is_boolean()) out.push_back({path, "expected a boolean, got " + got});
        } else {
            throw std::runtime_error(path + ": schema type " + type + " not in the subset");
        }
    }

    void check_object(const json& schema, const json& value, const std::string& path,
                      const std::string& pattern, std::vector<Mismatch>& out, int depth) const {
        if (const auto req = schema.find("required"); req != schema.end()) {
            for (const auto& name : *req) {
                if (!value.contains(name.get<std::string>()))
                    out.push_back({join(path, name.get<std::string>()), "required, missing"});
            }
        }
        const auto props = schema.find("properties");
        if (props == schema.end()) return;
        for (const auto& [name, sub] : props->items()) {
            const auto v = value.find(name);
            if (v == value.end()) continue;
            check(sub, *v, join(path, name), join(pattern, name), out, depth + 1);
        }
    }

    const json& doc_;
    std::set<std::string> nullable_;
};

// Paths ("data[].workEntryIn.coordinates.latitude") absent from `value`, for
// every element of each array on the way; a null object on the way stops
// that branch (nulls are the validator's business).
inline void missing_fields(const json& value, const std::string& pattern, const std::string& path,
                           std::vector<Mismatch>& out) {
    if (pattern.empty()) return;
    const auto dot = pattern.find('.');
    std::string head = pattern.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : pattern.substr(dot + 1);
    const bool each = head.size() > 2 && head.ends_with("[]");
    if (each) head.resize(head.size() - 2);
    const std::string here = path + "." + head;
    if (!value.is_object() || !value.contains(head)) {
        out.push_back({here, "missing"});
        return;
    }
    const json& v = value[head];
    if (!each) {
        if (!v.is_null()) missing_fields(v, rest, here, out);
        return;
    }
    if (!v.is_array()) {
        out.push_back({here, "expected an array"});
        return;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!rest.empty() && !v[i].is_null())
            missing_fields(v[i], rest, here + "[" + std::to_string(i) + "]", out);
    }
}

}  // namespace reportgen::test
