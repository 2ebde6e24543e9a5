// Exercise 31's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix maxpool_forward(const neurona::Matrix& X, std::size_t height, std::size_t width,
                                std::size_t channels, std::size_t pool_size, std::size_t strides);
neurona::Matrix maxpool_backward(const neurona::Matrix& X, const neurona::Matrix& dA, std::size_t height,
                                 std::size_t width, std::size_t channels, std::size_t pool_size,
                                 std::size_t strides);
}  // namespace exercise

namespace {

using exercise_testing::Diagnosis;
using exercise_testing::matches;
using exercise_testing::mistake;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
const Diagnosis kAverage{
    "el gradiente se repartió por toda la ventana, como en el average pooling: en max pooling solo el máximo "
    "de cada ventana llega a la salida, así que solo él recibe dA",
    "the gradient was spread over the whole window, as in average pooling: in max pooling only each window's "
    "max reaches the output, so only it receives dA"};
const Diagnosis kEveryTie{
    "con un empate, dA llegó a todos los máximos empatados: va solo al primero en orden de lectura (fila a fila), "
    "como TensorFlow, porque la salida copia uno solo",
    "on a tie, dA went to every tied max: it goes only to the first in reading order (row by row), as TensorFlow, "
    "because the output copies only one"};
const Diagnosis kOverwritten{
    "con ventanas que se solapan (strides < pool_size), dX se sobrescribió (=) en lugar de acumularse (+=): un "
    "valor que es el máximo de varias ventanas recibe la suma de sus dA",
    "with overlapping windows (strides < pool_size), dX was overwritten (=) instead of accumulated (+=): a value "
    "that is the max of several windows receives the sum of their dA"};
const Diagnosis kAcrossChannels{
    "el máximo se buscó entre todos los canales de la ventana: el pooling trabaja canal a canal (columna "
    "(r * width + s) * channels + c con c fijo); es la convolución la que mezcla canales",
    "the max was searched over every channel of the window: pooling works channel by channel (column "
    "(r * width + s) * channels + c with c fixed); it is the convolution that mixes channels"};

// One pooling of the tests: images (height, width, channels), windows of pool_size x pool_size
// every `strides` pixels, "valid".
struct Pool {
    std::size_t height, width, channels, pool_size, strides;
    std::size_t out_h() const { return (height - pool_size) / strides + 1; }
    std::size_t out_w() const { return (width - pool_size) / strides + 1; }
    std::size_t in_size() const { return height * width * channels; }
    std::size_t out_size() const { return out_h() * out_w() * channels; }
};

// The columns of one sample's row that the window of output pixel (i, j) reads in channel c,
// in reading order (row by row); with `every_channel`, those of every channel (the mistake).
std::vector<std::size_t> window(const Pool& p, std::size_t i, std::size_t j, std::size_t c, bool every_channel) {
    std::vector<std::size_t> cols;
    for (std::size_t r = i * p.strides; r < i * p.strides + p.pool_size; ++r)
        for (std::size_t s = j * p.strides; s < j * p.strides + p.pool_size; ++s)
            for (std::size_t k = 0; k < p.channels; ++k)
                if (every_channel || k == c) cols.push_back((r * p.width + s) * p.channels + k);
    return cols;
}

// What the naive loops compute: the right rule, and each usual mistake.
enum class Rule { first_max, average, every_tied_max, overwritten, across_channels };

// Index in `cols` of the first largest x[cols[k]].
template <class Values>
std::size_t first_max(const Values& x, const std::vector<std::size_t>& cols) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < cols.size(); ++k)
        if (x[cols[k]] > x[cols[best]]) best = k;
    return best;
}

