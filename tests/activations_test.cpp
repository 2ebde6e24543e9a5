// Activations: values computed by hand (the computation is in the comment beside each).
#include "neurona/activations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

#include "support.hpp"

using namespace neurona;

namespace {
constexpr float kTol = 1e-6f;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
}

TEST(Activations, SigmoidAndDerivative) {
    EXPECT_FLOAT_EQ(sigmoid(0), 0.5f);                   // 1 / (1 + e^0) = 1/2
    EXPECT_NEAR(sigmoid(2), 0.88079708f, kTol);          // 1 / (1 + e^-2) = 1 / 1.13533528
    EXPECT_NEAR(sigmoid(-2), 0.11920292f, kTol);         // 1 - sigmoid(2)
    EXPECT_FLOAT_EQ(sigmoid_derivative(0), 0.25f);       // 0.5 * (1 - 0.5)
    EXPECT_NEAR(sigmoid_derivative(2), 0.10499359f, kTol);  // 0.88079708 * 0.11920292
    EXPECT_NEAR(sigmoid_derivative(-2), 0.10499359f, kTol); // sigmoid' is even
}

TEST(Activations, SigmoidIsFiniteAtLargeMagnitude) {
    // e^100 overflows float (max ~3.4e38); the e^-|z| form never computes it.
    EXPECT_EQ(sigmoid(100), 1.0f);  // 1 / (1 + e^-100): e^-100 ~ 3.7e-44 vanishes next to 1
    const float low = sigmoid(-100);  // e^-100 / (1 + e^-100) ~ 3.7e-44 (a float denormal)
    EXPECT_TRUE(std::isfinite(low));
    EXPECT_GE(low, 0.0f);
    EXPECT_LT(low, 1e-40f);
    for (float z : {-100.0f, 100.0f}) {
        const float d = sigmoid_derivative(z);  // e^-100 / (1 + e^-100)^2 ~ 3.7e-44
        EXPECT_TRUE(std::isfinite(d)) << z;
        EXPECT_GE(d, 0.0f) << z;
        EXPECT_LT(d, 1e-40f) << z;
    }
}

TEST(Activations, Tanh) {
    EXPECT_NEAR(tanh_(0.5f), 0.46211716f, kTol);             // (e - 1) / (e + 1) at z = 0.5
    EXPECT_NEAR(tanh_derivative(0.5f), 0.78644773f, kTol);   // 1 - 0.46211716^2
    EXPECT_FLOAT_EQ(tanh_derivative(0), 1.0f);               // 1 - 0^2
}

TEST(Activations, ReluAndStepAtZero) {
    EXPECT_EQ(relu(-1), 0.0f);
    EXPECT_EQ(relu(0), 0.0f);
    EXPECT_EQ(relu(2.5f), 2.5f);
    EXPECT_EQ(relu_derivative(-1), 0.0f);
    EXPECT_EQ(relu_derivative(0), 0.0f);   // Keras/TF take 0 at the kink
    EXPECT_EQ(relu_derivative(1e-3f), 1.0f);

    // The perceptron fires only for z > 0: the course's AND neuron at (1, 1) has z = 0 -> 0.
    EXPECT_EQ(step(0), 0.0f);
    EXPECT_EQ(step(1e-6f), 1.0f);
    EXPECT_EQ(step(-3), 0.0f);
    for (float z : {-3.0f, 0.5f, 7.0f}) EXPECT_EQ(step_derivative(z), 0.0f) << z;
}

TEST(Activations, SoftplusIsStable) {
    EXPECT_NEAR(softplus(0), 0.69314718f, kTol);     // log(1 + 1) = ln 2
    EXPECT_NEAR(softplus(2), 2.12692801f, kTol);     // log(1 + e^2) = log(8.3890561)
    EXPECT_FLOAT_EQ(softplus(100), 100.0f);          // log(1 + e^100) = 100 + log(1 + e^-100)
    const float low = softplus(-100);                // log(1 + e^-100) ~ 3.7e-44
    EXPECT_TRUE(std::isfinite(low));
    EXPECT_LT(low, 1e-40f);
    EXPECT_FLOAT_EQ(softplus_derivative(0), 0.5f);   // sigmoid(0)
    EXPECT_NEAR(softplus_derivative(2), 0.88079708f, kTol);
}

