// Losses and their gradients: values computed by hand (the computation is in the comments).
#include "neurona/losses.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "neurona/activations.hpp"

using namespace neurona;

namespace {

constexpr float kTol = 1e-6f;

// The course's MSE example (chapter 1.9): labels and predictions of four samples.
const Matrix kCourseY = Matrix::column_vector({0, 0, 1, 1});
const Matrix kCourseP = Matrix::column_vector({0.9f, 0.5f, 0.2f, 0.0f});

// Runs `f`, expecting std::invalid_argument whose message contains every one of `parts`.
template <class F>
void expect_invalid_argument(F f, std::initializer_list<std::string> parts) {
    try {
        f();
        ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        for (const std::string& part : parts)
            EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
    }
}

}  // namespace

TEST(Losses, MseCourseExample) {
    // errors y - p = (-0.9, -0.5, 0.8, 1); squares 0.81 + 0.25 + 0.64 + 1 = 2.7; 2.7 / 4.
    EXPECT_NEAR(mse(kCourseY, kCourseP), 0.675f, kTol);
    // One sample with four outputs: Keras's mean over the outputs gives the same.
    EXPECT_NEAR(mse(kCourseY.T(), kCourseP.T()), 0.675f, kTol);
    // 2 (p - y) / 4 = (2 * 0.9, 2 * 0.5, 2 * -0.8, 2 * -1) / 4
    EXPECT_TRUE(allclose(mse_gradient(kCourseY, kCourseP),
                         Matrix::column_vector({0.45f, 0.25f, -0.4f, -0.5f})));
}

TEST(Losses, Mae) {
    // |y - p| = 0.9 + 0.5 + 0.8 + 1 = 3.2; 3.2 / 4.
    EXPECT_NEAR(mae(kCourseY, kCourseP), 0.8f, kTol);
    // sign(p - y) / 4 = (+, +, -, -) / 4
    EXPECT_TRUE(allclose(mae_gradient(kCourseY, kCourseP),
                         Matrix::column_vector({0.25f, 0.25f, -0.25f, -0.25f})));
    // Where p == y the kink's gradient is 0: (0, -1/2) for p - y = (0, -2).
    EXPECT_TRUE(allclose(mae_gradient(Matrix{{1, 3}}, Matrix{{1, 1}}), Matrix{{0, -0.5f}}));
}

TEST(Losses, BinaryCrossentropy) {
    // y = (1, 0), p = (0.8, 0.4): -(ln 0.8 + ln 0.6) / 2 = (0.22314355 + 0.51082562) / 2.
    const Matrix y = Matrix::column_vector({1, 0});
    const Matrix p = Matrix::column_vector({0.8f, 0.4f});
    EXPECT_NEAR(binary_crossentropy(y, p), 0.36698459f, kTol);
    // (p - y) / (p (1 - p)) / 2: (-0.2 / 0.16, 0.4 / 0.24) / 2 = (-0.625, 0.83333333).
    const Matrix g = binary_crossentropy_gradient(y, p);
    EXPECT_NEAR(g(0, 0), -0.625f, kTol);
    EXPECT_NEAR(g(1, 0), 0.83333333f, kTol);
}

TEST(Losses, BinaryCrossentropyClipsAtZeroAndOne) {
    // Totally wrong and sure: p = 0 for y = 1 and p = 1 for y = 0. Unclipped this is
    // -log 0 = inf. Clipped: p = 0 -> 1e-7 gives -log(1e-7) = 16.11809565; p = 1 -> 1 - 1e-7,
    // which in float rounds to 1 - 2^-23, gives -log(2^-23) = 15.94238515. Mean 16.03024040.
    const Matrix y = Matrix::column_vector({1, 0, 1});
    const Matrix p = Matrix::column_vector({0, 1, 0.5f});
    const float loss = binary_crossentropy(y.slice_rows(0, 2), p.slice_rows(0, 2));
    EXPECT_TRUE(std::isfinite(loss));
    EXPECT_NEAR(loss, 16.0302404f, 1e-5f);
    // Right and sure, p = y = 1: clipped to 1 - 2^-23, so the loss is -log(1 - 2^-23) ~ 1.2e-7.
    EXPECT_NEAR(binary_crossentropy(Matrix{{1}}, Matrix{{1}}), 1.1920929e-7f, 1e-9f);
    // Gradient: 0 where clipped; (0.5 - 1) / 0.25 / 3 = -0.66666667 for the third.
    const Matrix g = binary_crossentropy_gradient(y, p);
    EXPECT_EQ(g(0, 0), 0.0f);
    EXPECT_EQ(g(1, 0), 0.0f);
    EXPECT_NEAR(g(2, 0), -0.66666667f, kTol);
}

