#include "neurona/data/synthetic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <type_traits>
#include <vector>

using namespace neurona;

namespace {

// Rounding of cos/sin to Scalar: with noise = 0 the points lie on their curves up to this.
constexpr double kTol = std::is_same_v<Scalar, float> ? 1e-6 : 1e-12;

double radius(const Matrix& X, std::size_t r, double cx = 0, double cy = 0) {
    return std::hypot(double(X(r, 0)) - cx, double(X(r, 1)) - cy);
}

std::size_t count_label(const Matrix& y, Scalar label) {
    return static_cast<std::size_t>(std::count(y.values().begin(), y.values().end(), label));
}

// The rows of (X | y) as sorted tuples, to compare datasets up to the order of their rows.
std::vector<std::vector<Scalar>> sorted_rows(const Dataset& d) {
    std::vector<std::vector<Scalar>> rows;
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
        std::vector<Scalar> row(d.X.row_ptr(r), d.X.row_ptr(r) + d.X.cols());
        row.push_back(d.y(r, 0));
        rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool same(const Dataset& a, const Dataset& b) {
    return allclose(a.X, b.X, 0, 0) && allclose(a.y, b.y, 0, 0);
}

}  // namespace

// ---- make_circles ------------------------------------------------------------------------

TEST(MakeCircles, ShapesAndBalancedClasses) {
    Dataset d = make_circles(1000, 0.5, 0.05, 1);
    EXPECT_EQ(d.X.shape(), "(1000, 2)");
    EXPECT_EQ(d.y.shape(), "(1000, 1)");
    EXPECT_EQ(count_label(d.y, 0), 500u);
    EXPECT_EQ(count_label(d.y, 1), 500u);
}

TEST(MakeCircles, OddCountGivesTheInnerCircleOneMore) {
    Dataset d = make_circles(101, 0.3, 0.0, 1);
    EXPECT_EQ(count_label(d.y, 0), 50u);
    EXPECT_EQ(count_label(d.y, 1), 51u);
}

TEST(MakeCircles, NoiseFreePointsLieOnTheTwoCircles) {
    const double factor = 0.3;
    Dataset d = make_circles(1000, factor, 0.0, 7);
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
        const double expected = d.y(r, 0) == 0 ? 1.0 : factor;
        ASSERT_NEAR(radius(d.X, r), expected, kTol) << "row " << r;
    }
}

TEST(MakeCircles, UnshuffledOrderIsSklearns) {
    // Outer circle first, at angles 2 pi i / n_out from 0 (2 pi excluded), then the inner one.
    const std::size_t n = 10, n_out = 5;
    Dataset d = make_circles(n, 0.5, 0.0, 1, /*shuffle=*/false);
    for (std::size_t i = 0; i < n_out; ++i) {
        const double t = 2 * std::numbers::pi * double(i) / double(n_out);
        EXPECT_NEAR(d.X(i, 0), std::cos(t), kTol);
        EXPECT_NEAR(d.X(i, 1), std::sin(t), kTol);
        EXPECT_EQ(d.y(i, 0), 0);
        EXPECT_NEAR(d.X(n_out + i, 0), 0.5 * std::cos(t), kTol);
        EXPECT_NEAR(d.X(n_out + i, 1), 0.5 * std::sin(t), kTol);
        EXPECT_EQ(d.y(n_out + i, 0), 1);
    }
}

TEST(MakeCircles, ShuffleOnlyReordersTheRows) {
    Dataset ordered = make_circles(200, 0.5, 0.0, 3, false);
    Dataset shuffled = make_circles(200, 0.5, 0.0, 3, true);
    EXPECT_FALSE(same(ordered, shuffled));
    EXPECT_EQ(sorted_rows(ordered), sorted_rows(shuffled));  // same (x, y, label) triples
}

TEST(MakeCircles, NoiseIsGaussianWithTheGivenStd) {
    // Unshuffled, so each row can be compared with its clean point.
    const double noise = 0.1;
    Dataset clean = make_circles(4000, 0.5, 0.0, 5, false);
    Dataset noisy = make_circles(4000, 0.5, noise, 5, false);
    Matrix diff = noisy.X - clean.X;
    const double mean = diff.mean();
    const double std = std::sqrt((diff * diff).mean() - mean * mean);
    EXPECT_NEAR(mean, 0.0, 0.005);
    EXPECT_NEAR(std, noise, 0.005);
    EXPECT_TRUE(allclose(noisy.y, clean.y, 0, 0));
}

TEST(MakeCircles, SameSeedSameDataDifferentSeedDifferentData) {
    EXPECT_TRUE(same(make_circles(300, 0.5, 0.1, 42), make_circles(300, 0.5, 0.1, 42)));
    EXPECT_FALSE(same(make_circles(300, 0.5, 0.1, 42), make_circles(300, 0.5, 0.1, 43)));
}

