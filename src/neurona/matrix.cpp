#include "neurona/matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace neurona {

// The symbol that matrix.hpp's link check asks for: each build of the library defines the one
// that matches its Scalar.
#ifdef NEURONA_DOUBLE
extern const int link_check::library_built_with_NEURONA_DOUBLE = 1;
#else
extern const int link_check::library_built_without_NEURONA_DOUBLE = 1;
#endif

void throw_shape_error(const std::string& op, const Matrix& a, const Matrix& b,
                       const std::string& why) {
    throw std::invalid_argument(op + ": shapes " + a.shape() + " and " + b.shape() +
                                " do not match" + why);
}

Matrix::Matrix(std::size_t rows, std::size_t cols, Scalar fill)
    : rows_(rows), cols_(cols), values_(rows * cols, fill) {}

Matrix::Matrix(std::initializer_list<std::initializer_list<Scalar>> rows) {
    rows_ = rows.size();
    cols_ = rows_ ? rows.begin()->size() : 0;
    values_.reserve(rows_ * cols_);
    std::size_t r = 0;
    for (const auto& row : rows) {
        if (row.size() != cols_)
            throw std::invalid_argument("Matrix: row " + std::to_string(r) + " has " +
                                        std::to_string(row.size()) + " values, expected " +
                                        std::to_string(cols_) + " like row 0");
        values_.insert(values_.end(), row.begin(), row.end());
        ++r;
    }
}

Matrix::Matrix(std::size_t rows, std::size_t cols, MatrixValues values)
    : rows_(rows), cols_(cols), values_(std::move(values)) {
    if (values_.size() != rows * cols)
        throw std::invalid_argument("Matrix: " + std::to_string(values_.size()) +
                                    " values cannot fill shape (" + std::to_string(rows) +
                                    ", " + std::to_string(cols) + ")");
}

Matrix::Matrix(std::size_t rows, std::size_t cols, const std::vector<Scalar>& values)
    : Matrix(rows, cols, MatrixValues(values.begin(), values.end())) {}

Matrix::Matrix(std::size_t rows, std::size_t cols, std::initializer_list<Scalar> values)
    : Matrix(rows, cols, MatrixValues(values)) {}

Matrix Matrix::row_vector(std::initializer_list<Scalar> values) {
    return Matrix(1, values.size(), values);
}

Matrix Matrix::column_vector(const std::vector<Scalar>& values) {
    return Matrix(values.size(), 1, values);
}

std::string Matrix::shape() const {
    // Built by appending: GCC 12 at -O3 warns falsely (-Wrestrict) on "(" + std::string.
    std::string s = std::to_string(rows_);
    s.insert(s.begin(), '(');
    s.append(", ").append(std::to_string(cols_)).append(")");
    return s;
}

Scalar& Matrix::at(std::size_t r, std::size_t c) {
    if (r >= rows_ || c >= cols_)
        throw std::out_of_range("Matrix::at: index (" + std::to_string(r) + ", " +
                                std::to_string(c) + ") is outside shape " + shape());
    return (*this)(r, c);
}

Scalar Matrix::at(std::size_t r, std::size_t c) const {
    return const_cast<Matrix*>(this)->at(r, c);
}

namespace {
void check_reshape(const Matrix& m, std::size_t rows, std::size_t cols) {
    if (rows * cols != m.size())
        throw std::invalid_argument("reshape: cannot reshape " + m.shape() + " (" +
                                    std::to_string(m.size()) + " values) into (" +
                                    std::to_string(rows) + ", " + std::to_string(cols) + ")");
}
}  // namespace

Matrix Matrix::reshape(std::size_t rows, std::size_t cols) const& {
    check_reshape(*this, rows, cols);
    return Matrix(rows, cols, values_);
}

Matrix Matrix::reshape(std::size_t rows, std::size_t cols) && {
    check_reshape(*this, rows, cols);
    Matrix moved(rows, cols, std::move(values_));
    rows_ = cols_ = 0;  // values_ is empty now: keep the shape consistent with it
    return moved;
}