TEST(Losses, CategoricalCrossentropy) {
    // Row 1: y = (1, 0, 0), p = (0.5, 0.3, 0.2): -ln 0.5 = 0.69314718.
    EXPECT_NEAR(categorical_crossentropy(Matrix{{1, 0, 0}}, Matrix{{0.5f, 0.3f, 0.2f}}),
                0.69314718f, kTol);
    // Add row 2: y = (0, 1, 0), p = (0.1, 0.8, 0.1): -ln 0.8 = 0.22314355; mean 0.45814537.
    const Matrix Y{{1, 0, 0}, {0, 1, 0}};
    const Matrix P{{0.5f, 0.3f, 0.2f}, {0.1f, 0.8f, 0.1f}};
    EXPECT_NEAR(categorical_crossentropy(Y, P), 0.45814537f, kTol);
}

TEST(Losses, CategoricalCrossentropyGradient) {
    // L = -ln(p0 / S) / batch with S = p0 + p1 + p2 (Keras renormalises each row):
    // dL/dp0 = (-1/p0 + 1/S) / batch, dL/dp_k = (1/S) / batch for k != 0.
    // p = (0.5, 0.3, 0.2), S = 1, batch 1: (-2 + 1, 1, 1) = (-1, 1, 1).
    EXPECT_TRUE(allclose(categorical_crossentropy_gradient(Matrix{{1, 0, 0}},
                                                           Matrix{{0.5f, 0.3f, 0.2f}}),
                         Matrix{{-1, 1, 1}}));
    // p = (1, 0.6, 0.4), S = 2: the same q = p / S = (0.5, 0.3, 0.2), so the same loss, and
    // gradient (-1 + 0.5, 0.5, 0.5) = (-0.5, 0.5, 0.5).
    const Matrix unnormalised{{1, 0.6f, 0.4f}};
    EXPECT_NEAR(categorical_crossentropy(Matrix{{1, 0, 0}}, unnormalised), 0.69314718f, kTol);
    EXPECT_TRUE(allclose(categorical_crossentropy_gradient(Matrix{{1, 0, 0}}, unnormalised),
                         Matrix{{-0.5f, 0.5f, 0.5f}}));
}

TEST(Losses, SoftmaxThenCategoricalGivesAMinusY) {
    // Through softmax's backward, the loss gradient becomes dZ = (A - Y) / batch:
    // A = softmax(1, 2, 3) = (0.09003057, 0.24472847, 0.66524096), Y = (0, 0, 1).
    const ActivationFunction& sm = get_activation("softmax");
    const Matrix Z{{1, 2, 3}};
    const Matrix Y{{0, 0, 1}};
    const Matrix A = sm.forward(Z);
    const Matrix dZ = sm.backward(Z, A, categorical_crossentropy_gradient(Y, A));
    EXPECT_NEAR(dZ(0, 0), 0.09003057f, kTol);
    EXPECT_NEAR(dZ(0, 1), 0.24472847f, kTol);
    EXPECT_NEAR(dZ(0, 2), -0.33475904f, kTol);
}

TEST(Losses, CategoricalCrossentropyClips) {
    // y = (1, 0), p = (0, 1): -log(clip(0)) = -log(1e-7) = 16.11809565, finite.
    const Matrix Y{{1, 0}};
    const Matrix P{{0, 1}};
    const float loss = categorical_crossentropy(Y, P);
    EXPECT_TRUE(std::isfinite(loss));
    EXPECT_NEAR(loss, 16.1180957f, 1e-5f);
    // Both entries were clipped (0 < 1e-7, 1 > 1 - 1e-7): the gradient is 0.
    const Matrix g = categorical_crossentropy_gradient(Y, P);
    EXPECT_EQ(g(0, 0), 0.0f);
    EXPECT_EQ(g(0, 1), 0.0f);
}

TEST(Losses, SparseCategoricalCrossentropy) {
    // Labels 0 and 1 are the one-hot rows of CategoricalCrossentropy: mean 0.45814537.
    const Matrix labels = Matrix::column_vector({0, 1});
    const Matrix P{{0.5f, 0.3f, 0.2f}, {0.1f, 0.8f, 0.1f}};
    EXPECT_NEAR(sparse_categorical_crossentropy(labels, P), 0.45814537f, kTol);
    // Row 1: (-2 + 1, 1, 1) / 2; row 2: (1, -1/0.8 + 1, 1) / 2 = (1, -0.25, 1) / 2.
    EXPECT_TRUE(allclose(sparse_categorical_crossentropy_gradient(labels, P),
                         Matrix{{-0.5f, 0.5f, 0.5f}, {0.5f, -0.125f, 0.5f}}));
}