TEST(MakeCircles, WithoutSeedFollowsTheGlobalSeed) {
    set_global_seed(9);
    Dataset a = make_circles(100, 0.5, 0.1);
    Dataset b = make_circles(100, 0.5, 0.1);
    set_global_seed(9);
    Dataset c = make_circles(100, 0.5, 0.1);
    EXPECT_FALSE(same(a, b));  // each call draws a fresh seed
    EXPECT_TRUE(same(a, c));
}

TEST(MakeCircles, FactorMustBeInZeroOne) {
    EXPECT_THROW(make_circles(100, 1.0), std::invalid_argument);
    EXPECT_THROW(make_circles(100, 1.5), std::invalid_argument);
    EXPECT_THROW(make_circles(100, -0.1), std::invalid_argument);
    EXPECT_THROW(make_circles(100, 0.5, -0.1), std::invalid_argument);
    Dataset d = make_circles(10, 0.0, 0.0, 1);  // factor 0: the inner circle is the origin
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
        if (d.y(r, 0) == 1) {
            EXPECT_EQ(radius(d.X, r), 0.0);
        }
    }
}

// ---- make_moons --------------------------------------------------------------------------

TEST(MakeMoons, ShapesAndBalancedClasses) {
    Dataset d = make_moons(1000, 0.1, 1);
    EXPECT_EQ(d.X.shape(), "(1000, 2)");
    EXPECT_EQ(d.y.shape(), "(1000, 1)");
    EXPECT_EQ(count_label(d.y, 0), 500u);
    EXPECT_EQ(count_label(d.y, 1), 500u);
    Dataset odd = make_moons(11, 0.0, 1);
    EXPECT_EQ(count_label(odd.y, 0), 5u);
    EXPECT_EQ(count_label(odd.y, 1), 6u);
}

TEST(MakeMoons, NoiseFreeGeometry) {
    // Upper moon: the upper unit half circle. Lower moon: the lower half of the unit circle
    // around (1, 0.5).
    Dataset d = make_moons(500, 0.0, 3);
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
        if (d.y(r, 0) == 0) {
            ASSERT_NEAR(radius(d.X, r), 1.0, kTol) << "row " << r;
            ASSERT_GE(d.X(r, 1), -kTol) << "row " << r;
        } else {
            ASSERT_NEAR(radius(d.X, r, 1.0, 0.5), 1.0, kTol) << "row " << r;
            ASSERT_LE(d.X(r, 1), 0.5 + kTol) << "row " << r;
        }
    }
}

TEST(MakeMoons, UnshuffledEndpoints) {
    // np.linspace(0, pi, n) includes pi: each moon runs from one end to the other.
    const std::size_t n = 20, n_out = 10;
    Dataset d = make_moons(n, 0.0, 1, false);
    EXPECT_NEAR(d.X(0, 0), 1.0, kTol);
    EXPECT_NEAR(d.X(0, 1), 0.0, kTol);
    EXPECT_NEAR(d.X(n_out - 1, 0), -1.0, kTol);
    EXPECT_NEAR(d.X(n_out - 1, 1), 0.0, kTol);
    EXPECT_NEAR(d.X(n_out, 0), 0.0, kTol);
    EXPECT_NEAR(d.X(n_out, 1), 0.5, kTol);
    EXPECT_NEAR(d.X(n - 1, 0), 2.0, kTol);
    EXPECT_NEAR(d.X(n - 1, 1), 0.5, kTol);
    const double t = std::numbers::pi * 3 / 9;  // the 4th point of 10
    EXPECT_NEAR(d.X(3, 0), std::cos(t), kTol);
    EXPECT_NEAR(d.X(n_out + 3, 1), 0.5 - std::sin(t), kTol);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(d.y(i, 0), i < n_out ? 0 : 1);
}

TEST(MakeMoons, ReproducibleAndShuffled) {
    EXPECT_TRUE(same(make_moons(200, 0.2, 5), make_moons(200, 0.2, 5)));
    EXPECT_FALSE(same(make_moons(200, 0.2, 5), make_moons(200, 0.2, 6)));
    EXPECT_EQ(sorted_rows(make_moons(200, 0.0, 5, true)), sorted_rows(make_moons(200, 0.0, 5, false)));
    EXPECT_THROW(make_moons(100, -1.0), std::invalid_argument);
}

// ---- make_gaussian_quantiles ---------------------------------------------------------------

TEST(MakeGaussianQuantiles, CourseSettings) {
    // As the course calls it: mean=None, cov=0.1, 1000 samples, 2 features, 2 classes.
    Dataset d = make_gaussian_quantiles(1000, 2, 2, 0.0, 0.1, 1);
    EXPECT_EQ(d.X.shape(), "(1000, 2)");
    EXPECT_EQ(d.y.shape(), "(1000, 1)");
    EXPECT_EQ(count_label(d.y, 0), 500u);
    EXPECT_EQ(count_label(d.y, 1), 500u);
    // Each coordinate is N(0, 0.1): std sqrt(0.1) = 0.316.
    const Matrix m = d.X.mean(0);
    const Matrix centered = d.X - m;
    const Matrix var = (centered * centered).mean(0);
    for (std::size_t c = 0; c < 2; ++c) {
        EXPECT_NEAR(m(0, c), 0.0, 0.05);
        EXPECT_NEAR(std::sqrt(var(0, c)), std::sqrt(0.1), 0.02);
    }
}

