// Gradient checks (double build): every activation's backward and every loss's gradient
// against central differences, at random points away from the kinks. And two deliberate
// mistakes from the course's chapter 2.4, to show the check catches them.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "neurona/activations.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

using namespace neurona;

namespace {

constexpr double kMaxError = 1e-6;

// Moves every |z| < margin out to +-margin, so central differences (h = 1e-6) never
// straddle the kink at 0 of relu, elu, selu (or the jump of step).
Matrix away_from_zero(Matrix Z, Scalar margin) {
    for (std::size_t i = 0; i < Z.size(); ++i) {
        Scalar& z = Z.data()[i];
        if (std::abs(z) < margin) z = z < 0 ? -margin : margin;
    }
    return Z;
}

// (batch, classes) one-hot rows of random classes, and the same labels as (batch, 1).
struct RandomLabels {
    Matrix one_hot;
    Matrix indices;
};
RandomLabels random_labels(Rng& rng, std::size_t batch, std::size_t classes) {
    RandomLabels labels{Matrix(batch, classes), Matrix(batch, 1)};
    for (std::size_t r = 0; r < batch; ++r) {
        const std::size_t c = rng.below(classes);
        labels.one_hot(r, c) = 1;
        labels.indices(r, 0) = static_cast<Scalar>(c);
    }
    return labels;
}

}  // namespace

TEST(GradCheckActivations, EveryActivationBackwardMatchesNumerical) {
    Rng rng(7);
    for (const std::string& name : activation_names()) {
        if (name == "step") continue;  // its own test below
        const Matrix Z = away_from_zero(rng.uniform_matrix(4, 5, -3, 3), 1e-3);
        const GradCheckResult result = check_activation(get_activation(name), Z);
        EXPECT_LE(result.max_relative_error, kMaxError) << name;
    }
}

TEST(GradCheckActivations, StepHasZeroDerivative) {
    // step is flat on both sides of its jump: backward gives 0, and so do the differences.
    Rng rng(8);
    const ActivationFunction& step_act = get_activation("step");
    const Matrix Z = away_from_zero(rng.uniform_matrix(3, 4, -2, 2), 1e-3);
    const Matrix dZ = step_act.backward(Z, step_act.forward(Z), rng.normal_matrix(3, 4));
    for (std::size_t i = 0; i < dZ.size(); ++i) EXPECT_EQ(dZ.data()[i], 0.0) << i;
    EXPECT_EQ(check_activation(step_act, Z).max_relative_error, 0.0);
}

TEST(GradCheckActivations, DerivativeAtTheOutputIsCaught) {
    // The course's chapter 2.4 computes sigmoid'(A) where the chain rule needs sigmoid'(Z).
    const ActivationFunction sigmoid_at_A{
        "sigmoid_at_A", get_activation("sigmoid").forward,
        [](const Matrix& /*Z*/, const Matrix& A, const Matrix& dA) {
            return dA * A.apply(sigmoid_derivative);
        }};
    Rng rng(9);
    const Matrix Z = rng.uniform_matrix(4, 5, -3, 3);
    EXPECT_GT(check_activation(sigmoid_at_A, Z).max_relative_error, 1e-2);
}

TEST(GradCheckLosses, EveryLossGradientMatchesNumerical) {
    Rng rng(11);
    const std::size_t batch = 6;
    const std::size_t outputs = 4;
    for (const std::string& name : loss_names()) {
        const Loss loss = get_loss(name);
        Matrix y_true;
        Matrix y_pred;
        if (name == "mse" || name == "mean_squared_error") {
            y_true = rng.normal_matrix(batch, outputs);
            y_pred = rng.normal_matrix(batch, outputs);
        } else if (name == "mae" || name == "mean_absolute_error") {
            // |y - p| >= 0.1 everywhere: away from the kink at p = y.
            y_true = rng.normal_matrix(batch, outputs);
            y_pred = y_true + away_from_zero(rng.uniform_matrix(batch, outputs, -1, 1), 0.1);
        } else if (name == "binary_crossentropy") {
            // Labels 0/1, predictions well inside the clip.
            y_true = rng.uniform_matrix(batch, outputs, 0, 1).apply(
                [](Scalar u) { return u < 0.5 ? Scalar(0) : Scalar(1); });
            y_pred = rng.uniform_matrix(batch, outputs, 0.05, 0.95);
        } else if (name == "categorical_crossentropy") {
            y_true = random_labels(rng, batch, outputs).one_hot;
            y_pred = softmax(rng.normal_matrix(batch, outputs));
        } else if (name == "sparse_categorical_crossentropy") {
            y_true = random_labels(rng, batch, outputs).indices;
            y_pred = softmax(rng.normal_matrix(batch, outputs));
        } else {
            ADD_FAILURE() << "no gradient check for loss " << name;
            continue;
        }
        EXPECT_LE(check_loss(loss, y_true, y_pred).max_relative_error, kMaxError) << name;
    }
}

