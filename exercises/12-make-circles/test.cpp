// Exercise 12's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "neurona/data/synthetic.hpp"

namespace exercise {
neurona::Dataset make_circles(std::size_t n_samples, double factor, double noise, std::uint64_t seed);
}  // namespace exercise

namespace {

using neurona::Dataset;
using neurona::Matrix;
using neurona::Scalar;

double radius(const Matrix& X, std::size_t r) { return std::hypot(X(r, 0), X(r, 1)); }

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
        EXPECT_NEAR(radius(d.X, r), d.y(r, 0) == 0 ? 1.0 : 0.3, 1e-5) << "row " << r << ", label " << d.y(r, 0);
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
    for (const auto& [label, n] : {std::pair{Scalar(0), 5}, std::pair{Scalar(1), 6}}) {
        const std::vector<double> a = angles(d, label);
        ASSERT_EQ(a.size(), static_cast<std::size_t>(n)) << "label " << label;
        for (int i = 0; i < n; ++i)
            EXPECT_NEAR(a[i], 2 * std::numbers::pi * i / n, 1e-5) << "label " << label << ", point " << i;
    }
}

TEST(MakeCircles, RowsAreShuffled) {
    const Dataset d = exercise::make_circles(100, 0.3, 0, 0);
    ASSERT_EQ(d.y.shape(), "(100, 1)");
    EXPECT_LT(count_label(d.y.slice_rows(0, 50), 0), 50u) << "the first half is not all outer points";
    EXPECT_GT(count_label(d.y.slice_rows(0, 50), 0), 0u) << "nor all inner points";
}

TEST(MakeCircles, NoiseScattersThePointsByNoise) {
    // 2,000 points per circle: the radius of a point at distance R from the centre, plus
    // N(0, 0.1^2) in x and y, is R + N(0, 0.1^2) to first order. Its sample mean is within
    // 3 * 0.1 / sqrt(2000) = 0.007 of R (plus 0.1^2 / (2R) of curvature bias), its standard
    // deviation within a few percent of 0.1.
    const Dataset d = exercise::make_circles(4000, 0.5, 0.1, 3);
    ASSERT_EQ(d.X.shape(), "(4000, 2)");
    for (const auto& [label, R] : {std::pair{Scalar(0), 1.0}, std::pair{Scalar(1), 0.5}}) {
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
        EXPECT_NEAR(mean, 0.01 / (2 * R), 0.01) << "label " << label;
        EXPECT_NEAR(sd, 0.1, 0.01) << "label " << label;
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
        EXPECT_TRUE(neurona::allclose(mine.X, expected.X, 1e-5f, 1e-6f)) << "make_circles(" << n << ", " << factor << ", " << noise << ", " << seed << "): X";
        EXPECT_TRUE(mine.y.same_shape(expected.y) && mine.y.values() == expected.y.values())
            << "make_circles(" << n << ", " << factor << ", " << noise << ", " << seed << "): y";
    }
}

TEST(MakeCircles, BadArgumentsThrow) {
    EXPECT_THROW(exercise::make_circles(10, 1.0, 0, 0), std::invalid_argument);
    EXPECT_THROW(exercise::make_circles(10, -0.1, 0, 0), std::invalid_argument);
    EXPECT_THROW(exercise::make_circles(10, 0.5, -1, 0), std::invalid_argument);
}

}  // namespace
