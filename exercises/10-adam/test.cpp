// Exercise 10's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/diagnose.hpp"
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

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kNoBiasCorrection{
    "falta la corrección del sesgo: el paso debe ser lr sqrt(1 - beta_2^t) / (1 - beta_1^t) "
    "* m / (sqrt(v) + epsilon), no lr * m / (sqrt(v) + epsilon)",
    "the bias correction is missing: the step must be lr sqrt(1 - beta_2^t) / (1 - beta_1^t) "
    "* m / (sqrt(v) + epsilon), not lr * m / (sqrt(v) + epsilon)"};
const Diagnosis kEpsilonInsideRoot{"epsilon está dentro de la raíz, sqrt(v + epsilon); Keras lo suma fuera, sqrt(v) + epsilon",
                               "epsilon is inside the root, sqrt(v + epsilon); Keras adds it outside, sqrt(v) + epsilon"};
const Diagnosis kPaperEpsilon{"epsilon se sumó a la raíz de la v corregida (la forma del artículo); Keras lo suma a "
                          "sqrt(v) sin corregir y lleva la corrección al paso",
                          "epsilon was added to the root of the corrected v (the paper's form); Keras adds it to "
                          "the uncorrected sqrt(v) and puts the correction into the step size"};
const Diagnosis kTStartsAtZero{"w es NaN tras el primer paso: la corrección usó t = 0, y 1 - beta_1^0 = 0 divide entre "
                           "cero; el primer paso es t = 1, así que incrementa t antes",
                           "w is NaN after the first step: the correction used t = 0, and 1 - beta_1^0 = 0 divides "
                           "by zero; the first step is t = 1, so increment t first"};

// Adam's step written as the solution writes it (in float, elementwise), and the usual wrong
// steps, each different from it in one place.
enum class Variant { Keras, NoBiasCorrection, EpsilonInsideRoot, PaperEpsilon, TStartsAtZero };

// The usual mistakes whose first step still gives a number (t = 0 gives NaN).
const std::pair<Variant, Diagnosis> kWrongSteps[] = {{Variant::NoBiasCorrection, kNoBiasCorrection},
                                                 {Variant::EpsilonInsideRoot, kEpsilonInsideRoot},
                                                 {Variant::PaperEpsilon, kPaperEpsilon}};

void variant_step(Variant variant, Matrix& w, const Matrix& g, Matrix& m, Matrix& v, long long& t) {
    if (m.empty()) m = Matrix(w.rows(), w.cols());
    if (v.empty()) v = Matrix(w.rows(), w.cols());
    const double td = static_cast<double>(variant == Variant::TStartsAtZero ? t : t + 1);
    ++t;
    const double c1 = 1 - std::pow(kBeta1, td), c2 = 1 - std::pow(kBeta2, td);
    double alpha = kLr * std::sqrt(c2) / c1;
    if (variant == Variant::NoBiasCorrection) alpha = kLr;
    if (variant == Variant::PaperEpsilon) alpha = kLr / c1;  // m_hat = m / c1
    const Scalar a = static_cast<Scalar>(alpha), b1 = static_cast<Scalar>(kBeta1), b2 = static_cast<Scalar>(kBeta2),
                 eps = static_cast<Scalar>(kEps), root_c2 = static_cast<Scalar>(std::sqrt(c2));
    for (std::size_t i = 0; i < w.size(); ++i) {
        const Scalar gi = g.data()[i];
        Scalar& mi = m.data()[i];
        Scalar& vi = v.data()[i];
        mi = b1 * mi + (1 - b1) * gi;
        vi = b2 * vi + (1 - b2) * gi * gi;
        Scalar denominator = std::sqrt(vi) + eps;
        if (variant == Variant::EpsilonInsideRoot) denominator = std::sqrt(vi + eps);
        if (variant == Variant::PaperEpsilon) denominator = std::sqrt(vi) / root_c2 + eps;  // sqrt(v_hat)
        w.data()[i] -= a * mi / denominator;
    }
}

// Where each usual mistake leaves w after one step from w0 with gradient g.
std::vector<exercise_testing::Mistake> first_step_mistakes(const Matrix& w0, const Matrix& g) {
    std::vector<exercise_testing::Mistake> known;
    for (const auto& [variant, words] : kWrongSteps) {
        Matrix w = w0, m, v;
        long long t = 0;
        variant_step(variant, w, g, m, v, t);
        known.push_back({w, words.es, words.en});
    }
    return known;
}

bool all_nan(const Matrix& M) {
    if (M.empty()) return false;
    for (Scalar x : M.values())
        if (!std::isnan(x)) return false;
    return true;
}

