// Normalization's backward, dA_prev = dA / max(sqrt(variance), epsilon), against central
// differences in double.
#include <gtest/gtest.h>

#include "neurona/gradcheck.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/normalization.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

TEST(NormalizationGradient, InputGradientIsDividedByTheStandardDeviation) {
    Rng rng(4);
    Normalization norm;
    norm.set_name("normalization");
    // Features of very different scales, as in the housing data (0.1 ... 400).
    Matrix X = rng.uniform_matrix(20, 3, -1, 1);
    for (std::size_t i = 0; i < X.rows(); ++i) {
        X(i, 1) = X(i, 1) * 100 + 300;
        X(i, 2) *= 0.1;
    }
    norm.adapt(X);
    const auto results = check_layer(norm, rng.uniform_matrix(6, 3, -2, 2));
    ASSERT_EQ(results.size(), 1u);  // no trainable parameters, only the input
    EXPECT_LE(results[0].max_relative_error, 1e-6) << results[0].name;
}

TEST(NormalizationGradient, InAModelBelowAHiddenLayer) {
    // Normalization second: its backward's dA_prev feeds the first Dense's dW.
    set_global_seed(8);
    Rng rng(5);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{3}));
    Normalization norm;
    norm.adapt(rng.uniform_matrix(30, 4, -0.5, 0.5));
    model.add(std::move(norm));
    model.add(Dense(1));
    const auto& added = dynamic_cast<const Normalization&>(model.layer(1));
    EXPECT_EQ(added.count(), 30u);  // adding it kept what adapt learned
    EXPECT_GT(added.variance()(0, 0), 0.05);
    model.compile("mse", "sgd");
    const auto results = check_model(model, rng.uniform_matrix(10, 3, -1, 1), rng.uniform_matrix(10, 1, -1, 1));
    ASSERT_EQ(results.size(), 4u);
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, 1e-6) << r.name;
}
