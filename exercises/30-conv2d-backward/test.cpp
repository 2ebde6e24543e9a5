// Exercise 30's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/layers/window.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::tuple<neurona::Matrix, neurona::Matrix, neurona::Matrix> conv2d_backward(
    const neurona::Matrix& A_prev, const neurona::Shape& input_shape, const neurona::Matrix& W,
    neurona::Size2D kernel_size, const neurona::Matrix& dZ);
}  // namespace exercise

namespace {

using exercise_testing::Diagnosis;
using exercise_testing::diagnose;
using exercise_testing::matches;
using exercise_testing::mistake;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Shape;
using neurona::Size2D;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
const Diagnosis kDbMean{
    "db es la media del lote; se espera la suma: db(f) = la suma de dZ(n, i, j, f) sobre las imágenes n y las "
    "posiciones (i, j), igual que dW suma sobre el lote",
    "db is the batch mean; the sum is expected: db(f) = the sum of dZ(n, i, j, f) over the images n and the "
    "positions (i, j), as dW sums over the batch"};
const Diagnosis kDbDense{
    "db = dZ.sum(0), el db de Dense, suma solo sobre el lote y queda (1, H_out * W_out * filters); el sesgo de un "
    "filtro está en cada píxel de salida: db(f) suma también sobre las posiciones (i, j), (1, filters)",
    "db = dZ.sum(0), Dense's db, sums over the batch only and is (1, H_out * W_out * filters); a filter's bias is "
    "in every output pixel: db(f) also sums over the positions (i, j), (1, filters)"};
const Diagnosis kDaPrevOverwritten{
    "dA_prev se sobrescribió (=) donde las ventanas se solapan; un píxel de la entrada está en varias ventanas y "
    "recibe de todas: dA_prev(n, i + di, j + dj, c) += W(di, dj, c, f) * dZ(n, i, j, f)",
    "dA_prev was overwritten (=) where the windows overlap; an input pixel is in several windows and receives "
    "from all of them: dA_prev(n, i + di, j + dj, c) += W(di, dj, c, f) * dZ(n, i, j, f)"};
const Diagnosis kDwLastSample{
    "dW solo tiene la última imagen del lote; W es la misma para todas: dW suma sobre las imágenes n, como db",
    "dW holds only the batch's last image; W is the same for all of them: dW sums over the images n, as db"};
const Diagnosis kDaPrevMirrored{
    "dA_prev usó el kernel invertido, W(kh-1-di, kw-1-dj); en este bucle cada dZ(i, j) vuelve por el mismo "
    "W(di, dj) que llevó A_prev(i + di, j + dj) hacia delante (el kernel girado solo aparece al escribir dA_prev "
    "como una convolución completa de dZ)",
    "dA_prev used the kernel mirrored, W(kh-1-di, kw-1-dj); in this loop each dZ(i, j) goes back through the same "
    "W(di, dj) that carried A_prev(i + di, j + dj) forward (the rotated kernel appears only when dA_prev is "
    "written as a full convolution of dZ)"};
const Diagnosis kDzFiltersFirst{
    "dZ se leyó con los filtros primero, f * H_out * W_out + i * W_out + j; Z va con los canales al final, como "
    "la imagen: dZ(n, (i * W_out + j) * filters + f)",
    "dZ was read filters-first, f * H_out * W_out + i * W_out + j; Z is channels-last, like the image: "
    "dZ(n, (i * W_out + j) * filters + f)"};

// The forward pass in double: L = sum over n, i, j, f of Z(n, i, j, f) * R(n, i, j, f), with
// Z(n, i, j, f) = b(f) + sum A_prev(n, i + di, j + dj, c) W(di, dj, c, f) (stride 1, valid).
// All row-major as the matrices; dL/dZ = R.
struct Problem {
    std::size_t batch, height, width, C, kh, kw, filters;
    std::size_t out_h() const { return height - kh + 1; }
    std::size_t out_w() const { return width - kw + 1; }

