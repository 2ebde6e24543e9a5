// Gradient checks of every layer, three whole models, and the course's from-scratch
// network, in the double build: the analytic gradients must agree with central
// differences to a relative error of 1e-6 or better.
#include <gtest/gtest.h>

#include "neurona/activations.hpp"
#include "neurona/from_scratch.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/layers/activation.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/layers/linear.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

using namespace neurona;

static_assert(sizeof(Scalar) == sizeof(double), "gradient checks must be built with -DNEURONA_DOUBLE");

namespace {
constexpr double kTolerance = 1e-6;

void expect_all_below(const std::vector<GradCheckResult>& results, double tolerance = kTolerance) {
    ASSERT_FALSE(results.empty());
    for (const auto& r : results) EXPECT_LE(r.max_relative_error, tolerance) << r.name;
}

// Inputs uniform in [-1, 1). Nothing keeps Z off relu's kink at 0 by construction; the
// tests that need it move Z with a bias (DenseGradient) or a scale, and a point within h
// of a kink would show as a failure, not pass silently.
Matrix inputs(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    Rng rng(seed);
    return rng.uniform_matrix(rows, cols, -1, 1);
}
}  // namespace

class DenseGradient : public ::testing::TestWithParam<std::string> {};

TEST_P(DenseGradient, WeightsBiasAndInputMatchCentralDifferences) {
    set_global_seed(3);
    Dense layer(5, GetParam());
    layer.build({4});
    layer.set_name("dense");
    // A non-zero bias moves Z off relu's kink at 0 for this input.
    layer.set_weights({layer.W(), Matrix(1, 5, 0.05)});
    expect_all_below(check_layer(layer, inputs(6, 4, 1)));
}

INSTANTIATE_TEST_SUITE_P(EveryActivation, DenseGradient,
                         ::testing::Values("linear", "sigmoid", "tanh", "relu", "softmax", "softplus",
                                           "softsign", "elu", "selu", "exponential"));

class ActivationLayerGradient : public ::testing::TestWithParam<std::string> {};

TEST_P(ActivationLayerGradient, InputGradientMatchesCentralDifferences) {
    Activation layer(GetParam());
    layer.build({5});
    layer.set_name("activation");
    expect_all_below(check_layer(layer, inputs(4, 5, 6) * 2.0));
}

INSTANTIATE_TEST_SUITE_P(EveryActivation, ActivationLayerGradient,
                         ::testing::Values("sigmoid", "tanh", "relu", "softmax", "elu", "selu"));

TEST(FlattenGradient, PassesTheGradientThrough) {
    Flatten layer(InputShape{2, 3});
    layer.build({2, 3});
    expect_all_below(check_layer(layer, inputs(4, 6, 2)));
}

TEST(DropoutGradient, BackwardUsesTheSameMaskAsForward) {
    // Dropout is linear in its input for a fixed mask: A = A_prev * mask. So the gradient
    // is exact: dA_prev must equal dA * (A / A_prev) element by element.
    set_global_seed(5);
    Dropout layer(0.4);
    layer.build({50});
    const Matrix X = inputs(8, 50, 3) + 2.0;  // no zeros, so A / X recovers the mask
    const Matrix A = layer.forward(X, true);
    const Matrix dA = inputs(8, 50, 4);
    const Matrix dX = layer.backward(dA);
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < X.size(); ++i) {
        const double mask = A.data()[i] / X.data()[i];
        EXPECT_TRUE(mask == 0.0 || std::abs(mask - 1 / 0.6) < 1e-12) << mask;
        dropped += mask == 0.0;
        EXPECT_NEAR(dX.data()[i], dA.data()[i] * mask, 1e-12);
    }
    EXPECT_GT(dropped, 100u);  // about 40% of 400
    EXPECT_LT(dropped, 220u);
    // In inference it is the identity, and so is its gradient.
    expect_all_below(check_layer(layer, X));
}

TEST(ModelGradient, TanhTanhSigmoidBinaryCrossentropy) {
    set_global_seed(10);
    Sequential model;
    model.add(Dense(4, "tanh", InputShape{2}));
    model.add(Dense(2, "tanh"));
    model.add(Dense(1, "sigmoid"));
    model.compile("binary_crossentropy", "sgd");
    Rng rng(1);
    Matrix y(16, 1);
    for (std::size_t i = 0; i < 16; ++i) y(i, 0) = static_cast<Scalar>(i % 2);
    expect_all_below(check_model(model, rng.uniform_matrix(16, 2, -2, 2), y));
}

TEST(ModelGradient, ReluSoftmaxCategoricalCrossentropy) {
    set_global_seed(11);
    Sequential model;
    model.add(Dense(5, "relu", InputShape{6}));
    model.add(Dense(3, "softmax"));
    model.compile("categorical_crossentropy", "adam");
    Rng rng(2);
    Matrix y(10, 3);
    for (std::size_t i = 0; i < 10; ++i) y(i, i % 3) = 1;
    expect_all_below(check_model(model, rng.uniform_matrix(10, 6, -1, 1), y));
}

TEST(ModelGradient, ReluLinearMse) {
    set_global_seed(12);
    Sequential model;
    model.add(Dense(8, "relu", InputShape{3}));
    model.add(Dense(1));
    model.compile("mse", "rmsprop");
    Rng rng(3);
    expect_all_below(check_model(model, rng.uniform_matrix(12, 3, -1, 1), rng.uniform_matrix(12, 1, -1, 1)));
}