TEST(Activations, Softsign) {
    EXPECT_FLOAT_EQ(softsign(1), 0.5f);                // 1 / (1 + 1)
    EXPECT_FLOAT_EQ(softsign(-3), -0.75f);             // -3 / (1 + 3)
    EXPECT_FLOAT_EQ(softsign_derivative(1), 0.25f);    // 1 / 2^2
    EXPECT_FLOAT_EQ(softsign_derivative(-3), 0.0625f); // 1 / 4^2
}

TEST(Activations, EluAndSelu) {
    EXPECT_FLOAT_EQ(elu(2), 2.0f);
    EXPECT_NEAR(elu(-1), -0.63212056f, kTol);             // e^-1 - 1
    EXPECT_FLOAT_EQ(elu_derivative(2), 1.0f);
    EXPECT_NEAR(elu_derivative(-1), 0.36787944f, kTol);   // e^-1
    // scale = 1.05070099, scale * alpha = 1.05070099 * 1.67326324 = 1.75809934
    EXPECT_NEAR(selu(1), 1.05070099f, kTol);              // scale * 1
    EXPECT_NEAR(selu(-1), -1.11133074f, kTol);            // 1.75809934 * (e^-1 - 1)
    EXPECT_NEAR(selu_derivative(1), 1.05070099f, kTol);   // scale
    EXPECT_NEAR(selu_derivative(-1), 0.64676860f, kTol);  // 1.75809934 * e^-1
}

TEST(Activations, EluAndSeluDerivativesAtZeroAreTensorFlows) {
    // At the kink TensorFlow's gradients branch on the output A = g(0) = 0, which is not < 0:
    // EluGrad gives dA * 1 (the two sides meet there anyway: e^0 = 1), SeluGrad dA * scale =
    // 1.05070099, not the left side's scale * alpha = 1.75809934.
    EXPECT_EQ(elu_derivative(0), 1.0f);
    EXPECT_NEAR(selu_derivative(0), 1.05070099f, kTol);
    EXPECT_NEAR(selu_derivative(-1e-6f), 1.75809934f, 1e-5f);  // just left of 0: scale * alpha * e^-1e-6
    const Matrix dZ = get_activation("selu").backward(Matrix{{0}}, Matrix{{0}}, Matrix{{2}});
    EXPECT_NEAR(dZ(0, 0), 2.10140198f, kTol);  // 2 * scale
}

TEST(Activations, Exponential) {
    EXPECT_NEAR(exponential(1), 2.71828183f, kTol);
    EXPECT_NEAR(exponential_derivative(-1), 0.36787944f, kTol);
}

TEST(Activations, SoftmaxOfOneTwoThree) {
    // e^1, e^2, e^3 = 2.71828, 7.38906, 20.08554; their sum is 30.19287.
    const Matrix A = softmax(Matrix{{1, 2, 3}});
    EXPECT_NEAR(A(0, 0), 0.09003057f, kTol);
    EXPECT_NEAR(A(0, 1), 0.24472847f, kTol);
    EXPECT_NEAR(A(0, 2), 0.66524096f, kTol);
    // Adding a constant to a row changes nothing.
    EXPECT_TRUE(allclose(softmax(Matrix{{101, 102, 103}}), A));
}

TEST(Activations, SoftmaxIsFiniteAtLargeMagnitude) {
    // e^100 = inf in float: without subtracting the row max, (100, 100) would give inf/inf.
    const Matrix A = softmax(Matrix{{100, 100}, {100, -100}, {-100, -100}});
    for (std::size_t r = 0; r < A.rows(); ++r) {
        EXPECT_TRUE(std::isfinite(A(r, 0)) && std::isfinite(A(r, 1))) << "row " << r;
        EXPECT_NEAR(A(r, 0) + A(r, 1), 1.0f, kTol) << "row " << r;
    }
    EXPECT_FLOAT_EQ(A(0, 0), 0.5f);  // equal logits, equal shares
    EXPECT_FLOAT_EQ(A(1, 0), 1.0f);  // 1 / (1 + e^-200)
    EXPECT_FLOAT_EQ(A(2, 1), 0.5f);
}

