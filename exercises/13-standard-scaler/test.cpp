// Exercise 13's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::pair<neurona::Matrix, neurona::Matrix> standard_scaler_fit(const neurona::Matrix& X);
neurona::Matrix standard_scaler_transform(const neurona::Matrix& X, const neurona::Matrix& mean,
                                          const neurona::Matrix& scale);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kSampleStd{"la escala es la desviación típica muestral (dividida entre n - 1); StandardScaler usa la "
                       "poblacional, dividida entre n",
                       "the scale is the sample standard deviation (divided by n - 1); StandardScaler uses the "
                       "population one, divided by n"};
const Diagnosis kScaleIsVariance{"la escala es la varianza; se espera su raíz cuadrada, la desviación típica",
                             "the scale is the variance; its square root, the standard deviation, is expected"};
const Diagnosis kZeroScale{"una columna constante recibe escala 0 y la transformación da NaN (0 / 0); scikit-learn le "
                       "da escala 1, y la columna se vuelve 0",
                       "a constant column gets scale 0 and the transform gives NaN (0 / 0); scikit-learn gives it "
                       "scale 1, and the column becomes 0"};
const Diagnosis kTransformRefits{"transform usó la media y la escala de los datos que recibe, no las del "
                             "entrenamiento: los datos de prueba se transforman con la media y la escala de X_train",
                             "transform used the mean and scale of the data it was given, not the training ones: "
                             "test data is transformed with X_train's mean and scale"};

// The scaler written again by the test, in double, with each usual mistake.
enum class Variant { Right, SampleStd, ScaleIsVariance, ZeroScale, TransformRefits };
const std::pair<Variant, Diagnosis> kVariants[] = {{Variant::SampleStd, kSampleStd},
                                               {Variant::ScaleIsVariance, kScaleIsVariance},
                                               {Variant::ZeroScale, kZeroScale},
                                               {Variant::TransformRefits, kTransformRefits}};

struct Stats {
    Matrix mean, scale;
};

Stats fit(const Matrix& X, Variant v) {
    const double n = static_cast<double>(X.rows());
    Stats s{Matrix(1, X.cols()), Matrix(1, X.cols())};
    for (std::size_t c = 0; c < X.cols(); ++c) {
        double sum = 0, squares = 0;
        for (std::size_t r = 0; r < X.rows(); ++r) sum += X(r, c);
        const double m = sum / n;
        for (std::size_t r = 0; r < X.rows(); ++r) squares += (X(r, c) - m) * (X(r, c) - m);
        const double variance = squares / (v == Variant::SampleStd ? n - 1 : n);
        const double scale = v == Variant::ScaleIsVariance ? variance : std::sqrt(variance);
        s.mean(0, c) = static_cast<Scalar>(m);
        s.scale(0, c) = scale > 0 || v == Variant::ZeroScale ? static_cast<Scalar>(scale) : Scalar(1);
    }
    return s;
}

// X_apply transformed with the statistics fitted on X_fit, as the variant does it.
Matrix fit_transform(const Matrix& X_fit, const Matrix& X_apply, Variant v) {
    const Stats s = fit(v == Variant::TransformRefits ? X_apply : X_fit, v);
    return (X_apply - s.mean) / s.scale;
}

// What the usual mistakes give for the fitted scale, and for X_apply after fitting on X_fit.
std::vector<exercise_testing::Mistake> scale_mistakes(const Matrix& X) {
    std::vector<exercise_testing::Mistake> known;
    for (const auto& [v, words] : kVariants) known.push_back({fit(X, v).scale, words.es, words.en});
    return known;
}
std::vector<exercise_testing::Mistake> transform_mistakes(const Matrix& X_fit, const Matrix& X_apply) {
    std::vector<exercise_testing::Mistake> known;
    for (const auto& [v, words] : kVariants) known.push_back({fit_transform(X_fit, X_apply, v), words.es, words.en});
    return known;
}

// `got` is `expected` within rtol/atol, or the failure says what differs and names the usual
// mistake whose value `got` is.
::testing::AssertionResult Close(const Matrix& got, const Matrix& expected, const char* what,
                                 const std::vector<exercise_testing::Mistake>& known = {}, double rtol = 1e-5,
                                 double atol = 1e-6) {
    auto result = exercise_testing::matches(got, expected, known, rtol, atol);
    if (!result) result << "\n" << what;
    return result;
}

