// Gradient checks of MaxPooling2D, AveragePooling2D and Reshape in the double build: the input
// gradient dA_prev against central differences, relative error 1e-6 or better, for both
// paddings and for strides 1 (overlapping windows) and 2.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "neurona/gradcheck.hpp"
#include "neurona/layers/pooling.hpp"
#include "neurona/layers/reshape.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

namespace {
constexpr double kTolerance = 1e-6;

void expect_all_below(const std::vector<GradCheckResult>& results) {
    ASSERT_FALSE(results.empty());
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, kTolerance) << r.name;
}

// Every value different from every other by at least 2 / size (a shuffled ramp in [-1, 1)):
// far more than the step h = 1e-6, so moving one input by h never changes which one is the
// max of a window, and max is differentiable at every point the check visits.
Matrix distinct_inputs(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    const std::vector<std::size_t> order = Rng(seed).permutation(rows * cols);
    Matrix X(rows, cols);
    for (std::size_t i = 0; i < order.size(); ++i)
        X.data()[i] = -1.0 + 2.0 * static_cast<double>(order[i]) / static_cast<double>(order.size());
    return X;
}

struct GradCase {
    Size2D pool, strides;
    const char* padding;
};

// "pool (3, 2), strides (2, 1), same" in a failure's message.
void PrintTo(const GradCase& t, std::ostream* out) {
    *out << "pool (" << t.pool.height << ", " << t.pool.width << "), strides (" << t.strides.height << ", "
         << t.strides.width << "), " << t.padding;
}

class PoolingGradient : public ::testing::TestWithParam<GradCase> {};

}  // namespace

TEST_P(PoolingGradient, InputGradientOfMaxAndAverageMatchesCentralDifferences) {
    const GradCase& t = GetParam();
    const Pool2DOptions options{.strides = t.strides, .padding = t.padding};
    // (5, 6, 3): odd height and width, so "same" pads after and "valid" drops a border.
    const Matrix X = distinct_inputs(2, 5 * 6 * 3, 11);
    MaxPooling2D max(t.pool, options);
    max.build({5, 6, 3});
    {
        SCOPED_TRACE("MaxPooling2D");
        expect_all_below(check_layer(max, X));
    }
    AveragePooling2D avg(t.pool, options);
    avg.build({5, 6, 3});
    SCOPED_TRACE("AveragePooling2D");
    expect_all_below(check_layer(avg, X));
}

INSTANTIATE_TEST_SUITE_P(
    PaddingsAndStrides, PoolingGradient,
    ::testing::Values(GradCase{{2, 2}, {2, 2}, "valid"}, GradCase{{2, 2}, {2, 2}, "same"},
                      GradCase{{2, 2}, {1, 1}, "valid"}, GradCase{{3, 3}, {1, 1}, "same"},
                      GradCase{{3, 2}, {2, 1}, "same"}, GradCase{{3, 3}, {2, 2}, "valid"}),
    [](const ::testing::TestParamInfo<GradCase>& info) {  // "pool3x2_strides2x1_same"
        const GradCase& t = info.param;
        return "pool" + std::to_string(t.pool.height) + "x" + std::to_string(t.pool.width) + "_strides" +
               std::to_string(t.strides.height) + "x" + std::to_string(t.strides.width) + "_" + t.padding;
    });

TEST(ReshapeGradient, PassesTheGradientThrough) {
    Reshape layer({3, 2, 2});
    layer.build({12});
    expect_all_below(check_layer(layer, Rng(4).uniform_matrix(3, 12, -1, 1)));
}