TEST(Activations, ElementwiseBackwardIsDerivativeAtZ) {
    // dZ = dA * sigmoid'(Z): (2 * 0.25, 1 * 0.10499359). Taking the derivative at A
    // instead (the course's 2.4 mistake) would give 2 * sigmoid'(0.5) = 0.47001565.
    const ActivationFunction& sig = get_activation("sigmoid");
    const Matrix Z{{0, 2}};
    const Matrix A = sig.forward(Z);
    EXPECT_NEAR(A(0, 1), 0.88079708f, kTol);
    const Matrix dZ = sig.backward(Z, A, Matrix{{2, 1}});
    EXPECT_NEAR(dZ(0, 0), 0.5f, kTol);
    EXPECT_NEAR(dZ(0, 1), 0.10499359f, kTol);

    const ActivationFunction& relu_act = get_activation("relu");
    const Matrix Zr{{-1, 0, 3}};
    const Matrix dZr = relu_act.backward(Zr, relu_act.forward(Zr), Matrix{{5, 5, 5}});
    EXPECT_TRUE(allclose(dZr, Matrix{{0, 0, 5}}));  // 5 * (0, 0, 1)
}

TEST(Activations, SoftmaxBackwardIsJacobianVectorProduct) {
    // A = (0.09003057, 0.24472847, 0.66524096), dA = (1, 0, 0):
    // dZ_i = A_i (dA_i - A_0), so dZ = (A0 (1 - A0), -A1 A0, -A2 A0)
    //      = (0.08192507, -0.02203304, -0.05989202).
    const ActivationFunction& sm = get_activation("softmax");
    const Matrix Z{{1, 2, 3}};
    const Matrix A = sm.forward(Z);
    const Matrix dZ = sm.backward(Z, A, Matrix{{1, 0, 0}});
    EXPECT_NEAR(dZ(0, 0), 0.08192507f, kTol);
    EXPECT_NEAR(dZ(0, 1), -0.02203304f, kTol);
    EXPECT_NEAR(dZ(0, 2), -0.05989202f, kTol);
    // A constant dA moves every A_i the same way; the A_i must still sum to 1, so dZ = 0.
    const Matrix dZc = sm.backward(Z, A, Matrix{{3, 3, 3}});
    for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(dZc(0, j), 0.0f, kTol);
}

TEST(Activations, LinearPassesThrough) {
    const ActivationFunction& linear = get_activation("linear");
    const Matrix Z{{-2, 0.5f}};
    EXPECT_TRUE(allclose(linear.forward(Z), Z));
    EXPECT_TRUE(allclose(linear.backward(Z, Z, Matrix{{7, -1}}), Matrix{{7, -1}}));
}

TEST(Activations, RegistryNames) {
    const std::vector<std::string> expected = {"linear",   "sigmoid",  "tanh", "relu",
                                               "step",     "softmax",  "softplus",
                                               "softsign", "elu",      "selu", "exponential"};
    EXPECT_EQ(activation_names(), expected);
    for (const std::string& name : expected) EXPECT_EQ(get_activation(name).name, name);
    EXPECT_EQ(get_activation("").name, "linear");  // Keras: activation=None is linear
    // The registry's forward is the scalar function: tanh at 0.5 through the matrix form.
    EXPECT_NEAR(get_activation("tanh").forward(Matrix{{0.5f}})(0, 0), 0.46211716f, kTol);
}

TEST(Activations, UnknownNameListsTheKnownOnes) {
    try {
        get_activation("relux");
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("'relux'"), std::string::npos) << message;
        EXPECT_NE(message.find("sigmoid"), std::string::npos) << message;
        EXPECT_NE(message.find("exponential"), std::string::npos) << message;
    }
}