TEST(Losses, SparseClipsThenRenormalisesAsKerasCategoricalTheOtherWay) {
    // Keras's two orders differ on rows that do not sum to 1 with an entry outside the clip.
    // Row 1: p = (3, 1), label 1 (say a linear output). Sparse clips first: c = (1 - 1e-7,
    // 1 - 1e-7), q = c / sum(c) = (0.5, 0.5), -ln 0.5 = 0.69314718. Categorical renormalises
    // first: q = p / 4 = (0.75, 0.25), nothing to clip, -ln 0.25 = 1.38629436.
    // Row 2: p = (0.2, 0.3), label 1: nothing clipped, both give -ln(0.3 / 0.5) = 0.51082562.
    // Means over the batch: (0.69314718 + 0.51082562) / 2 = 0.60198640 and
    // (1.38629436 + 0.51082562) / 2 = 0.94855999.
    const Matrix P{{3, 1}, {0.2f, 0.3f}};
    EXPECT_NEAR(sparse_categorical_crossentropy(Matrix::column_vector({1, 1}), P), 0.60198640f, kTol);
    EXPECT_NEAR(categorical_crossentropy(Matrix{{0, 1}, {0, 1}}, P), 0.94855999f, kTol);
    // Gradients, batch 2, g = -y / q / 2 and dL/dx = (g - g.q) / S:
    // sparse row 1: both entries were clipped, so dL/dp = (0, 0);
    // categorical row 1: S = 4, g = (0, -2), g.q = -0.5: (0.5, -1.5) / 4 = (0.125, -0.375);
    // row 2 (both): S = 0.5, q = (0.4, 0.6), g = (0, -5/6), g.q = -0.5: (1, -2/3).
    EXPECT_TRUE(allclose(sparse_categorical_crossentropy_gradient(Matrix::column_vector({1, 1}), P),
                         Matrix{{0, 0}, {1, -0.66666667f}}));
    EXPECT_TRUE(allclose(categorical_crossentropy_gradient(Matrix{{0, 1}, {0, 1}}, P),
                         Matrix{{0.125f, -0.375f}, {1, -0.66666667f}}));
}

TEST(Losses, SparseGivesNoGradientToAClippedProbability) {
    // p = (0.6, 0.4, 0), label 0, batch 1. Sparse: c = (0.6, 0.4, 1e-7), S = 1.0000001,
    // q0 = 0.6 / S, g = (-1 / q0, 0, 0), g.q = -1: dL/dp = ((1 - S / 0.6) / S, 1 / S, 0) =
    // (-0.66666677, 0.9999999, 0): the last entry was clipped, so clip's derivative is 0
    // there (as TensorFlow's gradient of clip_by_value). Categorical renormalises first
    // (S = 1, q = p) and clips q2 only inside the log: (g - g.q) / S = (-2/3, 1, 1).
    const Matrix P{{0.6f, 0.4f, 0}};
    EXPECT_TRUE(allclose(sparse_categorical_crossentropy_gradient(Matrix{{0}}, P),
                         Matrix{{-0.66666677f, 0.9999999f, 0}}));
    EXPECT_TRUE(allclose(categorical_crossentropy_gradient(Matrix{{1, 0, 0}}, P),
                         Matrix{{-0.66666667f, 1, 1}}));
}

TEST(Losses, SparseRejectsBadLabels) {
    const Matrix P{{0.5f, 0.3f, 0.2f}, {0.1f, 0.8f, 0.1f}};
    expect_invalid_argument(
        [&] { sparse_categorical_crossentropy(Matrix::column_vector({0, 2.5f}), P); },
        {"sparse_categorical_crossentropy", "row 1", "2.5"});
    expect_invalid_argument(
        [&] { sparse_categorical_crossentropy_gradient(Matrix::column_vector({3, 0}), P); },
        {"row 0", "3", "[0, 3)"});
    expect_invalid_argument(
        [&] { sparse_categorical_crossentropy(Matrix::column_vector({0, -1}), P); },
        {"row 1", "-1"});
    // One-hot labels given to the sparse loss: a shape error naming both shapes.
    expect_invalid_argument([&] { sparse_categorical_crossentropy(Matrix(2, 3), P); },
                            {"sparse_categorical_crossentropy", "(2, 3)"});
}

