#include "neurona/matrix.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support.hpp"

using namespace neurona;

namespace {

std::string str(const Matrix& m) {
    std::ostringstream os;
    os << m;
    return os.str();
}

}  // namespace

// ---- construction ------------------------------------------------------------------------

TEST(Matrix, FromNestedLists) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    EXPECT_EQ(m.rows(), 2u);
    EXPECT_EQ(m.cols(), 3u);
    EXPECT_EQ(m.shape(), "(2, 3)");
    EXPECT_EQ(m(1, 2), 6);
    EXPECT_THROW((Matrix{{1, 2}, {3}}), std::invalid_argument);
}

TEST(Matrix, DefaultIsEmpty) {
    Matrix m;
    EXPECT_EQ(m.rows(), 0u);
    EXPECT_EQ(m.cols(), 0u);
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(m.shape(), "(0, 0)");
}

TEST(Matrix, FilledConstructor) {
    Matrix m(3, 2, 7);
    EXPECT_EQ(m.shape(), "(3, 2)");
    EXPECT_EQ(m.size(), 6u);
    for (Scalar v : m.values()) EXPECT_EQ(v, 7);
    Matrix z(2, 2);
    for (Scalar v : z.values()) EXPECT_EQ(v, 0);
}

TEST(Matrix, FromValuesIsRowMajor) {
    Matrix m(2, 3, {1, 2, 3, 4, 5, 6});
    EXPECT_EQ(m(0, 2), 3);
    EXPECT_EQ(m(1, 0), 4);
    EXPECT_EQ(m.row_ptr(1)[1], 5);
    EXPECT_THROW(Matrix(2, 3, {1, 2, 3}), std::invalid_argument);
}

// Every way of making a matrix puts its first value on a 64-byte boundary (CacheLineAllocator):
// sizes that are not multiples of 16 floats, copies, moves, reshapes, slices and gathers.
// malloc gives 16-byte boundaries, so most of these fail with a plain std::vector.
TEST(Matrix, ValuesStartOnACacheLine) {
    const auto aligned = [](const Matrix& m) { return reinterpret_cast<std::uintptr_t>(m.data()) % 64 == 0; };
    const std::vector<Scalar> plain = {1, 2, 3, 4, 5, 6};
    std::vector<Matrix> kept;  // kept alive, so that no allocation reuses a freed aligned block
    for (std::size_t rows : {1, 3, 7, 128}) {
        for (std::size_t cols : {1, 5, 10, 513}) {
            kept.emplace_back(rows, cols, Scalar(1));
            EXPECT_TRUE(aligned(kept.back())) << rows << "x" << cols;
            kept.push_back(kept.back());  // copy
            EXPECT_TRUE(aligned(kept.back())) << "copy of " << rows << "x" << cols;
        }
    }
    kept.emplace_back(2, 3, plain);
    EXPECT_TRUE(aligned(kept.back()));
    kept.emplace_back(2, 3, std::initializer_list<Scalar>{1, 2, 3, 4, 5, 6});
    EXPECT_TRUE(aligned(kept.back()));
    kept.push_back(kept.back().reshape(3, 2));
    EXPECT_TRUE(aligned(kept.back()));
    kept.push_back(Matrix(7, 5, Scalar(2)).slice_rows(3, 6));
    EXPECT_TRUE(aligned(kept.back()));
    kept.push_back(Matrix(7, 5, Scalar(2)).gather_rows({6, 0, 2}));
    EXPECT_TRUE(aligned(kept.back()));
    kept.push_back(Matrix{{1, 2, 3}});
    EXPECT_TRUE(aligned(kept.back()));
}

TEST(Matrix, RaggedRowsMessageNamesTheRow) {
    const std::string msg =
        message_of<std::invalid_argument>([] { Matrix m{{1, 2}, {3, 4}, {5}}; });
    EXPECT_NE(msg.find("row 2"), std::string::npos) << msg;
}