TEST(Activations, BackwardChecksShapes) {
    const Matrix Z(2, 3);
    EXPECT_THROW(get_activation("tanh").backward(Z, Z, Matrix(3, 2)), std::invalid_argument);
    EXPECT_THROW(get_activation("softmax").backward(Z, Z, Matrix(2, 2)), std::invalid_argument);
    EXPECT_THROW(get_activation("linear").backward(Z, Z, Matrix(1, 3)), std::invalid_argument);
}

// NaN must come through, as in TensorFlow: a NaN that an activation turned into a number
// (relu(NaN) = 0 did) hides a broken layer, with a finite loss and no TerminateOnNaN.
TEST(Activations, NanComesThroughEveryActivation) {
    EXPECT_TRUE(std::isnan(relu(kNaN)));  // TF: cwiseMax<PropagateNaN>(features, 0)
    EXPECT_TRUE(std::isnan(step(kNaN)));  // neither 0 nor 1: NaN is on no side of the jump
    using Fn = Scalar (*)(Scalar);
    for (const auto& [name, g] : {std::pair<const char*, Fn>{"sigmoid", sigmoid}, {"tanh", tanh_},
                                  {"softplus", softplus}, {"softsign", softsign}, {"elu", elu},
                                  {"selu", selu}, {"exponential", exponential}})
        EXPECT_TRUE(std::isnan(g(kNaN))) << name;

    // Through the registry, which is what the layers call: the NaN stays where it was and
    // the other entries are untouched, except softmax, whose row shares one sum.
    const Matrix Z{{kNaN, 1.5f}, {-2, 0.5f}};
    for (const std::string& name : activation_names()) {
        const Matrix A = get_activation(name).forward(Z);
        EXPECT_TRUE(std::isnan(A(0, 0))) << name;
        EXPECT_EQ(std::isnan(A(0, 1)), name == "softmax") << name;
        EXPECT_TRUE(std::isfinite(A(1, 0)) && std::isfinite(A(1, 1))) << name;
    }
}

TEST(Activations, DerivativesAtNan) {
    // A derivative that is a formula in z is NaN at NaN.
    using Fn = Scalar (*)(Scalar);
    for (const auto& [name, g_prime] :
         {std::pair<const char*, Fn>{"sigmoid", sigmoid_derivative}, {"tanh", tanh_derivative},
          {"softplus", softplus_derivative}, {"softsign", softsign_derivative}, {"elu", elu_derivative},
          {"selu", selu_derivative}, {"exponential", exponential_derivative}})
        EXPECT_TRUE(std::isnan(g_prime(kNaN))) << name;
    // relu' is the test z > 0, false for NaN: 0, exactly TensorFlow's ReluGrad,
    // gradients * (features > 0). step' is 0 everywhere.
    EXPECT_EQ(relu_derivative(kNaN), 0.0f);
    EXPECT_EQ(step_derivative(kNaN), 0.0f);

    // The backward steps. A NaN arriving from above, in dA, always reaches dZ, even where
    // g'(Z) = 0 (relu at z = -2, step anywhere): NaN * 0 is NaN. In softmax it enters the
    // row's dot product, so the whole row of dZ is NaN.
    const Matrix Z{{-2, 1.5f}};
    for (const std::string& name : activation_names()) {
        const ActivationFunction& g = get_activation(name);
        const Matrix dZ = g.backward(Z, g.forward(Z), Matrix{{kNaN, 1}});
        EXPECT_TRUE(std::isnan(dZ(0, 0))) << name;
        EXPECT_EQ(std::isnan(dZ(0, 1)), name == "softmax") << name;
    }
    // A NaN in Z with a finite dA: dZ = dA * g'(NaN), so NaN but for linear (dA itself)
    // and relu and step (0, as TensorFlow's ReluGrad gives).
    const Matrix Zn{{kNaN}};
    for (const std::string& name : activation_names()) {
        const ActivationFunction& g = get_activation(name);
        const Scalar dZ = g.backward(Zn, g.forward(Zn), Matrix{{2}})(0, 0);
        if (name == "linear") EXPECT_EQ(dZ, 2.0f);
        else if (name == "relu" || name == "step") EXPECT_EQ(dZ, 0.0f) << name;
        else EXPECT_TRUE(std::isnan(dZ)) << name;
    }
}