TEST(Losses, BinaryCrossentropyFromLogits) {
    // z = (2, -1), y = (1, 0): softplus(z) - y z = (2.12692801 - 2, 0.31326169), mean
    // (0.12692801 + 0.31326169) / 2 = 0.22009485, the probabilities' -(ln sigmoid(2) +
    // ln(1 - sigmoid(-1))) / 2. dL/dz = (sigmoid(z) - y) / 2 = (0.88079708 - 1, 0.26894142) / 2.
    const Matrix y = Matrix::column_vector({1, 0});
    const Matrix Z = Matrix::column_vector({2, -1});
    EXPECT_NEAR(binary_crossentropy_from_logits(y, Z), 0.22009485f, kTol);
    EXPECT_NEAR(binary_crossentropy(y, Z.apply(sigmoid)), 0.22009485f, kTol);
    EXPECT_TRUE(allclose(binary_crossentropy_from_logits_gradient(y, Z),
                         Matrix::column_vector({-0.05960146f, 0.13447071f})));
}

TEST(Losses, CategoricalCrossentropyFromLogits) {
    // Z = (1, 2, 3), y = (0, 0, 1): logsumexp = 3 + ln(e^-2 + e^-1 + 1) = 3.40760596, so
    // L = 3.40760596 - 3 = 0.40760596 = -ln softmax(Z)_2; dL/dZ = softmax(Z) - y =
    // (0.09003057, 0.24472847, 0.66524096 - 1), what softmax's backward gives from the
    // probabilities (SoftmaxThenCategoricalGivesAMinusY).
    const Matrix Z{{1, 2, 3}};
    const Matrix Y{{0, 0, 1}};
    EXPECT_NEAR(categorical_crossentropy_from_logits(Y, Z), 0.40760596f, kTol);
    const Matrix expected{{0.09003057f, 0.24472847f, -0.33475904f}};
    EXPECT_TRUE(allclose(categorical_crossentropy_from_logits_gradient(Y, Z), expected));
    // Sparse labels are the one-hot rows; a batch of two halves the gradient.
    const Matrix Z2{{1, 2, 3}, {1, 2, 3}};
    EXPECT_NEAR(sparse_categorical_crossentropy_from_logits(Matrix::column_vector({2, 2}), Z2), 0.40760596f, kTol);
    EXPECT_TRUE(allclose(sparse_categorical_crossentropy_from_logits_gradient(Matrix::column_vector({2, 0}), Z2),
                         Matrix{{0.04501529f, 0.12236424f, -0.16737952f}, {-0.45498471f, 0.12236424f, 0.33262048f}}));
    expect_invalid_argument([&] { sparse_categorical_crossentropy_from_logits(Matrix::column_vector({3, 0}), Z2); },
                            {"sparse_categorical_crossentropy", "row 0", "[0, 3)"});
}

TEST(Losses, FromLogitsIsFiniteAndKeepsItsGradientAtMagnitude1000) {
    // Binary, z = (1000, -1000): y = (0, 0) gives softplus(z) - 0 = (1000, 0), mean 500, and
    // dL/dz = (1 - 0, 0 - 0) / 2; y = (1, 1) gives (1000 - 1000, 0 + 1000), mean 500, and
    // (1 - 1, 0 - 1) / 2. The clipped probabilities would give -ln(1e-7) = 16.1 and no
    // gradient for the wrong one.
    const Matrix Z = Matrix::column_vector({1000, -1000});
    EXPECT_EQ(binary_crossentropy_from_logits(Matrix::column_vector({0, 0}), Z), 500.0f);
    EXPECT_TRUE(allclose(binary_crossentropy_from_logits_gradient(Matrix::column_vector({0, 0}), Z),
                         Matrix::column_vector({0.5f, 0})));
    EXPECT_EQ(binary_crossentropy_from_logits(Matrix::column_vector({1, 1}), Z), 500.0f);
    EXPECT_TRUE(allclose(binary_crossentropy_from_logits_gradient(Matrix::column_vector({1, 1}), Z),
                         Matrix::column_vector({0, -0.5f})));
    // Softmax, z = (1000, -1000), label 1: logsumexp = 1000 + ln(1 + e^-2000) = 1000, so
    // L = 1000 - (-1000) = 2000, and dL/dz = softmax(z) - y = (1, 0) - (0, 1).
    const Matrix Zs{{1000, -1000}};
    EXPECT_EQ(categorical_crossentropy_from_logits(Matrix{{0, 1}}, Zs), 2000.0f);
    EXPECT_TRUE(allclose(categorical_crossentropy_from_logits_gradient(Matrix{{0, 1}}, Zs), Matrix{{1, -1}}));
    EXPECT_EQ(sparse_categorical_crossentropy_from_logits(Matrix{{1}}, Zs), 2000.0f);
    EXPECT_TRUE(allclose(sparse_categorical_crossentropy_from_logits_gradient(Matrix{{1}}, Zs), Matrix{{1, -1}}));
}

