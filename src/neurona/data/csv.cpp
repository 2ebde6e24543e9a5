#include "neurona/data/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include "neurona/names.hpp"

namespace neurona {

namespace {

// One non-blank line of the file, split into fields, with its 1-based line number.
struct Line {
    std::size_t number;
    std::vector<std::string> fields;
};

std::string trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// Splits one line at `delimiter`, outside double quotes; a quoted field loses its quotes
// and "" inside it stands for one quote (RFC 4180).
std::vector<std::string> split_fields(const std::string& line, char delimiter) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == delimiter) {
            fields.push_back(trim(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(trim(field));
    return fields;
}

std::vector<Line> read_lines(const std::string& path, char delimiter) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the CSV file");
    std::vector<Line> lines;
    std::string text;
    for (std::size_t number = 1; std::getline(in, text); ++number) {
        if (!text.empty() && text.back() == '\r') text.pop_back();  // a Windows line end
        if (trim(text).empty()) continue;
        lines.push_back({number, split_fields(text, delimiter)});
    }
    return lines;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// How pandas spells a missing value (a subset of its na_values).
bool is_missing(const std::string& field) {
    const std::string f = lower(field);
    return f.empty() || f == "na" || f == "nan" || f == "n/a" || f == "null";
}

// The whole field as a finite double, or false. from_chars is locale-independent, so
// "0.5" reads the same under a German locale.
bool parse_number(const std::string& field, double& value) {
    const char* begin = field.data();
    const char* end = begin + field.size();
    if (begin != end && *begin == '+') ++begin;  // from_chars does not take a leading '+'
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return ec == std::errc() && ptr == end && begin != end && std::isfinite(value);
}

std::string where(const std::string& path, const Line& line) {
    return path + ":" + std::to_string(line.number) + ": ";
}

// A header must give every column its own, non-empty name, or column() could not find it.
void check_names(const std::string& path, const Line& line, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i].empty())
            throw std::runtime_error(where(path, line) + "the header has no name for column " + std::to_string(i + 1) +
                                     " (a metadata line above the header? see CsvOptions::skip_rows)");
    for (std::size_t i = 0; i < names.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (names[i] == names[j])
                throw std::runtime_error(where(path, line) + "the header names column '" + names[i] +
                                         "' twice (columns " + std::to_string(j + 1) + " and " +
                                         std::to_string(i + 1) + ")");
}

// The rows lines[first..] as numbers under `names`.
CsvTable make_table(const std::string& path, const std::vector<Line>& lines, std::size_t first,
                    std::vector<std::string> names) {
    if (first >= lines.size()) throw std::runtime_error(path + ": no data rows");
    CsvTable table;
    table.names = std::move(names);
    const std::size_t cols = table.names.size();
    std::vector<Scalar> values;
    values.reserve((lines.size() - first) * cols);
    for (std::size_t r = first; r < lines.size(); ++r) {
        const Line& line = lines[r];
        if (line.fields.size() != cols)
            throw std::runtime_error(where(path, line) + "expected " + std::to_string(cols) +
                                     " fields, found " + std::to_string(line.fields.size()));
        for (std::size_t c = 0; c < cols; ++c) {
            const std::string& field = line.fields[c];
            double value = 0;
            if (is_missing(field))
                throw std::runtime_error(where(path, line) + "column '" + table.names[c] + "': missing value" +
                                         (field.empty() ? " (empty field)" : " ('" + field + "')"));
            // Finite as a double but not as a float (1e39) would become inf in training.
            if (!parse_number(field, value) || !std::isfinite(static_cast<Scalar>(value)))
                throw std::runtime_error(where(path, line) + "column '" + table.names[c] +
                                         "': not a finite number: '" + field + "'");
            values.push_back(static_cast<Scalar>(value));
        }
    }
    table.data = Matrix(lines.size() - first, cols, std::move(values));
    return table;
}

std::vector<std::string> numbered_names(const std::string& prefix, std::size_t n) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < n; ++i) names.push_back(prefix + std::to_string(i));
    return names;
}

std::size_t parse_count(const std::string& path, const Line& line, const std::string& field,
                        const char* what) {
    double value = 0;
    if (!parse_number(field, value) || value < 0 || value != std::floor(value))
        throw std::runtime_error(where(path, line) + "expected scikit-learn's metadata line "
                                 "'samples,features[,class names...]', but the " + std::string(what) +
                                 " is '" + field + "'");
    return static_cast<std::size_t>(value);
}

}  // namespace

