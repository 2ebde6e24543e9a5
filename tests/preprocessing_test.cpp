#include "neurona/data/preprocessing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

using namespace neurona;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// n samples whose rows say which sample they are: X row i is (i, -i, 2i), y row i is i.
Dataset numbered(std::size_t n) {
    Dataset d{Matrix(n, 3), Matrix(n, 1)};
    for (std::size_t i = 0; i < n; ++i) {
        const auto v = static_cast<Scalar>(i);
        d.X(i, 0) = v;
        d.X(i, 1) = -v;
        d.X(i, 2) = 2 * v;
        d.y(i, 0) = v;
    }
    return d;
}

// Each row of X still belongs to the label next to it.
void expect_paired(const Matrix& X, const Matrix& y) {
    ASSERT_EQ(X.rows(), y.rows());
    for (std::size_t r = 0; r < X.rows(); ++r) {
        EXPECT_EQ(X(r, 0), y(r, 0));
        EXPECT_EQ(X(r, 1), -y(r, 0));
        EXPECT_EQ(X(r, 2), 2 * y(r, 0));
    }
}

}  // namespace

// ---- train_test_split ----------------------------------------------------------------------

TEST(TrainTestSplit, SizesFollowSklearn) {
    Dataset d = numbered(1000);
    Split s = train_test_split(d.X, d.y, 0.2, 42);
    EXPECT_EQ(s.X_train.shape(), "(800, 3)");
    EXPECT_EQ(s.X_test.shape(), "(200, 3)");
    EXPECT_EQ(s.y_train.shape(), "(800, 1)");
    EXPECT_EQ(s.y_test.shape(), "(200, 1)");
    // The test part is rounded up: ceil(0.25 * 10) = 3.
    Dataset small = numbered(10);
    Split t = train_test_split(small.X, small.y, 0.25, 1);
    EXPECT_EQ(t.X_test.rows(), 3u);
    EXPECT_EQ(t.X_train.rows(), 7u);
}

TEST(TrainTestSplit, PartsAreDisjointCoverEverythingAndStayPaired) {
    Dataset d = numbered(1000);
    Split s = train_test_split(d.X, d.y, 0.2, 7);
    expect_paired(s.X_train, s.y_train);
    expect_paired(s.X_test, s.y_test);
    std::vector<Scalar> ids(s.y_train.values().begin(), s.y_train.values().end());
    ids.insert(ids.end(), s.y_test.values().begin(), s.y_test.values().end());
    std::sort(ids.begin(), ids.end());
    ASSERT_EQ(ids.size(), 1000u);
    for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], static_cast<Scalar>(i));
    // Shuffled: the test part is not simply the last rows.
    EXPECT_FALSE(std::is_sorted(s.y_test.values().begin(), s.y_test.values().end()));
}

TEST(TrainTestSplit, WithoutShuffleTheLastRowsAreTheTest) {
    Dataset d = numbered(10);
    Split s = train_test_split(d.X, d.y, 0.2, 0, /*shuffle=*/false);
    EXPECT_TRUE(allclose(s.X_train, d.X.slice_rows(0, 8), 0, 0));
    EXPECT_TRUE(allclose(s.X_test, d.X.slice_rows(8, 10), 0, 0));
    EXPECT_TRUE(allclose(s.y_test, Matrix{{8}, {9}}, 0, 0));
}

TEST(TrainTestSplit, SeedMakesItRepeat) {
    Dataset d = numbered(100);
    Split a = train_test_split(d.X, d.y, 0.3, 5);
    Split b = train_test_split(d.X, d.y, 0.3, 5);
    Split c = train_test_split(d.X, d.y, 0.3, 6);
    EXPECT_TRUE(allclose(a.y_test, b.y_test, 0, 0));
    EXPECT_TRUE(allclose(a.X_train, b.X_train, 0, 0));
    EXPECT_FALSE(allclose(a.y_test, c.y_test, 0, 0));
}

TEST(TrainTestSplit, RowCountMismatchNamesBothShapes) {
    Matrix X(10, 2), y(9, 1);
    const std::string msg = message_of<std::invalid_argument>([&] { train_test_split(X, y, 0.2, 1); });
    EXPECT_TRUE(contains(msg, "train_test_split")) << msg;
    EXPECT_TRUE(contains(msg, "(10, 2)")) << msg;
    EXPECT_TRUE(contains(msg, "(9, 1)")) << msg;
}

