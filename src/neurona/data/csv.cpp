#include "neurona/data/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include "neurona/names.hpp"

namespace neurona {

namespace {

// One non-blank line of the file, split into fields, with its 1-based line number.
struct Line {
    std::size_t number = 0;
    std::vector<std::string> fields;
};

std::string trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return "";
    return std::string(s.substr(begin, s.find_last_not_of(" \t") - begin + 1));
}

// Splits one line at `delimiter`, outside double quotes, into `fields` (reusing its strings);
// a quoted field loses its quotes and "" inside it stands for one quote (RFC 4180).
void split_fields(std::string_view line, char delimiter, std::vector<std::string>& fields) {
    fields.clear();
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
}

// The whole file, in one read, without the UTF-8 byte-order mark that some editors (and
// Excel's "CSV UTF-8") put at its start: it would otherwise become, invisibly, part of the
// first column's name.
std::string read_text(const std::string& path) {
    if (std::error_code ec; std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path + ": cannot open the CSV file: it is a folder");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the CSV file");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error(path + ": read error");
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    return text;
}

// The non-blank lines of a text, one at a time, split into fields. Lines may end in LF
// (Unix), CR LF (Windows) or a lone CR (old Mac OS, and Excel for Mac's "CSV" export).
// Memory: the text and one line's fields, never every line at once.
class LineReader {
public:
    LineReader(const std::string& text, char delimiter) : text_(text), delimiter_(delimiter) {}

    // The next non-blank line into `line`; false at the end of the text.
    bool next(Line& line) {
        while (pos_ < text_.size()) {
            const std::size_t end = std::min(text_.find_first_of("\r\n", pos_), text_.size());
            const std::string_view view(text_.data() + pos_, end - pos_);
            ++number_;
            pos_ = end + (text_.compare(end, 2, "\r\n") == 0 ? 2 : 1);
            if (view.find_first_not_of(" \t") == std::string_view::npos) continue;
            line.number = number_;
            split_fields(view, delimiter_, line.fields);
            return true;
        }
        return false;
    }

private:
    const std::string& text_;
    char delimiter_;
    std::size_t pos_ = 0, number_ = 0;
};

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
// Repeated names are found by sorting (O(n log n): a header of 200,000 columns is checked in
// milliseconds); the one reported is the first column that repeats an earlier name.
void check_names(const std::string& path, const Line& line, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i].empty())
            throw std::runtime_error(where(path, line) + "the header has no name for column " + std::to_string(i + 1) +
                                     " (a metadata line above the header? see CsvOptions::skip_rows)");
    std::vector<std::size_t> order(names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    // Equal names are neighbours in `order`, in file order (the sort is stable): a group's
    // second column is the first to repeat its name.
    std::size_t first = 0, repeat = names.size();  // repeat == names.size(): none
    for (std::size_t k = 0, end = 0; k < order.size(); k = end) {
        for (end = k + 1; end < order.size() && names[order[end]] == names[order[k]];) ++end;
        if (end - k > 1 && order[k + 1] < repeat) {
            first = order[k];
            repeat = order[k + 1];
        }
    }
    if (repeat != names.size())
        throw std::runtime_error(where(path, line) + "the header names column '" + names[repeat] + "' twice (columns " +
                                 std::to_string(first + 1) + " and " + std::to_string(repeat + 1) + ")");
}

// The rows of `lines` (starting with `first` when given) as numbers under `names`.
CsvTable read_table(const std::string& path, LineReader& lines, const Line* first, std::vector<std::string> names) {
    CsvTable table;
    table.names = std::move(names);
    const std::size_t cols = table.names.size();
    std::vector<Scalar> values;
    std::size_t rows = 0;
    Line line;
    if (first) line = *first;
    for (bool more = first != nullptr || lines.next(line); more; more = lines.next(line)) {
        ++rows;
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
    if (rows == 0) throw std::runtime_error(path + ": no data rows");
    table.data = Matrix(rows, cols, std::move(values));
    return table;
}

std::vector<std::string> numbered_names(const std::string& prefix, std::size_t n) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < n; ++i) names.push_back(prefix + std::to_string(i));
    return names;
}

