/// @file csv.hpp
/// Reading numeric CSV files into named columns, as pandas.read_csv does for the course's
/// tables: CsvTable t = read_csv("housing.csv"); Matrix X = t.drop({"MEDV"});
/// Matrix y = t.column("MEDV");
///
/// Also reads the CSV files that scikit-learn ships (sklearn/datasets/data/): their first
/// line is metadata ("506,13" or "150,4,setosa,versicolor,virginica": samples, features,
/// class names), then, only in boston_house_prices.csv, a header row, then the data with
/// the target in the last column. read_sklearn_csv understands that layout; read_csv with
/// CsvOptions::skip_rows = 1 reads boston_house_prices.csv as a plain table.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

/// A table of numbers with named columns: data is (rows, names.size()), one row per record.
struct CsvTable {
    std::vector<std::string> names;  ///< The column names, in file order.
    Matrix data;                     ///< (rows, names.size()), one row per record.

    std::size_t rows() const { return data.rows(); }   ///< The number of records.
    std::size_t cols() const { return names.size(); }  ///< The number of columns.
    /// The position of column `name`. Throws std::invalid_argument naming it and listing
    /// the known columns when there is no such column.
    std::size_t index(const std::string& name) const;
    /// Column `name` as a (rows, 1) matrix (a target y). Throws as index().
    Matrix column(const std::string& name) const;
    /// The columns `names`, in that order, as (rows, names.size()) (the features X).
    /// Throws as index().
    Matrix columns(const std::vector<std::string>& names) const;
    /// Every column except `names`, in file order (pandas' df.drop(columns=...)).
    /// Throws as index() for a name that is not a column.
    Matrix drop(const std::vector<std::string>& names) const;
    /// The names of the columns that drop(names) keeps, in the same order.
    std::vector<std::string> names_without(const std::vector<std::string>& names) const;
};

/// How read_csv reads a file.
struct CsvOptions {
    /// The field separator.
    char delimiter = ',';
    /// Lines skipped at the top before the header (sklearn's files start with a metadata line).
    std::size_t skip_rows = 0;
    /// Whether the first line after skip_rows names the columns. Without a header the
    /// columns are named by `names`, or "0", "1", ... (pandas' header=None) when it is empty.
    bool header = true;
    /// Column names for a file without a header; must match its field count.
    std::vector<std::string> names = {};
};

/// Reads a CSV file of numbers. Fields may be double-quoted ("CRIM"); spaces around a field
/// are ignored; blank lines are skipped; lines may end in LF, CR LF or a lone CR; a UTF-8
/// byte-order mark at the start of the file is skipped. Every value must be a finite number.
/// Memory: the file's bytes, the values (4 bytes each in float) and one line's fields.
/// Throws std::runtime_error naming the file and, where there is one, the line (1-based, as
/// an editor counts) and the column, when: the file cannot be opened; it has no header or
/// no data rows; a header repeats a name; a row has another field count than the header
/// (expected vs found); a field is empty or NA/NaN (a missing value); a field is not a
/// finite number (quoting its text); `names` does not match the field count.
CsvTable read_csv(const std::string& path, const CsvOptions& options = {});

/// A CSV file in scikit-learn's bundled format, read.
struct SklearnCsv {
    /// The features and the target: the header's names for boston_house_prices.csv
    /// (target "MEDV"); otherwise the given feature names (or "feature_0", "feature_1", ...)
    /// and "target", the class index, last.
    CsvTable table;
    /// The class names of the metadata line ("setosa", "versicolor", "virginica"); empty for
    /// a regression set.
    std::vector<std::string> target_names;
};

/// Reads one of scikit-learn's CSV files (iris.csv, wine_data.csv, breast_cancer.csv,
/// boston_house_prices.csv): the metadata line "samples,features[,class names...]", an
/// optional header row (detected: its first field is not a number), then samples rows of
/// features + 1 numbers. `feature_names`, when given, names the features of a file
/// without a header (scikit-learn keeps them in its Python code, not in the file).
/// Throws std::runtime_error for everything read_csv does, and when the metadata line is
/// not two whole numbers (digits only) followed by names, announces no feature, or more
/// features or samples than the file's size can hold (checked before anything is allocated
/// for them), or the rows or columns differ from its counts, or feature_names has another
/// length than the feature count. Each message names the file, the line and the value.
SklearnCsv read_sklearn_csv(const std::string& path, const std::vector<std::string>& feature_names = {});

}  // namespace neurona