    double loss(const std::vector<double>& a, const std::vector<double>& w, const std::vector<double>& b,
                const std::vector<double>& r) const {
        double L = 0;
        for (std::size_t n = 0; n < batch; ++n)
            for (std::size_t i = 0; i < out_h(); ++i)
                for (std::size_t j = 0; j < out_w(); ++j)
                    for (std::size_t f = 0; f < filters; ++f) {
                        double z = b[f];
                        for (std::size_t di = 0; di < kh; ++di)
                            for (std::size_t dj = 0; dj < kw; ++dj)
                                for (std::size_t c = 0; c < C; ++c)
                                    z += a[n * height * width * C + ((i + di) * width + j + dj) * C + c] *
                                         w[((di * kw + dj) * C + c) * filters + f];
                        L += z * r[((n * out_h() + i) * out_w() + j) * filters + f];
                    }
        return L;
    }
};

// The slips the reference backward below can make, one at a time.
enum class Slip { none, da_prev_overwritten, dw_last_sample, da_prev_mirrored, dz_filters_first };

// A backward pass in the solution's loop order (so that an overwrite keeps the same last value),
// with one slip, to compute what each usual mistake gives: {dW, db, dA_prev}.
std::tuple<Matrix, Matrix, Matrix> slipped_backward(const Problem& p, const Matrix& A_prev, const Matrix& W,
                                                    const Matrix& dZ, Slip slip) {
    Matrix dW(W.rows(), p.filters), db(1, p.filters), dA_prev(A_prev.rows(), A_prev.cols());
    for (std::size_t n = 0; n < p.batch; ++n) {
        if (slip == Slip::dw_last_sample) dW.fill(0);
        for (std::size_t i = 0; i < p.out_h(); ++i)
            for (std::size_t j = 0; j < p.out_w(); ++j)
                for (std::size_t f = 0; f < p.filters; ++f) {
                    const std::size_t col = slip == Slip::dz_filters_first ? (f * p.out_h() + i) * p.out_w() + j
                                                                            : (i * p.out_w() + j) * p.filters + f;
                    const double dz = dZ(n, col);
                    db(0, f) += dz;
                    for (std::size_t di = 0; di < p.kh; ++di)
                        for (std::size_t dj = 0; dj < p.kw; ++dj)
                            for (std::size_t c = 0; c < p.C; ++c) {
                                const std::size_t x = ((i + di) * p.width + j + dj) * p.C + c;
                                const std::size_t k = (di * p.kw + dj) * p.C + c;
                                const std::size_t mirrored = ((p.kh - 1 - di) * p.kw + p.kw - 1 - dj) * p.C + c;
                                dW(k, f) += A_prev(n, x) * dz;
                                const double back = W(slip == Slip::da_prev_mirrored ? mirrored : k, f) * dz;
                                dA_prev(n, x) = slip == Slip::da_prev_overwritten ? back : dA_prev(n, x) + back;
                            }
                }
    }
    return {dW, db, dA_prev};
}

// What the usual mistakes give for dW, db and dA_prev on one input.
struct Known {
    std::vector<Mistake> dW, db, dA_prev;
};
Known known_mistakes(const Problem& p, const Matrix& A_prev, const Matrix& W, const Matrix& dZ) {
    Known known;
    const auto [dW, db, dA_prev] = slipped_backward(p, A_prev, W, dZ, Slip::none);
    known.db = {mistake(db / static_cast<neurona::Scalar>(p.batch), kDbMean), mistake(dZ.sum(0), kDbDense)};
    known.dA_prev = {mistake(std::get<2>(slipped_backward(p, A_prev, W, dZ, Slip::da_prev_overwritten)),
                             kDaPrevOverwritten),
                     mistake(std::get<2>(slipped_backward(p, A_prev, W, dZ, Slip::da_prev_mirrored)), kDaPrevMirrored)};
    known.dW = {mistake(std::get<0>(slipped_backward(p, A_prev, W, dZ, Slip::dw_last_sample)), kDwLastSample)};
    const auto [dW_ff, db_ff, dA_prev_ff] = slipped_backward(p, A_prev, W, dZ, Slip::dz_filters_first);
    known.dW.push_back(mistake(dW_ff, kDzFiltersFirst));
    known.db.push_back(mistake(db_ff, kDzFiltersFirst));
    known.dA_prev.push_back(mistake(dA_prev_ff, kDzFiltersFirst));
    return known;
}

// `got` against `expected` (relative 1e-4, absolute 1e-5: float sums of up to 27 products),
// naming the `known` mistakes.
::testing::AssertionResult Close(const Matrix& got, const Matrix& expected, const std::vector<Mistake>& known) {
    return matches(got, expected, known, 1e-4, 1e-5);
}

// The gradient check's problem: 3 images of 4 x 5 pixels and 2 channels, a 2 x 3 kernel, 3 filters
// (so Z is 3 x 3 x 3). Heights differ from widths so that a swapped axis shows.
struct GradientCheck {
    Problem p{3, 4, 5, 2, 2, 3, 3};
    Matrix A_prev, W, b, R;
    Matrix dW, db, dA_prev;  // the learner's
    Known known;

