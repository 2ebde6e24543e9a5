/// @file matrix.hpp
/// Matrix: the one container of neurona. 2-D, row-major, owns its values.
///
/// A batch of samples is a Matrix with one sample per row: X is (batch, features),
/// W is (in, units), b is (1, units). Every operation checks shapes and throws
/// std::invalid_argument naming the operation and both shapes when they do not fit.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <new>
#include <string>
#include <vector>

namespace neurona {

#ifdef NEURONA_DOUBLE
/// The number type of the whole library: double in the gradient-check build.
using Scalar = double;
#else
/// The number type of the whole library: float, what Keras trains with.
using Scalar = float;
#endif

/// A program must be compiled for the Scalar its library was built with: most functions take
/// a Matrix, whose mangled name does not say float or double, so a mix would link and compute
/// garbage. Every file that includes this header refers to a symbol that only the matching
/// library defines, which makes a mix a link error that says what to do:
/// "undefined reference to neurona::link_check::library_built_with_NEURONA_DOUBLE": the program
/// was compiled with -DNEURONA_DOUBLE, link libneurona_double.a (pkg-config neurona-double);
/// "..._without_NEURONA_DOUBLE": compiled without it, link libneurona.a (pkg-config neurona).
namespace link_check {
#ifdef NEURONA_DOUBLE
extern const int library_built_with_NEURONA_DOUBLE;  ///< Defined only in libneurona_double.a.
[[gnu::used]] static const int* const scalar_matches_library = &library_built_with_NEURONA_DOUBLE;
#else
extern const int library_built_without_NEURONA_DOUBLE;  ///< Defined only in libneurona.a.
[[gnu::used]] static const int* const scalar_matches_library = &library_built_without_NEURONA_DOUBLE;
#endif
}  // namespace link_check

/// The allocator of a Matrix's values: it starts them on a 64-byte boundary, the size of a
/// cache line and of an AVX-512 vector. From a plain std::vector (malloc: 16-byte
/// boundaries), every 64-byte vector load or store of an elementwise loop straddles two cache
/// lines, and where the pool splits a loop between threads, both cores write the line on the
/// boundary. On the 2-core CI VM (`make bench`'s step breakdown, one thread), the course
/// network's RMSprop update took 0.099-0.114 ms with malloc's alignment and 0.062-0.065 ms
/// with this one. It changes only where the values lie, never a value.
template <class T>
struct CacheLineAllocator {
    using value_type = T;                              ///< What it allocates.
    static constexpr std::align_val_t kAlignment{64};  ///< The boundary: a cache line.

    CacheLineAllocator() = default;
    /// The same allocator for another type (containers rebind it): it holds no state.
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}

    /// Room for n values of T, 64-byte aligned; throws std::bad_alloc as operator new.
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
    /// Frees what allocate(n) returned.
    void deallocate(T* p, std::size_t n) noexcept { ::operator delete(p, n * sizeof(T), kAlignment); }

    /// Always equal: any of them frees what another allocated.
    friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
};

/// The storage of a Matrix: a std::vector of Scalar whose first value is 64-byte aligned.
/// It reads like any std::vector (range-for, begin/end, size, ==); std::vector<Scalar>
/// v(M.values().begin(), M.values().end()) copies it into a plain one.
using MatrixValues = std::vector<Scalar, CacheLineAllocator<Scalar>>;

/// A 2-D, row-major matrix of Scalar that owns its values.
class Matrix {
public:
    /// An empty (0, 0) matrix.
    Matrix() = default;
    /// A (rows, cols) matrix filled with `fill`.
    Matrix(std::size_t rows, std::size_t cols, Scalar fill = 0);
    /// From nested lists, one inner list per row: Matrix{{1, 2}, {3, 4}} is (2, 2).
    /// Throws std::invalid_argument when the rows have different lengths.
    Matrix(std::initializer_list<std::initializer_list<Scalar>> rows);
    /// A (rows, cols) matrix taking `values` in row-major order: Matrix(2, 3, M.values()) or
    /// Matrix(2, 2, {1, 2, 3, 4}); a plain std::vector<Scalar> is copied into the matrix's
    /// 64-byte-aligned storage (see CacheLineAllocator).
    /// Throws std::invalid_argument when values.size() != rows * cols.
    ///@{
    Matrix(std::size_t rows, std::size_t cols, MatrixValues values);
    Matrix(std::size_t rows, std::size_t cols, const std::vector<Scalar>& values);
    Matrix(std::size_t rows, std::size_t cols, std::initializer_list<Scalar> values);
    ///@}

    /// A (1, n) row vector.
    static Matrix row_vector(std::initializer_list<Scalar> values);
    /// A (n, 1) column vector.
    static Matrix column_vector(const std::vector<Scalar>& values);

    std::size_t rows() const { return rows_; }           ///< Number of rows (samples).
    std::size_t cols() const { return cols_; }           ///< Number of columns (features).
    std::size_t size() const { return values_.size(); }  ///< rows() * cols().
    bool empty() const { return values_.empty(); }       ///< True when size() is 0.
    /// "(rows, cols)", as NumPy prints a shape.
    std::string shape() const;
    /// True when both have the same (rows, cols).
    bool same_shape(const Matrix& other) const { return rows_ == other.rows_ && cols_ == other.cols_; }

    /// Unchecked element access (the hot loops use it).
    ///@{
    Scalar& operator()(std::size_t r, std::size_t c) { return values_[r * cols_ + c]; }
    Scalar operator()(std::size_t r, std::size_t c) const { return values_[r * cols_ + c]; }
    ///@}
    /// Bounds-checked element access; throws std::out_of_range naming the index and the shape.
    ///@{
    Scalar& at(std::size_t r, std::size_t c);
    Scalar at(std::size_t r, std::size_t c) const;
    ///@}

