// Exercise 17's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"

namespace exercise {
double f_prime(double x);
double gradient_step(double x, double lr, double (*grad)(double));
std::vector<double> descend(double x0, double lr, int steps, double (*grad)(double));
double largest_stable_lr(double c);
}  // namespace exercise

namespace {

using exercise_testing::near;
using exercise_testing::ScalarMistake;
using exercise_testing::Diagnosis;
using exercise_testing::mistake;

// Everything here is double, as in the chapter: a correct answer is exact to about 1e-15 of
// the values' size, and the tests allow 1e-12 of it.
constexpr double kRelative = 1e-12;

// The usual mistakes, each diagnosis in one place.
const Diagnosis kStepPlus{
    "el paso sube por la pendiente (x + lr f'(x)): el descenso va contra ella, x - lr f'(x)",
    "the step climbs the slope (x + lr f'(x)): descent goes against it, x - lr f'(x)"};
const Diagnosis kWithoutTwo{
    "f'(x) = x: la derivada de x^2 es 2x",
    "f'(x) = x: the derivative of x^2 is 2x"};
const Diagnosis kPathWithoutStart{
    "el camino no empieza en x0: debe guardar x_0, x_1, ..., x_steps, es decir steps + 1 valores",
    "the path does not start at x0: it must hold x_0, x_1, ..., x_steps, that is steps + 1 values"};
const Diagnosis kSlopeAtStart{
    "cada paso usa la pendiente en x0: hay que tomar f'(x) en la x actual, en cada paso",
    "every step uses the slope at x0: take f'(x) at the current x, at every step"};
const Diagnosis kTwoOverC{
    "2/c es el límite para una curvatura c, pero f(x) = c x^2 tiene curvatura f''(x) = 2c: el límite es "
    "2/(2c) = 1/c",
    "2/c is the limit for a curvature c, but f(x) = c x^2 has curvature f''(x) = 2c: the limit is 2/(2c) = 1/c"};
const Diagnosis kOneStepRate{
    "1/(2c) es la tasa que llega al mínimo en un solo paso (la más rápida); el límite de estabilidad es el "
    "doble, 1/c",
    "1/(2c) is the rate that reaches the minimum in one step (the fastest); the limit of stability is twice "
    "that, 1/c"};


// The chapter's functions, written by the test: x^2 and the two valleys g(x) = x^4 - 3x^2 + x.
double f(double x) { return x * x; }
double f_prime(double x) { return 2 * x; }
double g(double x) { return x * x * x * x - 3 * x * x + x; }
double g_prime(double x) { return 4 * x * x * x - 6 * x + 1; }

// A path of gradient descent, and a usual wrong one.
struct PathMistake {
    std::vector<double> value;
    Diagnosis diagnosis;
};

std::string str(const std::vector<double>& path) {
    std::ostringstream os;
    os.precision(9);
    os << "[";
    for (std::size_t i = 0; i < path.size() && i < 8; ++i) os << (i ? ", " : "") << path[i];
    if (path.size() > 8) os << ", ... (" << path.size() << " values)";
    return os.str() + "]";
}

bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(std::abs(a[i] - b[i]) <= kRelative * (1 + std::abs(b[i])))) return false;
    return true;
}

::testing::AssertionResult same_path(const std::vector<double>& got, const std::vector<double>& expected,
                                     const std::vector<PathMistake>& known = {}) {
    if (same(got, expected)) return ::testing::AssertionSuccess();
    std::ostringstream why;
    why << "got " << str(got) << ",\nexpected " << str(expected);
    for (const PathMistake& m : known)
        if (same(got, m.value)) {
            why << "\n" << exercise_testing::diagnose(m.diagnosis);
            break;
        }
    return ::testing::AssertionFailure() << why.str();
}

// The right path and the usual wrong ones, computed by the test.
std::vector<double> path(double x0, double lr, int steps, double (*grad)(double), bool plus = false,
                         bool slope_at_start = false) {
    std::vector<double> p = {x0};
    double x = x0;
    for (int k = 0; k < steps; ++k) {
        const double slope = grad(slope_at_start ? x0 : x);
        x = plus ? x + lr * slope : x - lr * slope;
        p.push_back(x);
    }
    return p;
}