    GradientCheck() {
        neurona::Rng rng(30);
        A_prev = rng.uniform_matrix(p.batch, p.height * p.width * p.C, -1, 1);
        W = rng.uniform_matrix(p.kh * p.kw * p.C, p.filters, -1, 1);
        b = rng.uniform_matrix(1, p.filters, -1, 1);
        R = rng.uniform_matrix(p.batch, p.out_h() * p.out_w() * p.filters, -1, 1);
        std::tie(dW, db, dA_prev) = exercise::conv2d_backward(A_prev, {p.height, p.width, p.C}, W, {p.kh, p.kw}, R);
        known = known_mistakes(p, A_prev, W, R);
    }
};

using exercise_testing::numerical_gradient;
using exercise_testing::to_doubles;

TEST(Conv2DBackward, Shapes) {
    neurona::Rng rng(1);
    const Matrix A_prev = rng.uniform_matrix(2, 4 * 5 * 2, -1, 1), W = rng.uniform_matrix(2 * 3 * 2, 3, -1, 1);
    const Matrix dZ = rng.uniform_matrix(2, 3 * 3 * 3, -1, 1);
    const auto [dW, db, dA_prev] = exercise::conv2d_backward(A_prev, {4, 5, 2}, W, {2, 3}, dZ);
    EXPECT_EQ(dW.shape(), "(12, 3)") << "dW has W's shape (kh * kw * C, filters)";
    EXPECT_EQ(db.shape(), "(1, 3)") << "db has b's shape (1, filters)"
                                    << (db.shape() == "(1, 27)" ? "\n" + diagnose(kDbDense) : "");
    EXPECT_EQ(dA_prev.shape(), "(2, 40)") << "dA_prev has A_prev's shape (batch, H * W * C)";
}

TEST(Conv2DBackward, HandWorked) {
    // One 3 x 3 image, one channel, one 2 x 2 filter: Z and dZ are 2 x 2.
    const Problem p{1, 3, 3, 1, 2, 2, 1};
    const Matrix A_prev = Matrix::row_vector({1, 2, 0,  //
                                              0, 1, 3,  //
                                              2, 1, 1});
    const Matrix W{{1}, {-1}, {2}, {0}};  // W(0,0) = 1, W(0,1) = -1, W(1,0) = 2, W(1,1) = 0
    const Matrix dZ = Matrix::row_vector({1, 2,  //
                                          0, -1});
    const auto [dW, db, dA_prev] = exercise::conv2d_backward(A_prev, {3, 3, 1}, W, {2, 2}, dZ);
    const Known known = known_mistakes(p, A_prev, W, dZ);
    // db = 1 + 2 + 0 - 1.
    EXPECT_TRUE(Close(db, Matrix{{2}}, known.db)) << "db";
    // dW(di, dj) = sum over i, j of A_prev(i + di, j + dj) * dZ(i, j), the window at (di, dj) times dZ:
    //   (0,0): 1*1 + 2*2 + 0*0 + 1*-1 = 4      (0,1): 2*1 + 0*2 + 1*0 + 3*-1 = -1
    //   (1,0): 0*1 + 1*2 + 2*0 + 1*-1 = 1      (1,1): 1*1 + 3*2 + 1*0 + 1*-1 = 6
    EXPECT_TRUE(Close(dW, Matrix{{4}, {-1}, {1}, {6}}, known.dW)) << "dW";
    // dA_prev(r, c) = sum over the windows (i, j) that hold (r, c) of W(r - i, c - j) * dZ(i, j):
    //   (0,0): 1*1 = 1             (0,1): -1*1 + 1*2 = 1               (0,2): -1*2 = -2
    //   (1,0): 2*1 + 1*0 = 2       (1,1): 0*1 + 2*2 - 1*0 + 1*-1 = 3   (1,2): 0*2 - 1*-1 = 1
    //   (2,0): 2*0 = 0             (2,1): 0*0 + 2*-1 = -2              (2,2): 0*-1 = 0
    EXPECT_TRUE(Close(dA_prev, Matrix::row_vector({1, 1, -2, 2, 3, 1, 0, -2, 0}), known.dA_prev)) << "dA_prev";
}

TEST(Conv2DBackward, dWMatchesCentralDifferences) {
    const GradientCheck g;
    const auto a = to_doubles(g.A_prev), b = to_doubles(g.b), r = to_doubles(g.R);
    const Matrix expected =
        numerical_gradient([&](const std::vector<double>& w) { return g.p.loss(a, w, b, r); }, g.W);
    EXPECT_TRUE(Close(g.dW, expected, g.known.dW));
}

TEST(Conv2DBackward, dbMatchesCentralDifferences) {
    const GradientCheck g;
    const auto a = to_doubles(g.A_prev), w = to_doubles(g.W), r = to_doubles(g.R);
    const Matrix expected =
        numerical_gradient([&](const std::vector<double>& b) { return g.p.loss(a, w, b, r); }, g.b);
    EXPECT_TRUE(Close(g.db, expected, g.known.db));
}

TEST(Conv2DBackward, dA_prevMatchesCentralDifferences) {
    const GradientCheck g;
    const auto w = to_doubles(g.W), b = to_doubles(g.b), r = to_doubles(g.R);
    const Matrix expected =
        numerical_gradient([&](const std::vector<double>& a) { return g.p.loss(a, w, b, r); }, g.A_prev);
    EXPECT_TRUE(Close(g.dA_prev, expected, g.known.dA_prev));
}

TEST(Conv2DBackward, Rejects_dZ_OfTheWrongShape) {
    const Matrix A_prev(2, 4 * 5 * 2), W(2 * 3 * 2, 3);
    // Z is (2, 3 * 3 * 3): 27 values per image, not 24 (a 2 x 4 output, the kernel read as 3 x 2).
    EXPECT_THROW(exercise::conv2d_backward(A_prev, {4, 5, 2}, W, {2, 3}, Matrix(2, 24)), std::invalid_argument);
    EXPECT_THROW(exercise::conv2d_backward(A_prev, {4, 5, 2}, W, {2, 3}, Matrix(1, 27)), std::invalid_argument);
}

}  // namespace
