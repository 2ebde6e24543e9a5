// Exercise 23's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/activations.hpp"
#include "neurona/metrics.hpp"
#include "neurona/random.hpp"

namespace exercise {
using Counts = std::vector<std::vector<std::size_t>>;
std::vector<std::size_t> predicted_classes(const neurona::Matrix& probabilities);
Counts confusion_matrix(const neurona::Matrix& y, const neurona::Matrix& probabilities);
std::vector<double> recall(const Counts& counts);
std::vector<double> precision(const Counts& counts);
double accuracy(const Counts& counts);
}  // namespace exercise

namespace {

using exercise::Counts;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
const Diagnosis kTransposed{"la matriz está traspuesta: las filas deben ser la clase verdadera y las columnas la "
                        "predicha, como en scikit-learn",
                        "the matrix is transposed: rows must be the true class and columns the predicted one, "
                        "as in scikit-learn"};
const Diagnosis kLastOnTies{"en un empate ganó la última columna; argmax elige la primera, como NumPy y "
                        "Matrix::argmax",
                        "on a tie the last column won; argmax picks the first, as NumPy and Matrix::argmax do"};
const Diagnosis kRecallByColumn{"el recall se dividió entre la suma de la columna (las veces que se predijo la "
                            "clase): eso es la precisión; el recall divide entre la suma de la fila",
                            "recall was divided by the column sum (how often the class was predicted): that is "
                            "precision; recall divides by the row sum"};
const Diagnosis kPrecisionByRow{"la precisión se dividió entre la suma de la fila (las muestras de la clase): eso es "
                            "el recall; la precisión divide entre la suma de la columna",
                            "precision was divided by the row sum (the samples of the class): that is recall; "
                            "precision divides by the column sum"};
const Diagnosis kMeanRecall{"la exactitud se calculó como la media de los recall por clase; es la diagonal entre el "
                        "total de muestras",
                        "accuracy was computed as the mean of the per-class recalls; it is the diagonal over "
                        "all the samples"};
const Diagnosis kMeanPrecision{"la exactitud se calculó con las sumas de las columnas (la media de las precisiones); "
                           "es la diagonal entre el total de muestras",
                           "accuracy was computed from the column sums (the mean of the precisions); it is the "
                           "diagonal over all the samples"};


// A confusion matrix as a Matrix, to compare and print; rows of different lengths give a
// (rows, 0) matrix, which matches nothing.
Matrix as_matrix(const Counts& counts) {
    const std::size_t k = counts.size();
    for (const auto& row : counts)
        if (row.size() != k) return Matrix(k, 0);
    Matrix M(k, k);
    for (std::size_t t = 0; t < k; ++t)
        for (std::size_t p = 0; p < k; ++p) M(t, p) = Scalar(counts[t][p]);
    return M;
}

Matrix as_row(const std::vector<double>& v) {
    Matrix M(1, v.size());
    for (std::size_t i = 0; i < v.size(); ++i) M(0, i) = Scalar(v[i]);
    return M;
}

Matrix as_row(const std::vector<std::size_t>& v) {
    Matrix M(1, v.size());
    for (std::size_t i = 0; i < v.size(); ++i) M(0, i) = Scalar(v[i]);
    return M;
}

// Per-class ratios of the diagonal to the row sums (by_row) or to the column sums: recall and
// precision as the test computes them, to name the mistake of dividing by the other one.
std::vector<double> diagonal_over(const Counts& counts, bool by_row) {
    std::vector<double> result(counts.size(), 0);
    for (std::size_t c = 0; c < counts.size(); ++c) {
        std::size_t sum = 0;
        for (std::size_t j = 0; j < counts.size(); ++j) sum += by_row ? counts[c][j] : counts[j][c];
        if (sum > 0) result[c] = double(counts[c][c]) / double(sum);
    }
    return result;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
}

// The argmax with the last maximum winning ties.
std::vector<std::size_t> last_argmax(const Matrix& P) {
    std::vector<std::size_t> result(P.rows(), 0);
    for (std::size_t r = 0; r < P.rows(); ++r)
        for (std::size_t c = 1; c < P.cols(); ++c)
            if (P(r, c) >= P(r, result[r])) result[r] = c;
    return result;
}

Counts counted(const Matrix& y, const std::vector<std::size_t>& predicted, std::size_t k, bool transposed) {
    Counts counts(k, std::vector<std::size_t>(k, 0));
    for (std::size_t i = 0; i < y.rows(); ++i) {
        const auto t = std::size_t(y(i, 0)), p = predicted[i];
        ++(transposed ? counts[p][t] : counts[t][p]);
    }
    return counts;
}

// Three classes, seven samples. The largest probability of each row, in order: class 0, 1, 1,
// 2, 2, 0, 1. True classes: 0, 0, 1, 2, 2, 2, 1. So: class 0 is right once and taken for 1 once;
// class 1 right twice; class 2 right twice and taken for 0 once.
const Matrix kY{{0}, {0}, {1}, {2}, {2}, {2}, {1}};
const Matrix kP{{0.7f, 0.2f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.2f, 0.6f},
                {0.1f, 0.3f, 0.6f},  {0.5f, 0.1f, 0.4f}, {0.25f, 0.5f, 0.25f}};
const Counts kCounts{{1, 1, 0}, {0, 2, 0}, {1, 0, 2}};

TEST(PredictedClasses, TheArgmaxOfEachRow) {
    EXPECT_TRUE(exercise_testing::matches(as_row(exercise::predicted_classes(kP)), Matrix{{0, 1, 1, 2, 2, 0, 1}}));
}

TEST(PredictedClasses, TheFirstMaximumWinsTies) {
    const Matrix tie{{0.4f, 0.4f, 0.2f}, {0.1f, 0.45f, 0.45f}, {1.0f / 3, 1.0f / 3, 1.0f / 3}};
    const std::vector<std::size_t> library = tie.argmax();  // the first on ties
    EXPECT_TRUE(exercise_testing::matches(as_row(exercise::predicted_classes(tie)), as_row(library),
                                          {mistake(as_row(last_argmax(tie)), kLastOnTies)}));
    EXPECT_TRUE(exercise_testing::matches(as_row(library), Matrix{{0, 1, 0}})) << "neurona's Matrix::argmax";
}

TEST(ConfusionMatrix, HandComputed) {
    const Matrix expected = as_matrix(kCounts);
    EXPECT_TRUE(exercise_testing::matches(as_matrix(exercise::confusion_matrix(kY, kP)), expected,
                                          {mistake(expected.T(), kTransposed)}));
}

TEST(ConfusionMatrix, RowsCountTheTrueClassesAndColumnsThePredictedOnes) {
    // 300 samples of 4 classes, unbalanced; predictions from random scores through softmax.
    neurona::Rng rng(3);
    Matrix y(300, 1);
    for (std::size_t i = 0; i < 300; ++i) y(i, 0) = Scalar(i < 150 ? 0 : i < 230 ? 1 : i < 280 ? 2 : 3);
    Matrix Z = rng.normal_matrix(300, 4);
    for (std::size_t i = 0; i < 300; ++i) Z(i, std::size_t(y(i, 0))) += 1.5f;  // mostly right
    const Matrix P = neurona::get_activation("softmax").forward(Z);
    const Counts counts = exercise::confusion_matrix(y, P);
    const Matrix got = as_matrix(counts);
    const Matrix expected = as_matrix(counted(y, P.argmax(), 4, false));
    ASSERT_TRUE(exercise_testing::matches(got, expected, {mistake(as_matrix(counted(y, P.argmax(), 4, true)), kTransposed)}));
    EXPECT_TRUE(exercise_testing::matches(got.sum(1).T(), Matrix{{150, 80, 50, 20}})) << "row sums: samples per class";
}

TEST(ConfusionMatrix, TiesAreCountedForTheFirstClass) {
    const Matrix y{{1}, {2}};
    const Matrix P{{0.4f, 0.4f, 0.2f}, {0.1f, 0.45f, 0.45f}};  // argmax: 0 and 1
    const Matrix expected{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    EXPECT_TRUE(exercise_testing::matches(as_matrix(exercise::confusion_matrix(y, P)), expected,
                                          {mistake(as_matrix(counted(y, last_argmax(P), 3, false)), kLastOnTies),
                                           mistake(expected.T(), kTransposed)}));
}

TEST(Recall, HandComputed) {
    // Rows of kCounts: class 0 is 1 right of 2, class 1 2 of 2, class 2 2 of 3.
    EXPECT_TRUE(exercise_testing::matches(
        as_row(exercise::recall(kCounts)), Matrix{{0.5f, 1, 2.0f / 3}},
        {mistake(as_row(diagonal_over(kCounts, false)), kRecallByColumn)}));
}

TEST(Precision, HandComputed) {
    // Columns of kCounts: predicted 0 twice (1 right), 1 three times (2 right), 2 twice (2 right).
    EXPECT_TRUE(exercise_testing::matches(
        as_row(exercise::precision(kCounts)), Matrix{{0.5f, 2.0f / 3, 1}},
        {mistake(as_row(diagonal_over(kCounts, true)), kPrecisionByRow)}));
}

TEST(Recall, ClassesWithoutSamplesGetZero) {
    const Counts counts{{3, 1, 0}, {0, 0, 0}, {0, 2, 4}};  // no sample of class 1; class 1 predicted 3 times
    EXPECT_TRUE(exercise_testing::matches(as_row(exercise::recall(counts)), Matrix{{0.75f, 0, 4.0f / 6}}))
        << "recall of class 1 is 0 (scikit-learn's zero_division), not NaN";
    EXPECT_TRUE(exercise_testing::matches(as_row(exercise::precision(Counts{{3, 0, 1}, {0, 0, 0}, {0, 0, 4}})),
                                          Matrix{{1, 0, 0.8f}}))
        << "class 1 was never predicted: precision 0, not NaN";
}

// Chapter 3.6's confusion matrix of Fashion-MNIST (quick run): rows T-shirt/top, Trouser,
// Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
const Counts kFashion{{92, 2, 2, 7, 1, 0, 2, 0, 1, 0},   {3, 95, 0, 6, 1, 0, 0, 0, 0, 0},
                      {4, 0, 60, 2, 42, 0, 2, 0, 1, 0},  {5, 2, 0, 79, 4, 0, 2, 0, 1, 0},
                      {0, 0, 13, 8, 94, 0, 0, 0, 0, 0},  {0, 0, 0, 0, 0, 64, 0, 17, 2, 4},
                      {27, 1, 11, 2, 49, 1, 3, 0, 3, 0}, {0, 0, 0, 0, 0, 4, 0, 84, 0, 7},
                      {1, 1, 0, 1, 0, 0, 2, 2, 88, 0},   {0, 0, 0, 0, 0, 0, 0, 7, 0, 88}};

TEST(Recall, IsWhatTheChapterCallsAccuracyPerClass) {
    // What chapter 3.6 prints under "accuracy per class", to 3 decimals.
    const Matrix printed{{0.860f, 0.905f, 0.541f, 0.849f, 0.817f, 0.736f, 0.031f, 0.884f, 0.926f, 0.926f}};
    EXPECT_TRUE(exercise_testing::matches(as_row(exercise::recall(kFashion)), printed,
                                          {mistake(as_row(diagonal_over(kFashion, false)), kRecallByColumn)}, 0,
                                          5e-4));
}

TEST(Precision, OfShirtsInTheChapter) {
    // Only 11 images were called shirts (column Shirt: 2 + 2 + 2 + 3 + 2), 3 of them shirts.
    const std::vector<double> p = exercise::precision(kFashion);
    ASSERT_EQ(p.size(), 10u);
    EXPECT_TRUE(exercise_testing::near(p[6], 3.0 / 11, 1e-9,
                                       {{diagonal_over(kFashion, true)[6], kPrecisionByRow.es, kPrecisionByRow.en}}));
}

TEST(Accuracy, IsTheDiagonalOverAllSamples) {
    // Chapter 3.6's Fashion-MNIST test accuracy in quick mode: 747 of 1,000 on the diagonal.
    const double got = exercise::accuracy(kFashion);
    EXPECT_TRUE(exercise_testing::near(got, 0.747, 1e-9,
                                       {{mean(diagonal_over(kFashion, true)), kMeanRecall.es, kMeanRecall.en},
                                        {mean(diagonal_over(kFashion, false)), kMeanPrecision.es, kMeanPrecision.en}}));
    // kCounts: 5 of 7 right.
    EXPECT_TRUE(exercise_testing::near(exercise::accuracy(kCounts), 5.0 / 7, 1e-9,
                                       {{mean(diagonal_over(kCounts, true)), kMeanRecall.es, kMeanRecall.en},
                                        {mean(diagonal_over(kCounts, false)), kMeanPrecision.es, kMeanPrecision.en}}));
}

TEST(Accuracy, MatchesSparseCategoricalAccuracy) {
    neurona::Rng rng(5);
    Matrix y(200, 1);
    for (std::size_t i = 0; i < 200; ++i) y(i, 0) = Scalar(i % 7 == 0 ? 2 : i % 2);  // class 2 is rare
    Matrix Z = rng.normal_matrix(200, 3);
    for (std::size_t i = 0; i < 200; ++i) Z(i, std::size_t(y(i, 0))) += 1;  // right more often than not
    const Matrix P = neurona::get_activation("softmax").forward(Z);
    const Counts counts = counted(y, P.argmax(), 3, false);
    EXPECT_TRUE(exercise_testing::near(exercise::accuracy(exercise::confusion_matrix(y, P)),
                                       neurona::sparse_categorical_accuracy(y, P), 1e-6,
                                       {{mean(diagonal_over(counts, true)), kMeanRecall.es, kMeanRecall.en},
                                        {mean(diagonal_over(counts, false)), kMeanPrecision.es, kMeanPrecision.en}}));
}

TEST(ConfusionMatrix, RejectsBadLabelsAndShapes) {
    EXPECT_THROW(exercise::confusion_matrix(Matrix{{0}, {3}}, Matrix(2, 3, 0.3f)), std::invalid_argument)
        << "label 3 with 3 classes (0, 1, 2)";
    EXPECT_THROW(exercise::confusion_matrix(Matrix{{0}, {1.5f}}, Matrix(2, 3, 0.3f)), std::invalid_argument)
        << "label 1.5";
    EXPECT_THROW(exercise::confusion_matrix(Matrix{{0}, {-1}}, Matrix(2, 3, 0.3f)), std::invalid_argument)
        << "label -1";
    EXPECT_THROW(exercise::confusion_matrix(Matrix{{0}, {1}, {2}}, Matrix(2, 3, 0.3f)), std::invalid_argument)
        << "3 labels for 2 rows of probabilities";
    EXPECT_THROW(exercise::accuracy(Counts{{0, 0}, {0, 0}}), std::invalid_argument) << "no samples";
}

}  // namespace
