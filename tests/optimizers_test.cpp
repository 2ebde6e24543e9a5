#include "neurona/optimizers.hpp"

#include <gtest/gtest.h>

using namespace neurona;

namespace {
// One weight w = 1 with a constant gradient g = 0.5, stepped `steps` times.
Scalar step_constant_gradient(Optimizer& opt, int steps) {
    Matrix w{{1}}, g{{0.5}};
    for (int i = 0; i < steps; ++i) opt.update({{"w", &w, &g}});
    return w(0, 0);
}
}  // namespace

TEST(Optimizers, KerasDefaults) {
    SGD sgd;
    EXPECT_DOUBLE_EQ(sgd.learning_rate, 0.01);
    EXPECT_EQ(sgd.momentum, 0.0);
    EXPECT_FALSE(sgd.nesterov);
    RMSprop rms;
    EXPECT_DOUBLE_EQ(rms.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(rms.rho, 0.9);
    EXPECT_DOUBLE_EQ(rms.epsilon, 1e-7);
    Adam adam;
    EXPECT_DOUBLE_EQ(adam.learning_rate, 0.001);
    EXPECT_DOUBLE_EQ(adam.beta_1, 0.9);
    EXPECT_DOUBLE_EQ(adam.beta_2, 0.999);
    EXPECT_DOUBLE_EQ(adam.epsilon, 1e-7);
}

TEST(Optimizers, PlainSgdStep) {
    SGD sgd;  // w = 1 - 0.01 * 0.5 = 0.995, then 0.99
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 1), 0.995f);
    SGD sgd2;
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd2, 2), 0.99f);
}

TEST(Optimizers, MomentumByHand) {
    // v1 = -0.005, w1 = 0.995; v2 = 0.9 * -0.005 - 0.005 = -0.0095, w2 = 0.9855.
    SGD sgd(0.01, 0.9);
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 2), 0.9855f);
}

TEST(Optimizers, NesterovByHand) {
    // v1 = -0.005, w1 = 1 + 0.9 * -0.005 - 0.005 = 0.9905;
    // v2 = -0.0095, w2 = 0.9905 + 0.9 * -0.0095 - 0.005 = 0.97695.
    SGD sgd(0.01, 0.9, true);
    EXPECT_FLOAT_EQ(step_constant_gradient(sgd, 2), 0.97695f);
}

TEST(Optimizers, RmspropByHand) {
    // s = 0.1 * 0.25 = 0.025; w = 1 - 0.001 * 0.5 / (sqrt(0.025) + 1e-7) = 0.99683772.
    RMSprop rms;
    EXPECT_NEAR(step_constant_gradient(rms, 1), 0.99683772, 1e-6);
    // second step: s = 0.9 * 0.025 + 0.025 = 0.0475; w -= 0.0005 / 0.21794495 = 0.99454356.
    RMSprop rms2;
    EXPECT_NEAR(step_constant_gradient(rms2, 2), 0.99454356, 1e-6);
}

TEST(Optimizers, AdamByHand) {
    // Step 1: m = 0.05, v = 0.00025, alpha = 0.001 * sqrt(0.001) / 0.1 = 3.1622777e-4,
    // w = 1 - alpha * 0.05 / (0.0158114 + 1e-7) = 0.99900000 (a constant gradient moves by lr).
    Adam adam;
    EXPECT_NEAR(step_constant_gradient(adam, 1), 0.999, 1e-6);
    Adam adam3;
    EXPECT_NEAR(step_constant_gradient(adam3, 3), 0.997, 2e-6);
    // With a changing gradient the step is not lr: g = 0.5 then -0.5.
    // Step 2: m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975,
    // alpha = 0.001 * sqrt(1 - 0.998001) / 0.19 = 2.3531674e-4,
    // w = 0.999 + alpha * 0.005 / 0.0223551 = 0.999 + 5.263e-5 = 0.99905263.
    Adam adam2;
    Matrix w{{1}}, g{{0.5}};
    adam2.update({{"w", &w, &g}});
    g(0, 0) = -0.5;
    adam2.update({{"w", &w, &g}});
    EXPECT_NEAR(w(0, 0), 0.99905263, 1e-6);
}

TEST(Optimizers, UnknownNameListsKnownOnes) {
    try {
        get_optimizer("adamw");
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("adamw"), std::string::npos);
        EXPECT_NE(msg.find("sgd, rmsprop, adam"), std::string::npos);
    }
    EXPECT_EQ(get_optimizer("rmsprop")->name(), "rmsprop");
}

TEST(Optimizers, ChangedParameterListIsAnError) {
    Adam adam;
    Matrix w{{1, 2}}, g{{0.1, 0.1}};
    adam.update({{"w", &w, &g}});
    Matrix w2{{1}}, g2{{0.1}};
    EXPECT_THROW(adam.update({{"w", &w2, &g2}}), std::invalid_argument);
    Matrix bad_grad{{1, 2, 3}};
    EXPECT_THROW(SGD().update({{"w", &w, &bad_grad}}), std::invalid_argument);
}
