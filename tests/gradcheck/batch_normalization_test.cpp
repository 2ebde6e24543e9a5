// BatchNormalization's backward against central differences in double, in training mode
// (mu and var are the batch's, so dA_prev has the two extra terms through them) and in
// inference mode (the moving statistics are constants), for a (features) input and an
// (H, W, C) one, alone and inside a model.
#include <gtest/gtest.h>

#include "neurona/gradcheck.hpp"
#include "neurona/layers/activation.hpp"
#include "neurona/layers/batch_normalization.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

namespace {

void expect_all_below(const std::vector<GradCheckResult>& results, std::size_t count) {
    EXPECT_EQ(results.size(), count);
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, 1e-6) << r.name;
}

// A BatchNormalization built for `shape`, with gamma, beta and moving statistics away from
// their initial values (gamma 1 and beta 0 would hide a gamma or beta left out of a formula).
BatchNormalization layer_for(const Shape& shape, Rng& rng) {
    BatchNormalization bn;
    bn.set_name("batch_normalization");
    bn.build(shape);
    const std::size_t C = shape.back();
    bn.set_weights({rng.uniform_matrix(1, C, 0.5, 2), rng.uniform_matrix(1, C, -1, 1),
                    rng.uniform_matrix(1, C, -0.5, 0.5), rng.uniform_matrix(1, C, 0.2, 3)});
    return bn;
}

}  // namespace

TEST(BatchNormalizationGradient, TrainingModeFeatures) {
    Rng rng(21);
    BatchNormalization bn = layer_for({3}, rng);
    // Columns of different means and spreads, as a Dense layer's outputs.
    Matrix X = rng.uniform_matrix(8, 3, -1, 1);
    for (std::size_t i = 0; i < X.rows(); ++i) X(i, 1) = X(i, 1) * 5 + 2;
    const std::vector<Matrix> before = bn.get_weights();
    expect_all_below(check_layer(bn, X, 1e-6, true), 3);  // gamma, beta, input
    // check_layer ran many training forwards; it put the moving statistics back.
    const std::vector<Matrix> after = bn.get_weights();
    for (std::size_t k = 0; k < before.size(); ++k) EXPECT_TRUE(allclose(before[k], after[k], 0, 0)) << k;
}

TEST(BatchNormalizationGradient, TrainingModeImageChannels) {
    // (N, H, W, C) = (3, 2, 3, 2): each channel's statistics pool 3 * 2 * 3 = 18 values.
    Rng rng(22);
    BatchNormalization bn = layer_for({2, 3, 2}, rng);
    expect_all_below(check_layer(bn, rng.uniform_matrix(3, 12, -2, 2), 1e-6, true), 3);
}

TEST(BatchNormalizationGradient, TrainingModeTwoSamples) {
    // Two samples of one feature: x_hat is -1 or +1 (nearly), the smallest batch that trains.
    Rng rng(23);
    BatchNormalization bn = layer_for({1}, rng);
    expect_all_below(check_layer(bn, Matrix{{0.3}, {-0.9}}, 1e-6, true), 3);
}

TEST(BatchNormalizationGradient, InferenceModeFeaturesAndImageChannels) {
    Rng rng(24);
    BatchNormalization features = layer_for({4}, rng);
    expect_all_below(check_layer(features, rng.uniform_matrix(5, 4, -2, 2)), 3);
    BatchNormalization image = layer_for({2, 2, 3}, rng);
    expect_all_below(check_layer(image, rng.uniform_matrix(2, 12, -2, 2)), 3);
}

TEST(BatchNormalizationGradient, InAModelDenseBatchNormActivationSoftmax) {
    // Dense -> BatchNormalization -> Activation -> Dense(softmax), the usual place of the layer:
    // the first Dense's dW needs BatchNormalization's training-mode dA_prev.
    clear_session();  // the names: dense, batch_normalization, activation, dense_1
    set_global_seed(9);
    Rng rng(25);
    Sequential model;
    model.add(Dense(5, "linear", InputShape{3}));
    model.add(BatchNormalization());
    model.add(Activation("tanh"));
    model.add(Dense(3, "softmax"));
    model.compile("categorical_crossentropy", "sgd");
    const Matrix X = rng.uniform_matrix(10, 3, -1, 1);
    Matrix Y(10, 3);
    for (std::size_t i = 0; i < Y.rows(); ++i) Y(i, i % 3) = 1;
    // In training mode the first Dense's b has a gradient of exactly 0: adding a constant to a
    // channel moves its batch mean by the same amount, and X_hat does not change (why Keras
    // code puts use_bias=False before BatchNormalization). Its numerical gradient is rounding
    // noise, so it is checked against 0, the others against their numerical gradients.
    const auto results = check_model(model, X, Y, 1e-6, true);
    ASSERT_EQ(results.size(), 6u);  // W, b, gamma, beta, W, b
    for (const auto& r : results) {
        if (r.name != "dense/b") {
            EXPECT_LE(r.max_relative_error, 1e-6) << r.name;
        }
    }
    const Matrix& db = dynamic_cast<const Dense&>(model.layer(0)).db();
    for (std::size_t j = 0; j < db.cols(); ++j) EXPECT_NEAR(db(0, j), 0, 1e-15) << j;
    // Inference mode too, once the moving statistics are not their initial values.
    model.forward(X, true);
    expect_all_below(check_model(model, X, Y), 6);
}
