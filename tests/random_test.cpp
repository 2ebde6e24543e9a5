#include "neurona/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

using namespace neurona;

TEST(Rng, SameSeedSameSequence) {
    Rng a(123), b(123);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u64(), b.next_u64());
    Rng c(7), d(7);
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(c.uniform(), d.uniform());
        ASSERT_EQ(c.normal(), d.normal());
        ASSERT_EQ(c.below(10), d.below(10));
    }
    EXPECT_EQ(Rng(5).permutation(50), Rng(5).permutation(50));
}

TEST(Rng, DifferentSeedsDiffer) {
    Rng a(1), b(2);
    int same = 0;
    for (int i = 0; i < 100; ++i) same += a.next_u64() == b.next_u64();
    EXPECT_EQ(same, 0);
    EXPECT_NE(Rng(1).permutation(20), Rng(2).permutation(20));
}

TEST(Rng, UniformIsInUnitIntervalWithMeanOneHalf) {
    Rng rng(2024);
    const int n = 100000;
    double sum = 0, lo = 1, hi = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
        lo = std::min(lo, u);
        hi = std::max(hi, u);
    }
    EXPECT_NEAR(sum / n, 0.5, 0.01);
    EXPECT_LT(lo, 0.001);  // the whole interval is reached
    EXPECT_GT(hi, 0.999);
}

TEST(Rng, UniformRange) {
    Rng rng(3);
    double sum = 0;
    for (int i = 0; i < 10000; ++i) {
        const double u = rng.uniform(-2.0, 6.0);
        ASSERT_GE(u, -2.0);
        ASSERT_LT(u, 6.0);
        sum += u;
    }
    EXPECT_NEAR(sum / 10000, 2.0, 0.1);
}

TEST(Rng, NormalHasMeanZeroStdOne) {
    Rng rng(99);
    const int n = 100000;
    double sum = 0, sq = 0;
    int beyond_two_sigma = 0;
    for (int i = 0; i < n; ++i) {
        const double x = rng.normal();
        ASSERT_TRUE(std::isfinite(x));
        sum += x;
        sq += x * x;
        beyond_two_sigma += std::abs(x) > 2;
    }
    const double mean = sum / n;
    EXPECT_NEAR(mean, 0.0, 0.01);
    EXPECT_NEAR(std::sqrt(sq / n - mean * mean), 1.0, 0.01);
    // A Gaussian's tails: P(|x| > 2) = 4.55%.
    EXPECT_NEAR(beyond_two_sigma / double(n), 0.0455, 0.003);
}

TEST(Rng, NormalIsScaledAndShifted) {
    Rng rng(5);
    const int n = 50000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
        const double x = rng.normal(3.0, 0.5);
        sum += x;
        sq += (x - 3.0) * (x - 3.0);
    }
    EXPECT_NEAR(sum / n, 3.0, 0.01);
    EXPECT_NEAR(std::sqrt(sq / n), 0.5, 0.01);
}

TEST(Rng, BelowStaysInRangeAndCoversIt) {
    Rng rng(11);
    std::vector<int> counts(7, 0);
    for (int i = 0; i < 70000; ++i) {
        const std::size_t k = rng.below(7);
        ASSERT_LT(k, 7u);
        ++counts[k];
    }
    for (int c : counts) EXPECT_NEAR(c, 10000, 500);
    EXPECT_EQ(rng.below(1), 0u);
}

TEST(Rng, BelowZeroThrows) {
    Rng rng;
    EXPECT_THROW(rng.below(0), std::invalid_argument);
}

TEST(Rng, PermutationIsAPermutation) {
    Rng rng(17);
    for (std::size_t n : {0u, 1u, 2u, 10u, 1000u}) {
        std::vector<std::size_t> p = rng.permutation(n);
        ASSERT_EQ(p.size(), n);
        std::sort(p.begin(), p.end());
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(p[i], i);
    }
    // It really shuffles: 1000 elements in order would be a 1/1000! event.
    std::vector<std::size_t> identity(1000);
    std::iota(identity.begin(), identity.end(), std::size_t{0});
    EXPECT_NE(rng.permutation(1000), identity);
}

TEST(Rng, PermutationsOfThreeAreAllReached) {
    Rng rng(8);
    std::set<std::vector<std::size_t>> seen;
    for (int i = 0; i < 600; ++i) seen.insert(rng.permutation(3));
    EXPECT_EQ(seen.size(), 6u);
}

TEST(Rng, Matrices) {
    Rng rng(21);
    Matrix U = rng.uniform_matrix(200, 50, -1.0, 1.0);
    EXPECT_EQ(U.shape(), "(200, 50)");
    EXPECT_GE(U.min(), -1);
    EXPECT_LE(U.max(), 1);
    EXPECT_NEAR(U.mean(), 0.0, 0.02);
    Matrix N = rng.normal_matrix(200, 50, 1.0, 2.0);
    EXPECT_EQ(N.shape(), "(200, 50)");
    EXPECT_NEAR(N.mean(), 1.0, 0.05);
    EXPECT_TRUE(allclose(Rng(4).normal_matrix(3, 3), Rng(4).normal_matrix(3, 3), 0, 0));
}

TEST(Rng, GlobalSeedMakesRunsRepeat) {
    set_global_seed(77);
    const double a = global_rng().uniform();
    const std::uint64_t b = global_rng().next_u64();
    set_global_seed(77);
    EXPECT_EQ(global_rng().uniform(), a);
    EXPECT_EQ(global_rng().next_u64(), b);
}

TEST(Rng, GlorotUniformIsUniformWithinKerasLimit) {
    // l = sqrt(6 / (fan_in + fan_out)) = sqrt(6 / 24) = 0.5 for fans 9 and 15; the values are
    // the same draws as uniform_matrix(-0.5, 0.5).
    Rng a(7), b(7);
    const Matrix W = a.glorot_uniform(30, 40, 9, 15);
    const Matrix U = b.uniform_matrix(30, 40, -0.5, 0.5);
    ASSERT_EQ(W.rows(), 30u);
    ASSERT_EQ(W.cols(), 40u);
    double lowest = 1, highest = -1;
    for (std::size_t i = 0; i < W.size(); ++i) {
        EXPECT_EQ(W.data()[i], U.data()[i]);
        lowest = std::min(lowest, double(W.data()[i]));
        highest = std::max(highest, double(W.data()[i]));
    }
    EXPECT_GE(lowest, -0.5);
    EXPECT_LT(highest, 0.5);
    EXPECT_LT(lowest, -0.45);  // 1,200 draws reach near both ends
    EXPECT_GT(highest, 0.45);
}
