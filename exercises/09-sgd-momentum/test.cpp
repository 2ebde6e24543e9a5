// Exercise 09's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/optimizers.hpp"
#include "neurona/random.hpp"

namespace exercise {
void sgd_momentum_step(neurona::Matrix& w, const neurona::Matrix& g, neurona::Matrix& v,
                       neurona::Scalar learning_rate, neurona::Scalar momentum);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;
using Step = void (*)(Matrix& w, const Matrix& g, Matrix& v, Scalar learning_rate, Scalar momentum);

// The usual wrong steps, each next to the words that name it. Every one starts v at zeros, as
// the right step does, and differs from it in one place.

// PyTorch's form: v = momentum v + g; w = w - lr v. Same weights while lr is constant, another v.
void pytorch_step(Matrix& w, const Matrix& g, Matrix& v, Scalar lr, Scalar momentum) {
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    v = v * momentum + g;
    w -= v * lr;
}
// Keras's v, then w = w + lr v: the learning rate a second time.
void lr_twice_step(Matrix& w, const Matrix& g, Matrix& v, Scalar lr, Scalar momentum) {
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    v = v * momentum - g * lr;
    w += v * lr;
}
// v = momentum v + lr g; w = w + v: uphill.
void uphill_step(Matrix& w, const Matrix& g, Matrix& v, Scalar lr, Scalar momentum) {
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    v = v * momentum + g * lr;
    w += v;
}
// v set to zeros at every call: plain gradient descent, whatever the momentum.
void reset_step(Matrix& w, const Matrix& g, Matrix& v, Scalar lr, Scalar momentum) {
    v = Matrix(w.rows(), w.cols());
    v = v * momentum - g * lr;
    w += v;
}

struct Known {
    Step step;
    const char* es;
    const char* en;
};
const Known kUsualMistakes[] = {
    {pytorch_step,
     "la velocidad es la de PyTorch (v = momentum v + g, y w -= lr v); Keras guarda v = momentum v - lr g",
     "the velocity is PyTorch's (v = momentum v + g, then w -= lr v); Keras keeps v = momentum v - lr g"},
    {lr_twice_step,
     "la tasa de aprendizaje se aplica dos veces: ya está en v = momentum v - lr g, así que w = w + v, no w + lr v",
     "the learning rate is applied twice: it is already in v = momentum v - lr g, so w = w + v, not w + lr v"},
    {uphill_step,
     "el paso va cuesta arriba: v = momentum v + lr g; el gradiente se resta, v = momentum v - lr g",
     "the step goes uphill: v = momentum v + lr g; the gradient is subtracted, v = momentum v - lr g"},
    {reset_step,
     "la velocidad vuelve a cero en cada paso (descenso del gradiente sin momento): v empieza en ceros solo "
     "cuando llega vacía, en el primer paso",
     "the velocity is reset to zero at every step (gradient descent without momentum): v starts as zeros only "
     "when it comes empty, on the first step"},
};

struct State {
    Matrix w, v;
};

// `steps` steps of `step` from w0 (v empty) with the constant gradient g.
State run(Step step, const Matrix& w0, const Matrix& g, Scalar lr, Scalar momentum, int steps) {
    State s{w0, Matrix()};
    for (int i = 0; i < steps; ++i) step(s.w, g, s.v, lr, momentum);
    return s;
}

// What each usual mistake leaves in w (or in v) after the same steps.
std::vector<exercise_testing::Mistake> mistakes_in(Matrix State::*part, const Matrix& w0, const Matrix& g, Scalar lr,
                                                  Scalar momentum, int steps) {
    std::vector<exercise_testing::Mistake> known;
    for (const Known& k : kUsualMistakes) known.push_back({run(k.step, w0, g, lr, momentum, steps).*part, k.es, k.en});
    return known;
}

// Your w and v after `steps` steps match `w` and `v`, or name the usual mistake they come from.
void expect_after(int steps, const Matrix& w0, const Matrix& g, Scalar lr, Scalar momentum, const Matrix& w,
                  const Matrix& v) {
    const State mine = run(exercise::sgd_momentum_step, w0, g, lr, momentum, steps);
    EXPECT_TRUE(exercise_testing::matches(mine.v, v, mistakes_in(&State::v, w0, g, lr, momentum, steps)))
        << "v after step " << steps;
    EXPECT_TRUE(exercise_testing::matches(mine.w, w, mistakes_in(&State::w, w0, g, lr, momentum, steps)))
        << "w after step " << steps;
}

TEST(SgdMomentum, TwoStepsByHand) {
    const Matrix w0{{1, 2}}, g{{0.5, -1}};
    // v = 0.9 * 0 - 0.1 * (0.5, -1) = (-0.05, 0.1); w = (0.95, 2.1)
    expect_after(1, w0, g, 0.1f, 0.9f, Matrix{{0.95, 2.1}}, Matrix{{-0.05, 0.1}});
    // v = 0.9 * (-0.05, 0.1) - (0.05, -0.1) = (-0.095, 0.19); w = (0.855, 2.29)
    expect_after(2, w0, g, 0.1f, 0.9f, Matrix{{0.855, 2.29}}, Matrix{{-0.095, 0.19}});
}

TEST(SgdMomentum, ZeroMomentumIsPlainGradientDescent) {
    const Matrix w0{{1, -1}, {0, 3}}, g{{2, 4}, {-6, 0}};
    const State mine = run(exercise::sgd_momentum_step, w0, g, 0.01f, 0, 3);
    EXPECT_TRUE(exercise_testing::matches(mine.w, Matrix{{1 - 0.06f, -1 - 0.12f}, {0.18f, 3}},
                                          mistakes_in(&State::w, w0, g, 0.01f, 0, 3)))
        << "w = w - 3 lr g";
}

TEST(SgdMomentum, MatchesTheLibraryOverTwentySteps) {
    neurona::Rng rng(1);
    Matrix w = rng.uniform_matrix(3, 4, -1, 1), v;
    Matrix w_lib = w, g_lib(3, 4);
    neurona::SGD sgd({.learning_rate = 0.05, .momentum = 0.8});
    for (int step = 1; step <= 20; ++step) {
        const Matrix g = rng.uniform_matrix(3, 4, -1, 1);
        exercise::sgd_momentum_step(w, g, v, 0.05f, 0.8f);
        g_lib = g;
        sgd.update({{"w", &w_lib, &g_lib}});
        ASSERT_TRUE(exercise_testing::matches(w, w_lib)) << "w after step " << step;
    }
}

TEST(SgdMomentum, ReachesTheBottomOfTheQuadraticBowl) {
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