namespace {
// dL/dx by central differences for L = sum(Z(x) * R); x is perturbed in place and restored.
template <class F>
Matrix central_differences(Matrix& x, F&& Z_of, const Matrix& R) {
    const double h = 1e-6;
    Matrix grad(x.rows(), x.cols());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const Scalar saved = x.data()[i];
        x.data()[i] = saved + h;
        const double plus = (Z_of() * R).sum();
        x.data()[i] = saved - h;
        const double minus = (Z_of() * R).sum();
        x.data()[i] = saved;
        grad.data()[i] = (plus - minus) / (2 * h);
    }
    return grad;
}
}  // namespace

TEST(LinearKernelGradient, DWDbAndDAPrevMatchCentralDifferences) {
    // L = sum(Z * R) with Z = A_prev . W + b, so dL/dZ = R: linear_backward(R) is dL/dW,
    // dL/db and dL/dA_prev.
    Matrix A_prev = inputs(6, 4, 31), W = inputs(4, 3, 32), b = inputs(1, 3, 33);
    const Matrix R = inputs(6, 3, 34);
    Matrix dW, db, dA_prev;
    linear_backward(R, A_prev, W, dW, db, &dA_prev);
    auto Z = [&] { return linear_forward(A_prev, W, b); };
    EXPECT_LE(max_relative_error(dW, central_differences(W, Z, R)), kTolerance);
    EXPECT_LE(max_relative_error(db, central_differences(b, Z, R)), kTolerance);
    EXPECT_LE(max_relative_error(dA_prev, central_differences(A_prev, Z, R)), kTolerance);
}

TEST(LinearKernelGradient, DenseBackwardFromLogitsIsTheGradientWithRespectToZ) {
    // For L = sum(Z * R), dL/dZ = R: backward_from_logits(R) must give dL/dW and dL/dA_prev.
    set_global_seed(8);
    Dense layer(3, "softmax");
    layer.build({4});
    Matrix X = inputs(5, 4, 35);
    const Matrix R = inputs(5, 3, 36);
    layer.forward(X, false);
    const Matrix dX = layer.backward_from_logits(R);
    const Matrix dW = layer.dW();
    Matrix W = layer.W();
    auto Z_by_W = [&] { return linear_forward(X, W, layer.b()); };
    auto Z_by_X = [&] { return linear_forward(X, layer.W(), layer.b()); };
    EXPECT_LE(max_relative_error(dW, central_differences(W, Z_by_W, R)), kTolerance);
    EXPECT_LE(max_relative_error(dX, central_differences(X, Z_by_X, R)), kTolerance);
}

namespace {
// The course's chapter 2 network: layer_dims [2, 4, 8, 1], relu/relu/sigmoid, mse.
struct CourseNetwork {
    ScratchNetwork net;
    Matrix X, Y;
    CourseNetwork() {
        Rng rng(21);
        net = initialize_parameters({2, 4, 8, 1}, {"relu", "relu", "sigmoid"}, rng);
        X = rng.uniform_matrix(20, 2, -1, 1);
        Y = Matrix(20, 1);
        for (std::size_t i = 0; i < 20; ++i) Y(i, 0) = X(i, 0) * X(i, 1) > 0 ? 1 : 0;
    }
    double loss() { return mse(Y, forward_step(net, X)); }
    // Largest relative error of every dW and db against central differences of the mse.
    double worst_error() {
        std::vector<std::pair<Matrix, Matrix*>> analytic;  // (copy of dW/db, the parameter)
        for (auto& layer : net.layers) {
            analytic.emplace_back(layer.dW, &layer.W);
            analytic.emplace_back(layer.db, &layer.b);
        }
        double worst_error = 0;
        const double h = 1e-6;
        for (auto& [grad, param] : analytic) {
            Matrix numerical(param->rows(), param->cols());
            for (std::size_t i = 0; i < param->size(); ++i) {
                const Scalar saved = param->data()[i];
                param->data()[i] = saved + h;
                const double plus = loss();
                param->data()[i] = saved - h;
                const double minus = loss();
                param->data()[i] = saved;
                numerical.data()[i] = (plus - minus) / (2 * h);
            }
            worst_error = std::max(worst_error, max_relative_error(grad, numerical));
        }
        return worst_error;
    }
};
}  // namespace

TEST(FromScratchGradient, CorrectBackpropagationPasses) {
    CourseNetwork c;
    forward_step(c.net, c.X);
    backpropagation(c.net, c.Y, "mse");
    EXPECT_LE(c.worst_error(), kTolerance);
}

TEST(FromScratchGradient, TheCoursesBackpropagationFails) {
    // sigma'(A) instead of sigma'(Z), no 1/n in the mse derivative, and a mean for db:
    // the network may still learn, but these are not the gradients of its loss.
    CourseNetwork c;
    forward_step(c.net, c.X);
    backpropagation_as_in_course(c.net, c.Y);
    EXPECT_GT(c.worst_error(), 0.1);
}

TEST(FromScratchGradient, SigmoidDerivativeAtAIsCaughtAlone) {
    // Only the course's derivative mistake, on the loss-gradient side done right: a Dense
    // sigmoid layer whose backward uses sigma'(A) fails the same check Dense passes.
    const ActivationFunction wrong{"sigmoid_at_A", get_activation("sigmoid").forward,
                           [](const Matrix&, const Matrix& A, const Matrix& dA) {
                               return dA * A.apply(sigmoid_derivative);
                           }};
    EXPECT_GT(check_activation(wrong, inputs(5, 3, 9) * 3.0).max_relative_error, 1e-2);
    EXPECT_LE(check_activation(get_activation("sigmoid"), inputs(5, 3, 9) * 3.0).max_relative_error, kTolerance);
}