TEST(Matrix, RowAndColumnVectors) {
    Matrix r = Matrix::row_vector({1, 2, 3});
    EXPECT_EQ(r.shape(), "(1, 3)");
    EXPECT_EQ(r(0, 2), 3);
    Matrix c = Matrix::column_vector({4, 5});
    EXPECT_EQ(c.shape(), "(2, 1)");
    EXPECT_EQ(c(1, 0), 5);
}

TEST(Matrix, SameShape) {
    EXPECT_TRUE(Matrix(2, 3).same_shape(Matrix(2, 3)));
    EXPECT_FALSE(Matrix(2, 3).same_shape(Matrix(3, 2)));
}

// ---- element access ----------------------------------------------------------------------

TEST(Matrix, AtChecksBounds) {
    Matrix m{{1, 2}, {3, 4}};
    EXPECT_EQ(m.at(1, 0), 3);
    m.at(1, 0) = 9;
    EXPECT_EQ(m(1, 0), 9);
    const Matrix& cm = m;
    EXPECT_EQ(cm.at(0, 1), 2);
    EXPECT_THROW(m.at(2, 0), std::out_of_range);
    EXPECT_THROW(m.at(0, 2), std::out_of_range);
    EXPECT_THROW(cm.at(5, 5), std::out_of_range);
    const std::string msg = message_of<std::out_of_range>([&] { m.at(2, 1); });
    EXPECT_NE(msg.find("(2, 1)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(2, 2)"), std::string::npos) << msg;
}

TEST(Matrix, Fill) {
    Matrix m(2, 2, 1);
    m.fill(-3);
    EXPECT_TRUE(allclose(m, Matrix{{-3, -3}, {-3, -3}}));
}

// ---- shape changes -----------------------------------------------------------------------

TEST(Matrix, ReshapeKeepsRowMajorOrder) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    Matrix r = m.reshape(3, 2);
    EXPECT_EQ(r.shape(), "(3, 2)");
    EXPECT_TRUE(allclose(r, Matrix{{1, 2}, {3, 4}, {5, 6}}));
    EXPECT_EQ(m.reshape(1, 6).shape(), "(1, 6)");
    EXPECT_EQ(m.reshape(6, 1)(5, 0), 6);
}

TEST(Matrix, ReshapeOfAnRvalueTakesItsStorage) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    const Scalar* storage = m.data();
    Matrix r = std::move(m).reshape(3, 2);
    EXPECT_EQ(r.data(), storage);  // the same values, not a copy
    EXPECT_TRUE(allclose(r, Matrix{{1, 2}, {3, 4}, {5, 6}}));
    EXPECT_EQ(m.shape(), "(0, 0)");  // NOLINT(bugprone-use-after-move): moved-from is empty
    // A wrong size throws and leaves the matrix whole.
    EXPECT_THROW(std::move(r).reshape(4, 2), std::invalid_argument);
    EXPECT_TRUE(allclose(r, Matrix{{1, 2}, {3, 4}, {5, 6}}));
}