// A count of scikit-learn's metadata line: digits only ("150", not "1.5e2" or "-1"), and at
// most `most`, which the caller derives from the file's size.
std::size_t parse_count(const std::string& path, const Line& line, const std::string& field, const char* what) {
    std::size_t value = 0;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (field.empty() || ec != std::errc() || ptr != end || field.find_first_not_of("0123456789") != std::string::npos)
        throw std::runtime_error(where(path, line) + "expected scikit-learn's metadata line "
                                 "'samples,features[,class names...]', but the " + std::string(what) +
                                 " is '" + field + "', expected a whole number (0, 1, 2, ...)");
    return value;
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
    const std::string text = read_text(path);
    LineReader lines(text, options.delimiter);
    Line first;
    for (std::size_t skipped = 0; skipped <= options.skip_rows; ++skipped)
        if (!lines.next(first))
            throw std::runtime_error(path + ": no " + (options.header ? "header" : "data") + " after skipping " +
                                     std::to_string(options.skip_rows) + " line(s)");
    if (options.header) {
        check_names(path, first, first.fields);
        return read_table(path, lines, nullptr, first.fields);
    }
    const std::size_t fields = first.fields.size();
    if (options.names.empty()) return read_table(path, lines, &first, numbered_names("", fields));
    if (options.names.size() != fields)
        throw std::runtime_error(where(path, first) + "CsvOptions::names has " +
                                 std::to_string(options.names.size()) + " names, but the rows have " +
                                 std::to_string(fields) + " fields");
    check_names(path, first, options.names);
    return read_table(path, lines, &first, options.names);
}

SklearnCsv read_sklearn_csv(const std::string& path, const std::vector<std::string>& feature_names) {
    const std::string text = read_text(path);
    LineReader lines(text, ',');
    Line meta;
    if (!lines.next(meta)) throw std::runtime_error(path + ": the file is empty");
    if (meta.fields.size() < 2)
        throw std::runtime_error(where(path, meta) + "expected scikit-learn's metadata line "
                                 "'samples,features[,class names...]', found one field");
    const std::size_t samples = parse_count(path, meta, meta.fields[0], "sample count");
    const std::size_t features = parse_count(path, meta, meta.fields[1], "feature count");
    // Checked against the file's size before anything is allocated for them: a row of
    // features + 1 fields takes at least 2 * features + 1 bytes (one character per field and
    // the commas), and a line end between rows.
    if (features == 0)
        throw std::runtime_error(where(path, meta) + "the metadata line announces 0 features; expected at least 1");
    if (features > (text.size() - 1) / 2)
        throw std::runtime_error(where(path, meta) + "the metadata line announces " + meta.fields[1] +
                                 " features, more than the file can hold: a row of " + meta.fields[1] +
                                 " + 1 fields takes at least twice as many bytes, and the file has " +
                                 std::to_string(text.size()));
    if (samples > (text.size() + 1) / (2 * features + 2))
        throw std::runtime_error(where(path, meta) + "the metadata line announces " + meta.fields[0] + " samples of " +
                                 meta.fields[1] + " features, more than the file's " + std::to_string(text.size()) +
                                 " bytes can hold");
    SklearnCsv out;
    for (std::size_t i = 2; i < meta.fields.size(); ++i)
        if (!meta.fields[i].empty()) out.target_names.push_back(meta.fields[i]);

    // boston_house_prices.csv alone has a header row; its first field is a name, not a number.
    Line header, row;
    if (!lines.next(header))
        throw std::runtime_error(path + ": no data rows (the metadata line announces " + meta.fields[0] + " samples)");
    double first_value = 0;
    const bool has_header = !parse_number(header.fields[0], first_value) && !is_missing(header.fields[0]);
    if (!has_header) row = header;
    else if (!lines.next(row)) throw std::runtime_error(path + ": no data rows after the header");
    if (row.fields.size() != features + 1)
        throw std::runtime_error(where(path, row) + "the metadata line announces " + std::to_string(features) +
                                 " features (+ 1 target column), but the row has " +
                                 std::to_string(row.fields.size()) + " fields");
    std::vector<std::string> names;
    if (has_header) {
        names = header.fields;
        check_names(path, header, names);
    } else {
        if (!feature_names.empty() && feature_names.size() != features)
            throw std::runtime_error(path + ": " + std::to_string(feature_names.size()) +
                                     " feature names given, but the file has " + std::to_string(features) +
                                     " features");
        names = feature_names.empty() ? numbered_names("feature_", features) : feature_names;
        names.push_back("target");
        check_names(path, meta, names);
    }
    out.table = read_table(path, lines, &row, std::move(names));
    if (out.table.rows() != samples)
        throw std::runtime_error(path + ": the metadata line announces " + std::to_string(samples) +
                                 " samples, but the file has " + std::to_string(out.table.rows()) + " rows");
    return out;
}

}  // namespace neurona