Matrix Matrix::T() const {
    Matrix t(cols_, rows_);
    for (std::size_t r = 0; r < rows_; ++r)
        for (std::size_t c = 0; c < cols_; ++c) t(c, r) = (*this)(r, c);
    return t;
}

Matrix Matrix::slice_rows(std::size_t begin, std::size_t end) const {
    if (begin > end || end > rows_)
        throw std::out_of_range("slice_rows: rows [" + std::to_string(begin) + ", " +
                                std::to_string(end) + ") are outside shape " + shape());
    return Matrix(end - begin, cols_, MatrixValues(values_.begin() + begin * cols_, values_.begin() + end * cols_));
}

Matrix Matrix::gather_rows(const std::vector<std::size_t>& indices) const {
    Matrix out;
    gather_rows_into(indices, out);
    return out;
}

void Matrix::gather_rows_into(const std::vector<std::size_t>& indices, Matrix& out) const {
    if (&out == this) throw std::invalid_argument("gather_rows_into: out must be another matrix");
    if (out.rows() != indices.size() || out.cols() != cols_) out = Matrix(indices.size(), cols_);
    // A training batch is rows from all over a dataset too large for the caches, each one a
    // wait for memory: the rows kPrefetchAhead further on are requested while this one is
    // copied, so that those waits overlap. A batch of 128 MNIST rows with cold caches took
    // 73 us copied row by row and 55 us so (2-core CI VM). A prefetch is only a hint: it
    // changes no value, and none is issued for an index out of range.
    constexpr std::size_t kPrefetchAhead = 4;
    const std::size_t row_bytes = cols_ * sizeof(Scalar);
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (i + kPrefetchAhead < indices.size() && indices[i + kPrefetchAhead] < rows_) {
            const char* ahead = reinterpret_cast<const char*>(row_ptr(indices[i + kPrefetchAhead]));
            for (std::size_t byte = 0; byte < row_bytes; byte += 64) __builtin_prefetch(ahead + byte);
        }
        if (indices[i] >= rows_)
            throw std::out_of_range("gather_rows: row " + std::to_string(indices[i]) +
                                    " is outside shape " + shape());
        std::copy_n(row_ptr(indices[i]), cols_, out.row_ptr(i));
    }
}

void Matrix::fill(Scalar value) { std::fill(values_.begin(), values_.end(), value); }

namespace {

// Applies a[i] = op(a[i], b[i]) with b the same shape, or b a (1, cols) row broadcast.
template <class Op>
Matrix& elementwise(Matrix& a, const Matrix& b, const char* name, Op op) {
    if (a.same_shape(b)) {
        Scalar* x = a.data();
        const Scalar* y = b.data();
        for (std::size_t i = 0, n = a.size(); i < n; ++i) x[i] = op(x[i], y[i]);
    } else if (b.rows() == 1 && b.cols() == a.cols()) {
        const Scalar* y = b.data();
        for (std::size_t r = 0; r < a.rows(); ++r) {
            Scalar* x = a.row_ptr(r);
            for (std::size_t c = 0; c < a.cols(); ++c) x[c] = op(x[c], y[c]);
        }
    } else {
        throw_shape_error(name, a, b,
                          " (need the same shape, or a (1, " + std::to_string(a.cols()) +
                              ") row vector to broadcast)");
    }
    return a;
}

template <class Op>
Matrix& scalar_op(Matrix& a, Op op) {
    Scalar* x = a.data();
    for (std::size_t i = 0, n = a.size(); i < n; ++i) x[i] = op(x[i]);
    return a;
}

}  // namespace