// A, the naive way: every output value is the max of its window.
Matrix naive_forward(const Matrix& X, const Pool& p, Rule rule = Rule::first_max) {
    Matrix A(X.rows(), p.out_size());
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < p.out_h(); ++i)
            for (std::size_t j = 0; j < p.out_w(); ++j)
                for (std::size_t c = 0; c < p.channels; ++c) {
                    const auto cols = window(p, i, j, c, rule == Rule::across_channels);
                    A(n, (i * p.out_w() + j) * p.channels + c) = X.row_ptr(n)[cols[first_max(X.row_ptr(n), cols)]];
                }
    return A;
}

// dX, the naive way, window by window, by `rule`.
Matrix naive_backward(const Matrix& X, const Matrix& dA, const Pool& p, Rule rule = Rule::first_max) {
    Matrix dX(X.rows(), X.cols());
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < p.out_h(); ++i)
            for (std::size_t j = 0; j < p.out_w(); ++j)
                for (std::size_t c = 0; c < p.channels; ++c) {
                    const Scalar g = dA(n, (i * p.out_w() + j) * p.channels + c);
                    const auto cols = window(p, i, j, c, rule == Rule::across_channels);
                    const std::size_t best = cols[first_max(X.row_ptr(n), cols)];
                    switch (rule) {
                        case Rule::first_max:
                        case Rule::across_channels: dX(n, best) += g; break;
                        case Rule::overwritten: dX(n, best) = g; break;
                        case Rule::average:
                            for (std::size_t col : cols) dX(n, col) += g / Scalar(p.pool_size * p.pool_size);
                            break;
                        case Rule::every_tied_max:
                            for (std::size_t col : cols)
                                if (X(n, col) == X(n, best)) dX(n, col) += g;
                            break;
                    }
                }
    return dX;
}

std::vector<Mistake> forward_mistakes(const Matrix& X, const Pool& p) {
    return {mistake(naive_forward(X, p, Rule::across_channels), kAcrossChannels)};
}

std::vector<Mistake> backward_mistakes(const Matrix& X, const Matrix& dA, const Pool& p) {
    return {mistake(naive_backward(X, dA, p, Rule::average), kAverage),
            mistake(naive_backward(X, dA, p, Rule::every_tied_max), kEveryTie),
            mistake(naive_backward(X, dA, p, Rule::overwritten), kOverwritten),
            mistake(naive_backward(X, dA, p, Rule::across_channels), kAcrossChannels)};
}

Matrix forward(const Matrix& X, const Pool& p) {
    return exercise::maxpool_forward(X, p.height, p.width, p.channels, p.pool_size, p.strides);
}
Matrix backward(const Matrix& X, const Matrix& dA, const Pool& p) {
    return exercise::maxpool_backward(X, dA, p.height, p.width, p.channels, p.pool_size, p.strides);
}

// Checks forward and backward on X and dA against the values worked out by hand.
void expect_pooling(const Matrix& X, const Matrix& dA, const Pool& p, const Matrix& expected_A,
                    const Matrix& expected_dX) {
    EXPECT_TRUE(matches(forward(X, p), expected_A, forward_mistakes(X, p))) << "A = maxpool_forward(X)";
    EXPECT_TRUE(matches(backward(X, dA, p), expected_dX, backward_mistakes(X, dA, p)))
        << "dX = maxpool_backward(X, dA)";
}

TEST(MaxPool, HandComputedOn4By4Images) {
    // Two 4x4 images of one channel, pool 2, strides 2: four windows each, A is 2x2 per image.
    //   sample 0:  1  3 |  2  0      sample 1 = -sample 0:  -1 -3 | -2  0
    //              4  2 |  1  5                             -4 -2 | -1 -5
    //              0 -1 |  7  6                              0  1 | -7 -6
    //              2  8 |  6  3                             -2 -8 | -6 -3
    const Pool p{4, 4, 1, 2, 2};
    const Matrix X{{1, 3, 2, 0, 4, 2, 1, 5, 0, -1, 7, 6, 2, 8, 6, 3},
                   {-1, -3, -2, 0, -4, -2, -1, -5, 0, 1, -7, -6, -2, -8, -6, -3}};
    const Matrix dA{{1, 2, 3, 4}, {5, 6, 7, 8}};
    // Sample 0: the maxima 4 at (1, 0), 5 at (1, 3), 8 at (3, 1), 7 at (2, 2) receive dA 1, 2, 3, 4.
    // Sample 1: -1 at (0, 0), 0 at (0, 3), 1 at (2, 1), -3 at (3, 3) receive 5, 6, 7, 8.
    expect_pooling(X, dA, p, Matrix{{4, 5, 8, 7}, {-1, 0, 1, -3}},
                   Matrix{{0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 4, 0, 0, 3, 0, 0},
                          {5, 0, 0, 6, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 8}});
}