TEST(Matrix, ReshapeToWrongSizeNamesBothShapes) {
    Matrix m(2, 3);
    EXPECT_THROW(m.reshape(4, 2), std::invalid_argument);
    const std::string msg = message_of<std::invalid_argument>([&] { m.reshape(4, 2); });
    EXPECT_NE(msg.find("(2, 3)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("(4, 2)"), std::string::npos) << msg;
}

TEST(Matrix, Transpose) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    Matrix t = m.T();
    EXPECT_EQ(t.shape(), "(3, 2)");
    EXPECT_TRUE(allclose(t, Matrix{{1, 4}, {2, 5}, {3, 6}}));
    EXPECT_TRUE(allclose(t.T(), m));
}

TEST(Matrix, SliceRows) {
    Matrix m{{1, 2}, {3, 4}, {5, 6}, {7, 8}};
    EXPECT_TRUE(allclose(m.slice_rows(1, 3), Matrix{{3, 4}, {5, 6}}));
    EXPECT_EQ(m.slice_rows(2, 2).shape(), "(0, 2)");
    EXPECT_TRUE(allclose(m.slice_rows(0, 4), m));
    EXPECT_THROW(m.slice_rows(3, 5), std::out_of_range);
    EXPECT_THROW(m.slice_rows(3, 2), std::out_of_range);
}

TEST(Matrix, GatherRows) {
    Matrix m{{1, 2}, {3, 4}, {5, 6}};
    EXPECT_TRUE(allclose(m.gather_rows({2, 0, 2}), Matrix{{5, 6}, {1, 2}, {5, 6}}));
    EXPECT_EQ(m.gather_rows({}).shape(), "(0, 2)");
    EXPECT_THROW(m.gather_rows({0, 3}), std::out_of_range);
}

TEST(Matrix, GatherRowsIntoReusesTheStorageWhenTheShapeFits) {
    const Matrix m{{1, 2}, {3, 4}, {5, 6}};
    Matrix out(2, 2, 9);
    const Scalar* storage = out.data();
    m.gather_rows_into({2, 1}, out);
    EXPECT_TRUE(allclose(out, Matrix{{5, 6}, {3, 4}}, 0, 0));
    EXPECT_EQ(out.data(), storage);  // written in place
    m.gather_rows_into({0, 1, 2}, out);  // another shape: a new matrix
    EXPECT_TRUE(allclose(out, m, 0, 0));
    Matrix self = m;
    EXPECT_THROW(self.gather_rows_into({0}, self), std::invalid_argument);
    EXPECT_THROW(m.gather_rows_into({3}, out), std::out_of_range);
}

// ---- arithmetic --------------------------------------------------------------------------

TEST(Matrix, ScalarArithmetic) {
    Matrix m{{1, 2}, {4, 8}};
    EXPECT_TRUE(allclose(m + 1, Matrix{{2, 3}, {5, 9}}));
    EXPECT_TRUE(allclose(m - 1, Matrix{{0, 1}, {3, 7}}));
    EXPECT_TRUE(allclose(m * 2, Matrix{{2, 4}, {8, 16}}));
    EXPECT_TRUE(allclose(m / 2, Matrix{{0.5, 1}, {2, 4}}));
    EXPECT_TRUE(allclose(1 + m, Matrix{{2, 3}, {5, 9}}));
    EXPECT_TRUE(allclose(1 - m, Matrix{{0, -1}, {-3, -7}}));
    EXPECT_TRUE(allclose(2 * m, Matrix{{2, 4}, {8, 16}}));
    EXPECT_TRUE(allclose(8 / m, Matrix{{8, 4}, {2, 1}}));
    EXPECT_TRUE(allclose(-m, Matrix{{-1, -2}, {-4, -8}}));
}

TEST(Matrix, CompoundScalarArithmetic) {
    Matrix m{{1, 2}};
    m += 1;
    m *= 3;
    m -= 2;
    m /= 2;
    EXPECT_TRUE(allclose(m, Matrix{{2, 3.5}}));
}

TEST(Matrix, SameShapeArithmetic) {
    Matrix a{{1, 2}, {3, 4}};
    Matrix b{{5, 6}, {7, 8}};
    EXPECT_TRUE(allclose(a + b, Matrix{{6, 8}, {10, 12}}));
    EXPECT_TRUE(allclose(b - a, Matrix{{4, 4}, {4, 4}}));
    EXPECT_TRUE(allclose(a * b, Matrix{{5, 12}, {21, 32}}));  // elementwise, not matmul
    EXPECT_TRUE(allclose(b / a, Matrix{{5, 3}, {7.0 / 3, 2}}));
    Matrix c = a;
    c += b;
    c -= a;
    EXPECT_TRUE(allclose(c, b));
}

TEST(Matrix, RowVectorBroadcastsOverRows) {
    Matrix Z{{1, 2, 3}, {4, 5, 6}};
    Matrix b = Matrix::row_vector({10, 20, 30});
    EXPECT_TRUE(allclose(Z + b, Matrix{{11, 22, 33}, {14, 25, 36}}));
    EXPECT_TRUE(allclose(Z - b, Matrix{{-9, -18, -27}, {-6, -15, -24}}));
    EXPECT_TRUE(allclose(Z * b, Matrix{{10, 40, 90}, {40, 100, 180}}));
    EXPECT_TRUE(allclose(b / Matrix::row_vector({10, 10, 10}), Matrix{{1, 2, 3}}));
    Matrix W = Z;
    W /= Matrix::row_vector({1, 2, 3});
    EXPECT_TRUE(allclose(W, Matrix{{1, 1, 1}, {4, 2.5, 2}}));
}

TEST(Matrix, ShapeMismatchNamesOperationAndShapes) {
    Matrix a(2, 3), b(3, 2), col(2, 1);
    EXPECT_THROW(a + b, std::invalid_argument);
    EXPECT_THROW(a - b, std::invalid_argument);
    EXPECT_THROW(a * b, std::invalid_argument);
    EXPECT_THROW(a / b, std::invalid_argument);
    EXPECT_THROW(a + col, std::invalid_argument);  // only (1, cols) rows broadcast
    const struct {
        const char* op;
        std::string msg;
    } cases[] = {
        {"operator+", message_of<std::invalid_argument>([&] { a + b; })},
        {"operator-", message_of<std::invalid_argument>([&] { a - b; })},
        {"operator*", message_of<std::invalid_argument>([&] { a * b; })},
        {"operator/", message_of<std::invalid_argument>([&] { a / b; })},
    };
    for (const auto& c : cases) {
        EXPECT_NE(c.msg.find(c.op), std::string::npos) << c.msg;
        EXPECT_NE(c.msg.find("(2, 3)"), std::string::npos) << c.msg;
        EXPECT_NE(c.msg.find("(3, 2)"), std::string::npos) << c.msg;
    }
}

TEST(Matrix, ThrowShapeErrorFormat) {
    const std::string msg = message_of<std::invalid_argument>(
        [] { throw_shape_error("matmul", Matrix(2, 3), Matrix(4, 5), " (inner sizes)"); });
    EXPECT_EQ(msg, "matmul: shapes (2, 3) and (4, 5) do not match (inner sizes)");
}

// ---- reductions --------------------------------------------------------------------------

TEST(Matrix, SumOverAxes) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    Matrix s0 = m.sum(0);
    EXPECT_EQ(s0.shape(), "(1, 3)");
    EXPECT_TRUE(allclose(s0, Matrix{{5, 7, 9}}));
    Matrix s1 = m.sum(1);
    EXPECT_EQ(s1.shape(), "(2, 1)");
    EXPECT_TRUE(allclose(s1, Matrix{{6}, {15}}));
    EXPECT_EQ(m.sum(), 21);
}