TEST(MakeGaussianQuantiles, InnerClassIsCloserToTheMeanThanOuter) {
    const double mean = 2.0;
    Dataset d = make_gaussian_quantiles(999, 3, 3, mean, 0.5, 4);
    EXPECT_EQ(d.X.shape(), "(999, 3)");
    std::vector<double> lo(3, 1e300), hi(3, -1.0);
    for (std::size_t r = 0; r < d.X.rows(); ++r) {
        double d2 = 0;
        for (std::size_t c = 0; c < 3; ++c) d2 += (d.X(r, c) - mean) * (d.X(r, c) - mean);
        const auto k = static_cast<std::size_t>(d.y(r, 0));
        ASSERT_LT(k, 3u);
        lo[k] = std::min(lo[k], d2);
        hi[k] = std::max(hi[k], d2);
    }
    EXPECT_LE(hi[0], lo[1]);
    EXPECT_LE(hi[1], lo[2]);
    for (Scalar k : {0, 1, 2}) EXPECT_EQ(count_label(d.y, k), 333u);
}

TEST(MakeGaussianQuantiles, RemainderGoesToTheLastClass) {
    Dataset d = make_gaussian_quantiles(100, 2, 3, 0.0, 1.0, 2);
    EXPECT_EQ(count_label(d.y, 0), 33u);
    EXPECT_EQ(count_label(d.y, 1), 33u);
    EXPECT_EQ(count_label(d.y, 2), 34u);
    Dataset few = make_gaussian_quantiles(2, 2, 3, 0.0, 1.0, 2);  // fewer samples than classes
    EXPECT_EQ(count_label(few.y, 2), 2u);
}

TEST(MakeGaussianQuantiles, UnshuffledIsSortedByDistance) {
    Dataset d = make_gaussian_quantiles(50, 2, 2, 0.0, 1.0, 8, false);
    for (std::size_t r = 1; r < d.X.rows(); ++r) EXPECT_LE(radius(d.X, r - 1), radius(d.X, r));
    for (std::size_t r = 0; r < d.X.rows(); ++r) EXPECT_EQ(d.y(r, 0), r < 25 ? 0 : 1);
    EXPECT_EQ(sorted_rows(d), sorted_rows(make_gaussian_quantiles(50, 2, 2, 0.0, 1.0, 8, true)));
}

TEST(MakeGaussianQuantiles, ReproducibleAndChecked) {
    EXPECT_TRUE(same(make_gaussian_quantiles(100, 2, 2, 0, 1, 3), make_gaussian_quantiles(100, 2, 2, 0, 1, 3)));
    EXPECT_FALSE(same(make_gaussian_quantiles(100, 2, 2, 0, 1, 3), make_gaussian_quantiles(100, 2, 2, 0, 1, 4)));
    EXPECT_THROW(make_gaussian_quantiles(100, 0, 2), std::invalid_argument);
    EXPECT_THROW(make_gaussian_quantiles(100, 2, 0), std::invalid_argument);
    EXPECT_THROW(make_gaussian_quantiles(100, 2, 2, 0.0, -1.0), std::invalid_argument);
}

// ---- make_xor ------------------------------------------------------------------------------

TEST(MakeXor, LabelsAreTheSignRule) {
    Dataset d = make_xor(1000, 0.0, 1);
    EXPECT_EQ(d.X.shape(), "(1000, 2)");
    EXPECT_EQ(d.y.shape(), "(1000, 1)");
    EXPECT_GE(d.X.min(), -1);
    EXPECT_LE(d.X.max(), 1);
    for (std::size_t r = 0; r < d.X.rows(); ++r)
        ASSERT_EQ(d.y(r, 0), (d.X(r, 0) > 0) != (d.X(r, 1) > 0) ? 1 : 0) << "row " << r;
    // Uniform points: about half in each class, and every quadrant populated.
    EXPECT_NEAR(double(count_label(d.y, 1)), 500.0, 60.0);
}

TEST(MakeXor, NoiseMovesPointsButKeepsTheirLabels) {
    Dataset clean = make_xor(2000, 0.0, 3);
    Dataset noisy = make_xor(2000, 0.2, 3);
    EXPECT_TRUE(allclose(noisy.y, clean.y, 0, 0));
    Matrix diff = noisy.X - clean.X;
    EXPECT_NEAR(std::sqrt((diff * diff).mean()), 0.2, 0.01);
    EXPECT_TRUE(same(make_xor(100, 0.1, 3), make_xor(100, 0.1, 3)));
    EXPECT_FALSE(same(make_xor(100, 0.1, 3), make_xor(100, 0.1, 4)));
    EXPECT_THROW(make_xor(10, -0.5), std::invalid_argument);
}
