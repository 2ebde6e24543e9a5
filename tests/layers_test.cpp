#include <gtest/gtest.h>

#include <cmath>

#include "neurona/layers/activation.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/dropout.hpp"
#include "neurona/layers/flatten.hpp"
#include "neurona/random.hpp"

using namespace neurona;

TEST(Dense, ForwardByHand) {
    Dense layer(2, "relu");
    layer.set_weights({Matrix{{1, -1}, {2, 0.5}}, Matrix{{0.5, -3}}});
    // Row 1: Z = [1*1 + 2*2 + 0.5, 1*-1 + 2*0.5 - 3] = [5.5, -3] -> relu [5.5, 0]
    // Row 2: Z = [-1 + 0 + 0.5, 1 + 0 - 3] = [-0.5, -2]        -> relu [0, 0]
    const Matrix A = layer.forward(Matrix{{1, 2}, {-1, 0}}, false);
    EXPECT_TRUE(allclose(A, Matrix{{5.5, 0}, {0, 0}})) << A;
    EXPECT_EQ(layer.output_shape(), Shape{2});
}

TEST(Dense, BackwardByHand) {
    Dense layer(1);  // linear: Z = A_prev . W + b, dZ = dA
    layer.set_weights({Matrix{{2}, {3}}, Matrix{{1}}});
    layer.forward(Matrix{{1, 2}, {3, 4}}, true);
    const Matrix dA_prev = layer.backward(Matrix{{1}, {2}});
    // dW = A_prev^T . dZ = [1*1 + 3*2, 2*1 + 4*2] = [7, 10]
    EXPECT_TRUE(allclose(layer.dW(), Matrix{{7}, {10}})) << layer.dW();
    // db = 1 + 2 = 3, a sum over the batch (the course's mean would give 1.5)
    EXPECT_TRUE(allclose(layer.db(), Matrix{{3}})) << layer.db();
    // dA_prev = dZ . W^T = [[2, 3], [4, 6]]
    EXPECT_TRUE(allclose(dA_prev, Matrix{{2, 3}, {4, 6}})) << dA_prev;
    layer.set_needs_input_gradient(false);
    EXPECT_TRUE(layer.backward(Matrix{{1}, {-1}}).empty());
}

TEST(Dense, GlorotUniformAndZeroBias) {
    set_global_seed(1);
    Dense layer(200);
    layer.build({300});
    const double limit = std::sqrt(6.0 / 500);
    EXPECT_LE(layer.W().max(), limit);
    EXPECT_GE(layer.W().min(), -limit);
    EXPECT_GT(layer.W().max(), 0.95 * limit);  // the range is used, not a narrower one
    EXPECT_NEAR(layer.W().mean(), 0.0, 0.01);
    EXPECT_EQ(layer.b().sum(), 0);
    EXPECT_EQ(layer.trainable_count(), 300u * 200 + 200);
}

TEST(Dense, ErrorsNameTheShapes) {
    Dense layer(3, "tanh", InputShape{4});
    layer.build({4});
    try {
        layer.forward(Matrix(2, 5), false);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("(2, 5)"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("(4, 3)"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Dense(3).build({28, 28}), std::invalid_argument);
    EXPECT_THROW(Dense(0), std::invalid_argument);
    EXPECT_THROW(Dense(3, "swish_typo"), std::invalid_argument);
    EXPECT_THROW(layer.set_weights({Matrix(4, 3)}), std::invalid_argument);
    EXPECT_THROW(layer.set_weights({Matrix(5, 3), Matrix(1, 3)}), std::invalid_argument);
}

TEST(Flatten, ChangesTheShapeNotTheValues) {
    Flatten layer(InputShape{2, 3});
    EXPECT_EQ(layer.build({2, 3}), Shape{6});
    const Matrix X{{1, 2, 3, 4, 5, 6}};
    EXPECT_TRUE(allclose(layer.forward(X, false), X));
    EXPECT_THROW(layer.forward(Matrix(1, 5), false), std::invalid_argument);
}

TEST(Dropout, InvertedScalingOnlyInTraining) {
    set_global_seed(7);
    Dropout layer(0.2);
    layer.build({1000});
    const Matrix X(10, 1000, 1);
    const Matrix A = layer.forward(X, true);
    std::size_t zeros = 0;
    for (std::size_t i = 0; i < A.size(); ++i) {
        if (A.data()[i] == 0) ++zeros;
        else EXPECT_FLOAT_EQ(A.data()[i], 1.25f);  // 1 / (1 - 0.2)
    }
    EXPECT_NEAR(static_cast<double>(zeros) / A.size(), 0.2, 0.02);
    EXPECT_NEAR(A.mean(), 1.0, 0.03);  // the expected value is kept
    EXPECT_TRUE(allclose(layer.forward(X, false), X));  // inference: identity
    EXPECT_THROW(Dropout(1.0), std::invalid_argument);
    EXPECT_THROW(Dropout(-0.1), std::invalid_argument);
}

TEST(ActivationLayer, SameAsTheActivationInsideDense) {
    // Dense(2) then Activation("tanh") computes Dense(2, "tanh") in two layers.
    Dense linear(2), fused(2, "tanh");
    const std::vector<Matrix> w{Matrix{{0.5, -1}, {2, 0.25}}, Matrix{{0.1, -0.2}}};
    linear.set_weights(w);
    fused.set_weights(w);
    Activation tanh_layer("tanh");
    tanh_layer.build({2});
    const Matrix X{{1, 2}, {-3, 0.5}};
    const Matrix A = tanh_layer.forward(linear.forward(X, false), false);
    EXPECT_TRUE(allclose(A, fused.forward(X, false), 1e-6f, 1e-7f)) << A;
    // dZ = dA * (1 - tanh(Z)^2), by hand for the first element: Z = 1*0.5 + 2*2 + 0.1 = 4.6.
    const Matrix dZ = tanh_layer.backward(Matrix{{1, 0}, {0, 0}});
    EXPECT_NEAR(dZ(0, 0), 1 - std::pow(std::tanh(4.6), 2), 1e-6);
    EXPECT_EQ(dZ(0, 1), 0);
    EXPECT_THROW(Activation("nope"), std::invalid_argument);
}