std::size_t CsvTable::index(const std::string& name) const {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
    throw std::invalid_argument("CsvTable: no column '" + name + "'; the columns are: " + join_names(names));
}

Matrix CsvTable::column(const std::string& name) const { return columns({name}); }

Matrix CsvTable::columns(const std::vector<std::string>& wanted) const {
    std::vector<std::size_t> picked;
    for (const auto& name : wanted) picked.push_back(index(name));
    Matrix out(rows(), picked.size());
    for (std::size_t r = 0; r < rows(); ++r)
        for (std::size_t c = 0; c < picked.size(); ++c) out(r, c) = data(r, picked[c]);
    return out;
}

std::vector<std::string> CsvTable::names_without(const std::vector<std::string>& dropped) const {
    for (const auto& name : dropped) index(name);  // an unknown name is an error, not a no-op
    std::vector<std::string> kept;
    for (const auto& name : names)
        if (std::find(dropped.begin(), dropped.end(), name) == dropped.end()) kept.push_back(name);
    return kept;
}

Matrix CsvTable::drop(const std::vector<std::string>& dropped) const {
    return columns(names_without(dropped));
}

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
    const std::vector<Line> lines = read_lines(path, options.delimiter);
    const std::size_t first = options.skip_rows;
    if (first >= lines.size())
        throw std::runtime_error(path + ": no " + (options.header ? "header" : "data") + " after skipping " +
                                 std::to_string(options.skip_rows) + " line(s)");
    if (options.header) {
        check_names(path, lines[first], lines[first].fields);
        return make_table(path, lines, first + 1, lines[first].fields);
    }
    const std::size_t fields = lines[first].fields.size();
    if (options.names.empty()) return make_table(path, lines, first, numbered_names("", fields));
    if (options.names.size() != fields)
        throw std::runtime_error(where(path, lines[first]) + "CsvOptions::names has " +
                                 std::to_string(options.names.size()) + " names, but the rows have " +
                                 std::to_string(fields) + " fields");
    check_names(path, lines[first], options.names);
    return make_table(path, lines, first, options.names);
}

SklearnCsv read_sklearn_csv(const std::string& path, const std::vector<std::string>& feature_names) {
    const std::vector<Line> lines = read_lines(path, ',');
    if (lines.empty()) throw std::runtime_error(path + ": the file is empty");
    const Line& meta = lines[0];
    if (meta.fields.size() < 2)
        throw std::runtime_error(where(path, meta) + "expected scikit-learn's metadata line "
                                 "'samples,features[,class names...]', found one field");
    const std::size_t samples = parse_count(path, meta, meta.fields[0], "sample count");
    const std::size_t features = parse_count(path, meta, meta.fields[1], "feature count");
    SklearnCsv out;
    for (std::size_t i = 2; i < meta.fields.size(); ++i)
        if (!meta.fields[i].empty()) out.target_names.push_back(meta.fields[i]);

    // boston_house_prices.csv alone has a header row; its first field is a name, not a number.
    double first_value = 0;
    const bool header = lines.size() > 1 && !lines[1].fields.empty() && !parse_number(lines[1].fields[0], first_value) &&
                        !is_missing(lines[1].fields[0]);
    const std::size_t first = header ? 2 : 1;
    if (first < lines.size() && lines[first].fields.size() != features + 1)
        throw std::runtime_error(where(path, lines[first]) + "the metadata line announces " + std::to_string(features) +
                                 " features (+ 1 target column), but the row has " +
                                 std::to_string(lines[first].fields.size()) + " fields");
    std::vector<std::string> names;
    if (header) {
        names = lines[1].fields;
        check_names(path, lines[1], names);
    } else {
        if (!feature_names.empty() && feature_names.size() != features)
            throw std::runtime_error(path + ": " + std::to_string(feature_names.size()) +
                                     " feature names given, but the file has " + std::to_string(features) +
                                     " features");
        names = feature_names.empty() ? numbered_names("feature_", features) : feature_names;
        names.push_back("target");
        check_names(path, meta, names);
    }
    out.table = make_table(path, lines, first, std::move(names));
    if (out.table.rows() != samples)
        throw std::runtime_error(path + ": the metadata line announces " + std::to_string(samples) +
                                 " samples, but the file has " + std::to_string(out.table.rows()) + " rows");
    return out;
}

}  // namespace neurona
