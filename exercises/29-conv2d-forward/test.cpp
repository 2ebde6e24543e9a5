// Exercise 29's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/layers/window.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::pair<std::size_t, std::size_t> output_size_and_padding(std::size_t in, std::size_t k, std::size_t stride,
                                                            neurona::Padding padding);
neurona::Matrix conv2d_forward(const neurona::Matrix& A_prev, const neurona::Shape& input_shape,
                               const neurona::Matrix& W, const neurona::Matrix& b, neurona::Size2D kernel_size,
                               std::size_t stride, neurona::Padding padding);
}  // namespace exercise

namespace {

using exercise_testing::Diagnosis;
using exercise_testing::diagnose;
using exercise_testing::matches;
using exercise_testing::mistake;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Padding;
using neurona::Shape;
using neurona::Size2D;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
const Diagnosis kFlipped{
    "el kernel se volteó (la convolución de los matemáticos, W(kh-1-di, kw-1-dj)); Conv2D de Keras no lo voltea: "
    "Z(i, j) = b + suma de A_prev(i*s + di, j*s + dj) * W(di, dj), una correlación cruzada",
    "the kernel was flipped (a mathematician's convolution, W(kh-1-di, kw-1-dj)); Keras's Conv2D does not flip it: "
    "Z(i, j) = b + sum of A_prev(i*s + di, j*s + dj) * W(di, dj), a cross-correlation"};
const Diagnosis kChannelsFirst{
    "A_prev se leyó con los canales primero, c * H * W + fila * W + col; las imágenes van con los canales al "
    "final, como en Keras: (fila * W + col) * C + c",
    "A_prev was read channels-first, c * H * W + row * W + col; images are channels-last, as Keras's default: "
    "(row * W + col) * C + c"};
const Diagnosis kValidOffByOne{
    "con padding valid la salida mide (in - k) / stride (in - k con stride 1); le falta una posición: "
    "out = (in - k) / stride + 1, la ventana empieza en 0 y también en in - k",
    "with padding valid the output has (in - k) / stride values (in - k with stride 1); it lacks one "
    "position: out = (in - k) / stride + 1, the window starts at 0 and also at in - k"};
const Diagnosis kBiasForgotten{
    "falta el sesgo: Z(n, i, j, f) = b(f) + ..., sumado en cada píxel de salida de cada filtro",
    "the bias is missing: Z(n, i, j, f) = b(f) + ..., added at every output pixel of every filter"};
const Diagnosis kStrideIgnored{
    "el stride no se usó en el índice de la entrada: la ventana de la salida (i, j) empieza en la fila "
    "i * stride - pad_top y la columna j * stride - pad_left, no en i, j",
    "the stride was left out of the input index: output (i, j)'s window starts at row i * stride - pad_top "
    "and column j * stride - pad_left, not at i, j"};
const Diagnosis kExtraZeroBefore{
    "con padding same y un número impar de ceros, el cero de más va antes; TensorFlow (y Keras) pone pad / 2 "
    "antes, arriba y a la izquierda, y el resto después",
    "with padding same and an odd number of zeros, the extra zero went before; TensorFlow (and Keras) puts "
    "pad / 2 before, at the top and left, and the rest after"};

// The slips the reference below can make, one at a time, to compute what each usual mistake gives.
enum class Slip { none, flipped, channels_first, valid_off_by_one, bias_forgotten, stride_ignored, extra_zero_before };

// The zeros a window of k needs to reach `out` positions in steps of s over `in` values (0 with
// valid, where the windows fit): max((out - 1) * s + k - in, 0).
std::size_t total_padding(std::size_t in, std::size_t k, std::size_t s, std::size_t out) {
    const std::size_t needed = (out - 1) * s + k;
    return needed > in ? needed - in : 0;
}

// The naive convolution, in double, with the geometry of the library's window.hpp (tested on its
// own in tests/): Z(n, i, j, f) = b(f) + sum A_prev(n, i*s + di - top, j*s + dj - left, c) W(di, dj, c, f).
Matrix reference(const Matrix& A_prev, const Shape& shape, const Matrix& W, const Matrix& b, Size2D k,
                 std::size_t s, Padding padding, Slip slip = Slip::none) {
    neurona::WindowGeometry g = neurona::window_geometry(shape, k, s, padding, "reference");
    if (slip == Slip::valid_off_by_one && padding == Padding::valid) {
        g.out_height = (g.in_height - k.height) / s;
        g.out_width = (g.in_width - k.width) / s;
    }
    if (slip == Slip::extra_zero_before) {  // pad - pad / 2 zeros before instead of pad / 2
        g.pad_top = total_padding(g.in_height, k.height, s, g.out_height) - g.pad_top;
        g.pad_left = total_padding(g.in_width, k.width, s, g.out_width) - g.pad_left;
    }
    if (slip == Slip::stride_ignored) g.strides = Size2D{1};  // the output's size keeps the stride
    const std::size_t height = g.in_height, width = g.in_width, C = g.channels, F = W.cols();
    Matrix Z(A_prev.rows(), g.out_height * g.out_width * F);
    for (std::size_t n = 0; n < A_prev.rows(); ++n)
        for (std::size_t i = 0; i < g.out_height; ++i)
            for (std::size_t j = 0; j < g.out_width; ++j)
                for (std::size_t f = 0; f < F; ++f) {
                    double z = slip == Slip::bias_forgotten ? 0.0 : b(0, f);
                    for (std::size_t di = 0; di < k.height; ++di)
                        for (std::size_t dj = 0; dj < k.width; ++dj) {
                            const long r = g.input_row(i, di), c = g.input_col(j, dj);
                            if (r < 0 || c < 0 || r >= static_cast<long>(height) || c >= static_cast<long>(width)) continue;
                            const std::size_t kr = slip == Slip::flipped ? k.height - 1 - di : di;
                            const std::size_t kc = slip == Slip::flipped ? k.width - 1 - dj : dj;
                            for (std::size_t ch = 0; ch < C; ++ch) {
                                const std::size_t x = slip == Slip::channels_first ? (ch * height + r) * width + c
                                                                                     : (r * width + c) * C + ch;
                                z += static_cast<double>(A_prev(n, x)) * W((kr * k.width + kc) * C + ch, f);
                            }
                        }
                    Z(n, (i * g.out_width + j) * F + f) = static_cast<neurona::Scalar>(z);
                }
    return Z;
}

// What each usual mistake gives on this input.
std::vector<Mistake> known_mistakes(const Matrix& A_prev, const Shape& shape, const Matrix& W, const Matrix& b,
                                    Size2D k, std::size_t s, Padding padding) {
    const std::pair<Slip, Diagnosis> slips[] = {
        {Slip::flipped, kFlipped},
        {Slip::channels_first, kChannelsFirst},
        {Slip::valid_off_by_one, kValidOffByOne},
        {Slip::bias_forgotten, kBiasForgotten},
        {Slip::stride_ignored, kStrideIgnored},
        {Slip::extra_zero_before, kExtraZeroBefore}};
    std::vector<Mistake> known;
    for (const auto& [slip, d] : slips) known.push_back(mistake(reference(A_prev, shape, W, b, k, s, padding, slip), d));
    return known;
}

// The learner's Z against `expected` (relative 1e-5, absolute 1e-5: float sums of up to 18
// products of values below 1), naming the usual mistakes.
::testing::AssertionResult ZMatches(const Matrix& A_prev, const Shape& shape, const Matrix& W, const Matrix& b,
                                    Size2D k, std::size_t s, Padding padding, const Matrix& expected) {
    const Matrix Z = exercise::conv2d_forward(A_prev, shape, W, b, k, s, padding);
    return matches(Z, expected, known_mistakes(A_prev, shape, W, b, k, s, padding), 1e-5, 1e-5);
}

// {out, pad_before} against the expected values, naming the two geometry mistakes.
::testing::AssertionResult AxisMatches(std::size_t in, std::size_t k, std::size_t s, Padding padding,
                                       std::size_t out, std::size_t pad_before) {
    const auto [got_out, got_pad] = exercise::output_size_and_padding(in, k, s, padding);
    const char* name = neurona::padding_name(padding);
    auto fail = ::testing::AssertionFailure();
    fail << "in " << in << ", k " << k << ", stride " << s << ", " << name << ": got {" << got_out << ", " << got_pad
         << "}, expected {out " << out << ", pad_before " << pad_before << "}";
    if (got_out == out && got_pad == pad_before) return ::testing::AssertionSuccess();
    // (A 0 is the stub's, not the off-by-one's, even where (in - k) / s is 0.)
    if (padding == Padding::valid && got_out > 0 && got_out == (in - k) / s)
        return fail << "\n" << diagnose(kValidOffByOne);
    const std::size_t pad = total_padding(in, k, s, out);
    if (got_out == out && pad % 2 == 1 && got_pad == pad - pad / 2) return fail << "\n" << diagnose(kExtraZeroBefore);
    return fail;
}

// The worked example of the README: a 4 x 4 image, one channel, one 2 x 2 filter, b = 1.
const Matrix kImage = Matrix::row_vector({1, 2, 0, 1,  //
                                          3, 1, 2, 0,  //
                                          0, 2, 1, 3,  //
                                          1, 0, 2, 1});
const Shape kImageShape{4, 4, 1};
const Matrix kKernel{{1}, {2}, {0}, {-1}};  // W(0,0) = 1, W(0,1) = 2, W(1,0) = 0, W(1,1) = -1
const Matrix kBias{{1}};

TEST(OutputSizeAndPadding, HandWorkedSizes) {
    EXPECT_TRUE(AxisMatches(4, 2, 1, Padding::valid, 3, 0));   // windows at 0, 1, 2
    EXPECT_TRUE(AxisMatches(28, 3, 1, Padding::valid, 26, 0));
    EXPECT_TRUE(AxisMatches(7, 3, 2, Padding::valid, 3, 0));   // windows at 0, 2, 4
    EXPECT_TRUE(AxisMatches(4, 4, 1, Padding::valid, 1, 0));   // the whole axis, once
    EXPECT_TRUE(AxisMatches(4, 2, 1, Padding::same, 4, 0));    // pad 1: none before, 1 after
    EXPECT_TRUE(AxisMatches(28, 3, 1, Padding::same, 28, 1));  // pad 2: 1 before, 1 after
    EXPECT_TRUE(AxisMatches(5, 3, 2, Padding::same, 3, 1));    // ceil(5/2) = 3; pad 2*2 + 3 - 5 = 2
    EXPECT_TRUE(AxisMatches(4, 3, 2, Padding::same, 2, 0));    // pad 1*2 + 3 - 4 = 1: 0 before, 1 after
    EXPECT_TRUE(AxisMatches(6, 4, 1, Padding::same, 6, 1));    // pad 3: 1 before, 2 after
    EXPECT_TRUE(AxisMatches(5, 1, 3, Padding::same, 2, 0));    // pad max(3 + 1 - 5, 0) = 0
}

TEST(OutputSizeAndPadding, AgreesWithTheLibrarysWindowGeometry) {
    for (const Padding padding : {Padding::valid, Padding::same})
        for (std::size_t in = 1; in <= 9; ++in)
            for (std::size_t k = 1; k <= 4; ++k)
                for (std::size_t s = 1; s <= 3; ++s) {
                    if (padding == Padding::valid && k > in) continue;
                    const auto g = neurona::window_geometry({in, 1, 1}, Size2D{k, 1}, Size2D{s, 1}, padding, "test");
                    ASSERT_TRUE(AxisMatches(in, k, s, padding, g.out_height, g.pad_top));
                }
}

TEST(OutputSizeAndPadding, RejectsAZeroStrideAndAWindowLargerThanTheInputWithValid) {
    EXPECT_THROW(exercise::output_size_and_padding(4, 2, 0, Padding::valid), std::invalid_argument);
    EXPECT_THROW(exercise::output_size_and_padding(4, 5, 1, Padding::valid), std::invalid_argument);
    EXPECT_NO_THROW(exercise::output_size_and_padding(4, 5, 1, Padding::same));
}

TEST(Conv2DForward, HandWorkedValid) {
    // Z(i, j) = 1 + 1 * X(i, j) + 2 * X(i, j+1) + 0 * X(i+1, j) - 1 * X(i+1, j+1):
    //   (0,0): 1 + 1 + 2*2 + 0 - 1 = 5    (0,1): 1 + 2 + 0 + 0 - 1*2 = 1    (0,2): 1 + 0 + 2*1 + 0 - 0 = 3
    //   (1,0): 1 + 3 + 2*1 + 0 - 2 = 4    (1,1): 1 + 1 + 2*2 + 0 - 1 = 5    (1,2): 1 + 2 + 0 + 0 - 3 = 0
    //   (2,0): 1 + 0 + 2*2 + 0 - 0 = 5    (2,1): 1 + 2 + 2*1 + 0 - 2 = 3    (2,2): 1 + 1 + 2*3 + 0 - 1 = 7
    EXPECT_TRUE(ZMatches(kImage, kImageShape, kKernel, kBias, {2, 2}, 1, Padding::valid,
                         Matrix::row_vector({5, 1, 3, 4, 5, 0, 5, 3, 7})));
}

TEST(Conv2DForward, HandWorkedValidStride2) {
    // The windows at rows 0, 2 and columns 0, 2: Z(0,0), Z(0,2), Z(2,0), Z(2,2) of the stride-1 result.
    EXPECT_TRUE(ZMatches(kImage, kImageShape, kKernel, kBias, {2, 2}, 2, Padding::valid,
                         Matrix::row_vector({5, 3, 5, 7})));
}

TEST(Conv2DForward, HandWorkedSame) {
    // pad = 3 * 1 + 2 - 4 = 1 zero per axis, after: a zero row below the image, a zero column to the
    // right. The stride-1 result gains a last column, 1 + X(i, 3) (its other three taps are zeros),
    // and a last row, 1 + X(3, j) + 2 * X(3, j+1).
    EXPECT_TRUE(ZMatches(kImage, kImageShape, kKernel, kBias, {2, 2}, 1, Padding::same,
                         Matrix::row_vector({5, 1, 3, 2,  //
                                             4, 5, 0, 1,  //
                                             5, 3, 7, 4,  //
                                             2, 5, 5, 2})));
}

// Random images of two channels through three filters, against the naive reference.
struct Case {
    Shape shape;
    Size2D kernel;
    std::size_t stride;
    Padding padding;
};

class Conv2DForwardRandom : public ::testing::TestWithParam<Case> {};

TEST_P(Conv2DForwardRandom, MatchesANaiveLoop) {
    const Case c = GetParam();
    neurona::Rng rng(29);
    const std::size_t filters = 3, fan_in = c.kernel.height * c.kernel.width * c.shape[2];
    const Matrix A_prev = rng.uniform_matrix(2, c.shape[0] * c.shape[1] * c.shape[2], -1, 1);
    const Matrix W = rng.uniform_matrix(fan_in, filters, -1, 1), b = rng.uniform_matrix(1, filters, -1, 1);
    EXPECT_TRUE(ZMatches(A_prev, c.shape, W, b, c.kernel, c.stride, c.padding,
                         reference(A_prev, c.shape, W, b, c.kernel, c.stride, c.padding)));
}

// Heights differ from widths and kernels are not square, so a swapped axis shows.
INSTANTIATE_TEST_SUITE_P(TwoChannelsThreeFilters, Conv2DForwardRandom,
                         ::testing::Values(Case{{5, 6, 2}, {3, 2}, 1, Padding::valid},
                                           Case{{7, 6, 2}, {3, 2}, 2, Padding::valid},
                                           Case{{5, 6, 2}, {3, 2}, 1, Padding::same},
                                           Case{{5, 6, 2}, {2, 3}, 2, Padding::same}));

TEST(Conv2DForward, RejectsShapesThatDoNotFit) {
    const Matrix W = Matrix(2 * 2 * 2, 3), b = Matrix(1, 3);
    // A row of 30 values is not a (4, 4, 2) image.
    EXPECT_THROW(exercise::conv2d_forward(Matrix(2, 30), {4, 4, 2}, W, b, {2, 2}, 1, Padding::valid),
                 std::invalid_argument);
    // A 2 x 2 kernel over 2 channels has 8 rows, not 4.
    EXPECT_THROW(exercise::conv2d_forward(Matrix(2, 32), {4, 4, 2}, Matrix(4, 3), b, {2, 2}, 1, Padding::valid),
                 std::invalid_argument);
    // Three filters need three biases.
    EXPECT_THROW(exercise::conv2d_forward(Matrix(2, 32), {4, 4, 2}, W, Matrix(1, 2), {2, 2}, 1, Padding::valid),
                 std::invalid_argument);
}

}  // namespace