TEST(TrainTestSplit, BadTestSize) {
    Dataset d = numbered(10);
    EXPECT_THROW(train_test_split(d.X, d.y, 0.0, 1), std::invalid_argument);
    EXPECT_THROW(train_test_split(d.X, d.y, 1.0, 1), std::invalid_argument);
    EXPECT_THROW(train_test_split(d.X, d.y, -0.2, 1), std::invalid_argument);
    EXPECT_THROW(train_test_split(d.X, d.y, 0.95, 1), std::invalid_argument);  // no training rows
    Dataset one = numbered(1);
    EXPECT_THROW(train_test_split(one.X, one.y, 0.5, 1), std::invalid_argument);
}

// ---- StandardScaler ------------------------------------------------------------------------

TEST(StandardScaler, HandComputedMeanAndScale) {
    // Column 0: mean 2, variance (1 + 0 + 1) / 3 = 2/3.
    // Column 1: mean 30, variance (400 + 100 + 900) / 3 = 1400/3.
    Matrix X{{1, 10}, {2, 20}, {3, 60}};
    StandardScaler scaler;
    EXPECT_FALSE(scaler.fitted());
    scaler.fit(X);
    EXPECT_TRUE(scaler.fitted());
    EXPECT_EQ(scaler.mean().shape(), "(1, 2)");
    EXPECT_TRUE(allclose(scaler.mean(), Matrix{{2, 30}}));
    EXPECT_TRUE(allclose(scaler.scale(), Matrix{{Scalar(std::sqrt(2.0 / 3)), Scalar(std::sqrt(1400.0 / 3))}}));
    const double s0 = std::sqrt(2.0 / 3), s1 = std::sqrt(1400.0 / 3);
    const Matrix expected{{Scalar(-1 / s0), Scalar(-20 / s1)},
                          {0, Scalar(-10 / s1)},
                          {Scalar(1 / s0), Scalar(30 / s1)}};
    EXPECT_TRUE(allclose(scaler.transform(X), expected));
}

TEST(StandardScaler, TransformedColumnsHaveMeanZeroStdOne) {
    Rng rng(3);
    Matrix X = rng.normal_matrix(500, 4, 3.0, 5.0);
    X *= Matrix::row_vector({1, 10, 0.01f, 100});
    Matrix Z = StandardScaler().fit_transform(X);
    const Matrix mean = Z.mean(0);
    const Matrix var = (Z * Z).mean(0);
    for (std::size_t c = 0; c < 4; ++c) {
        EXPECT_NEAR(mean(0, c), 0.0, 1e-5);
        EXPECT_NEAR(var(0, c), 1.0, 1e-5);
    }
}

TEST(StandardScaler, ZeroVarianceColumnGetsScaleOne) {
    Matrix X{{1, 5}, {2, 5}, {3, 5}};
    StandardScaler scaler;
    Matrix Z = scaler.fit_transform(X);
    EXPECT_EQ(scaler.scale()(0, 1), 1);
    for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(Z(r, 1), 0);
    // A constant that the mean does not hit exactly (7 * 0.1 / 7 rounds) is still constant.
    Matrix C(7, 1, Scalar(0.1));
    StandardScaler sc;
    Matrix Zc = sc.fit_transform(C);
    EXPECT_EQ(sc.scale()(0, 0), 1);
    for (std::size_t r = 0; r < 7; ++r) EXPECT_NEAR(Zc(r, 0), 0.0, 1e-7);
}

TEST(StandardScaler, UsesTheTrainingStatisticsOnNewData) {
    StandardScaler scaler;
    scaler.fit(Matrix{{0}, {2}});  // mean 1, std 1
    EXPECT_TRUE(allclose(scaler.transform(Matrix{{5}, {-1}}), Matrix{{4}, {-2}}));
}

TEST(StandardScaler, InverseTransformRoundTrips) {
    Matrix X{{1, -4, 100}, {2, 0, 300}, {7, 4, 200}, {3, 8, 100}};
    StandardScaler scaler;
    Matrix Z = scaler.fit_transform(X);
    EXPECT_TRUE(allclose(scaler.inverse_transform(Z), X, 1e-5, 1e-5));
}

TEST(StandardScaler, Errors) {
    StandardScaler scaler;
    EXPECT_THROW(scaler.transform(Matrix(2, 2)), std::logic_error);
    EXPECT_THROW(scaler.inverse_transform(Matrix(2, 2)), std::logic_error);
    EXPECT_THROW(scaler.fit(Matrix(0, 3)), std::invalid_argument);
    scaler.fit(Matrix{{1, 2}, {3, 4}});
    const std::string msg = message_of<std::invalid_argument>([&] { scaler.transform(Matrix(2, 3)); });
    EXPECT_TRUE(contains(msg, "StandardScaler::transform")) << msg;
    EXPECT_TRUE(contains(msg, "(2, 3)")) << msg;
    EXPECT_TRUE(contains(msg, "(1, 2)")) << msg;
    EXPECT_THROW(scaler.inverse_transform(Matrix(1, 1)), std::invalid_argument);
}