TEST(GradCheckLosses, CategoricalRenormalisationIsDifferentiated) {
    // Rows that do not sum to 1 (not a softmax): the value divides each row by its sum first,
    // as Keras does, and the gradient must carry that division too.
    Rng rng(12);
    const Matrix y_true = random_labels(rng, 5, 3).one_hot;
    const Matrix y_pred = rng.uniform_matrix(5, 3, 0.05, 0.95);
    EXPECT_LE(check_loss(get_loss("categorical_crossentropy"), y_true, y_pred)
                  .max_relative_error,
              kMaxError);
}

TEST(GradCheckLosses, SparseClipThenRenormaliseIsDifferentiated) {
    // Rows that do not sum to 1, some entries above 1 - 1e-7 (clipped, so constant) and the
    // rest inside: the value clips, then divides by the clipped row's sum, as Keras does.
    Rng rng(14);
    const Matrix y_true = random_labels(rng, 6, 4).indices;
    Matrix y_pred = rng.uniform_matrix(6, 4, 0.05, 0.95);
    for (std::size_t r = 0; r < 6; r += 2) y_pred(r, r % 4) = 1.5;  // well above the clip
    EXPECT_LE(check_loss(get_loss("sparse_categorical_crossentropy"), y_true, y_pred).max_relative_error,
              kMaxError);
}

TEST(GradCheckLosses, FromLogitsGradientsMatchNumerical) {
    // dL/dZ of each cross-entropy taken from the logits, at logits up to |z| ~ 10.
    Rng rng(15);
    const std::size_t batch = 6, outputs = 4;
    const Matrix Z = rng.normal_matrix(batch, outputs) * 4;
    const RandomLabels labels = random_labels(rng, batch, outputs);
    const Matrix binary = rng.uniform_matrix(batch, outputs, 0, 1).apply(
        [](Scalar u) { return u < 0.5 ? Scalar(0) : Scalar(1); });
    for (const auto& [name, y_true] : {std::pair<std::string, Matrix>{"binary_crossentropy", binary},
                                       {"categorical_crossentropy", labels.one_hot},
                                       {"sparse_categorical_crossentropy", labels.indices}}) {
        const Loss loss = get_loss(name, {.from_logits = true});
        EXPECT_LE(check_loss(loss, y_true, Z).max_relative_error, kMaxError) << name;
    }
    // Soft labels (rows of y not summing to 1): the exact gradient is softmax(Z) sum(y) - y.
    const Matrix soft = rng.uniform_matrix(batch, outputs, 0, 1);
    EXPECT_LE(check_loss(get_loss("categorical_crossentropy", {.from_logits = true}), soft, Z).max_relative_error,
              kMaxError);
}

TEST(GradCheckLosses, MseWithoutOneOverNIsCaught) {
    // The course's chapter 2.4 uses dL/dp = 2 (p - y), dropping the 1/n of the mean.
    const Loss mse_without_mean{"mse_without_1/n", mse,
                                [](const Matrix& y_true, const Matrix& y_pred) {
                                    return (y_pred - y_true) * Scalar(2);
                                }};
    Rng rng(13);
    const Matrix y_true = rng.normal_matrix(4, 1);
    const Matrix y_pred = rng.normal_matrix(4, 1);
    EXPECT_GT(check_loss(mse_without_mean, y_true, y_pred).max_relative_error, 1e-2);
}
