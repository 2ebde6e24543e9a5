// Exercise 10's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "neurona/optimizers.hpp"
#include "neurona/random.hpp"

namespace exercise {
void adam_step(neurona::Matrix& w, const neurona::Matrix& g, neurona::Matrix& m, neurona::Matrix& v,
               long long& t, double learning_rate, double beta_1, double beta_2, double epsilon);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

constexpr double kLr = 0.001, kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-7;  // Keras's defaults

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected, const char* what,
                                 Scalar rtol = 1e-5f, Scalar atol = 1e-7f) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << what << ": shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, rtol, atol))
        return ::testing::AssertionFailure() << what << ": got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

// How far one first step moves a weight whose gradient is g, by Keras's formula:
// alpha = lr sqrt(1 - b2) / (1 - b1), m = (1 - b1) g, sqrt(v) = sqrt(1 - b2) |g|.
double first_step(double g) {
    const double alpha = kLr * std::sqrt(1 - kBeta2) / (1 - kBeta1);
    return alpha * (1 - kBeta1) * g / (std::sqrt(1 - kBeta2) * std::abs(g) + kEps);
}

TEST(Adam, FirstStepByHand) {
    const Matrix g{{0.5, -2, 1e-3f, 100}};
    Matrix w{{1, 1, 1, 1}}, m, v;
    long long t = 0;
    exercise::adam_step(w, g, m, v, t, kLr, kBeta1, kBeta2, kEps);
    EXPECT_EQ(t, 1) << "t counts the steps";
    EXPECT_TRUE(Close(m, g * 0.1f, "m = 0.1 g"));
    EXPECT_TRUE(Close(v, g * g * 0.001f, "v = 0.001 g^2", 1e-4f, 1e-12f));
    // Each weight moves by about lr against the sign of its gradient, whatever its size.
    const Matrix expected{{static_cast<Scalar>(1 - first_step(0.5)), static_cast<Scalar>(1 - first_step(-2)),
                           static_cast<Scalar>(1 - first_step(1e-3)), static_cast<Scalar>(1 - first_step(100))}};
    EXPECT_TRUE(Close(w, expected, "w", 0, 2e-7f));
    EXPECT_NEAR(w(0, 0), 1 - kLr, 1e-6);
    EXPECT_NEAR(w(0, 1), 1 + kLr, 1e-6);
}

TEST(Adam, TinyGradientShowsKerasEpsilon) {
    // g = 1e-6: sqrt(v) = 3.16e-8 is smaller than epsilon = 1e-7, so epsilon's place matters.
    //   Keras:  0.316228 lr * 1e-7 / (3.16228e-8 + 1e-7) = 0.240253 lr
    //   paper:  lr * 1e-6 / (1e-6 + 1e-7) = 0.909 lr;  no bias correction: 3.16 lr.
    Matrix w(1, 1), m, v;
    long long t = 0;
    exercise::adam_step(w, Matrix{{1e-6f}}, m, v, t, kLr, kBeta1, kBeta2, kEps);
    EXPECT_NEAR(-w(0, 0) / kLr, 0.240253, 1e-4);
}

TEST(Adam, MatchesTheLibraryOver50Steps) {
    neurona::Rng rng(1);
    Matrix w = rng.uniform_matrix(3, 4, -1, 1), m, v;
    long long t = 0;
    Matrix w_lib = w, g_lib(3, 4);
    neurona::Adam adam(0.01);
    for (int step = 1; step <= 50; ++step) {
        const Matrix g = rng.uniform_matrix(3, 4, -1, 1) * static_cast<Scalar>(step % 7 + 1);
        exercise::adam_step(w, g, m, v, t, 0.01, kBeta1, kBeta2, kEps);
        g_lib = g;
        adam.update({{"w", &w_lib, &g_lib}});
        ASSERT_TRUE(Close(w, w_lib, "w", 1e-5f, 1e-6f)) << "after step " << step;
    }
    EXPECT_EQ(t, 50);
}

TEST(Adam, MinimisesAQuadraticBowl) {
    // L(w) = |w - target|^2 / 2, so g = w - target.
    const Matrix target{{3, -2, 0.5}};
    Matrix w(1, 3), m, v;
    long long t = 0;
    for (int step = 0; step < 2000; ++step) exercise::adam_step(w, w - target, m, v, t, 0.05, kBeta1, kBeta2, kEps);
    EXPECT_TRUE(neurona::allclose(w, target, 0, 1e-2f)) << w;
}

TEST(Adam, GradientOfAnotherShapeThrows) {
    Matrix w(2, 2), m, v;
    long long t = 0;
    EXPECT_THROW(exercise::adam_step(w, Matrix(3, 2), m, v, t, kLr, kBeta1, kBeta2, kEps), std::invalid_argument);
}

}  // namespace