TEST(MaxPool, EachChannelPoolsOnItsOwn) {
    // One 2x2 image of two channels, pool 2: one window. Pixel (r, s) holds (channel 0, channel 1):
    //   (1, 4)  (5, 0)
    //   (3, 9)  (2, 7)
    // Channel 0's max is 5 at (0, 1), column 2; channel 1's is 9 at (1, 0), column 5.
    const Pool p{2, 2, 2, 2, 2};
    const Matrix X{{1, 4, 5, 0, 3, 9, 2, 7}};
    expect_pooling(X, Matrix{{10, 20}}, p, Matrix{{5, 9}}, Matrix{{0, 0, 10, 0, 0, 20, 0, 0}});
}

TEST(MaxPool, ATieGoesToTheFirstMax) {
    // After a ReLU many windows are all zeros: a tie goes to the first max in reading order.
    //   0 0 | 2 2      windows: all 0 -> (0, 0); 2 2 1 2 -> (0, 2); 3 1 3 3 -> (2, 0);
    //   0 0 | 1 2               0 0 0 5 -> (3, 3), no tie.
    //   3 1 | 0 0
    //   3 3 | 0 5
    const Pool p{4, 4, 1, 2, 2};
    const Matrix X{{0, 0, 2, 2, 0, 0, 1, 2, 3, 1, 0, 0, 3, 3, 0, 5}};
    expect_pooling(X, Matrix{{1, 2, 3, 4}}, p, Matrix{{0, 2, 3, 5}},
                   Matrix{{1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 4}});
}

TEST(MaxPool, OverlappingWindowsAddUp) {
    // A 3x3 image, pool 2, strides 1: four windows that overlap.
    //   1 2  0       windows (0, 0), (0, 1), (1, 0) share their max, the 9 at (1, 1): it gets
    //   3 9  4       dA 1 + 2 + 3 = 6; window (1, 1)'s max is the 10 at (2, 2): it gets 4.
    //   0 5 10
    const Pool p{3, 3, 1, 2, 1};
    const Matrix X{{1, 2, 0, 3, 9, 4, 0, 5, 10}};
    expect_pooling(X, Matrix{{1, 2, 3, 4}}, p, Matrix{{9, 9, 9, 10}}, Matrix{{0, 0, 0, 0, 6, 0, 0, 0, 4}});
}

TEST(MaxPool, ValidPaddingDropsTheLastRowAndColumnOf5By5Images) {
    // A 5x5 image, pool 2, strides 2, "valid": (5 - 2) / 2 + 1 = 2 windows along each axis, so
    // row 4 and column 4 are never read: their 99s are not maxima and get no gradient.
    //    1  2 |  3  4 | 99
    //    5  6 |  7  8 |  0
    //    9  1 |  2  3 |  0
    //    4  5 |  6  7 |  0
    //   99  0    0  0   99
    const Pool p{5, 5, 1, 2, 2};
    const Matrix X{{1, 2, 3, 4, 99, 5, 6, 7, 8, 0, 9, 1, 2, 3, 0, 4, 5, 6, 7, 0, 99, 0, 0, 0, 99}};
    Matrix dX(1, 25);
    dX(0, 1 * 5 + 1) = 1;  // 6
    dX(0, 1 * 5 + 3) = 2;  // 8
    dX(0, 2 * 5 + 0) = 3;  // 9
    dX(0, 3 * 5 + 3) = 4;  // 7
    expect_pooling(X, Matrix{{1, 2, 3, 4}}, p, Matrix{{6, 8, 9, 7}}, dX);
}