TEST(Matrix, MeanOverAxes) {
    Matrix m{{1, 2, 3}, {4, 5, 6}};
    EXPECT_TRUE(allclose(m.mean(0), Matrix{{2.5, 3.5, 4.5}}));
    EXPECT_TRUE(allclose(m.mean(1), Matrix{{2}, {5}}));
    EXPECT_FLOAT_EQ(m.mean(), 3.5);
    EXPECT_TRUE(std::isnan(Matrix(0, 3).mean(0)(0, 0)));  // as NumPy: mean of nothing
    EXPECT_TRUE(std::isnan(Matrix().mean()));
}

TEST(Matrix, BadAxisThrows) {
    Matrix m(2, 2);
    EXPECT_THROW(m.sum(2), std::invalid_argument);
    EXPECT_THROW(m.sum(-1), std::invalid_argument);
    EXPECT_THROW(m.mean(3), std::invalid_argument);
    const std::string msg = message_of<std::invalid_argument>([&] { m.sum(2); });
    EXPECT_NE(msg.find("axis 2"), std::string::npos) << msg;
}

TEST(Matrix, MaxMin) {
    Matrix m{{3, -7}, {9, 0}};
    EXPECT_EQ(m.max(), 9);
    EXPECT_EQ(m.min(), -7);
    EXPECT_THROW(Matrix().max(), std::invalid_argument);
    EXPECT_THROW(Matrix().min(), std::invalid_argument);
}