// The Matrix forms split the values over the pool in chunks of kParallelChunk: on more
// chunks than the caller keeps (kInlineChunks), and a length that is no multiple of it, every activation gives the bits of its
// scalar function value by value (the naive reference) and the same bits at 1 and 2 threads.
TEST(Activations, MatrixFormsAreTheScalarFunctionsBitForBitOnOneAndTwoThreads) {
    Rng rng(11);
    const Matrix Z = rng.uniform_matrix(21, kParallelChunk / 3, -4, 4);  // 114681 values
    const Matrix dA = rng.uniform_matrix(Z.rows(), Z.cols(), -1, 1);
    ASSERT_GT(Z.size(), (kInlineChunks + 2) * kParallelChunk);
    ASSERT_NE(Z.size() % kParallelChunk, 0u);
    struct Case { const char* name; Scalar (*g)(Scalar); Scalar (*g_prime)(Scalar); };
    const Case cases[] = {
        {"sigmoid", sigmoid, sigmoid_derivative}, {"tanh", tanh_, tanh_derivative},
        {"relu", relu, relu_derivative},          {"softplus", softplus, softplus_derivative},
        {"elu", elu, elu_derivative},             {"selu", selu, selu_derivative},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const ActivationFunction& f = get_activation(c.name);
        Matrix A_ref(Z.rows(), Z.cols()), dZ_ref(Z.rows(), Z.cols());
        for (std::size_t i = 0; i < Z.size(); ++i) {
            A_ref.data()[i] = c.g(Z.data()[i]);
            dZ_ref.data()[i] = dA.data()[i] * c.g_prime(Z.data()[i]);
        }
        const auto [A1, A2] = at_1_and_2_threads([&] { return f.forward(Z); });
        const auto [dZ1, dZ2] = at_1_and_2_threads([&] { return f.backward(Z, A1, dA); });
        EXPECT_TRUE(same_bits(A1, A_ref));
        EXPECT_TRUE(same_bits(A2, A_ref));
        EXPECT_TRUE(same_bits(dZ1, dZ_ref));
        EXPECT_TRUE(same_bits(dZ2, dZ_ref));
    }
}

TEST(Activations, BackwardIntoGivesBackwardsBitsInTheSameStorage) {
    // A layer keeps its dZ between steps: compute_dZ must give backward's dZ, bit for bit,
    // for every registered activation; those applied value by value have backward_into and
    // write into dZ's storage when the shape fits, replacing a dZ of another shape. Without
    // backward_into (linear, softmax, one built by hand) compute_dZ falls back to backward.
    Rng rng(4);
    const Matrix Z = rng.uniform_matrix(6, 7, -3, 3), dA = rng.uniform_matrix(6, 7, -1, 1);
    for (const std::string& name : activation_names()) {
        SCOPED_TRACE(name);
        const ActivationFunction& g = get_activation(name);
        const bool value_by_value = name != "linear" && name != "softmax";
        EXPECT_EQ(g.backward_into != nullptr, value_by_value);
        const Matrix A = g.forward(Z);
        const Matrix expected = g.backward(Z, A, dA);
        Matrix dZ(6, 7, 5);
        const Scalar* storage = dZ.data();
        g.compute_dZ(Z, A, dA, dZ);
        EXPECT_TRUE(same_bits(dZ, expected));
        if (value_by_value) {
            EXPECT_EQ(dZ.data(), storage);  // written in place
        }
        Matrix wrong_shape(2, 2);
        g.compute_dZ(Z, A, dA, wrong_shape);
        EXPECT_TRUE(same_bits(wrong_shape, expected));
    }
    ActivationFunction by_hand{"relu_by_hand", get_activation("relu").forward, get_activation("relu").backward};
    Matrix dZ;
    by_hand.compute_dZ(Z, Matrix(), dA, dZ);
    EXPECT_TRUE(same_bits(dZ, get_activation("relu").backward(Z, Matrix(), dA)));
}