TEST(Losses, FromLogitsAsKerasAsksForIt) {
    // get_loss(name, {.from_logits = true}) and Keras's class names give the logits pair,
    // flagged, under the loss's own name; each cross-entropy names the activation it fuses with.
    const Loss sparse = SparseCategoricalCrossentropy({.from_logits = true});
    EXPECT_EQ(sparse.name, "sparse_categorical_crossentropy");
    EXPECT_TRUE(sparse.from_logits);
    EXPECT_EQ(sparse.value, sparse_categorical_crossentropy_from_logits);
    EXPECT_EQ(sparse.gradient, sparse_categorical_crossentropy_from_logits_gradient);
    EXPECT_EQ(sparse.fuses_with, "softmax");
    const Loss binary = get_loss("binary_crossentropy", {.from_logits = true});
    EXPECT_EQ(binary.value, binary_crossentropy_from_logits);
    EXPECT_EQ(binary.fuses_with, "sigmoid");
    EXPECT_EQ(CategoricalCrossentropy({.from_logits = true}).gradient,
              categorical_crossentropy_from_logits_gradient);
    // Without it, the probabilities' pair, and the logits pair kept for the fused path.
    const Loss probabilities = BinaryCrossentropy();
    EXPECT_FALSE(probabilities.from_logits);
    EXPECT_EQ(probabilities.value, binary_crossentropy);
    EXPECT_EQ(probabilities.logits_gradient, binary_crossentropy_from_logits_gradient);
    EXPECT_EQ(get_loss("mse").fuses_with, "");
    EXPECT_EQ(get_loss("mse").logits_value, nullptr);
    expect_invalid_argument([] { get_loss("mse", {.from_logits = true}); }, {"'mse'", "from_logits"});
}

TEST(Losses, ShapeMismatchNamesLossAndShapes) {
    expect_invalid_argument([] { mse(kCourseY, kCourseP.T()); }, {"mse", "(4, 1)", "(1, 4)"});
    expect_invalid_argument([] { binary_crossentropy_gradient(Matrix(2, 1), Matrix(3, 1)); },
                            {"binary_crossentropy", "(2, 1)", "(3, 1)"});
    expect_invalid_argument([] { categorical_crossentropy(Matrix(2, 3), Matrix(2, 4)); },
                            {"categorical_crossentropy", "(2, 3)", "(2, 4)"});
    expect_invalid_argument([] { mae(Matrix(0, 1), Matrix(0, 1)); }, {"mae", "empty"});
    expect_invalid_argument([] { sparse_categorical_crossentropy(Matrix(0, 1), Matrix(0, 3)); },
                            {"sparse_categorical_crossentropy", "empty"});
    expect_invalid_argument([] { binary_crossentropy_from_logits(Matrix(2, 1), Matrix(2, 2)); },
                            {"binary_crossentropy", "(2, 1)", "(2, 2)"});
}

TEST(Losses, RegistryAndAliases) {
    const std::vector<std::string> expected = {"mse",
                                               "mean_squared_error",
                                               "mae",
                                               "mean_absolute_error",
                                               "binary_crossentropy",
                                               "categorical_crossentropy",
                                               "sparse_categorical_crossentropy"};
    EXPECT_EQ(loss_names(), expected);
    for (const std::string& name : expected) EXPECT_EQ(get_loss(name).name, name);
    // Aliases compute the same thing: the course's 0.675 and 0.8.
    EXPECT_NEAR(get_loss("mean_squared_error").value(kCourseY, kCourseP), 0.675f, kTol);
    EXPECT_NEAR(get_loss("mean_absolute_error").value(kCourseY, kCourseP), 0.8f, kTol);
    EXPECT_TRUE(allclose(get_loss("mse").gradient(kCourseY, kCourseP),
                         mse_gradient(kCourseY, kCourseP)));
    expect_invalid_argument([] { get_loss("cross_entropy"); },
                            {"'cross_entropy'", "mean_squared_error", "binary_crossentropy"});
}