// w after the first step from w0 with gradient g: `expected`, or the usual mistake it comes
// from. A w all NaN, where the step taken with t = 0 gives NaN too, is that step.
::testing::AssertionResult FirstStepMatches(const Matrix& got, const Matrix& expected, const Matrix& w0,
                                            const Matrix& g, double rtol, double atol) {
    Matrix w = w0, m, v;
    long long t = 0;
    variant_step(Variant::TStartsAtZero, w, g, m, v, t);
    if (all_nan(got) && all_nan(w))
        return ::testing::AssertionFailure() << "got " << got << ", expected " << expected << "\n"
                                             << exercise_testing::diagnose(kTStartsAtZero);
    return exercise_testing::matches(got, expected, first_step_mistakes(w0, g), rtol, atol);
}

// How far one first step moves a weight whose gradient is g, in double:
//   Keras:                alpha = lr sqrt(1 - b2) / (1 - b1); alpha m / (sqrt(v) + eps)
//   no bias correction:   lr m / (sqrt(v) + eps)
//   epsilon in the root:  alpha m / sqrt(v + eps)
//   the paper's epsilon:  lr m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - b1), v_hat = v / (1 - b2)
// with m = (1 - b1) g and v = (1 - b2) g^2 after the first step.
double first_step(double g, Variant variant = Variant::Keras) {
    const double m = (1 - kBeta1) * g, v = (1 - kBeta2) * g * g;
    const double alpha = kLr * std::sqrt(1 - kBeta2) / (1 - kBeta1);
    switch (variant) {
        case Variant::Keras: return alpha * m / (std::sqrt(v) + kEps);
        case Variant::NoBiasCorrection: return kLr * m / (std::sqrt(v) + kEps);
        case Variant::EpsilonInsideRoot: return alpha * m / std::sqrt(v + kEps);
        case Variant::PaperEpsilon: return kLr * (m / (1 - kBeta1)) / (std::sqrt(v / (1 - kBeta2)) + kEps);
        case Variant::TStartsAtZero: break;
    }
    return NAN;
}

TEST(Adam, FirstStepByHand) {
    const Matrix g{{0.5, -2, 1e-3f, 100}}, w0{{1, 1, 1, 1}};
    Matrix w = w0, m, v;
    long long t = 0;
    exercise::adam_step(w, g, m, v, t, kLr, kBeta1, kBeta2, kEps);
    EXPECT_EQ(t, 1) << "t counts the steps";
    EXPECT_TRUE(exercise_testing::matches(m, g * 0.1f)) << "m = 0.1 g";
    EXPECT_TRUE(exercise_testing::matches(v, g * g * 0.001f, {}, 1e-4, 1e-12)) << "v = 0.001 g^2";
    // Each weight moves by about lr against the sign of its gradient, whatever its size.
    const Matrix expected{{static_cast<Scalar>(1 - first_step(0.5)), static_cast<Scalar>(1 - first_step(-2)),
                           static_cast<Scalar>(1 - first_step(1e-3)), static_cast<Scalar>(1 - first_step(100))}};
    EXPECT_TRUE(FirstStepMatches(w, expected, w0, g, 0, 2e-7)) << "w";
    EXPECT_NEAR(w(0, 0), 1 - kLr, 1e-6);
    EXPECT_NEAR(w(0, 1), 1 + kLr, 1e-6);
}

TEST(Adam, TinyGradientShowsWhereEpsilonGoes) {
    // g = 1e-6: sqrt(v) = sqrt(1 - b2) 1e-6 is smaller than epsilon = 1e-7, so epsilon's place
    // matters, and so does the bias correction. first_step computes each way in double. The
    // float step is within about 1e-6 of it, relative; the usual mistakes are off by far more
    // than the tolerance of 1e-5 lr.
    const double g = 1e-6;
    Matrix w(1, 1), m, v;
    long long t = 0;
    exercise::adam_step(w, Matrix{{static_cast<Scalar>(g)}}, m, v, t, kLr, kBeta1, kBeta2, kEps);
    ASSERT_EQ(w.shape(), "(1, 1)");
    std::vector<exercise_testing::ScalarMistake> known;
    for (const auto& [variant, words] : kWrongSteps)
        known.push_back({first_step(g, variant) / kLr, words.es, words.en});
    if (std::isnan(w(0, 0))) {
        ADD_FAILURE() << "w is NaN\n" << exercise_testing::diagnose(kTStartsAtZero);
        return;
    }
    EXPECT_TRUE(exercise_testing::near(-w(0, 0) / kLr, first_step(g) / kLr, 1e-5, known))
        << "the step, in units of lr";
}

TEST(Adam, MatchesTheLibraryOverFiftySteps) {
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
        ASSERT_TRUE(exercise_testing::matches(w, w_lib, {}, 1e-5, 1e-6)) << "w after step " << step;
    }
    EXPECT_EQ(t, 50);
}

TEST(Adam, ReachesTheBottomOfTheQuadraticBowl) {
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