std::vector<PathMistake> path_mistakes(double x0, double lr, int steps, double (*grad)(double)) {
    std::vector<double> without_start = path(x0, lr, steps + 1, grad);
    without_start.erase(without_start.begin());  // x_1 ... x_{steps+1}
    std::vector<double> short_path = path(x0, lr, steps, grad);
    short_path.erase(short_path.begin());  // x_1 ... x_steps
    return {{without_start, kPathWithoutStart},
            {short_path, kPathWithoutStart},
            {path(x0, lr, steps, grad, true), kStepPlus},
            {path(x0, lr, steps, grad, false, true), kSlopeAtStart}};
}

TEST(FPrime, HandComputedValues) {
    EXPECT_TRUE(near(exercise::f_prime(4), 8, 1e-12, {mistake(4, kWithoutTwo)})) << "f'(4) = 2 * 4";
    EXPECT_TRUE(near(exercise::f_prime(-4.8), -9.6, 1e-12, {mistake(-4.8, kWithoutTwo)})) << "f'(-4.8)";
    EXPECT_TRUE(near(exercise::f_prime(0), 0, 1e-12)) << "the slope is 0 at the minimum";
}

TEST(FPrime, MatchesCentralDifferences) {
    // (f(x + h) - f(x - h)) / 2h is exact for x^2 up to rounding, about 1e-10 with h = 1e-5.
    for (double x = -5; x <= 5; x += 0.625) {
        const double numerical = exercise_testing::numerical_derivative(f, x);
        EXPECT_TRUE(near(exercise::f_prime(x), numerical, 1e-8, {mistake(numerical / 2, kWithoutTwo)}))
            << "x = " << x;
    }
}

TEST(GradientStep, FromFourByHand) {
    // x - lr f'(x) with f'(4) = 8: 4 - 0.01 * 8, 4 - 0.3 * 8, 4 - 1.1 * 8 (the chapter's step 1).
    // The test passes its own f', so only the step is checked here.
    for (const auto& [lr, expected] : {std::pair{0.01, 3.92}, {0.3, 1.6}, {1.1, -4.8}})
        EXPECT_TRUE(near(exercise::gradient_step(4, lr, f_prime), expected, 1e-12,
                         {mistake(4 + lr * 8, kStepPlus)}))
            << "lr = " << lr;
}

TEST(GradientStep, UsesTheGivenDerivative) {
    // On the two valleys, g'(2) = 32 - 12 + 1 = 21: 2 - 0.02 * 21 = 1.58.
    EXPECT_TRUE(near(exercise::gradient_step(2, 0.02, g_prime), 1.58, 1e-12, {mistake(2 + 0.02 * 21, kStepPlus)}));
}

TEST(Descend, PathHoldsStepsPlusOneValuesFromTheStart) {
    const std::vector<double> p = exercise::descend(4, 0.3, 3, f_prime);
    ASSERT_EQ(p.size(), 4u) << "3 steps give x_0, x_1, x_2, x_3; got " << str(p) << "\n"
                            << (p.size() == 3 ? exercise_testing::diagnose(kPathWithoutStart)
                                              : "");
    EXPECT_EQ(p[0], 4) << "x_0 is x0";
    EXPECT_EQ(exercise::descend(4, 0.3, 0, f_prime), std::vector<double>{4}) << "0 steps: only x0";
}

TEST(Descend, FirstStepsOfTheChapterByHand) {
    // Every step multiplies x by 1 - 2 lr: by 0.98, 0.4 and -1.2.
    EXPECT_TRUE(same_path(exercise::descend(4, 0.01, 3, f_prime), {4, 3.92, 3.8416, 3.764768},
                          path_mistakes(4, 0.01, 3, f_prime)))
        << "lr = 0.01";
    EXPECT_TRUE(same_path(exercise::descend(4, 0.3, 3, f_prime), {4, 1.6, 0.64, 0.256},
                          path_mistakes(4, 0.3, 3, f_prime)))
        << "lr = 0.3";
    EXPECT_TRUE(same_path(exercise::descend(4, 1.1, 3, f_prime), {4, -4.8, 5.76, -6.912},
                          path_mistakes(4, 1.1, 3, f_prime)))
        << "lr = 1.1";
}

