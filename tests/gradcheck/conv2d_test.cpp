// Gradient checks of Conv2D in the double build: dA_prev, dW and db against central
// differences, relative error 1e-6 or better, for both paddings, strides 1 and 2 (and mixed),
// odd sizes where "same" puts its extra zero after, several channels, linear, tanh and
// softmax; and a whole Conv2D -> Flatten -> Dense(softmax) model.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "neurona/gradcheck.hpp"
#include "neurona/layers/conv2d.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

namespace {
constexpr double kTolerance = 1e-6;

struct ConvCase {
    std::size_t H, W, C, filters;
    Size2D kernel, strides;
    const char* padding;
    const char* activation;
};

std::string case_name(const ConvCase& c) {
    return std::to_string(c.H) + "x" + std::to_string(c.W) + "x" + std::to_string(c.C) + " -> " +
           std::to_string(c.filters) + " kernel " + std::to_string(c.kernel.height) + "x" +
           std::to_string(c.kernel.width) + " strides " + std::to_string(c.strides.height) + "," +
           std::to_string(c.strides.width) + " " + c.padding + " " + c.activation;
}
// gtest prints a failing case's parameter with this.
void PrintTo(const ConvCase& c, std::ostream* os) { *os << case_name(c); }
}  // namespace

class Conv2DGradient : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2DGradient, InputWeightsAndBiasMatchCentralDifferences) {
    const ConvCase& c = GetParam();
    SCOPED_TRACE(case_name(c));
    set_global_seed(21);
    Conv2D layer(c.filters, c.kernel,
                 Conv2DOptions{.strides = c.strides, .padding = c.padding, .activation = c.activation});
    layer.build({c.H, c.W, c.C});
    layer.set_name("conv2d");
    Rng rng(22);
    layer.set_weights({layer.W(), rng.uniform_matrix(1, c.filters, -0.5, 0.5)});
    const auto results = check_layer(layer, rng.uniform_matrix(3, c.H * c.W * c.C, -1, 1));
    ASSERT_EQ(results.size(), 3u);  // W, b and the input
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, kTolerance) << r.name;
}

INSTANTIATE_TEST_SUITE_P(
    PaddingsStridesActivations, Conv2DGradient,
    ::testing::Values(
        ConvCase{5, 5, 1, 2, {3, 3}, {1, 1}, "valid", "linear"},
        ConvCase{6, 5, 2, 3, {3, 2}, {1, 1}, "same", "tanh"},
        ConvCase{7, 7, 3, 2, {3, 3}, {2, 2}, "valid", "tanh"},
        // 5 wide, k 4, s 2: out 3, 3 zeros of padding, 1 before and 2 after.
        ConvCase{5, 5, 2, 3, {4, 4}, {2, 2}, "same", "linear"},
        // 7 high, k 2, s 2: out 4, 1 zero after, none before; width s 1 pads 1 after too.
        ConvCase{7, 4, 3, 2, {2, 2}, {2, 1}, "same", "tanh"},
        ConvCase{4, 6, 2, 4, {1, 3}, {1, 2}, "valid", "linear"},
        ConvCase{4, 4, 2, 3, {2, 2}, {1, 1}, "same", "softmax"}));

TEST(Conv2DModelGradient, ConvFlattenDenseSoftmax) {
    set_global_seed(23);
    Sequential model;
    model.add(Conv2D(3, {3, 3}, "tanh", InputShape{6, 6, 2}));
    model.add(Conv2D(2, {2, 2}, Conv2DOptions{.strides = {2, 2}, .padding = "same", .activation = "tanh"}));
    model.add(Flatten());
    model.add(Dense(3, "softmax"));
    model.compile("sparse_categorical_crossentropy", "adam");
    Rng rng(24);
    Matrix y(5, 1);
    for (std::size_t i = 0; i < 5; ++i) y(i, 0) = static_cast<Scalar>(i % 3);
    const auto results = check_model(model, rng.uniform_matrix(5, 6 * 6 * 2, -1, 1), y);
    ASSERT_EQ(results.size(), 6u);  // W and b of each Conv2D and of the Dense
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, kTolerance) << r.name;
}

TEST(Conv2DModelGradient, SigmoidConvOutputFusedWithBinaryCrossentropy) {
    // Conv2D as the output layer: the model starts backward at dZ = (A - Y) / n through
    // backward_from_logits, which must agree with the loss computed from the logits.
    set_global_seed(25);
    Sequential model;
    model.add(Conv2D(2, {2, 2}, "sigmoid", InputShape{4, 4, 1}));
    model.compile("binary_crossentropy", "sgd");
    Rng rng(26);
    Matrix y(4, 3 * 3 * 2);
    for (std::size_t k = 0; k < y.size(); ++k) y.data()[k] = static_cast<Scalar>(k % 2);
    const auto results = check_model(model, rng.uniform_matrix(4, 16, -1, 1), y);
    ASSERT_EQ(results.size(), 2u);
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, kTolerance) << r.name;
}
