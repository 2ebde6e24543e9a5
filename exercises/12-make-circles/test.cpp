// Exercise 12's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Dataset make_circles(std::size_t n_samples, double factor, double noise, std::uint64_t seed);
}  // namespace exercise

namespace {

using neurona::Dataset;
using neurona::Matrix;
using neurona::Scalar;

double radius(const Matrix& X, std::size_t r) { return std::hypot(X(r, 0), X(r, 1)); }

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kNoiseBeforeFactor{"el ruido se sumó antes de escalar el círculo interior por factor, así que allí queda "
                               "multiplicado por factor: suma el ruido al final, a los puntos ya colocados",
                               "the noise was added before the inner circle was scaled by factor, so there it is "
                               "multiplied by factor: add the noise last, to the points in place"};
const Diagnosis kLabelsSwapped{"las etiquetas están cambiadas: el círculo exterior (radio 1) es la clase 0 y el interior "
                           "(radio factor) la clase 1",
                           "the labels are swapped: the outer circle (radius 1) is class 0, the inner one (radius "
                           "factor) class 1"};
const Diagnosis kFactorOnOuterCircle{"factor se aplicó al círculo exterior: los n_samples / 2 puntos de la clase 0 van en "
                                 "el círculo de radio 1, y los demás, de la clase 1, en el de radio factor",
                                 "factor was applied to the outer circle: the n_samples / 2 points of class 0 go on "
                                 "the circle of radius 1, the rest, class 1, on the circle of radius factor"};
const Diagnosis kAnglesWithEndpoint{"los ángulos llegan a 2 pi (linspace con endpoint=True), así que el último punto "
                                "repite el primero: el ángulo i es 2 pi i / n",
                                "the angles reach 2 pi (linspace with endpoint=True), so the last point repeats the "
                                "first: angle i is 2 pi i / n"};
const Diagnosis kNotShuffled{"las filas no se barajaron: primero van todos los puntos exteriores (clase 0) y después los "
                         "interiores",
                         "the rows were not shuffled: all the outer points (class 0) come first, then the inner "
                         "ones"};


// The README's steps 1-5 written again by the test, each usual mistake changing one of them.
enum class Variant { NoiseBeforeFactor, LabelsSwapped, FactorOnOuterCircle, AnglesWithEndpoint, NotShuffled };
const std::pair<Variant, Diagnosis> kVariants[] = {{Variant::NoiseBeforeFactor, kNoiseBeforeFactor},
                                               {Variant::LabelsSwapped, kLabelsSwapped},
                                               {Variant::FactorOnOuterCircle, kFactorOnOuterCircle},
                                               {Variant::AnglesWithEndpoint, kAnglesWithEndpoint},
                                               {Variant::NotShuffled, kNotShuffled}};

Dataset mistaken_circles(std::size_t n_samples, double factor, double noise, std::uint64_t seed, Variant v) {
    neurona::Rng rng(seed);
    const std::size_t n_out = n_samples / 2, n_in = n_samples - n_out;
    const double outer_radius = v == Variant::FactorOnOuterCircle ? factor : 1.0;
    const double inner_radius =
        v == Variant::FactorOnOuterCircle || v == Variant::NoiseBeforeFactor ? 1.0 : factor;
    const Scalar outer_label = v == Variant::LabelsSwapped ? 1 : 0;
    Matrix X(n_samples, 2), y(n_samples, 1);
    auto place = [&](std::size_t first, std::size_t n, double radius, Scalar label) {
        const std::size_t steps = v == Variant::AnglesWithEndpoint && n > 1 ? n - 1 : n;
        for (std::size_t i = 0; i < n; ++i) {
            const double t = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(steps);
            X(first + i, 0) = static_cast<Scalar>(radius * std::cos(t));
            X(first + i, 1) = static_cast<Scalar>(radius * std::sin(t));
            y(first + i, 0) = label;
        }
    };
    place(0, n_out, outer_radius, outer_label);
    place(n_out, n_in, inner_radius, 1 - outer_label);
    if (v != Variant::NotShuffled) {
        const std::vector<std::size_t> perm = rng.permutation(n_samples);
        X = X.gather_rows(perm);
        y = y.gather_rows(perm);
    }
    if (noise > 0) X += rng.normal_matrix(n_samples, 2, 0.0, noise);
    if (v == Variant::NoiseBeforeFactor)
        for (std::size_t r = 0; r < n_samples; ++r)
            if (y(r, 0) == 1)
                for (std::size_t c = 0; c < 2; ++c) X(r, c) = static_cast<Scalar>(factor * X(r, c));
    return {X, y};
}

bool same_data(const Dataset& a, const Dataset& b) {
    return exercise_testing::close(a.X, b.X, 1e-5, 1e-6) && a.y.same_shape(b.y) && a.y.values() == b.y.values();
}

// `mine` is `expected` (X within float rounding, y exactly); otherwise the failure shows the
// first row that differs and names the usual mistake whose data it is.
::testing::AssertionResult SameData(const Dataset& mine, const Dataset& expected, std::size_t n_samples, double factor,
                                    double noise, std::uint64_t seed) {
    if (same_data(mine, expected)) return ::testing::AssertionSuccess();
    std::ostringstream why;
    why << "make_circles(" << n_samples << ", " << factor << ", " << noise << ", " << seed << "): ";
    if (!mine.X.same_shape(expected.X) || !mine.y.same_shape(expected.y)) {
        why << "X " << mine.X.shape() << " and y " << mine.y.shape() << ", expected X " << expected.X.shape()
            << " and y " << expected.y.shape();
        return ::testing::AssertionFailure() << why.str();
    }
    for (std::size_t r = 0; r < expected.X.rows(); ++r)
        if (!exercise_testing::close(mine.X.slice_rows(r, r + 1), expected.X.slice_rows(r, r + 1), 1e-5, 1e-6) ||
            mine.y(r, 0) != expected.y(r, 0)) {
            why << "row " << r << " is (" << mine.X(r, 0) << ", " << mine.X(r, 1) << "), label " << mine.y(r, 0)
                << "; expected (" << expected.X(r, 0) << ", " << expected.X(r, 1) << "), label " << expected.y(r, 0);
            break;
        }
    for (const auto& [variant, words] : kVariants)
        if (same_data(mine, mistaken_circles(n_samples, factor, noise, seed, variant))) {
            why << "\n" << exercise_testing::diagnose(words);
            break;
        }
    return ::testing::AssertionFailure() << why.str();
}

std::size_t count_label(const Matrix& y, Scalar label) {
    return static_cast<std::size_t>(std::count(y.values().begin(), y.values().end(), label));
}

TEST(MakeCircles, ShapesAndCounts) {
    const Dataset d = exercise::make_circles(1000, 0.3, 0.07, 0);
    ASSERT_EQ(d.X.shape(), "(1000, 2)");
    ASSERT_EQ(d.y.shape(), "(1000, 1)");
    EXPECT_EQ(count_label(d.y, 0), 500u);
    EXPECT_EQ(count_label(d.y, 1), 500u);
    const Dataset odd = exercise::make_circles(7, 0.5, 0, 1);
    ASSERT_EQ(odd.y.shape(), "(7, 1)");
    EXPECT_EQ(count_label(odd.y, 0), 3u) << "n_samples / 2 = 3 outer points";
    EXPECT_EQ(count_label(odd.y, 1), 4u) << "the rest, 4, inner";
}

TEST(MakeCircles, WithoutNoiseEveryPointIsOnItsCircle) {
    const Dataset d = exercise::make_circles(200, 0.3, 0, 5);
    ASSERT_EQ(d.X.shape(), "(200, 2)");
    ASSERT_EQ(d.y.shape(), "(200, 1)");
    for (std::size_t r = 0; r < 200; ++r) {
        ASSERT_TRUE(d.y(r, 0) == 0 || d.y(r, 0) == 1) << "row " << r << ": label " << d.y(r, 0);
        const double its_circle = d.y(r, 0) == 0 ? 1.0 : 0.3;  // radius 1, or factor
        EXPECT_NEAR(radius(d.X, r), its_circle, 1e-5) << "row " << r << ", label " << d.y(r, 0);
    }
}

// The angles of one circle's points, in [0, 2 pi), sorted.
std::vector<double> angles(const Dataset& d, Scalar label) {
    std::vector<double> a;
    for (std::size_t r = 0; r < d.X.rows(); ++r)
        if (d.y(r, 0) == label) {
            double t = std::atan2(d.X(r, 1), d.X(r, 0));
            if (t < -1e-6) t += 2 * std::numbers::pi;
            a.push_back(std::max(t, 0.0));
        }
    std::sort(a.begin(), a.end());
    return a;
}

TEST(MakeCircles, AnglesAreEquallySpacedFromZeroWithoutTwoPi) {
    const Dataset d = exercise::make_circles(11, 0.5, 0, 2);  // 5 outer, 6 inner
    const Dataset endpoint = mistaken_circles(11, 0.5, 0, 2, Variant::AnglesWithEndpoint);
    for (const auto& [label, n] : {std::pair{Scalar(0), 5}, std::pair{Scalar(1), 6}}) {
        const std::vector<double> a = angles(d, label), wrong = angles(endpoint, label);
        ASSERT_EQ(a.size(), static_cast<std::size_t>(n)) << "label " << label;
        bool as_endpoint = true;
        for (int i = 0; i < n; ++i) as_endpoint = as_endpoint && std::abs(a[i] - wrong[i]) <= 1e-5;
        if (as_endpoint) ADD_FAILURE() << "label " << label << ": two points at angle 0\n" << exercise_testing::diagnose(kAnglesWithEndpoint);
        for (int i = 0; i < n; ++i)
            EXPECT_NEAR(a[i], 2 * std::numbers::pi * i / n, 1e-5) << "label " << label << ", point " << i;
    }
}

TEST(MakeCircles, RowsAreShuffled) {
    const Dataset d = exercise::make_circles(100, 0.3, 0, 0);
    ASSERT_EQ(d.y.shape(), "(100, 1)");
    const bool in_order = count_label(d.y.slice_rows(0, 50), 0) == 50 && count_label(d.y.slice_rows(50, 100), 1) == 50;
    EXPECT_LT(count_label(d.y.slice_rows(0, 50), 0), 50u) << "the first half is not all outer points"
                                                           << (in_order ? "\n" + exercise_testing::diagnose(kNotShuffled) : "");
    EXPECT_GT(count_label(d.y.slice_rows(0, 50), 0), 0u) << "nor all inner points";
}

TEST(MakeCircles, NoiseScattersThePointsByNoise) {
    // 2,000 points per circle: the radius of a point at distance R from the centre, plus
    // N(0, 0.1^2) in x and y, is R + N(0, 0.1^2) to first order. Its sample mean is within
    // 3 * 0.1 / sqrt(2000) = 0.007 of R (plus 0.1^2 / (2R) of curvature bias), its standard
    // deviation within a few percent of 0.1.
    constexpr double factor = 0.5, noise = 0.1;
    const Dataset d = exercise::make_circles(4000, factor, noise, 3);
    ASSERT_EQ(d.X.shape(), "(4000, 2)");
    for (const auto& [label, R] : {std::pair{Scalar(0), 1.0}, std::pair{Scalar(1), factor}}) {
        double sum = 0, sum2 = 0;
        std::size_t n = 0;
        for (std::size_t r = 0; r < 4000; ++r)
            if (d.y(r, 0) == label) {
                const double dr = radius(d.X, r) - R;
                sum += dr;
                sum2 += dr * dr;
                ++n;
            }
        ASSERT_EQ(n, 2000u);
        const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
        EXPECT_NEAR(mean, noise * noise / (2 * R), 0.01) << "label " << label;
        // Noise added before the inner circle is scaled comes out as factor * noise there.
        std::vector<exercise_testing::ScalarMistake> known;
        if (label == 1) known.push_back({factor * noise, kNoiseBeforeFactor.es, kNoiseBeforeFactor.en});
        EXPECT_TRUE(exercise_testing::near(sd, noise, 0.01, known))
            << "label " << label << ": the standard deviation of the radii";
    }
}

TEST(MakeCircles, SameSeedSameDataOtherSeedOtherData) {
    const Dataset a = exercise::make_circles(50, 0.3, 0.07, 9), b = exercise::make_circles(50, 0.3, 0.07, 9),
                  c = exercise::make_circles(50, 0.3, 0.07, 10);
    EXPECT_EQ(a.X.values(), b.X.values());
    EXPECT_EQ(a.y.values(), b.y.values());
    EXPECT_NE(a.X.values(), c.X.values());
}

TEST(MakeCircles, SameDataAsTheLibrary) {
    for (const auto& [n, factor, noise, seed] :
         {std::tuple{1000, 0.3, 0.07, 0}, std::tuple{7, 0.5, 0.0, 3}, std::tuple{64, 0.8, 0.2, 42}}) {
        const Dataset mine = exercise::make_circles(n, factor, noise, seed);
        const Dataset expected = neurona::make_circles(n, factor, noise, seed);
        EXPECT_TRUE(SameData(mine, expected, n, factor, noise, seed));
    }
}

TEST(MakeCircles, BadArgumentsThrow) {
    EXPECT_THROW(exercise::make_circles(10, 1.0, 0, 0), std::invalid_argument);
    EXPECT_THROW(exercise::make_circles(10, -0.1, 0, 0), std::invalid_argument);
    EXPECT_THROW(exercise::make_circles(10, 0.5, -1, 0), std::invalid_argument);
}

}  // namespace
