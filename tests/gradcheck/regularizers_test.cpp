// Kernel regularizers in double: the model's loss with the penalties l1 sum|W| + l2 sum W^2
// against central differences, through check_model and check_layer.
#include <gtest/gtest.h>

#include "neurona/gradcheck.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

namespace {
void expect_all_below(const std::vector<GradCheckResult>& results) {
    ASSERT_FALSE(results.empty());
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, 1e-6) << r.name;
}
}  // namespace

class RegularizedModelGradient : public ::testing::TestWithParam<Regularizer> {};

TEST_P(RegularizedModelGradient, PenaltyIsPartOfTheCheckedLoss) {
    set_global_seed(31);
    Sequential model;
    model.add(Dense(6, "tanh", InputShape{3}, GetParam()));
    model.add(Dense(4, "relu", GetParam()));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "adam");
    Rng rng(6);
    Matrix y(12, 1);
    for (std::size_t i = 0; i < 12; ++i) y(i, 0) = static_cast<Scalar>(i % 2);
    const Matrix X = rng.uniform_matrix(12, 3, -1, 1);
    // The penalty is large enough to matter: without it in the checked loss this fails.
    ASSERT_GT(model.regularization_loss(), 0.01);
    expect_all_below(check_model(model, X, y));
}

INSTANTIATE_TEST_SUITE_P(L1L2AndBoth, RegularizedModelGradient,
                         ::testing::Values(regularizers::l1(0.05), regularizers::l2(0.1),
                                           regularizers::l1_l2(0.03, 0.07)));

TEST(RegularizedLayerGradient, CheckLayerIncludesThePenalty) {
    set_global_seed(32);
    Dense layer(5, "linear", regularizers::l1_l2(0.2, 0.3));
    layer.build({4});
    layer.set_name("dense");
    Rng rng(9);
    expect_all_below(check_layer(layer, rng.uniform_matrix(6, 4, -1, 1)));
}

TEST(RegularizedModelGradient, ComputeGradientsReturnsLossPlusPenalty) {
    set_global_seed(33);
    Sequential model;
    model.add(Dense(3, "tanh", InputShape{2}, regularizers::l2(0.5)));
    model.add(Dense(1));
    model.compile("mse", "sgd");
    const Matrix X{{0.5, -1}, {1, 2}}, y{{1}, {0}};
    const Scalar data_loss = model.loss().value(y, model.forward(X, false));
    const auto& W = dynamic_cast<const Dense&>(model.layer(0)).W();
    double squares = 0;
    for (std::size_t i = 0; i < W.size(); ++i) squares += W.data()[i] * W.data()[i];
    EXPECT_NEAR(model.regularization_loss(), 0.5 * squares, 1e-12);
    EXPECT_NEAR(model.compute_gradients(X, y, false), data_loss + 0.5 * squares, 1e-12);
}