Matrix& Matrix::operator+=(const Matrix& o) { return elementwise(*this, o, "operator+", std::plus<Scalar>()); }
Matrix& Matrix::operator-=(const Matrix& o) { return elementwise(*this, o, "operator-", std::minus<Scalar>()); }
Matrix& Matrix::operator*=(const Matrix& o) { return elementwise(*this, o, "operator*", std::multiplies<Scalar>()); }
Matrix& Matrix::operator/=(const Matrix& o) { return elementwise(*this, o, "operator/", std::divides<Scalar>()); }
Matrix& Matrix::operator+=(Scalar s) { return scalar_op(*this, [s](Scalar x) { return x + s; }); }
Matrix& Matrix::operator-=(Scalar s) { return scalar_op(*this, [s](Scalar x) { return x - s; }); }
Matrix& Matrix::operator*=(Scalar s) { return scalar_op(*this, [s](Scalar x) { return x * s; }); }
Matrix& Matrix::operator/=(Scalar s) { return scalar_op(*this, [s](Scalar x) { return x / s; }); }

Matrix operator+(Matrix a, const Matrix& b) { return a += b; }
Matrix operator-(Matrix a, const Matrix& b) { return a -= b; }
Matrix operator*(Matrix a, const Matrix& b) { return a *= b; }
Matrix operator/(Matrix a, const Matrix& b) { return a /= b; }
Matrix operator+(Matrix a, Scalar s) { return a += s; }
Matrix operator-(Matrix a, Scalar s) { return a -= s; }
Matrix operator*(Matrix a, Scalar s) { return a *= s; }
Matrix operator/(Matrix a, Scalar s) { return a /= s; }
Matrix operator+(Scalar s, Matrix a) { return a += s; }
Matrix operator-(Scalar s, Matrix a) { return scalar_op(a, [s](Scalar x) { return s - x; }); }
Matrix operator*(Scalar s, Matrix a) { return a *= s; }
Matrix operator/(Scalar s, Matrix a) { return scalar_op(a, [s](Scalar x) { return s / x; }); }
Matrix operator-(Matrix a) { return scalar_op(a, [](Scalar x) { return -x; }); }

Matrix Matrix::sum(int axis) const {
    if (axis == 0) {
        Matrix s(1, cols_);
        for (std::size_t r = 0; r < rows_; ++r) {
            const Scalar* x = row_ptr(r);
            for (std::size_t c = 0; c < cols_; ++c) s(0, c) += x[c];
        }
        return s;
    }
    if (axis == 1) {
        Matrix s(rows_, 1);
        for (std::size_t r = 0; r < rows_; ++r) {
            const Scalar* x = row_ptr(r);
            Scalar acc = 0;
            for (std::size_t c = 0; c < cols_; ++c) acc += x[c];
            s(r, 0) = acc;
        }
        return s;
    }
    throw std::invalid_argument("sum: axis " + std::to_string(axis) + " of shape " + shape() +
                                " does not exist (use 0 or 1)");
}

Matrix Matrix::mean(int axis) const {
    Matrix s = sum(axis);
    const std::size_t n = axis == 0 ? rows_ : cols_;
    return s /= static_cast<Scalar>(n);  // n == 0 gives 0/0 = NaN, as NumPy
}

Scalar Matrix::sum() const {
    Scalar acc = 0;
    for (Scalar x : values_) acc += x;
    return acc;
}

Scalar Matrix::mean() const { return sum() / static_cast<Scalar>(size()); }

Scalar Matrix::max() const {
    if (empty()) throw std::invalid_argument("max: the matrix " + shape() + " is empty");
    return *std::max_element(values_.begin(), values_.end());
}

Scalar Matrix::min() const {
    if (empty()) throw std::invalid_argument("min: the matrix " + shape() + " is empty");
    return *std::min_element(values_.begin(), values_.end());
}

std::vector<std::size_t> Matrix::argmax() const {
    std::vector<std::size_t> idx(rows_, 0);
    if (cols_ == 0) throw std::invalid_argument("argmax: the matrix " + shape() + " has no columns");
    for (std::size_t r = 0; r < rows_; ++r) {
        const Scalar* x = row_ptr(r);
        idx[r] = static_cast<std::size_t>(std::max_element(x, x + cols_) - x);
    }
    return idx;
}

Matrix Matrix::apply(const std::function<Scalar(Scalar)>& f) const {
    Matrix out(*this);
    for (Scalar& x : out.values_) x = f(x);
    return out;
}

