// Exercise 28's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/optimizers.hpp"
#include "neurona/random.hpp"

namespace exercise {
void rmsprop_step(neurona::Matrix& w, const neurona::Matrix& g, neurona::Matrix& v, double learning_rate,
                  double rho, double epsilon);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;
using exercise_testing::Mistake;

constexpr double kLr = 0.001, kRho = 0.9, kEps = 1e-7;  // Keras's defaults

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kEpsilonOutside{
    "épsilon se sumó fuera de la raíz, sqrt(v) + épsilon (donde lo pone Adam, y el RMSprop del Keras antiguo); el "
    "RMSprop de Keras 3 divide entre sqrt(v + épsilon)",
    "epsilon was added outside the root, sqrt(v) + epsilon (where Adam puts it, and older Keras's RMSprop); Keras "
    "3's RMSprop divides by sqrt(v + epsilon)"};
const Diagnosis kRhoSwapped{
    "rho y 1 - rho están intercambiados: v = rho · v + (1 - rho) · g², así que v conserva el 90 % de su valor y "
    "el gradiente nuevo aporta el 10 %",
    "rho and 1 - rho are swapped: v = rho · v + (1 - rho) · g², so v keeps 90 % of its value and the new gradient "
    "adds 10 %"};
const Diagnosis kNoRoot{
    "falta la raíz cuadrada: el paso es lr · g / sqrt(v + épsilon), no lr · g / (v + épsilon)",
    "the square root is missing: the step is lr · g / sqrt(v + epsilon), not lr · g / (v + epsilon)"};
const Diagnosis kOldV{
    "el paso usó la v anterior y v se actualizó después; primero v = rho · v + (1 - rho) · g², luego el paso con "
    "esa v nueva",
    "the step used the previous v, and v was updated afterwards; first v = rho · v + (1 - rho) · g², then the step "
    "with that new v"};
const Diagnosis kVNotKept{
    "w cambió pero v sigue vacía: la función debe guardar la v nueva en su argumento v, que se conserva entre pasos",
    "w changed but v is still empty: the function must store the new v in its argument v, kept between steps"};


// ---- the reference and the mistakes, in double ----------------------------------------------

enum class Variant { Right, EpsilonOutside, RhoSwapped, NoRoot, OldV };

struct State {
    std::vector<double> w, v;
};

// One step of `variant` on every weight, in double.
void step(State& s, const std::vector<double>& g, Variant variant, double lr, double rho, double eps) {
    for (std::size_t i = 0; i < s.w.size(); ++i) {
        const double old_v = s.v[i];
        s.v[i] = variant == Variant::RhoSwapped ? (1 - rho) * old_v + rho * g[i] * g[i]
                                                : rho * old_v + (1 - rho) * g[i] * g[i];
        const double v = variant == Variant::OldV ? old_v : s.v[i];
        const double divisor = variant == Variant::EpsilonOutside ? std::sqrt(v) + eps
                               : variant == Variant::NoRoot       ? v + eps
                                                                  : std::sqrt(v + eps);
        s.w[i] -= lr * g[i] / divisor;
    }
}

Matrix as_matrix(const std::vector<double>& x, const Matrix& like) {
    Matrix m(like.rows(), like.cols());
    for (std::size_t i = 0; i < x.size(); ++i) m.data()[i] = static_cast<Scalar>(x[i]);
    return m;
}

// w and v after the steps `gradients`, from w0, for each variant.
struct Weights {
    Matrix w, v;
};
Weights run(Variant variant, const Matrix& w0, const std::vector<Matrix>& gradients, double lr = kLr,
        double rho = kRho, double eps = kEps) {
    State s{exercise_testing::to_doubles(w0), std::vector<double>(w0.size(), 0.0)};
    for (const Matrix& g : gradients) step(s, exercise_testing::to_doubles(g), variant, lr, rho, eps);
    return {as_matrix(s.w, w0), as_matrix(s.v, w0)};
}

// The mistakes' weights after the same steps.
std::vector<Mistake> w_mistakes(const Matrix& w0, const std::vector<Matrix>& gradients, double lr = kLr,
                                double rho = kRho, double eps = kEps) {
    return {{run(Variant::EpsilonOutside, w0, gradients, lr, rho, eps).w, kEpsilonOutside.es, kEpsilonOutside.en},
            {run(Variant::RhoSwapped, w0, gradients, lr, rho, eps).w, kRhoSwapped.es, kRhoSwapped.en},
            {run(Variant::NoRoot, w0, gradients, lr, rho, eps).w, kNoRoot.es, kNoRoot.en},
            {run(Variant::OldV, w0, gradients, lr, rho, eps).w, kOldV.es, kOldV.en}};
}

// The learner's w and v after the steps `gradients`, from w0.
Weights learner(const Matrix& w0, const std::vector<Matrix>& gradients, double lr = kLr, double rho = kRho,
            double eps = kEps) {
    Weights r{w0, Matrix()};
    for (const Matrix& g : gradients) exercise::rmsprop_step(r.w, g, r.v, lr, rho, eps);
    return r;
}

// ---- the tests --------------------------------------------------------------------------------

TEST(RMSprop, TheTestsUseTheDefaultsOfKeras) {
    const neurona::RMSprop keras;
    EXPECT_EQ(keras.learning_rate, kLr);
    EXPECT_EQ(keras.rho, kRho);
    EXPECT_EQ(keras.epsilon, kEps);
}

TEST(RMSprop, FirstStepByHand) {
    // From v = 0: v = 0.1 g^2, and the step lr g / sqrt(0.1 g^2 + 1e-7) is about
    // sqrt(10) lr = 3.16 lr against the sign of g, whatever g's size (0.5, -2, 0.01 or 100).
    const Matrix w0{{1, 1, 1, 1}}, g{{0.5f, -2, 0.01f, 100}};
    const Weights got = learner(w0, {g});
    const Weights expected = run(Variant::Right, w0, {g});
    if (got.v.empty() && got.w.same_shape(w0) && !exercise_testing::close(got.w, w0, 0, 0))
        ADD_FAILURE() << "v after the first step is " << got.v.shape() << "\n" << exercise_testing::diagnose(kVNotKept);
    else
        EXPECT_TRUE(exercise_testing::matches(got.v, Matrix{{0.025f, 0.4f, 1e-5f, 1000}},
                                              {{run(Variant::RhoSwapped, w0, {g}).v, kRhoSwapped.es, kRhoSwapped.en}},
                                              1e-5, 1e-12))
            << "v = 0.1 g^2 after the first step";
    EXPECT_TRUE(exercise_testing::matches(got.w, expected.w, w_mistakes(w0, {g}), 1e-6, 1e-7)) << "w after one step";
    if (got.w.same_shape(w0)) {
        EXPECT_NEAR(got.w(0, 0), 1 - std::sqrt(10.0) * kLr, 1e-6) << "g = 0.5 moves w by -3.16 lr";
        EXPECT_NEAR(got.w(0, 1), 1 + std::sqrt(10.0) * kLr, 1e-6) << "g = -2 moves w by +3.16 lr";
    }
}

TEST(RMSprop, ThreeStepsByHand) {
    const Matrix w0{{0.5f, -1, 2}};
    const std::vector<Matrix> gradients{{{1, -0.5f, 3}}, {{-2, -0.5f, 0.1f}}, {{0.5f, 1, -4}}};
    Matrix w = w0, v;
    for (std::size_t t = 1; t <= gradients.size(); ++t) {
        exercise::rmsprop_step(w, gradients[t - 1], v, kLr, kRho, kEps);
        const std::vector<Matrix> so_far(gradients.begin(), gradients.begin() + t);
        const Weights expected = run(Variant::Right, w0, so_far);
        ASSERT_TRUE(exercise_testing::matches(w, expected.w, w_mistakes(w0, so_far), 1e-6, 1e-7))
            << "w after step " << t;
        ASSERT_TRUE(exercise_testing::matches(
            v, expected.v, {{run(Variant::RhoSwapped, w0, so_far).v, kRhoSwapped.es, kRhoSwapped.en}}, 1e-5, 1e-9))
            << "v after step " << t;
    }
}

TEST(RMSprop, TinyGradientsShowWhereEpsilonGoes) {
    // g = 1e-6: v = 1e-13, far below epsilon. Inside the root: sqrt(1e-13 + 1e-7) = 3.2e-4, so
    // w moves by only 0.0032 lr. Outside (older Keras): sqrt(1e-13) + 1e-7 = 4.2e-7, a step of 2.4 lr.
    const Matrix w0{{0, 0, 0}}, g{{1e-6f, -3e-6f, 1e-5f}};
    const Weights got = learner(w0, {g});
    const Weights expected = run(Variant::Right, w0, {g});
    EXPECT_TRUE(exercise_testing::matches(got.w, expected.w, w_mistakes(w0, {g}), 1e-3, 1e-12));
}

TEST(RMSprop, MatchesTheLibraryOverFiftySteps) {
    neurona::Rng rng(28);
    const Matrix w0 = rng.uniform_matrix(3, 4, -1, 1);
    Matrix w = w0, v, w_lib = w0, g_lib(3, 4);
    std::vector<Matrix> gradients;
    neurona::RMSprop rmsprop;  // Keras's defaults
    for (int step = 1; step <= 50; ++step) {
        gradients.push_back(rng.uniform_matrix(3, 4, -1, 1) * static_cast<Scalar>(step % 7 + 1));
        exercise::rmsprop_step(w, gradients.back(), v, kLr, kRho, kEps);
        g_lib = gradients.back();
        rmsprop.update({{"w", &w_lib, &g_lib}});
        if (exercise_testing::close(w, w_lib, 1e-5, 1e-6)) continue;
        // Wrong: which usual mistake gives the same weights after these steps?
        ASSERT_TRUE(exercise_testing::matches(w, w_lib, w_mistakes(w0, gradients), 1e-5, 1e-6))
            << "w after step " << step;
    }
}

TEST(RMSprop, MatchesTheLibraryWithOtherSettings) {
    // Another learning rate, rho and epsilon: the function must use its arguments.
    const double lr = 0.01, rho = 0.5, eps = 1e-4;
    neurona::Rng rng(5);
    const Matrix w0 = rng.uniform_matrix(2, 3, -1, 1);
    std::vector<Matrix> gradients;
    for (int t = 0; t < 5; ++t) gradients.push_back(rng.uniform_matrix(2, 3, -0.05, 0.05));
    Matrix w_lib = w0, g_lib;
    neurona::RMSprop rmsprop({.learning_rate = lr, .rho = rho, .epsilon = eps});
    for (const Matrix& g : gradients) {
        g_lib = g;
        rmsprop.update({{"w", &w_lib, &g_lib}});
    }
    EXPECT_TRUE(exercise_testing::matches(learner(w0, gradients, lr, rho, eps).w, w_lib,
                                          w_mistakes(w0, gradients, lr, rho, eps), 1e-5, 1e-6));
}

TEST(RMSprop, MinimisesAQuadraticBowl) {
    // L(w) = |w - target|^2 / 2, so g = w - target. Each step is about lr, so 1,500 steps of 0.01
    // cover the distance; near the target the steps shrink with g.
    const Matrix target{{3, -2, 0.5f}};
    Matrix w(1, 3), v;
    for (int step = 0; step < 1500; ++step) exercise::rmsprop_step(w, w - target, v, 0.01, kRho, kEps);
    EXPECT_TRUE(neurona::allclose(w, target, 0, 5e-2f)) << w;
}

TEST(RMSprop, GradientOfAnotherShapeThrows) {
    Matrix w(2, 2), v;
    EXPECT_THROW(exercise::rmsprop_step(w, Matrix(3, 2), v, kLr, kRho, kEps), std::invalid_argument);
}

}  // namespace