TEST(MaxPool, MatchesANaiveLoopOnRandomImages) {
    neurona::Rng rng(31);
    // Keras's default (2, 2); overlapping windows; odd sizes; strides larger than the window.
    for (const Pool& p : {Pool{6, 8, 3, 2, 2}, Pool{7, 7, 2, 3, 2}, Pool{5, 6, 2, 3, 1}, Pool{7, 8, 1, 2, 3}}) {
        SCOPED_TRACE("images (" + std::to_string(p.height) + ", " + std::to_string(p.width) + ", " +
                     std::to_string(p.channels) + "), pool_size " + std::to_string(p.pool_size) + ", strides " +
                     std::to_string(p.strides));
        const Matrix X = rng.uniform_matrix(3, p.in_size(), -1, 1), dA = rng.uniform_matrix(3, p.out_size(), -1, 1);
        expect_pooling(X, dA, p, naive_forward(X, p), naive_backward(X, dA, p));
    }
}

TEST(MaxPool, MatchesCentralDifferences) {
    // L = sum(maxpool(X) * R) in double, so dL/dA = R; windows of 3 every 2 rows overlap.
    const Pool p{5, 6, 2, 3, 2};
    neurona::Rng rng(32);
    const Matrix X = rng.uniform_matrix(2, p.in_size(), -1, 1), R = rng.uniform_matrix(2, p.out_size(), -1, 1);
    const auto r = exercise_testing::to_doubles(R);
    const auto loss = [&](const std::vector<double>& x) {
        double L = 0;
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t i = 0; i < p.out_h(); ++i)
                for (std::size_t j = 0; j < p.out_w(); ++j)
                    for (std::size_t c = 0; c < p.channels; ++c) {
                        const double* sample = x.data() + n * p.in_size();
                        const auto cols = window(p, i, j, c, false);
                        const double a = sample[cols[first_max(sample, cols)]];
                        L += a * r[n * p.out_size() + (i * p.out_w() + j) * p.channels + c];
                    }
        return L;
    };
    const Matrix numerical = exercise_testing::numerical_gradient(loss, X);
    const Matrix dX = backward(X, R, p);
    // The float dX holds sums of R's values, the double difference is exact to about 1e-9.
    EXPECT_TRUE(matches(dX, numerical, backward_mistakes(X, R, p), 1e-4, 1e-5)) << "dX against central differences";
    EXPECT_LT(exercise_testing::relative_error(dX, numerical), 1e-4) << "dX against central differences";
}

TEST(MaxPool, BadShapesThrow) {
    const Matrix X(2, 16, 1), dA(2, 4, 1);
    EXPECT_THROW(exercise::maxpool_forward(Matrix(2, 15), 4, 4, 1, 2, 2), std::invalid_argument)
        << "X of 15 columns is not a 4x4x1 image";
    EXPECT_THROW(exercise::maxpool_forward(X, 4, 4, 1, 5, 1), std::invalid_argument)
        << "a 5x5 window does not fit a 4x4 image";
    EXPECT_THROW(exercise::maxpool_forward(X, 4, 4, 1, 2, 0), std::invalid_argument) << "strides 0";
    EXPECT_THROW(exercise::maxpool_backward(X, Matrix(2, 16), 4, 4, 1, 2, 2), std::invalid_argument)
        << "dA must have A's shape (2, 4), not X's";
    EXPECT_THROW(exercise::maxpool_backward(Matrix(2, 12), dA, 4, 4, 1, 2, 2), std::invalid_argument)
        << "X of 12 columns is not a 4x4x1 image";
}

}  // namespace