TEST(Matrix, ArgmaxPicksFirstOnTies) {
    Matrix m{{0.1, 0.7, 0.2}, {5, 5, 1}, {-1, -2, -1}, {0, 0, 3}};
    const std::vector<std::size_t> expected{1, 0, 0, 2};
    EXPECT_EQ(m.argmax(), expected);
    EXPECT_THROW(Matrix(2, 0).argmax(), std::invalid_argument);
}

TEST(Matrix, Apply) {
    Matrix m{{1, 4}, {9, 16}};
    EXPECT_TRUE(allclose(m.apply([](Scalar x) { return std::sqrt(x); }), Matrix{{1, 2}, {3, 4}}));
    EXPECT_TRUE(allclose(m, Matrix{{1, 4}, {9, 16}}));  // the original is untouched
}

TEST(Matrix, Allclose) {
    Matrix a{{1, 2}};
    EXPECT_TRUE(allclose(a, Matrix{{1, 2.000001}}));
    EXPECT_FALSE(allclose(a, Matrix{{1, 2.1}}));
    EXPECT_FALSE(allclose(a, Matrix{{1}, {2}}));  // different shape
    const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
    EXPECT_FALSE(allclose(Matrix{{nan}}, Matrix{{nan}}));  // NaN is close to nothing, as NumPy
}

// ---- printing like NumPy ------------------------------------------------------------------

TEST(Matrix, PrintsLikeNumpy) {
    EXPECT_EQ(str(Matrix{{1, 2.5}, {3, 4}}), "[[1.  2.5]\n [3.  4. ]]");
    EXPECT_EQ(str(Matrix{{1, 2}, {3, 4}}), "[[1. 2.]\n [3. 4.]]");
    EXPECT_EQ(str(Matrix{{-1, 0.5}}), "[[-1.   0.5]]");
    EXPECT_EQ(str(Matrix{{0.1, 0.25}}), "[[0.1  0.25]]");
    EXPECT_EQ(str(Matrix{{0, 10}, {-100, 1}}), "[[   0.   10.]\n [-100.    1.]]");
    EXPECT_EQ(str(Matrix{{1}, {2}}), "[[1.]\n [2.]]");
    EXPECT_EQ(str(Matrix()), "[]");
}

TEST(Matrix, PrintsAtMostEightDecimals) {
    // NumPy shows each dtype's shortest repr, at most 8 decimals: float32 1/3 is 0.33333334.
    const std::string third = std::is_same_v<Scalar, float> ? "0.33333334" : "0.33333333";
    EXPECT_EQ(str(Matrix{{Scalar(1) / 3}}), "[[" + third + "]]");
}

TEST(Matrix, PrintsNanAndInf) {
    const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
    const Scalar inf = std::numeric_limits<Scalar>::infinity();
    EXPECT_EQ(str(Matrix{{1, nan}}), "[[ 1. nan]]");
    EXPECT_EQ(str(Matrix{{-inf, 2.5}}), "[[-inf  2.5]]");
}

TEST(MatrixPrint, ScientificLikeNumpy) {
    // NumPy: np.array([[1e-5, 1]], dtype=np.float32) prints [[1.e-05 1.e+00]].
    std::ostringstream a;
    a << Matrix{{1e-5f, 1}};
    EXPECT_EQ(a.str(), "[[1.e-05 1.e+00]]");
    // np.array([[1, 10000]]) spans more than 1e3: [[1.e+00 1.e+04]].
    std::ostringstream b;
    b << Matrix{{1, 10000}};
    EXPECT_EQ(b.str(), "[[1.e+00 1.e+04]]");
    // np.array([[1.5e-5, 2.0]]): [[1.5e-05 2.0e+00]].
    std::ostringstream c;
    c << Matrix{{1.5e-5f, 2}};
    EXPECT_EQ(c.str(), "[[1.5e-05 2.0e+00]]");
}

TEST(MatrixPrint, ShortestDecimalsThatReadBack) {
    // np.array([[0.2, -0.1]], dtype=np.float32) prints [[ 0.2 -0.1]], not 0.19999999.
    std::ostringstream a;
    a << Matrix{{0.2f, -0.1f}};
    EXPECT_EQ(a.str(), "[[ 0.2 -0.1]]");
}