bool allclose(const Matrix& a, const Matrix& b, Scalar rtol, Scalar atol) {
    if (!a.same_shape(b)) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const Scalar x = a.data()[i], y = b.data()[i];
        if (!(std::abs(x - y) <= atol + rtol * std::abs(y))) return false;
    }
    return true;
}

namespace {

// NumPy prints every element of an array in one notation and one precision. Fixed: the
// fewest decimals (at most 8) that give every value back exactly, trailing zeros blanked
// ("1." for 1, "[1.  2.5]"). Scientific, when the non-zero magnitudes reach 1e8, go below 1e-4 or span
// more than 1e3: the fewest mantissa digits that give every value back exactly ("1.e-05").
struct NumberFormat {
    bool scientific = false;
    int decimals = 0;
};

NumberFormat choose_format(const MatrixValues& v) {
    NumberFormat f;
    Scalar max_abs = 0, min_abs = std::numeric_limits<Scalar>::infinity();
    for (Scalar x : v) {
        if (!std::isfinite(x) || x == 0) continue;
        max_abs = std::max(max_abs, std::abs(x));
        min_abs = std::min(min_abs, std::abs(x));
    }
    f.scientific = max_abs > 0 && (max_abs >= 1e8 || min_abs < 1e-4 || max_abs / min_abs > 1e3);
    char buf[64];
    for (Scalar x : v) {
        if (!std::isfinite(x)) continue;
        if (f.scientific) {
            // The shortest mantissa that reads back as the same Scalar.
            const int most = std::numeric_limits<Scalar>::max_digits10 - 1;
            int d = 0;
            for (; d < most; ++d) {
                std::snprintf(buf, sizeof buf, "%.*e", d, static_cast<double>(x));
                if (static_cast<Scalar>(std::strtod(buf, nullptr)) == x) break;
            }
            f.decimals = std::max(f.decimals, d);
        } else {
            // The fewest decimals that read back as the same Scalar (0.2f prints as 0.2,
            // not 0.19999999), at most 8, NumPy's default precision.
            int d = 0;
            for (; d < 8; ++d) {
                std::snprintf(buf, sizeof buf, "%.*f", d, static_cast<double>(x));
                if (static_cast<Scalar>(std::strtod(buf, nullptr)) == x) break;
            }
            f.decimals = std::max(f.decimals, d);
        }
    }
    return f;
}

std::string format_number(Scalar x, const NumberFormat& f) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, f.scientific ? "%.*e" : "%.*f", f.decimals, static_cast<double>(x));
    std::string s(buf);
    if (f.decimals == 0) {
        // NumPy keeps the point: "1." and "1.e-05".
        const auto e = s.find('e');
        return e == std::string::npos ? s + '.' : s.insert(e, ".");
    }
    if (f.scientific) return s;
    // Trailing zeros become spaces, as NumPy prints [1.  2.5].
    for (std::size_t i = s.size() - 1; s[i] == '0'; --i) s[i] = ' ';
    return s;
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const Matrix& m) {
    if (m.empty()) return os << "[]";
    const NumberFormat f = choose_format(m.values());
    std::vector<std::string> cells;
    cells.reserve(m.size());
    std::size_t width = 0;
    for (Scalar x : m.values()) {
        cells.push_back(format_number(x, f));
        width = std::max(width, cells.back().size());
    }
    // Every cell is right-aligned to the widest, so the decimal points line up.
    std::ostringstream out;
    out << '[';
    for (std::size_t r = 0; r < m.rows(); ++r) {
        out << (r == 0 ? "[" : " [");
        for (std::size_t c = 0; c < m.cols(); ++c) {
            const std::string& s = cells[r * m.cols() + c];
            if (c) out << ' ';
            out << std::string(width - s.size(), ' ') << s;
        }
        out << ']';
        if (r + 1 < m.rows()) out << '\n';
    }
    out << ']';
    return os << out.str();
}

}  // namespace neurona
