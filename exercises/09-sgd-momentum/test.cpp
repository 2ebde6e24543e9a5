// Exercise 09's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <stdexcept>

#include "neurona/optimizers.hpp"
#include "neurona/random.hpp"

namespace exercise {
void sgd_momentum_step(neurona::Matrix& w, const neurona::Matrix& g, neurona::Matrix& v,
                       neurona::Scalar learning_rate, neurona::Scalar momentum);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected, const char* what) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << what << ": shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, 1e-5f, 1e-6f))
        return ::testing::AssertionFailure() << what << ": got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

TEST(SgdMomentum, TwoStepsByHand) {
    Matrix w{{1, 2}}, v;
    const Matrix g{{0.5, -1}};
    // v = 0.9 * 0 - 0.1 * (0.5, -1) = (-0.05, 0.1); w = (0.95, 2.1)
    exercise::sgd_momentum_step(w, g, v, 0.1f, 0.9f);
    EXPECT_TRUE(Close(v, Matrix{{-0.05, 0.1}}, "v after step 1"));
    EXPECT_TRUE(Close(w, Matrix{{0.95, 2.1}}, "w after step 1"));
    // v = 0.9 * (-0.05, 0.1) - (0.05, -0.1) = (-0.095, 0.19); w = (0.855, 2.29)
    exercise::sgd_momentum_step(w, g, v, 0.1f, 0.9f);
    EXPECT_TRUE(Close(v, Matrix{{-0.095, 0.19}}, "v after step 2"));
    EXPECT_TRUE(Close(w, Matrix{{0.855, 2.29}}, "w after step 2"));
}

TEST(SgdMomentum, ZeroMomentumIsPlainGradientDescent) {
    Matrix w{{1, -1}, {0, 3}}, v;
    const Matrix g{{2, 4}, {-6, 0}};
    for (int step = 0; step < 3; ++step) exercise::sgd_momentum_step(w, g, v, 0.01f, 0);
    EXPECT_TRUE(Close(w, Matrix{{1 - 0.06f, -1 - 0.12f}, {0.18f, 3}}, "w = w - 3 lr g"));
}

TEST(SgdMomentum, MatchesTheLibraryOver20Steps) {
    neurona::Rng rng(1);
    Matrix w = rng.uniform_matrix(3, 4, -1, 1), v;
    Matrix w_lib = w, g_lib(3, 4);
    neurona::SGD sgd(0.05, 0.8);
    for (int step = 1; step <= 20; ++step) {
        const Matrix g = rng.uniform_matrix(3, 4, -1, 1);
        exercise::sgd_momentum_step(w, g, v, 0.05f, 0.8f);
        g_lib = g;
        sgd.update({{"w", &w_lib, &g_lib}});
        ASSERT_TRUE(Close(w, w_lib, "w")) << "after step " << step;
    }
}

TEST(SgdMomentum, MinimisesAQuadraticBowl) {
    // L(w) = |w - target|^2 / 2, so g = w - target.
    const Matrix target{{3, -2, 0.5}};
    Matrix w(1, 3), v;
    for (int step = 0; step < 300; ++step) exercise::sgd_momentum_step(w, w - target, v, 0.1f, 0.9f);
    EXPECT_TRUE(neurona::allclose(w, target, 0, 1e-3f)) << w;
}

TEST(SgdMomentum, GradientOfAnotherShapeThrows) {
    Matrix w(2, 2), v;
    EXPECT_THROW(exercise::sgd_momentum_step(w, Matrix(2, 3), v, 0.1f, 0.9f), std::invalid_argument);
}

}  // namespace