    /// The values, row after row (rows() * cols() of them).
    ///@{
    Scalar* data() { return values_.data(); }
    const Scalar* data() const { return values_.data(); }
    ///@}
    /// The first value of row r (unchecked).
    ///@{
    Scalar* row_ptr(std::size_t r) { return values_.data() + r * cols_; }
    const Scalar* row_ptr(std::size_t r) const { return values_.data() + r * cols_; }
    ///@}
    const MatrixValues& values() const { return values_; }  ///< The values, row-major.

    /// The same values in a (rows, cols) shape; throws std::invalid_argument when the
    /// sizes differ (as NumPy's reshape).
    Matrix reshape(std::size_t rows, std::size_t cols) const&;
    /// The same, taking this matrix's storage instead of copying it:
    /// std::move(Z).reshape(n, m) costs nothing (Conv2D sees its (N * H_out * W_out, filters)
    /// product as (N, H_out * W_out * filters) this way). On a size mismatch it throws as
    /// above and leaves the matrix as it was.
    Matrix reshape(std::size_t rows, std::size_t cols) &&;
    /// The transpose, (cols, rows).
    Matrix T() const;
    /// Rows [begin, end) as a new (end - begin, cols) matrix; throws std::out_of_range.
    Matrix slice_rows(std::size_t begin, std::size_t end) const;
    /// The rows at `indices`, in that order (a gather; used to build shuffled batches).
    /// Throws std::out_of_range for an index >= rows().
    Matrix gather_rows(const std::vector<std::size_t>& indices) const;
    /// The same rows written into `out`, whose storage is reused when it already has the
    /// shape (indices.size(), cols()): fit gathers every batch this way, without allocating
    /// (fresh memory costs a page fault per 4 KiB on first touch). `out` must not be this
    /// matrix. Throws std::out_of_range as gather_rows, with `out` then unspecified.
    void gather_rows_into(const std::vector<std::size_t>& indices, Matrix& out) const;
    /// Sets every element to `value`.
    void fill(Scalar value);

    /// Elementwise arithmetic in place. With a matrix operand the shapes must match, or the
    /// operand must be a (1, cols) row vector, which is broadcast over every row (Z + b).
    ///@{
    Matrix& operator+=(const Matrix& other);
    Matrix& operator-=(const Matrix& other);
    Matrix& operator*=(const Matrix& other);
    Matrix& operator/=(const Matrix& other);
    Matrix& operator+=(Scalar s);
    Matrix& operator-=(Scalar s);
    Matrix& operator*=(Scalar s);
    Matrix& operator/=(Scalar s);
    ///@}

    /// Sum over an axis, as NumPy with keepdims: axis 0 gives (1, cols) (the sum of the
    /// rows, e.g. db = sum over the batch of dZ), axis 1 gives (rows, 1).
    /// Throws std::invalid_argument for another axis.
    Matrix sum(int axis) const;
    /// Mean over an axis (same shapes as sum); an empty axis gives NaN as NumPy does.
    Matrix mean(int axis) const;
    /// Sum of every element.
    Scalar sum() const;
    /// Mean of every element (NaN when empty).
    Scalar mean() const;
    /// Largest / smallest element; throws std::invalid_argument when empty.
    ///@{
    Scalar max() const;
    Scalar min() const;
    ///@}
    /// Index of the largest element of each row (the first one on ties): the predicted class.
    std::vector<std::size_t> argmax() const;
    /// f applied to every element, as a new matrix.
    Matrix apply(const std::function<Scalar(Scalar)>& f) const;

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    MatrixValues values_;
};

/// Elementwise arithmetic as a new matrix, with the in-place operators' shape rules (a (1, cols)
/// right operand is broadcast over every row). `*` is the elementwise (Hadamard) product; the
/// matrix product is matmul().
///@{
Matrix operator+(Matrix a, const Matrix& b);
Matrix operator-(Matrix a, const Matrix& b);
Matrix operator*(Matrix a, const Matrix& b);
Matrix operator/(Matrix a, const Matrix& b);
///@}
/// Every element with the scalar s, as a new matrix.
///@{
Matrix operator+(Matrix a, Scalar s);
Matrix operator-(Matrix a, Scalar s);
Matrix operator*(Matrix a, Scalar s);
Matrix operator/(Matrix a, Scalar s);
Matrix operator+(Scalar s, Matrix a);
Matrix operator-(Scalar s, Matrix a);
Matrix operator*(Scalar s, Matrix a);
Matrix operator/(Scalar s, Matrix a);
///@}
Matrix operator-(Matrix a);  ///< Every element negated.

/// True when the shapes match and every pair of elements is within
/// atol + rtol * |b| (NumPy's allclose).
bool allclose(const Matrix& a, const Matrix& b, Scalar rtol = 1e-5, Scalar atol = 1e-8);

/// Prints like NumPy's str(): [[1.  2.5]\n [3.  4. ]], all values in one width and
/// precision, scientific when magnitudes call for it ([[1.e-05 1.e+00]]). Unlike NumPy, long
/// rows are never wrapped and large matrices never shortened with "...".
std::ostream& operator<<(std::ostream& os, const Matrix& m);

/// Throws std::invalid_argument("<op>: shapes (r1, c1) and (r2, c2) do not match<why>").
[[noreturn]] void throw_shape_error(const std::string& op, const Matrix& a, const Matrix& b,
                                    const std::string& why = "");

}  // namespace neurona