// ---- to_categorical ------------------------------------------------------------------------

TEST(ToCategorical, HandExample) {
    Matrix y{{0}, {2}, {1}, {2}};
    EXPECT_TRUE(allclose(to_categorical(y), Matrix{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}}, 0, 0));
    Matrix wide = to_categorical(y, 5);
    EXPECT_EQ(wide.shape(), "(4, 5)");
    EXPECT_EQ(wide(1, 2), 1);
    EXPECT_EQ(wide.sum(), 4);
    EXPECT_EQ(to_categorical(Matrix(0, 1), 3).shape(), "(0, 3)");
}

TEST(ToCategorical, RoundTripsThroughArgmax) {
    Matrix y{{3}, {0}, {1}, {1}, {4}};
    const std::vector<std::size_t> expected{3, 0, 1, 1, 4};
    EXPECT_EQ(to_categorical(y).argmax(), expected);
}

TEST(ToCategorical, BadLabelsNameRowAndValue) {
    const std::string negative =
        message_of<std::invalid_argument>([] { to_categorical(Matrix{{0}, {1}, {-1}}); });
    EXPECT_TRUE(contains(negative, "row 2")) << negative;
    EXPECT_TRUE(contains(negative, "-1")) << negative;
    const std::string fraction =
        message_of<std::invalid_argument>([] { to_categorical(Matrix{{1.5}, {0}}); });
    EXPECT_TRUE(contains(fraction, "row 0")) << fraction;
    EXPECT_TRUE(contains(fraction, "1.5")) << fraction;
    const std::string range =
        message_of<std::invalid_argument>([] { to_categorical(Matrix{{0}, {3}}, 3); });
    EXPECT_TRUE(contains(range, "row 1")) << range;
    EXPECT_TRUE(contains(range, "3 classes")) << range;
    EXPECT_THROW(to_categorical(Matrix{{0, 1}}), std::invalid_argument);  // not one column
    EXPECT_THROW(to_categorical(Matrix(0, 1)), std::invalid_argument);    // nothing to count
    EXPECT_THROW(to_categorical(Matrix{{std::nan("")}}), std::invalid_argument);
}

// ---- shuffle -------------------------------------------------------------------------------

TEST(Shuffle, PermutesRowsTogether) {
    Dataset d = numbered(50);
    Rng rng(4);
    Dataset s = shuffle(d.X, d.y, rng);
    expect_paired(s.X, s.y);
    std::vector<Scalar> ids(s.y.values().begin(), s.y.values().end());
    EXPECT_FALSE(std::is_sorted(ids.begin(), ids.end()));
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], static_cast<Scalar>(i));
}

TEST(Shuffle, SameGeneratorStateSameOrder) {
    Dataset d = numbered(30);
    Rng a(9), b(9);
    EXPECT_TRUE(allclose(shuffle(d.X, d.y, a).y, shuffle(d.X, d.y, b).y, 0, 0));
    Matrix X(3, 1), y(4, 1);
    const std::string msg = message_of<std::invalid_argument>([&] { shuffle(X, y, a); });
    EXPECT_TRUE(contains(msg, "(3, 1)") && contains(msg, "(4, 1)")) << msg;
}

// ---- accuracy_score ------------------------------------------------------------------------

TEST(AccuracyScore, FractionOfEqualLabels) {
    EXPECT_FLOAT_EQ(accuracy_score(Matrix{{0}, {1}, {1}, {0}}, Matrix{{0}, {1}, {0}, {0}}), 0.75f);
    EXPECT_FLOAT_EQ(accuracy_score(Matrix{{2}, {1}}, Matrix{{2}, {1}}), 1.0f);
    EXPECT_FLOAT_EQ(accuracy_score(Matrix{{2}, {1}}, Matrix{{0}, {0}}), 0.0f);
    // Several labels per row: a row counts only when all of them match (subset accuracy).
    EXPECT_FLOAT_EQ(accuracy_score(Matrix{{1, 0}, {0, 1}}, Matrix{{1, 0}, {1, 1}}), 0.5f);
}

TEST(AccuracyScore, Errors) {
    const std::string msg = message_of<std::invalid_argument>(
        [] { accuracy_score(Matrix(3, 1), Matrix(4, 1)); });
    EXPECT_TRUE(contains(msg, "accuracy_score") && contains(msg, "(3, 1)") && contains(msg, "(4, 1)")) << msg;
    EXPECT_THROW(accuracy_score(Matrix(0, 1), Matrix(0, 1)), std::invalid_argument);
}