// Column 0: 1, 2, 3, 6 (mean 3; deviations -2, -1, 0, 3; variance 14 / 4 = 3.5).
// Column 1: always 10 (variance 0: scale 1).
const Matrix kX{{1, 10}, {2, 10}, {3, 10}, {6, 10}};
const Scalar kSd = std::sqrt(3.5f);

TEST(StandardScaler, FitByHand) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    EXPECT_TRUE(Close(mean, Matrix{{3, 10}}, "mean"));
    EXPECT_TRUE(Close(scale, Matrix{{kSd, 1}}, "scale (a zero-variance column gets 1)", scale_mistakes(kX)));
}

TEST(StandardScaler, TransformByHand) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    const Matrix Z = exercise::standard_scaler_transform(kX, mean, scale);
    EXPECT_TRUE(Close(Z, Matrix{{-2 / kSd, 0}, {-1 / kSd, 0}, {0, 0}, {3 / kSd, 0}}, "transform",
                      transform_mistakes(kX, kX)))
        << "the constant column becomes 0, not NaN";
}

TEST(StandardScaler, UsesThePopulationStandardDeviation) {
    // (0, 2): mean 1, population sd 1 (sample sd sqrt(2)), so it becomes (-1, 1).
    const Matrix X{{0}, {2}};
    const auto [mean, scale] = exercise::standard_scaler_fit(X);
    EXPECT_TRUE(Close(scale, Matrix{{1}}, "scale: divide by n, not n - 1", scale_mistakes(X)));
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(X, mean, scale), Matrix{{-1}, {1}}, "transform",
                      transform_mistakes(X, X)));
}

TEST(StandardScaler, TransformedColumnsHaveMeanZeroAndStandardDeviationOne) {
    neurona::Rng rng(1);
    Matrix X = rng.normal_matrix(200, 3, 0, 1) * Matrix{{5, 0.01f, 300}} + Matrix{{-4, 7, 1000}};
    const auto [mean, scale] = exercise::standard_scaler_fit(X);
    const Matrix Z = exercise::standard_scaler_transform(X, mean, scale);
    ASSERT_EQ(Z.shape(), "(200, 3)");
    const Matrix z_mean = Z.mean(0);
    const Matrix z_sd = ((Z - z_mean) * (Z - z_mean)).mean(0).apply([](Scalar v) { return std::sqrt(v); });
    // What the usual mistakes leave as the columns' standard deviations.
    std::vector<exercise_testing::Mistake> known = transform_mistakes(X, X);
    for (auto& m : known) m.value = ((m.value - m.value.mean(0)) * (m.value - m.value.mean(0))).mean(0).apply(
                              [](Scalar v) { return std::sqrt(v); });
    EXPECT_TRUE(Close(z_mean, Matrix{{0, 0, 0}}, "column means", {}, 0, 1e-4));
    EXPECT_TRUE(Close(z_sd, Matrix{{1, 1, 1}}, "column standard deviations", known, 0, 1e-4));
}

TEST(StandardScaler, TestDataUsesTheTrainingStatistics) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    const Matrix X_test{{3, 10}, {3 + 2 * kSd, 12}};
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(X_test, mean, scale), Matrix{{0, 0}, {2, 2}}, "test data",
                      transform_mistakes(kX, X_test)))
        << "(x - training mean) / training scale";
}

TEST(StandardScaler, MatchesTheLibraryOnTheCirclesOfTheCourse) {
    const neurona::Dataset d = neurona::make_circles(1000, 0.3, 0.07, 0);
    const neurona::Split s = neurona::train_test_split(d.X * 100.0f, d.y, 0.2, 0);
    neurona::StandardScaler sc;
    sc.fit(s.X_train);
    const auto [mean, scale] = exercise::standard_scaler_fit(s.X_train);
    EXPECT_TRUE(Close(mean, sc.mean(), "mean", {}, 1e-4, 1e-4));
    EXPECT_TRUE(Close(scale, sc.scale(), "scale", scale_mistakes(s.X_train), 1e-5));
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(s.X_test, mean, scale), sc.transform(s.X_test),
                      "transformed X_test", transform_mistakes(s.X_train, s.X_test), 1e-4, 1e-5));
}

TEST(StandardScaler, Errors) {
    EXPECT_THROW(exercise::standard_scaler_fit(Matrix(0, 3)), std::invalid_argument) << "no rows";
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    EXPECT_THROW(exercise::standard_scaler_transform(Matrix(2, 3), mean, scale), std::invalid_argument)
        << "3 columns, fitted on 2";
}

}  // namespace
