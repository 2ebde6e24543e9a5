// Exercise 18's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::tuple<double, double, double> forward(double a, double b, double c);
std::tuple<double, double, double, double, double> backward(double a, double b, double c);
}  // namespace exercise

namespace {

using exercise_testing::near;
using exercise_testing::ScalarMistake;
using exercise_testing::Diagnosis;

// Everything is double. The forward values and the hand-computed gradients are exact up to
// rounding (1e-15 of their size); the central differences of J, which is linear in each
// variable, are exact to about 1e-10 with h = 1e-5. Every usual mistake is off by 1 or more.
constexpr double kTolerance = 1e-6;

// The usual mistakes, each diagnosis in one place.
const Diagnosis kCourseDa{
    "dJ/da vale 1, que es la derivada local dv/da (el resumen del curso): falta multiplicar por dJ/dv = 3",
    "dJ/da is 1, the local derivative dv/da (the course's summary): it still has to be multiplied by dJ/dv = 3"};
const Diagnosis kChainFactor{
    "falta el factor dJ/dv = 3 de la regla de la cadena: dJ/du = dv/du = 1, y por eso dJ/db = c y dJ/dc = b",
    "the chain rule's factor dJ/dv = 3 is missing: dJ/du = dv/du = 1, and so dJ/db = c and dJ/dc = b"};
const Diagnosis kSwapped{
    "dJ/db y dJ/dc están intercambiadas: la derivada de u = b c respecto de un factor es el otro factor, du/db = c y "
    "du/dc = b",
    "dJ/db and dJ/dc are swapped: the derivative of u = b c with respect to one factor is the other factor, du/db = c "
    "and du/dc = b"};
const Diagnosis kAdds{
    "la regla de la cadena multiplica: dJ/db = dJ/du · du/db, no dJ/du + du/db",
    "the chain rule multiplies: dJ/db = dJ/du · du/db, not dJ/du + du/db"};
const Diagnosis kPrecedence{
    "J = 3a + bc: el 3 multiplica toda la suma, J = 3 (a + bc) = 3 v",
    "J = 3a + bc: the 3 multiplies the whole sum, J = 3 (a + bc) = 3 v"};

// The graph written by the test: J(a, b, c) = 3 (a + b c).
double J_of(double a, double b, double c) { return 3 * (a + b * c); }

// The usual wrong values of one gradient at (a, b, c), leaving out any value that two
// mistakes share there (it could not say which mistake it is) or that equals the right value.
std::vector<ScalarMistake> unambiguous(const std::vector<std::pair<double, Diagnosis>>& wrong, double right) {
    std::vector<ScalarMistake> known;
    for (const auto& [value, d] : wrong) {
        bool shared = std::abs(value - right) <= kTolerance;
        for (const auto& [other, d2] : wrong) shared = shared || (&d2 != &d && std::abs(other - value) <= kTolerance);
        if (!shared) known.push_back({value, d.es, d.en});
    }
    return known;
}

// Checks the learner's five gradients at (a, b, c) against `expected`, naming known mistakes.
void check_backward(double a, double b, double c, const std::array<double, 5>& expected) {
    const auto [dJ_dv, dJ_du, dJ_da, dJ_db, dJ_dc] = exercise::backward(a, b, c);
    std::ostringstream where;
    where << " at a = " << a << ", b = " << b << ", c = " << c;
    const std::string at = where.str();
    EXPECT_TRUE(near(dJ_dv, expected[0], kTolerance)) << "dJ/dv" << at;
    EXPECT_TRUE(near(dJ_du, expected[1], kTolerance, unambiguous({{1, kChainFactor}}, expected[1]))) << "dJ/du" << at;
    EXPECT_TRUE(near(dJ_da, expected[2], kTolerance, unambiguous({{1, kCourseDa}}, expected[2]))) << "dJ/da" << at;
    EXPECT_TRUE(near(dJ_db, expected[3], kTolerance,
                     unambiguous({{c, kChainFactor}, {3 * b, kSwapped}, {3 + c, kAdds}}, expected[3])))
        << "dJ/db" << at;
    EXPECT_TRUE(near(dJ_dc, expected[4], kTolerance,
                     unambiguous({{b, kChainFactor}, {3 * c, kSwapped}, {3 + b, kAdds}}, expected[4])))
        << "dJ/dc" << at;
}

void check_forward(double a, double b, double c, double u, double v, double J) {
    const auto [got_u, got_v, got_J] = exercise::forward(a, b, c);
    EXPECT_TRUE(near(got_u, u, kTolerance)) << "u = b c";
    EXPECT_TRUE(near(got_v, v, kTolerance)) << "v = a + u";
    EXPECT_TRUE(near(got_J, J, kTolerance, unambiguous({{3 * a + b * c, kPrecedence}}, J))) << "J = 3 v";
}

TEST(Forward, WithTheCourseNumbers) {
    // a = 5, b = 3, c = 2: u = 3 * 2 = 6, v = 5 + 6 = 11, J = 3 * 11 = 33.
    check_forward(5, 3, 2, 6, 11, 33);
}

TEST(Forward, AtTheSecondPointOfTheChapter) {
    // a = 1, b = -2, c = 4: u = -8, v = -7, J = -21.
    check_forward(1, -2, 4, -8, -7, -21);
}

TEST(Forward, MatchesTheFormula) {
    neurona::Rng rng(11);
    for (int k = 0; k < 10; ++k) {
        const double a = rng.uniform(-5, 5), b = rng.uniform(-5, 5), c = rng.uniform(-5, 5);
        check_forward(a, b, c, b * c, a + b * c, J_of(a, b, c));
    }
}

TEST(Backward, WithTheCourseNumbers) {
    // dJ/dv = 3; dJ/du = 3 * 1; dJ/da = 3 * 1; dJ/db = 3 * c = 6; dJ/dc = 3 * b = 9.
    check_backward(5, 3, 2, {3, 3, 3, 6, 9});
}

TEST(Backward, AtTheSecondPointOfTheChapter) {
    // a = 1, b = -2, c = 4: dJ/db = 3 * 4 = 12, dJ/dc = 3 * -2 = -6.
    check_backward(1, -2, 4, {3, 3, 3, 12, -6});
}

TEST(Backward, MatchesCentralDifferences) {
    // Each derivative measured on J itself: (J(x + h) - J(x - h)) / 2h. For v and u, J as a
    // function of them: J = 3 v, and J = 3 (a + u).
    neurona::Rng rng(12);
    for (int k = 0; k < 10; ++k) {
        const double a = rng.uniform(-5, 5), b = rng.uniform(-5, 5), c = rng.uniform(-5, 5);
        const double v = a + b * c, u = b * c;
        using exercise_testing::numerical_derivative;
        check_backward(a, b, c,
                       {numerical_derivative([](double v_) { return 3 * v_; }, v),
                        numerical_derivative([&](double u_) { return 3 * (a + u_); }, u),
                        numerical_derivative([&](double a_) { return J_of(a_, b, c); }, a),
                        numerical_derivative([&](double b_) { return J_of(a, b_, c); }, b),
                        numerical_derivative([&](double c_) { return J_of(a, b, c_); }, c)});
    }
}

TEST(Backward, dJdaIsThreeEverywhere) {
    // J is linear in a: dJ/da = 3 everywhere, and dJ/dv = dJ/du = 3 as well.
    for (const auto& [a, b, c] : {std::tuple{0.0, 0.0, 0.0}, {-7.0, 2.5, 100.0}, {1e3, -4.0, 0.5}}) {
        const auto [dJ_dv, dJ_du, dJ_da, dJ_db, dJ_dc] = exercise::backward(a, b, c);
        EXPECT_EQ(dJ_da, 3) << "a = " << a << ", b = " << b << ", c = " << c;
        EXPECT_EQ(dJ_dv, 3);
        EXPECT_EQ(dJ_du, 3);
    }
}

}  // namespace