TEST(Descend, FiftyStepsFollowTheFactorOneMinusTwoLr) {
    // x_k = (1 - 2 lr)^k x0 for every k, for the chapter's three rates and 50 steps.
    for (const double lr : {0.01, 0.3, 1.1}) {
        std::vector<double> expected;
        for (int k = 0; k <= 50; ++k) expected.push_back(std::pow(1 - 2 * lr, k) * 4);
        EXPECT_TRUE(same_path(exercise::descend(4, lr, 50, f_prime), expected, path_mistakes(4, lr, 50, f_prime)))
            << "lr = " << lr;
    }
}

TEST(Descend, TooSmallRateCrawls) {
    // lr = 0.01: every step goes the right way, but after 50 steps x is still 4 * 0.98^50 = 1.457.
    const std::vector<double> p = exercise::descend(4, 0.01, 50, f_prime);
    ASSERT_EQ(p.size(), 51u);
    for (int k = 1; k <= 50; ++k) EXPECT_TRUE(p[k] > 0 && p[k] < p[k - 1]) << "step " << k << ": " << p[k];
    EXPECT_GT(p[50], 1) << "still far from the minimum";
}

TEST(Descend, GoodRateArrives) {
    // lr = 0.3: the factor 0.4, and 4 * 0.4^50 = 5e-20.
    const std::vector<double> p = exercise::descend(4, 0.3, 50, f_prime);
    ASSERT_EQ(p.size(), 51u);
    EXPECT_LT(std::abs(p[50]), 1e-18);
}

TEST(Descend, TooLargeRateDiverges) {
    // lr = 1.1: the factor -1.2; each step jumps over the minimum and lands higher.
    const std::vector<double> p = exercise::descend(4, 1.1, 50, f_prime);
    ASSERT_EQ(p.size(), 51u);
    for (int k = 1; k <= 50; ++k)
        EXPECT_TRUE(p[k] * p[k - 1] < 0 && f(p[k]) > f(p[k - 1])) << "step " << k << ": " << p[k - 1] << " -> " << p[k];
    EXPECT_GT(std::abs(p[50]), 1e4);
}

TEST(Descend, FindsTheValleyItStartsIn) {
    // The chapter's two valleys: lr = 0.02, 100 steps, from -2 and from 2 (about -1.3008 and 1.1309).
    for (const double start : {-2.0, 2.0}) {
        const std::vector<double> p = exercise::descend(start, 0.02, 100, g_prime);
        EXPECT_TRUE(same_path(p, path(start, 0.02, 100, g_prime), path_mistakes(start, 0.02, 100, g_prime)))
            << "from " << start;
        if (p.empty()) continue;
        EXPECT_LT(std::abs(g_prime(p.back())), 1e-6) << "the slope at the end, from " << start;
        EXPECT_LT(g(p.back()), g(start)) << "downhill, from " << start;
    }
}

TEST(LargestStableLr, FromTheCurvature) {
    // x^2 (c = 1): 0 < lr < 1; the y direction of x^2 + 10 y^2 (c = 10): lr < 0.1.
    for (const double c : {1.0, 10.0, 5.0, 0.5})
        EXPECT_TRUE(near(exercise::largest_stable_lr(c), 1 / c, 1e-12 / c,
                         {mistake(2 / c, kTwoOverC), mistake(1 / (2 * c), kOneStepRate)}))
            << "c = " << c;
}

TEST(LargestStableLr, IsWhereDescentStopsConverging) {
    // Just below the rate, 200 steps on c x^2 from 4 come close to 0; at it, x bounces between
    // 4 and -4; just above, it grows. (The test's own descent: your number is what is checked.)
    for (const double c : {1.0, 10.0, 5.0}) {
        const double lr = exercise::largest_stable_lr(c);
        auto end = [c](double rate) {
            double x = 4;
            for (int k = 0; k < 200; ++k) x -= rate * 2 * c * x;
            return std::abs(x);
        };
        EXPECT_LT(end(0.99 * lr), 0.1) << "c = " << c << ", lr = 0.99 * " << lr << " must converge";
        EXPECT_NEAR(end(lr), 4, 1e-9) << "c = " << c << ", lr = " << lr << " must bounce between 4 and -4";
        EXPECT_GT(end(1.01 * lr), 4) << "c = " << c << ", lr = 1.01 * " << lr << " must diverge";
    }
}

}  // namespace
